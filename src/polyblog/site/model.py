"""The immutable site model: pages by key, their URLs, translations, terms and series.

Pages refer to each other by key, never by object, so the model pickles cheaply and has no cycles.
A key is made here only (`page_key`), from a page's language, kind and `ident`; nothing parses one.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import Enum
from typing import NewType

from polyblog.config import Config
from polyblog.content.model import SourcePage
from polyblog.errors import Warning_

PageKey = NewType("PageKey", str)


class PageKind(Enum):
    HOME = "home"
    SECTION = "section"
    PAGE = "page"
    TAXONOMY = "taxonomy"
    TERM = "term"
    NOT_FOUND = "404"
    ARCHIVE = "archive"  # `archive:` every post of a language by year (no pagers, no feed)


LIST_KINDS = frozenset({PageKind.HOME, PageKind.SECTION, PageKind.TERM})
# kinds with one page per language (no `ident`); the others are told apart by their `ident`
SINGLE_KINDS = frozenset({PageKind.HOME, PageKind.NOT_FOUND, PageKind.ARCHIVE})
INHERITED_PARAMS = ("images", "cover")  # inheritable keys that are params, not typed fields


def identity(kind: PageKind, ident: str = "") -> str:
    """What a page is in any language, the key without its language: `page:posts/x/index.md`,
    `section:posts/deep`, `taxonomy:tags`, `term:tags/go`, `home`, `404`, `archive`."""
    if kind in SINGLE_KINDS:
        if ident:
            raise ValueError(f"a {kind.value} page has no ident: {ident!r}")
        return kind.value
    if not ident:
        raise ValueError(f"a {kind.value} page needs an ident")
    return f"{kind.value}:{ident}"


def page_key(lang: str, kind: PageKind, ident: str = "") -> PageKey:
    """The key of the page of `kind` and `ident` (see `Page.ident`) in `lang`: `en:home`,
    `en:page:posts/x/index.md`, `en:section:posts/deep`, `en:term:tags/go`..."""
    return PageKey(f"{lang}:{identity(kind, ident)}")


def term_ident(taxonomy: str, term: str) -> str:
    """The `ident` of a term page: `tags/go` (taxonomy, then the term's key)."""
    return f"{taxonomy}/{term}"


@dataclass(frozen=True, kw_only=True)
class TermRef:
    taxonomy: str
    key: str  # urlized term: machine-learning
    name: str  # as written in this page's front matter


@dataclass(frozen=True, slots=True, kw_only=True)
class Resource:
    """A bundle resource as Hugo's `.Resources` has it: `name` (default: its path in the
    bundle) and `title` (default: the name) and `params`, from front matter `resources:`."""

    source: str  # file, relative to the site root
    path: str  # site path it is written to: /posts/x/images/chart.png
    name: str
    title: str
    params: Mapping[str, object] = field(default_factory=dict)


@dataclass(frozen=True, kw_only=True)
class Page:
    key: PageKey = field(init=False)  # page_key(lang, kind, ident), made from those fields
    kind: PageKind
    lang: str
    # what the page is in any language: the content path (`posts/x/index.md`, suffix removed)
    # of a regular page, the folder of a section, the taxonomy, `taxonomy/term` (`term_ident`);
    # "" for the home, 404 and archive pages
    ident: str = ""
    path: str  # site path, unencoded, without base path: /fr/posts/x/
    title: str
    link_title: str
    section: str
    source: SourcePage | None = None
    date: datetime | None = None
    lastmod: datetime | None = None
    weight: int = 0
    draft: bool = False
    terms: tuple[TermRef, ...] = ()
    translations: tuple[PageKey, ...] = ()  # other languages, in language order
    listed: tuple[PageKey, ...] = ()  # list kinds: the regular pages they list, sorted
    sections: tuple[PageKey, ...] = ()  # sections: their direct subsections
    aliases: tuple[str, ...] = ()  # site paths that redirect here
    resources: tuple[tuple[str, str], ...] = ()  # (source path, output site path)
    resource_meta: tuple[Resource, ...] = ()  # the same resources, named, in Hugo's order
    taxonomy: str = ""  # taxonomy and term pages
    term: str = ""  # term pages: the term key
    parent: PageKey | None = None
    layout: str | None = None
    # `translations.inherit`: the front-matter values this translation took from its original
    # (key -> value); `source` stays the file as written (see `params`)
    inherited: Mapping[str, object] = field(default_factory=dict)
    # homes with `translations.untranslated: show`: the regular pages of other languages that
    # this language lists (its home feed lists them all)
    untranslated: tuple[PageKey, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "key", page_key(self.lang, self.kind, self.ident))

    @property
    def params(self) -> Mapping[str, object]:
        """Front-matter params, with those inherited from the original (`images`, `cover`)."""
        own: Mapping[str, object] = self.source.params if self.source else {}
        extra = {k: v for k, v in self.inherited.items() if k in INHERITED_PARAMS}
        return {**own, **extra} if extra else own


@dataclass(frozen=True, kw_only=True)
class Pager:
    """One page of a paginated list: /posts/page/2/."""

    list_key: PageKey
    number: int  # 1-based
    path: str
    items: tuple[PageKey, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Alias:
    path: str  # where the redirect page is written
    target: str  # site path it points to
    lang: str
    source: str  # the file that declared it, or "" for generated ones


@dataclass(frozen=True, slots=True, kw_only=True)
class Site:
    config: Config
    pages: dict[PageKey, Page]  # in build order; never mutated after assembly
    pagers: dict[PageKey, tuple[Pager, ...]]  # list key -> its pages (page 1 included)
    by_path: dict[str, PageKey]
    by_logical: dict[tuple[str, str], PageKey]  # (lang, posts/x/index.md) -> key
    series_parts: dict[tuple[str, str], tuple[PageKey, ...]]  # (lang, term key) -> ordered parts
    aliases: tuple[Alias, ...]
    main_sections: dict[str, tuple[str, ...]]  # language -> sections listed on its home
    # regular page -> its related pages, best first (`related:`, site.related)
    related: dict[PageKey, tuple[PageKey, ...]] = field(default_factory=dict)
    warnings: tuple[Warning_, ...] = field(default=(), compare=False)

    def page(self, key: PageKey) -> Page:
        return self.pages[key]

    def home(self, lang: str) -> Page:
        return self.pages[page_key(lang, PageKind.HOME)]

    def archive(self, lang: str) -> Page | None:
        """The language's archive page (`archive:`), if it has one."""
        return self.pages.get(page_key(lang, PageKind.ARCHIVE))

    def regular_pages(self, lang: str) -> list[Page]:
        return [p for p in self.pages.values() if p.lang == lang and p.kind is PageKind.PAGE]
