"""Content loading: discovery of pages and bundles, front matter, typed source pages."""

from polyblog.content.discover import load_content
from polyblog.content.model import ContentResult, SourcePage

__all__ = ["ContentResult", "SourcePage", "load_content"]
