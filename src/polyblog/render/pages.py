"""Render one page (and its pagers and feed) to bytes: a pure function of (key, site, bodies)."""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass, field, replace
from datetime import datetime
from email.utils import format_datetime
from typing import Any, TypeVar

import jinja2
from markupsafe import Markup, escape

from polyblog import __version__
from polyblog.errors import SourcePos, Warning_
from polyblog.i18n import Catalog, format_date, language_name
from polyblog.markup import markdownify
from polyblog.render.env import pick_template, render_template
from polyblog.render.feeds import feed_links, has_feed, render_feeds
from polyblog.render.menus import Menus, menu_items
from polyblog.render.theme_params import ThemeView, theme_view
from polyblog.render.views import PageView, Paginator, Read, Views
from polyblog.site import LIST_KINDS, Page, PageKey, PageKind, Site, page_key
from polyblog.urls import output_file

_T = TypeVar("_T")

Output = list[tuple[str, bytes]]  # (file under public/, content)

# the bundled theme's diagram script and library (partials/diagram-script.html): copied into
# the output only when a page has a diagram
DIAGRAM_ASSETS = ("js/diagrams.js", "js/vendor/mermaid/")
KIND_TEMPLATES = {
    PageKind.HOME: ("home.html", "list.html"),
    PageKind.SECTION: ("list.html",),
    PageKind.PAGE: ("single.html",),
    PageKind.TAXONOMY: ("taxonomy.html", "list.html"),
    PageKind.TERM: ("term.html", "list.html"),
    PageKind.NOT_FOUND: ("404.html",),
    # a theme without an archive template lists the posts with its list template (one pager)
    PageKind.ARCHIVE: ("archive.html", "list.html"),
}


@dataclass(frozen=True, slots=True)
class RenderContext:
    """Everything a page render needs besides the page: shared, read-only."""

    site: Site
    views: Views
    env: jinja2.Environment
    catalog: Catalog
    live_reload: bool = False
    cache: dict[Any, Any] = field(default_factory=dict)  # per process: helpers, list cards
    menus: Menus = field(default_factory=dict)  # resolved once per model (`site_menus`)


def iso_date(value: datetime | None) -> str:
    return value.isoformat() if value else ""


def rfc822_date(value: datetime | None) -> str:
    return format_datetime(value) if value else ""


def _remembered(ctx: RenderContext, key: tuple[Any, ...], make: Callable[[], _T]) -> _T:
    """`make()` once per process, kept in `ctx.cache` under `key` with the reads it made (as
    `(value, reads)`, which `carry` reuses); every use reads them again."""
    views = ctx.views
    made: tuple[_T, frozenset[Read]] | None = ctx.cache.get(key)
    if made is None:
        outer = views.start_reads()
        try:
            value = make()
        finally:
            reads = frozenset(views.end_reads(outer))
        made = ctx.cache[key] = (value, reads)
    views.reads |= made[1]
    return made[0]


def helpers(ctx: RenderContext, lang: str) -> dict[str, Any]:
    """Template functions bound to one language (no global current language), made once."""
    key = ("helpers", lang)
    if key not in ctx.cache:
        ctx.cache[key] = _helpers(ctx, lang)
    out: dict[str, Any] = ctx.cache[key]
    return out


