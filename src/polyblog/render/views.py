"""What templates see: read-only views of pages, languages, paginators (docs/templates.md)."""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from markupsafe import Markup

from polyblog.config import Config, LanguageConfig
from polyblog.images import cached_plan, social_card_url
from polyblog.markup import RenderedBody, toc_html
from polyblog.site import Page, PageKey, PageKind, Pager, Site, page_key, term_ident
from polyblog.site.covers import page_images
from polyblog.urls import absolute, site_url


@dataclass(frozen=True, slots=True)
class Language:
    code: str
    name: str
    locale: str
    hreflang: str
    dir: str
    home_url: str | None  # None when the home is not built (`disable_kinds: [home]`)
    title: str


@dataclass(frozen=True, slots=True)
class Link:
    title: str
    url: str


@dataclass(frozen=True, slots=True)
class TermView:
    name: str
    title: str
    url: str
    count: int = 0


@dataclass(frozen=True, slots=True)
class SeriesPart:
    title: str
    url: str
    current: bool
    order: int


@dataclass(frozen=True, slots=True)
class SeriesNav:
    name: str
    url: str
    parts: tuple[SeriesPart, ...]
    index: int
    total: int
    prev: Link | None
    next: Link | None


@dataclass(frozen=True, slots=True)
class Translation:
    lang: Language
    url: str
    title: str


