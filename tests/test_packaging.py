"""polyblog as a package: `python -m build` makes an sdist and a wheel that hold the default
theme and take their version from the git tag; the wheel, installed into a fresh venv, builds a
site with the theme's stylesheet.

The build runs on a copy of this checkout (its tracked and new files) with its own git history
and a `v1.2.3` tag, so the repository is never written to or tagged. It needs the `build`
package (the test extra) and git; from an unpacked sdist (no git checkout) it is skipped.
"""

from __future__ import annotations

import os
import shutil
import site
import subprocess
import sys
import tarfile
import tomllib
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import lxml.html
import pytest

from sitekit import REPO, page, write_files

TAG = "v1.2.3"
VERSION = "1.2.3"
THEME = REPO / "src" / "polyblog" / "themes" / "default"
# the parts of the theme a site uses: templates, stylesheet, UI strings, icons, the shortcode
# library, archetypes
THEME_PARTS = (
    "templates/base.html",
    "static/css/",
    "i18n/en.yaml",
    "shortcodes/icons/",
    "shortcodes/lib/",
    "archetypes/default.md",
    "static/js/vendor/mermaid/mermaid.min.js",
)
SDIST_FILES = (
    "pyproject.toml",
    "LICENSE",
    "README.md",
    "CHANGELOG.md",
    "docs/installing.md",
    "tests/conftest.py",
    "tests/sitekit.py",
    "tests/test_packaging.py",
    "src/polyblog/py.typed",
    "src/polyblog/serve/livereload.js",
)


def _git(*args: str, cwd: Path) -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.org",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.org",
    }
    done = subprocess.run(
        ["git", *args], cwd=cwd, env=env, capture_output=True, text=True, check=True
    )
    return done.stdout


def _clean_env() -> dict[str, str]:
    """The environment without this checkout's sources on the path."""
    return {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "VIRTUAL_ENV"}}


def _checkout_files() -> list[str]:
    if shutil.which("git") is None:
        pytest.skip("needs git")
    try:
        top = _git("rev-parse", "--show-toplevel", cwd=REPO).strip()
    except subprocess.CalledProcessError:
        top = ""
    if not top or Path(top).resolve() != REPO:
        pytest.skip("not a git checkout (an unpacked sdist): nothing to build from")
    listed = _git("ls-files", "-z", "--cached", "--others", "--exclude-standard", cwd=REPO)
    return [rel for rel in listed.split("\0") if rel]


