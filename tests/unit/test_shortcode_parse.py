"""The shortcode tokenizer (`polyblog.shortcodes.parse`): forms, arguments, nesting, escapes,
offsets, and errors that point at the right place."""

from __future__ import annotations

import pytest

from polyblog.shortcodes.parse import (
    MAX_DEPTH,
    Call,
    HugoFloat,
    Literal,
    Node,
    ShortcodeSyntaxError,
    Text,
    has_shortcodes,
    parse,
)


def calls(nodes: list[Node]) -> list[Call]:
    return [n for n in nodes if isinstance(n, Call)]


def only_call(source: str) -> Call:
    found = calls(parse(source))
    assert len(found) == 1, found
    return found[0]


def error(source: str) -> ShortcodeSyntaxError:
    with pytest.raises(ShortcodeSyntaxError) as info:
        parse(source)
    exc = info.value
    assert isinstance(exc.offset, int)
    assert 0 <= exc.offset <= len(source)
    return exc


def rebuilt(source: str, nodes: list[Node]) -> str:
    """Top-level nodes tile the source: text + each node's source span."""
    out = []
    for node in nodes:
        if isinstance(node, Text):
            assert source[node.start : node.start + len(node.text)] == node.text
            out.append(node.text)
        else:
            out.append(source[node.start : node.end])
    return "".join(out)


# -- forms ------------------------------------------------------------------------------------


def test_plain_text_is_one_text_node() -> None:
    source = "No shortcodes {{ here }} or { { < there."
    assert not has_shortcodes(source)
    assert parse(source) == [Text(source, 0)]


def test_empty_input() -> None:
    assert parse("") == []


def test_angle_call_is_standalone_with_offsets() -> None:
    source = 'Before {{< youtube "abc" >}} after'
    nodes = parse(source)
    assert isinstance(nodes[0], Text) and nodes[0].text == "Before "
    call = nodes[1]
    assert isinstance(call, Call)
    assert call.name == "youtube"
    assert call.markdown is False
    assert call.args == ["abc"]
    assert call.kwargs == {}
    assert call.inner is None
    assert source[call.start : call.end] == '{{< youtube "abc" >}}'
    assert call.open_end == call.end
    assert isinstance(nodes[2], Text) and nodes[2].text == " after"
    assert nodes[2].start == call.end


def test_percent_call_is_markdown() -> None:
    call = only_call("{{% alert %}}**x**{{% /alert %}}")
    assert call.markdown is True
    assert call.name == "alert"
    assert call.inner == [Text("**x**", 13)]


@pytest.mark.parametrize(
    "closing", ["{{< /box >}}", "{{</ box >}}", "{{</box>}}", "{{<  /  box  >}}"]
)
def test_paired_call_both_closing_spellings(closing: str) -> None:
    source = "{{< box k=1 >}}inner text" + closing + "tail"
    nodes = parse(source)
    call = nodes[0]
    assert isinstance(call, Call)
    assert call.inner is not None
    assert source[call.inner_start : call.inner_end] == "inner text"
    assert source[call.start : call.end] == "{{< box k=1 >}}inner text" + closing
    assert call.open_end == len("{{< box k=1 >}}")
    assert nodes[1] == Text("tail", call.end)


@pytest.mark.parametrize(
    "source", ["{{< br />}}", "{{< br\n/>}}", "{{<br />}}", '{{< br a="1" />}}']
)
def test_self_closing(source: str) -> None:
    call = only_call(source)
    assert call.name == "br"
    assert call.self_closing is True
    assert call.inner is None
    assert call.end == len(source)


def test_self_closing_does_not_swallow_a_later_closing_tag() -> None:
    nodes = parse("{{< box />}}a{{< box >}}b{{< /box >}}")
    first, second = calls(nodes)
    assert first.self_closing and first.inner is None
    assert second.inner == [Text("b", 24)]


def test_percent_self_closing() -> None:
    call = only_call("{{% note /%}}")
    assert call.self_closing and call.markdown


def test_whitespace_inside_delimiters_is_free() -> None:
    call = only_call("{{<yt a>}}")
    assert (call.name, call.args) == ("yt", ["a"])
    call = only_call("{{<\n  yt\n  a\n>}}")
    assert (call.name, call.args) == ("yt", ["a"])


def test_names_with_slashes_and_dashes() -> None:
    assert only_call("{{< my-sc/sub_x2 >}}").name == "my-sc/sub_x2"


