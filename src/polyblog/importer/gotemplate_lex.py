"""The lexer of Go's text/template syntax as Hugo 0.111 reads it: text, actions with trim
markers, comments, and the tokens inside actions. Total: a mistake becomes an `ERROR` token."""

from __future__ import annotations

from dataclasses import dataclass

SPACE = " \t\r\n"
KEYWORDS = frozenset(
    {"block", "break", "continue", "define", "else", "end", "if", "range", "template", "with"}
)
# characters that may follow a field, variable or identifier (text/template's atTerminator)
_TERMINATORS = frozenset(SPACE + ".,|:)(")


@dataclass(frozen=True, slots=True)
class Token:
    """One token; `kind` is TEXT, LEFT, RIGHT, SPACE, IDENT, KEYWORD, FIELD, VAR, DOT, STRING,
    RAW, CHAR, NUMBER, BOOL, NIL, PIPE, LPAREN, RPAREN, DECLARE, ASSIGN, COMMA, EOF or ERROR.
    Comments produce no token."""

    kind: str
    value: str
    line: int


class _Lexer:
    def __init__(self, source: str) -> None:
        self.src = source
        self.pos = 0
        self.tokens: list[Token] = []
        self.trim_next = False  # the previous action ended with " -}}"
        self.counted = 0  # newlines before this position are in `lines`
        self.lines = 0

    def line(self, pos: int) -> int:
        """The line of `pos`; positions only grow, so newlines are counted once."""
        if pos >= self.counted:
            self.lines += self.src.count("\n", self.counted, pos)
            self.counted = pos
            return self.lines + 1
        return self.src.count("\n", 0, pos) + 1

    def emit(self, kind: str, value: str, pos: int) -> None:
        self.tokens.append(Token(kind, value, self.line(pos)))

    def fail(self, message: str, pos: int) -> list[Token]:
        self.emit("ERROR", message, pos)
        return self.tokens

    def run(self) -> list[Token]:
        src = self.src
        while True:
            start = self.pos
            found = src.find("{{", start)
            end = len(src) if found < 0 else found
            text = src[start:end]
            after = end + 2
            left_trim = found >= 0 and _trim_marker(src, after)
            if self.trim_next:
                text = text.lstrip(SPACE)
            if left_trim:
                text = text.rstrip(SPACE)
            self.trim_next = False
            if text:
                self.emit("TEXT", text, start)
            if found < 0:
                self.emit("EOF", "", len(src))
                return self.tokens
            inner = after + (2 if left_trim else 0)
            if src.startswith("/*", inner):
                close = src.find("*/", inner + 2)
                if close < 0:
                    return self.fail("unclosed comment", found)
                right = self.at_right(close + 2)
                if right is None:
                    return self.fail("comment ends before closing delimiter", found)
                self.pos, self.trim_next = right
                continue
            self.emit("LEFT", "{{", found)
            self.pos = inner
            if not self.action():
                return self.tokens

    def at_right(self, pos: int) -> tuple[int, bool] | None:
        """The position after a right delimiter at `pos` and whether it trims, or None."""
        if self.src.startswith("}}", pos):
            return pos + 2, False
        marker = self.src[pos : pos + 4]
        if len(marker) == 4 and marker[0] in SPACE and marker[1:] == "-}}":
            return pos + 4, True
        return None

    def action(self) -> bool:
        """Tokens up to and including the right delimiter; False after an error."""
        src = self.src
        depth = 0
        while True:
            right = self.at_right(self.pos)
            if right is not None:
                if depth:
                    self.fail("unclosed left paren", self.pos)
                    return False
                self.emit("RIGHT", "}}", self.pos)
                self.pos, self.trim_next = right
                return True
            if self.pos >= len(src):
                self.fail("unclosed action", self.pos)
                return False
            start = self.pos
            ch = src[start]
            if ch in SPACE:
                end = start
                while end < len(src) and src[end] in SPACE and self.at_right(end) is None:
                    end += 1
                self.emit("SPACE", src[start:end], start)
                self.pos = end
                continue
            if ch == "=":
                self.emit("ASSIGN", "=", start)
                self.pos += 1
            elif ch == ":":
                if not src.startswith(":=", start):
                    self.fail("expected :=", start)
                    return False
                self.emit("DECLARE", ":=", start)
                self.pos += 2
            elif ch == "|":
                self.emit("PIPE", "|", start)
                self.pos += 1
            elif ch == ",":
                self.emit("COMMA", ",", start)
                self.pos += 1
            elif ch == "(":
                depth += 1
                self.emit("LPAREN", "(", start)
                self.pos += 1
            elif ch == ")":
                depth -= 1
                if depth < 0:
                    self.fail("unexpected right paren", start)
                    return False
                self.emit("RPAREN", ")", start)
                self.pos += 1
            elif not self.operand(ch, start):
                return False

    def operand(self, ch: str, start: int) -> bool:
        src = self.src
        if ch == '"':
            end = start + 1
            while True:
                if end >= len(src) or src[end] == "\n":
                    self.fail("unterminated quoted string", start)
                    return False
                if src[end] == "\\":
                    if end + 1 >= len(src) or src[end + 1] == "\n":
                        self.fail("unterminated quoted string", start)
                        return False
                    end += 2
                    continue
                if src[end] == '"':
                    break
                end += 1
            self.emit("STRING", src[start : end + 1], start)
            self.pos = end + 1
            return True
        if ch == "`":
            end = src.find("`", start + 1)
            if end < 0:
                self.fail("unterminated raw quoted string", start)
                return False
            self.emit("RAW", src[start + 1 : end], start)
            self.pos = end + 1
            return True
        if ch == "'":
            end = start + 1
            while end < len(src) and src[end] not in "'\n":
                end += 2 if src[end] == "\\" else 1
            if end >= len(src) or src[end] != "'":
                self.fail("unterminated character constant", start)
                return False
            self.emit("CHAR", src[start : end + 1], start)
            self.pos = end + 1
            return True
        if ch == "$" or (ch == "." and not _digit_at(src, start + 1)):
            end = start + 1
            while end < len(src) and _alnum(src[end]):
                end += 1
            word = src[start:end]
            if not self.terminated(end):
                return False
            if ch == "$":
                self.emit("VAR", word, start)
            else:
                self.emit("FIELD" if len(word) > 1 else "DOT", word, start)
            self.pos = end
            return True
        if ch in "+-.0123456789":
            end = _scan_number(src, start)
            if not any(c.isdigit() for c in src[start:end]) or (
                end < len(src) and _alnum(src[end])
            ):
                self.fail(f"bad number syntax: {src[start : end + 1]!r}", start)
                return False
            self.emit("NUMBER", src[start:end], start)
            self.pos = end
            return True
        if _alnum(ch):
            end = start
            while end < len(src) and _alnum(src[end]):
                end += 1
            word = src[start:end]
            if not self.terminated(end):
                return False
            if word in KEYWORDS:
                kind = "KEYWORD"
            elif word in {"true", "false"}:
                kind = "BOOL"
            elif word == "nil":
                kind = "NIL"
            else:
                kind = "IDENT"
            self.emit(kind, word, start)
            self.pos = end
            return True
        self.fail(f"unrecognized character in action: {ch!r}", start)
        return False

    def terminated(self, end: int) -> bool:
        if end >= len(self.src) or self.src[end] in _TERMINATORS or self.at_right(end):
            return True
        self.fail(f"bad character {self.src[end]!r}", end)
        return False


