"""Menu entries that pages declare in front matter (`menu: main`), resolved to their pages'
URLs, per language and menu, in Hugo's order. Pure over `Site`; blog.yaml's menus are not here."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from polyblog.config import menu_order
from polyblog.site.model import PageKey, PageKind, Site


@dataclass(frozen=True, slots=True, kw_only=True)
class PageMenuEntry:
    """One page in one menu. The field names are those of `config.MenuEntry`."""

    menu: str
    name: str  # the entry's `name`, else the page's link title (Hugo)
    url: str  # the page's site path (`/fr/posts/x/`: not encoded, without the base path)
    weight: int  # the entry's `weight`, else the page's
    identifier: str = ""
    parent: str = ""  # identifier (else name) of the parent entry
    pre: str = ""
    post: str = ""
    title: str = ""  # the entry's `title`, else the page's link title (Hugo)
    params: Mapping[str, object] = field(default_factory=dict)
    page_key: PageKey
    source: str  # the content file that declared it
    line: int = 0

    @property
    def key_name(self) -> str:
        """Hugo's KeyName: what `parent` refers to and what must be unique in a menu."""
        return self.identifier or self.name


def menus_from_pages(site: Site) -> dict[str, dict[str, tuple[PageMenuEntry, ...]]]:
    """language -> menu name -> the entries pages of that language add to it, sorted. Every
    language of the site is a key; pages left out of the build (drafts...) add nothing."""
    found: dict[str, dict[str, list[PageMenuEntry]]] = {c: {} for c in site.config.lang_codes}
    for page in site.pages.values():
        src = page.source
        if src is None or not src.menus or page.kind is PageKind.NOT_FOUND:
            continue
        for spec in src.menus:
            name = spec.name if spec.name is not None else page.link_title or page.title
            entry = PageMenuEntry(
                menu=spec.menu,
                name=name,
                url=page.path,
                weight=spec.weight if spec.weight is not None else page.weight,
                identifier=spec.identifier,
                parent=spec.parent,
                pre=spec.pre,
                post=spec.post,
                title=spec.title or page.link_title or page.title,
                params=spec.params,
                page_key=page.key,
                source=src.path,
                line=spec.line,
            )
            found.setdefault(page.lang, {}).setdefault(spec.menu, []).append(entry)
    return {
        lang: {menu: tuple(sorted(items, key=menu_order)) for menu, items in sorted(menus.items())}
        for lang, menus in found.items()
    }
