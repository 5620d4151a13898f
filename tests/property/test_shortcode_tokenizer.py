"""Property tests: the shortcode tokenizer and the whole shortcode + Markdown render path are total.

* `polyblog.shortcodes.parse.parse(text)` returns a tree or raises `ShortcodeSyntaxError` whose
  `offset` is an int in [0, len(text)]; never any other exception.
* `polyblog.markup.render_markdown(text, ..., expander)` returns or raises a `BlogError` subclass
  (with a position inside the page's file when it is a `ShortcodeError`).

Normal runs use few examples (`SHORTCODE_PROP_EXAMPLES`, default 200). The 100,000-example
variants are marked `slow` and only run when asked for:

    python -m pytest -m slow tests/property/test_shortcode_tokenizer.py
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from polyblog.build import _State, load_site
from polyblog.errors import BlogError, ShortcodeError
from polyblog.markup import highlight_options, render_markdown
from polyblog.render.env import template_dirs, theme_dir
from polyblog.shortcodes.expand import Expander
from polyblog.shortcodes.parse import Call, Literal, Node, ShortcodeSyntaxError, Text, parse
from polyblog.site import BuildOptions, PageKey, PageKind

EXAMPLES = int(os.environ.get("SHORTCODE_PROP_EXAMPLES", "200"))
SLOW_EXAMPLES = 100_000

NAMES = [
    "alert",
    "youtube",
    "details",
    "highlight",
    "figure",
    "ref",
    "relref",
    "article",
    "x",
    "tweet",
    "gist",
    "instagram",
    "param",
    "vimeo",
    "box",
    "nope",
    "a/b",
    "",
]

FRAGMENTS = [
    "{{<",
    "{{%",
    ">}}",
    "%}}",
    "/>}}",
    "/%}}",
    "{{</",
    "{{%/",
    "{{</*",
    "{{%/*",
    "*/>}}",
    "*/%}}",
    "/*",
    "*/",
    "{{",
    "}}",
    "{",
    "}",
    "<",
    ">",
    "%",
    "/",
    " ",
    "\n",
    "\r\n",
    "\t",
    '"',
    '\\"',
    "\\",
    "`",
    "=",
    "k=",
    "id=",
    "link=",
    "src=",
    "summary=",
    "1",
    "-3",
    "2.5",
    "9" * 30,
    "true",
    "false",
    "w7Ft2ymGmfc",
    '"w7Ft2ymGmfc"',
    "/posts/p/",
    '"/posts/p/"',
    "#",
    "```",
    "```go\n",
    "    ",
    "> ",
    "- ",
    "## ",
    "[r]",
    "[r]: /x\n",
    "[a](",
    ")",
    "![i](",
    "<!--more-->",
    "<div>",
    "</div>",
    "pbsc",
    "é",
    "日本",
    "\x00",
    "\ufeff",
    "\u2028",
    "*",
    "_",
]

CALLS = st.builds(
    lambda open_, name, args, close: f"{open_} {name}{args} {close}",
    st.sampled_from(["{{<", "{{%", "{{</", "{{< /", "{{%/", "{{</*"]),
    st.sampled_from(NAMES),
    st.lists(
        st.sampled_from(
            [
                " w7Ft2ymGmfc",
                ' "quoted \\" x"',
                " `raw`",
                " 12",
                ' k="v"',
                " id=w7Ft2ymGmfc",
                ' link="/posts/p/"',
                ' src="a.png"',
                " open=true",
                ' summary="s"',
                " user=u",
                " bad=",
                " " + "7" * 4400,  # more digits than int() converts by default
            ]
        ),
        max_size=3,
    ).map("".join),
    st.sampled_from([">}}", "%}}", "/>}}", "*/>}}", "*/%}}", ""]),
)

VALID = [
    "{{< box >}}",
    "{{< /box >}}",
    '{{< box k="v" >}}',
    "{{% box %}}",
    "{{% /box %}}",
    "{{< box />}}",
    "{{% alert %}}",
    "{{% /alert %}}",
    "{{< details >}}",
    "{{< /details >}}",
    "{{< highlight go >}}",
    "{{< /highlight >}}",
    "{{< youtube w7Ft2ymGmfc >}}",
    '{{< ref "/posts/p/" >}}',
    '{{< relref "posts/q.md" >}}',
    '{{< article "/posts/p/" >}}',
    "{{< param flavour >}}",
    "{{</* box */>}}",
    "{{%/* alert */%}}",
]

SOURCES = st.lists(
    st.one_of(
        CALLS,
        st.sampled_from(VALID),
        st.sampled_from(FRAGMENTS),
        st.sampled_from(NAMES),
        st.text(max_size=8),
    ),
    max_size=40,
).map("".join)


def examples(n: int) -> Callable[[Any], Any]:
    return settings(
        max_examples=n,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    )


# -- parse() ----------------------------------------------------------------------------------


def _walk(nodes: list[Node], source: str, lo: int, hi: int) -> None:
    for node in nodes:
        if isinstance(node, Text):
            assert source[node.start : node.start + len(node.text)] == node.text
        elif isinstance(node, Literal):
            assert lo <= node.start < node.end <= hi
        else:
            assert isinstance(node, Call)
            assert lo <= node.start < node.open_end <= node.end <= hi
            if node.inner is not None:
                assert node.open_end == node.inner_start <= node.inner_end <= node.end
                _walk(node.inner, source, node.inner_start, node.inner_end)


def check_parse(source: str) -> None:
    try:
        nodes = parse(source)
    except ShortcodeSyntaxError as exc:
        assert isinstance(exc.offset, int)
        assert 0 <= exc.offset <= len(source), (exc.offset, len(source))
        return
    _walk(nodes, source, 0, len(source))
    # the top level tiles the source
    out = [n.text if isinstance(n, Text) else source[n.start : n.end] for n in nodes]
    assert "".join(out) == source


@examples(EXAMPLES)
@given(SOURCES)
def test_parse_is_total(source: str) -> None:
    check_parse(source)


@examples(EXAMPLES)
@given(st.text(max_size=200))
def test_parse_is_total_on_any_text(source: str) -> None:
    check_parse(source)


@pytest.mark.slow
def test_parse_is_total_slow() -> None:
    examples(SLOW_EXAMPLES)(given(SOURCES)(check_parse))()


# -- the render path --------------------------------------------------------------------------

SITE = {
    "blog.yaml": (
        "title: P\nbase_url: https://example.org/\ndefault_language: en\n"
        "languages:\n  en: {name: English, locale: en_US}\n  fr: {name: Fr, locale: fr_FR}\n"
    ),
    "content/posts/p/index.md": "---\ntitle: P\ndate: 2024-01-01\n---\nText.\n",
    "content/posts/p/index.fr.md": "---\ntitle: P fr\ndate: 2024-01-01\n---\nTexte.\n",
    "content/posts/q.md": "---\ntitle: Q\ndate: 2024-01-02\nflavour: mint\n---\n\nbody\n",
    "layouts/shortcodes/box.html": (
        '<div class="box" data-p="{{ parent.name if parent else "" }}">'
        "{{ args }}{{ kwargs }}{{ inner_html|safe }}</div>\n"
    ),
}


class Renderer:
    def __init__(self, root: Path) -> None:
        for rel, text in SITE.items():
            path = root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        self.site, _ = load_site(root, BuildOptions(), None)
        theme = theme_dir(root, self.site.config.theme)
        assert theme is not None
        self.state = _State(
            site=self.site,
            template_dirs=template_dirs(root, theme),
            i18n_dirs=(theme / "i18n", root / "i18n"),
            live_reload=False,
        )
        self.page = next(
            p
            for p in self.site.pages.values()
            if p.kind is PageKind.PAGE and p.lang == "en" and p.title == "Q"
        )
        assert self.page.source is not None

    def render(self, source: str) -> None:
        page = self.page
        assert page.source is not None
        expander = Expander(
            site=self.site,
            page=page,
            body=source,
            body_line=page.source.body_line,
            templates=self.state.shortcodes(),
            render_fragment=lambda nodes, raw: raw,
            highlight=highlight_options,
        )
        config = self.site.config
        try:
            body = render_markdown(source, "en", config.markup, None, 70, expander)
        except ShortcodeError as exc:
            pos = exc.pos
            assert pos is not None
            assert pos.path == page.source.path
            first = page.source.body_line
            assert first <= pos.line <= first + source.count("\n"), (pos, source)
            assert pos.col >= 1
            return
        except BlogError:
            return
        if "pbsc" not in source:
            assert "pbsc" not in body.html, body.html


@pytest.fixture(scope="module")
def renderer(tmp_path_factory: pytest.TempPathFactory) -> Renderer:
    return Renderer(tmp_path_factory.mktemp("shortcode-props"))


def test_renderer_sanity(renderer: Renderer) -> None:
    """The fixture really expands calls (so the property below exercises the expander)."""
    page = renderer.page
    assert page.source is not None
    expander = Expander(
        site=renderer.site,
        page=page,
        body="",
        body_line=page.source.body_line,
        templates=renderer.state.shortcodes(),
        render_fragment=lambda nodes, raw: raw,
        highlight=highlight_options,
    )
    source = '{{< box k="v" >}}*x*{{< /box >}}\n\n{{< ref "/posts/p/" >}}\n'
    expander.body = source
    out = render_markdown(source, "en", renderer.site.config.markup, None, 70, expander)
    assert '<div class="box"' in out.html and "<em>x</em>" in out.html
    assert "https://example.org/posts/p/" in out.html
    assert PageKey("en:home") in renderer.site.pages


@examples(EXAMPLES)
@given(source=SOURCES)
def test_render_is_total(renderer: Renderer, source: str) -> None:
    renderer.render(source)


@pytest.mark.slow
def test_render_is_total_slow(renderer: Renderer) -> None:
    examples(SLOW_EXAMPLES)(given(SOURCES)(renderer.render))()
