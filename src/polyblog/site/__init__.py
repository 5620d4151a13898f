"""SourcePage* -> Site: pages, URLs, translations, sections, taxonomies, series. Pure, no I/O."""

from polyblog.site.assemble import BuildOptions, build_site
from polyblog.site.model import (
    LIST_KINDS,
    Alias,
    Page,
    PageKey,
    PageKind,
    Pager,
    Site,
    TermRef,
    page_key,
    term_ident,
)

__all__ = [
    "LIST_KINDS",
    "Alias",
    "BuildOptions",
    "Page",
    "PageKey",
    "PageKind",
    "Pager",
    "Site",
    "TermRef",
    "build_site",
    "page_key",
    "term_ident",
]