def _trim_marker(src: str, pos: int) -> bool:
    return len(src) > pos + 1 and src[pos] == "-" and src[pos + 1] in SPACE


def _alnum(ch: str) -> bool:
    return ch == "_" or ch.isalnum()


def _digit_at(src: str, pos: int) -> bool:
    return pos < len(src) and src[pos] in "0123456789"


def _scan_number(src: str, pos: int) -> int:
    """The end of a Go number literal starting at `pos` (text/template's scanNumber)."""
    end = pos
    if end < len(src) and src[end] in "+-":
        end += 1
    digits = "0123456789_"
    if src.startswith(("0x", "0X"), end):
        end += 2
        digits = "0123456789abcdefABCDEF_"
    elif src.startswith(("0o", "0O"), end):
        end += 2
        digits = "01234567_"
    elif src.startswith(("0b", "0B"), end):
        end += 2
        digits = "01_"
    while end < len(src) and src[end] in digits:
        end += 1
    if end < len(src) and src[end] == ".":
        end += 1
        while end < len(src) and src[end] in digits:
            end += 1
    if len(digits) == 11 and end < len(src) and src[end] in "eE":
        end += 1
        if end < len(src) and src[end] in "+-":
            end += 1
        while end < len(src) and src[end] in "0123456789_":
            end += 1
    if len(digits) == 23 and end < len(src) and src[end] in "pP":
        end += 1
        if end < len(src) and src[end] in "+-":
            end += 1
        while end < len(src) and src[end] in "0123456789_":
            end += 1
    if end < len(src) and src[end] == "i":
        end += 1
    return end


def lex(source: str) -> list[Token]:
    """Tokens of `source`, ending with EOF or ERROR."""
    return _Lexer(source).run()
