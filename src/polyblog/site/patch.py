"""Incremental assembly: the model after front-matter edits of regular pages, from the previous
model. Only the edited pages, the lists and terms they are (or were) in, those terms'
translations, the taxonomies and the series change; the rest is the previous model's, object
for object. Pure; every rule is `Assembler`'s. `None` when an edit can change more than that
(a page appears, leaves or moves, its translation group or aliases change, translations inherit
front matter or show untranslated posts, `terms:` translations...): the caller then assembles
the whole model (`build_site`), which gives the same result, errors included.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from polyblog.config import Config
from polyblog.content.model import SourceKind, SourcePage
from polyblog.errors import Warning_
from polyblog.site.assemble import (
    Assembler,
    BuildOptions,
    Memo,
    included,
    own_dates,
    regular_key,
    translation_group,
)
from polyblog.site.lookup import carry_index
from polyblog.site.model import (
    LIST_KINDS,
    Alias,
    Page,
    PageKey,
    PageKind,
    Pager,
    Site,
    page_key,
    term_ident,
)
from polyblog.site.related import rank_order, related_pages

TermId = tuple[str, str, str]  # (language, taxonomy, term key)


def patchable(config: Config) -> bool:
    """Whether front-matter edits of this site's pages can be patched at all (else every edit
    assembles the model again)."""
    tr = config.translations
    return (
        not tr.inherit
        and not any(tr.untranslated_in(code) == "show" for code in config.lang_codes)
        and not config.term_translations
        and config.builds("term")
        and config.builds("taxonomy")
    )


def patch_site(
    previous: Site,
    old: Sequence[SourcePage],
    new: Sequence[SourcePage],
    opts: BuildOptions,
    memo: Memo | None = None,
) -> Site | None:
    """The model of `new` (the sources of `previous`, `old`, with some regular pages' front
    matter edited), or None when the edit is not one this patches."""
    config = previous.config
    if not patchable(config) or len(old) != len(new):
        return None
    asm = Assembler(config, opts, memo)
    edits: dict[PageKey, tuple[Page, Page]] = {}  # key -> (before, after)
    for was_src, now_src in zip(old, new, strict=True):
        if was_src is now_src:
            continue
        if (
            was_src.path != now_src.path
            or was_src.kind is not SourceKind.PAGE
            or now_src.kind is not SourceKind.PAGE
        ):
            return None
        key = regular_key(was_src)
        was = previous.pages.get(key)
        if was is None or was.source is not was_src:
            return None  # left out of the model (or not built from it): let `build_site` judge
        if included(now_src, opts, asm.now) is not None:
            return None  # leaves the model
        if translation_group(PageKind.PAGE, was.ident, was_src) != translation_group(
            PageKind.PAGE, was.ident, now_src
        ) or (was_src.resources, was_src.resource_names) != (
            now_src.resources,
            now_src.resource_names,
        ):
            return None
        base = asm.regular_page(now_src)
        if base is None or base.key != key or base.path != was.path or base.aliases != was.aliases:
            return None  # an error (reported by `build_site`), a new URL or other aliases
        # translations, shared bundle files and the section are those of the same group/folder
        now = asm.named(
            replace(base, translations=was.translations, resources=was.resources, parent=was.parent)
        )
        edits[key] = (was, now)
    if not edits or asm.warnings:  # (placing a page warns about nothing today)
        return None
    return _Patch(asm, previous, new, edits).run()


@dataclass(slots=True)
class _Patch:
    asm: Assembler
    previous: Site
    sources: Sequence[SourcePage]
    edits: dict[PageKey, tuple[Page, Page]]
    pages: dict[PageKey, Page] = field(default_factory=dict)
    relisted: set[PageKey] = field(default_factory=set)  # lists whose items changed
    added: set[PageKey] = field(default_factory=set)  # term pages
    removed: set[PageKey] = field(default_factory=set)

    def run(self) -> Site | None:
        prev = self.previous
        self.pages = dict(prev.pages)
        for _was, now in self.edits.values():
            self.pages[now.key] = now
        self.asm.cut_terms = self.asm.cut_terms_of(self.asm.cut_branches(self.sources))
        terms: set[TermId] = set()
        series: set[tuple[str, str]] = set()
        lists: set[PageKey] = set()
        for was, now in self.edits.values():
            if now.parent is not None:
                lists.add(now.parent)  # its section
            if now.section in prev.main_sections.get(now.lang, ()):
                lists.add(page_key(now.lang, PageKind.HOME))
            for ref in (*was.terms, *now.terms):
                terms.add((now.lang, ref.taxonomy, ref.key))
                if ref.taxonomy == "series":
                    series.add((now.lang, ref.key))
        for term in sorted(terms):
            if not self._term(term):
                return None
        self._place_terms()
        for key in sorted(lists):
            if key in self.pages:
                self._relist(key)
        self._taxonomies({(lang, tax) for lang, tax, _k in terms})
        langs = {now.lang for _was, now in self.edits.values()}
        self.asm.pages = self.pages
        self.asm.fill_archives(prev.main_sections, langs)  # dates or titles may reorder them
        pagers = self._pagers()
        series_parts = self._series(series)
        by_path, aliases, warnings = prev.by_path, prev.aliases, prev.warnings
        if (
            self.added
            or self.removed
            or _paths(pagers, self.relisted) != _paths(prev.pagers, self.relisted)
        ):
            found = self._paths(pagers)
            if found is None:
                return None
            by_path, aliases, warnings = found
        site = Site(
            config=prev.config,
            pages=self.pages,
            pagers=pagers,
            by_path=by_path,
            by_logical=prev.by_logical,
            series_parts=series_parts,
            aliases=aliases,
            main_sections=prev.main_sections,
            related=self._related(langs),
            warnings=warnings,
        )
        if by_path is not prev.by_path:  # the page lookups of the new model, from the old's
            carry_index(prev, site, self.added, self.removed)
        return site

    # -- terms -----------------------------------------------------------------------------

    def _term(self, term: TermId) -> bool:
        """The term's page with its pages now: made, changed or gone. False: not patchable."""
        lang, tax, key = term
        asm = self.asm
        if (lang, f"{tax.lower()}/{key}") in asm.cut_terms:
            return True  # no page (its _index.md is left out)
        tkey = page_key(lang, PageKind.TERM, term_ident(tax, key))
        page = self.pages.get(tkey)
        members = [self.pages[k] for k in (page.listed if page else ()) if k not in self.edits]
        members += [now for _was, now in self.edits.values() if _has(now, lang, tax, key)]
        if page is not None and page.source is not None and not page.source.title:
            return False  # titled by a page's name or its folder: `build_site` knows
        if not members and (page is None or page.source is None):
            if page is not None:
                self.removed.add(tkey)
                del self.pages[tkey]
            return True
        if page is None or page.source is None:
            name = asm.term_names(members, lang, tax)[key]
            if page is None:
                page = asm.term_page(lang, tax, key, name, None)
                self.added.add(tkey)
            elif page.title != name:
                page = replace(page, title=name, link_title=name)
        page = replace(page, listed=asm.ordered(page, members))
        self.pages[tkey] = self._dated(page)
        self.relisted.add(tkey)
        return True

    def _place_terms(self) -> None:
        """New term pages where `build_site` puts them (after their taxonomy, by key), gone ones
        out, and the translations of the terms of the same key in other languages."""
        if not (self.added or self.removed):
            return
        changed = [
            self.pages.get(k) or self.previous.pages[k] for k in sorted(self.added | self.removed)
        ]
        taxes = {page_key(p.lang, PageKind.TAXONOMY, p.taxonomy) for p in changed}
        ordered: dict[PageKey, Page] = {}
        for key, page in self.pages.items():
            if page.kind is PageKind.TERM and page.parent in taxes:
                continue
            ordered[key] = page
            if key in taxes:
                terms = [
                    k for k, p in self.pages.items() if p.kind is PageKind.TERM and p.parent == key
                ]
                for term in sorted(terms):
                    ordered[term] = self.pages[term]
        self.pages = ordered
        codes = self.previous.config.lang_codes
        for page in changed:
            group = translation_group(PageKind.TERM, page.ident, None)
            members = [
                self.pages[k]
                for k in (page_key(code, PageKind.TERM, page.ident) for code in codes)
                if k in self.pages
                and translation_group(PageKind.TERM, page.ident, self.pages[k].source) == group
            ]
            for linked in self.asm.linked(members):
                self.pages[linked.key] = linked

    def _taxonomies(self, taxes: Iterable[tuple[str, str]]) -> None:
        for lang, tax in sorted(taxes):
            key = page_key(lang, PageKind.TAXONOMY, tax)
            page = self.pages[key]
            listed = page.listed
            if self.added or self.removed:
                listed = tuple(
                    sorted(
                        k
                        for k, p in self.pages.items()
                        if p.kind is PageKind.TERM and p.parent == key
                    )
                )
            self.pages[key] = self._dated(replace(page, listed=listed))

    # -- lists -----------------------------------------------------------------------------

    def _relist(self, key: PageKey) -> None:
        """A home or section whose pages (same ones) may be in another order, with other dates."""
        page = self.pages[key]
        listed = self.asm.ordered(page, (self.pages[k] for k in page.listed))
        self.pages[key] = self._dated(replace(page, listed=listed))
        self.relisted.add(key)

    def _dated(self, page: Page) -> Page:
        """`Assembler.dated` as the full pass sees the page: with its own dates, and its
        subsections with theirs (they come after it in the pass)."""
        date, lastmod = own_dates(page.kind, page.source)
        page = replace(page, date=date, lastmod=lastmod)
        items = [self.pages[k] for k in page.listed]
        for k in page.sections:
            sub = self.pages[k]
            date, lastmod = own_dates(sub.kind, sub.source)
            items.append(replace(sub, date=date, lastmod=lastmod))
        return self.asm.dated(page, items)

    def _pagers(self) -> dict[PageKey, tuple[Pager, ...]]:
        prev = self.previous.pagers
        if self.added or self.removed:
            return {
                key: self.asm.pagers_of(page) if key in self.relisted else prev[key]
                for key, page in self.pages.items()
                if page.kind in LIST_KINDS
            }
        pagers = dict(prev)
        for key in self.relisted:
            pagers[key] = self.asm.pagers_of(self.pages[key])
        return pagers

    def _series(self, series: set[tuple[str, str]]) -> dict[tuple[str, str], tuple[PageKey, ...]]:
        parts = dict(self.previous.series_parts)
        if not series:
            return parts
        for lang, key in series:
            members = [self.pages[k] for k in parts.get((lang, key), ()) if k not in self.edits]
            members += [now for _was, now in self.edits.values() if _has(now, lang, "series", key)]
            if members:
                parts[(lang, key)] = self.asm.series_order(members)
            else:
                parts.pop((lang, key), None)
        return dict(sorted(parts.items()))

    def _related(self, langs: set[str]) -> dict[PageKey, tuple[PageKey, ...]]:
        """The related pages of the edited pages and of the pages that share a term with one
        (before or after the edit) again; the others' cannot change. In the order a full
        assembly gives."""
        prev = self.previous
        targets: set[PageKey] | None = set(self.edits)
        for was, now in self.edits.values():
            for ref in (*was.terms, *now.terms):
                ident = term_ident(ref.taxonomy, ref.key)
                term = self.pages.get(page_key(now.lang, PageKind.TERM, ident))
                if term is None or targets is None:  # no term page to list its pages
                    targets = None
                    break
                targets.update(term.listed)
        fresh = related_pages(prev.config, self.pages, langs, targets)
        if targets is None:
            kept = {k: v for k, v in prev.related.items() if prev.pages[k].lang not in langs}
        else:
            kept = {k: v for k, v in prev.related.items() if k not in targets}
        merged = {**kept, **fresh}
        codes = {code: i for i, code in enumerate(sorted(prev.config.lang_codes))}
        pages = self.pages
        return dict(
            sorted(
                merged.items(),
                key=lambda kv: (codes[pages[kv[0]].lang], *rank_order(pages[kv[0]])),
            )
        )

    # -- paths -----------------------------------------------------------------------------

    def _paths(
        self, pagers: dict[PageKey, tuple[Pager, ...]]
    ) -> tuple[dict[str, PageKey], tuple[Alias, ...], tuple[Warning_, ...]] | None:
        """URLs and redirects again (pages or pagers appeared or went): collisions are for
        `build_site` to report. The alias pass's warnings come last in the model's."""
        prev = self.previous
        asm = self.asm
        asm.pages = self.pages
        asm.errors, asm.warnings = [], []
        by_path = asm.index_paths(pagers)
        aliases = asm.aliases(by_path) if not asm.errors else ()
        if asm.errors:
            return None
        new_tail = asm.warnings
        old_tail: list[Warning_] = []
        if prev.warnings:
            before = Assembler(prev.config, asm.opts)
            before.pages = prev.pages
            before.aliases(prev.by_path)
            old_tail = before.warnings
            if list(prev.warnings[len(prev.warnings) - len(old_tail) :]) != old_tail:
                return None
        kept = prev.warnings[: len(prev.warnings) - len(old_tail)]
        return by_path, aliases, (*kept, *new_tail)


def _has(page: Page, lang: str, tax: str, key: str) -> bool:
    return page.lang == lang and any(r.taxonomy == tax and r.key == key for r in page.terms)


def _paths(pagers: dict[PageKey, tuple[Pager, ...]], keys: Iterable[PageKey]) -> list[int]:
    return [len(pagers.get(k, ())) for k in sorted(keys)]
