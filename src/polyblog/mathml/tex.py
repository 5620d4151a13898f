"""TeX to MathML: amsmath environments rewritten to what latex2mathml knows, checks that name
what is wrong, and the output rebuilt from an allow-list of MathML elements and attributes.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from functools import lru_cache
from html import escape

from markupsafe import Markup

ELEMENTS = frozenset(
    re.findall(
        r"\w+",
        "math semantics annotation mrow mi mn mo ms mtext mspace msup msub msubsup mfrac msqrt "
        "mroot mstyle mtable mtr mtd mlabeledtr mover munder munderover mpadded mphantom menclose "
        "merror mmultiscripts mprescripts none mfenced maligngroup malignmark",
    )
)
ATTRIBUTES = frozenset(
    re.findall(
        r"\w+",
        "display mathvariant stretchy fence separator separators lspace rspace minsize maxsize "
        "accent accentunder columnalign rowalign columnspacing rowspacing columnlines rowlines "
        "frame framespacing linethickness width height depth scriptlevel displaystyle "
        "movablelimits symmetric largeop form notation mathsize columnspan rowspan equalrows "
        "equalcolumns align side bevelled numalign denomalign voffset open close",
    )
)
COLOR_ATTRIBUTES = frozenset({"mathcolor", "mathbackground"})
LIMIT = 20_000  # characters of TeX per formula
# the wrapper of a formula, as the theme's `katex` and `math` shortcodes write it
CLASS = "sc-math"
DISPLAY_CLASS = "sc-math sc-math-display"
CODE_CLASS = "sc-math-tex"

# amsmath environments latex2mathml does not know, as ones it does: (begin, end)
_ALIGN = ("\\begin{align*}", "\\end{align*}")
_LINES = ("\\displaylines{", "}")  # centred rows in display style
_GROUP = ("{", "}")
_REWRITE = {
    **dict.fromkeys(["equation", "equation*"], _GROUP),
    **dict.fromkeys(["gather", "gather*", "gathered", "multline", "multline*"], _LINES),
    **dict.fromkeys(
        ["align", "flalign", "flalign*", "alignat", "alignat*", "aligned", "alignedat"], _ALIGN
    ),
    **dict.fromkeys(["eqnarray", "eqnarray*"], ("\\begin{array}{rcl}", "\\end{array}")),
}
_COUNTED = frozenset({"alignat", "alignat*", "alignedat"})  # `{n}` columns argument, dropped
_MATRICES = ("matrix", "pmatrix", "bmatrix", "Bmatrix", "vmatrix", "Vmatrix")
_KNOWN = frozenset(
    [m + star for m in _MATRICES for star in ("", "*")]
    + ["array", "cases", "smallmatrix", "split", "align*"]
)
_TOKEN = re.compile(r"\\(begin|end)\s*\{([^{}]*)\}(\s*\{\d+\})?|\\[A-Za-z]+|\\.|[{}]", re.S)
_CHAR_REF = re.compile(r"&#x([0-9A-Fa-f]{1,6});")
_COMMAND = re.compile(r"\\[A-Za-z]")  # latex2mathml's output for a command it does not know
_DROP = re.compile(r"\\label\s*\{[^{}]*\}|\\no(?:number|tag)(?![A-Za-z])")
_ROW_SPACE = re.compile(r"(\\\\)\*?\s*\[\s*-?[\d.]+\s*[a-z]{2}\s*\]")  # `\\[4pt]`
_REASONS = {
    "NumeratorNotFoundError": "a fraction without its numerator",
    "DenominatorNotFoundError": "a fraction without its denominator",
    "ExtraLeftOrMissingRightError": "\\left without its \\right",
    "MissingSuperScriptOrSubscriptError": "^ or _ without its argument",
    "DoubleSubscriptsError": "double subscript",
    "DoubleSuperscriptsError": "double superscript",
    "NoAvailableTokensError": "a command without its argument",
    "InvalidStyleForGenfracError": "invalid \\genfrac style",
    "MissingEndError": "\\begin without its \\end",
    "InvalidAlignmentError": "invalid column alignment",
    "InvalidWidthError": "invalid width",
    "LimitsMustFollowMathOperatorError": "\\limits not after an operator",
}


class TexError(ValueError):
    """TeX that does not convert; the message says why, in a few words."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def tex_to_mathml(source: object, display: object = False) -> Markup:
    """MathML for a TeX formula, with the TeX kept as its annotation; TeX that does not convert
    (or is too long) comes back as `<code class="sc-math-tex">`, escaped."""
    tex = str(source).strip()
    if not tex:
        return Markup("")
    try:
        return Markup(convert_tex(tex, bool(display)))
    except TexError:
        return Markup(f'<code class="{CODE_CLASS}">{escape(tex)}</code>')


def formula_html(tex: str, display: bool, element: str = "") -> tuple[str, str | None]:
    """A formula as the theme's shortcodes write it (`<span class="sc-math">`, or a `<div>` with
    `sc-math-display`) and the reason it did not convert, if it did not (then the TeX is shown
    as code)."""
    tag = element or ("div" if display else "span")
    source = tex.strip()
    error = None
    try:
        inner = convert_tex(source, display)
    except TexError as exc:
        error = exc.message
        inner = f'<code class="{CODE_CLASS}">{escape(source)}</code>'
    return f'<{tag} class="{DISPLAY_CLASS if display else CLASS}">{inner}</{tag}>', error