def _helpers(ctx: RenderContext, lang: str) -> dict[str, Any]:
    config = ctx.site.config
    lang_cfg = config.language(lang)

    tables = ctx.catalog.chain(lang, lang_cfg.locale, config.default_language)

    plain: dict[str, str] = {}  # strings asked for without a count or values, looked up once
    dates: dict[tuple[Any, str], str] = {}

    def t(key: str, count: int | None = None, **values: Any) -> str:
        if count is None and not values:
            found = plain.get(key)
            if found is None:
                found = plain[key] = ctx.catalog.lookup(tables, lang_cfg.locale, key)
            return found
        return ctx.catalog.lookup(tables, lang_cfg.locale, key, count, **values)

    def fmt_date(value: datetime | None, style: str | None = None) -> str:
        """A date as the language shows it: its `date_format` unless a style is given (each
        day and style formatted once)."""
        if value is None:
            return ""
        key = (value.date(), style or lang_cfg.date_format)
        found = dates.get(key)
        if found is None:
            found = dates[key] = format_date(value, lang_cfg.locale, key[1])
        return found

    funcs: dict[str, Any] = {}

    def card_site() -> dict[str, Any]:
        """`site` in cards: the language's home page's site view, made once."""
        return _remembered(ctx, ("card site", lang), lambda: site_view(ctx, ctx.site.home(lang)))

    def card(post: PageView) -> Markup:
        """A post's card in lists (`partials/summary.html`), rendered once per post; every
        part that shows it reads what it read (the post's view, the menus...)."""

        def render() -> Markup:
            ctx.views.page(PageKey(post.key))  # the post's view and what made it
            template = pick_template(ctx.env, ("partials/summary.html",))
            context = {**funcs, "site": card_site(), "post": post}
            return Markup(render_template(template, context, post.path))

        return _remembered(ctx, ("card", lang, post.key), render)

    def language_note(post: PageView) -> str:
        """The note on a post of another language shown here (untranslated posts): "in
        English" in this language; "" for a post of this language."""
        if post.lang.code == lang:
            return ""
        return t("in_language", language=language_name(post.lang.locale, lang_cfg.locale))

    def absolute_url(url: str) -> Markup:
        """An absolute URL of a root-relative one that includes the base path (what the
        theme's `m.absolute` macro gives, without a per-page `import ... with context`)."""
        url = str(url)
        if url.startswith(("http://", "https://")):
            return escape(url)
        if url.startswith(config.base_path):
            return escape(config.base_url + url[len(config.base_path) :])
        return escape(config.base_url + url.lstrip("/"))

    def taxonomy_label(name: str) -> Markup:
        """A taxonomy's display name: the string `taxonomy_<name>`, else the name itself
        capitalized (the `m.taxonomy_label` macro)."""
        key = f"taxonomy_{name}"
        label = t(key)
        return escape(str(name).capitalize() if label == key else label)

    funcs.update(
        {
            "absolute_url": absolute_url,
            "taxonomy_label": taxonomy_label,
            "card": card,
            "language_note": language_note,
            "t": t,
            "markdownify": lambda text: Markup(markdownify(str(text or ""), config.markup)),
            "format_date": fmt_date,
            "rel_url": lambda path: ctx.views.url(_site_path(path)),
            "abs_url": lambda path: ctx.views.abs(_site_path(path)),
            "iso_date": iso_date,
            "rfc822_date": rfc822_date,
        }
    )
    return funcs


def carry(ctx: RenderContext, old: RenderContext, changed: Collection[Read]) -> None:
    """Take over the views, page HTML and list cards of the previous model's renders (same
    templates) whose reads did not change (`Views.carry`)."""
    ctx.views.carry(old.views, changed)
    for key, value in old.cache.items():
        if isinstance(key, tuple) and key[0] == "card" and value[1].isdisjoint(changed):
            ctx.cache[key] = value


def _site_path(path: str) -> str:
    return path if path.startswith("/") else "/" + path


def site_view(ctx: RenderContext, page: Page) -> dict[str, Any]:
    config = ctx.site.config
    lang = config.language(page.lang)
    ctx.views.note("M", page.lang)
    t = helpers(ctx, page.lang)["t"]
    menus = {
        name: menu_items(entries, page, ctx.views.home_paths, t)
        for name, entries in ctx.menus.get(page.lang, {}).items()
    }
    return {
        "title": lang.title,
        "description": lang.description,
        "base_url": config.base_url,
        "base_path": config.base_path,
        "params": lang.params,
        "copyright": config.copyright,
        "author": config.author,
        "lang": ctx.views.language(page.lang),
        "languages": ctx.views.languages,
        "menus": menus,
        "taxonomies": list(config.taxonomies),
        "home_url": ctx.views.language(page.lang).home_url,
        "generator": f"polyblog {__version__}",
        "markup": {"unsafe_html": config.markup.unsafe_html},
        "theme": _theme(ctx, page.lang),
        "search": config.search.enabled,  # the default theme's search dialog (polyblog.search)
        "archive_url": ctx.views.link(page_key(page.lang, PageKind.ARCHIVE)),
    }


def _theme(ctx: RenderContext, lang: str) -> ThemeView:
    """`site.theme`: the default theme's params in `lang` (docs/theme.md), made once."""
    key = ("theme", lang)
    if key not in ctx.cache:
        t = helpers(ctx, lang)["t"]
        home = ctx.views.language(lang).home_url
        ctx.cache[key] = theme_view(ctx.site.config, lang, t, home)
    view: ThemeView = ctx.cache[key]
    return view


def template_names(page: Page) -> tuple[str, ...]:
    names = KIND_TEMPLATES[page.kind]
    if page.layout:
        return (f"{page.layout}.html", *names)
    return names


def _page_template(ctx: RenderContext, page: Page) -> jinja2.Template:
    """The page's template: its `layout`, else (as Hugo falls back) its kind's template; a
    missing `layout` is a warning (`layout_warnings`)."""
    return pick_template(ctx.env, template_names(page))


