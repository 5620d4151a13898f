"""The pure dependency diff: given the model before and after an edit, which reads changed.

Every rendered part records its reads (`polyblog.render.views.Read`) and every body the page
lookups its shortcodes made; these functions compare two models (and two sets of bodies) and
name the reads whose answers differ, so the engine renders again exactly the parts that read
them. No I/O.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from polyblog.engine.state import BodyReads
from polyblog.markup import RenderedBody
from polyblog.render.menus import Menus
from polyblog.render.site_files import sitemap_inputs
from polyblog.render.views import Read
from polyblog.site import Page, PageKey, PageKind, Pager, Site
from polyblog.site.assemble import sort_key
from polyblog.site.lookup import read_holds


@dataclass(slots=True)
class MetaChanges:
    meta: set[PageKey] = field(default_factory=set)  # model changed (added, removed too)
    ref: set[PageKey] = field(default_factory=set)  # title, path, language or kind changed
    terms: set[PageKey] = field(
        default_factory=set
    )  # only taxonomy terms changed (`same_but_terms`)
    any: bool = False


def meta_changes(old: Site | None, new: Site) -> MetaChanges:
    out = MetaChanges()
    if old is None:
        out.any = True
        return out
    if old.pages is new.pages:
        return out
    for key in old.pages.keys() | new.pages.keys():
        a, n = old.pages.get(key), new.pages.get(key)
        if a is n:
            continue
        if a is None or n is None:
            out.meta.add(key)
            out.ref.add(key)
            continue
        if not same_meta(a, n):
            out.meta.add(key)
            if same_but_terms(a, n):
                out.terms.add(key)
            if (a.kind, a.lang, a.path, a.title, a.link_title) != (
                n.kind,
                n.lang,
                n.path,
                n.title,
                n.link_title,
            ):
                out.ref.add(key)
    out.any = bool(out.meta) or old.aliases != new.aliases or old.pagers != new.pagers
    return out


def same_meta(a: Page, n: Page) -> bool:
    """Equal but for the Markdown body (which `("b", key)` reads cover)."""
    if a.source is None or n.source is None or a.source is n.source:
        return a == n
    if dataclasses.replace(n.source, body=a.source.body) != a.source:
        return False
    return dataclasses.replace(n, source=a.source) == a


def same_but_terms(a: Page, n: Page) -> bool:
    """Pages that differ only in their taxonomy terms (the model's and the front matter's):
    nothing a Markdown body or its shortcodes read (`page_info`, the page's source, params,
    resources...) differs, so a body made for one is the other's."""
    if a.source is None or n.source is None or a.terms == n.terms:
        return False
    source = dataclasses.replace(n.source, terms=a.source.terms)
    return dataclasses.replace(n, terms=a.terms, source=source) == a


def lookups_hold(old: Site, new: Site, meta: MetaChanges) -> Callable[[BodyReads], bool]:
    """A test of whether a body's page lookups give the same answers in the new model."""
    if old.by_path is new.by_path and old.by_logical is new.by_logical:
        # the same pages at the same paths (an incremental model): lookups by path, content
        # path or name (`site.lookup.ref_index`) answer the same; only the pages read can differ
        failing = {("m", key) for key in meta.meta - meta.terms}
        return failing.isdisjoint
    return lambda reads: reads_hold(reads, old, new, meta)


def reads_hold(reads: BodyReads, old: Site, new: Site, meta: MetaChanges) -> bool:
    """Would a body's page lookups give the same answers in the new model?"""
    for kind, value in reads:
        if kind == "m":
            if value in meta.meta and value not in meta.terms:
                return False
        elif kind == "path":
            if old.by_path.get(value) != new.by_path.get(value):
                return False
        elif kind == "logical":
            lang, _, path = value.partition(":")
            if old.by_logical.get((lang, path)) != new.by_logical.get((lang, path)):
                return False
        elif not read_holds(kind, value, old, new):
            return False
    return True


