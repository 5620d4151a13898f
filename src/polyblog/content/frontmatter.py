"""Split a content file into front matter and body; parse YAML, TOML or JSON with positions.

We split ourselves (not python-frontmatter's `parse`, which strips text and hides unclosed blocks)
so that line numbers hold and an unclosed block is an error.
"""

from __future__ import annotations

import json
import re
import tomllib
from dataclasses import dataclass
from typing import Any

from polyblog.errors import ContentError, SourcePos
from polyblog.yamlpos import KeyPath, YamlError, load_yaml

MAX_JSON_DEPTH = 100


@dataclass(frozen=True, slots=True)
class Split:
    format: str  # "yaml", "toml", "json" or "" (no front matter)
    raw: str
    body: str
    body_line: int  # 1-based line of the file where the body starts
    raw_line: int  # 1-based line where the front matter text starts


def split(text: str, path: str) -> Split:
    """Split normalised text (no BOM, LF line ends) into front matter and body."""
    for fence, fmt in (("---", "yaml"), ("+++", "toml")):
        if text.split("\n", 1)[0].rstrip() == fence:
            first_nl = text.find("\n")
            if first_nl < 0:
                raise ContentError(
                    f"front matter opened with {fence} is never closed", SourcePos(path, 1)
                )
            closing = re.compile(rf"^{re.escape(fence)}[ \t]*$", re.MULTILINE)
            match = closing.search(text, first_nl + 1)
            if match is None:
                raise ContentError(
                    f"front matter opened with {fence} on line 1 is never closed "
                    f"(expected a line with only {fence})",
                    SourcePos(path, 1),
                )
            raw = text[first_nl + 1 : match.start()]
            rest_start = match.end() + 1 if match.end() < len(text) else match.end()
            body = text[rest_start:]
            body_line = text.count("\n", 0, rest_start) + 1
            return Split(fmt, raw, body, body_line, 2)
    if text.startswith("{") and not text.startswith(("{{<", "{{%", "{{")):
        try:
            _, end = json.JSONDecoder().raw_decode(text)
        except json.JSONDecodeError as exc:
            raise ContentError(
                f"invalid JSON front matter: {exc.msg}", SourcePos(path, exc.lineno, exc.colno)
            ) from None
        except RecursionError:
            raise ContentError("JSON front matter nested too deeply", SourcePos(path, 1)) from None
        rest = end
        nl = text.find("\n", end)
        if nl >= 0 and not text[end:nl].strip():
            rest = nl + 1
        return Split("json", text[:end], text[rest:], text.count("\n", 0, rest) + 1, 1)
    return Split("", "", text, 1, 1)


def parse(sp: Split, path: str) -> tuple[dict[str, Any], dict[KeyPath, int]]:
    """Parse the front matter; return the mapping and the line of each key."""
    if not sp.format:
        return {}, {}
    if sp.format == "yaml":
        try:
            data, lines = load_yaml(sp.raw, path, line_offset=sp.raw_line - 1)
        except YamlError as exc:
            raise ContentError(exc.message, exc.pos) from None
    elif sp.format == "toml":
        try:
            data = tomllib.loads(sp.raw)
        except tomllib.TOMLDecodeError as exc:
            line, col = _toml_position(str(exc))
            message = re.sub(
                r"\s*\(at line \d+, column \d+\)|\s*\(at end of document\)", "", str(exc)
            )
            pos = SourcePos(path, line + sp.raw_line - 1 if line else sp.raw_line, col)
            raise ContentError(f"invalid TOML front matter: {message}", pos) from None
        except RecursionError:
            raise ContentError(
                "TOML front matter nested too deeply", SourcePos(path, sp.raw_line)
            ) from None
        lines = _scan_key_lines(sp.raw, sp.raw_line, r"^\s*([A-Za-z0-9_-]+)\s*=")
    else:
        try:
            data = json.loads(sp.raw)
        except json.JSONDecodeError as exc:
            raise ContentError(
                f"invalid JSON front matter: {exc.msg}", SourcePos(path, exc.lineno, exc.colno)
            ) from None
        except RecursionError:
            raise ContentError("JSON front matter nested too deeply", SourcePos(path, 1)) from None
        lines = _scan_key_lines(sp.raw, 1, r'"([^"\\]+)"\s*:')
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ContentError(
            "front matter must be a mapping of keys to values", SourcePos(path, sp.raw_line)
        )
    if any(not isinstance(key, str) for key in data):  # YAML: `1:`, `true:`, `? ` (null)
        if any(key is None for key in data):
            line = lines.get(("",), lines.get(("null",), sp.raw_line))
            raise ContentError("front matter has an empty key (a `?` line?)", SourcePos(path, line))
        # numbers and booleans as keys are text to Hugo: `1: x` is the key "1"
        data = {_key_text(key): value for key, value in data.items()}
    return data, lines


def _key_text(key: object) -> str:
    if isinstance(key, bool):
        return "true" if key else "false"
    return str(key)


def _toml_position(message: str) -> tuple[int, int]:
    match = re.search(r"at line (\d+), column (\d+)", message)
    return (int(match.group(1)), int(match.group(2))) if match else (0, 0)


def _scan_key_lines(raw: str, first_line: int, pattern: str) -> dict[KeyPath, int]:
    """Top-level key lines for TOML/JSON (their parsers keep no positions)."""
    out: dict[KeyPath, int] = {}
    regex = re.compile(pattern)
    for number, line in enumerate(raw.split("\n")):
        for match in regex.finditer(line):
            out.setdefault((match.group(1),), number + first_line)
    return out
