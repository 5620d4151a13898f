"""The line of every key and table header in a TOML document (tomllib gives values only).

A small scanner over the text: `[table]` / `[[array]]` headers and `key = value` lines.
"""

from __future__ import annotations

import contextlib
import re
import tomllib

KeyPath = tuple[str | int, ...]

_BARE = re.compile(r"[A-Za-z0-9_-]+")


def toml_key_lines(text: str) -> dict[KeyPath, int]:
    """{key path as written: 1-based line}. Arrays of tables count as lists (`menu.main.0`).

    Meant for text tomllib has accepted; on anything it cannot follow it stops recording."""
    scan = _Scanner(text)
    with contextlib.suppress(_Stop):
        scan.run()
    return scan.lines


class _Stop(Exception):
    pass


class _Scanner:
    def __init__(self, text: str) -> None:
        self.text = text
        self.i = 0
        self.line = 1
        self.lines: dict[KeyPath, int] = {}
        self.table: KeyPath = ()
        self.arrays: dict[KeyPath, int] = {}  # array-of-tables path -> items so far

    def run(self) -> None:
        text = self.text
        while self.i < len(text):
            self._blank()
            if self.i >= len(text):
                return
            ch = text[self.i]
            if ch == "\n":
                self._newline()
            elif ch == "#":
                self._comment()
            elif ch == "[":
                self._header()
            else:
                self._pair()

    def _newline(self) -> None:
        self.i += 1
        self.line += 1

    def _blank(self) -> None:
        while self.i < len(self.text) and self.text[self.i] in " \t\r":
            self.i += 1

    def _comment(self) -> None:
        end = self.text.find("\n", self.i)
        self.i = len(self.text) if end < 0 else end

    def _record(self, path: KeyPath) -> None:
        for n in range(1, len(path) + 1):
            self.lines.setdefault(path[:n], self.line)

    def _header(self) -> None:
        text = self.text
        array = text.startswith("[[", self.i)
        self.i += 2 if array else 1
        keys = self._key()
        self._blank()
        close = "]]" if array else "]"
        if not text.startswith(close, self.i):
            raise _Stop
        self.i += len(close)
        path: KeyPath = ()
        for n, key in enumerate(keys):
            path = (*path, key)
            if n < len(keys) - 1 and path in self.arrays:
                path = (*path, self.arrays[path] - 1)
        if array:
            index = self.arrays.get(path, 0)
            self.arrays[path] = index + 1
            self._record(path)
            path = (*path, index)
        self._record(path)
        self.lines[path] = self.line
        self.table = path
        self._rest_of_line()

    def _pair(self) -> None:
        keys = self._key()
        self._blank()
        if self.i >= len(self.text) or self.text[self.i] != "=":
            raise _Stop
        self.i += 1
        self._record((*self.table, *keys))
        self._value()

    def _rest_of_line(self) -> None:
        self._blank()
        if self.i < len(self.text) and self.text[self.i] == "#":
            self._comment()

    def _key(self) -> list[str]:
        keys: list[str] = []
        text = self.text
        while True:
            self._blank()
            if self.i >= len(text):
                raise _Stop
            ch = text[self.i]
            if ch in "\"'":
                start = self.i
                self._string(ch)
                raw = text[start : self.i]
                keys.append(tomllib.loads(f"k = {raw}")["k"] if ch == '"' else raw[1:-1])
            else:
                match = _BARE.match(text, self.i)
                if not match:
                    raise _Stop
                keys.append(match.group())
                self.i = match.end()
            self._blank()
            if self.i < len(text) and text[self.i] == ".":
                self.i += 1
                continue
            return keys

    def _string(self, quote: str) -> None:
        """Skip a string starting at self.i (single- or multi-line, basic or literal)."""
        text = self.text
        triple = quote * 3
        if text.startswith(triple, self.i):
            self.i += 3
            while self.i < len(text):
                ch = text[self.i]
                if ch == "\\" and quote == '"':
                    if self.i + 1 < len(text) and text[self.i + 1] == "\n":
                        self.line += 1
                    self.i += 2
                    continue
                if text.startswith(triple, self.i):
                    self.i += 3
                    while self.i < len(text) and text[self.i] == quote:  # """a"""" ends in a quote
                        self.i += 1
                    return
                if ch == "\n":
                    self.line += 1
                self.i += 1
            raise _Stop
        self.i += 1
        while self.i < len(text):
            ch = text[self.i]
            if ch == "\\" and quote == '"':
                self.i += 2
                continue
            if ch == quote:
                self.i += 1
                return
            if ch == "\n":
                raise _Stop
            self.i += 1
        raise _Stop

    def _value(self) -> None:
        """Skip a value: strings, and arrays or inline tables that may span lines."""
        text = self.text
        depth = 0
        while self.i < len(text):
            ch = text[self.i]
            if ch in "\"'":
                self._string(ch)
            elif ch in "[{":
                depth += 1
                self.i += 1
            elif ch in "]}":
                depth -= 1
                self.i += 1
            elif ch == "#":
                self._comment()
            elif ch == "\n":
                if depth <= 0:
                    return
                self._newline()
            else:
                self.i += 1