def test_a_dot_in_a_name_is_an_error_except_in_name_inline() -> None:
    """Hugo allows `.` only in inline shortcode names (`x.inline`)."""
    source = "{{< my-sc.v2 >}}"
    assert error(source).offset == source.index(".")
    assert only_call("{{< my.inline >}}").name == "my.inline"


def test_double_braces_without_delimiter_are_text() -> None:
    source = "{{ .Title }} {{- x -}} {{"
    assert parse(source) == [Text(source, 0)]


def test_incomplete_opening_at_end_is_text() -> None:
    assert parse("text {{") == [Text("text {{", 0)]


# -- arguments --------------------------------------------------------------------------------


def test_positional_argument_kinds() -> None:
    call = only_call('{{< sc "quoted value" `raw \\n "x"` bare 42 -7 3.5 true false >}}')
    assert call.args == ["quoted value", 'raw \\n "x"', "bare", 42, -7, 3.5, True, False]
    assert [type(a) for a in call.args] == [str, str, str, int, int, HugoFloat, bool, bool]
    assert call.kwargs == {}


def test_named_argument_kinds() -> None:
    call = only_call(
        '{{< sc a="quoted value" b=bare c=`raw "x"` d=42 e=2.5 f=true g=false h-i="dash" >}}'
    )
    assert call.args == []
    assert call.kwargs == {
        "a": "quoted value",
        "b": "bare",
        "c": 'raw "x"',
        "d": 42,
        "e": 2.5,
        "f": True,
        "g": False,
        "h-i": "dash",
    }


def test_quoted_numbers_and_booleans_stay_strings() -> None:
    call = only_call('{{< sc a="42" b="true" >}}')
    assert call.kwargs == {"a": "42", "b": "true"}


def test_quoted_string_escapes() -> None:
    """Only `\\"` is an escape. Other backslashes are kept, except that a value with an escaped
    quote loses all its backslashes (Hugo's pagelexer.go ignoreEscapesAndEmit, issue 10236)."""
    call = only_call(r'{{< sc "C:\path\to" "\x\n" "a \"q\" b\\c\nd" >}}')
    assert call.args == ["C:\\path\\to", "\\x\\n", 'a "q" bcnd']


def test_quoted_string_may_hold_delimiters() -> None:
    call = only_call('{{< sc title=">}} and %}} and {{< inside" >}}tail')
    assert call.kwargs == {"title": ">}} and %}} and {{< inside"}


def test_raw_string_keeps_backslashes_and_newlines() -> None:
    call = only_call("{{< sc `line 1\nline \\2` >}}")
    assert call.args == ["line 1\nline \\2"]


def test_multi_line_arguments() -> None:
    source = '{{< figure\n  src="a.png"\n  caption=`two\nlines`\n  width=300\n>}}'
    call = only_call(source)
    assert call.kwargs == {"src": "a.png", "caption": "two\nlines", "width": 300}
    assert call.end == len(source)


def test_a_quoted_value_cannot_span_lines() -> None:
    source = '{{< figure caption="two\nlines" >}}'
    exc = error(source)
    assert "unterminated quoted string" in exc.message
    assert exc.offset == source.index('"')


def test_empty_quoted_argument() -> None:
    assert only_call('{{< sc "" >}}').args == [""]
    assert only_call('{{< sc k="" >}}').kwargs == {"k": ""}


def test_unicode_positional_arguments() -> None:
    assert only_call('{{< sc "日本語 😀" élan "«élan»" >}}').args == ["日本語 😀", "élan", "«élan»"]
    # an unquoted positional value is letters, digits, `_`, `-` and `.` only
    assert error("{{< sc «élan» >}}").offset == 7


def test_unicode_named_arguments() -> None:
    assert only_call('{{< sc t="日本語" u=élan >}}').kwargs == {"t": "日本語", "u": "élan"}


@pytest.mark.parametrize(
    ("source", "bad"),
    [
        ('{{< sc "pos" key="v" >}}', "key="),
        ('{{< sc key="v" pos >}}', "pos"),
        ("{{< sc a b=1 >}}", "b=1"),
    ],
)
def test_positional_and_named_together_is_an_error(source: str, bad: str) -> None:
    exc = error(source)
    assert "mixes positional and named" in exc.message
    assert exc.offset == source.index(bad)


@pytest.mark.parametrize(
    ("source", "where"),
    [
        ('{{< sc "unterminated >}}', '"unterminated'),
        ("{{< sc `unterminated >}}", "`unterminated"),
        ('{{< sc a"b >}}', '"b'),
        ("{{< sc a`b >}}", "`b"),
        ("{{< sc a:b >}}", ":b"),
        ("{{< sc k= >}}", " >}}"),
    ],
)
def test_bad_argument_syntax_points_at_the_argument(source: str, where: str) -> None:
    exc = error(source)
    expected = source.index(where)
    # the offset is at the bad token (or the blank before a missing value)
    assert expected <= exc.offset <= expected + 1, (exc.message, exc.offset)


