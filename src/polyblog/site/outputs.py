"""Every file the site model will produce, with the source it comes from (for length checks)."""

from __future__ import annotations

from collections.abc import Iterator

from polyblog.errors import SourcePos
from polyblog.site.model import Page, Site
from polyblog.urls import output_file


def output_files(site: Site, since: Site | None = None) -> Iterator[tuple[str, SourcePos | None]]:
    """(file relative to the destination, where it comes from) for pages, pagers, aliases and
    bundle resources. Feeds (`index.xml`, `atom.xml`, `feed.json`) and sitemaps sit beside a
    page's index.html with names no longer than it, so they need no check of their own. With
    `since` (a model these files were checked for), only those of pages, pagers and aliases
    that are not the same in it."""
    old_aliases = set(since.aliases) if since is not None else set()
    for page in site.pages.values():
        if (
            since is not None
            and since.pages.get(page.key) is page
            and since.pagers.get(page.key) is site.pagers.get(page.key)
        ):
            continue
        pos = _pos(page)
        yield output_file(page.path), pos
        for res, out in page.resources:
            yield out.lstrip("/"), SourcePos(res)
        for pager in site.pagers.get(page.key, ())[1:]:
            yield output_file(pager.path), pos
    alias_lines = {
        p.source.path: p.source.key_lines.get("aliases", 0)
        for p in site.pages.values()
        if p.source is not None and p.aliases
    }
    for alias in site.aliases:
        if alias in old_aliases:
            continue
        where = SourcePos(alias.source, alias_lines.get(alias.source, 0)) if alias.source else None
        yield output_file(alias.path), where


def _pos(page: Page) -> SourcePos | None:
    src = page.source
    if src is None:
        return None
    for key in ("url", "slug"):
        if key in src.key_lines:
            return SourcePos(src.path, src.key_lines[key])
    return SourcePos(src.path)
