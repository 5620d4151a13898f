"""The translation report as a terminal table or as JSON-ready data."""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from polyblog.translations.status import TranslationReport

ORIGINAL, OK, STALE, MISSING, DRAFT = "original", "ok", "STALE", "missing", "draft"


def cells(report: TranslationReport) -> list[list[str]]:
    """One row per page: its name, then one state per language."""
    rows = []
    for status in report.pages:
        by_lang = {t.lang: t for t in status.translations}
        row = [status.page]
        for lang in report.languages:
            if lang == status.original_lang:
                row.append(ORIGINAL)
            elif lang in by_lang:
                t = by_lang[lang]
                state = STALE if t.stale else OK
                row.append(f"{state} ({DRAFT})" if t.draft else state)
            else:
                row.append(MISSING)
        rows.append(row)
    return rows


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def as_table(report: TranslationReport) -> str:
    header = ["page", *report.languages]
    rows = [header, *cells(report)]
    widths = [max(_width(row[i]) for row in rows) for i in range(len(header))]
    lines = [
        "  ".join(cell + " " * (widths[i] - _width(cell)) for i, cell in enumerate(row)).rstrip()
        for row in rows
    ]
    missing = sum(len(s.missing) for s in report.pages)
    stale = sum(len(s.stale) for s in report.pages)
    lines.append(
        f"{len(report.pages)} pages, {missing} missing translations, {stale} stale "
        f"(stale: by the translation_of pin, else by {report.method})"
    )
    inherited = inherited_lines(report)
    if inherited:
        lines += ["", *inherited]
    return "\n".join(lines)


def inherited_lines(report: TranslationReport) -> list[str]:
    """One line per translation that takes front matter from its original
    (`translations.inherit`): which keys, with the values it gets."""
    out: list[str] = []
    for status in report.pages:
        for t in status.translations:
            if t.inherited:
                values = "; ".join(f"{k}: {_text(v)}" for k, v in t.inherited.items())
                out.append(f"{t.path} inherits from {status.original_path}: {values}")
    return out


def _text(value: object) -> str:
    data = _plain(value)
    if isinstance(data, list):
        return ", ".join(str(v) for v in data) or "[]"
    return str(data)


def _plain(value: object) -> Any:
    """An inherited value as JSON-ready data: dates in ISO 8601, tuples as lists."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    return value


def stale_reasons(report: TranslationReport) -> list[str]:
    """One line per stale translation: which original changed, when, and what changed."""
    stale = [t for s in report.pages for t in s.translations if t.stale]
    return [f"{t.path} is stale: {t.reason}" for t in stale]


def as_data(report: TranslationReport) -> dict[str, Any]:
    return {
        "languages": list(report.languages),
        "method": report.method,
        "pages": [
            {
                "page": s.page,
                "original": {
                    "lang": s.original_lang,
                    "path": s.original_path,
                    "hash": s.original_hash,
                },
                "translations": {
                    t.lang: {
                        "path": t.path,
                        "status": "stale" if t.stale else "ok",
                        "draft": t.draft,
                        "method": t.method,
                        "pinned": t.pinned,
                        "reason": t.reason,
                        "change": t.change.as_data() if t.change else None,
                        "inherited": _plain(t.inherited),
                    }
                    for t in s.translations
                },
                "missing": list(s.missing),
                "stale": list(s.stale),
            }
            for s in report.pages
        ],
        "summary": {
            "pages": len(report.pages),
            "missing": sum(len(s.missing) for s in report.pages),
            "stale": sum(len(s.stale) for s in report.pages),
        },
    }
