"""The shortcode tokenizer against Hugo 0.111.3: cases ported from Hugo's own tests (inputs and
expectations only) and cases run with the installed `hugo` 0.111.3.

Comments name the source: `TestShortcodeLexer "case"` is parser/pageparser/
pageparser_shortcode_test.go, `TestItemValTyped` is parser/pageparser/item_test.go, the other
`Test…` names are in hugolib/shortcode_test.go. "hugo 0.111.3" marks a case run with a shortcode
template printing `{{ printf "%#v" .Params }}`, with Hugo's output in the comment.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from polyblog.shortcodes.parse import (
    Call,
    HugoFloat,
    Literal,
    Node,
    ShortcodeSyntaxError,
    Text,
    go_float,
    parse,
    typed,
)
from sitekit import Built, page


def shape(nodes: list[Node]) -> list[Any]:
    """A comparable outline: text, literal text, or (name, markdown, params, inner, self_closing)
    where params is the list of positional or the dict of named values."""
    out: list[Any] = []
    for node in nodes:
        if isinstance(node, Text):
            out.append(node.text)
        elif isinstance(node, Literal):
            out.append(("literal", node.text))
        else:
            params: object = node.kwargs if node.kwargs else node.args
            inner = None if node.inner is None else shape(node.inner)
            out.append((node.name, node.markdown, params, inner, node.self_closing))
    return out


def sc(
    name: str,
    params: object = (),
    inner: list[Any] | None = None,
    md: bool = False,
    closed: bool = False,
) -> tuple[Any, ...]:
    """The outline of one call (`closed`: self-closing)."""
    return (name, md, list(params) if isinstance(params, tuple) else params, inner, closed)


def outline(source: str) -> list[Any]:
    return shape(parse(source))


def error_at(source: str) -> ShortcodeSyntaxError:
    with pytest.raises(ShortcodeSyntaxError) as info:
        parse(source)
    assert 0 <= info.value.offset <= len(source)
    return info.value


# -- TestShortcodeLexer: inputs that lex ------------------------------------------------------

LEXES = [
    # TestShortcodeLexer "no markup"
    ("{{< sc1 >}}", [sc("sc1")]),
    # TestShortcodeLexer "with EOL"
    ("{{< sc1 \n >}}", [sc("sc1")]),
    # TestShortcodeLexer "forward slash inside name"
    ("{{< sc/sub >}}", [sc("sc/sub")]),
    # TestShortcodeLexer "simple with markup"
    ("{{% sc1 %}}", [sc("sc1", md=True)]),
    # TestShortcodeLexer "with spaces"
    ("{{<     sc1     >}}", [sc("sc1")]),
    # TestShortcodeLexer "indented on new line" (the indentation stays text)
    ("Hello\n    {{% sc1 %}}", ["Hello\n    ", sc("sc1", md=True)]),
    # TestShortcodeLexer "inner, markup"
    ("{{% sc1 %}} inner {{% /sc1 %}}", [sc("sc1", inner=[" inner "], md=True)]),
    # TestShortcodeLexer "float param, positional"
    ("{{< sc1 3.14 >}}", [sc("sc1", (3.14,))]),
    # TestShortcodeLexer "float param, named"
    ("{{< sc1 param1=3.14 >}}", [sc("sc1", {"param1": 3.14})]),
    # TestShortcodeLexer "named param, raw string"
    ("{{< sc1 param1=`Hello World` >}}", [sc("sc1", {"param1": "Hello World"})]),
    # TestShortcodeLexer "float param, named, space before"
    ("{{< sc1 param1= 3.14 >}}", [sc("sc1", {"param1": 3.14})]),
    # TestShortcodeLexer "Youtube id"
    ("{{< sc1 -ziL-Q_456igdO-4 >}}", [sc("sc1", ("-ziL-Q_456igdO-4",))]),
    # TestShortcodeLexer "non-alphanumerics param quoted"
    ('{{< sc1 "-ziL-.%QigdO-4" >}}', [sc("sc1", ("-ziL-.%QigdO-4",))]),
    # TestShortcodeLexer "raw string"
    ("{{< sc1`Hello World` >}}", [sc("sc1", ("Hello World",))]),
    # TestShortcodeLexer "raw string with newline"
    ("{{< sc1`Hello \n\tWorld` >}}", [sc("sc1", ("Hello \n\tWorld",))]),
    # TestShortcodeLexer "raw string with escape character"
    ("{{< sc1`Hello \\b World` >}}", [sc("sc1", ("Hello \\b World",))]),
    # TestShortcodeLexer "two params"
    ("{{< sc1 param1   param2 >}}", [sc("sc1", ("param1", "param2"))]),
    # TestShortcodeLexer "self-closing"
    ("{{< sc1 />}}", [sc("sc1", closed=True)]),
    # TestShortcodeLexer "multiple self-closing"
    ("{{< sc1 />}}{{< sc1 />}}", [sc("sc1", closed=True), sc("sc1", closed=True)]),
    # TestShortcodeLexer "self-closing with param"
    ("{{< sc1 param1 />}}", [sc("sc1", ("param1",), closed=True)]),
    # TestShortcodeLexer "multiple self-closing with param"
    (
        "{{< sc1 param1 />}}{{< sc1 param1 />}}",
        [sc("sc1", ("param1",), closed=True), sc("sc1", ("param1",), closed=True)],
    ),
    # TestShortcodeLexer "multiple different self-closing with param"
    (
        "{{< sc1 param1 />}}{{< sc2 param1 />}}",
        [sc("sc1", ("param1",), closed=True), sc("sc2", ("param1",), closed=True)],
    ),
    # TestShortcodeLexer "nested simple" (sc2 has no closing tag: standalone inside sc1)
    ("{{< sc1 >}}{{< sc2 >}}{{< /sc1 >}}", [sc("sc1", inner=[sc("sc2")])]),
    # TestShortcodeLexer "nested complex"
    (
        "{{< sc1 >}}ab{{% sc2 param1 %}}cd{{< sc3 >}}ef{{< /sc3 >}}gh{{% /sc2 %}}ij{{< /sc1 >}}kl",
        [
            sc(
                "sc1",
                inner=[
                    "ab",
                    sc("sc2", ("param1",), ["cd", sc("sc3", inner=["ef"]), "gh"], md=True),
                    "ij",
                ],
            ),
            "kl",
        ],
    ),
    # TestShortcodeLexer "two quoted params"
    ('{{< sc1 "param nr. 1" "param nr. 2" >}}', [sc("sc1", ("param nr. 1", "param nr. 2"))]),
    # TestShortcodeLexer "two named params"
    (
        '{{< sc1 param1="Hello World" param2="p2Val">}}',
        [sc("sc1", {"param1": "Hello World", "param2": "p2Val"})],
    ),
    # TestShortcodeLexer "escaped quotes"
    ('{{< sc1 param1=\\"Hello World\\"  >}}', [sc("sc1", {"param1": "Hello World"})]),
    # TestShortcodeLexer "escaped quotes, positional param"
    ('{{< sc1 \\"param1\\"  >}}', [sc("sc1", ("param1",))]),
    # TestShortcodeLexer "escaped quotes inside nonescaped quotes"
    (
        '{{< sc1 param1="Hello \\"escaped\\" World"  >}}',
        [sc("sc1", {"param1": 'Hello "escaped" World'})],
    ),
    # TestShortcodeLexer "escaped quotes inside nonescaped quotes in positional param"
    ('{{< sc1 "Hello \\"escaped\\" World"  >}}', [sc("sc1", ('Hello "escaped" World',))]),
    # TestShortcodeLexer "two raw string params"
    ("{{< sc1`Hello World``Second Param` >}}", [sc("sc1", ("Hello World", "Second Param"))]),
    # TestShortcodeLexer "commented out"
    ("{{</* sc1 */>}}", [("literal", "{{< sc1 >}}")]),
    # TestShortcodeLexer "commented out, with asterisk inside"
    ('{{</* sc1 "**/*.pdf" */>}}', [("literal", '{{< sc1 "**/*.pdf" >}}')]),
    # TestShortcodeLexer "basic inline"
    ("{{< sc1.inline >}}Hello World{{< /sc1.inline >}}", [sc("sc1.inline", inner=["Hello World"])]),
    # TestShortcodeLexer "basic inline with space"
    (
        "{{< sc1.inline >}}Hello World{{< / sc1.inline >}}",
        [sc("sc1.inline", inner=["Hello World"])],
    ),
    # TestShortcodeLexer "inline self closing"
    (
        "{{< sc1.inline >}}Hello World{{< /sc1.inline >}}Hello World{{< sc1.inline />}}",
        [
            sc("sc1.inline", inner=["Hello World"]),
            "Hello World",
            sc("sc1.inline", closed=True),
        ],
    ),
    # TestShortcodeLexer "inline with template syntax"
    (
        "{{< sc1.inline >}}{{ .Get 0 }}{{ .Get 1 }}{{< /sc1.inline >}}",
        [sc("sc1.inline", inner=["{{ .Get 0 }}{{ .Get 1 }}"])],
    ),
]


@pytest.mark.parametrize(("source", "expected"), LEXES, ids=[c[0][:50] for c in LEXES])
def test_hugo_lexer_cases_that_lex(source: str, expected: list[Any]) -> None:
    assert outline(source) == expected


# -- TestShortcodeLexer: inputs Hugo rejects --------------------------------------------------

REJECTS = [
    # (input, substring at the error offset)
    # TestShortcodeLexer "mismatched rightDelim"
    ("{{< sc1 %}}", "%}}"),
    # TestShortcodeLexer "close, but no open"
    ("{{< /sc1 >}}", "{{< /sc1"),
    # TestShortcodeLexer "close wrong"
    ("{{< sc1 >}}{{< /another >}}", "{{< /another"),
    # TestShortcodeLexer "close, but no open, more"
    ("{{< sc1 >}}{{< /sc1 >}}{{< /another >}}", "{{< /another"),
    # TestShortcodeLexer "close with extra keyword"
    ("{{< sc1 >}}{{< /sc1 keyword>}}", "keyword"),
    # TestShortcodeLexer "escaped quotes inside escaped quotes" (Hugo: "got positional
    # parameter 'escaped'. Cannot mix named and positional parameters")
    ('{{< sc1 param1=\\"Hello \\"escaped\\" World\\"  >}}', "escaped\\"),
    # TestShortcodeLexer "escaped raw string, named param"
    ("{{< sc1 param1=\\`Hello World\\` >}}", "\\`Hello"),
    # TestShortcodeLexer "escaped raw string, positional param"
    ("{{< sc1 param1 \\`Hello World\\` >}}", "\\`Hello"),
    # TestShortcodeLexer "unterminated quote"
    ('{{< sc1 param2="Hello World>}}', '"Hello'),
    # TestShortcodeLexer "unterminated raw string"
    ("{{< sc1`Hello World >}}", "`Hello"),
    # TestShortcodeLexer "unterminated raw string in second argument"
    ("{{< sc1`Hello World``Second Param >}}", "`Second"),
    # TestShortcodeLexer "one named param, one not"
    ('{{< sc1 param1="Hello World" p2 >}}', "p2"),
    # TestShortcodeLexer "one named param, one quoted positional param, both raw strings"
    ("{{< sc1 param1=`Hello World``Second Param` >}}", "`Second"),
    # TestShortcodeLexer "one named param, one quoted positional param"
    ('{{< sc1 param1="Hello World" "And Universe" >}}', '"And'),
    # TestShortcodeLexer "one quoted positional param, one named param"
    ('{{< sc1 "param1" param2="And Universe" >}}', "param2"),
    # TestShortcodeLexer "ono positional param, one not"
    ('{{< sc1 param1 param2="Hello World">}}', "param2"),
    # TestShortcodeLexer "commented out, missing close"
    ("{{</* sc1 >}}", "{{</*"),
    # TestShortcodeLexer "commented out, misplaced close"
    ("{{</* sc1 >}}*/", "{{</*"),
    # TestShortcodeLexer "inline with nested shortcode (not supported)"
    ("{{< sc1.inline >}}Hello World{{< sc1 >}}{{< /sc1.inline >}}", "{{< sc1 >}}"),
    # TestShortcodeLexer "inline case mismatch"
    ("{{< sc1.Inline >}}Hello World{{< /sc1.Inline >}}", ".Inline"),
]


@pytest.mark.parametrize(("source", "at"), REJECTS, ids=[c[0][:50] for c in REJECTS])
def test_hugo_lexer_cases_that_fail(source: str, at: str) -> None:
    assert error_at(source).offset == source.index(at)


def test_mixing_errors_say_so() -> None:
    # TestShortcodeLexer "one quoted positional param, one named param"
    assert "mixes positional and named" in error_at('{{< sc1 "p" q="v" >}}').message


# -- TestItemValTyped and typed values --------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        # TestItemValTyped
        ("3.14", 3.14),
        (".14", 0.14),
        ("314", 314),
        ("314x", "314x"),
        ("314 ", "314 "),
        ("true", True),
        ("false", False),
        ("falsex", "falsex"),
        ("xfalse", "xfalse"),
        ("truex", "truex"),
        ("xtrue", "xtrue"),
        # hugo 0.111.3: {{< p 0123 1582772722240999425 9223372036854775808 >}}
        #   -> []interface {}{123, 1582772722240999425, "9223372036854775808"}
        ("0123", 123),
        ("1582772722240999425", 1582772722240999425),
        ("9223372036854775808", "9223372036854775808"),
        # hugo 0.111.3: k=9223372036854775807 m=-9223372036854775808 n=-9223372036854775809
        ("9223372036854775807", 9223372036854775807),
        ("-9223372036854775808", -9223372036854775808),
        ("-9223372036854775809", "-9223372036854775809"),
        # hugo 0.111.3: k=00000000000000000000000000001 -> 1
        ("0" * 28 + "1", 1),
        # hugo 0.111.3: a=0123 b=+7 c=.5 d=1e3 e=-.5 f=1. -> 123, 7, 0.5, "1e3", -0.5, "1."
        ("+7", 7),
        (".5", 0.5),
        ("1e3", "1e3"),
        ("-.5", -0.5),
        ("1.", "1."),
        # hugo 0.111.3: {{< p TRUE True >}} -> "TRUE", "True"
        ("TRUE", "TRUE"),
        ("True", "True"),
        # hugo 0.111.3: {{< p k=٣ >}} -> "٣" (only ASCII digits make numbers)
        ("٣", "٣"),
        # hugo 0.111.3: a float with 400 digits is out of range -> the text
        ("1" * 400 + ".5", "1" * 400 + ".5"),
    ],
)
def test_typed_values(text: str, value: object) -> None:
    result = typed(text)
    assert result == value
    assert type(result) is (HugoFloat if isinstance(value, float) else type(value))


def test_quoted_values_are_never_typed() -> None:
    # TestItemValTyped (isString: true) and TestShortcodeParams "types string"
    call = outline('{{< hello "true" trues "33" "3.14" >}}')
    assert call == [sc("hello", ("true", "trues", "33", "3.14"))]


@pytest.mark.parametrize(
    ("text", "printed"),
    [
        # hugo 0.111.3: k=0.1 l=100000.0 m=1000000.0 n=0.0001 o=0.00001 p=123456.7
        #   q=1234567.0 r=-0.0 g=123456789.5 h=1.0
        ("0.1", "0.1"),
        ("100000.0", "100000"),
        ("1000000.0", "1e+06"),
        ("0.0001", "0.0001"),
        ("0.00001", "1e-05"),
        ("123456.7", "123456.7"),
        ("1234567.0", "1.234567e+06"),
        ("-0.0", "-0"),
        ("123456789.5", "1.234567895e+08"),
        ("1.0", "1"),
        # hugo 0.111.3: 555555555555555555555555555555.0, -0.00001234, 0.30000000000000004
        ("555555555555555555555555555555.0", "5.555555555555555e+29"),
        ("-0.00001234", "-1.234e-05"),
        ("0.30000000000000004", "0.30000000000000004"),
    ],
)
def test_floats_print_as_hugo_prints_them(text: str, printed: str) -> None:
    value = typed(text)
    assert isinstance(value, HugoFloat)
    assert str(value) == printed == go_float(float(text))
    assert f"{value}" == printed


def test_go_float_prints_infinities_and_nan_as_go() -> None:
    assert [go_float(x) for x in (float("inf"), -float("inf"), float("nan"))] == [
        "+Inf",
        "-Inf",
        "NaN",
    ]


# -- hugolib/shortcode_test.go ----------------------------------------------------------------

EXTRACTS = [
    # TestExtractShortcodes "one shortcode, no markup"
    ("{{< tag >}}", [sc("tag")]),
    # TestExtractShortcodes "one shortcode, markup"
    ("{{% tag %}}", [sc("tag", md=True)]),
    # TestExtractShortcodes "outer shortcode markup"
    ("{{% inner %}}{{< tag >}}{{% /inner %}}", [sc("inner", inner=[sc("tag")], md=True)]),
    # TestExtractShortcodes "inner shortcode markup"
    ("{{< inner >}}{{% tag %}}{{< /inner >}}", [sc("inner", inner=[sc("tag", md=True)])]),
    # TestExtractShortcodes "one pos param"
    ("{{% tag param1 %}}", [sc("tag", ("param1",), md=True)]),
    # TestExtractShortcodes "two pos params"
    ("{{< tag param1 param2>}}", [sc("tag", ("param1", "param2"))]),
    # TestExtractShortcodes "one named param"
    ('{{% tag param1="value" %}}', [sc("tag", {"param1": "value"}, md=True)]),
    # TestExtractShortcodes "two named params"
    (
        '{{< tag param1="value1" param2="value2" >}}',
        [sc("tag", {"param1": "value1", "param2": "value2"})],
    ),
    # TestExtractShortcodes "inner"
    ("{{< inner >}}Inner Content{{< / inner >}}", [sc("inner", inner=["Inner Content"])]),
    # TestExtractShortcodes "inner self-closing"
    ("{{< inner />}}", [sc("inner", closed=True)]),
    # TestExtractShortcodes "nested inner"
    (
        "{{< inner >}}Inner Content->{{% inner2 param1 %}}inner2txt{{% /inner2 %}}"
        "Inner close->{{< / inner >}}",
        [
            sc(
                "inner",
                inner=[
                    "Inner Content->",
                    sc("inner2", ("param1",), ["inner2txt"], md=True),
                    "Inner close->",
                ],
            )
        ],
    ),
    # TestExtractShortcodes "nested, nested inner"
    (
        "{{< inner >}}inner2->{{% inner2 param1 %}}inner2txt->inner3{{< inner3>}}inner3txt"
        "{{</ inner3 >}}{{% /inner2 %}}final close->{{< / inner >}}",
        [
            sc(
                "inner",
                inner=[
                    "inner2->",
                    sc(
                        "inner2",
                        ("param1",),
                        ["inner2txt->inner3", sc("inner3", inner=["inner3txt"])],
                        md=True,
                    ),
                    "final close->",
                ],
            )
        ],
    ),
    # TestExtractShortcodes "closed without content"
    ("{{< inner param1 >}}{{< / inner >}}", [sc("inner", ("param1",), [])]),
    # TestExtractShortcodes "inline"
    ("{{< my.inline >}}Hi{{< /my.inline >}}", [sc("my.inline", inner=["Hi"])]),
    # TestShortcodeParams "types positional"
    ("{{< hello true false 33 3.14 >}}", [sc("hello", (True, False, 33, 3.14))]),
    # TestShortcodeParams "types named"
    (
        "{{< hello b1=true b2=false i1=33 f1=3.14 >}}",
        [sc("hello", {"b1": True, "b2": False, "i1": 33, "f1": 3.14})],
    ),
    # TestShortcodeParams "escaped quoute"
    ('{{< hello "hello \\"world\\"." >}}', [sc("hello", ('hello "world".',))]),
    # TestShortcodeParamEscapedQuote
    (
        '{{< figure src="/media/spf13.jpg" title="Steve \\"Francia\\"." >}}',
        [sc("figure", {"src": "/media/spf13.jpg", "title": 'Steve "Francia".'})],
    ),
    # TestShortcodeInnerShouldBeEmptyWhenNotClosed
    (
        '{{< sc "self-closing" />}}\n\nText.\n\n{{< sc "closing-no-newline" >}}{{< /sc >}}',
        [
            sc("sc", ("self-closing",), closed=True),
            "\n\nText.\n\n",
            sc("sc", ("closing-no-newline",), []),
        ],
    ),
    # TestShortcodeNamespaced
    (
        "hello: {{< hello >}} test/hello: {{< test/hello >}}",
        ["hello: ", sc("hello"), " test/hello: ", sc("test/hello")],
    ),
    # TestInlineShortcodes (part of its page)
    (
        'NEW INLINE:  {{< n1.inline "5" >}}W1: {{ seq (.Get 0) }}{{< /n1.inline >}}:END:\n'
        "INLINE IN INNER: {{< outer >}}{{< n2.inline >}}W2: {{ seq 4 }}{{< /n2.inline >}}"
        "{{< /outer >}}:END:\n"
        'REUSED INLINE IN INNER: {{< outer >}}{{< n1.inline "3" />}}{{< /outer >}}:END:',
        [
            "NEW INLINE:  ",
            sc("n1.inline", ("5",), ["W1: {{ seq (.Get 0) }}"]),
            ":END:\nINLINE IN INNER: ",
            sc("outer", inner=[sc("n2.inline", inner=["W2: {{ seq 4 }}"])]),
            ":END:\nREUSED INLINE IN INNER: ",
            sc("outer", inner=[sc("n1.inline", ("3",), closed=True)]),
            ":END:",
        ],
    ),
]


@pytest.mark.parametrize(("source", "expected"), EXTRACTS, ids=[c[0][:50] for c in EXTRACTS])
def test_hugolib_shortcode_cases(source: str, expected: list[Any]) -> None:
    assert outline(source) == expected


# -- cases run with hugo 0.111.3 --------------------------------------------------------------

HUGO_ACCEPTS = [
    # space after `=`: {{< p param= 3.14 >}} -> map{"param":3.14}
    ("{{< p param= 3.14 >}}", {"param": 3.14}),
    # space before `=`: {{< p param = "x" >}} -> map{"param":"x"}
    ('{{< p param = "x" >}}', {"param": "x"}),
    # {{< p a = 1 b = 2 >}} -> map{"a":1, "b":2}
    ("{{< p a = 1 b = 2 >}}", {"a": 1, "b": 2}),
    # a newline after `=` is a space too
    ("{{< p a=\n  1 >}}", {"a": 1}),
    # bare values run to the next space: url=https://x.org/a?b=c&d=e
    ("{{< p url=https://x.org/a?b=c&d=e >}}", {"url": "https://x.org/a?b=c&d=e"}),
    # {{< p k=a==b >}} -> "a==b"; {{< p a==1 >}} -> map{"a":"=1"}
    ("{{< p k=a==b >}}", {"k": "a==b"}),
    ("{{< p a==1 >}}", {"a": "=1"}),
    # {{< p k=a"b >}} -> map{"k":"a\"b"}
    ('{{< p k=a"b >}}', {"k": 'a"b'}),
    # {{< p k=v>}} l=2 >}} -> map{"k":"v>}}", "l":2}: an unquoted value ends only at a space
    ("{{< p k=v>}} l=2 >}}", {"k": "v>}}", "l": 2}),
    # {{< p k=v\x >}} -> "v\\x"
    ("{{< p k=v\\x >}}", {"k": "v\\x"}),
    # {{< p "C:\path\to" >}} -> "C:\\path\\to": backslashes stay, `\t` is no tab
    ('{{< p "C:\\path\\to" >}}', ["C:\\path\\to"]),
    # {{< p "a \"b\" C:\path" >}} -> "a \"b\" C:path": with an escaped quote, no backslash stays
    ('{{< p "a \\"b\\" C:\\path" >}}', ['a "b" C:path']),
    # {{< p "a\\\"b" >}} -> "a\"b"
    ('{{< p "a\\\\\\"b" >}}', ['a"b']),
    # {{< p k=\"Hello\" >}} -> map{"k":"Hello"}; {{< p \"Hello\" >}} -> {"Hello"}
    ('{{< p k=\\"Hello\\" >}}', {"k": "Hello"}),
    ('{{< p \\"Hello\\" >}}', ["Hello"]),
    # {{< p k=\abc"def" >}} -> "def"
    ('{{< p k=\\abc"def" >}}', {"k": "def"}),
    # {{< p `raw\nline \t` >}} -> "raw\nline \\t"; {{< p k=`a\nb` >}}
    ("{{< p `raw\nline \\t` >}}", ["raw\nline \\t"]),
    ("{{< p k=`a\nb` >}}", {"k": "a\nb"}),
    # {{< p "a\rb" >}} -> "a\rb"
    ('{{< p "a\rb" >}}', ["a\rb"]),
    # {{< p "a"b >}} and {{< p a"b" >}} -> {"a", "b"}; {{< p `a``b` >}} -> {"a", "b"}
    ('{{< p "a"b >}}', ["a", "b"]),
    ('{{< p a"b" >}}', ["a", "b"]),
    ("{{< p `a``b` >}}", ["a", "b"]),
    # {{< p -5 -.5x 5.5.5 a.b >}} -> {-5, "-.5x", "5.5.5", "a.b"}
    ("{{< p -5 -.5x 5.5.5 a.b >}}", [-5, "-.5x", "5.5.5", "a.b"]),
    # {{< p -.5 - -- 1-2 >}} -> {-0.5, "-", "--", "1-2"}
    ("{{< p -.5 - -- 1-2 >}}", [-0.5, "-", "--", "1-2"]),
    # {{< p "" `` >}} -> {"", ""}; {{< p k=`` >}}, {{< p k="" >}} -> ""
    ('{{< p "" `` >}}', ["", ""]),
    ("{{< p k=`` >}}", {"k": ""}),
    ('{{< p k="" >}}', {"k": ""}),
    # {{< p "my key" = 1 >}} -> map{"my key":1}
    ('{{< p "my key" = 1 >}}', {"my key": 1}),
    # {{< p \x >}} -> {"x"}: a backslash before anything but a quote is skipped
    ("{{< p \\x >}}", ["x"]),
    # {{< p 1e3 >}} -> {"1e3"}
    ("{{< p 1e3 >}}", ["1e3"]),
    # {{< p k=\u00a0v >}} -> "v": any Unicode space may follow `=`
    ("{{< p k=\u00a0v >}}", {"k": "v"}),
    # {{< p =v >}} -> []string(nil) and {{< p k="a" ="b" >}} -> map{"k":"a"}: a value without a
    # name before it is dropped
    ("{{< p =v >}}", []),
    ('{{< p k="a" ="b" >}}', {"k": "a"}),
    # {{< p \>}} -> []string(nil)
    ("{{< p \\>}}", []),
]


@pytest.mark.parametrize(("source", "params"), HUGO_ACCEPTS, ids=[c[0] for c in HUGO_ACCEPTS])
def test_hugo_accepts(source: str, params: object) -> None:
    (call,) = parse(source)
    assert isinstance(call, Call)
    assert (call.kwargs if isinstance(params, dict) else call.args) == params
    assert not (call.args if isinstance(params, dict) else call.kwargs)
    assert call.end == len(source)


HUGO_REJECTS = [
    # (input, substring at our error offset); each fails the hugo 0.111.3 build
    # "unrecognized character in shortcode action: U+002B '+'"
    ("{{< p +7 >}}", "+7"),
    # "... U+002E '.'"
    ("{{< p .5 >}}", ".5"),
    # "... U+003A ':'": a positional unquoted value is letters, digits, `_`, `-` and `.`
    ("{{< p https://x.org >}}", "://"),
    # "got named parameter 'q'. Cannot mix named and positional parameters"
    ('{{< p param ="x" q= y >}}', "q="),
    # "got positional parameter 'b'"
    ("{{< p a=1 b = 2 >}}", "b ="),
    # "got named parameter 'b'"
    ("{{< p a = 1 b=2 >}}", "b=2"),
    # "invalid param type map[string]interface {} ... expected a map"
    ("{{< p a b = 1 >}}", "b ="),
    # "invalid param type []interface {} ... expected a slice"
    ("{{< p a = 1 b >}}", "b >}}"),
    # "unterminated quoted string in shortcode parameter-argument: 'a\n'"
    ('{{< p "a\nb" >}}', '"a'),
    # "unterminated quoted string": `\\` is no escape, so `\\"` is an escaped quote
    ('{{< p "a\\\\" >}}', '"a'),
    # "unrecognized escape character"
    ('{{< p "a\\`b" >}}', "\\`"),
    # "got positional parameter 'after'": the unquoted value ran into `>}}`
    ("{{< p k=v>}} after", ">}}"),
    # "unclosed shortcode action"
    ("{{< p k= >}}", ">}}"),
    # "got positional parameter 'b'" (the escaped form ends at the plain quote)
    ('{{< p k=\\"a"b >}}', "b >}}"),
    # "unrecognized character ... U+00A0", "... U+000B": only space, tab and line ends separate
    ("{{< p k=v\u00a0w >}}", "\u00a0"),
    ("{{< p\u000b1 >}}", "\u000b"),
    # "comment must be closed"
    ("A {{</*/>}} B", "{{</*"),
    # "got closing shortcode, but none is open"
    ("A {{< /* p */ >}} B", "/*"),
    # "unclosed shortcode": a closing tag ends on its line
    ("{{< pi >}}x{{< /pi\n>}}", "\n"),
    # "unclosed shortcode action" (hugo reads `v/>}}` as the value)
    ("{{< pi k=v/>}}", "/>}}"),
    # "period in shortcode name only allowed for inline identifiers"
    ("{{< p.x >}}", ".x"),
    # "inline shortcodes do not support nesting" (the name must be followed by a space)
    ("{{< p.inline >}}x{{</p.inline>}}", "{{</p"),
    ("{{< p.inline >}}x{{< /p.inline>}}", "{{< /p"),
    # "shortcode has no name"
    ("{{< >}}", ">}}"),
    # "unrecognized character ... U+002D '-'", "... U+0022 '\"'"
    ("{{< -p >}}", "-p"),
    ('{{< "p" >}}', '"p'),
    # "unrecognized character ... U+007B '{'"
    ("{{< p 1 {{< p 2 >}}", "{{< p 1"),
]


@pytest.mark.parametrize(("source", "at"), HUGO_REJECTS, ids=[c[0] for c in HUGO_REJECTS])
def test_hugo_rejects(source: str, at: str) -> None:
    assert error_at(source).offset == source.index(at)


def test_mixed_spacing_around_equals_explains_itself() -> None:
    assert "space before '='" in error_at("{{< p a=1 b = 2 >}}").message
    assert "'k=' has no value" in error_at("{{< p k= >}}").message
    assert "runs into >}}" in error_at("{{< p k=v>}} after").message


HUGO_SHAPES = [
    # hugo 0.111.3 prints `A {{< p “**/*.pdf” >}} B` (its Markdown makes the quotes curly)
    ('A {{</* p "**/*.pdf" */>}} B', ["A ", ("literal", '{{< p "**/*.pdf" >}}'), " B"]),
    # the first `*/>}}` ends the escape, even inside quotes: `A {{< p “a >}}” */>}} B`
    ('A {{</* p "a */>}}" */>}} B', ["A ", ("literal", '{{< p "a >}}'), '" */>}} B']),
    # `A {{<p>}} B`, `A {{% p %}} B`, `A {{<>}} B`, `A {{% p */>}} B %}}`
    ("A {{</*p*/>}} B", ["A ", ("literal", "{{<p>}}"), " B"]),
    ("A {{%/* p */%}} B", ["A ", ("literal", "{{% p %}}"), " B"]),
    ("A {{</**/>}} B", ["A ", ("literal", "{{<>}}"), " B"]),
    ("A {{%/* p */>}} B */%}}", ["A ", ("literal", "{{% p */>}} B %}}")]),
    ("A {{</* p\n x */>}} B", ["A ", ("literal", "{{< p\n x >}}"), " B"]),
    # closing tags: `{{</pi>}}`, a line break before the `/`
    ("{{< pi >}}x{{</pi>}}", [sc("pi", inner=["x"])]),
    ("{{< pi >}}x{{<\n/pi >}}", [sc("pi", inner=["x"])]),
    # the closing tag's delimiters need not match the opening tag's: PI(...){inner:x}
    ("{{< pi >}}x{{% /pi %}}", [sc("pi", inner=["x"])]),
    ("{{% pi %}}x{{< /pi >}}", [sc("pi", inner=["x"], md=True)]),
    # self-closing with spaces or right after a value
    ("{{< pi / >}}", [sc("pi", closed=True)]),
    ("{{< pi a/>}}", [sc("pi", ("a",), closed=True)]),
    ("{{< pi k=v />}}", [sc("pi", {"k": "v"}, closed=True)]),
    # `{{< br/>}}` is a call of a shortcode named `br/` (template for shortcode "br/" not found)
    ("{{< br/>}}", [sc("br/")]),
    # names: `a/b`, `_p`
    ("{{< a/b 1 >}}", [sc("a/b", (1,))]),
    ("{{< _p >}}", [sc("_p")]),
    # `{{{< p 1 >}}` -> `{` then the call
    ("{{{< p 1 >}}", ["{", sc("p", (1,))]),
    # no spaces, and line breaks inside the tag
    ("{{<p 1>}}", [sc("p", (1,))]),
    ("{{< p\n1\n>}}", [sc("p", (1,))]),
    # {{< =v p >}} -> P([]string(nil)): a value before the name is dropped
    ("{{< =v p >}}", [sc("p")]),
    # {{< \p 1 >}} -> P({1})
    ("{{< \\p 1 >}}", [sc("p", (1,))]),
]


@pytest.mark.parametrize(("source", "expected"), HUGO_SHAPES, ids=[c[0] for c in HUGO_SHAPES])
def test_hugo_shapes(source: str, expected: list[Any]) -> None:
    assert outline(source) == expected


# -- where polyblog is stricter than Hugo -----------------------------------------------------


@pytest.mark.parametrize(
    ("source", "at"),
    [
        # hugo 0.111.3 renders P({"a"}) and drops `b` silently
        ("{{< p a/b >}}", "/b"),
        # hugo 0.111.3 renders the call and leaves `>}}` in the page
        ("{{< pi >}}x{{< / / pi >}}", "/ pi"),
        # hugo 0.111.3 fails ("does not evaluate .Inner ... yet a closing tag was provided")
        ("{{< pi a / b >}}x{{< /pi >}}", "/ b"),
        # hugo 0.111.3 crashes (nil pointer dereference)
        ("{{< =x >}}", "x >}}"),
    ],
)
def test_stricter_than_hugo(source: str, at: str) -> None:
    assert error_at(source).offset == source.index(at)


# -- ids keep their digits in a template --------------------------------------------------------


def test_typed_values_reach_templates_as_hugo_prints_them(
    build_site: Callable[..., Built],
) -> None:
    """hugo 0.111.3 prints `1582772722240999425|1e+06|123|0.5` for these values."""
    built = build_site(
        {
            "layouts/shortcodes/show.html": (
                '<p class="show">{{ kwargs.n }}|{{ kwargs.f }}|{{ kwargs.z }}|{{ kwargs.h }}</p>\n'
            ),
            "content/posts/p.md": page(
                "P",
                "{{< show n=1582772722240999425 f=1000000.0 z=0123 h=.5 >}}\n",
                date="2024-01-01",
            ),
        }
    )
    (shown,) = built.html("/posts/p/").xpath('//p[@class="show"]')
    assert shown.text_content() == "1582772722240999425|1e+06|123|0.5"
