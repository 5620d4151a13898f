"""Assemble the site model from source pages: filter, place, link translations, list, paginate.
`Assembler` holds each rule once; `site.patch` applies the same rules to an edit's pages only."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime

from polyblog.config import CONFIG_NAME, Config
from polyblog.content.model import SourceKind, SourcePage
from polyblog.errors import (
    BlogError,
    CollisionError,
    ContentError,
    ErrorList,
    SourcePos,
    Warning_,
)
from polyblog.site.inherit import Inheritance, inherit_front_matter
from polyblog.site.model import (
    LIST_KINDS,
    Alias,
    Page,
    PageKey,
    PageKind,
    Pager,
    Site,
    TermRef,
    identity,
    page_key,
    term_ident,
)
from polyblog.site.paths import PathRules
from polyblog.site.related import related_pages
from polyblog.site.resources import name_resources
from polyblog.site.untranslated import shown_untranslated, term_places
from polyblog.urls import MAX_SEGMENT_BYTES, has_dot_segments, join, long_segment

_FAR_PAST = datetime(1, 1, 1, tzinfo=UTC)


@dataclass(frozen=True, slots=True, kw_only=True)
class BuildOptions:
    drafts: bool = False
    future: bool = False
    expired: bool = False
    now: datetime | None = None


def included(src: SourcePage, opts: BuildOptions, now: datetime) -> str | None:
    """Why `src` is left out of this build (draft, future, expired), or None."""
    if src.draft and not opts.drafts:
        return "draft"
    if src.publish_date and src.publish_date > now and not opts.future:
        return "future"
    if src.expiry_date and src.expiry_date <= now and not opts.expired:
        return "expired"
    return None


def sort_key(page: Page) -> tuple[int, int, float, str, str]:
    """Hugo's default order: weight (unweighted last), newest first, title, path."""
    stamp = (page.date or _FAR_PAST).timestamp()
    weighted = 0 if page.weight else 1
    return (weighted, page.weight, -stamp, page.link_title.casefold(), page.path)


def term_key(page: Page) -> tuple[float, int, str, str]:
    """Pages of a term: newest first, then weight, then title, then path."""
    stamp = (page.date or _FAR_PAST).timestamp()
    return (-stamp, page.weight, page.link_title.casefold(), page.path)


def _under_cut(src: SourcePage, cut: set[tuple[str, str]]) -> bool:
    folder = src.bundle_dir
    return any(
        src.lang == lang and (folder == top or folder.startswith(top + "/")) for lang, top in cut
    )


def series_key(page: Page) -> tuple[int, int, float, str]:
    """Series parts: `series_order` first (pages without one after), then date, then path."""
    src = page.source
    number = src.series_order if src and src.series_order is not None else None
    taken = page.inherited.get("series_order")  # `translations.inherit: [series]`
    if isinstance(taken, int):
        number = taken
    stamp = (page.date or _FAR_PAST).timestamp()
    return (0 if number is not None else 1, number or 0, stamp, page.path)


def regular_key(src: SourcePage) -> PageKey:
    """The key of a regular page: its language and its path in the content folder."""
    return page_key(src.lang, PageKind.PAGE, src.logical)


def translation_group(kind: PageKind, ident: str, src: SourcePage | None) -> str:
    """The one rule that makes pages translations of each other (Hugo's TranslationKey, 0.111
    hugolib/page.go): the same kind and `translationKey`, else the same kind and `ident` in
    another language (content path, section folder, taxonomy or term; see `Page.ident`)."""
    if src is not None and src.translation_key:
        return f"key:{kind.value}/{src.translation_key}"
    return identity(kind, ident)


def regular_translation_group(src: SourcePage) -> str:
    """`translation_group` of a regular page's source (for `blog translations` and `blog new`)."""
    return translation_group(PageKind.PAGE, src.logical, src)


def own_dates(kind: PageKind, src: SourcePage | None) -> tuple[datetime | None, datetime | None]:
    """The date and lastmod of a list page before it takes its items' (`Assembler.dated`): its
    `_index.md`'s for the home and sections, none for taxonomies and terms."""
    if src is None or kind in (PageKind.TAXONOMY, PageKind.TERM):
        return None, None
    return src.date, src.lastmod


Memo = dict[str, tuple[SourcePage, Page]]
"""Regular pages by source path, as first assembled from that very `SourcePage` object: `blog
serve` keeps one for a config so that a rebuild does not work out unchanged pages again."""


