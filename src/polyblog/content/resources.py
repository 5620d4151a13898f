"""Front matter `resources:` (Hugo's page resource metadata) and the glob patterns it and
`.Resources.GetMatch` use; errors name the file and line."""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from polyblog.content.model import ResourceSpec
from polyblog.errors import ContentError, SourcePos


class GlobError(ValueError):
    """A pattern that is not a valid glob (an unclosed `[` or `{`)."""


@lru_cache(maxsize=1024)
def glob_regex(pattern: str) -> re.Pattern[str]:
    """Hugo's resource globs (gobwas/glob with `/` as separator), matched on lower-cased text:
    `*` any run without `/`, `**` any run, `?` one character but `/`, `[a-z]`/`[!a]` a class,
    `{png,jpg}` alternatives, `\\` escapes the next character."""
    regex, end = _glob(pattern.lower(), 0, in_braces=False)
    if end != len(pattern):
        raise GlobError(f"unexpected {pattern[end]!r} at {end + 1} in {pattern!r}")
    return re.compile(regex, re.DOTALL)


def _glob(pattern: str, i: int, in_braces: bool) -> tuple[str, int]:
    out: list[str] = []
    n = len(pattern)
    while i < n:
        ch = pattern[i]
        if in_braces and ch in ",}":
            return "".join(out), i
        if ch == "*":
            if pattern.startswith("**", i):
                out.append(".*")
                i += 2
            else:
                out.append("[^/]*")
                i += 1
        elif ch == "?":
            out.append("[^/]")
            i += 1
        elif ch == "\\":
            if i + 1 >= n:
                raise GlobError(f"{pattern!r} ends with a lone backslash")
            out.append(re.escape(pattern[i + 1]))
            i += 2
        elif ch == "[":
            close = pattern.find("]", i + 2)
            if close < 0:
                raise GlobError(f"unclosed '[' in {pattern!r}")
            body = pattern[i + 1 : close]
            negate = body.startswith("!")
            body = body[1:] if negate else body
            escaped = "".join("\\" + c if c in "\\^[]" else c for c in body)
            out.append(f"[{'^' if negate else ''}{escaped}]")
            i = close + 1
        elif ch == "{":
            options: list[str] = []
            i += 1
            while True:
                part, i = _glob(pattern, i, in_braces=True)
                options.append(part)
                if i >= n:
                    raise GlobError(f"unclosed '{{' in {pattern!r}")
                if pattern[i] == "}":
                    i += 1
                    break
                i += 1  # a comma
            out.append("(?:" + "|".join(options) + ")")
        else:
            out.append(re.escape(ch))
            i += 1
    if in_braces:
        raise GlobError(f"unclosed '{{' in {pattern!r}")
    return "".join(out), i


def glob_match(pattern: str, name: str) -> bool:
    """Whether `name` matches `pattern`, case-insensitively (Hugo lower-cases both)."""
    return glob_regex(pattern).fullmatch(name.lower()) is not None


def resource_specs(
    value: Any, key: str, lines: Mapping[tuple[Any, ...], int], path: str
) -> tuple[ResourceSpec, ...]:
    """Type front matter `resources:`: a list of mappings, each with a `src` glob and any of
    `name`, `title`, `params`."""
    top = lines.get((key,), 0)
    if value is None:
        return ()
    if not isinstance(value, list):
        raise ContentError(
            f"{key}: expected a list of {{src, name, title, params}}, got {value!r}",
            SourcePos(path, top),
        )
    specs: list[ResourceSpec] = []
    for i, item in enumerate(value):
        line = lines.get((key, i), top)
        where = f"{key}[{i}]"
        if not isinstance(item, dict):
            raise ContentError(
                f"{where}: expected a mapping with src, got {item!r}", SourcePos(path, line)
            )
        fields = {str(k).lower(): (k, v) for k, v in item.items()}
        if "src" not in fields or fields["src"][1] is None:
            raise ContentError(
                f"{where}: needs src (a pattern such as images/*.png)", SourcePos(path, line)
            )
        src = _text(fields["src"], (key, i), lines, where, path, line)
        try:
            glob_regex(src)
        except GlobError as exc:
            raise ContentError(f"{where}.src: {exc}", SourcePos(path, line)) from None
        params = fields.get("params", (None, None))[1] or {}
        if not isinstance(params, dict):
            raise ContentError(
                f"{where}.params: expected a mapping, got {params!r}", SourcePos(path, line)
            )
        specs.append(
            ResourceSpec(
                src=src,
                name=_text(fields["name"], (key, i), lines, where, path, line)
                if "name" in fields
                else None,
                title=_text(fields["title"], (key, i), lines, where, path, line)
                if "title" in fields
                else None,
                params={str(k): v for k, v in params.items()},
                line=line,
            )
        )
    return tuple(specs)


def _text(
    field: tuple[Any, Any],
    at: tuple[Any, ...],
    lines: Mapping[tuple[Any, ...], int],
    where: str,
    path: str,
    line: int,
) -> str:
    name, value = field
    if value is None or isinstance(value, bool | dict | list):
        raise ContentError(
            f"{where}.{name}: expected text, got {value!r}",
            SourcePos(path, lines.get((*at, name), line)),
        )
    return str(value)
