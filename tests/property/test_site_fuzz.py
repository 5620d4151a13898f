"""Whole-site fuzz: random small sites (random paths, bytes, front matter, shortcodes, links)
either build or fail with our typed errors (`BlogError`/`ErrorList`: exit 1 with a message, never
a traceback), and never write outside the destination: the folder around it holds only the
destination afterwards, and the site folder is unchanged.

Normal runs build 25 sites; `python -m pytest -m slow tests/property/test_site_fuzz.py` builds
2,000.
"""

from __future__ import annotations

import tempfile
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from polyblog.build import BuildRequest, build
from polyblog.errors import BlogError, ErrorList
from polyblog.site import BuildOptions

NAMES = ["index", "_index", "a", "b", "..", "...", "x y", "é", "%2e%2e", "~", "#n", ".hidden"]
DIRS = ["", "posts/", "posts/b/", "tags/", "tags/t/", "a/b/c/", "static/", "layouts/", "i18n/"]
SUFFIXES = [".md", ".fr.md", ".en.md", ".markdown", ".png", ".txt", ".yaml", ".html"]
FM_VALUES = [
    "x", "", "..", "../../etc", "/../x/", "//evil.example/", "https://evil.example/", "/a/b/",
    "2023-02-30", "2024-01-01", "2024-01-01T10:00:00+25:00", "yesterday", "true", "[1, [2]]",
    "{a: 1}", "!!python/object:os.system x", "&a [*a]", "\"\\0\"", "'{{ 7*7 }}'", "'{% x %}'",
    "'</script>'", "null", "1e999", "-1", "0x10", "[" * 50 + "]" * 50, "é" * 140,
]  # fmt: skip
KEYS = ["title", "slug", "url", "aliases", "date", "draft", "tags", "translationKey",
        "layout", "weight", "summary", "images", "description", "series", "lastmod",
        "expiryDate"]  # fmt: skip
BODY = [
    "text ", "\n", "\n\n", "# h\n", "- ", "> ", "```\n", "{{< ", " >}}", "{{< /", "{{% ", " %}}",
    "figure src=", "article link=", "ref ", "details", "alert", "youtube ", '"', "javascript:x",
    "[l](", "../x)", "<script>", "<!--", "{{ 7*7 }}", "{% if %}", "<!--more-->", "\x00", "\ufeff",
]  # fmt: skip

front = st.dictionaries(st.sampled_from(KEYS), st.sampled_from(FM_VALUES), max_size=5)
body = st.lists(st.one_of(st.sampled_from(BODY), st.text(max_size=6)), max_size=25).map("".join)


@st.composite
def content_file(draw: st.DrawFn) -> bytes:
    kind = draw(st.sampled_from(["yaml", "toml", "json", "none", "bytes"]))
    if kind == "bytes":
        return draw(st.binary(max_size=120))
    pairs = draw(front)
    text = draw(body)
    if kind == "yaml":
        head = "".join(f"{k}: {v}\n" for k, v in pairs.items())
        return f"---\n{head}---\n{text}".encode("utf-8", "surrogatepass")
    if kind == "toml":
        head = "".join(f"{k} = {v!r}\n" for k, v in pairs.items())
        return f"+++\n{head}+++\n{text}".encode("utf-8", "surrogatepass")
    if kind == "json":
        head = ", ".join(f'"{k}": "{v}"' for k, v in pairs.items())
        return ("{" + head + "}\n" + text).encode("utf-8", "surrogatepass")
    return text.encode("utf-8", "surrogatepass")


paths = st.builds(
    lambda d, n, s: ("content/" if d not in {"static/", "layouts/", "i18n/"} else "") + d + n + s,
    st.sampled_from(DIRS),
    st.sampled_from(NAMES),
    st.sampled_from(SUFFIXES),
)
sites = st.dictionaries(paths, content_file(), max_size=6)
configs = st.sampled_from(
    [
        "base_url: https://example.org/\n",
        "base_url: https://example.org/\nlanguages:\n  en: {}\n  fr: {}\n",
        "base_url: https://example.org/blog/\nmarkup: {unsafe_html: false}\n"
        "permalinks: {posts: /:year/:title/}\n",
    ]
)

NOW = datetime(2025, 1, 1, tzinfo=UTC)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() if p.is_file() else b"<dir>"
        for p in sorted(folder.rglob("*"))
        if not p.is_symlink()
    }


def check_site(files: dict[str, bytes], config: str, drafts: bool) -> None:
    with tempfile.TemporaryDirectory(prefix="pb-fuzz-") as tmp:
        root = Path(tmp) / "site"
        outer = Path(tmp) / "out"
        outer.mkdir()
        for rel, data in {"blog.yaml": config.encode(), **files}.items():
            path = root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        before = snapshot(root)
        request = BuildRequest(
            source=root,
            destination=outer / "public",
            options=BuildOptions(drafts=drafts, now=NOW),
            jobs=1,
            cache=False,  # the cache folder is the one other place a build writes (test_hostile)
        )
        try:
            build(request)
            written = ["public"]
        except ErrorList as exc:
            assert exc.errors and all(isinstance(e, BlogError) for e in exc.errors)
            assert all(e.message for e in exc.errors)
            written = []
        except BlogError as exc:
            assert exc.message
            written = []
        assert sorted(p.name for p in outer.iterdir()) == written
        assert sorted(p.name for p in Path(tmp).iterdir()) == ["out", "site"]
        assert snapshot(root) == before


def _examples(n: int) -> settings:
    return settings(
        max_examples=n,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


@_examples(25)
@given(sites, configs, st.booleans())
def test_random_sites_build_or_fail_cleanly(
    files: dict[str, bytes], config: str, drafts: bool
) -> None:
    check_site(files, config, drafts)


@pytest.mark.slow
def test_random_sites_slow() -> None:
    _examples(2_000)(given(sites, configs, st.booleans())(check_site))()