def build_site(
    config: Config, sources: Iterable[SourcePage], opts: BuildOptions, memo: Memo | None = None
) -> Site:
    return Assembler(config, opts, memo).run(list(sources))


class Assembler:
    def __init__(self, config: Config, opts: BuildOptions, memo: Memo | None = None) -> None:
        self.memo = memo
        self.config = config
        self.opts = opts
        self.now = opts.now or datetime.now(UTC)
        self.rules = PathRules(config)
        self.pages: dict[PageKey, Page] = {}
        self.errors: list[BlogError] = []
        self.warnings: list[Warning_] = []
        self.taxonomies = {t.lower(): t for t in config.taxonomies}
        self.cut_terms: set[tuple[str, str]] = set()
        self.inherited: dict[str, Inheritance] = {}
        self.untranslated: dict[str, list[PageKey]] = {}  # language -> posts it shows

    def run(self, sources: list[SourcePage]) -> Site:
        # `translations.inherit`: translations read as if they wrote their original's values
        self.inherited = inherit_front_matter(
            self.config, sources, regular_translation_group, self.rules.term_key
        )
        if self.inherited:
            sources = [self._effective(s) for s in sources]
        live = [s for s in sources if included(s, self.opts, self.now) is None]
        # A left-out _index.md takes its whole branch with it (Hugo): pages, sections, a term.
        cut = self.cut_branches(sources)
        live = [s for s in live if not _under_cut(s, cut)]
        regular = [s for s in live if s.kind is SourceKind.PAGE]
        branch = [s for s in live if s.kind is not SourceKind.PAGE]
        tax_meta = {(s.lang, s.bundle_dir): s for s in branch if self._taxonomy_of(s)}
        section_meta = {(s.lang, s.bundle_dir): s for s in branch if not self._taxonomy_of(s)}
        self.cut_terms = self.cut_terms_of(cut)

        for src in regular:
            self._add_regular(src)
        for lang in self.config.lang_codes:
            nested = {d for (lg, d) in section_meta if lg == lang and "/" in d}
            self._add_home(lang, section_meta.get((lang, "")))
            self._add_sections(lang, section_meta, nested)
            self._add_taxonomies(lang, tax_meta)
            self._add_not_found(lang)
        if self.config.archive.enabled:
            self._add_archives()
        if self.errors:
            raise ErrorList(self.errors)
        self._link_translations(self._term_groups(sources))
        self._name_resources()
        self.untranslated = shown_untranslated(self.config, self.pages)
        main_sections = {lang: self._main_sections(lang) for lang in self.config.lang_codes}
        self._fill_lists(main_sections)
        self._list_dates()
        self.fill_archives(main_sections)
        pagers = self._paginate()
        by_path = self.index_paths(pagers)
        aliases = self.aliases(by_path)
        if self.errors:
            raise ErrorList(self.errors)
        return Site(
            config=self.config,
            pages=self.pages,
            pagers=pagers,
            by_path=by_path,
            by_logical=self._by_logical(),
            series_parts=self._series(),
            aliases=aliases,
            main_sections=main_sections,
            related=related_pages(self.config, self.pages),
            warnings=tuple(self.warnings),
        )

    def cut_branches(self, sources: Iterable[SourcePage]) -> set[tuple[str, str]]:
        """(language, folder) of the `_index.md` files left out of this build: their whole
        branch goes with them (Hugo)."""
        return {
            (s.lang, s.bundle_dir)
            for s in sources
            if s.kind is SourceKind.SECTION and included(s, self.opts, self.now) is not None
        }

    def cut_terms_of(self, cut: set[tuple[str, str]]) -> set[tuple[str, str]]:
        """(language, "taxonomy/term") of the terms whose `_index.md` is left out."""
        return {
            (lang, f"{top.lower()}/{self.rules.term_key(rest)}")
            for lang, (top, _, rest) in ((lg, f.partition("/")) for lg, f in cut)
            if rest and top.lower() in self.taxonomies
        }

    # -- placing pages ---------------------------------------------------------------------

    def _taxonomy_of(self, src: SourcePage) -> str | None:
        top = src.bundle_dir.split("/", 1)[0]
        return self.taxonomies.get(top.lower()) if src.bundle_dir else None

    def _add(self, page: Page) -> None:
        if page.kind is not PageKind.HOME and not self.config.builds(page.kind.value):
            return  # disable_kinds: not in the model at all, as in Hugo (a home stays: see render)
        other = self.pages.get(page.key)
        if other is not None:
            self.errors.append(
                CollisionError(
                    f"{_origin(other)} and {_origin(page)} are the same {page.lang} page "
                    "(remove one, or give the language only once: suffix or folder)",
                    _pos(page),
                )
            )
            return
        self.pages[page.key] = page

    def _add_regular(self, src: SourcePage) -> None:
        page = self.regular_page(src)
        if page is not None:
            self._add(page)

    def regular_page(self, src: SourcePage) -> Page | None:
        """A regular page as placed from its source (before translations and lists), from the
        memo when that very source was placed before; None after an error (collected)."""
        if self.memo is not None:
            hit = self.memo.get(src.path)
            if hit is not None and hit[0] is src:
                return hit[1]
        errors = len(self.errors)
        try:
            path = self.rules.page(src)
        except BlogError as exc:
            self.errors.append(exc)
            return None
        parts = src.bundle_dir.split("/")
        terms: list[TermRef] = []
        for tax, names in src.terms.items():
            seen: set[str] = set()
            for name in names:
                key = self.rules.term_key(name)
                if has_dot_segments(key) or key.startswith("/") or "\\" in key:
                    line = src.key_lines.get(tax.lower(), 0)
                    self.errors.append(
                        ContentError(
                            f"{tax}: the term {name!r} gives a URL that leaves the site",
                            SourcePos(src.path, line),
                        )
                    )
                    continue
                if long_segment(key) is not None:
                    self.errors.append(
                        ContentError(
                            f"{tax}: the term {name[:40]!r}… gives a URL segment longer than "
                            f"{MAX_SEGMENT_BYTES} bytes (too long for a file name)",
                            SourcePos(src.path, src.key_lines.get(tax.lower(), 0)),
                        )
                    )
                    continue
                if key and key not in seen:
                    seen.add(key)
                    terms.append(TermRef(taxonomy=tax, key=key, name=name))
        aliases: list[str] = []
        for alias in src.aliases:
            try:
                aliases.append(self.rules.alias(alias, src, path))
            except BlogError as exc:
                self.errors.append(exc)
        resources = tuple(
            (res, path + name) for res, name in zip(src.resources, src.resource_names, strict=True)
        )
        page = Page(
            kind=PageKind.PAGE,
            lang=src.lang,
            ident=src.logical,
            path=path,
            title=src.title,
            link_title=src.link_title,
            section=parts[0] if len(parts) > 1 else "",
            source=src,
            date=src.date,
            lastmod=src.lastmod,
            weight=src.weight,
            draft=src.draft,
            terms=tuple(terms),
            aliases=tuple(aliases),
            resources=resources,
            layout=src.layout,
        )
        taken = self.inherited.get(src.path)
        if taken is not None:  # the model keeps the file as written, and what it inherited
            page = replace(page, source=taken.written, inherited=taken.values)
        if self.memo is not None and len(self.errors) == errors:
            self.memo[src.path] = (src, page)
        return page

    def _effective(self, src: SourcePage) -> SourcePage:
        taken = self.inherited.get(src.path)
        return taken.effective if taken is not None else src

    def _add_home(self, lang: str, src: SourcePage | None) -> None:
        title = src.title if src and src.title else self.config.language(lang).title
        if src is not None and src.url:
            self._ignored(src, "url", "the home page is always at its language's root")
        self._add(
            Page(
                kind=PageKind.HOME,
                lang=lang,
                path=self.rules.home(lang),
                title=title,
                link_title=title,
                section="",
                source=src,
                date=own_dates(PageKind.HOME, src)[0],
                lastmod=own_dates(PageKind.HOME, src)[1],
                layout=src.layout if src else None,
                resources=self._branch_resources(src, self.rules.home(lang)),
                aliases=self._branch_aliases(src, self.rules.home(lang)),
            )
        )

    def _list_path(self, src: SourcePage | None, path: str) -> str:
        """Where a section, taxonomy or term page goes: `path`, or its `_index.md`'s `url`."""
        if src is None:
            return path
        if src.slug:
            self._ignored(src, "slug", "a list page keeps its folder's URL; url moves it")
        try:
            return self.rules.list_page(src, path)
        except BlogError as exc:
            self.errors.append(exc)
            return path

    def _ignored(self, src: SourcePage, key: str, why: str) -> None:
        self.warnings.append(
            Warning_(
                f"{key}: has no effect here ({why}, as in Hugo)",
                SourcePos(src.path, src.key_lines.get(key, 0)),
            )
        )

    def _branch_aliases(self, src: SourcePage | None, path: str) -> tuple[str, ...]:
        """Aliases of a home, section, taxonomy or term `_index.md`; errors are collected."""
        if src is None:
            return ()
        out: list[str] = []
        for alias in src.aliases:
            try:
                out.append(self.rules.alias(alias, src, path))
            except BlogError as exc:
                self.errors.append(exc)
        return tuple(out)

    def _branch_resources(self, src: SourcePage | None, path: str) -> tuple[tuple[str, str], ...]:
        if src is None:
            return ()
        return tuple(
            (res, path + name) for res, name in zip(src.resources, src.resource_names, strict=True)
        )

    def _add_sections(
        self, lang: str, meta: dict[tuple[str, str], SourcePage], nested: set[str]
    ) -> None:
        folders: set[str] = set()
        for page in self.pages.values():
            if page.lang == lang and page.kind is PageKind.PAGE and page.section:
                folders.add(page.section)
                assert page.source is not None
                for folder in nested:
                    if page.source.bundle_dir.startswith(folder + "/"):
                        folders.add(folder)
        folders |= {d for (lg, d) in meta if lg == lang and d}
        for folder in sorted(folders):
            if self._taxonomy_of_dir(folder):
                continue
            src = meta.get((lang, folder))
            name = folder.rsplit("/", 1)[-1]
            title = src.title if src and src.title else name[:1].upper() + name[1:]
            path = self._list_path(src, self.rules.section(lang, folder))
            self._add(
                Page(
                    kind=PageKind.SECTION,
                    lang=lang,
                    ident=folder,
                    path=path,
                    title=title,
                    link_title=(src.link_title if src else "") or title,
                    section=folder.split("/", 1)[0],
                    source=src,
                    date=own_dates(PageKind.SECTION, src)[0],
                    lastmod=own_dates(PageKind.SECTION, src)[1],
                    weight=src.weight if src else 0,
                    layout=src.layout if src else None,
                    aliases=self._branch_aliases(src, path),
                    resources=self._branch_resources(src, path),
                )
            )

    def _taxonomy_of_dir(self, folder: str) -> bool:
        return folder.split("/", 1)[0].lower() in self.taxonomies

    def _add_taxonomies(self, lang: str, meta: dict[tuple[str, str], SourcePage]) -> None:
        regular = sorted(self._regular(lang), key=_file_order)
        for tax in self.config.taxonomies:
            names = self.term_names(regular, lang, tax)
            for (lg, folder), meta_src in sorted(meta.items()):
                top, _, rest = folder.partition("/")
                if lg == lang and rest and "/" not in rest and top.lower() == tax.lower():
                    names.setdefault(self.rules.term_key(rest), meta_src.title or rest)
            src = meta.get((lang, tax))
            title = src.title if src and src.title else tax[:1].upper() + tax[1:]
            tax_path = self._list_path(src, self.rules.taxonomy(lang, tax))
            self._add(
                Page(
                    kind=PageKind.TAXONOMY,
                    lang=lang,
                    ident=tax,
                    path=tax_path,
                    title=title,
                    link_title=title,
                    section=tax,
                    source=src,
                    taxonomy=tax,
                    aliases=self._branch_aliases(src, tax_path),
                )
            )
            for key, name in sorted(names.items()):
                self._add(
                    self.term_page(lang, tax, key, name, self._term_meta(meta, lang, tax, key))
                )

    def term_names(self, pages: Iterable[Page], lang: str, tax: str) -> dict[str, str]:
        """Term key -> the term as the first page (in file order) writes it, for the terms of
        `tax` in `pages` (of `lang`) that are not cut."""
        names: dict[str, str] = {}
        for page in sorted(pages, key=_file_order):
            for ref in page.terms:
                cut = (lang, f"{tax.lower()}/{ref.key}") in self.cut_terms
                if ref.taxonomy == tax and not cut:
                    names.setdefault(ref.key, ref.name)
        return names

    def term_page(self, lang: str, tax: str, key: str, name: str, src: SourcePage | None) -> Page:
        """A term's page (before lists): titled by its `_index.md`, else by the term's name as
        the first page (in file order) writes it."""
        title = src.title if src and src.title else name
        path = self._list_path(src, self.rules.term(lang, tax, key))
        return Page(
            kind=PageKind.TERM,
            lang=lang,
            ident=term_ident(tax, key),
            path=path,
            title=title,
            link_title=title,
            section=tax,
            source=src,
            taxonomy=tax,
            term=key,
            aliases=self._branch_aliases(src, path),
            parent=page_key(lang, PageKind.TAXONOMY, tax),
        )

    def _term_meta(
        self, meta: dict[tuple[str, str], SourcePage], lang: str, tax: str, key: str
    ) -> SourcePage | None:
        for (lg, folder), src in meta.items():
            if lg == lang and "/" in folder:
                top, rest = folder.split("/", 1)
                if top.lower() == tax.lower() and self.rules.term_key(rest) == key:
                    return src
        return None

    def _add_not_found(self, lang: str) -> None:
        self._add(
            Page(
                kind=PageKind.NOT_FOUND,
                lang=lang,
                path=self.rules.not_found(lang),
                title="404 Page not found",
                link_title="404",
                section="",
            )
        )

    def _add_archives(self) -> None:
        """`archive:` one page per language listing its posts by year, unless a page of the
        site is already at that URL (a warning: that page wins)."""
        taken = {p.path.casefold(): p for p in self.pages.values()}
        for lang in self.config.lang_codes:
            path = join(self.rules.prefix(lang), *self.config.archive.path.split("/"))
            other = taken.get(path.casefold())
            if other is not None:
                self.warnings.append(
                    Warning_(
                        f"archive: {path} is the URL of {_origin(other)}; that page stays and "
                        f"no {lang} archive page is made (set archive.path to another URL, or "
                        "archive.enabled: false)",
                        _pos(other),
                    )
                )
                continue
            self._add(
                Page(
                    kind=PageKind.ARCHIVE,
                    lang=lang,
                    path=path,
                    title="",  # the theme's `archive` string in the page's language
                    link_title="",
                    section="",
                )
            )

    def fill_archives(
        self, main_sections: Mapping[str, tuple[str, ...]], langs: Collection[str] | None = None
    ) -> None:
        """An archive lists every post of its language that its home would list (the main
        sections), newest first; its date and lastmod are the newest of theirs. `langs`: only
        the archives of these languages."""
        codes = [c for c in self.config.lang_codes if langs is None or c in langs]
        posts: dict[str, list[Page]] = defaultdict(list)
        for page in self.pages.values():
            if (
                page.kind is PageKind.PAGE
                and page.lang in codes
                and page.section in main_sections[page.lang]
            ):
                posts[page.lang].append(page)
        for lang in codes:
            archive = self.pages.get(page_key(lang, PageKind.ARCHIVE))
            if archive is None:
                continue
            listed = sorted(posts[lang], key=term_key)
            dates = [p.date for p in listed if p.date]
            mods = [p.lastmod for p in listed if p.lastmod] or dates
            self.pages[archive.key] = replace(
                archive,
                listed=tuple(p.key for p in listed),
                date=max(dates) if dates else None,
                lastmod=max(mods) if mods else None,
            )

    def _regular(self, lang: str) -> list[Page]:
        return [p for p in self.pages.values() if p.lang == lang and p.kind is PageKind.PAGE]

    # -- linking ---------------------------------------------------------------------------

    def _term_groups(self, sources: list[SourcePage]) -> dict[PageKey, str]:
        """`terms:` in blog.yaml: a translated term joins the group of its default-language
        term (a warning names a translated term that no page of its language uses)."""
        out: dict[PageKey, str] = {}
        if not self.config.term_translations:
            return out
        used = {
            (src.lang, tax.lower(), self.rules.term_key(name))
            for src in sources
            for tax, names in src.terms.items()
            for name in names
        }
        for src in sources:  # a term's own _index.md
            top, _, rest = src.bundle_dir.partition("/")
            if src.kind is SourceKind.SECTION and rest and "/" not in rest:
                used.add((src.lang, top.lower(), self.rules.term_key(rest)))
        default = self.config.default_language
        for entry in self.config.term_translations:
            tax, key = entry.taxonomy, self.rules.term_key(entry.term)
            ident = term_ident(tax, key)
            anchor = self.pages.get(page_key(default, PageKind.TERM, ident))
            group = translation_group(
                PageKind.TERM, ident, anchor.source if anchor is not None else None
            )
            mine = self.rules.term_key(entry.translated)
            if (entry.lang, tax.lower(), mine) in used:
                out[page_key(entry.lang, PageKind.TERM, term_ident(tax, mine))] = group
            else:
                self.warnings.append(
                    Warning_(
                        f"terms.{tax}.{entry.term}.{entry.lang}: no {entry.lang} page uses the "
                        f"{tax} term {entry.translated!r}",
                        SourcePos(CONFIG_NAME, entry.line),
                    )
                )
        return out

    def _link_translations(self, term_groups: dict[PageKey, str]) -> None:
        groups: dict[str, dict[str, Page]] = defaultdict(dict)
        for page in self.pages.values():
            mapped = term_groups.get(page.key)
            group = groups[mapped or translation_group(page.kind, page.ident, page.source)]
            other = group.get(page.lang)
            if other is not None:
                mapped_hint = (
                    ", or see terms: in blog.yaml" if mapped or other.key in term_groups else ""
                )
                self.errors.append(
                    CollisionError(
                        f"two {page.lang} pages are translations of the same page: "
                        f"{_origin(other)} and {_origin(page)} (give one of them another "
                        f"translationKey{mapped_hint})",
                        _pos(page),
                    )
                )
                continue
            group[page.lang] = page
        if self.errors:
            raise ErrorList(self.errors)
        for group in groups.values():
            if len(group) >= 2:
                for page in self.linked(group.values()):
                    self.pages[page.key] = page

    def linked(self, group: Iterable[Page]) -> list[Page]:
        """The pages of one translation group, each with the others as its translations (in
        language order) and its siblings' bundle files."""
        order = {code: i for i, code in enumerate(self.config.lang_codes)}
        members = sorted(group, key=lambda p: order[p.lang])
        return [
            replace(
                page,
                translations=tuple(p.key for p in members if p.key != page.key),
                resources=_shared_resources(page, members),
            )
            for page in members
        ]

    def _name_resources(self) -> None:
        for key, page in list(self.pages.items()):
            if page.resources:
                self.pages[key] = self.named(page)

    def named(self, page: Page) -> Page:
        """Names, titles and params of bundle resources (front matter `resources:`)."""
        if not page.resources:
            return page
        specs = page.source.resource_specs if page.source else ()
        return replace(page, resource_meta=name_resources(page, specs))

    def _main_sections(self, lang: str) -> tuple[str, ...]:
        """Sections listed on a home: configured, else that language's biggest (Hugo)."""
        if self.config.main_sections is not None:
            return self.config.main_sections
        counts: dict[str, int] = defaultdict(int)
        for page in self.pages.values():
            if page.lang == lang and page.kind is PageKind.PAGE and page.section:
                counts[page.section] += 1
        if not counts:  # nothing of its own: the posts it shows from other languages
            for key in self.untranslated.get(lang, ()):
                page = self.pages[key]
                if page.section:
                    counts[page.section] += 1
        if not counts:
            return ()
        best = max(sorted(counts), key=lambda s: counts[s])
        return (best,)

    def _fill_lists(self, main_sections: dict[str, tuple[str, ...]]) -> None:
        by_term: dict[tuple[str, str, str], list[Page]] = defaultdict(list)
        by_section: dict[tuple[str, str], list[Page]] = defaultdict(list)
        home_items: dict[str, list[Page]] = defaultdict(list)
        subsections: dict[tuple[str, str], list[PageKey]] = defaultdict(list)
        section_folders = {
            (p.lang, p.ident): p for p in self.pages.values() if p.kind is PageKind.SECTION
        }
        for page in self.pages.values():
            if page.kind is PageKind.PAGE:
                for ref in page.terms:
                    by_term[(page.lang, ref.taxonomy, ref.key)].append(page)
                if page.section in main_sections[page.lang]:
                    home_items[page.lang].append(page)
                assert page.source is not None
                folder = _parent_folder(page.source.bundle_dir, page.lang, section_folders)
                if folder is not None:
                    by_section[(page.lang, folder)].append(page)
            elif page.kind is PageKind.SECTION and "/" in page.ident:
                above = _parent_folder(page.ident, page.lang, section_folders)
                if above is not None:
                    subsections[(page.lang, above)].append(page.key)
        # `translations.untranslated: show`: a post of another language joins the lists a
        # version of it in this language would be in (home, section), and the term lists this
        # language already has for its terms; it gets no page, URL or term page of its own.
        for lang, shown in self.untranslated.items():
            for page in (self.pages[k] for k in shown):
                assert page.source is not None
                if page.section in main_sections[lang]:
                    home_items[lang].append(page)
                folder = _parent_folder(page.source.bundle_dir, lang, section_folders)
                if folder is not None:
                    by_section[(lang, folder)].append(page)
                for taxonomy, term in term_places(page, lang, self.pages):
                    by_term[(lang, taxonomy, term)].append(page)
        for key, page in list(self.pages.items()):
            listed: list[Page] | None = None
            parent: PageKey | None = page.parent
            if page.kind is PageKind.HOME:
                listed = home_items[page.lang]
            elif page.kind is PageKind.SECTION:
                listed = by_section[(page.lang, page.ident)]
            elif page.kind is PageKind.TERM:
                listed = by_term[(page.lang, page.taxonomy, page.term)]
            elif page.kind is PageKind.TAXONOMY:
                terms = [
                    p for p in self.pages.values() if p.kind is PageKind.TERM and p.parent == key
                ]
                self.pages[key] = replace(page, listed=tuple(p.key for p in terms))
                continue
            elif page.kind is PageKind.PAGE:
                assert page.source is not None
                folder = _parent_folder(page.source.bundle_dir, page.lang, section_folders)
                parent = page_key(page.lang, PageKind.SECTION, folder) if folder else None
            if listed is not None:
                section = page.kind is PageKind.SECTION
                children = tuple(subsections.get((page.lang, page.ident), ())) if section else ()
                home = page.kind is PageKind.HOME
                foreign = tuple(self.untranslated.get(page.lang, [])) if home else ()
                self.pages[key] = replace(
                    page,
                    listed=self.ordered(page, listed),
                    parent=parent,
                    sections=children,
                    untranslated=foreign,
                )
            elif parent != page.parent:
                self.pages[key] = replace(page, parent=parent)

    def ordered(self, page: Page, members: Iterable[Page]) -> tuple[PageKey, ...]:
        """The order of a list: a series' parts, a term's pages (newest first), or Hugo's
        default order (weight, date, title)."""
        if page.kind is not PageKind.TERM:
            return tuple(p.key for p in sorted(members, key=sort_key))
        if page.taxonomy == "series":
            return self.series_order(members)
        return tuple(p.key for p in sorted(members, key=term_key))

    def series_order(self, parts: Iterable[Page]) -> tuple[PageKey, ...]:
        """The parts of a series: `series_order`, then date, then path (`series_key`)."""
        return tuple(p.key for p in sorted(parts, key=series_key))

    def _list_dates(self) -> None:
        # terms first (taxonomies take their terms' dates); a section sees its subsections as
        # they are before this pass (they come after it)
        order = [PageKind.TERM, PageKind.SECTION, PageKind.HOME, PageKind.TAXONOMY]
        for kind in order:
            for key, page in list(self.pages.items()):
                if page.kind is kind and page.date is None:
                    items = [self.pages[k] for k in (*page.listed, *page.sections)]
                    self.pages[key] = self.dated(page, items)

    def dated(self, page: Page, items: Iterable[Page]) -> Page:
        """A list without its own date takes the newest date and lastmod of what it lists
        (of its own language: untranslated posts shown there leave dates and sitemaps as
        they are)."""
        if page.date is not None:
            return page
        mine = [p for p in items if p.lang == page.lang]
        dates = [p.date for p in mine if p.date]
        mods = [p.lastmod for p in mine if p.lastmod]
        if not (dates or mods):
            return page
        return replace(
            page,
            date=max(dates) if dates else None,
            lastmod=max(mods) if mods else (max(dates) if dates else None),
        )

    def _paginate(self) -> dict[PageKey, tuple[Pager, ...]]:
        return {
            key: self.pagers_of(page) for key, page in self.pages.items() if page.kind in LIST_KINDS
        }

    def pagers_of(self, page: Page) -> tuple[Pager, ...]:
        """A list's pages of `page_size` items (one, empty, for an empty list)."""
        size = self.config.page_size
        chunks = [page.listed[i : i + size] for i in range(0, len(page.listed), size)] or [()]
        return tuple(
            Pager(list_key=page.key, number=n, path=self.rules.pager(page.path, n), items=items)
            for n, items in enumerate(chunks, start=1)
        )

    def index_paths(self, pagers: dict[PageKey, tuple[Pager, ...]]) -> dict[str, PageKey]:
        """Site path -> page (pages, then pagers after the first); two claims of one path
        (ignoring case) are a collision error (collected)."""
        by_path: dict[str, PageKey] = {}
        claims: list[tuple[str, PageKey, str]] = [(p.path, p.key, "") for p in self.pages.values()]
        claims += [
            (pg.path, pg.list_key, f" (page {pg.number})")
            for group in pagers.values()
            for pg in group[1:]
        ]
        for path, key, note in claims:
            folded = path.casefold()
            other_key = by_path.get(folded)
            if other_key is not None and other_key != key:
                page, other = self.pages[key], self.pages[other_key]
                self.errors.append(
                    CollisionError(
                        f"{path} is claimed twice: by {_origin(other)} "
                        f"and by {_origin(page)}{note}",
                        _pos(page),
                    )
                )
                continue
            by_path[folded] = key
        return _unfold(by_path, self.pages, pagers)

    def aliases(self, by_path: dict[str, PageKey]) -> tuple[Alias, ...]:
        """Redirects: front-matter aliases and `.../page/1/` of every list, sorted by path; one
        on a page's path is left out (a warning), one claimed twice is an error (collected)."""
        folded = {p.casefold() for p in by_path}
        out: dict[str, Alias] = {}

        def add(alias: Alias) -> None:
            if alias.path.casefold() in folded:
                self.warnings.append(
                    Warning_(
                        f"alias {alias.path} is the URL of a page; the page wins and no redirect "
                        "is written",
                        SourcePos(alias.source) if alias.source else None,
                    )
                )
                return
            first = out.get(alias.path)
            if first is not None and first.target != alias.target:
                self.errors.append(
                    CollisionError(
                        f"alias {alias.path} is claimed twice: by {first.source or first.target} "
                        f"and by {alias.source or alias.target}",
                        SourcePos(alias.source) if alias.source else None,
                    )
                )
                return
            out.setdefault(alias.path, alias)

        for page in self.pages.values():
            for path in page.aliases:
                add(
                    Alias(
                        path=path,
                        target=page.path,
                        lang=page.lang,
                        source=page.source.path if page.source else "",
                    )
                )
            if page.kind in LIST_KINDS:
                add(
                    Alias(
                        path=join(page.path, self.config.pagination_path, "1"),
                        target=page.path,
                        lang=page.lang,
                        source="",
                    )
                )
        c = self.config
        if c.default_language_in_subdir:
            add(
                Alias(
                    path="/", target=f"/{c.default_language}/", lang=c.default_language, source=""
                )
            )
        elif len(c.languages) > 1:
            add(
                Alias(
                    path=f"/{c.default_language}/", target="/", lang=c.default_language, source=""
                )
            )
        return tuple(sorted(out.values(), key=lambda a: a.path))

    def _by_logical(self) -> dict[tuple[str, str], PageKey]:
        return {
            (p.lang, p.source.logical): p.key
            for p in self.pages.values()
            if p.source is not None and p.kind is not PageKind.NOT_FOUND
        }

    def _series(self) -> dict[tuple[str, str], tuple[PageKey, ...]]:
        if "series" not in self.config.taxonomies:
            return {}
        parts: dict[tuple[str, str], list[Page]] = defaultdict(list)
        for page in self.pages.values():
            if page.kind is PageKind.PAGE:
                for ref in page.terms:
                    if ref.taxonomy == "series":
                        parts[(page.lang, ref.key)].append(page)

        return {k: self.series_order(v) for k, v in sorted(parts.items())}


