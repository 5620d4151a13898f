"""html/template's contexts, re-implemented: where in the HTML each action lands (text, an
attribute of some type, a script, a style, a comment) and how template text is rewritten.

Hugo runs `layouts/shortcodes/*.html` through Go's html/template, which escapes each action by
its context and edits the template's own text (drops HTML/JS/CSS comments, writes a stray `<`
as `&lt;`). The translator needs the same decisions to produce the same HTML.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, replace

from polyblog.importer.gotemplate_jinja import words

SPACE = " \t\n\f\r"

# states
TEXT = "text"
TAG = "tag"
ATTR_NAME = "attrName"
AFTER_NAME = "afterName"
BEFORE_VALUE = "beforeValue"
HTML_CMT = "htmlCmt"
RCDATA = "rcdata"
ATTR = "attr"
URL = "url"
SRCSET = "srcset"
JS = "js"
JS_DQ = "jsDqStr"
JS_SQ = "jsSqStr"
JS_REGEXP = "jsRegexp"
JS_BLOCK_CMT = "jsBlockCmt"
JS_LINE_CMT = "jsLineCmt"
CSS = "css"
CSS_DQ = "cssDqStr"
CSS_SQ = "cssSqStr"
CSS_DQ_URL = "cssDqURL"
CSS_SQ_URL = "cssSqURL"
CSS_URL = "cssURL"
CSS_BLOCK_CMT = "cssBlockCmt"
CSS_LINE_CMT = "cssLineCmt"
ERROR = "error"

COMMENTS = frozenset({HTML_CMT, JS_BLOCK_CMT, JS_LINE_CMT, CSS_BLOCK_CMT, CSS_LINE_CMT})

_CONTENT_OF = {"none": TEXT, "script": JS, "style": CSS, "textarea": RCDATA, "title": RCDATA}
_VALUE_START = {
    "none": ATTR,
    "script": JS,
    "scripttype": ATTR,
    "style": CSS,
    "url": URL,
    "srcset": SRCSET,
}
_DELIM_ENDS = {"dq": '"', "sq": "'", "sp": SPACE + ">"}


_URL_ATTRS = words(
    "action archive background cite classid codebase data formaction href icon "
    "longdesc manifest poster profile src usemap xmlns"
)
_OTHER_TYPED = {"srcset": "srcset", "style": "style"}
_UNTYPED = words(
    "accept-charset async challenge charset content crossorigin defer enctype form "
    "formenctype formmethod formnovalidate http-equiv keytype language method "
    "novalidate pattern rel sandbox srcdoc type value"
)
_JS_TYPES = words(
    "application/ecmascript application/javascript application/json "
    "application/ld+json application/x-ecmascript application/x-javascript module "
    "text/ecmascript text/javascript text/javascript1.0 text/javascript1.1 "
    "text/javascript1.2 text/javascript1.3 text/javascript1.4 text/javascript1.5 "
    "text/jscript text/livescript text/x-ecmascript text/x-javascript"
)
_REGEXP_PRECEDERS = words(
    "break case continue delete do else finally in instanceof return throw try typeof void"
)


@dataclass(frozen=True, slots=True)
class Ctx:
    """html/template's `context`: the state plus what qualifies it."""

    state: str = TEXT
    delim: str = ""  # "", "dq", "sq" or "sp" (unquoted value)
    url_part: str = "none"  # none, pre (before ? or #), qf (query or fragment), unknown
    js_ctx: str = "regexp"  # what a `/` starts: regexp, divop or unknown
    attr: str = "none"  # none, script, scripttype, style, url, srcset
    element: str = "none"  # none, script, style, textarea, title
    error: str = ""


def attr_kind(name: str) -> str:
    """The `attr` value for an attribute name (html/template's attrType)."""
    if name.startswith("data-"):
        name = name[5:]
    elif ":" in name:
        prefix, name = name.split(":", 1)
        if prefix == "xmlns":
            return "url"
    if name in _URL_ATTRS:
        return "url"
    if name in _OTHER_TYPED:
        return _OTHER_TYPED[name]
    if name in _UNTYPED:
        return "none"
    if name.startswith("on"):
        return "script"
    if "src" in name or "uri" in name or "url" in name:
        return "url"
    return "none"