def changed_reads(
    old: Site | None,
    new: Site,
    meta: MetaChanges,
    old_bodies: Mapping[PageKey, RenderedBody],
    bodies: Mapping[PageKey, RenderedBody],
) -> set[Read]:
    if old is None:
        return set()
    out: set[Read] = {("m", k) for k in meta.meta} | {("r", k) for k in meta.ref}
    for key in meta.meta:
        was, now = old.pages.get(key), new.pages.get(key)
        if was is None or now is None or sort_key(was) != sort_key(now):
            out.add(("o", key))
    for key in old_bodies.keys() | bodies.keys():
        a, n = old_bodies.get(key), bodies.get(key)
        if a is not n and a != n:
            out.add(("b", key))
            if a is None or n is None or summary_fields(a) != summary_fields(n):
                out.add(("S", key))
    if old.pages is not new.pages:
        for key in meta.meta:
            was, now = old.pages.get(key), new.pages.get(key)
            if was is None or now is None or len(was.listed) != len(now.listed):
                out.add(("c", key))
        for key in old.pagers.keys() | new.pagers.keys():
            was_pagers, now_pagers = old.pagers.get(key), new.pagers.get(key)
            if was_pagers is not now_pagers and was_pagers != now_pagers:
                out.add(("p", key))
                if pager_paths(was_pagers) != pager_paths(now_pagers):
                    out.add(("P", key))
        for skey in old.series_parts.keys() | new.series_parts.keys():
            if old.series_parts.get(skey) != new.series_parts.get(skey):
                out.add(("s", f"{skey[0]}/{skey[1]}"))
        if old.pages.keys() != new.pages.keys():  # a key names the page's language and kind
            for lang in new.config.lang_codes:
                if regular_pages(old, lang) != regular_pages(new, lang):
                    out.add(("L", lang))
        for key in old.related.keys() | new.related.keys():  # `related:` lists
            if old.related.get(key) != new.related.get(key):
                out.add(("R", key))
    return out


def menu_reads(before: Menus | None, after: Menus, langs: Iterable[str]) -> set[Read]:
    """("M", lang) for each language whose resolved menus differ from the previous model's."""
    if before is None or before is after:
        return set()
    return {("M", code) for code in langs if before.get(code) != after.get(code)}


def sitemap_langs(old: Site, new: Site, meta: MetaChanges) -> frozenset[str]:
    """Languages whose sitemap entries can differ: those of pages whose entry changed
    (`sitemap_inputs`: appeared, moved, another lastmod...), and of the translations of pages
    whose URL changed (they list it as an alternate). Menus (`("M", lang)`) are the caller's."""
    langs: set[str] = set()
    for key in meta.meta:
        was, now = old.pages.get(key), new.pages.get(key)
        if sitemap_inputs(was) != sitemap_inputs(now):
            langs.update(p.lang for p in (was, now) if p is not None)
        if key in meta.ref:
            for site, page in ((old, was), (new, now)):
                if page is not None:
                    langs.update(site.pages[k].lang for k in page.translations if k in site.pages)
    return frozenset(langs)


def summary_fields(body: RenderedBody) -> tuple[object, ...]:
    """What lists and cards show of a body (`("S", key)`); the HTML itself is `("b", key)`."""
    return (
        body.summary_html,
        body.plain_summary,
        body.truncated,
        body.words,
        body.reading_time,
        body.toc,
        body.cards if body.summary_html else (),
    )


def pager_paths(pagers: tuple[Pager, ...] | None) -> tuple[str, ...] | None:
    """What `("P", key)` reads of a list's pagers: how many there are, and where."""
    return None if pagers is None else tuple(p.path for p in pagers)


def regular_pages(site: Site, lang: str) -> frozenset[PageKey]:
    return frozenset(k for k, p in site.pages.items() if p.lang == lang and p.kind is PageKind.PAGE)
