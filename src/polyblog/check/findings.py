"""What `blog check` reports: findings (error or warning, message, source position)."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from polyblog.errors import SourcePos


class Severity(Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True, kw_only=True)
class Finding:
    severity: Severity
    message: str
    pos: SourcePos | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class CheckReport:
    findings: tuple[Finding, ...]
    pages: int = 0  # HTML files checked
    links: int = 0  # internal links checked
    external: int = 0  # outside links checked (with --external)
    seconds: float = 0.0
    built: bool = True  # False when the build itself failed (its errors are the findings)
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity is Severity.WARNING]
