"""Templates: a name nothing defines fails the build at the template's file and line (as Hugo
does); attributes and keys of defined values stay lenient (docs/templates.md#undefined-names)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import jinja2
import pytest

from polyblog.build import BuildRequest, build
from polyblog.errors import ErrorList
from polyblog.render.env import environment
from sitekit import REPO_THEME, Built, page, write_files

SINGLE = """\
{% extends "base.html" %}
{% block main %}
<p id="lenient">[{{ page.params.missing }}{{ page.params.foo.bar.baz }}{{ site.params.nope }}]</p>
{{ undefined_var.x }}
{% endblock %}
"""
ADVICE = (
    "test it with `undefined_var is defined` or give a default (`undefined_var | default(...)`)"
)


def test_an_undefined_name_fails_with_the_template_line(build_site: Callable[..., Built]) -> None:
    built = build_site(
        {"content/posts/x.md": page("X", "Body"), "layouts/single.html": SINGLE}, ok=False
    )
    first = built.result.stderr.splitlines()[0]
    assert first == (
        f"layouts/single.html:4: error: while rendering /posts/x/: undefined name "
        f"'undefined_var': {ADVICE}"
    )
    assert "    {{ undefined_var.x }}" in built.result.stderr


def test_an_undefined_name_in_a_shortcode_names_the_call_and_the_template(
    build_site: Callable[..., Built],
) -> None:
    files = {
        "content/posts/x.md": page("X", "Text\n\nA {{< note >}} b.\n"),
        "layouts/shortcodes/note.html": "<b>{{ kwargs.x }}\n{{ nope }}</b>\n",
    }
    err = build_site(files, ok=False).result.stderr
    assert err.splitlines()[0] == (
        "content/posts/x.md:6:3: error: in shortcode 'note': layouts/shortcodes/note.html:2: "
        "while rendering content/posts/x.md:6:3: undefined name 'nope': test it with "
        "`nope is defined` or give a default (`nope | default(...)`)"
    )


def test_missing_keys_of_defined_values_render_nothing(build_site: Callable[..., Built]) -> None:
    layout = SINGLE.replace("{{ undefined_var.x }}", "{{ page.content }}")
    note = (
        "<b>[{{ kwargs.missing }}{{ page.params.missing.x }}"
        "{% if later is defined %}{{ later }}{% endif %}{{ later | default('d') }}]</b>"
    )
    files = {
        "content/posts/x.md": page("X", "A {{< note >}}", foo={"bar": 1}),
        "layouts/single.html": layout,
        "layouts/shortcodes/note.html": note,
    }
    built = build_site(files)
    tree = built.html("/posts/x/")
    assert tree.get_element_by_id("lenient").text_content() == "[]"
    assert [b.text_content() for b in tree.iter("b")] == ["[d]"]


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("{% if pagniator %}x{% endif %}", "undefined name 'pagniator'"),
        ("{% for p in posts %}{% endfor %}", "undefined name 'posts'"),
        ("{{ missing_fn() }}", "undefined name 'missing_fn'"),
        ("{{ nothing['key'] }}", "undefined name 'nothing'"),
        ("{% macro m(a) %}{{ a }}{% endmacro %}{{ m() }}", "parameter 'a' was not provided"),
    ],
)
def test_every_use_of_an_undefined_name_fails(source: str, message: str) -> None:
    env = environment((), ())
    with pytest.raises(jinja2.UndefinedError, match=message.replace("(", r"\(")):
        env.from_string(source).render(page={"params": {}})


@pytest.mark.parametrize(
    ("source", "out"),
    [
        ("{{ x is defined }}", "false"),
        ("{{ x | default('d') }}", "d"),
        ("[{{ page.params.a.b.c }}]", "[]"),
        ("{% if page.params.a %}y{% else %}n{% endif %}", "n"),
        ("{% for i in page.params.list %}{{ i }}{% endfor %}.", "."),
        ("{% set v = page.params.a %}[{{ v.b }}]", "[]"),
        ("{% macro m(a=none) %}{{ a }}{% endmacro %}[{{ m() }}]", "[]"),
    ],
)
def test_what_stays_lenient(source: str, out: str) -> None:
    env = environment((), ())
    assert env.from_string(source).render(page={"params": {}}) == out


SHAPES = [
    "{{{{< {n} >}}}}",
    '{{{{< {n} "a" >}}}}',
    '{{{{< {n} "https://example.org/x.png" "b" "c" >}}}}',
    '{{{{< {n} "x" >}}}}Some *inner* text{{{{< /{n} >}}}}',
    "{{{{% {n} %}}}}Some *inner* text{{{{% /{n} %}}}}",
    '{{{{< {n} src="a.png" title="T" type="tip" name="n" id="1" url="https://example.org/" >}}}}',
    '{{{{< {n} src="a.png" title="T" type="tip" >}}}}Inner{{{{< /{n} >}}}}',
    "{{{{< {n} true >}}}}",
    "{{{{< {n} 3 >}}}}inner{{{{< /{n} >}}}}",
]


def test_no_theme_shortcode_relies_on_an_undefined_name(tmp_path: Path) -> None:
    """Every shortcode of the default theme, called in several shapes (no argument, positional,
    named, with inner content, both delimiters): argument errors are fine, an undefined name in
    a template is not."""
    names = sorted(p.stem for p in (REPO_THEME / "templates" / "shortcodes").glob("*.html"))
    assert len(names) > 50
    files: dict[str, str | bytes] = {
        "blog.yaml": "title: T\nbase_url: https://example.org/\nlanguages:\n"
        "  en: {name: English, locale: en_US}\n  fr: {name: Français, locale: fr_FR}\n",
        "content/posts/a/index.md": page("A", "x"),
        "content/posts/a/a.png": b"\x89PNG\r\n\x1a\n",
    }
    for name in names:
        for i, shape in enumerate(SHAPES):
            body = "Text before.\n\n" + shape.format(n=name) + "\n\nafter\n"
            files[f"content/sc/{name}-{i}.md"] = page(f"{name} {i}", body)
    write_files(tmp_path, files)
    try:
        build(BuildRequest(source=tmp_path, jobs=1))
    except ErrorList as exc:
        undefined = [str(e) for e in exc.errors if "undefined" in e.message]
        assert undefined == []
        assert all(e.pos and e.pos.path.startswith("content/sc/") for e in exc.errors)
