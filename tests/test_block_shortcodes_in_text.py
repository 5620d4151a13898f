"""A block shortcode written inside a sentence gives valid HTML: the paragraph (and any inline
element around the call) is closed before the block and reopened after it. Hugo 0.111.3 inserts
the block inside the paragraph (`<p>Some text <aside>…</aside> more</p>`, checked with the
installed `hugo`), which HTML parsers repair by splitting it anyway, with a stray `</p>`.

Validity is checked with an HTML5 parser (html5lib): no parse error in the page, and the tree
it builds has the block outside every paragraph, the text around it in paragraphs."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import html5lib
import pytest

from polyblog.markup import place_blocks
from sitekit import Built, image_bytes, page

NS = "{http://www.w3.org/1999/xhtml}"
CALLS = {
    "alert": ("{{< alert >}}Careful{{< /alert >}}", "aside"),
    "details": ('{{< details summary="More" >}}Hidden{{< /details >}}', "details"),
    "figure": ('{{< figure src="/img/a.png" caption="A figure" >}}', "figure"),
    "admonition": ('{{< admonition tip "A tip" >}}Tip text{{< /admonition >}}', "details"),
}


def parse(data: bytes) -> tuple[Any, list[str]]:
    parser = html5lib.HTMLParser(namespaceHTMLElements=True)
    tree = parser.parse(data)
    return tree, [f"{code} {info}" for _pos, code, info in parser.errors]


def block_of(tree: Any, tag: str) -> tuple[Any, Any]:
    """The shortcode's element in the page's article, with its parent."""
    parents = {child: parent for parent in tree.iter() for child in parent}
    for element in tree.iter(NS + tag):
        if "Careful" in "".join(element.itertext()) or element.get("class", "").startswith("sc-"):
            return element, parents[element]
        if tag == "figure":
            return element, parents[element]
    raise AssertionError(f"no <{tag}> in the page")


@pytest.mark.parametrize("name", sorted(CALLS))
@pytest.mark.parametrize(
    "sentence",
    [
        "Some text {call} more *text* here.",
        "*Emphasised {call} still emphasised*",
        "> Quoted text {call} quoted.",
        "{call} then text.",
        "Text first {call}",
    ],
)
def test_a_block_shortcode_in_a_sentence_is_valid_html(
    build_site: Callable[..., Built], name: str, sentence: str
) -> None:
    call, tag = CALLS[name]
    files = {
        "content/posts/x.md": page("X", "Intro.\n\n" + sentence.format(call=call) + "\n"),
        "static/img/a.png": image_bytes(),
    }
    built = build_site(files)
    tree, errors = parse(built.read("/posts/x/"))
    assert errors == []
    element, parent = block_of(tree, tag)
    assert parent.tag not in {NS + "p", NS + "em"}
    ancestors = {a for a in tree.iter() if element in a.iter() and a is not element}
    assert not any(a.tag in {NS + "p", NS + "em"} for a in ancestors)
    words = sentence.replace("{call}", "|").replace("*", "").lstrip("> ").split("|")
    for piece in (w.strip() for w in words):
        if piece:
            holders = [p for p in tree.iter(NS + "p") if piece in "".join(p.itertext())]
            assert holders, f"{piece!r} is not in a paragraph"


def test_inline_shortcodes_stay_in_the_sentence(build_site: Callable[..., Built]) -> None:
    files = {
        "content/posts/x.md": page("X", "Press {{< keyword >}}Ctrl{{< /keyword >}} now.\n"),
    }
    tree, errors = parse(build_site(files).read("/posts/x/"))
    assert errors == []
    paragraphs = [p for p in tree.iter(NS + "p") if "Press" in "".join(p.itertext())]
    assert len(paragraphs) == 1 and "now." in "".join(paragraphs[0].itertext())


KEY = "pbsc00000000n0e"
ASIDE = "<aside>X</aside>"


@pytest.mark.parametrize(
    ("rendered", "expected"),
    [
        (f"<p>a {KEY} b</p>\n", f"<p>a </p>{ASIDE}<p> b</p>\n"),
        (f"<p><em>a {KEY} b</em></p>", f"<p><em>a </em></p>{ASIDE}<p><em> b</em></p>"),
        (f"<p>{KEY} b</p>", f"{ASIDE}<p> b</p>"),
        (f"<p>a {KEY}</p>", f"<p>a </p>{ASIDE}"),
        (f'<h2 id="t">a {KEY} b</h2>', f'<h2 id="t">a </h2>{ASIDE}<h2> b</h2>'),
        (f"<ul>\n<li>a {KEY}</li>\n</ul>", f"<ul>\n<li>a {ASIDE}</li>\n</ul>"),
        (f"<p><img src=x>{KEY}</p>", f"<p><img src=x></p>{ASIDE}"),
        (f"<p><script>a<b</script> {KEY} c</p>", f"<p><script>a<b</script> </p>{ASIDE}<p> c</p>"),
    ],
)
def test_place_blocks(rendered: str, expected: str) -> None:
    assert place_blocks(rendered, {KEY: ASIDE}) == expected
    _tree, errors = parse(f"<!DOCTYPE html><title>t</title>{expected}".encode())
    assert errors == []