def layout_warnings(site: Site, env: jinja2.Environment) -> list[Warning_]:
    """A `layout` naming no template: the page gets its kind's template, with a warning at
    the key (an error with --strict)."""
    out: list[Warning_] = []
    found: dict[str, bool] = {}
    folder = site.config.layouts_dir
    for page in site.pages.values():
        if not page.layout or page.source is None:
            continue
        name = f"{page.layout}.html"
        if name not in found:
            try:
                env.get_template(name)
                found[name] = True
            except jinja2.TemplateNotFound:
                found[name] = False
            except jinja2.TemplateSyntaxError:
                found[name] = True  # reported with its position when the page is rendered
        if not found[name]:
            src = page.source
            fallback = " or ".join(KIND_TEMPLATES[page.kind])
            out.append(
                Warning_(
                    f"layout: no template {name} in {folder}/ or the theme; the page uses "
                    f"{fallback}",
                    SourcePos(src.path, src.key_lines.get("layout", 0)),
                )
            )
    return out


def _archive_context(
    ctx: RenderContext, page: Page, template: jinja2.Template, base: dict[str, Any]
) -> None:
    """An archive page: its title (the `archive` string of the theme), `archive` (its posts by
    year) for `archive.html`, or all its posts on one `paginator` for a theme's `list.html`."""
    view: PageView = base["page"]
    if not view.title:
        title = base["t"]("archive")
        base["page"] = replace(view, title=title, link_title=title)
    if template.name == "archive.html":
        base["archive"] = ctx.views.archive_years(page)
        return
    posts = tuple(ctx.views.page(k) for k in page.listed)
    url = ctx.views.url(page.path)
    base["paginator"] = Paginator(
        pages=posts,
        number=1,
        total_pages=1,
        total_items=len(posts),
        page_size=max(len(posts), 1),
        first_url=url,
        last_url=url,
        prev_url=None,
        next_url=None,
        urls=(url,),
    )


Part = int | str  # a pager's number, "page" (the page itself) or "feed"


def page_parts(ctx: RenderContext, key: PageKey) -> list[Part]:
    """The separately rendered parts of a page: its pagers (or itself) and its feed."""
    page = ctx.site.pages[key]
    config = ctx.site.config
    parts: list[Part] = []
    if not config.builds(page.kind.value):
        return parts  # disable_kinds: a home stays in the model (languages hang on it)
    if page.kind in LIST_KINDS:
        parts += [pager.number for pager in ctx.site.pagers[key]]
    else:
        parts.append("page")
    if has_feed(config, page):
        parts.append("feed")
    return parts


def render_page(ctx: RenderContext, key: PageKey) -> Output:
    """The HTML of a page, each of its pagers, and its feed for list kinds."""
    out: Output = []
    for part in page_parts(ctx, key):
        out += render_part(ctx, key, part)
    return out


def render_part(ctx: RenderContext, key: PageKey, part: Part) -> Output:
    """One part of a page (see `page_parts`): a pure function of (site, bodies, key, part)."""
    page = ctx.site.pages[key]
    view = ctx.views.page(key)
    base = {
        "site": site_view(ctx, page),
        "page": view,
        "switcher": ctx.views.switcher(page),
        "alternates": ctx.views.alternates(page),
        "live_reload": ctx.live_reload,
        "feed_url": None,
        "feeds": (),
        "paginator": None,
        "terms": None,
        "taxonomy_url": None,
        **helpers(ctx, page.lang),
    }
    if has_feed(ctx.site.config, page):
        base["feeds"] = feed_links(ctx, page)
        base["feed_url"] = base["feeds"][0].url
    if page.kind is PageKind.TAXONOMY:
        base["terms"] = ctx.views.taxonomy_terms(page)
    if page.kind is PageKind.TERM and page.parent is not None:
        base["taxonomy_url"] = ctx.views.link(page.parent)
    if part == "feed":
        return render_feeds(ctx, page, view, base)
    template = _page_template(ctx, page)
    if page.kind is PageKind.ARCHIVE:
        _archive_context(ctx, page, template, base)
    if isinstance(part, int):
        pagers = ctx.views.pagers(key)
        pager = pagers[part - 1]
        context = dict(base, paginator=ctx.views.paginator(pagers, pager.number))
        if pager.number > 1:
            context["alternates"] = ctx.views.alternates(page, pager.number)
        html = render_template(template, context, pager.path)
        return [(output_file(pager.path), html.encode())]
    out: Output = []
    data = render_template(template, base, page.path).encode()
    out.append((output_file(page.path), data))
    config = ctx.site.config
    if (
        page.kind is PageKind.NOT_FOUND
        and page.path != "/404.html"
        and (config.default_language_in_subdir and page.lang == config.default_language)
    ):
        out.append(("404.html", data))  # hosts look for /404.html at the root
    return out
