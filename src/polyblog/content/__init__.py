"""Content loading: discovery of pages and bundles, front matter, typed source pages."""

from polyblog.content.discover import ReadCache, file_stat, load_content
from polyblog.content.model import ContentResult, SourcePage

__all__ = ["ContentResult", "ReadCache", "SourcePage", "file_stat", "load_content"]
