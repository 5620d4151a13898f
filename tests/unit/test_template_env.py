"""The theme's Jinja environment (`render.env.environment`): each template's globals are a
plain dict (Jinja walks them for every context it makes, a ChainMap slowly), with the same
contents and precedence as Jinja's own."""

from __future__ import annotations

from pathlib import Path

from polyblog.render.env import environment


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