def test_huge_integer_argument_is_not_a_crash() -> None:
    """A 5000-digit bare number must parse (as text or a number) or be a ShortcodeSyntaxError,
    never Python's int() digit-limit ValueError."""
    source = "{{< sc " + "9" * 5000 + " >}}"
    try:
        call = only_call(source)
    except ShortcodeSyntaxError as exc:
        assert 0 <= exc.offset <= len(source)
    else:
        assert len(call.args) == 1


# -- nesting ----------------------------------------------------------------------------------


def test_nested_calls_form_a_tree() -> None:
    source = "{{< outer a=1 >}}x {{< mid >}}y {{< leaf z >}} {{< /mid >}} w{{< /outer >}}"
    outer = only_call(source)
    assert outer.inner is not None
    mid = calls(outer.inner)[0]
    assert mid.name == "mid" and mid.inner is not None
    leaf = calls(mid.inner)[0]
    assert leaf.name == "leaf" and leaf.inner is None and leaf.args == ["z"]
    assert source[leaf.start : leaf.end] == "{{< leaf z >}}"
    assert source[mid.inner_start : mid.inner_end] == "y {{< leaf z >}} "
    assert outer.end == len(source)


def test_same_name_nested() -> None:
    source = "{{< d >}}a{{< d >}}b{{< /d >}}c{{< /d >}}"
    outer = only_call(source)
    assert outer.inner is not None
    inner = calls(outer.inner)[0]
    assert source[inner.inner_start : inner.inner_end] == "b"
    assert source[outer.inner_start : outer.inner_end] == "a{{< d >}}b{{< /d >}}c"


def test_unclosed_opening_is_standalone_inside_its_parent() -> None:
    source = "{{< box >}}a {{< version 1.0 >}} b{{< /box >}}"
    box = only_call(source)
    assert box.inner is not None
    version = calls(box.inner)[0]
    assert version.name == "version" and version.inner is None
    assert [n.text for n in box.inner if isinstance(n, Text)] == ["a ", " b"]


def test_many_unclosed_standalone_calls_are_not_nesting() -> None:
    """LoveIt writes `{{< version 0.2.0 >}}` dozens of times without closing tags; standalone
    calls do not nest, so their number is not limited by MAX_DEPTH."""
    source = "\n".join(f"{{{{< version 0.{i}.0 >}}}}" for i in range(MAX_DEPTH * 3))
    nodes = parse(source)
    assert len(calls(nodes)) == MAX_DEPTH * 3
    assert all(c.inner is None for c in calls(nodes))
    assert rebuilt(source, nodes) == source


def test_many_unclosed_standalone_calls_inside_a_paired_call() -> None:
    body = "".join(f"{{{{< version {i} >}}}}" for i in range(MAX_DEPTH + 5))
    source = "{{< box >}}" + body + "{{< /box >}}"
    box = only_call(source)
    assert box.inner is not None
    assert len(calls(box.inner)) == MAX_DEPTH + 5


def test_nesting_up_to_max_depth() -> None:
    source = "{{< n >}}" * MAX_DEPTH + "core" + "{{< /n >}}" * MAX_DEPTH
    call = only_call(source)
    depth = 1
    while call.inner is not None and calls(call.inner):
        call = calls(call.inner)[0]
        depth += 1
    assert depth == MAX_DEPTH
    assert call.inner == [Text("core", len("{{< n >}}") * MAX_DEPTH)]


def test_nesting_deeper_than_max_depth_is_an_error() -> None:
    source = "{{< n >}}" * (MAX_DEPTH + 1) + "{{< /n >}}" * (MAX_DEPTH + 1)
    exc = error(source)
    assert "nested deeper" in exc.message


def test_very_deep_nesting_is_an_error_not_a_recursion_error() -> None:
    source = "{{< n >}}" * 5000 + "{{< /n >}}" * 5000
    exc = error(source)
    assert "nested deeper" in exc.message


# -- escapes ----------------------------------------------------------------------------------


def test_escaped_angle_call_is_literal() -> None:
    source = 'Use {{</* youtube "id" */>}} to embed.'
    nodes = parse(source)
    lit = nodes[1]
    assert isinstance(lit, Literal)
    assert lit.text == '{{< youtube "id" >}}'
    assert source[lit.start : lit.end] == '{{</* youtube "id" */>}}'
    assert not calls(nodes)


