"""`blog translations`: per page, the languages it exists in, is missing from, or is stale in."""

from polyblog.translations.status import (
    PIN_KEY,
    PageStatus,
    Translation,
    TranslationReport,
    content_hash,
    original_of,
    translation_report,
)

__all__ = [
    "PIN_KEY",
    "PageStatus",
    "Translation",
    "TranslationReport",
    "content_hash",
    "original_of",
    "translation_report",
]
