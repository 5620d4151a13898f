"""`blog build --relative-urls`: every root-relative URL of a generated HTML page rewritten
relative to the page's own file, so the output folder can be opened from disk.

One pass over the page's markup (a small tokenizer: comments, raw-text elements, tags and their
attributes), changing nothing but the URL values it rewrites; absolute URLs stay as they are.
"""

from __future__ import annotations

import re
from collections.abc import Callable

# attributes holding one URL (`data-embed`: the theme's video facades load it as an iframe)
URL_ATTRIBUTES = frozenset(
    {"href", "src", "action", "formaction", "poster", "data", "cite", "xlink:href", "data-embed"}
)
SRCSET_ATTRIBUTES = frozenset({"srcset", "imagesrcset"})
# elements whose content is text up to their end tag, not markup (HTML's raw text elements)
RAW_TEXT = frozenset({"script", "style", "textarea", "title", "xmp", "iframe", "noembed"})

_RAW_END = {tag: re.compile(rf"</{tag}[\t\n\f\r />]", re.IGNORECASE) for tag in RAW_TEXT}
_SPACE = "\t\n\f\r "
_SKIP = re.compile(r"[\t\n\f\r /]*")
_TAG_NAME = re.compile(r"[^\t\n\f\r />]*")
_ATTR_NAME = re.compile(r"[^\t\n\f\r />][^\t\n\f\r />=]*")
_EQUALS = re.compile(r"[\t\n\f\r ]*=[\t\n\f\r ]*")
_VALUE = re.compile(r'"[^"]*"|\'[^\']*\'|[^\t\n\f\r >]*')
_CSS_URL = re.compile(r"\b(url\(\s*)([^)]*?)(\s*\))", re.IGNORECASE)
_CSS_QUOTES = ('"', "'", "&quot;", "&#34;", "&#39;", "&apos;")
_REFRESH_URL = re.compile(r"(url\s*=\s*['\"]?)([^'\"\s]*)", re.IGNORECASE)
_SRCSET_GAP = re.compile(r"[\s,]*")
_SRCSET_URL = re.compile(r"\S+")
_SRCSET_DESCRIPTORS = re.compile(r"[^,(]*(?:\([^)]*\)[^,(]*)*")

Rewrite = Callable[[str], str | None]
Edit = tuple[int, int, str]  # replace text[start:end] by this


def relative_urls(html: bytes, file: str, base_path: str = "/") -> bytes:
    """The page `html`, written to `file` (relative to the output folder, e.g.
    `posts/x/index.html`), with its root-relative URLs made relative to that file.

    `base_path` is the path of the site's base URL (`/` or `/blog/`): a URL under it points
    into the output folder; a root-relative URL outside it is left as it is. A URL of a folder
    (`/posts/`, or a last segment without a dot) gets `index.html`, which a browser reading
    files needs. Query and fragment are kept."""
    text = html.decode("utf-8", "surrogateescape")
    rewritten = rewrite_html(text, url_rewriter(file, base_path))
    return html if rewritten == text else rewritten.encode("utf-8", "surrogateescape")


def url_rewriter(file: str, base_path: str = "/") -> Rewrite:
    """A function from a URL to its relative form seen from `file`, or None to keep it."""
    depth = file.count("/")
    up = "../" * depth if depth else "./"
    base = base_path if base_path.endswith("/") else base_path + "/"

    def rewrite(url: str) -> str | None:
        if not url.startswith("/") or url.startswith(("//", "/\\")):
            return None  # relative, absolute or protocol-relative: already right
        cut = len(url)
        for mark in "?#":
            found = url.find(mark)
            if 0 <= found < cut:
                cut = found
        path, rest = url[:cut], url[cut:]
        if path == base[:-1]:
            path = base
        if not path.startswith(base):
            return None  # outside the site's folder: nothing in the output to point to
        inside = path[len(base) :]
        if inside == "" or inside.endswith("/"):
            inside += "index.html"
        elif "." not in inside.rsplit("/", 1)[-1]:
            inside += "/index.html"
        return up + inside + rest

    return rewrite


def rewrite_html(text: str, rewrite: Rewrite) -> str:
    """`text` with the URL-holding attribute values, srcset candidates, CSS `url()`s of style
    attributes and `<style>` elements, and the URL of a meta refresh passed through `rewrite`."""
    edits: list[Edit] = []
    size = len(text)
    pos = 0
    while True:
        start = text.find("<", pos)
        if start < 0 or start + 1 >= size:
            break
        after = text[start + 1]
        if text.startswith("<!--", start):
            end = text.find("-->", start + 4)
            pos = size if end < 0 else end + 3
            continue
        if after in "!?/":
            end = text.find(">", start)
            pos = size if end < 0 else end + 1
            continue
        if not (after.isascii() and after.isalpha()):
            pos = start + 1
            continue
        name_end = _TAG_NAME.match(text, start + 1)
        assert name_end is not None
        tag = name_end.group().lower()
        attrs, pos = _attributes(text, name_end.end())
        if pos < 0:
            break  # a tag cut off by the end of the page
        edits += _tag_edits(text, tag, attrs, rewrite)
        if tag in RAW_TEXT:
            found = _RAW_END[tag].search(text, pos)
            end = found.start() if found else size
            if tag == "style":
                edits += _css_edits(text, pos, end, rewrite)
            pos = end
    if not edits:
        return text
    out: list[str] = []
    last = 0
    for begin, end, value in edits:
        out += [text[last:begin], value]
        last = end
    out.append(text[last:])
    return "".join(out)


