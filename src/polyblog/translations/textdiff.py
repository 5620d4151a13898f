"""The text of one version of a page (what a translation translates) and its content hash, and
what changed between two versions, in words: "title changed; 2 paragraphs edited; tags: +rust"."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Any

from polyblog.content.frontmatter import parse, split
from polyblog.content.model import SourcePage
from polyblog.errors import ContentError

PIN_KEY = "translation_of"


def text_hash(title: str, description: str, summary: str, body: str) -> str:
    """12 hex digits of SHA-256 over the text a translation translates."""
    text = "\n\0".join([title, description, summary, body.strip()]).replace("\r\n", "\n")
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


@dataclass(frozen=True, slots=True, kw_only=True)
class PageText:
    """What a translation follows in one version of its original, plus its terms."""

    title: str
    description: str
    summary: str
    body: str
    terms: tuple[tuple[str, tuple[str, ...]], ...] = ()  # taxonomy -> terms, as written
    pin: str | None = None  # its own `translation_of`

    @classmethod
    def of(cls, page: SourcePage) -> PageText:
        pin = page.params.get(PIN_KEY)
        return cls(
            title=page.title,
            description=page.description,
            summary=page.summary or "",
            body=page.body,
            terms=tuple(sorted(page.terms.items())),
            pin=None if pin is None else str(pin),
        )

    @classmethod
    def parse(cls, text: str, path: str, taxonomies: tuple[str, ...]) -> PageText | None:
        """An older version of a content file, as read from git (None if it does not parse)."""
        try:
            parts = split(text, path)
            data, _ = parse(parts, path)
        except ContentError:
            return None
        lower = {str(k).lower(): v for k, v in data.items()}
        terms = []
        for tax in taxonomies:
            names = _texts(lower.get(tax.lower()))
            if names:
                terms.append((tax, names))
        pin = data.get(PIN_KEY)
        return cls(
            title=_text(lower.get("title")),
            description=_text(lower.get("description")),
            summary=_text(lower.get("summary")),
            body=parts.body,
            terms=tuple(sorted(terms)),
            pin=None if pin is None else str(pin),
        )

    @property
    def hash(self) -> str:
        return text_hash(self.title, self.description, self.summary, self.body)


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _texts(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    items = value if isinstance(value, list) else [value]
    return tuple(str(v) for v in items if str(v).strip())


@dataclass(frozen=True, slots=True, kw_only=True)
class TermChange:
    taxonomy: str
    added: tuple[str, ...]
    removed: tuple[str, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class TextDiff:
    """What changed from one version of a page to another."""

    title: bool
    description: bool
    summary: bool
    edited: int  # paragraphs (blocks between blank lines; a fenced code block is one)
    added: int
    removed: int
    terms: tuple[TermChange, ...]

    def words(self) -> str:
        fields = (("title", self.title), ("description", self.description),
                  ("summary", self.summary))  # fmt: skip
        parts = [f"{name} changed" for name, flag in fields if flag]
        counts = [(self.edited, "edited"), (self.added, "added"), (self.removed, "removed")]
        counts = [(n, what) for n, what in counts if n]
        if counts:
            (n, what), *rest = counts
            first = f"{n} {'paragraph' if n == 1 else 'paragraphs'} {what}"
            parts.append(", ".join([first, *(f"{m} {w}" for m, w in rest)]))
        if not parts:
            parts.append("the text did not change, only front matter")
        for change in self.terms:
            signs = [f"+{t}" for t in change.added] + [f"-{t}" for t in change.removed]
            parts.append(f"{change.taxonomy}: {' '.join(signs)}")
        return "; ".join(parts)

    def as_data(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "description": self.description,
            "summary": self.summary,
            "paragraphs": {"edited": self.edited, "added": self.added, "removed": self.removed},
            "terms": {
                c.taxonomy: {"added": list(c.added), "removed": list(c.removed)} for c in self.terms
            },
        }


def compare(old: PageText, new: PageText) -> TextDiff:
    edited = added = removed = 0
    before, after = blocks(old.body), blocks(new.body)
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, before, after, autojunk=False).get_opcodes():
        if tag == "replace":
            common = min(i2 - i1, j2 - j1)
            edited += common
            added += (j2 - j1) - common
            removed += (i2 - i1) - common
        elif tag == "insert":
            added += j2 - j1
        elif tag == "delete":
            removed += i2 - i1
    was, now = dict(old.terms), dict(new.terms)
    terms = []
    for tax in sorted(set(was) | set(now)):
        a, b = was.get(tax, ()), now.get(tax, ())
        plus = tuple(t for t in b if t not in a)
        minus = tuple(t for t in a if t not in b)
        if plus or minus:
            terms.append(TermChange(taxonomy=tax, added=plus, removed=minus))
    return TextDiff(
        title=old.title != new.title,
        description=old.description != new.description,
        summary=old.summary != new.summary,
        edited=edited,
        added=added,
        removed=removed,
        terms=tuple(terms),
    )


_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")


def blocks(body: str) -> list[str]:
    """Paragraph-like blocks: text between blank lines, a fenced code block whole."""
    out: list[str] = []
    current: list[str] = []
    fence = ""
    for line in body.replace("\r\n", "\n").split("\n"):
        match = _FENCE.match(line)
        if fence:
            current.append(line)
            if match and match.group(1)[0] == fence[0] and len(match.group(1)) >= len(fence):
                fence = ""
            continue
        if match:
            fence = match.group(1)
        if not line.strip() and not fence:
            if current:
                out.append("\n".join(current).strip())
                current = []
            continue
        current.append(line)
    if current:
        out.append("\n".join(current).strip())
    return out