def _error(message: str) -> tuple[Ctx, int]:
    return Ctx(state=ERROR, error=message), 0


def _eat_space(s: str, i: int) -> int:
    while i < len(s) and s[i] in SPACE:
        i += 1
    return i


def _tag_name(s: str, i: int) -> tuple[int, str]:
    if i >= len(s) or not (s[i].isascii() and s[i].isalpha()):
        return i, "none"
    j = i + 1
    while j < len(s):
        ch = s[j]
        if ch.isascii() and ch.isalnum():
            j += 1
        elif ch in ":-" and j + 1 < len(s) and s[j + 1].isascii() and s[j + 1].isalnum():
            j += 2
        else:
            break
    name = s[i:j].lower()
    return j, name if name in _CONTENT_OF else "none"


def _t_text(c: Ctx, s: str) -> tuple[Ctx, int]:
    k = 0
    while True:
        i = s.find("<", k)
        if i < 0 or i + 1 == len(s):
            return c, len(s)
        if s.startswith("<!--", i):
            return Ctx(state=HTML_CMT), i + 4
        i += 1
        end = False
        if s[i] == "/":
            if i + 1 == len(s):
                return c, len(s)
            end, i = True, i + 1
        j, element = _tag_name(s, i)
        if j != i:
            return Ctx(state=TAG, element="none" if end else element), j
        k = j


def _attr_name_end(s: str, i: int) -> int:
    """The end of an attribute name starting at i, or -1 for a quote or `<` inside it."""
    for j in range(i, len(s)):
        ch = s[j]
        if ch in " \t\n\f\r=>":
            return j
        if ch in "'\"<":
            return -1
    return len(s)


def _t_tag(c: Ctx, s: str) -> tuple[Ctx, int]:
    i = _eat_space(s, 0)
    if i == len(s):
        return c, len(s)
    if s[i] == ">":
        return Ctx(state=_CONTENT_OF[c.element], element=c.element), i + 1
    j = _attr_name_end(s, i)
    if j < 0:
        return Ctx(state=ERROR, error=f"bad character in attribute name: {s[:32]!r}"), len(s)
    if i == j:
        return (
            Ctx(state=ERROR, error=f"expected space, attr name, or end of tag: {s[i:]!r}"),
            len(s),
        )
    name = s[i:j].lower()
    attr = "scripttype" if c.element == "script" and name == "type" else attr_kind(name)
    state = ATTR_NAME if j == len(s) else AFTER_NAME
    return Ctx(state=state, element=c.element, attr=attr), j


def _t_attr_name(c: Ctx, s: str) -> tuple[Ctx, int]:
    i = _attr_name_end(s, 0)
    if i < 0:
        return Ctx(state=ERROR, error=f"bad character in attribute name: {s[:32]!r}"), len(s)
    if i != len(s):
        c = replace(c, state=AFTER_NAME)
    return c, i


def _t_after_name(c: Ctx, s: str) -> tuple[Ctx, int]:
    i = _eat_space(s, 0)
    if i == len(s):
        return c, len(s)
    if s[i] != "=":
        return replace(c, state=TAG), i
    return replace(c, state=BEFORE_VALUE), i + 1


def _t_before_value(c: Ctx, s: str) -> tuple[Ctx, int]:
    i = _eat_space(s, 0)
    if i == len(s):
        return c, len(s)
    delim = "sp"
    if s[i] == "'":
        delim, i = "sq", i + 1
    elif s[i] == '"':
        delim, i = "dq", i + 1
    return replace(c, state=_VALUE_START[c.attr], delim=delim), i


def _t_html_cmt(c: Ctx, s: str) -> tuple[Ctx, int]:
    i = s.find("-->")
    if i >= 0:
        return Ctx(), i + 3
    return c, len(s)