@dataclass(frozen=True)
class Dist:
    sdist: Path
    wheel: Path
    work: Path


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Dist:
    pytest.importorskip("build", reason="needs the `build` package (pip install -e '.[test]')")
    work = tmp_path_factory.mktemp("packaging")
    copy = work / "polyblog"
    for rel in _checkout_files():
        source = REPO / rel
        if not (source.exists() or source.is_symlink()):
            continue  # deleted in the working tree
        target = copy / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target, follow_symlinks=False)
    _git("init", "-q", cwd=copy)
    _git("add", "-A", cwd=copy)
    _git("commit", "-q", "-m", "release", cwd=copy)
    _git("tag", TAG, cwd=copy)
    out = work / "dist"
    done = subprocess.run(
        [sys.executable, "-m", "build", "--outdir", str(out), str(copy)],
        env=_clean_env(),
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    (sdist,) = out.glob("*.tar.gz")
    (wheel,) = out.glob("*.whl")
    return Dist(sdist=sdist, wheel=wheel, work=work)


def _theme_files() -> list[str]:
    return sorted(
        path.relative_to(THEME).as_posix()
        for path in THEME.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    )


def test_the_version_comes_from_the_git_tag(dist: Dist) -> None:
    assert dist.wheel.name == f"polyblog-{VERSION}-py3-none-any.whl"
    assert dist.sdist.name == f"polyblog-{VERSION}.tar.gz"
    with zipfile.ZipFile(dist.wheel) as wheel:
        metadata = wheel.read(f"polyblog-{VERSION}.dist-info/METADATA").decode()
    assert f"\nVersion: {VERSION}\n" in metadata


def test_the_wheel_holds_the_theme_and_package_data(dist: Dist) -> None:
    with zipfile.ZipFile(dist.wheel) as wheel:
        names = set(wheel.namelist())
        entry_points = wheel.read(f"polyblog-{VERSION}.dist-info/entry_points.txt").decode()
    theme = _theme_files()
    for part in THEME_PARTS:
        assert any(part in rel for rel in theme), part
    missing = [rel for rel in theme if f"polyblog/themes/default/{rel}" not in names]
    assert missing == []
    for rel in ("polyblog/py.typed", "polyblog/serve/livereload.js", "polyblog/__main__.py"):
        assert rel in names
    assert f"polyblog-{VERSION}.dist-info/licenses/LICENSE" in names
    vendored = "src/polyblog/themes/default/static/js/vendor/mermaid/LICENSE"
    assert f"polyblog-{VERSION}.dist-info/licenses/{vendored}" in names
    assert "blog = polyblog.cli:entry" in entry_points
    assert not any(name.startswith("tests/") for name in names)


def test_the_sdist_holds_the_sources_tests_and_docs(dist: Dist) -> None:
    with tarfile.open(dist.sdist) as sdist:
        names = {name.split("/", 1)[1] for name in sdist.getnames() if "/" in name}
        pkg_info = sdist.extractfile(f"polyblog-{VERSION}/PKG-INFO")
        assert pkg_info is not None
        metadata = pkg_info.read().decode()
    assert f"\nVersion: {VERSION}\n" in metadata
    for rel in SDIST_FILES:
        assert rel in names, rel
    missing = [rel for rel in _theme_files() if f"src/polyblog/themes/default/{rel}" not in names]
    assert missing == []
    # the workflows are there too: tests check them
    assert ".github/workflows/release.yml" in names


@pytest.fixture(scope="module")
def venv(dist: Dist) -> Iterator[Path]:
    """A fresh venv with the wheel installed (dependencies seen from the running Python, also
    when that one runs in a virtual environment itself: `--system-site-packages` would give
    the base interpreter's packages then)."""
    root = dist.work / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(root)], check=True, env=_clean_env())
    python = root / "bin" / "python"
    own = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
        check=True,
        capture_output=True,
        text=True,
        env=_clean_env(),
    ).stdout.strip()
    # the running Python's package folders, after the venv's own (no .pth files of theirs run
    # there: this checkout's editable install stays out)
    outer = [path for path in site.getsitepackages() if Path(path).is_dir()]
    Path(own, "_outer_packages.pth").write_text("".join(f"{path}\n" for path in outer))
    done = subprocess.run(
        [str(python), "-m", "pip", "install", "--no-deps", "--no-index", "-q", str(dist.wheel)],
        env=_clean_env(),
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    yield root


def test_the_installed_wheel_builds_a_site_with_the_theme(venv: Path, tmp_path: Path) -> None:
    python = venv / "bin" / "python"
    where = subprocess.run(
        [
            str(python),
            "-c",
            "import polyblog; print(polyblog.__file__); print(polyblog.__version__)",
        ],
        env=_clean_env(),
        capture_output=True,
        text=True,
        check=True,
        cwd=tmp_path,
    ).stdout.split("\n")
    assert Path(where[0]).is_relative_to(venv), where  # the wheel's copy, not this checkout
    assert where[1] == VERSION

    site = tmp_path / "site"
    write_files(
        site,
        {
            "blog.yaml": "title: Packaged\nbase_url: https://example.org/\n",
            "content/posts/hello.md": page(
                "Hello", "Built by the installed wheel.", date="2024-05-01"
            ),
        },
    )
    blog = venv / "bin" / "blog"
    version = subprocess.run(
        [str(blog), "--version"], env=_clean_env(), capture_output=True, text=True, check=True
    )
    assert VERSION in version.stdout
    done = subprocess.run(
        [str(blog), "build", "--source", str(site)],
        env=_clean_env(),
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    public = site / "public"
    home = lxml.html.fromstring((public / "index.html").read_bytes())
    sheets = home.xpath("//link[@rel='stylesheet']/@href")
    assert sheets, "the theme's base template links a stylesheet"
    for href in sheets:
        css = public / str(href).split("?")[0].lstrip("/")
        assert css.is_file() and b"{" in css.read_bytes(), href
    post = lxml.html.fromstring((public / "posts/hello/index.html").read_bytes())
    assert post.xpath("string(//h1)").strip() == "Hello"


def test_pyproject_declares_the_build_and_a_fallback_version() -> None:
    data = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    requires = " ".join(data["build-system"]["requires"])
    assert "setuptools-scm" in requires
    assert data["project"]["dynamic"] == ["version"]
    assert "version" not in data["project"]
    assert data["tool"]["setuptools_scm"]["fallback_version"]
    assert any(dep.startswith("build") for dep in data["project"]["optional-dependencies"]["test"])
