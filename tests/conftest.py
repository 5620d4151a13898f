"""Fixtures: build a site from a dict of files or from tests/sites/<name>/, parse its output.

    def test_x(build_site):
        built = build_site({"content/posts/x.md": page("X")})
        built.html("/posts/x/")          # lxml tree of public/posts/x/index.html
        built.exists("/tags/")           # public/tags/index.html exists
        built.xml("/index.xml")          # lxml.etree root of an XML output
        built.result.exit_code, built.result.output

`build_site(files, *cli_args, ok=True|False|None, use_subprocess=False, config=...)` writes the
files (with a minimal blog.yaml unless one is given), runs `blog build` through click's
CliRunner (or `python -m polyblog` with `use_subprocess=True`) and returns a `Built`.
`ok=True` asserts the build succeeded, `ok=False` that it failed cleanly (non-zero exit, an error
message, no traceback), `ok=None` checks nothing. `build_fixture(name)` copies tests/sites/<name>
into a temp folder first. `site_factory` is the session-scoped object behind both, for
module-scoped fixtures that build once and assert many times.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from sitekit import Built, SiteFactory


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests marked `slow` (100,000-example property runs, limit-sized inputs) run only when
    asked for: `python -m pytest -m slow`."""
    expr = config.option.markexpr or ""
    if "slow" in expr and "not slow" not in expr:
        return
    skip = pytest.mark.skip(reason="slow: run with `python -m pytest -m slow`")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def site_factory(tmp_path_factory: pytest.TempPathFactory) -> SiteFactory:
    return SiteFactory(lambda name: tmp_path_factory.mktemp(name, numbered=True))


@pytest.fixture
def build_site(site_factory: SiteFactory) -> Callable[..., Built]:
    return site_factory.build


@pytest.fixture
def build_fixture(site_factory: SiteFactory) -> Callable[..., Built]:
    return site_factory.fixture


@pytest.fixture
def write_site(tmp_path: Path) -> Callable[..., Path]:
    """Write a dict of files under tmp_path/site (with a default blog.yaml) and return the root."""
    from sitekit import DEFAULT_CONFIG, write_files

    def write(files: dict[str, Any] | None = None, config: str | None = None) -> Path:
        root = tmp_path / "site"
        all_files = dict(files or {})
        all_files.setdefault("blog.yaml", config if config is not None else DEFAULT_CONFIG)
        write_files(root, all_files)
        return root

    return write


@pytest.fixture
def example_site(tmp_path: Path) -> Path:
    """A copy of the example site (the repository root) to edit."""
    from sitekit import copy_example_site

    return copy_example_site(tmp_path / "site")