Attribute = tuple[str, int, int]  # lowercased name, start and end of the value (no quotes)


def _attributes(text: str, pos: int) -> tuple[list[Attribute], int]:
    """The attributes of a start tag from `pos` (after its name), and the position after its
    `>` (-1 when the page ends first)."""
    attrs: list[Attribute] = []
    size = len(text)
    while True:
        skip = _SKIP.match(text, pos)
        assert skip is not None
        pos = skip.end()
        if pos >= size:
            return attrs, -1
        if text[pos] == ">":
            return attrs, pos + 1
        name = _ATTR_NAME.match(text, pos)
        assert name is not None  # the character at pos is none of those _SKIP took, nor `>`
        pos = name.end()
        equals = _EQUALS.match(text, pos)
        if equals is None:
            continue  # an attribute without a value
        value = _VALUE.match(text, equals.end())
        assert value is not None
        begin, end = value.span()
        if value.group().startswith(('"', "'")):
            if end - begin < 2 or text[end - 1] != text[begin]:
                return attrs, -1  # a quote left open to the end of the page
            begin, end = begin + 1, end - 1
        attrs.append((name.group().lower(), begin, end))
        pos = value.end()


def _tag_edits(text: str, tag: str, attrs: list[Attribute], rewrite: Rewrite) -> list[Edit]:
    edits: list[Edit] = []
    refresh = tag == "meta" and any(
        name == "http-equiv" and text[begin:end].strip().lower() == "refresh"
        for name, begin, end in attrs
    )
    for name, begin, end in attrs:
        if name in URL_ATTRIBUTES:
            edits += _value_edit(text, begin, end, rewrite)
        elif name in SRCSET_ATTRIBUTES:
            edits += _srcset_edits(text, begin, end, rewrite)
        elif name == "style":
            edits += _css_edits(text, begin, end, rewrite)
        elif name == "content" and refresh:
            edits += _refresh_edits(text, begin, end, rewrite)
    return edits


def _value_edit(text: str, begin: int, end: int, rewrite: Rewrite) -> list[Edit]:
    raw = text[begin:end]
    lead = len(raw) - len(raw.lstrip(_SPACE))
    trail = len(raw.rstrip(_SPACE))
    new = rewrite(raw[lead:trail])
    return [] if new is None else [(begin + lead, begin + trail, new)]


def _srcset_edits(text: str, begin: int, end: int, rewrite: Rewrite) -> list[Edit]:
    value = text[begin:end]
    edits: list[Edit] = []
    pos = 0
    while pos < len(value):
        gap = _SRCSET_GAP.match(value, pos)
        assert gap is not None
        pos = gap.end()
        if pos >= len(value):
            break
        url = _SRCSET_URL.match(value, pos)
        assert url is not None
        candidate = url.group().rstrip(",")  # commas closing a URL separate candidates
        new = rewrite(candidate)
        if new is not None:
            edits.append((begin + pos, begin + pos + len(candidate), new))
        pos = url.end()
        if candidate == url.group():
            descriptors = _SRCSET_DESCRIPTORS.match(value, pos)
            assert descriptors is not None
            pos = max(descriptors.end(), pos)
    return edits


def _css_edits(text: str, begin: int, end: int, rewrite: Rewrite) -> list[Edit]:
    """`url(...)` in the CSS of text[begin:end] (a `<style>` element's content or a style
    attribute's value)."""
    edits: list[Edit] = []
    for match in _CSS_URL.finditer(text, begin, end):
        inner = match.group(2)
        start = match.start(2)
        for quote in _CSS_QUOTES:
            if len(inner) >= 2 * len(quote) and inner.startswith(quote) and inner.endswith(quote):
                inner = inner[len(quote) : -len(quote)]
                start += len(quote)
                break
        new = rewrite(inner.strip())
        if new is not None:
            lead = len(inner) - len(inner.lstrip())
            at = start + lead
            edits.append((at, at + len(inner.strip()), new))
    return edits


def _refresh_edits(text: str, begin: int, end: int, rewrite: Rewrite) -> list[Edit]:
    """`<meta http-equiv="refresh" content="0; url=/x/">`."""
    match = _REFRESH_URL.search(text, begin, end)
    if match is None:
        return []
    new = rewrite(match.group(2))
    return [] if new is None else [(match.start(2), match.end(2), new)]
