"""Errors a user can cause, each with the source position it came from.

Imports nothing from the package: every stage raises these, only `cli` formats them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True, slots=True)
class SourcePos:
    """A place in a source file; `line` and `col` are 1-based, 0 when unknown."""

    path: str
    line: int = 0
    col: int = 0

    def shifted(self, lines: int) -> SourcePos:
        return SourcePos(self.path, self.line + lines if self.line else 0, self.col)

    def __str__(self) -> str:
        out = self.path
        if self.line:
            out += f":{self.line}"
            if self.col:
                out += f":{self.col}"
        return out


class BlogError(Exception):
    """A problem in the user's site: bad config, content, template or URL collision."""

    def __init__(self, message: str, pos: SourcePos | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.pos = pos

    def __str__(self) -> str:
        return f"{self.pos}: {self.message}" if self.pos else self.message

    def __reduce__(self) -> tuple[type[BlogError], tuple[str, SourcePos | None]]:
        return (type(self), (self.message, self.pos))


class ConfigError(BlogError):
    """`blog.yaml` is missing, unreadable or has a bad key."""


class ContentError(BlogError):
    """A content file cannot be read or its front matter is wrong."""


class TemplateError(BlogError):
    """A theme or layout template is missing or fails."""


class CollisionError(BlogError):
    """Two sources claim the same output URL or translation."""


class ShortcodeError(BlogError):
    """A shortcode call cannot be parsed or rendered."""


@dataclass(frozen=True, slots=True)
class Warning_:
    """A problem worth telling the user that does not stop the build."""

    message: str
    pos: SourcePos | None = None

    def __str__(self) -> str:
        return f"{self.pos}: {self.message}" if self.pos else self.message


@dataclass(slots=True)
class ErrorList(Exception):
    """Several errors collected across pages, reported together."""

    errors: list[BlogError] = field(default_factory=list)

    def __str__(self) -> str:
        return "\n".join(str(e) for e in self.errors)


def source_line(pos: SourcePos, root: Path | None = None) -> str | None:
    """The text of the line `pos` points at, for showing under an error."""
    if not pos.line:
        return None
    path = Path(pos.path)
    if root is not None and not path.is_absolute():
        path = root / path
    try:
        with path.open(encoding="utf-8", errors="replace") as handle:
            for number, text in enumerate(handle, start=1):
                if number == pos.line:
                    return None if "\ufffd" in text else text.rstrip("\r\n")
    except OSError:
        return None
    return None
