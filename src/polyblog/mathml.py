"""TeX to MathML for the theme's `katex` and `math` shortcodes (the `mathml` Jinja filter).

latex2mathml converts; its output is rebuilt from an allow-list of MathML elements and attributes.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from html import escape

from latex2mathml.converter import convert
from markupsafe import Markup

NS = "{http://www.w3.org/1998/Math/MathML}"
ELEMENTS = frozenset(
    [
        "math",
        "semantics",
        "annotation",
        "mrow",
        "mi",
        "mn",
        "mo",
        "ms",
        "mtext",
        "mspace",
        "msup",
        "msub",
        "msubsup",
        "mfrac",
        "msqrt",
        "mroot",
        "mstyle",
        "mtable",
        "mtr",
        "mtd",
        "mlabeledtr",
        "mover",
        "munder",
        "munderover",
        "mpadded",
        "mphantom",
        "menclose",
        "merror",
        "mmultiscripts",
        "mprescripts",
        "none",
        "mfenced",
        "maligngroup",
        "malignmark",
    ]
)
ATTRIBUTES = frozenset(
    [
        "display",
        "mathvariant",
        "stretchy",
        "fence",
        "separator",
        "separators",
        "lspace",
        "rspace",
        "minsize",
        "maxsize",
        "accent",
        "accentunder",
        "columnalign",
        "rowalign",
        "columnspacing",
        "rowspacing",
        "columnlines",
        "rowlines",
        "frame",
        "framespacing",
        "linethickness",
        "width",
        "height",
        "depth",
        "scriptlevel",
        "displaystyle",
        "movablelimits",
        "symmetric",
        "largeop",
        "form",
        "notation",
        "mathsize",
        "columnspan",
        "rowspan",
        "equalrows",
        "equalcolumns",
        "align",
        "side",
        "bevelled",
        "numalign",
        "denomalign",
        "voffset",
        "open",
        "close",
    ]
)
COLOR_ATTRIBUTES = frozenset({"mathcolor", "mathbackground"})
LIMIT = 20_000  # characters of TeX per formula


def tex_to_mathml(source: object, display: bool = False) -> Markup:
    """MathML for a TeX formula, with the TeX kept as its annotation; TeX that does not convert
    (or is too long) comes back as `<code class="sc-math-tex">`, escaped."""
    tex = str(source).strip()
    if not tex:
        return Markup("")
    try:
        if len(tex) > LIMIT:
            raise ValueError("formula too long")
        tree = ET.fromstring(convert(tex, display="block" if display else "inline"))
    except Exception:  # latex2mathml raises many kinds on bad TeX: show the source instead
        return Markup(f'<code class="sc-math-tex">{escape(tex)}</code>')
    out = ET.Element("math", {"display": "block" if display else "inline"})
    semantics = ET.SubElement(out, "semantics")
    row = ET.SubElement(semantics, "mrow")
    for child in tree:
        _copy(child, row)
    note = ET.SubElement(semantics, "annotation", {"encoding": "application/x-tex"})
    note.text = tex
    return Markup(ET.tostring(out, encoding="unicode", short_empty_elements=False))


def _copy(node: ET.Element, parent: ET.Element) -> None:
    """Copy an allowed element with its allowed attributes; text is kept (escaped on output),
    other elements are replaced by their text."""
    tag = node.tag.removeprefix(NS)
    if tag not in ELEMENTS or tag in {"math", "annotation", "semantics"}:
        text = "".join(node.itertext())
        if text:
            ET.SubElement(parent, "mtext").text = text
        return
    attrs = {k: v for k, v in node.attrib.items() if _allowed(k, v)}
    copy = ET.SubElement(parent, tag, attrs)
    copy.text = node.text
    for child in node:
        _copy(child, copy)
        if child.tail and child.tail.strip():
            ET.SubElement(copy, "mtext").text = child.tail


def _allowed(name: str, value: str) -> bool:
    if name in ATTRIBUTES:
        return len(value) <= 100 and not any(c in value for c in "<>\"'`;{}()\\")
    if name in COLOR_ATTRIBUTES:
        plain = value.lstrip("#")
        return len(value) <= 30 and plain.isascii() and plain.isalnum()
    return False
