"""Translate a Hugo shortcode written as a Go template (`layouts/shortcodes/NAME.html`) into a
polyblog Jinja shortcode template; a stub that shows the inner content when it cannot be exact.

`translate_shortcode(source, name)` is total: any text gives a `Translation`. The Go template
is parsed (`gotemplate_lex`, `gotemplate_parse`) and walked (`gotemplate_emit`) through
html/template's contexts (`gotemplate_html`, `gotemplate_print`); values become Jinja
expressions (`gotemplate_fields`, `gotemplate_funcs`, `gotemplate_strings`,
`gotemplate_collections`, `gotemplate_time`), and the result must pass the Jinja whitelist
(`gotemplate_jinja.check`) before it is returned.
"""

from __future__ import annotations

from dataclasses import dataclass

from polyblog.importer.gotemplate_emit import Emitter, comment_safe
from polyblog.importer.gotemplate_jinja import UnsafeJinja, check
from polyblog.importer.gotemplate_parse import GoSyntaxError, parse
from polyblog.importer.gotemplate_values import Val
from polyblog.render.shortcodes import STUB_MARKER  # the build warns about stubs

MAX_SOURCE = 200_000  # characters of Go template
_MAX_PASSES = 8


@dataclass(frozen=True, slots=True, kw_only=True)
class Translation:
    """A translated shortcode template; when not `complete`, `jinja` is a stub."""

    jinja: str  # the Jinja template text (always usable: a stub when not complete)
    complete: bool  # True when every construct was translated faithfully
    problems: tuple[str, ...]  # human-readable, each with "line N:" of the Go source


def translate_shortcode(source: str, name: str) -> Translation:
    """The Jinja template for Hugo shortcode `name` whose Go template is `source`."""
    if len(source) > MAX_SOURCE:
        return _stub(name, [f"line 1: the template is larger than {MAX_SOURCE} characters"])
    try:
        tree = parse(source)
    except GoSyntaxError as exc:
        return _stub(name, [f"line {exc.line}: {exc.message}"])
    except RecursionError:
        return _stub(name, ["line 1: the template is nested too deeply"])
    kinds: dict[int, Val] = {}
    emitter = Emitter(kinds)
    for _ in range(_MAX_PASSES):
        emitter = Emitter(kinds)
        emitter.nodes(tree)
        emitter.finish()
        if emitter.problems:
            return _stub(name, emitter.problems)
        if emitter.kinds_out == kinds:
            break
        kinds = emitter.kinds_out
    else:
        return _stub(name, ["line 1: the types of the variables could not be settled"])
    text = emitter.render(name)
    try:
        check(text)
    except UnsafeJinja as exc:
        return _stub(name, [f"line 1: the translation left the safe subset of Jinja: {exc}"])
    return Translation(jinja=text, complete=True, problems=())


def _stub(name: str, problems: list[str]) -> Translation:
    listed = "; ".join(comment_safe(p) for p in problems)
    text = (
        f"{STUB_MARKER} {comment_safe(name)}: {listed} #}}\n"
        f'<div class="sc-unported" data-shortcode="{_attr_safe(name)}">'
        "{{ inner_html | safe }}</div>\n"
    )
    return Translation(jinja=text, complete=False, problems=tuple(problems))


def _attr_safe(text: str) -> str:
    escaped = text.replace("&", "&amp;").replace('"', "&#34;").replace("<", "&lt;")
    return escaped.replace("{", "&#123;").replace("}", "&#125;")


__all__ = ["STUB_MARKER", "Translation", "translate_shortcode"]