def _shared_resources(page: Page, members: list[Page]) -> tuple[tuple[str, str], ...]:
    """A translation's bundle lacks a file its siblings have (e.g. per-language content folders):
    copy the sibling's file beside this page too, default language first, as Hugo does."""
    if page.kind is not PageKind.PAGE:
        return page.resources
    own = list(page.resources)
    names = {out[len(page.path) :] for _src, out in own}
    for other in members:
        for src, out in other.resources:
            name = out[len(other.path) :]
            if name not in names:
                names.add(name)
                own.append((src, page.path + name))
    return tuple(own)


def _file_order(page: Page) -> str:
    return page.source.path if page.source else page.path


def _parent_folder(bundle_dir: str, lang: str, sections: dict[tuple[str, str], Page]) -> str | None:
    parts = bundle_dir.split("/")
    for i in range(len(parts) - 1, 0, -1):
        folder = "/".join(parts[:i])
        if (lang, folder) in sections:
            return folder
    return None


def _unfold(
    by_path: dict[str, PageKey],
    pages: dict[PageKey, Page],
    pagers: dict[PageKey, tuple[Pager, ...]],
) -> dict[str, PageKey]:
    out = {page.path: key for key, page in pages.items()}
    for group in pagers.values():
        for pager in group[1:]:
            out.setdefault(pager.path, pager.list_key)
    return {path: key for path, key in out.items() if path.casefold() in by_path}


def _origin(page: Page) -> str:
    if page.source is not None:
        return page.source.path
    return f"the generated {page.kind.value} page {page.path}"


def _pos(page: Page) -> SourcePos | None:
    return SourcePos(page.source.path) if page.source else None
