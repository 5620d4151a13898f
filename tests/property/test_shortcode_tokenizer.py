"""Property tests: the shortcode tokenizer and the whole shortcode + Markdown render path are total.

* `polyblog.shortcodes.parse.parse(text)` returns a tree or raises `ShortcodeSyntaxError` whose
  `offset` is an int in [0, len(text)]; never any other exception.
* For documents generated from a model of Hugo's syntax (names; quoted, raw, `\"escaped\"`,
  unquoted and typed values; spacing around `=`; self-closing, paired and nested calls; escapes
  with quotes inside), `parse()` returns exactly the modelled arguments, nodes and offsets.
* `polyblog.markup.render_markdown(text, ..., expander)` returns or raises a `BlogError` subclass
  or an `ErrorList` of `ShortcodeError`s (each with a position inside the page's file).

Normal runs use few examples (`SHORTCODE_PROP_EXAMPLES`, default 200). The 100,000-example
variants are marked `slow` and only run when asked for:

    python -m pytest -m slow tests/property/test_shortcode_tokenizer.py
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from polyblog.build import load_site
from polyblog.engine.state import Renderer as EngineRenderer
from polyblog.engine.state import make_env
from polyblog.errors import BlogError, ErrorList, ShortcodeError
from polyblog.markup import highlight_options, render_markdown
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
    " = ",
    "=\u00a0",
    "\\`",
    ".inline ",
    "x.inline",
    "\u000b",
    "+7",
    ".5",
    "0123",
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


# -- a model of calls: parse() must return exactly the modelled arguments and spans -----------
#
# The model follows Hugo 0.111's lexer (see tests/unit/test_shortcode_hugo_lexer.py): quoted
# values keep their backslashes unless they contain `\"` (then none stays), `raw` values are
# verbatim, `\"x\"` is a quoted value too, unquoted values are typed (int64, float, bool), every
# name=value of a call has a space before `=` or none has, any spaces may follow `=`.


@dataclass(frozen=True)
class Arg:
    source: str
    value: object
    closed: bool  # ends with a quote or backtick: the next item may follow without a space


_PLAIN = st.text(
    st.characters(blacklist_characters='"\\\n`', blacklist_categories=("Cs",)),
    min_size=1,
    max_size=6,
)
_BACKSLASHED = st.characters(blacklist_characters='"\\`\n', blacklist_categories=("Cs",)).map(
    lambda c: "\\" + c
)
_DELIMITERS = st.sampled_from([">}}", "%}}", "{{<", "{{%", "*/", "/*"])


@st.composite
def quoted_args(draw: st.DrawFn) -> Arg:
    chunks = draw(st.lists(st.one_of(_PLAIN, _BACKSLASHED, _DELIMITERS, st.just('"')), max_size=5))
    value = "".join(chunks)
    if '"' in chunks:
        value = value.replace("\\", "")
    return Arg('"' + "".join('\\"' if c == '"' else c for c in chunks) + '"', value, True)


@st.composite
def escaped_quote_args(draw: st.DrawFn) -> Arg:
    text = "".join(draw(st.lists(st.one_of(_PLAIN, _BACKSLASHED, _DELIMITERS), max_size=4)))
    return Arg('\\"' + text + '\\"', text, True)


RAW_ARGS = st.text(st.characters(blacklist_characters="`", blacklist_categories=("Cs",))).map(
    lambda text: Arg("`" + text + "`", text, True)
)


def _int_text(n: int, zeros: str, plus: bool) -> str:
    return ("-" if n < 0 else "+" if plus else "") + zeros + str(abs(n))


def _typed_args(named: bool) -> st.SearchStrategy[Arg]:
    """Unquoted values; the named form also allows a leading `+` or `.` (as Hugo's lexer)."""
    ints = st.builds(
        _int_text,
        st.integers(-(2**63), 2**63 - 1),
        st.sampled_from(["", "0", "000"]),
        st.booleans() if named else st.just(False),
    ).map(lambda t: Arg(t, int(t), False))
    float_re = r"[-+]?[0-9]*\.[0-9]{1,8}" if named else r"-?[0-9]{1,8}\.[0-9]{1,8}|-\.[0-9]{1,4}"
    words = r"[A-Za-zé_][A-Za-z0-9é_.-]{0,8}|-[A-Za-z][A-Za-z0-9_-]{0,8}"
    if named:
        words += r"|[a-z][a-z0-9=/:?&.#%\"'-]{0,20}|[0-9]{1,3}e[0-9]{1,3}"
    return st.one_of(
        ints,
        st.integers(2**63, 10**25).map(lambda n: Arg(str(n), str(n), False)),
        st.from_regex(float_re, fullmatch=True).map(lambda t: Arg(t, float(t), False)),
        st.sampled_from(["true", "false"]).map(lambda t: Arg(t, t == "true", False)),
        st.from_regex(words, fullmatch=True)
        .filter(lambda t: t not in ("true", "false"))
        .map(lambda t: Arg(t, t, False)),
    )


QUOTED = st.one_of(quoted_args(), escaped_quote_args(), RAW_ARGS)
POSITIONAL_ARGS = st.one_of(QUOTED, _typed_args(named=False))
NAMED_VALUES = st.one_of(QUOTED, _typed_args(named=True))
KEYS = st.from_regex(r"[A-Za-z0-9_-][A-Za-z0-9_.-]{0,8}", fullmatch=True)
SEPARATORS = st.sampled_from([" ", "  ", "\n", "\t", " \r\n\t"])
AFTER_EQUALS = st.sampled_from(["", " ", "\n", "\u00a0", "\t  "])


@dataclass(frozen=True)
class Tag:
    """An opening tag: its text after the name, and the arguments it must give."""

    body: str
    args: list[object]
    kwargs: dict[str, object]


def _gap(draw: st.DrawFn, touching: bool) -> str:
    return draw(st.sampled_from(["", " "])) if touching else draw(SEPARATORS)


@st.composite
def tag_bodies(draw: st.DrawFn) -> Tag:
    """Positional or named arguments, with the spacing Hugo allows, then the spacing before the
    tag's end (a space after an unquoted named value, which would run on otherwise)."""
    args: list[object] = []
    kwargs: dict[str, object] = {}
    parts: list[str] = []
    last_closed = False
    if draw(st.booleans()):
        for arg in draw(st.lists(POSITIONAL_ARGS, max_size=4)):
            parts.append(_gap(draw, last_closed or arg.source[0] in '"`\\') + arg.source)
            args.append(arg.value)
            last_closed = arg.closed
    else:
        before = draw(st.sampled_from(["", " ", "\n  "]))  # the same for every name=value
        for key, value in draw(st.lists(st.tuples(KEYS, NAMED_VALUES), max_size=4)):
            equals = before + "=" + draw(AFTER_EQUALS)
            parts.append(_gap(draw, last_closed and bool(parts)) + key + equals + value.source)
            kwargs[key] = value.value
            last_closed = value.closed
    end = draw(st.sampled_from(["", " ", "\n"]))
    if parts and not last_closed and kwargs:
        end = end or " "
    return Tag("".join(parts) + end, args, kwargs)


@dataclass(frozen=True)
class Piece:
    """One node of a modelled document: text, an escape, or a call (with inner pieces when
    paired)."""

    kind: str  # "text", "literal", "call"
    text: str = ""
    delim: str = "<"
    name: str = ""
    tag: Tag | None = None
    self_closing: bool = False
    inner: tuple[Piece, ...] | None = None
    closing: str = ""  # the closing tag, for a paired call


TEXTS = st.text(st.characters(blacklist_categories=("Cs",)), max_size=8).filter(
    lambda t: "{{" not in t
)
STANDALONE_NAMES = st.from_regex(r"[a-oé][A-Za-z0-9_/-]{0,6}", fullmatch=True)
DELIMS = st.sampled_from(["<", "%"])
CLOSE = {"<": ">}}", "%": "%}}"}


@st.composite
def literal_pieces(draw: st.DrawFn) -> Piece:
    delim = draw(DELIMS)
    inner = " " + draw(STANDALONE_NAMES) + " " + draw(tag_bodies()).body
    terminator = "*/" + CLOSE[delim]
    assume((inner + terminator).find(terminator) == len(inner))
    return Piece("literal", text=inner, delim=delim)


@st.composite
def call_pieces(draw: st.DrawFn, depth: int) -> Piece:
    delim = draw(DELIMS)
    kind = draw(st.sampled_from(["standalone", "self-closing", "paired"] if depth < 3 else ["x"]))
    if kind != "paired":
        name = draw(STANDALONE_NAMES)
        return Piece(
            "call",
            delim=delim,
            name=name,
            tag=draw(tag_bodies()),
            self_closing=kind == "self-closing",
        )
    name = f"pq{depth}"  # paired names are never the name of a call inside them
    closing = (
        "{{"
        + draw(DELIMS)
        + draw(st.sampled_from(["", " ", "\n"]))
        + "/"
        + draw(st.sampled_from(["", " ", "\n "]))
        + name
        + draw(st.sampled_from(["", " ", "\t "]))
    )
    closing += CLOSE[closing[2]]
    inner = draw(documents(depth + 1))
    return Piece(
        "call", delim=delim, name=name, tag=draw(tag_bodies()), inner=inner, closing=closing
    )


@st.composite
def documents(draw: st.DrawFn, depth: int = 0) -> tuple[Piece, ...]:
    """Text, then any number of (call or escape, text)."""
    pieces = [Piece("text", text=draw(TEXTS))]
    for _ in range(draw(st.integers(0, 3 if depth == 0 else 2))):
        pieces.append(draw(st.one_of(call_pieces(depth), literal_pieces())))
        pieces.append(Piece("text", text=draw(TEXTS)))
    return tuple(pieces)


def render(pieces: tuple[Piece, ...], at: int) -> tuple[str, list[Any]]:
    """The source of `pieces` starting at offset `at`, and the outline parse() must return."""
    source = ""
    expected: list[Any] = []
    for piece in pieces:
        start = at + len(source)
        if piece.kind == "text":
            if piece.text:
                expected.append(("text", piece.text, start))
            source += piece.text
            continue
        close = CLOSE[piece.delim]
        if piece.kind == "literal":
            source += "{{" + piece.delim + "/*" + piece.text + "*/" + close
            text = "{{" + piece.delim + piece.text + close
            expected.append(("literal", text, start, at + len(source)))
            continue
        assert piece.tag is not None
        slash = " /" if piece.self_closing else ""
        source += "{{" + piece.delim + " " + piece.name + " " + piece.tag.body + slash + close
        open_end = at + len(source)
        inner = None
        if piece.inner is not None:
            inner_source, inner_expected = render(piece.inner, open_end)
            source += inner_source
            inner = (open_end, open_end + len(inner_source), inner_expected)
            source += piece.closing
        expected.append(
            (
                "call",
                piece.name,
                piece.delim == "%",
                comparable(piece.tag.args),
                comparable(piece.tag.kwargs),
                start,
                open_end,
                at + len(source),
                piece.self_closing,
                inner,
            )
        )
    return source, expected


def comparable(values: object) -> object:
    """Values with their kind, so that `1`, `1.0` and `True` differ."""
    if isinstance(values, dict):
        return {k: comparable(v) for k, v in values.items()}
    if isinstance(values, list):
        return [comparable(v) for v in values]
    kind = "float" if isinstance(values, float) else type(values).__name__
    return (kind, values)


def outline(nodes: list[Node]) -> list[Any]:
    out: list[Any] = []
    for node in nodes:
        if isinstance(node, Text):
            out.append(("text", node.text, node.start))
        elif isinstance(node, Literal):
            out.append(("literal", node.text, node.start, node.end))
        else:
            inner = None
            if node.inner is not None:
                inner = (node.inner_start, node.inner_end, outline(node.inner))
            out.append(
                (
                    "call",
                    node.name,
                    node.markdown,
                    comparable(node.args),
                    comparable(node.kwargs),
                    node.start,
                    node.open_end,
                    node.end,
                    node.self_closing,
                    inner,
                )
            )
    return out


def check_model(pieces: tuple[Piece, ...]) -> None:
    source, expected = render(pieces, 0)
    assert outline(parse(source)) == expected, source


@examples(EXAMPLES)
@given(documents())
def test_parse_returns_the_modelled_calls(pieces: tuple[Piece, ...]) -> None:
    check_model(pieces)


@pytest.mark.slow
def test_parse_returns_the_modelled_calls_slow() -> None:
    examples(SLOW_EXAMPLES)(given(documents())(check_model))()


@examples(EXAMPLES)
@given(
    st.lists(st.tuples(KEYS, NAMED_VALUES), min_size=2, max_size=4),
    st.lists(st.booleans(), min_size=4, max_size=4),
)
def test_a_space_before_equals_in_some_names_only_is_an_error(
    pairs: list[tuple[str, Arg]], spaced: list[bool]
) -> None:
    """Hugo reads `k =` as a positional value followed by a value: every name=value of a call
    has a space before `=` or none has."""
    spaced = spaced[: len(pairs)]
    assume(any(spaced) and not all(spaced))
    body = " ".join(
        k + (" =" if s else "=") + v.source for (k, v), s in zip(pairs, spaced, strict=True)
    )
    source = "{{< sc " + body + " >}}"
    with pytest.raises(ShortcodeSyntaxError) as info:
        parse(source)
    assert "mixes positional and named" in info.value.message


@examples(EXAMPLES)
@given(st.lists(POSITIONAL_ARGS, min_size=1, max_size=3), KEYS, NAMED_VALUES, st.booleans())
def test_positional_and_named_together_is_an_error(
    args: list[Arg], key: str, value: Arg, named_first: bool
) -> None:
    positional = " ".join(a.source for a in args)
    named = key + "=" + value.source
    body = f"{named} {positional}" if named_first else f"{positional} {named}"
    with pytest.raises(ShortcodeSyntaxError) as info:
        parse("{{< sc " + body + " >}}")
    assert "mixes positional and named" in info.value.message


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
        self.state = EngineRenderer(make_env(root, self.site, []))
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
        except (ShortcodeError, ErrorList) as exc:  # every failing call of the body
            for error in exc.errors if isinstance(exc, ErrorList) else [exc]:
                assert isinstance(error, ShortcodeError)
                pos = error.pos
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