def _special_end(s: str, tag: str) -> int:
    """Where `</tag` followed by a separator starts (case-insensitive), or -1."""
    lowered = s.lower()
    k = 0
    while True:
        i = lowered.find("</" + tag, k)
        if i < 0:
            return -1
        after = i + 2 + len(tag)
        if after < len(s) and s[after] in "> \t\n\f/":
            return i
        k = i + 2


def _t_special_end(c: Ctx, s: str) -> tuple[Ctx, int]:
    if c.element != "none":
        i = _special_end(s, c.element)
        if i >= 0:
            return Ctx(), i
    return c, len(s)


def _t_attr(c: Ctx, s: str) -> tuple[Ctx, int]:
    return c, len(s)


def _t_url(c: Ctx, s: str) -> tuple[Ctx, int]:
    if "#" in s or "?" in s:
        c = replace(c, url_part="qf")
    elif _eat_space(s, 0) != len(s) and c.url_part == "none":
        c = replace(c, url_part="pre")
    return c, len(s)


def next_js_ctx(s: str, preceding: str) -> str:
    s = s.rstrip("\t\n\f\r \u2028\u2029")
    if not s:
        return preceding
    last = s[-1]
    if last in "+-":
        run = len(s) - len(s.rstrip(last))
        return "regexp" if run % 2 == 1 else "divop"
    if last == ".":
        return "divop" if len(s) > 1 and s[-2].isdigit() else "regexp"
    if last in ",<>=*%&|^?!~([:;{}":
        return "regexp"
    j = len(s)
    while j > 0 and (s[j - 1].isalnum() or s[j - 1] in "_$"):
        j -= 1
    return "regexp" if s[j:] in _REGEXP_PRECEDERS else "divop"


def _t_js(c: Ctx, s: str) -> tuple[Ctx, int]:
    found = [p for p in (s.find('"'), s.find("'"), s.find("/")) if p >= 0]
    if not found:
        return replace(c, js_ctx=next_js_ctx(s, c.js_ctx)), len(s)
    i = min(found)
    c = replace(c, js_ctx=next_js_ctx(s[:i], c.js_ctx))
    ch = s[i]
    if ch == '"':
        return replace(c, state=JS_DQ, js_ctx="regexp"), i + 1
    if ch == "'":
        return replace(c, state=JS_SQ, js_ctx="regexp"), i + 1
    if i + 1 < len(s) and s[i + 1] == "/":
        return replace(c, state=JS_LINE_CMT), i + 2
    if i + 1 < len(s) and s[i + 1] == "*":
        return replace(c, state=JS_BLOCK_CMT), i + 2
    if c.js_ctx == "regexp":
        return replace(c, state=JS_REGEXP), i + 1
    if c.js_ctx == "divop":
        return replace(c, js_ctx="regexp"), i + 1
    return Ctx(state=ERROR, error=f"'/' could start a division or regexp: {s[i : i + 32]!r}"), len(
        s
    )


def _t_js_delimited(c: Ctx, s: str) -> tuple[Ctx, int]:
    specials = {JS_DQ: '\\"', JS_SQ: "\\'", JS_REGEXP: "\\/[]"}[c.state]
    k, in_charset = 0, False
    while True:
        found = [p for p in (s.find(ch, k) for ch in specials) if p >= 0]
        if not found:
            break
        i = min(found)
        ch = s[i]
        if ch == "\\":
            i += 1
            if i == len(s):
                return Ctx(state=ERROR, error=f"unfinished escape sequence in JS: {s!r}"), len(s)
        elif ch == "[":
            in_charset = True
        elif ch == "]":
            in_charset = False
        elif not in_charset:
            return replace(c, state=JS, js_ctx="divop"), i + 1
        k = i + 1
    if in_charset:
        return Ctx(state=ERROR, error=f"unfinished JS regexp charset: {s!r}"), len(s)
    return c, len(s)


def _t_block_cmt(c: Ctx, s: str) -> tuple[Ctx, int]:
    i = s.find("*/")
    if i < 0:
        return c, len(s)
    return replace(c, state=JS if c.state == JS_BLOCK_CMT else CSS), i + 2


