"""The pure dependency diff: given the model before and after an edit, which reads changed.

Every rendered part records its reads (`polyblog.render.views.Read`) and every body the page
lookups its shortcodes made; these functions compare two models (and two sets of bodies) and
name the reads whose answers differ, so the engine renders again exactly the parts that read
them. No I/O.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field

from polyblog.errors import BlogError, ErrorList
from polyblog.markup import RenderedBody
from polyblog.render.menus import Menus, site_menus
from polyblog.render.views import Read
from polyblog.site import Page, PageKey, PageKind, Site
from polyblog.site.lookup import read_holds


def touches_bodies(rel: str) -> bool:
    """Shortcode templates and translations can change rendered bodies; other templates can't."""
    parts = rel.split("/")
    return "shortcodes" in parts or "i18n" in parts or len(parts) < 3


@dataclass(slots=True)
class MetaChanges:
    meta: set[PageKey] = field(default_factory=set)  # model changed (added, removed too)
    ref: set[PageKey] = field(default_factory=set)  # title, path, language or kind changed
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


def reads_hold(reads: frozenset[tuple[str, str]], old: Site, new: Site, meta: MetaChanges) -> bool:
    """Would a body's page lookups give the same answers in the new model?"""
    for kind, value in reads:
        if kind == "m":
            if value in meta.meta:
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
            if old.pagers.get(key) != new.pagers.get(key):
                out.add(("p", key))
        for skey in old.series_parts.keys() | new.series_parts.keys():
            if old.series_parts.get(skey) != new.series_parts.get(skey):
                out.add(("s", f"{skey[0]}/{skey[1]}"))
        for lang in new.config.lang_codes:
            if regular_pages(old, lang) != regular_pages(new, lang):
                out.add(("L", lang))
        for key in old.related.keys() | new.related.keys():  # `related:` lists
            if old.related.get(key) != new.related.get(key):
                out.add(("R", key))
    return out


def menu_reads(old: Site | None, new: Site, menus: Menus) -> set[Read]:
    """("M", lang) for each language whose resolved menus differ from the previous model's."""
    if old is None or old.pages is new.pages:
        return set()
    try:
        before, _warnings = site_menus(old)
    except (BlogError, ErrorList):  # cannot happen for a model that was rendered; be safe
        return {("M", code) for code in new.config.lang_codes}
    return {("M", code) for code in new.config.lang_codes if before.get(code) != menus.get(code)}


def sitemap_langs(old: Site, new: Site, meta: MetaChanges) -> frozenset[str]:
    """Languages whose sitemap can differ: those of pages whose model changed, and of the
    translations of pages whose URL or title changed (they list it as an alternate)."""
    langs: set[str] = set()
    for key in meta.meta:
        for site in (old, new):
            page = site.pages.get(key)
            if page is None:
                continue
            langs.add(page.lang)
            if key in meta.ref:
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


def regular_pages(site: Site, lang: str) -> frozenset[PageKey]:
    return frozenset(k for k, p in site.pages.items() if p.lang == lang and p.kind is PageKind.PAGE)
