"""Content loading: discovery of pages and bundles, front matter, typed source pages."""

from polyblog.content.discover import MISSING_STAT, ReadCache, file_stat, load_content, stat_key
from polyblog.content.model import ContentResult, SourcePage

__all__ = [
    "MISSING_STAT",
    "ContentResult",
    "ReadCache",
    "SourcePage",
    "file_stat",
    "load_content",
    "stat_key",
]