def _t_line_cmt(c: Ctx, s: str) -> tuple[Ctx, int]:
    ends, back = ("\n\r\u2028\u2029", JS) if c.state == JS_LINE_CMT else ("\n\f\r", CSS)
    found = [p for p in (s.find(ch) for ch in ends) if p >= 0]
    if not found:
        return c, len(s)
    return replace(c, state=back), min(found)


def _ends_with_css_keyword(b: str, keyword: str) -> bool:
    i = len(b) - len(keyword)
    if i < 0:
        return False
    if i != 0 and _css_nmchar(b[i - 1]):
        return False
    return b[i:].lower() == keyword


def _css_nmchar(ch: str) -> bool:
    return (ch.isascii() and (ch.isalnum() or ch in "-_")) or ord(ch) >= 0x80


def _t_css(c: Ctx, s: str) -> tuple[Ctx, int]:
    k = 0
    while True:
        found = [p for p in (s.find(ch, k) for ch in "(\"'/") if p >= 0]
        if not found:
            return c, len(s)
        i = min(found)
        ch = s[i]
        if ch == "(":
            if _ends_with_css_keyword(s[:i].rstrip("\t\n\f\r "), "url"):
                rest = s[i + 1 :].lstrip("\t\n\f\r ")
                j = len(s) - len(rest)
                if rest.startswith('"'):
                    return replace(c, state=CSS_DQ_URL), j + 1
                if rest.startswith("'"):
                    return replace(c, state=CSS_SQ_URL), j + 1
                return replace(c, state=CSS_URL), j
        elif ch == "/":
            if s.startswith("//", i):
                return replace(c, state=CSS_LINE_CMT), i + 2
            if s.startswith("/*", i):
                return replace(c, state=CSS_BLOCK_CMT), i + 2
        elif ch == '"':
            return replace(c, state=CSS_DQ), i + 1
        else:
            return replace(c, state=CSS_SQ), i + 1
        k = i + 1


def _t_css_str(c: Ctx, s: str) -> tuple[Ctx, int]:
    if c.state in {CSS_DQ, CSS_DQ_URL}:
        ends = '\\"'
    elif c.state in {CSS_SQ, CSS_SQ_URL}:
        ends = "\\'"
    else:
        ends = "\\\t\n\f\r )"
    k = 0
    while True:
        found = [p for p in (s.find(ch, k) for ch in ends) if p >= 0]
        if not found:
            c2, n = _t_url(c, s[k:])
            return c2, k + n
        i = min(found)
        if s[i] == "\\":
            i += 1
            if i == len(s):
                return Ctx(state=ERROR, error=f"unfinished escape sequence in CSS: {s!r}"), len(s)
        else:
            return replace(c, state=CSS), i + 1
        c, _ = _t_url(c, s[: i + 1])
        k = i + 1


def _t_error(c: Ctx, s: str) -> tuple[Ctx, int]:
    return c, len(s)


_TRANSITIONS = {
    TEXT: _t_text,
    TAG: _t_tag,
    ATTR_NAME: _t_attr_name,
    AFTER_NAME: _t_after_name,
    BEFORE_VALUE: _t_before_value,
    HTML_CMT: _t_html_cmt,
    RCDATA: _t_special_end,
    ATTR: _t_attr,
    URL: _t_url,
    SRCSET: _t_url,
    JS: _t_js,
    JS_DQ: _t_js_delimited,
    JS_SQ: _t_js_delimited,
    JS_REGEXP: _t_js_delimited,
    JS_BLOCK_CMT: _t_block_cmt,
    JS_LINE_CMT: _t_line_cmt,
    CSS: _t_css,
    CSS_DQ: _t_css_str,
    CSS_SQ: _t_css_str,
    CSS_DQ_URL: _t_css_str,
    CSS_SQ_URL: _t_css_str,
    CSS_URL: _t_css_str,
    CSS_BLOCK_CMT: _t_block_cmt,
    CSS_LINE_CMT: _t_line_cmt,
    ERROR: _t_error,
}


