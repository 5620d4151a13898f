"""Menus as templates see them: each language's entries (from blog.yaml and from pages' front
matter) resolved to URLs, nested by `parent`, in Hugo's order, flagged for the current page."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

from markupsafe import Markup, escape

from polyblog.config import MenuEntry, menu_order
from polyblog.errors import BlogError, ConfigError, ErrorList, SourcePos, Warning_
from polyblog.site import Page, PageKey, PageKind, Site, page_key
from polyblog.site.lookup import AmbiguousRef, get_page
from polyblog.site.menus import menus_from_pages
from polyblog.urls import site_url

ExtraEntries = Mapping[str, Mapping[str, Sequence[MenuEntry]]]
"""Entries added by pages, language -> menu name -> entries (`page_key` set, `name` may be
empty: the page's link title is used)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class ResolvedEntry:
    """One entry of one language's menu with its target found: compared between rebuilds."""

    entry: MenuEntry  # its `name` filled in from the page when it had none
    path: str | None  # site path (without base path) of a page of this site, else None
    url: str | None  # as written for other URLs; None: no link (a page not built, a parent
    # named by `parent` only)
    target: PageKey | None
    children: tuple[ResolvedEntry, ...] = ()
    label: str = ""  # a default entry: the UI string to name it by (`posts`, `taxonomy_tags`)


Menus = dict[str, dict[str, tuple[ResolvedEntry, ...]]]  # lang -> menu name -> top entries


@dataclass(frozen=True, slots=True, kw_only=True)
class MenuItem:
    """A menu entry in a template: `site.menus.main` is a list of these."""

    name: str
    url: str | None  # root-relative (base path included) for site paths; None: no link
    title: str
    pre: Markup
    post: Markup
    weight: int
    identifier: str
    parent: str
    children: tuple[MenuItem, ...]
    current: bool  # the entry is the page being rendered
    ancestor: bool  # the page being rendered is below it (a child entry, or a path under it)

    @property
    def active(self) -> bool:
        return self.current or self.ancestor

    @property
    def has_children(self) -> bool:
        return bool(self.children)


def page_menu_entries(site: Site) -> dict[str, dict[str, list[MenuEntry]]]:
    """Entries that pages add to menus from their front matter (`menu: main`). Their `pre` and
    `post` come from content, which is untrusted: kept as HTML only when raw HTML is allowed."""
    trusted = site.config.markup.unsafe_html
    out: dict[str, dict[str, list[MenuEntry]]] = {}
    for lang, menus in menus_from_pages(site).items():
        for menu, entries in menus.items():
            out.setdefault(lang, {})[menu] = [
                MenuEntry(
                    name=e.name,
                    weight=e.weight,
                    identifier=e.identifier,
                    parent=e.parent,
                    pre=e.pre if trusted else str(escape(e.pre)),
                    post=e.post if trusted else str(escape(e.post)),
                    title=e.title,
                    page_key=e.page_key,
                    source=e.source,
                    line=e.line,
                    where=f"{e.source}: menu.{menu}",
                )
                for e in entries
            ]
    return out


def site_menus(site: Site) -> tuple[Menus, list[Warning_]]:
    """Every language's menus: blog.yaml's entries plus the pages' own."""
    return resolve_menus(site, page_menu_entries(site))


def resolve_menus(site: Site, extra: ExtraEntries | None = None) -> tuple[Menus, list[Warning_]]:
    """Resolve `page_ref`s and page entries to URLs in each entry's language, nest children
    under their `parent` and sort as Hugo does (weight, entries without one last, then name).
    A `page_ref` that names no page is an error at the entry's line."""
    menus: Menus = {}
    warnings: list[Warning_] = []
    errors: list[BlogError] = []
    extra = extra or {}
    for lang in site.config.languages:
        per_lang: dict[str, tuple[ResolvedEntry, ...]] = {}
        configured = dict(lang.menus)
        labels: dict[str, str] = {}
        if "main" not in configured:  # blog.yaml has no main menu for it: the default one
            own = {e.page_key for e in extra.get(lang.code, {}).get("main", ())}
            defaults = [
                (e, k) for e, k in default_entries(site, lang.code) if e.page_key not in own
            ]
            configured["main"] = tuple(e for e, _k in defaults)
            labels = {e.key_name: k for e, k in defaults}
        names = dict.fromkeys([*configured, *extra.get(lang.code, {})])
        for name in names:
            flat: dict[str, ResolvedEntry] = {}
            for entry in configured.get(name, ()):
                try:
                    done = _resolve(site, lang.code, entry, warnings)
                except BlogError as exc:
                    if all(exc.message != e.message for e in errors):  # once, not per language
                        errors.append(exc)
                    continue
                if done is None:
                    continue
                if name == "main" and entry.key_name in labels:
                    done = replace(done, label=labels[entry.key_name])
                key = done.entry.key_name  # a page_ref entry's name may come from its page
                if key in flat:
                    warnings.append(
                        Warning_(
                            f"{entry.where}: a second entry {key!r} in menu {name!r} (same "
                            "identifier, or same name and no identifier): it replaces the first",
                            _pos(entry),
                        )
                    )
                flat[key] = done
            for entry in extra.get(lang.code, {}).get(name, ()):
                done = _resolve(site, lang.code, entry, warnings)
                if done is None:
                    continue
                key = done.entry.key_name
                if key in flat:
                    warnings.append(
                        Warning_(
                            f"menu {name!r} already has an entry {key!r}: this page's entry is "
                            "left out (give it another identifier)",
                            _pos(entry),
                        )
                    )
                    continue
                flat[key] = done
            per_lang[name] = _nest(name, flat, warnings)
        menus[lang.code] = per_lang
    if errors:
        raise ErrorList(errors)
    return menus, warnings


DEFAULT_MENU = "the default menu"


def default_entries(site: Site, lang: str) -> list[tuple[MenuEntry, str]]:
    """The main menu of a language without one in blog.yaml: its main sections (`posts`), the
    `tags` and `series` taxonomies (with terms) and an `/about` page, those that are built. Each
    with the UI string that names it when its page has no title of its own (else "")."""
    config = site.config
    found: list[tuple[Page, str, str]] = []  # (page, identifier, UI string)
    for section in site.main_sections.get(lang, ()):
        page = site.pages.get(page_key(lang, PageKind.SECTION, section))
        if page is not None:
            found.append((page, section, section))
    for taxonomy in ("tags", "series"):
        page = site.pages.get(page_key(lang, PageKind.TAXONOMY, taxonomy))
        if page is not None and taxonomy in config.taxonomies and page.listed:  # has terms
            found.append((page, taxonomy, f"taxonomy_{taxonomy}"))
    about = find_page(site, lang, "/about")
    if about is not None and about.kind is PageKind.PAGE:
        found.append((about, "about", ""))
    out: list[tuple[MenuEntry, str]] = []
    for weight, (page, identifier, label) in enumerate(found, start=1):
        if not config.builds(page.kind.value):
            continue
        titled = page.source is not None and bool(page.source.title)
        entry = MenuEntry(
            name="",
            identifier=identifier,
            weight=weight,
            page_key=page.key,
            where=DEFAULT_MENU,
        )
        out.append((entry, "" if titled else label))
    return out


def _pos(entry: MenuEntry) -> SourcePos:
    return SourcePos(entry.source or "blog.yaml", entry.line)


def _resolve(
    site: Site, lang: str, entry: MenuEntry, warnings: list[Warning_]
) -> ResolvedEntry | None:
    """An entry's target in `lang`; None when it is left out of this language's menu."""
    config = site.config
    target: Page | None = None
    if entry.page_key:
        target = site.pages.get(PageKey(entry.page_key))
        if target is None:
            return None  # a page of a kind that is not built
    elif entry.page_ref:
        target = find_page(site, lang, entry.page_ref)
        if target is None and not entry.url:
            if any(find_page(site, other, entry.page_ref) for other in config.lang_codes):
                warnings.append(
                    Warning_(
                        f"{entry.where}: page_ref {entry.page_ref} has no {lang} page: the entry "
                        f"is left out of the {lang} menu",
                        _pos(entry),
                    )
                )
                return None
            if _maybe_disabled(site, entry.page_ref):
                return _unlinked(entry)  # its kind is not built (disable_kinds)
            raise ConfigError(
                f"{entry.where}: page_ref {entry.page_ref}: no such page (a content path such "
                "as /posts or /about/index.md)",
                _pos(entry),
            )
    if target is not None and not config.builds(target.kind.value):
        return _unlinked(entry)
    if target is not None:
        return ResolvedEntry(
            entry=replace(entry, name=entry.name or target.link_title),
            path=target.path,
            url=site_url(config.base_path, target.path),
            target=target.key,
        )
    url = entry.url
    local = url.startswith("/") and not url.startswith("//")
    return ResolvedEntry(
        entry=entry,
        path=url if local else None,
        url=site_url(config.base_path, url) if local else url,
        target=None,
    )


def _unlinked(entry: MenuEntry) -> ResolvedEntry:
    """An entry whose page is not built: no link; kept only as the heading of its children
    (Hugo keeps it with an empty URL)."""
    named = replace(entry, name=entry.name or entry.identifier or entry.page_ref)
    return ResolvedEntry(entry=named, path=None, url=None, target=None)


def _maybe_disabled(site: Site, ref: str) -> bool:
    """Could `ref` name a page of a kind `disable_kinds` leaves out of the model?"""
    config = site.config
    top, _, rest = ref.strip("/").partition("/")
    if top.lower() in {t.lower() for t in config.taxonomies}:
        if not rest:
            return not config.builds("taxonomy")
        return not (config.builds("term") and config.builds("page"))  # terms come from pages
    return not (config.builds("page") and config.builds("section"))


def find_page(site: Site, lang: str, ref: str) -> Page | None:
    """The page of `lang` at a content path, as Hugo's `GetPage` finds it for `pageRef`: `/`
    (home), `/posts` (section), `/about` (`about.md` or `about/index.md`), `/posts/x.md`,
    `/tags`, `/tags/go`, or a name only one page has. Case does not matter."""
    path = ref.split("#", 1)[0].split("?", 1)[0].strip()
    try:
        return get_page(site, lang, "/" + path.lstrip("/"), None, set())
    except AmbiguousRef:
        return None


def _nest(
    menu: str, flat: dict[str, ResolvedEntry], warnings: list[Warning_]
) -> tuple[ResolvedEntry, ...]:
    """Children under their parents, each level sorted. A parent that is named but not defined
    becomes an entry without a link, as in Hugo; entries that never reach the top (a `parent`
    cycle) are left out."""
    kids: dict[str, list[str]] = {}
    for key, done in flat.items():
        if done.entry.parent:
            kids.setdefault(done.entry.parent, []).append(key)
    for parent, keys in kids.items():
        if parent not in flat:
            first = flat[keys[0]].entry
            warnings.append(
                Warning_(
                    f"{first.where}: parent {parent!r} is not an entry of menu {menu!r}: it is "
                    "shown without a link",
                    _pos(first),
                )
            )
            heading = MenuEntry(name=parent, identifier=parent)
            flat[parent] = ResolvedEntry(entry=heading, path=None, url=None, target=None)
    reached: set[str] = set()

    def build(keys: Iterable[str]) -> tuple[ResolvedEntry, ...]:
        out = []
        for key in keys:
            reached.add(key)
            done = replace(flat[key], children=build(kids.get(key, ())))
            if done.url is not None or done.children:  # else nothing to link to or show
                out.append(done)
        return tuple(sorted(out, key=_order))

    top = build(k for k, d in flat.items() if not d.entry.parent)
    for key, done in flat.items():
        if key not in reached:
            warnings.append(
                Warning_(
                    f"{done.entry.where}: entry {key!r} of menu {menu!r} is its own ancestor "
                    "(through parent): it is left out",
                    _pos(done.entry),
                )
            )
    return top


def _order(done: ResolvedEntry) -> tuple[bool, int, str, str, str]:
    return menu_order(done.entry)


def menu_items(
    entries: Sequence[ResolvedEntry],
    page: Page,
    homes: frozenset[str],
    translate: Callable[[str], str] | None = None,
) -> list[MenuItem]:
    """The template view of one menu on one page: `current` on the entry's own page,
    `ancestor` on entries above it (by `parent`, or by URL path: a section's entry on its
    pages; never a home's). A default entry is named by its UI string in the page's language
    (`translate`) when there is one."""
    out: list[MenuItem] = []
    for done in entries:
        entry = done.entry
        name = entry.name
        if done.label and translate is not None:
            text = translate(done.label)
            name = text if text != done.label else name
        kids = menu_items(done.children, page, homes, translate)
        if done.target is not None:
            current = done.target == page.key
        else:
            current = done.path is not None and _same(done.path, page.path)
        below = (
            done.path is not None
            and not current
            and _slash(done.path) not in homes
            and page.path.startswith(_slash(done.path))
        )
        out.append(
            MenuItem(
                name=name,
                url=done.url,
                title=entry.title,
                pre=Markup(entry.pre),
                post=Markup(entry.post),
                weight=entry.weight,
                identifier=entry.identifier,
                parent=entry.parent,
                children=tuple(kids),
                current=current,
                ancestor=below or any(k.active for k in kids),
            )
        )
    return out


def _slash(path: str) -> str:
    path = path.split("#", 1)[0].split("?", 1)[0]
    return path if path.endswith("/") else path + "/"


def _same(entry_path: str, page_path: str) -> bool:
    return entry_path == page_path or _slash(entry_path) == page_path
