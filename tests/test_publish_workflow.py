"""The repository's GitHub Pages workflow parses, checks before it builds, and publishes with
the official Pages actions."""

from __future__ import annotations

from typing import Any

import yaml

from sitekit import REPO

WORKFLOW = REPO / ".github" / "workflows" / "publish.yml"


def load() -> dict[Any, Any]:
    data = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def steps(data: dict[Any, Any]) -> list[dict[str, Any]]:
    return [step for job in data["jobs"].values() for step in job["steps"]]


def test_workflow_uses_the_official_pages_actions() -> None:
    data = load()
    uses = [s["uses"].split("@")[0] for s in steps(data) if "uses" in s]
    for action in (
        "actions/configure-pages",
        "actions/upload-pages-artifact",
        "actions/deploy-pages",
    ):
        assert action in uses, uses
    assert uses.index("actions/configure-pages") < uses.index("actions/upload-pages-artifact")
    triggers = data.get("on", data.get(True))  # YAML 1.1 reads a bare `on` as true
    assert "push" in triggers
    assert data["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    assert data["jobs"]["deploy"]["needs"] == "build"


def test_workflow_checks_then_builds_with_the_pages_url() -> None:
    runs = [s["run"] for s in steps(load()) if "run" in s]
    check = next(i for i, r in enumerate(runs) if r.startswith("blog check"))
    build = next(i for i, r in enumerate(runs) if r.startswith("blog build"))
    install = next(i for i, r in enumerate(runs) if "pip install" in r)
    assert install < check < build
    assert '--base-url "$URL"' in runs[build]
    upload = next(s for s in steps(load()) if s.get("uses", "").startswith("actions/upload-pages"))
    assert upload["with"]["path"] == "public"
