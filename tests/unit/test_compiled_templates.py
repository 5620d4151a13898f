"""Compiled templates kept in the cache entry (`render.env.CompiledTemplates`): a template whose
source is unchanged is not compiled again; an edited one is; another Jinja's code is refused."""

from __future__ import annotations

from pathlib import Path

import jinja2

from polyblog.render.env import CompiledTemplates


def _env(folder: Path, cache: CompiledTemplates) -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.FileSystemLoader(str(folder)), bytecode_cache=cache)


def test_a_saved_template_is_not_compiled_again_and_an_edited_one_is(tmp_path: Path) -> None:
    (tmp_path / "page.html").write_text("Hello {{ name }}!")
    first = CompiledTemplates()
    assert _env(tmp_path, first).get_template("page.html").render(name="a") == "Hello a!"
    assert first.changed and len(first.codes) == 1

    later = CompiledTemplates()  # another process, from the cache entry
    later.adopt(first.export())
    assert _env(tmp_path, later).get_template("page.html").render(name="b") == "Hello b!"
    assert not later.changed  # loaded, not compiled

    (tmp_path / "page.html").write_text("Bye {{ name }}.")
    again = CompiledTemplates()
    again.adopt(first.export())
    assert _env(tmp_path, again).get_template("page.html").render(name="c") == "Bye c."
    assert again.changed  # the source changed: compiled again


def test_code_of_another_jinja_version_is_not_adopted(tmp_path: Path) -> None:
    (tmp_path / "page.html").write_text("x")
    made = CompiledTemplates()
    _env(tmp_path, made).get_template("page.html")
    version, codes = made.export()
    other = CompiledTemplates()
    other.adopt(("0.0-other", codes))
    other.adopt(None)
    assert other.codes == {}
    other.adopt((version, codes))
    assert other.codes == codes
