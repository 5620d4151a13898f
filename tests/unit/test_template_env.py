"""The theme's Jinja environment (`render.env.environment`): each template's globals are a
plain dict (Jinja walks them for every context it makes, a ChainMap slowly), with the same
contents and precedence as Jinja's own; a printed value goes through one call
(`html_output`) that prints what Jinja's `escape(finalize(x))` prints."""

from __future__ import annotations

from pathlib import Path

import jinja2
import pytest
from markupsafe import Markup, escape

from polyblog.render.env import _printable, environment, html_output


def test_template_globals_are_a_dict_with_jinja_globals_and_the_templates_own(
    tmp_path: Path,
) -> None:
    (tmp_path / "page.html").write_text(
        "{% for i in range(3) %}{{ i }}{% endfor %} {{ x }} {% include 'part.html' %}"
    )
    (tmp_path / "part.html").write_text("[{{ x }}{{ y | default('') }}]")
    env = environment((str(tmp_path),))
    template = env.get_template("page.html", globals={"x": "g"})
    assert type(template.globals) is dict
    assert template.globals["range"] is env.globals["range"]
    assert template.render() == "012 g [g]"
    assert template.render(x="v", y="w") == "012 v [vw]"  # render values win over globals


class _Html:
    def __html__(self) -> str:
        return "<b>safe</b>"


class _Plain:
    def __str__(self) -> str:
        return "a < b & 'c'"


PRINTED = [
    "plain",
    "",
    "<a href=\"x\">'&'</a>",
    "é — 漢字 <",
    Markup("<i>kept</i>"),
    Markup(""),
    0,
    -42,
    10**30,
    1.5,
    True,
    False,
    None,
    _Html(),
    _Plain(),
    ["<x>", 1],
    {"k": "<v>"},
]


@pytest.mark.parametrize("value", PRINTED, ids=repr)
def test_printed_values_are_what_jinja_escape_and_finalize_print(value: object) -> None:
    """`html_output` replaces `escape(finalize(x))`: the same text for every kind of value."""
    expected = str(escape(_printable(value)))
    assert html_output(value) == expected
    assert type(html_output(value)) in (str, Markup)


def test_autoescaped_templates_print_through_one_call_and_others_as_jinja(tmp_path: Path) -> None:
    (tmp_path / "page.html").write_text(
        "{{ a }}|{{ b }}|{{ n }}|{{ t }}|{{ nothing }}|{{ missing.x }}|"
        "{% set s %}<{{ a }}>{% endset %}{{ s }}|{% macro m(v) %}[{{ v }}]{% endmacro %}{{ m(a) }}"
        "|{% autoescape false %}{{ a }}{% endautoescape %}"
    )
    (tmp_path / "feed.txt").write_text("{{ a }}|{{ t }}|{{ nothing }}")
    env = environment((str(tmp_path),))
    values = {"a": "<&>", "b": Markup("<br>"), "n": 3, "t": True, "nothing": None, "missing": {}}
    source = env.loader.get_source(env, "page.html")[0]  # type: ignore[union-attr]
    assert "environment.html_output(" in env.compile(source, "page.html", raw=True)
    assert env.get_template("page.html").render(values) == (
        "&lt;&amp;&gt;|<br>|3|true|||<&lt;&amp;&gt;>|[&lt;&amp;&gt;]|<&>"
    )
    assert env.get_template("feed.txt").render(values) == "<&>|true|"


class _Attrs:
    title = "attribute"

    def __getitem__(self, key: str) -> str:
        return f"item {key}"


@pytest.mark.parametrize(
    ("obj", "attribute"),
    [
        ({"title": "T"}, "title"),
        ({"items": "value"}, "items"),  # a dict's own attribute wins, as in Jinja
        ({"keys": 1}, "keys"),
        ({}, "missing"),
        ({"__class__": "x"}, "__class__"),
        ({1: "int key"}, "1"),
        (_Attrs(), "title"),
        (_Attrs(), "other"),
        (["a"], "append"),
        ("text", "upper"),
        (None, "x"),
    ],
    ids=repr,
)
def test_attribute_lookups_are_jinjas(obj: object, attribute: str, tmp_path: Path) -> None:
    """`obj.attribute` looks a plain dict's keys up without Jinja's first try (an attribute,
    an `AttributeError` for every key); the result is Jinja's own."""
    env = environment((str(tmp_path),))
    ours = env.getattr(obj, attribute)
    theirs = jinja2.Environment.getattr(env, obj, attribute)
    if isinstance(theirs, jinja2.Undefined):
        assert type(ours) is type(theirs) and str(ours) == str(theirs) == ""
    else:
        assert ours == theirs
    (tmp_path / "t.html").write_text("{{ d.title }}|{{ d.missing.deeper }}|{{ d['title'] }}")
    assert env.get_template("t.html").render(d={"title": "<T>"}) == "&lt;T&gt;||&lt;T&gt;"


@jinja2.pass_context
def _sees(context: jinja2.runtime.Context, name: str) -> str:
    return f"{name}={context.get(name)}"


def _plain(*args: object, **kwargs: object) -> str:
    return f"plain{args}{sorted(kwargs.items())}"


def _marked(value: object) -> str:
    return f"marked {value}"


_marked.note = "an attribute: called through context.call"  # type: ignore[attr-defined]


class _CallableObject:
    def __call__(self, value: object) -> str:
        return f"object {value}"


CALLS = (
    "{{ plain(1, k='v') }}|{{ plain(*xs, **kw) }}|{{ plain() }}|{{ marked(2) }}|{{ obj(3) }}"
    "|{% for x in xs %}{% set y = x %}{{ sees('y') }},{% endfor %}"
    "|{% block b %}{% set inner = 'i' %}{{ sees('inner') }}{% endblock %}"
    "|{{ plain(plain(1), k=marked(plain())) }}|{{ d.get('a') }}|{{ d.get('zz', 'dflt') }}"
    "|{% macro m(v) %}<{{ v }}>{% endmacro %}{{ m('mac') }}"
    "|{% macro w(v) %}({{ v }}{{ caller() }}){% endmacro %}{% call w('c') %}x{% endcall %}"
    "|{{ plain(**{'if': 1}) }}|{{ (plain)(4) }}"
)


def test_plain_functions_are_called_directly_with_jinjas_results(tmp_path: Path) -> None:
    """A call to a plain Python function skips `context.call`; what a template gives is
    Jinja's own (`pass_context` functions, in loops and blocks, marked functions, objects,
    macros, nested calls, keyword arguments that are Python keywords)."""
    (tmp_path / "c.txt").write_text(CALLS)
    env = environment((str(tmp_path),))
    source = env.loader.get_source(env, "c.txt")[0]  # type: ignore[union-attr]
    code = env.compile(source, "c.txt", raw=True)
    assert "_pb_function" in code and "context.call(" in code
    stock = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(tmp_path)), undefined=env.undefined
    )
    values = {
        "plain": _plain,
        "marked": _marked,
        "sees": _sees,
        "obj": _CallableObject(),
        "xs": [1, 2],
        "kw": {"k": 3},
        "d": {"a": "A"},
    }
    ours = env.get_template("c.txt").render(values)
    assert ours == stock.get_template("c.txt").render(values)
    assert "y=1,y=2," in ours and "inner=i" in ours and "marked 2" in ours


def test_calling_an_undefined_name_is_the_same_error(tmp_path: Path) -> None:
    (tmp_path / "u.html").write_text("{{ nothing_here('x') }}")
    env = environment((str(tmp_path),))
    with pytest.raises(jinja2.UndefinedError, match="nothing_here"):
        env.get_template("u.html").render()
