"""The release workflow: a version tag builds once, tests the built wheel, publishes to PyPI by
trusted publishing and attaches the files to a GitHub release with the changelog's notes.
Every workflow validates against GitHub's schema (check-jsonschema's vendored copy)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from sitekit import REPO

WORKFLOWS = REPO / ".github" / "workflows"
RELEASE = WORKFLOWS / "release.yml"
CHANGELOG = REPO / "CHANGELOG.md"


def load() -> dict[Any, Any]:
    data = yaml.safe_load(RELEASE.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def uses(job: dict[str, Any]) -> list[str]:
    return [step["uses"].split("@")[0] for step in job["steps"] if "uses" in step]


def runs(job: dict[str, Any]) -> str:
    return "\n".join(step["run"] for step in job["steps"] if "run" in step)


def test_a_version_tag_and_nothing_else_starts_a_release() -> None:
    data = load()
    triggers = data.get("on", data.get(True))  # YAML 1.1 reads a bare `on` as true
    assert triggers == {"push": {"tags": ["v[0-9]*"]}}
    assert data["permissions"] == {"contents": "read"}  # each job asks for more itself


def test_build_makes_the_sdist_and_wheel_from_the_full_history() -> None:
    build = load()["jobs"]["build"]
    checkout = next(s for s in build["steps"] if s.get("uses", "").startswith("actions/checkout"))
    assert checkout["with"]["fetch-depth"] == 0  # the tag must be there for the version
    assert "python -m build" in runs(build)
    assert 'dist/polyblog-$version.tar.gz"' in runs(build)
    assert "actions/upload-artifact" in uses(build)


def test_the_tests_run_against_the_built_wheel_before_publishing() -> None:
    jobs = load()["jobs"]
    test = jobs["test"]
    assert test["needs"] == "build"
    assert "actions/download-artifact" in uses(test)
    script = runs(test)
    assert re.search(r'pip install "\$\(ls dist/\*\.whl\)\[test\]"', script)
    assert "python -m pytest" in script
    assert "3.11" in test["strategy"]["matrix"]["python-version"]  # requires-python's floor


def test_publish_uses_trusted_publishing_in_the_pypi_environment() -> None:
    jobs = load()["jobs"]
    publish = jobs["publish"]
    assert set(publish["needs"]) == {"build", "test"}
    assert publish["environment"]["name"] == "pypi"
    assert publish["permissions"] == {"id-token": "write"}
    step = next(s for s in publish["steps"] if s.get("uses", "").startswith("pypa/"))
    assert step["uses"].startswith("pypa/gh-action-pypi-publish@")
    assert not {"password", "user"} & set(step.get("with", {}))  # no token: OIDC
    # only this job may mint an OIDC token
    for name, job in jobs.items():
        if name != "publish":
            assert "id-token" not in job.get("permissions", {}), name


def test_the_github_release_gets_the_files_after_pypi() -> None:
    release = load()["jobs"]["github-release"]
    assert release["needs"] == "publish"
    assert release["permissions"] == {"contents": "write"}
    script = runs(release)
    assert script.startswith('gh release create "$GITHUB_REF_NAME" dist/*')
    assert "--notes-file release-notes.md" in script


def _notes_step() -> str:
    build = load()["jobs"]["build"]
    step = next(s for s in build["steps"] if s.get("name", "").startswith("The changelog"))
    return str(step["run"])


@pytest.mark.skipif(shutil.which("awk") is None or shutil.which("bash") is None, reason="awk")
def test_release_notes_are_the_versions_changelog_section(tmp_path: Path) -> None:
    text = CHANGELOG.read_text(encoding="utf-8")
    released = text.replace("## [Unreleased]", "## [Unreleased]\n\n## [0.1.0] - 2026-12-04", 1)
    (tmp_path / "CHANGELOG.md").write_text(released, encoding="utf-8")
    script = _notes_step()
    env = {"PATH": "/usr/bin:/bin", "GITHUB_REF_NAME": "v0.1.0"}
    subprocess.run(["bash", "-ec", script], cwd=tmp_path, env=env, check=True)
    notes = (tmp_path / "release-notes.md").read_text(encoding="utf-8")
    body = text.split("## [Unreleased]", 1)[1]
    assert notes.strip() == body.strip()
    assert "### Added" in notes

    env["GITHUB_REF_NAME"] = "v9.9.9"  # no section for it: the release stops here
    done = subprocess.run(["bash", "-ec", script], cwd=tmp_path, env=env, capture_output=True)
    assert done.returncode == 1
    assert b"no '## [9.9.9]' section" in done.stdout


def test_the_changelog_follows_keep_a_changelog() -> None:
    text = CHANGELOG.read_text(encoding="utf-8")
    assert "keepachangelog.com" in text
    assert "\n## [Unreleased]\n" in text
    kinds = set(re.findall(r"^### (.+)$", text, flags=re.M))
    assert kinds and kinds <= {"Added", "Changed", "Deprecated", "Removed", "Fixed", "Security"}
    versions = re.findall(r"^## \[(.+?)\]", text, flags=re.M)
    assert versions[0] == "Unreleased"
    for version in versions[1:]:
        assert re.fullmatch(r"\d+\.\d+\.\d+", version), version


def test_every_workflow_validates_against_githubs_schema() -> None:
    pytest.importorskip("check_jsonschema", reason="the test extra check-jsonschema")
    files = sorted(str(path) for path in WORKFLOWS.glob("*.yml"))
    assert str(RELEASE) in files
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "check_jsonschema",
            "--builtin-schema",
            "vendor.github-workflows",
            *files,
        ],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr
