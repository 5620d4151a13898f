"""Shortcode syntax as Hugo 0.111's page lexer reads it: tags, typed arguments, escapes, and the
tree of paired calls. Pure and total: a tree, or a `ShortcodeSyntaxError` with an offset.

Forms: `{{< name args >}}`, `{{% name args %}}`, closing `{{< /name >}}` / `{{</ name >}}`,
self-closing `{{< name />}}`, escapes `{{</* name */>}}` / `{{%/* name */%}}` (literal text).
The rules, with the Hugo behaviour each follows, are in docs/shortcodes.md (Syntax).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal

MAX_DEPTH = 20
# Go's unicode.IsSpace: skipped after `=`, and the end of an unquoted value after `=`
_GO_SPACE = "\t\n\v\f\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
_SKIP_SPACE = re.compile(f"[{_GO_SPACE}]*")
_TO_SPACE = re.compile(f"[^{_GO_SPACE}]*")
_INLINE_CLOSE = re.compile(f"[{_GO_SPACE}]*/[{_GO_SPACE}]*")
_TAG_SPACE = " \t\r\n"  # what separates the items of a tag
_INT = re.compile(r"[-+]?[0-9]+")
_FLOAT = re.compile(r"[-+]?[0-9]*\.[0-9]+")
_INT64 = 2**63


class ShortcodeSyntaxError(Exception):
    """A syntax error at `offset` (0-based, in the parsed text)."""

    def __init__(self, message: str, offset: int) -> None:
        super().__init__(message)
        self.message = message
        self.offset = offset


class HugoFloat(float):
    """A float argument (`3.14`, `.5`); `str()` gives the text Hugo prints for it (`1e+06`, `2`)."""

    __slots__ = ()

    def __str__(self) -> str:
        return go_float(self)


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


@dataclass(frozen=True, slots=True)
class _Item:
    """One token of a tag, as Hugo's lexer emits it."""

    kind: str  # "name", "param" (a key or a positional value), "value" (after `=`), "slash"
    start: int
    text: str = ""
    value: object = None
    bare: bool = False  # an unquoted value after `=`


def parse(source: str) -> list[Node]:
    """Parse `source` into text, literals and (possibly nested) calls."""
    return _tree(source, _Lexer(source).tags())


def has_shortcodes(source: str) -> bool:
    return "{{<" in source or "{{%" in source


def go_float(value: float) -> str:
    """`value` as Go's `%v` prints a float64: shortest digits, `e+XX` from 1e+06 and below 1e-04."""
    if value == 0:
        return "-0" if math.copysign(1.0, value) < 0 else "0"
    if not math.isfinite(value):
        return "NaN" if math.isnan(value) else "+Inf" if value > 0 else "-Inf"
    sign = "-" if value < 0 else ""
    _, digit_tuple, exponent = Decimal(repr(abs(value))).as_tuple()
    assert isinstance(exponent, int)
    digits = "".join(map(str, digit_tuple)).lstrip("0")
    stripped = digits.rstrip("0")
    exponent += len(digits) - len(stripped)
    digits = stripped
    point = len(digits) + exponent  # value = 0.DIGITS x 10**point
    exp = point - 1
    if exp < -4 or exp >= 6:
        mantissa = digits[0] + ("." + digits[1:] if len(digits) > 1 else "")
        return f"{sign}{mantissa}e{'-' if exp < 0 else '+'}{abs(exp):02d}"
    if point <= 0:
        return f"{sign}0.{'0' * -point}{digits}"
    if point >= len(digits):
        return sign + digits + "0" * (point - len(digits))
    return f"{sign}{digits[:point]}.{digits[point:]}"


def typed(text: str) -> object:
    """An unquoted value as Hugo types it: `true`/`false`, an int64 (`-5`, `+7`, `0123` is 123),
    a float (`3.14`, `.5`, `-.5`); anything else, `1e3` and out-of-range numbers stay text."""
    if text in ("true", "false"):
        return text == "true"
    if _INT.fullmatch(text):
        if len(text.lstrip("+-").lstrip("0")) <= 19:
            number = int(text)
            if -_INT64 <= number < _INT64:
                return number
        return text
    if _FLOAT.fullmatch(text):
        number_f = float(text)
        return text if math.isinf(number_f) else HugoFloat(number_f)
    return text


def _end(pattern: re.Pattern[str], src: str, j: int) -> int:
    """Where a match of `pattern` (which may be empty) from `j` ends."""
    m = pattern.match(src, j)
    return m.end() if m else j


def _word_char(ch: str) -> bool:
    """Hugo's isAlphaNumericOrHyphen: `_`, `-`, Unicode letters and decimal digits."""
    return ch in "_-" or ch.isalpha() or ch.isdecimal()


class _Lexer:
    """Hugo's shortcode lexer over one text; `tags()` yields each tag in order."""

    def __init__(self, src: str) -> None:
        self.src = src
        self.n = len(src)
        self.last_name = ""  # the name of the latest tag, as Hugo's currShortcodeName
        self.inline = False  # inside `{{< x.inline >}}`: only its closing tag may follow

    def tags(self) -> Iterator[_Tag]:
        src = self.src
        pos = 0
        while True:
            i = src.find("{{", pos)
            if i < 0:
                return
            if i + 2 < self.n and src[i + 2] in "<%":
                tag = self._tag(i)
                yield tag
                pos = tag.end
            else:
                pos = i + 1

    def _tag(self, i: int) -> _Tag:
        src = self.src
        markdown = src[i + 2] == "%"
        close = "%}}" if markdown else ">}}"
        if self.inline:
            m = _INLINE_CLOSE.match(src, i + 3)
            if m is None or not src.startswith(self.last_name + " ", m.end()):
                raise ShortcodeSyntaxError("inline shortcodes do not support nesting", i)
        if src.startswith("/*", i + 3):
            end = src.find("*/" + close, i + 3)
            if end <= i + 4:
                raise ShortcodeSyntaxError(
                    f"escaped shortcode {src[i : i + 3]}/* is never closed with */{close}", i
                )
            text = src[i : i + 3] + src[i + 5 : end] + close
            return _Tag("literal", "", markdown, [], {}, i, end + 5, text=text)
        items: list[_Item] = []
        try:
            j = self._items(i, close, items)
        except ShortcodeSyntaxError as exc:
            raise _swallowed(src, close, items) or exc from None
        return _build(src, i, j, close, items)

    def _items(self, i: int, close: str, items: list[_Item]) -> int:
        """Lex the items of the tag at `i` into `items`; return the offset after its end."""
        src, n = self.src, self.n
        j = i + 3
        named: int | None = None  # Hugo's paramElements: None, 1 positional, 2 named
        closing = False
        name = ""
        while True:
            if src.startswith(close, j):
                return j + 3
            if j >= n:
                what = f"shortcode {name!r}" if name else src[i : i + 3]
                raise ShortcodeSyntaxError(f"{what} is not closed with {close}", i)
            ch = src[j]
            if ch in _TAG_SPACE:
                j += 1
            elif ch == "=":
                j = _end(_SKIP_SPACE, src, j + 1)
                nxt = src[j] if j < n else ""
                if nxt in ('"', "\\", "`"):
                    text, k = self._raw(j) if nxt == "`" else self._quoted(j, nxt == '"')
                    items.append(_Item("value", j, text, text))
                else:
                    k = _end(_TO_SPACE, src, j)
                    items.append(_Item("value", j, src[j:k], typed(src[j:k]), bare=True))
                j = k
            elif ch == "/":
                if not name and src.startswith("/*", j):
                    raise ShortcodeSyntaxError(
                        f"write an escaped shortcode as {src[i : i + 3]}/* … */{close}, "
                        f"with no space between {src[i : i + 3]} and /*",
                        j,
                    )
                if not self.last_name:
                    raise _orphan(src, i, j + 1)
                closing = not name
                self.inline = False
                items.append(_Item("slash", j))
                j += 1
            elif ch == "\\":
                j += 1
                if j < n and src[j] in '"`':
                    j, named = self._param(j, True, named, name, items)
            elif name and (_word_char(ch) or ch in '"`'):
                j, named = self._param(j, False, named, name, items)
            elif ch.isalpha() or ch.isdecimal() or ch == "_":
                start = j
                name, j = self._name(j)
                items.append(_Item("name", start, name))
                if closing:
                    return self._closing_end(i, j, close, name)
            elif src.startswith("{{", j):
                what = f"shortcode {name!r}" if name else src[i : i + 3]
                raise ShortcodeSyntaxError(f"{what} is not closed with {close}", i)
            elif not name:
                raise ShortcodeSyntaxError(f"expected a shortcode name after {src[i : i + 3]}", j)
            elif src.startswith("%}}" if close == ">}}" else ">}}", j):
                raise ShortcodeSyntaxError(
                    f"shortcode {name!r} opened with {src[i : i + 3]} must end with {close}", j
                )
            else:
                raise ShortcodeSyntaxError(
                    f"unexpected {ch!r} in shortcode {name!r} (quote a value with characters "
                    "other than letters, digits, '_', '-' and '.')",
                    j,
                )

    def _closing_end(self, i: int, j: int, close: str, name: str) -> int:
        """After the name of a closing tag: only spaces or tabs, then the delimiter."""
        src = self.src
        self.inline = False
        while j < self.n and src[j] in " \t":
            j += 1
        if src.startswith(close, j):
            return j + 3
        if j >= self.n:
            raise ShortcodeSyntaxError(f"shortcode {name!r} is not closed with {close}", i)
        if src[j] in "\r\n":
            raise ShortcodeSyntaxError(
                f"closing tag of {name!r} must end with {close} on the same line", j
            )
        raise ShortcodeSyntaxError(f"closing tag of {name!r} takes no arguments", j)

    def _name(self, j: int) -> tuple[str, int]:
        """A name: letters, digits, `_`, `-`, `/`; a `.` only in `name.inline`."""
        src = self.src
        k = j
        while k < self.n:
            ch = src[k]
            if _word_char(ch) or ch == "/":
                k += 1
            elif ch == ".":
                if not src.startswith("inline ", k + 1):
                    raise ShortcodeSyntaxError(
                        "a '.' in a shortcode name is only allowed in 'name.inline'", k
                    )
                self.inline = True
                k += 1
            else:
                break
        self.last_name = src[j:k]
        return src[j:k], k

    def _param(
        self, j: int, escaped: bool, named: int | None, name: str, items: list[_Item]
    ) -> tuple[int, int | None]:
        """A key or positional value at `j` (after `\\` when `escaped`)."""
        src = self.src
        ch = src[j]
        mixed = f"shortcode {name!r} mixes positional and named arguments"
        if ch == '"' or (ch == "`" and not escaped):
            if named == 2:
                raise ShortcodeSyntaxError(mixed, j)
            text, k = self._quoted(j, not escaped) if ch == '"' else self._raw(j)
            items.append(_Item("param", j, text, text))
            return k, 1
        if ch == "`":
            raise ShortcodeSyntaxError("a backtick cannot be escaped (\\`)", j - 1)
        k = j + 1
        while k < self.n and (_word_char(src[k]) or src[k] == "."):
            k += 1
        is_key = src.startswith("=", k)
        if named is None:
            named = 2 if is_key else 1
        elif (named == 1) == is_key:
            spaced = src.startswith("=", _end(_SKIP_SPACE, src, k))
            if (spaced and not is_key) or (is_key and any(it.kind == "value" for it in items)):
                mixed += (
                    " (write every name=value of a call alike: with or without a space before '=')"
                )
            raise ShortcodeSyntaxError(mixed, j)
        items.append(_Item("param", j, src[j:k], typed(src[j:k])))
        return k, named

    def _quoted(self, j: int, escapes: bool) -> tuple[str, int]:
        """A `"quoted"` value at `j`, or with `escapes` off the `\\"escaped\\"` form (at `\\`).
        Only `\\"` is an escape; when there is one, Hugo drops every backslash of the value."""
        src, n = self.src, self.n
        k = start = j
        opened = escaped_quote = after_backslash = False
        while True:
            if k >= n or src[k] == "\n":
                raise ShortcodeSyntaxError(
                    "unterminated quoted string (a quoted value ends on its line; "
                    "use `raw` quotes for several lines)",
                    j,
                )
            ch = src[k]
            if ch == "\\":
                nxt = src[k + 1] if k + 1 < n else ""
                if nxt == '"' and opened:
                    if not escapes:
                        break
                    escaped_quote = after_backslash = True
                elif nxt == "`":
                    raise ShortcodeSyntaxError("a backtick cannot be escaped (\\`)", k)
            elif ch == '"':
                if after_backslash:
                    after_backslash = False
                elif opened:
                    break
                else:
                    opened = True
                    start = k + 1
            k += 1
        text = src[start:k]
        if escaped_quote:
            text = text.replace("\\", "")
        if src.startswith('\\"', k):
            return text, k + 2
        return text, k + 1

    def _raw(self, j: int) -> tuple[str, int]:
        end = self.src.find("`", j + 1)
        if end < 0:
            raise ShortcodeSyntaxError("unterminated `raw string`", j)
        return self.src[j + 1 : end], end + 1