@dataclass(frozen=True, slots=True, kw_only=True)
class ArchivePost:
    """A post as the archive page lists it."""

    title: str
    url: str
    date: datetime | None
    draft: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class ArchiveYear:
    """The posts of one year on the archive page, newest first (`year` None: undated posts)."""

    year: int | None
    posts: tuple[ArchivePost, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class PageView:
    kind: str
    key: str
    title: str
    link_title: str
    description: str
    url: str
    permalink: str
    lang: Language
    date: datetime | None
    lastmod: datetime | None
    summary: Markup
    plain_summary: str
    truncated: bool
    toc: Markup
    words: int
    reading_time: int
    section: str
    terms: Mapping[str, tuple[TermView, ...]]
    translations: tuple[Translation, ...]
    params: Mapping[str, Any]
    images: tuple[str, ...]
    cover: str | None
    social_image: str | None = None  # the 1200x630 card made from the first image (og:image)
    draft: bool
    weight: int
    path: str = field(repr=False)
    # the page's full HTML, made when a template first asks for it (lists usually don't)
    content_html: Callable[[], Markup] = field(repr=False, compare=False)
    # whether that HTML has a Mermaid diagram (the theme then loads its diagram script)
    diagram_check: Callable[[], bool] = field(default=lambda: False, repr=False, compare=False)
    # the related pages (`related:`), made when a template first asks for them
    related_views: Callable[[], tuple[PageView, ...]] = field(
        default=lambda: (), repr=False, compare=False
    )
    # the series box of a regular page, made when a template first asks for it (lists don't)
    series_nav: Callable[[], SeriesNav | None] = field(
        default=lambda: None, repr=False, compare=False
    )

    @property
    def content(self) -> Markup:
        return self.content_html()

    @property
    def has_diagrams(self) -> bool:
        return self.diagram_check()

    @property
    def related(self) -> tuple[PageView, ...]:
        """Up to `related.count` pages of the same language sharing its terms, best first."""
        return self.related_views()

    @property
    def series(self) -> SeriesNav | None:
        """The series the page is a part of (a regular page's first series), or None."""
        return self.series_nav()

    @property
    def tags(self) -> tuple[TermView, ...]:
        return self.terms.get("tags", ())

    @property
    def categories(self) -> tuple[TermView, ...]:
        return self.terms.get("categories", ())


@dataclass(frozen=True, slots=True)
class PagerLink:
    """One entry of a pager bar (`Paginator.numbers`): a page number and its URL, or a gap
    (`url` None; `number` the first number it leaves out)."""

    number: int
    url: str | None
    current: bool = False

    @property
    def gap(self) -> bool:
        return self.url is None


@dataclass(frozen=True, slots=True, kw_only=True)
class Paginator:
    pages: tuple[PageView, ...]
    number: int
    total_pages: int
    total_items: int
    page_size: int
    first_url: str
    last_url: str
    prev_url: str | None
    next_url: str | None
    urls: tuple[str, ...]

    def numbers(self, around: int = 2) -> tuple[PagerLink, ...]:
        """The entries of a pager bar: the first and the last page, the current one and
        `around` pages on each side of it, in order, with a gap wherever numbers are left out
        (a few entries, however long the list: a loop over `urls` on every pager of a list
        costs the square of its length)."""
        total, number = self.total_pages, self.number
        shown = sorted({1, total, *range(max(1, number - around), min(total, number + around) + 1)})
        out: list[PagerLink] = []
        last = 0
        for n in shown:
            if n > last + 1:
                out.append(PagerLink(last + 1, None))
            out.append(PagerLink(n, self.urls[n - 1], n == number))
            last = n
        return tuple(out)


EMPTY = RenderedBody(
    html="", toc=(), summary_html="", truncated=False, plain_summary="", words=0, reading_time=0
)


Read = tuple[str, str]
"""What a render read, for incremental rebuilds (`polyblog.engine`):
("m", key) the page's model, ("b", key) its rendered HTML, ("S", key) its summary, word count,
reading time and table of contents, ("r", key) its title, path and kind, ("o", key) only what
orders it in lists (`sort_key`), ("c", key) how many pages a list has, ("p", key) a list's
pagers, ("P", key) only their number and paths, ("s", "lang/series") a series' parts,
("L", lang) which regular pages a language has, ("M", lang) the language's menus
(`polyblog.render.menus`), ("R", key) which pages are the page's related pages
(`Site.related`: their order included)."""


class _Bound:
    """What a `PageView` makes on first use (its HTML, whether it has a diagram, its related
    pages, its series box), through the views that show the page: rebound when later views take
    the page view over (`Views.carry`), so a carried view never reads an earlier model."""

    __slots__ = ("body", "page", "views")

    def __init__(self, views: Views, page: Page, body: RenderedBody) -> None:
        self.views, self.page, self.body = views, page, body

    def content(self) -> Markup:
        return self.views.content(self.page, self.body)

    def diagrams(self) -> bool:
        return self.views.diagrams(self.page, self.body)

    def related(self) -> tuple[PageView, ...]:
        return self.views.related(self.page)

    def series(self) -> SeriesNav | None:
        return self.views.series_nav(self.page)


class Views:
    """Builds views for one site; memoises page views so lists reuse them.

    Every read of another page goes through `note`, so a render can say what it depends on."""

    def __init__(
        self,
        site: Site,
        bodies: Mapping[PageKey, RenderedBody],
        finish: Callable[[str, RenderedBody], str] | None = None,
    ) -> None:
        self.site = site
        self.config: Config = site.config
        self.bodies = bodies
        self._views: dict[PageKey, PageView] = {}
        self._view_reads: dict[PageKey, frozenset[Read]] = {}
        self._contents: dict[PageKey, tuple[Markup, frozenset[Read]]] = {}
        self._navs: dict[PageKey, tuple[SeriesNav | None, frozenset[Read]]] = {}
        # a series' parts (not current) and what making them read, for each of its pages
        self._parts: dict[tuple[str, str], tuple[tuple[SeriesPart, ...], frozenset[Read]]] = {}
        self.reads: set[Read] = set()
        self._urls: dict[str, str] = {}
        self._absolute: dict[str, str] = {}
        self._lists: dict[int, tuple[tuple[Pager, ...], tuple[str, ...], int]] = {}
        # fills deferred `article` cards into rendered HTML (the shortcode templates do)
        self.finish: Callable[[str, RenderedBody], str] = finish or (lambda text, body: text)
        self._langs = {lang.code: self._language(lang) for lang in self.config.languages}
        self.home_paths = frozenset(site.home(code).path for code in self._langs)

    def url(self, path: str) -> str:
        found = self._urls.get(path)
        if found is None:  # each path is encoded once (lists ask for the same ones again)
            found = self._urls[path] = site_url(self.config.base_path, path)
        return found

    def abs(self, path: str) -> str:
        found = self._absolute.get(path)
        if found is None:
            found = self._absolute[path] = absolute(self.config.base_url, path)
        return found

    def _language(self, lang: LanguageConfig) -> Language:
        home = self.site.home(lang.code)
        return Language(
            code=lang.code,
            name=lang.name,
            locale=lang.locale,
            hreflang=lang.hreflang,
            dir=lang.direction,
            home_url=self.url(home.path) if self.config.builds("home") else None,
            title=lang.title,
        )

    def language(self, code: str) -> Language:
        return self._langs[code]

    @property
    def languages(self) -> tuple[Language, ...]:
        return tuple(self._langs.values())

    def note(self, kind: str, key: str) -> None:
        self.reads.add((kind, key))

    def link(self, key: PageKey) -> str | None:
        """The URL of another page, or None when it does not exist or is not built."""
        if key not in self.site.pages:
            self.note("r", key)
            return None
        page = self.ref(key)
        return self.url(page.path) if self.config.builds(page.kind.value) else None

    def ref(self, key: PageKey) -> Page:
        """Another page, of which only the title, path, language and kind are used."""
        self.reads.add(("r", key))
        return self.site.pages[key]

    def carry(self, old: Views, changed: Collection[Read]) -> None:
        """Take over the page views and page HTML that `old` (the previous model's) made and
        whose reads did not change: an update renders lists of mostly unchanged posts."""
        for key, view in old._views.items():
            reads = old._view_reads[key]
            if ("m", key) in changed or ("S", key) in changed or not reads.isdisjoint(changed):
                continue
            page, body = self.site.pages[key], self.bodies.get(key, EMPTY)
            bound = getattr(view.content_html, "__self__", None)
            if isinstance(bound, _Bound):  # bound to these views, this page and body now
                bound.views, bound.page, bound.body = self, page, body
            else:
                bound = _Bound(self, page, body)
                view = replace(
                    view,
                    content_html=bound.content,
                    diagram_check=bound.diagrams,
                    related_views=bound.related,
                    series_nav=bound.series,
                )
            self._views[key] = view
            self._view_reads[key] = reads
        for key, (html, reads) in old._contents.items():
            if ("b", key) not in changed and reads.isdisjoint(changed):
                self._contents[key] = (html, reads)
        for key, (nav, reads) in old._navs.items():
            if ("m", key) not in changed and reads.isdisjoint(changed):
                self._navs[key] = (nav, reads)

    def start_reads(self) -> set[Read]:
        """Begin recording a new render's reads; returns the previous record."""
        outer, self.reads = self.reads, set()
        return outer

    def end_reads(self, outer: set[Read]) -> set[Read]:
        reads, self.reads = self.reads, outer
        return reads

    def page(self, key: PageKey) -> PageView:
        view = self._views.get(key)
        if view is None:
            outer = self.start_reads()
            try:
                view = self._page(self.site.pages[key])
            finally:
                self._view_reads[key] = frozenset(self.end_reads(outer))
            self._views[key] = view
        self.reads.add(("m", key))
        self.reads.add(("S", key))
        self.reads |= self._view_reads[key]
        return view

    def content(self, page: Page, body: RenderedBody) -> Markup:
        """The page's HTML with its `article` cards: reads the body and the cards' pages."""
        done = self._contents.get(page.key)
        if done is None:
            outer = self.start_reads()
            try:
                html = Markup(self.finish(body.html, body) if body.cards else body.html)
            finally:
                reads = frozenset(self.end_reads(outer))
            done = self._contents[page.key] = (html, reads)
        self.reads.add(("b", page.key))
        self.reads |= done[1]
        return done[0]

    def diagrams(self, page: Page, body: RenderedBody) -> bool:
        """Whether the page's HTML has a diagram: a read of that HTML (`("b", key)`)."""
        self.reads.add(("b", page.key))
        return body.diagrams

    def _page(self, page: Page) -> PageView:
        body = self.bodies.get(page.key, EMPTY)
        src = page.source
        params: Mapping[str, Any] = page.params
        images = page_images(page)
        description = (src.description if src else "") or body.plain_summary
        if not description and page.kind is PageKind.HOME:
            description = self.config.language(page.lang).description
        bound = _Bound(self, page, body)
        return PageView(
            kind=page.kind.value,
            key=page.key,
            title=page.title,
            link_title=page.link_title,
            description=description,
            url=self.url(page.path),
            permalink=self.abs(page.path),
            lang=self._langs[page.lang],
            date=page.date,
            lastmod=page.lastmod,
            summary=Markup(
                self.finish(body.summary_html, body) if body.cards else body.summary_html
            ),
            plain_summary=body.plain_summary,
            truncated=body.truncated,
            toc=Markup(toc_html(body.toc)),
            words=body.words,
            reading_time=body.reading_time,
            section=page.section,
            terms=self._terms(page),
            translations=tuple(
                Translation(
                    lang=self._langs[other.lang], url=self.url(other.path), title=other.title
                )
                for other in (self.ref(k) for k in page.translations)
            ),
            params=params,
            images=tuple(self.abs(i) for i in images),
            cover=self.url(images[0]) if images else None,
            social_image=self._social_image(images),
            draft=page.draft,
            weight=page.weight,
            path=page.path,
            content_html=bound.content,
            diagram_check=bound.diagrams,
            related_views=bound.related,
            series_nav=bound.series,
        )

    def related(self, page: Page) -> tuple[PageView, ...]:
        """The page's related pages (`Site.related`): a read of that list, and of each page."""
        self.note("R", page.key)
        return tuple(self.page(k) for k in self.site.related.get(page.key, ()))

    def archive_years(self, page: Page) -> tuple[ArchiveYear, ...]:
        """An archive page's posts by year, newest first (undated posts last): reads each
        post's model (its title, date and URL)."""
        years: dict[int | None, list[ArchivePost]] = {}
        for key in page.listed:
            self.note("m", key)
            post = self.site.pages[key]
            years.setdefault(post.date.year if post.date else None, []).append(
                ArchivePost(
                    title=post.title, url=self.url(post.path), date=post.date, draft=post.draft
                )
            )
        return tuple(ArchiveYear(year=y, posts=tuple(p)) for y, p in years.items())

    def _social_image(self, images: list[str]) -> str | None:
        if not images or not self.config.images.enabled:
            return None
        return social_card_url(cached_plan(self.site, self.bodies), images[0])

    def _terms(self, page: Page) -> dict[str, tuple[TermView, ...]]:
        out: dict[str, list[TermView]] = {}
        for ref in page.terms:
            term_key = page_key(page.lang, PageKind.TERM, term_ident(ref.taxonomy, ref.key))
            if term_key not in self.site.pages:
                self.note("r", term_key)
                continue
            term = self.ref(term_key)
            out.setdefault(ref.taxonomy, []).append(
                TermView(name=ref.key, title=term.title, url=self.url(term.path))
            )
        return {k: tuple(v) for k, v in out.items()}

    def series_nav(self, page: Page) -> SeriesNav | None:
        """A regular page's series box (`series`), made once: reads the series' parts and
        each part's title and path (made when a template asks: a list showing the page does
        not depend on its series)."""
        if page.kind is not PageKind.PAGE:
            return None
        done = self._navs.get(page.key)
        if done is None:
            outer = self.start_reads()
            try:
                nav = self.series(page)
            finally:
                reads = frozenset(self.end_reads(outer))
            done = self._navs[page.key] = (nav, reads)
        self.reads |= done[1]
        return done[0]

    def _series_parts(
        self, lang: str, name: str, keys: tuple[PageKey, ...]
    ) -> tuple[SeriesPart, ...]:
        """A series' parts, none of them current, made once for all its pages."""
        done = self._parts.get((lang, name))
        if done is None:
            outer = self.start_reads()
            try:
                parts = tuple(
                    SeriesPart(
                        title=self.ref(k).title,
                        url=self.url(self.ref(k).path),
                        current=False,
                        order=i + 1,
                    )
                    for i, k in enumerate(keys)
                )
            finally:
                reads = frozenset(self.end_reads(outer))
            done = self._parts[(lang, name)] = (parts, reads)
        self.reads |= done[1]
        return done[0]

    def series(self, page: Page) -> SeriesNav | None:
        for ref in page.terms:
            if ref.taxonomy != "series":
                continue
            self.note("s", f"{page.lang}/{ref.key}")
            keys = self.site.series_parts.get((page.lang, ref.key), ())
            term_key = page_key(page.lang, PageKind.TERM, term_ident("series", ref.key))
            if page.key not in keys or term_key not in self.site.pages:
                self.note("r", term_key)
                continue  # no series without its term page (`disable_kinds: [term]`)
            term = self.ref(term_key)
            index = keys.index(page.key)
            parts = self._series_parts(page.lang, ref.key, keys)
            parts = (*parts[:index], replace(parts[index], current=True), *parts[index + 1 :])
            prev = parts[index - 1] if index > 0 else None
            nxt = parts[index + 1] if index + 1 < len(parts) else None
            return SeriesNav(
                name=term.title,
                url=self.url(term.path),
                parts=parts,
                index=index + 1,
                total=len(parts),
                prev=Link(prev.title, prev.url) if prev else None,
                next=Link(nxt.title, nxt.url) if nxt else None,
            )
        return None

    def switcher(self, page: Page) -> list[dict[str, Any]]:
        others = {self.ref(k).lang: self.ref(k) for k in page.translations}
        out = []
        for code, lang in self._langs.items():
            target = page if code == page.lang else others.get(code)
            url = self.url(target.path) if target else lang.home_url
            out.append(
                {
                    "lang": lang,
                    "url": url,
                    "current": code == page.lang,
                    "has_translation": target is not None,
                }
            )
        return out

    def alternates(self, page: Page, number: int = 1) -> list[dict[str, str]]:
        """hreflang links of a page; on page `number` of a list, the same page number of each
        translation (languages whose list is shorter are left out, so links stay reciprocal)."""
        if page.kind is PageKind.NOT_FOUND:
            return []
        members = [page, *(self.ref(k) for k in page.translations)]
        order = {code: i for i, code in enumerate(self._langs)}
        members.sort(key=lambda p: order[p.lang])
        paths = {p.lang: p.path for p in members}
        if number > 1:
            for p in members:
                self.note("P", p.key)  # which pager numbers exist, and their paths
            pagers = {p.lang: self.site.pagers.get(p.key, ()) for p in members}
            paths = {lang: ps[number - 1].path for lang, ps in pagers.items() if len(ps) >= number}
        out = [
            {"hreflang": self._langs[lang].hreflang, "href": self.abs(path)}
            for lang, path in paths.items()
        ]
        default = paths.get(self.config.default_language)
        if default is not None and len(paths) > 1:
            out.append({"hreflang": "x-default", "href": self.abs(default)})
        return out

    def pagers(self, key: PageKey) -> tuple[Pager, ...]:
        self.note("p", key)
        return self.site.pagers[key]

    def paginator(self, pagers: tuple[Pager, ...], number: int) -> Paginator:
        pager = pagers[number - 1]
        urls, total = self._pager_urls(pagers)
        return Paginator(
            pages=tuple(self.page(k) for k in pager.items),
            number=number,
            total_pages=len(pagers),
            total_items=total,
            page_size=self.config.page_size,
            first_url=urls[0],
            last_url=urls[-1],
            prev_url=urls[number - 2] if number > 1 else None,
            next_url=urls[number] if number < len(urls) else None,
            urls=urls,
        )

    def _pager_urls(self, pagers: tuple[Pager, ...]) -> tuple[tuple[str, ...], int]:
        """The URLs of a list's pagers and how many items they hold: made once per list, not
        once per pager (the pagers are the site's, which `_lists` keeps alive)."""
        found = self._lists.get(id(pagers))
        if found is None or found[0] is not pagers:
            urls = tuple(self.url(p.path) for p in pagers)
            found = self._lists[id(pagers)] = (pagers, urls, sum(len(p.items) for p in pagers))
        return found[1], found[2]

    def taxonomy_terms(self, page: Page) -> list[TermView]:
        terms = [self.ref(k) for k in page.listed]
        for k in page.listed:
            self.note("c", k)
        return sorted(
            (
                TermView(name=t.term, title=t.title, url=self.url(t.path), count=len(t.listed))
                for t in terms
            ),
            key=lambda t: t.name,
        )