@lru_cache(maxsize=4096)
def convert_tex(tex: str, display: bool) -> str:
    """MathML (a `<math>` element) for a formula, or a `TexError`."""
    if len(tex) > LIMIT:
        raise TexError("formula too long")
    prepared = prepare(tex, display)
    from latex2mathml.converter import convert_to_element  # only for pages with formulas

    try:
        tree = convert_to_element(prepared, display="block" if display else "inline")
    except Exception as exc:  # latex2mathml raises many kinds on bad TeX
        raise TexError(_REASONS.get(type(exc).__name__, "TeX it cannot read")) from None
    for node in tree.iter():
        if node.tag in {"mi", "mo"} and _COMMAND.match(node.text or ""):
            raise TexError(f"unknown command {node.text}")
    out = ET.Element("math", {"display": "block" if display else "inline"})
    semantics = ET.SubElement(out, "semantics")
    row = ET.SubElement(semantics, "mrow")
    for child in tree:
        _copy(child, row)
    note = ET.SubElement(semantics, "annotation", {"encoding": "application/x-tex"})
    note.text = tex
    return ET.tostring(out, encoding="unicode", short_empty_elements=False)


def prepare(tex: str, display: bool) -> str:
    """The TeX latex2mathml gets: amsmath environments it does not know rewritten (gather and
    multline as centred rows, the align family as `align*`, equation as a group), labels and
    `\\nonumber` dropped, rows' extra spacing dropped, and a display formula with `\\\\` between
    rows made rows. Unbalanced braces and environments are a `TexError`."""
    tex = _ROW_SPACE.sub(r"\1", _DROP.sub("", tex))
    out: list[str] = []
    stack: list[str] = []  # open environments and braces (`{`)
    newline_at_top = False
    pos = 0
    for match in _TOKEN.finditer(tex):
        token = match.group(0)
        out.append(tex[pos : match.start()])
        pos = match.end()
        kind, name = match.group(1), (match.group(2) or "").strip()
        if token == "{":
            stack.append("{")
        elif token == "}":
            if not stack or stack.pop() != "{":
                raise TexError("unbalanced }")
        elif kind == "begin":
            stack.append(name)
            if name not in _REWRITE and name not in _KNOWN:
                raise TexError(f"unknown environment {name}")
            begin = _REWRITE.get(name, (f"\\begin{{{name}}}", ""))[0]
            extra = "" if name in _COUNTED else match.group(3) or ""
            token = begin + extra
        elif kind == "end":
            if not stack or stack[-1] != name:
                raise TexError(_mismatch(name, stack))
            stack.pop()
            token = _REWRITE.get(name, ("", f"\\end{{{name}}}"))[1] + (match.group(3) or "")
        elif token == "\\\\" and not stack:
            newline_at_top = True
        out.append(token)
    out.append(tex[pos:])
    if stack:
        opened = stack[-1]
        raise TexError("missing }" if opened == "{" else f"\\begin{{{opened}}} without its \\end")
    prepared = "".join(out)
    if display and newline_at_top:
        return _LINES[0] + prepared + _LINES[1]
    return prepared


def _mismatch(name: str, stack: list[str]) -> str:
    if stack and stack[-1] == "{":
        return f"missing }} before \\end{{{name}}}"
    if stack:
        return f"\\end{{{name}}} closes \\begin{{{stack[-1]}}}"
    return f"\\end{{{name}}} without its \\begin"


def _copy(node: ET.Element, parent: ET.Element) -> None:
    """Copy an allowed element with its allowed attributes; text is kept (escaped on output),
    other elements are replaced by their text."""
    tag = node.tag
    if tag not in ELEMENTS or tag in {"math", "annotation", "semantics"}:
        text = "".join(node.itertext())
        if text:
            ET.SubElement(parent, "mtext").text = _chars(text)
        return
    attrs = {k: v for k, v in node.attrib.items() if _allowed(k, v)}
    copy = ET.SubElement(parent, tag, attrs)
    copy.text = _chars(node.text) if node.text else node.text
    for child in node:
        _copy(child, copy)
        if child.tail and child.tail.strip():
            ET.SubElement(copy, "mtext").text = _chars(child.tail)


def _chars(text: str) -> str:
    """latex2mathml writes symbols as character references (`&#x0003C;`) in its elements'
    text, and other text as it is: the text as characters."""
    return _CHAR_REF.sub(lambda m: chr(int(m.group(1), 16)), text) if "&#x" in text else text


def _allowed(name: str, value: str) -> bool:
    if name in ATTRIBUTES:
        return len(value) <= 100 and not any(c in value for c in "<>\"'`;{}()\\")
    if name in COLOR_ATTRIBUTES:
        plain = value.lstrip("#")
        return len(value) <= 30 and plain.isascii() and plain.isalnum()
    return False


_ANNOTATED = re.compile(
    r"<math\b[^>]*>.*?<annotation encoding=\"application/x-tex\">(.*?)</annotation>.*?</math>",
    re.S,
)


def math_as_tex(rendered: str) -> str:
    """Rendered HTML with each formula replaced by its TeX (escaped), for plain text."""
    return _ANNOTATED.sub(lambda m: m.group(1), rendered) if "<math" in rendered else rendered
