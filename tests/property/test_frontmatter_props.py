"""Property tests: the front-matter splitter and parser return or raise ContentError, never
anything else, and the body they return is where they say it is.

The 100,000-example variant is marked `slow`: `python -m pytest -m slow tests/property`."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from polyblog.config import load_config
from polyblog.content import load_content
from polyblog.content.discover import read_text
from polyblog.content.frontmatter import parse, split
from polyblog.errors import BlogError, ContentError

P = "content/x.md"

FRAGMENTS = [
    "---",
    "+++",
    "---\n",
    "+++\n",
    "\n",
    "{",
    "}",
    "[",
    "]",
    ":",
    "=",
    '"',
    "'",
    ",",
    " ",
    "\t",
    "title",
    "date",
    "tags",
    "draft",
    "2023-02-30",
    "2024-03-05T10:00:00+01:00",
    "true",
    "null",
    "&a",
    "*a",
    "!!python/object:os.system",
    "!!binary",
    "- ",
    "#",
    "<!--more-->",
    "é",
    "日本",
    '"title": 1',
    "title = 1",
    "[[x]]",
    "\ufeff",
    "\x00",
    "\\",
    "0x",
    "1e999",
    "~",
    "? ",
]

texts = st.one_of(
    st.text(max_size=200),
    st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=8)), max_size=40).map("".join),
)


def _fm_text(draw_fm: str, fence: str) -> str:
    return f"{fence}\n{draw_fm}\n{fence}\nbody\n"


fenced = st.builds(_fm_text, texts, st.sampled_from(["---", "+++"]))
json_like = texts.map(lambda t: "{" + t)


def check_split_and_parse(text: str) -> None:
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    try:
        sp = split(text, P)
    except ContentError as exc:
        assert exc.pos is not None and exc.pos.path == P
        return
    assert sp.format in {"", "yaml", "toml", "json"}
    assert text.endswith(sp.body)
    assert sp.body_line == text[: len(text) - len(sp.body)].count("\n") + 1
    try:
        data, lines = parse(sp, P)
    except ContentError as exc:
        assert exc.pos is not None and exc.pos.path == P
        return
    assert isinstance(data, dict)
    for line in lines.values():
        assert 1 <= line <= text.count("\n") + 1


@settings(max_examples=300, deadline=None)
@given(st.one_of(texts, fenced, json_like))
def test_split_and_parse_return_or_raise_content_error(text: str) -> None:
    check_split_and_parse(text)


@pytest.mark.slow
def test_split_and_parse_slow() -> None:
    settings(max_examples=100_000, deadline=None, suppress_health_check=[HealthCheck.too_slow])(
        given(st.one_of(texts, fenced, json_like))(check_split_and_parse)
    )()


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.binary(max_size=200), texts.map(lambda t: t.encode("utf-8", "surrogatepass"))))
def test_read_text_returns_normalised_text_or_content_error(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        file = Path(tmp) / "x.md"
        file.write_bytes(data)
        try:
            text = read_text(file, P)
        except ContentError as exc:
            assert exc.pos is not None and exc.pos.path == P
            return
    assert "\r" not in text
    assert not text.startswith("\ufeff")


_SITE = tempfile.TemporaryDirectory(prefix="pb-prop-")
_ROOT = Path(_SITE.name)
(_ROOT / "blog.yaml").write_text("base_url: https://example.org/\nlanguages:\n  en: {}\n  fr: {}\n")
(_ROOT / "content").mkdir(exist_ok=True)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(fenced, texts, json_like).map(lambda t: t.encode("utf-8", "surrogatepass")))
def test_loading_any_content_file_collects_errors_never_crashes(data: bytes) -> None:
    (_ROOT / "content" / "x.fr.md").write_bytes(data)
    config = load_config(_ROOT)
    result = load_content(config)  # must not raise: errors are collected per file
    for exc in result.errors:
        assert isinstance(exc, BlogError)
        assert exc.pos is not None and exc.pos.path == "content/x.fr.md"
    assert len(result.pages) + len(result.errors) == 1
