"""Hugo's `markup` (Goldmark, highlight, tableOfContents) -> our `markup:` keys, and what the
Markdown renderer does differently for each setting it cannot follow."""

from __future__ import annotations

from typing import Any

from polyblog.importer.draft import Draft, as_bool, as_int, type_name
from polyblog.importer.hugo_config import KeyPath

# Goldmark extensions polyblog always has on, and the ones it does not have
_ALWAYS_ON = {"table", "strikethrough", "footnote", "definitionlist", "tasklist"}
_MISSING = {
    "linkify": "bare URLs (https://...) stay plain text; write <https://...> or [text](url)",
    "typographer": "quotes, dashes and ellipses stay as typed (no curly quotes)",
}
_UNSUPPORTED_EXT = {
    "passthrough": "no passthrough: text between math delimiters is read as Markdown "
    "(escape it, or use a math shortcode)",
    "extras": "no insert/mark/subscript/superscript syntax (==x==, ~x~, ^x^)",
    "cjk": "no CJK line-break handling options",
    "linkifyprotocol": "no linkify (see linkify)",
}
_HIGHLIGHT_DROPPED = {
    "anchorlinenos": "line numbers are not links",
    "lineanchors": "line numbers are not links",
    "linenostart": "line numbers start at 1 (the highlight shortcode has its own options)",
    "hl_lines": "no highlighted lines by default",
    "hl_inline": "inline code is not highlighted",
    "tabwidth": "tabs are kept as they are",
}


def map_markup(d: Draft) -> None:
    raw = d.take("markup")
    path: KeyPath = ("markup",)
    out: dict[str, Any] = {}
    if raw is not None and not isinstance(raw, dict):
        d.dropped(path, f"expected a mapping, got {type_name(raw)}")
        raw = None
    raw = raw or {}
    _goldmark(d, raw.get("goldmark"), out)
    for key, value in raw.items():
        at = (*path, key)
        if key == "goldmark":
            continue
        if key == "highlight":
            _highlight(d, value, at, out)
        elif key == "tableofcontents":
            _toc(d, value, at, out)
        elif key == "defaultmarkdownhandler":
            if str(value).lower() == "goldmark":
                d.mapped(at, "(same behaviour)", "Markdown is read with markdown-it")
            else:
                d.dropped(at, f"{value}: polyblog reads Markdown with markdown-it only")
        elif key in {"asciidocext", "blackfriday", "pandoc", "rst", "org"}:
            d.dropped(at, "polyblog renders Markdown only")
        else:
            d.unknown(at)
    d.put(path, out)


def _goldmark(d: Draft, raw: Any, out: dict[str, Any]) -> None:
    at: KeyPath = ("markup", "goldmark")
    if raw is not None and not isinstance(raw, dict):
        d.dropped(at, f"expected a mapping, got {type_name(raw)}")
        raw = None
    raw = raw or {}
    renderer = raw.get("renderer") or {}
    unsafe = as_bool(renderer.get("unsafe")) if isinstance(renderer, dict) else None
    upath = (*at, "renderer", "unsafe")
    if unsafe:
        out["unsafe_html"] = True
        d.mapped(upath, "markup.unsafe_html")
    else:
        out["unsafe_html"] = False
        why = (
            "Hugo replaces raw HTML in Markdown with <!-- raw HTML omitted -->; polyblog shows "
            "it as escaped text instead; set true if you trust your content"
        )
        key = (
            upath
            if "unsafe" in (renderer if isinstance(renderer, dict) else {})
            else ("markup.goldmark.renderer.unsafe")
        )
        d.approximated(key, "markup.unsafe_html: false", why)
        d.comments[("markup", "unsafe_html")] = (
            "Hugo's default (false) omits raw HTML; polyblog escapes it"
        )
    for key, value in raw.items():
        sub = (*at, key)
        if key == "renderer" and isinstance(value, dict):
            for name, flag in value.items():
                if name == "unsafe":
                    continue
                if name == "hardwraps":
                    if as_bool(flag):
                        d.dropped((*sub, name), "line breaks inside a paragraph stay spaces")
                    else:
                        d.mapped((*sub, name), "(same behaviour)")
                elif name == "xhtml":
                    d.dropped((*sub, name), "polyblog writes HTML5 (<br>, not <br />)")
                else:
                    d.unknown((*sub, name))
        elif key == "extensions" and isinstance(value, dict):
            _extensions(d, value, sub)
        elif key == "parser" and isinstance(value, dict):
            _parser(d, value, sub)
        else:
            d.unknown(sub)