def _after_text(c: Ctx, s: str) -> tuple[Ctx, int]:
    """The context after a prefix of `s` and that prefix's length (contextAfterText)."""
    if c.delim == "":
        c1, i = _t_special_end(c, s)
        if i == 0:
            return c1, 0
        return _TRANSITIONS[c.state](c, s[:i])
    ends = _DELIM_ENDS[c.delim]
    i = next((k for k, ch in enumerate(s) if ch in ends), len(s))
    if c.delim == "sp":
        bad = next((ch for ch in s[:i] if ch in "\"'<=`"), None)
        if bad is not None:
            return Ctx(state=ERROR, error=f"{bad!r} in unquoted attr: {s[:i]!r}"), len(s)
    if i == len(s):
        rest = html.unescape(s)
        while rest:
            c, n = _TRANSITIONS[c.state](c, rest)
            rest = rest[n:]
        return c, len(s)
    element = c.element
    if c.state == ATTR and c.element == "script" and c.attr == "scripttype":
        mime = s[:i].split(";", 1)[0].lower().strip()
        if mime not in _JS_TYPES:
            element = "none"
    if c.delim != "sp":
        i += 1
    return Ctx(state=TAG, element=element), i


def escape_text(c: Ctx, s: str) -> tuple[Ctx, str]:
    """The context after template text `s` and the text as html/template writes it."""
    out: list[str] = []
    written = i = 0
    guard = 0
    while i != len(s):
        c1, n = _after_text(c, s[i:])
        i1 = i + n
        if c.state in {TEXT, RCDATA}:
            end = i1
            if c1.state != c.state:
                back = s.rfind("<", i, end)
                if back >= 0:
                    end = back
            for j in range(i, end):
                if s[j] == "<" and not s[j:].upper().startswith("<!DOCTYPE"):
                    out.append(s[written:j])
                    out.append("&lt;")
                    written = j + 1
        elif c.state in COMMENTS and c.delim == "":
            if c.state == JS_BLOCK_CMT:
                out.append("\n" if any(ch in s[written:i1] for ch in "\n\r\u2028\u2029") else " ")
            elif c.state == CSS_BLOCK_CMT:
                out.append(" ")
            written = i1
        if c.state != c1.state and c1.state in COMMENTS and c1.delim == "":
            start = i1 - (4 if c1.state == HTML_CMT else 2)
            out.append(s[written:start])
            written = i1
        if i == i1 and c.state == c1.state:
            guard += 1
            if guard > 2:  # cannot happen with the transitions above; stay total anyway
                return Ctx(state=ERROR, error="no progress in template text"), s
        c, i = c1, i1
    if c.state != ERROR and (c.state not in COMMENTS or c.delim != ""):
        out.append(s[written:])
    return c, "".join(out)


def nudge(c: Ctx) -> Ctx:
    """The context an action sees (`<a x={{.}}` is an unquoted value)."""
    if c.state == TAG:
        return replace(c, state=ATTR_NAME)
    if c.state == BEFORE_VALUE:
        return replace(c, state=_VALUE_START[c.attr], delim="sp", attr="none")
    if c.state == AFTER_NAME:
        return replace(c, state=ATTR_NAME, attr="none")
    return c


def join(a: Ctx, b: Ctx, what: str) -> Ctx:
    """The context after a branch whose alternatives end in `a` and `b`."""
    if a.state == ERROR:
        return a
    if b.state == ERROR:
        return b
    if a == b:
        return a
    if replace(a, url_part=b.url_part) == b:
        return replace(a, url_part="unknown")
    if replace(a, js_ctx=b.js_ctx) == b:
        return replace(a, js_ctx="unknown")
    na, nb = nudge(a), nudge(b)
    if not (na == a and nb == b):
        joined = join(na, nb, what)
        if joined.state != ERROR:
            return joined
    return Ctx(state=ERROR, error=f"{{{{{what}}}}} branches end in different contexts")
