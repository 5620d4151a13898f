"""Site-wide outputs: alias redirects, sitemaps, robots.txt."""

from __future__ import annotations

from polyblog.config import Config
from polyblog.render.env import pick_template, render_template
from polyblog.render.feeds import xml_safe
from polyblog.render.pages import Output, RenderContext, helpers, site_view
from polyblog.site import Page, PageKind
from polyblog.urls import output_file


def render_aliases(ctx: RenderContext) -> Output:
    template = pick_template(ctx.env, ("alias.html",))
    out: Output = []
    site = ctx.site
    for alias in site.aliases:
        key = site.by_path.get(alias.target)
        if key is not None and not site.config.builds(site.pages[key].kind.value):
            continue  # no redirect to a page that is not built (`disable_kinds`)
        target = ctx.views.abs(alias.target)
        context = {"target": target, "lang": ctx.views.language(alias.lang)}
        html = render_template(template, context, alias.path)
        out.append((output_file(alias.path), html.encode()))
    return out


def render_syntax_css(ctx: RenderContext) -> Output:
    """`markup.highlight.style`: css/syntax.css from that Pygments style, replacing the theme's."""
    style = ctx.site.config.markup.highlight_style
    if not style:
        return []
    from pygments.formatters import HtmlFormatter

    css = HtmlFormatter(style=style, cssclass="highlight").get_style_defs(".highlight")
    return [("css/syntax.css", (css + "\n").encode())]


def render_sitemaps(ctx: RenderContext, langs: frozenset[str] | None = None) -> Output:
    """One sitemap per language (`/fr/sitemap.xml`) and an index, or one `/sitemap.xml`.
    With `langs`, only those languages' sitemaps (and the index and robots.txt).
    `disable_kinds` can leave out the sitemaps, robots.txt and pages of a kind."""
    site = ctx.site
    config = site.config
    out: Output = []
    if not config.builds("sitemap"):
        return out + _robots(ctx, with_sitemap=False)
    template = pick_template(ctx.env, ("sitemap.xml",))
    multilingual = len(config.languages) > 1
    files: list[str] = []
    for lang in config.lang_codes:
        path = f"/{lang}/sitemap.xml" if multilingual else "/sitemap.xml"
        files.append(ctx.views.abs(path))
        if langs is not None and lang not in langs:
            continue
        entries = []
        for page in site.pages.values():
            if page.lang != lang or not _in_sitemap(config, page):
                continue
            alternates = ctx.views.alternates(page) if page.translations else []
            entries.append(
                {"loc": ctx.views.abs(page.path), "lastmod": page.lastmod, "alternates": alternates}
            )
        entries.sort(key=lambda e: str(e["loc"]))
        home = site.home(lang)
        context = {"entries": entries, "site": site_view(ctx, home), **helpers(ctx, lang)}
        out.append((output_file(path), xml_safe(render_template(template, context, path)).encode()))
    if multilingual:
        index = pick_template(ctx.env, ("sitemapindex.xml",))
        home = site.home(config.default_language)
        context = {
            "sitemaps": files,
            "site": site_view(ctx, home),
            **helpers(ctx, config.default_language),
        }
        text = xml_safe(render_template(index, context, "/sitemap.xml"))
        out.append(("sitemap.xml", text.encode()))
    return out + _robots(ctx, with_sitemap=True)


def _in_sitemap(config: Config, page: Page) -> bool:
    if page.kind is PageKind.NOT_FOUND or not config.builds(page.kind.value):
        return False
    return page.source is None or page.source.params.get("sitemap_exclude") is not True


def sitemap_inputs(page: Page | None) -> tuple[object, ...] | None:
    """What a page gives its language's sitemap besides its translations' URLs (an incremental
    rebuild renders a sitemap again only when this changed for one of its pages)."""
    if page is None:
        return None
    return (page.lang, page.kind, page.path, page.lastmod, page.translations,
            page.source.params.get("sitemap_exclude") if page.source else None)  # fmt: skip


def _robots(ctx: RenderContext, with_sitemap: bool) -> Output:
    """`/robots.txt`, naming the sitemap when there is one (`robots_txt`, `disable_kinds`)."""
    config = ctx.site.config
    if not (config.robots_txt and config.builds("robots_txt")):
        return []
    robots = pick_template(ctx.env, ("robots.txt",))
    context: dict[str, object] = {
        "sitemap_url": ctx.views.abs("/sitemap.xml") if with_sitemap else None,
        "site": site_view(ctx, ctx.site.home(config.default_language)),
    }
    return [("robots.txt", render_template(robots, context, "/robots.txt").encode())]