def _extensions(d: Draft, raw: dict[str, Any], at: KeyPath) -> None:
    for name, value in raw.items():
        sub = (*at, name)
        flag = as_bool(value) if not isinstance(value, dict) else True
        if name in _ALWAYS_ON:
            if flag:
                d.mapped(sub, "(same behaviour)", "always on in polyblog")
            else:
                d.approximated(sub, "(always on)", f"{name} syntax is always on in polyblog")
        elif name in _MISSING:
            if flag:
                d.approximated(sub, "(not available)", _MISSING[name])
            else:
                d.mapped(sub, "(same behaviour)", "off in polyblog too")
        elif name in _UNSUPPORTED_EXT:
            enabled = as_bool(value.get("enable")) if isinstance(value, dict) else flag
            if enabled:
                d.dropped(sub, _UNSUPPORTED_EXT[name])
            else:
                d.mapped(sub, "(same behaviour)", "off in polyblog too")
        else:
            d.unknown(sub)


def _parser(d: Draft, raw: dict[str, Any], at: KeyPath) -> None:
    for name, value in raw.items():
        sub = (*at, name)
        if name == "attribute":
            d.mapped(sub, "(same behaviour)", "{.class #id} attributes are always read")
        elif name == "autoheadingid":
            if as_bool(value) is False:
                d.approximated(sub, "(always on)", "headings always get an id")
            else:
                d.mapped(sub, "(same behaviour)", "headings get ids")
        elif name == "autoheadingidtype":
            if str(value).lower() == "github":
                d.mapped(sub, "(same behaviour)", "GitHub-style ids, Unicode kept")
            else:
                d.approximated(sub, "(github)", f"ids are made GitHub style, not {value}")
        elif name == "wrapstandaloneimagewithinparagraph":
            if as_bool(value) is False:
                d.approximated(sub, "(always on)", "an image alone in a paragraph stays in <p>")
            else:
                d.mapped(sub, "(same behaviour)")
        else:
            d.unknown(sub)


def _highlight(d: Draft, raw: Any, at: KeyPath, out: dict[str, Any]) -> None:
    if not isinstance(raw, dict):
        d.dropped(at, f"expected a mapping, got {type_name(raw)}")
        return
    from pygments.styles import get_all_styles

    highlight: dict[str, Any] = {}
    for key, value in raw.items():
        sub = (*at, key)
        if key == "style":
            name = str(value)
            if name in set(get_all_styles()):
                highlight["style"] = name
                d.mapped(sub, "markup.highlight.style")
            else:
                d.dropped(sub, f"no Pygments style named {name!r}: the theme's colours apply")
        elif key == "linenos":
            flag = as_bool(value)
            if flag is None and isinstance(value, str) and value.lower() in {"table", "inline"}:
                flag = True
            if flag is None:
                d.dropped(sub, f"expected true or false, got {value!r}")
            else:
                highlight["line_numbers"] = flag
                d.mapped(sub, "markup.highlight.line_numbers")
        elif key == "linenumbersintable":
            if as_bool(value) is False:
                d.approximated(sub, "(table)", "line numbers are a separate table column")
            else:
                d.mapped(sub, "(same behaviour)", "line numbers in a table column")
        elif key == "noclasses":
            if as_bool(value) is False:
                d.mapped(sub, "(same behaviour)", "CSS classes, colours in css/syntax.css")
            else:
                d.approximated(
                    sub,
                    "(CSS classes)",
                    "polyblog highlights with CSS classes (css/syntax.css), not inline styles",
                )
        elif key == "codefences":
            if as_bool(value) is False:
                d.approximated(sub, "(always on)", "fenced code is always highlighted")
            else:
                d.mapped(sub, "(same behaviour)", "fenced code is highlighted")
        elif key == "guesssyntax":
            if as_bool(value):
                d.dropped(sub, "code without a language is not guessed (shown plain)")
            else:
                d.mapped(sub, "(same behaviour)", "no guessing")
        elif key in _HIGHLIGHT_DROPPED:
            d.dropped(sub, _HIGHLIGHT_DROPPED[key])
        else:
            d.unknown(sub)
    if highlight:
        out["highlight"] = highlight


def _toc(d: Draft, raw: Any, at: KeyPath, out: dict[str, Any]) -> None:
    if not isinstance(raw, dict):
        d.dropped(at, f"expected a mapping, got {type_name(raw)}")
        return
    toc: dict[str, int] = {}
    for key, value in raw.items():
        sub = (*at, key)
        if key in {"startlevel", "endlevel"}:
            level = as_int(value)
            if level is None or not 1 <= level <= 6:
                d.dropped(sub, f"expected a heading level 1 to 6, got {value!r}")
                continue
            ours = "start" if key == "startlevel" else "end"
            toc[ours] = level
            d.mapped(sub, f"markup.toc.{ours}")
        elif key == "ordered":
            if as_bool(value):
                d.dropped(sub, "the table of contents is a bulleted list (<ul>)")
            else:
                d.mapped(sub, "(same behaviour)", "a bulleted list")
        else:
            d.unknown(sub)
    if toc:
        out["toc"] = toc