def _orphan(src: str, i: int, j: int) -> ShortcodeSyntaxError:
    """A `/` before any shortcode at all (Hugo: "got closing shortcode, but none is open")."""
    j = _end(_SKIP_SPACE, src, j)
    k = j
    while k < len(src) and (_word_char(src[k]) or src[k] in "/."):
        k += 1
    if k == j:
        return ShortcodeSyntaxError(f"expected a shortcode name after {src[i : i + 3]} /", j)
    return ShortcodeSyntaxError(f"closing tag {{{{</ {src[j:k]} >}}}} has no opening tag", i)


def _swallowed(src: str, close: str, items: list[_Item]) -> ShortcodeSyntaxError | None:
    """A clearer error when an unquoted value ran over the tag's end (`k=v>}}`, `k= >}}`)."""
    for index, item in enumerate(items):
        at = item.text.find(close) if item.bare else -1
        if at < 0:
            continue
        key = items[index - 1].text if index and items[index - 1].kind == "param" else ""
        slash = item.text[at - 1 : at] == "/"
        at -= slash
        delim = "/" * slash + close
        if at == 0:
            message = f"'{key}=' has no value (write {key}=\"\" for an empty one)"
        else:
            message = f"the unquoted value of '{key}' runs into {delim}; put a space before it"
        return ShortcodeSyntaxError(message, item.start + at)
    return None


