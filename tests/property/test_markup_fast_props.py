"""Random Markdown (blocks nested in quotes and lists, inline markup, references, footnotes,
tables, raw HTML, odd characters): `markup_fast` gives markdown-it-py's tokens, env and HTML,
or leaves the text to markdown-it-py. Never a third answer.

Normal runs try 300 documents; `python -m pytest -m slow tests/property/test_markup_fast_props.py`
tries 100,000.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mdkit import compare
from polyblog import markup_fast
from polyblog.config import MarkupConfig
from polyblog.markup import parser

pytestmark = pytest.mark.skipif(not markup_fast.available(), reason="markdown-it-pyrs missing")

INLINE = [
    "word", "two words", "*em*", "**strong**", "_u_", "__uu__", "***both***", "~~del~~",
    "`code`", "``co`de``", "[link](/a)", '[t](/a "title")', "[ref][r1]", "[r1]",
    "![img](i.png)", "![alt *x*](i.png 'T')", "<http://x.y/z>", "<a@b.c>", "<span>", "</span>",
    "<b>x</b>", "&amp;", "&copy;", "&#123;", "\\*", "\\\\", "\\[", "[^1]", "[^n]", "é", "日本語",
    "ü*", "*ä*", "a_b_c", "x*y*z", "(", ")", "[", "]", "!", "<", ">", "{", "}", "{.cls}",
    "pbsc1234abcdn0e", "  ", "\t", "--", "http://bare.url", ":smile:", "$x$", "|", "\\|", "~",
    "^", "'", '"', "%", "#", "1.", "-", "+", "€", "→",
]  # fmt: skip
SPACE = ["", " ", " ", "\n"]
inline = st.lists(
    st.tuples(st.sampled_from(INLINE), st.sampled_from(SPACE)), min_size=1, max_size=8
).map(lambda parts: "".join(a + b for a, b in parts).strip(" "))
LEAVES = [
    st.builds(lambda n, t, e: "#" * n + " " + t + e, st.integers(1, 7), inline,
              st.sampled_from(["", " {#id}", " #"])),
    st.builds(lambda i, t: f"```{i}\n{t}\n```", st.sampled_from(["", "python", "js x"]), inline),
    inline.map(lambda t: "    code " + t),
    st.sampled_from(["---", "***", "___", "- - -", "=====", "-----"]),
    st.builds(lambda t, u: f"{t}\n{u}", inline, st.sampled_from(["===", "---"])),
    st.builds(lambda a, rows: f"| a | b |\n|{a}|\n" + "\n".join(f"| {r} | x |" for r in rows),
              st.sampled_from(["---|---", ":--|--:", ":-:|---"]),
              st.lists(inline.map(lambda t: t.replace("\n", " ")), max_size=3)),
    inline.map(lambda t: f"<div>\n{t}\n</div>"),
    st.sampled_from(["[r1]: /ref1", "[r1]: /ref1 'T'", "[R1]: <a b>", "[^1]: note",
                     "[^n]: other\n\n    more"]),
    inline.map(lambda t: f"Term\n: {t}"),
    inline,
]  # fmt: skip


def _quote(text: str) -> str:
    return "\n".join("> " + line if line else ">" for line in text.split("\n"))


def _items(marker: str, items: list[str], sep: str) -> str:
    pad = " " * len(marker)
    out = []
    for text in items:
        lines = text.split("\n")
        out.append(marker + lines[0] + "".join("\n" + (pad + ln if ln else "") for ln in lines[1:]))
    return sep.join(out)


def blocks(leaf: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    many = st.lists(leaf, min_size=1, max_size=3).map("\n\n".join)
    markers = st.sampled_from(["- ", "* ", "+ ", "1. ", "2) ", "- [ ] ", "- [x] ", "10. "])
    return st.one_of(
        many.map(_quote),
        st.builds(_items, markers, st.lists(many, min_size=1, max_size=3),
                  st.sampled_from(["\n", "\n\n"])),
    )  # fmt: skip


block = st.recursive(st.one_of(LEAVES), blocks, max_leaves=6)


@st.composite
def documents(draw: st.DrawFn) -> str:
    text = draw(st.sampled_from(["\n\n", "\n"])).join(draw(st.lists(block, min_size=1, max_size=6)))
    for _ in range(draw(st.integers(0, 4))):  # a few stray characters
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(st.sampled_from(list("*_[]()!<>`\\\n #>-|:~^{}&"))) + text[at:]
    return text + draw(st.sampled_from(["", "\n"]))


MDS = [parser(True, False), parser(False, False), parser(True, False, False, MarkupConfig().math)]


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(documents())
def test_random_markdown_parses_identically_or_falls_back(text: str) -> None:
    for md in MDS:
        compare(md, text)


@pytest.mark.slow
@settings(max_examples=100_000, deadline=None, suppress_health_check=list(HealthCheck))
@given(documents())
def test_random_markdown_parses_identically_or_falls_back_slow(text: str) -> None:
    for md in MDS:
        compare(md, text)