def test_escaped_percent_call_is_literal() -> None:
    (_, lit, _) = parse("a {{%/* alert info */%}} b")
    assert isinstance(lit, Literal)
    assert lit.text == "{{% alert info %}}"


def test_escaped_closing_tag_and_pair() -> None:
    nodes = parse("{{</* box */>}}text{{</* /box */>}}")
    lits = [n for n in nodes if isinstance(n, Literal)]
    assert [x.text for x in lits] == ["{{< box >}}", "{{< /box >}}"]
    assert not calls(nodes)


def test_escape_may_contain_anything_up_to_the_comment_end() -> None:
    (lit,) = parse('{{</* figure src="a >}}" %}} */>}}')
    assert isinstance(lit, Literal)
    assert lit.text == '{{< figure src="a >}}" %}} >}}'


def test_escape_spanning_lines() -> None:
    (lit,) = parse("{{</* figure\n  src=x\n*/>}}")
    assert isinstance(lit, Literal)
    assert lit.text == "{{< figure\n  src=x\n>}}"


def test_escape_inside_a_paired_call() -> None:
    box = only_call("{{< box >}}see {{</* x */>}}{{< /box >}}")
    assert box.inner is not None
    assert [n.text for n in box.inner if isinstance(n, Literal)] == ["{{< x >}}"]


def test_unterminated_escape_is_an_error_at_its_start() -> None:
    source = "ok {{</* never closed"
    assert error(source).offset == 3


def test_escape_with_wrong_close_is_an_error() -> None:
    """`{{</*` ends only at `*/>}}` (Hugo: "comment must be closed")."""
    source = "{{</* x */%}}"
    exc = error(source)
    assert exc.offset == 0
    assert "*/>}}" in exc.message


# -- tag errors -------------------------------------------------------------------------------


def test_unclosed_tag_is_an_error_at_the_tag() -> None:
    source = "line\n{{< youtube abc"
    assert error(source).offset == 5


def test_tag_interrupted_by_another_tag() -> None:
    source = "{{< a x {{< b >}}"
    assert error(source).offset == 0


def test_missing_name() -> None:
    source = "{{< >}}"
    exc = error(source)
    assert "name" in exc.message
    assert exc.offset == 4


def test_closing_tag_without_opening() -> None:
    source = "text {{< /box >}}"
    exc = error(source)
    assert exc.offset == 5
    assert "box" in exc.message


def test_mismatched_closing_name_is_an_error() -> None:
    source = "{{< box >}}x{{< /bx >}}"
    exc = error(source)
    assert exc.offset == source.index("{{< /bx")


def test_other_delimiters_on_the_closing_tag_still_close() -> None:
    """Hugo pairs `{{% x %}}` with `{{< /x >}}` (checked with hugo 0.111.3); the opening tag's
    delimiters decide the form."""
    call = only_call("{{% box %}}x{{< /box >}}")
    assert call.markdown and call.inner == [Text("x", 11)]
    call = only_call("{{< box >}}x{{% /box %}}")
    assert not call.markdown and call.inner == [Text("x", 11)]


def test_closing_tag_with_arguments() -> None:
    source = "{{< box >}}x{{< /box extra >}}"
    exc = error(source)
    assert exc.offset == source.index("extra")


def test_close_delimiter_of_the_other_kind_does_not_close() -> None:
    source = "{{< box %}}"
    error(source)


def test_closing_an_outer_call_makes_unclosed_inner_calls_standalone() -> None:
    source = "{{< a >}}{{< b >}}x{{< /a >}}"
    a = only_call(source)
    assert a.inner is not None
    (b,) = calls(a.inner)
    assert b.inner is None
    assert source[a.inner_start : a.inner_end] == "{{< b >}}x"


def test_error_is_an_exception_with_message_and_offset() -> None:
    exc = ShortcodeSyntaxError("boom", 3)
    assert str(exc) == "boom"
    assert (exc.message, exc.offset) == ("boom", 3)


# -- the tree covers the source ---------------------------------------------------------------


@pytest.mark.parametrize(
    "source",
    [
        "plain",
        "a {{< b >}} c {{% d %}}e{{% /d %}} f {{</* g */>}} h",
        "{{< x />}}{{< y >}}{{< /y >}}",
        "```\n{{< code >}}\n```\n",
    ],
)
def test_top_level_nodes_tile_the_source(source: str) -> None:
    assert rebuilt(source, parse(source)) == source