def _build(src: str, i: int, end: int, close: str, items: list[_Item]) -> _Tag:
    """A tag from its items, with Hugo's parser rules (hugolib/shortcode.go extractShortcode)."""
    markdown = close == "%}}"
    where = next((k for k, item in enumerate(items) if item.kind == "name"), None)
    if where is None:
        at = items[0].start if items else end - 3
        raise ShortcodeSyntaxError(f"expected a shortcode name after {src[i : i + 3]}", at)
    name = items[where].text
    slashes = [k for k, item in enumerate(items) if item.kind == "slash"]
    if slashes and slashes[0] < where:  # a closing tag
        for k, item in enumerate(items):
            if k not in (slashes[0], where):
                raise ShortcodeSyntaxError(
                    f"closing tag of {name!r} takes no arguments", item.start
                )
        return _Tag("close", name, markdown, [], {}, i, end)
    if slashes and (len(slashes) > 1 or slashes[0] != len(items) - 1):
        raise ShortcodeSyntaxError(
            f"'/' in shortcode {name!r} must be followed by {close} (quote a value with a '/')",
            items[slashes[0]].start,
        )
    args: list[object] | None = None
    kwargs: dict[str, object] | None = None
    mixed = f"shortcode {name!r} mixes positional and named arguments"
    for k, item in enumerate(items):
        if item.kind != "param":
            continue  # a value without a key before it is ignored, as Hugo does
        following = items[k + 1] if k + 1 < len(items) else None
        if following is not None and following.kind == "value":
            if args is not None:
                raise ShortcodeSyntaxError(mixed, item.start)
            kwargs = {} if kwargs is None else kwargs
            kwargs[item.text] = following.value
        else:
            if kwargs is not None:
                raise ShortcodeSyntaxError(mixed, item.start)
            args = [] if args is None else args
            args.append(item.value)
    return _Tag("open", name, markdown, args or [], kwargs or {}, i, end, bool(slashes))


def _tree(src: str, tags: Iterable[_Tag]) -> list[Node]:
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
