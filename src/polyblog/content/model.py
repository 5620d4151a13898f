"""Typed source pages: what one content file says, before the site model links them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import Enum

from polyblog.errors import BlogError, Warning_


@dataclass(frozen=True, slots=True, kw_only=True)
class ResourceSpec:
    """One item of front matter `resources:` (Hugo's resource metadata): resources whose
    name matches the glob `src` get `name`, `title` (first matching item wins) and `params`
    (first item to set a key wins). `:counter` in `name`/`title` counts matches per `src`."""

    src: str
    name: str | None = None
    title: str | None = None
    params: Mapping[str, object] = field(default_factory=dict)
    line: int = 0


@dataclass(frozen=True, slots=True, kw_only=True)
class MenuSpec:
    """The page in one menu (front matter `menu`/`menus`); unset fields are None and default
    to the page's link title and weight (Hugo)."""

    menu: str
    name: str | None = None
    weight: int | None = None
    identifier: str = ""
    parent: str = ""
    pre: str = ""
    post: str = ""
    title: str = ""
    params: Mapping[str, object] = field(default_factory=dict)
    line: int = 0


class SourceKind(Enum):
    PAGE = "page"  # a leaf bundle's index.md or a single file
    SECTION = "section"  # _index.md below the root
    HOME = "home"  # _index.md at the root of a content dir


@dataclass(frozen=True, kw_only=True)
class SourcePage:
    path: str  # relative to the site root, posix: content/posts/x/index.fr.md
    logical: str  # relative to its content dir, language suffix removed: posts/x/index.md
    lang: str
    kind: SourceKind
    bundle_dir: str  # logical folder of the page: posts/x (leaf bundle) or posts (single file)
    name: str  # file name without language and extension: index, _index, some-note
    title: str
    link_title: str
    description: str
    summary: str | None
    date: datetime | None
    lastmod: datetime | None
    publish_date: datetime | None
    expiry_date: datetime | None
    draft: bool
    slug: str | None
    url: str | None
    aliases: tuple[str, ...]
    weight: int
    translation_key: str | None
    layout: str | None
    series_order: int | None
    terms: Mapping[str, tuple[str, ...]]  # taxonomy -> terms as written
    params: Mapping[str, object]
    body: str
    body_line: int
    resources: tuple[str, ...]  # paths relative to the site root
    resource_names: tuple[str, ...]  # the same, relative to the bundle folder
    key_lines: Mapping[str, int] = field(default_factory=dict)  # front-matter key -> line
    markup: str = "markdown"  # body format: "markdown", or "html" (`.html`/`.htm`: no Markdown)
    resource_specs: tuple[ResourceSpec, ...] = ()  # front matter `resources:`
    menus: tuple[MenuSpec, ...] = ()  # front matter `menu:`/`menus:`

    @property
    def has_content(self) -> bool:
        """Whether there is something to render: a body, or a front-matter `summary` (kept
        when the body is empty, as Hugo keeps it)."""
        return bool((self.body and not self.body.isspace()) or self.summary)  # no copy

    @property
    def is_leaf_bundle(self) -> bool:
        return self.kind is SourceKind.PAGE and self.name == "index"


@dataclass(frozen=True, slots=True)
class ContentResult:
    pages: tuple[SourcePage, ...]
    errors: tuple[BlogError, ...]
    warnings: tuple[Warning_, ...]
