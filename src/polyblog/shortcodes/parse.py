"""Tokenizer and parser for Hugo shortcode syntax. Pure and total: any input either parses into a
tree or raises `ShortcodeSyntaxError` with the offset where it went wrong.

Forms: `{{< name args >}}`, `{{% name args %}}`, closing `{{< /name >}}` / `{{</ name >}}`,
self-closing `{{< name />}}`, escapes `{{</* name */>}}` / `{{%/* name */%}}` (literal text).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_DEPTH = 20
_NAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_./-]*")
_KEY = re.compile(r"([A-Za-z_][A-Za-z0-9_-]*)=")
_NUMBER = re.compile(r"-?\d+(\.\d+)?")
_LEADING_ZERO = re.compile(r"-?0\d")
_ESCAPES = {'"': '"', "\\": "\\", "n": "\n", "t": "\t", "r": "\r", "/": "/"}


class ShortcodeSyntaxError(Exception):
    """A syntax error at `offset` (0-based, in the parsed text)."""

    def __init__(self, message: str, offset: int) -> None:
        super().__init__(message)
        self.message = message
        self.offset = offset


@dataclass(frozen=True, slots=True)
class Text:
    text: str
    start: int


@dataclass(frozen=True, slots=True)
class Literal:
    """An escaped call `{{</* x */>}}`: shown as `{{< x >}}`, never run."""

    text: str
    start: int
    end: int


@dataclass(slots=True)
class Call:
    name: str
    markdown: bool  # {{% %}} rather than {{< >}}
    args: list[object]
    kwargs: dict[str, object]
    start: int  # offset of the opening `{{`
    end: int  # offset after the closing tag (or the opening tag when standalone)
    open_end: int  # offset after the opening tag
    inner: list[Node] | None = None  # None: no closing tag
    inner_start: int = 0
    inner_end: int = 0
    self_closing: bool = False


Node = Text | Literal | Call


@dataclass(frozen=True, slots=True)
class _Tag:
    kind: str  # "open", "close", "literal"
    name: str
    markdown: bool
    args: list[object]
    kwargs: dict[str, object]
    start: int
    end: int
    self_closing: bool = False
    text: str = ""


def parse(source: str) -> list[Node]:
    """Parse `source` into text, literals and (possibly nested) calls."""
    tags = list(_scan(source))
    return _tree(source, tags)


def has_shortcodes(source: str) -> bool:
    return "{{<" in source or "{{%" in source


def _scan(src: str) -> list[_Tag]:
    out: list[_Tag] = []
    pos = 0
    n = len(src)
    while True:
        i = src.find("{{", pos)
        if i < 0 or i + 2 >= n:
            return out
        delim = src[i + 2]
        if delim not in "<%":
            pos = i + 2
            continue
        close = ">}}" if delim == "<" else "%}}"
        j = i + 3
        j = _skip_ws(src, j)
        if src.startswith("/*", j):
            end = src.find("*/", j + 2)
            if end < 0:
                raise ShortcodeSyntaxError("escaped shortcode {{</* is never closed with */>}}", i)
            k = _skip_ws(src, end + 2)
            if not src.startswith(close, k):
                raise ShortcodeSyntaxError(f"expected {close} after */", k)
            inner = src[j + 2 : end]
            text = "{{" + delim + inner + close[:-2] + "}}"
            out.append(_Tag("literal", "", delim == "%", [], {}, i, k + 3, text=text))
            pos = k + 3
            continue
        closing = src.startswith("/", j)
        if closing:
            j = _skip_ws(src, j + 1)
        match = _NAME.match(src, j)
        if match is None:
            raise ShortcodeSyntaxError("expected a shortcode name after " + src[i : i + 3], j)
        name = match.group(0)
        j = match.end()
        args: list[object] = []
        kwargs: dict[str, object] = {}
        self_closing = False
        while True:
            j = _skip_ws(src, j)
            if j >= n:
                raise ShortcodeSyntaxError(f"shortcode {name!r} is not closed with {close}", i)
            if src.startswith(close, j):
                j += 3
                break
            if src.startswith("/" + close, j):
                self_closing = True
                j += 4
                break
            if src.startswith("{{", j):
                raise ShortcodeSyntaxError(f"shortcode {name!r} is not closed with {close}", i)
            if closing:
                raise ShortcodeSyntaxError(f"closing tag of {name!r} takes no arguments", j)
            key_match = _KEY.match(src, j)
            if key_match:
                value, j = _value(src, key_match.end())
                key = key_match.group(1)
                if args:
                    raise ShortcodeSyntaxError(
                        f"shortcode {name!r} mixes positional and named arguments",
                        key_match.start(),
                    )
                kwargs[key] = value
            else:
                start = j
                value, j = _value(src, j)
                if kwargs:
                    raise ShortcodeSyntaxError(
                        f"shortcode {name!r} mixes positional and named arguments", start
                    )
                args.append(value)
        kind = "close" if closing else "open"
        out.append(_Tag(kind, name, delim == "%", args, kwargs, i, j, self_closing))
        pos = j


def _skip_ws(src: str, j: int) -> int:
    n = len(src)
    while j < n and src[j] in " \t\r\n":
        j += 1
    return j


def _value(src: str, j: int) -> tuple[object, int]:
    """One argument value: "quoted", `raw`, or a bare word (numbers and booleans typed)."""
    n = len(src)
    if j >= n:
        raise ShortcodeSyntaxError("expected a value", j)
    ch = src[j]
    if ch == '"':
        out: list[str] = []
        k = j + 1
        while k < n:
            c = src[k]
            if c == "\\" and k + 1 < n:
                out.append(_ESCAPES.get(src[k + 1], "\\" + src[k + 1]))
                k += 2
                continue
            if c == '"':
                return "".join(out), k + 1
            out.append(c)
            k += 1
        raise ShortcodeSyntaxError("unterminated quoted string", j)
    if ch == "`":
        end = src.find("`", j + 1)
        if end < 0:
            raise ShortcodeSyntaxError("unterminated `raw string`", j)
        return src[j + 1 : end], end + 1
    k = j
    while (
        k < n
        and src[k] not in " \t\r\n"
        and not src.startswith(">}}", k)
        and not (src.startswith("%}}", k))
        and not src.startswith("/>}}", k)
        and not src.startswith("/%}}", k)
    ):
        if src[k] in '"`=':
            raise ShortcodeSyntaxError(f"unexpected {src[k]!r} in argument", k)
        k += 1
    word = src[j:k]
    if not word:
        raise ShortcodeSyntaxError("expected a value", j)
    return _typed(word), k


def _typed(word: str) -> object:
    if word in {"true", "false"}:
        return word == "true"
    if len(word) <= 30 and _NUMBER.fullmatch(word) and not _LEADING_ZERO.match(word):
        return float(word) if "." in word else int(word)
    return word  # long digit strings and 0123 stay text (ids keep their digits)


def _tree(src: str, tags: list[_Tag]) -> list[Node]:
    """Pair opening and closing tags; unmatched openings are standalone calls."""
    root: list[Node] = []
    stack: list[tuple[Call, list[Node]]] = []
    current = root
    pos = 0
    for tag in tags:
        if tag.start > pos:
            current.append(Text(src[pos : tag.start], pos))
        pos = tag.end
        if tag.kind == "literal":
            current.append(Literal(tag.text, tag.start, tag.end))
        elif tag.kind == "open":
            call = Call(
                name=tag.name,
                markdown=tag.markdown,
                args=tag.args,
                kwargs=tag.kwargs,
                start=tag.start,
                end=tag.end,
                open_end=tag.end,
                self_closing=tag.self_closing,
            )
            current.append(call)
            if not tag.self_closing:
                stack.append((call, current))
                current = []
        else:
            depth = next(
                (d for d in range(len(stack) - 1, -1, -1) if stack[d][0].name == tag.name), None
            )
            if depth is None:
                raise ShortcodeSyntaxError(
                    f"closing tag {{{{</ {tag.name} >}}}} has no opening tag", tag.start
                )
            # openings above the match had no closing tag: they are standalone
            while len(stack) > depth + 1:
                call, parent = stack.pop()
                parent.extend(current)
                current = parent
            call, parent = stack.pop()
            if call.markdown != tag.markdown:
                raise ShortcodeSyntaxError(
                    f"{call.name!r} opened with {'{{%' if call.markdown else '{{<'} "
                    f"but closed with {'{{%' if tag.markdown else '{{<'}",
                    tag.start,
                )
            call.inner = current
            call.inner_start = call.open_end
            call.inner_end = tag.start
            call.end = tag.end
            current = parent
    if pos < len(src):
        current.append(Text(src[pos:], pos))
    while stack:
        call, parent = stack.pop()
        parent.extend(current)
        current = parent
    _check_depth(root)
    return root


def _check_depth(nodes: list[Node]) -> None:
    """Paired calls may nest at most MAX_DEPTH deep (standalone calls do not nest)."""
    stack: list[tuple[list[Node], int]] = [(nodes, 0)]
    while stack:
        items, depth = stack.pop()
        for node in items:
            if isinstance(node, Call) and node.inner is not None:
                if depth + 1 > MAX_DEPTH:
                    raise ShortcodeSyntaxError(
                        f"shortcodes nested deeper than {MAX_DEPTH} levels", node.start
                    )
                stack.append((node.inner, depth + 1))
