"""Property tests: the URL/path normaliser. Whatever `url`, `slug` and `aliases` say, a page's
path is a clean site path the output writer accepts, or a ContentError naming the file; and the
writer (`output.safe_target`) never returns a path outside its root.

Normal runs use a few hundred examples; the 100,000-example variants are marked `slow`:

    python -m pytest -m slow tests/property/test_paths_props.py
"""

from __future__ import annotations

import tempfile
from dataclasses import replace
from pathlib import Path, PurePosixPath

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from polyblog.config import load_config
from polyblog.content import load_content
from polyblog.errors import BlogError, ContentError
from polyblog.output import safe_target
from polyblog.site.paths import PathRules
from polyblog.urls import MAX_SEGMENT_BYTES, has_dot_segments, output_file

SLOW = 100_000

PIECES = ["/", "//", ".", "..", "../", "/..", "\\", "%2e", "%2F", "%", ":", "://", "http", "~",
          "é", "日本", " ", "\t", "\n", "\x00", "\x7f", "a", "b", "-", "_", "#", "?", "&", "'",
          "index.html", ".md", "C:", "a" * 200, "é" * 130]  # fmt: skip

values = st.one_of(
    st.text(max_size=40),
    st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=4)), max_size=14).map("".join),
)

_TMP = tempfile.TemporaryDirectory(prefix="pb-paths-")
_ROOT = Path(_TMP.name)
(_ROOT / "content" / "posts").mkdir(parents=True)
(_ROOT / "blog.yaml").write_text(
    "base_url: https://example.org/\nlanguages:\n  en: {}\n  fr: {}\n"
    "permalinks:\n  notes: /:year/:slug/\n"
)
(_ROOT / "content" / "posts" / "x.fr.md").write_text("---\ntitle: X\ndate: 2024-01-01\n---\n")
_CONFIG = load_config(_ROOT)
(_SRC,) = load_content(_CONFIG).pages
_RULES = PathRules(_CONFIG)


def _writable(path: str) -> None:
    """The writer accepts the page's file and it lands inside the destination."""
    assert path.startswith("/")
    assert not has_dot_segments(path) and "\\" not in path
    rel = output_file(path)
    assert all(len(seg.encode()) <= MAX_SEGMENT_BYTES for seg in rel.split("/"))
    target = safe_target(_ROOT / "public", rel, "x")
    assert target.is_relative_to(_ROOT / "public")


def check_page_path(url: str | None, slug: str | None, aliases: list[str], notes: bool) -> None:
    src = replace(
        _SRC,
        url=url,
        slug=slug,
        aliases=tuple(aliases),
        bundle_dir="notes/x" if notes else _SRC.bundle_dir,
        key_lines={"url": 2, "slug": 3, "aliases": 4},
    )
    try:
        path = _RULES.page(src)
    except ContentError as exc:
        assert exc.pos is not None and exc.pos.path == src.path and exc.pos.line in {0, 2, 3, 4}
        return
    _writable(path)
    for alias in aliases:
        try:
            out = _RULES.alias(alias, src, path)
        except ContentError as exc:
            assert exc.pos is not None and exc.pos.path == src.path
            continue
        _writable(out)


def check_safe_target(rel: str) -> None:
    root = _ROOT / "dest"
    try:
        target = safe_target(root, rel, "x")
    except BlogError:
        return
    assert target.is_relative_to(root)
    assert ".." not in PurePosixPath(target.relative_to(root)).parts


page_args = (st.none() | values, st.none() | values, st.lists(values, max_size=3), st.booleans())


def _examples(n: int) -> settings:
    return settings(max_examples=n, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@_examples(400)
@given(*page_args)
def test_page_paths_are_clean_and_writable(
    url: str | None, slug: str | None, aliases: list[str], notes: bool
) -> None:
    check_page_path(url, slug, aliases, notes)


@_examples(400)
@given(values)
def test_safe_target_stays_inside(rel: str) -> None:
    check_safe_target(rel)


@pytest.mark.slow
def test_page_paths_slow() -> None:
    _examples(SLOW)(given(*page_args)(check_page_path))()


@pytest.mark.slow
def test_safe_target_slow() -> None:
    _examples(SLOW)(given(values)(check_safe_target))()
