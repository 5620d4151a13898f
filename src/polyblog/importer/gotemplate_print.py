"""How html/template prints a value where it lands: the Jinja expression for an action in
HTML text, an attribute, a URL, a script, a style or a comment (html/template's escapers)."""

from __future__ import annotations

from dataclasses import replace

from polyblog.importer import gotemplate_html as H
from polyblog.importer.gotemplate_jinja import string
from polyblog.importer.gotemplate_values import (
    ATTR,
    BOOL,
    CSS,
    HTML,
    INT,
    NIL,
    STR,
    STRINGY,
    TIME,
    URL,
    Macros,
    Unsupported,
    Val,
    plain,
)


def escaped(v: Val, c: H.Ctx, m: Macros) -> str:
    """The expression html/template would print for `v` in context `c`."""
    state = c.state
    if state == H.ERROR:
        raise Unsupported(f"html/template refuses this HTML: {c.error}")
    if state in H.COMMENTS:
        return ""  # html/template prints nothing inside comments
    if state == H.TEXT:
        return html_text(v, m)
    if state == H.RCDATA and v.kind == HTML:
        raise Unsupported("an HTML value in a title or textarea")
    if state == H.RCDATA:
        return html_text(v, m)
    if state in {H.ATTR_NAME, H.TAG}:
        if v.kind == ATTR:
            return f"{v.code} | safe"
        raise Unsupported("an action where an attribute name goes (only safeHTMLAttr)")
    if v.kind == HTML and state == H.ATTR:
        if v.name != "json":  # JSON has no tags to strip
            raise Unsupported("an HTML value in an attribute (html/template strips its tags)")
        v = replace(v, code=f'("%s" | format({v.code}))', kind=STR)
    if state == H.ATTR and c.delim in {"dq", "sq"}:
        return html_text(v, m)
    raw = _raw_value(v, c, m)
    if c.delim == "sp":
        return m.call("go_nospace", f'("%s" | format({raw}))')
    if c.delim:
        return f'("%s" | format({raw}))'
    return raw


def _raw_value(v: Val, c: H.Ctx, m: Macros) -> str:
    """The text html/template writes for `v` in a URL, script, style or attribute
    context, before escaping it for an attribute."""
    state = c.state
    if state == H.ATTR:
        return _plain(v, m)
    if state == H.URL:
        if c.url_part == "unknown":
            raise Unsupported("an action in an ambiguous part of a URL")
        mode = {"none": "filter", "pre": "norm", "qf": "query"}[c.url_part]
        if v.kind == URL:
            mode = "norm"
        return m.call("go_url", v.code, string(mode))
    if state == H.JS:
        return m.call("go_jsval", v.code)
    if state in {H.JS_DQ, H.JS_SQ}:
        return m.call("go_jsstr", v.code)
    if state == H.CSS:
        return f"({_plain(v, m)} | safe)" if v.kind == CSS else m.call("go_css", v.code)
    raise Unsupported(f"an action inside {describe(state)} is not translated")


def _plain(v: Val, m: Macros) -> str:
    if v.kind == NIL:
        return '""'
    return plain(v, m)


def html_text(v: Val, m: Macros) -> str:
    if v.kind in STRINGY | {HTML, INT}:
        return v.code
    if v.kind == BOOL:
        return f'("true" if {v.code} else "false")'
    if v.kind == NIL:
        return ""
    if v.kind == TIME:
        return f'({v.code}.strftime("%Y-%m-%d %H:%M:%S %z %Z") if {v.code} else "")'
    return m.call("go_print", v.code)


_STATE_NAMES = {
    H.JS_REGEXP: "a JavaScript regular expression",
    H.SRCSET: "a srcset attribute",
    H.CSS_DQ: "a CSS string",
    H.CSS_SQ: "a CSS string",
    H.CSS_DQ_URL: "a CSS url()",
    H.CSS_SQ_URL: "a CSS url()",
    H.CSS_URL: "a CSS url()",
    H.TAG: "a tag",
    H.ATTR_NAME: "an attribute name",
    H.AFTER_NAME: "a tag",
    H.BEFORE_VALUE: "an attribute",
    H.ATTR: "an attribute",
    H.URL: "a URL attribute",
    H.JS: "JavaScript",
    H.JS_DQ: "a JavaScript string",
    H.JS_SQ: "a JavaScript string",
    H.CSS: "CSS",
    H.RCDATA: "a title or textarea",
    H.HTML_CMT: "an HTML comment",
    H.JS_BLOCK_CMT: "a JavaScript comment",
    H.JS_LINE_CMT: "a JavaScript comment",
    H.CSS_BLOCK_CMT: "a CSS comment",
    H.CSS_LINE_CMT: "a CSS comment",
}


def describe(state: str) -> str:
    return _STATE_NAMES.get(state, state)
