"""The translation report as a terminal table or as JSON-ready data."""

from __future__ import annotations

import unicodedata
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
    return "\n".join(lines)


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
