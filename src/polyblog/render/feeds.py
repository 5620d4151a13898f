"""A list page's feeds: RSS 2.0 (`index.xml`), Atom 1.0 (`atom.xml`) and JSON Feed 1.1
(`feed.json`) as `feeds.formats` asks, the links pages advertise them with, and their bytes.

All formats of a page are one render part ("feed"): they show the same pages and read the same
things, so an incremental rebuild renders them together.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin

import jinja2
from markupsafe import Markup

from polyblog.config import Config
from polyblog.errors import TemplateError
from polyblog.render.env import (
    PACKAGE_THEMES,
    environment,
    pick_template,
    render_template,
    template_pos,
)
from polyblog.render.relative import rewrite_html
from polyblog.render.views import PageView
from polyblog.site import LIST_KINDS, Page, PageKind
from polyblog.site.assemble import sort_key
from polyblog.urls import output_file

if TYPE_CHECKING:
    from polyblog.render.pages import RenderContext


@dataclass(frozen=True, slots=True)
class FeedFormat:
    name: str  # as written in `feeds.formats`
    label: str  # as shown in a link's title
    file: str  # beside the list's index.html
    template: str  # a site's layouts/ may replace it
    media_type: str


FORMATS: dict[str, FeedFormat] = {
    "rss": FeedFormat("rss", "RSS", "index.xml", "rss.xml", "application/rss+xml"),
    "atom": FeedFormat("atom", "Atom", "atom.xml", "atom.xml", "application/atom+xml"),
    "json": FeedFormat("json", "JSON Feed", "feed.json", "feed.json", "application/feed+json"),
}
JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"
# Atom requires a date on the feed and every entry; a build never reads the clock
UNDATED = datetime(1970, 1, 1, tzinfo=UTC)

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def xml_safe(text: str) -> str:
    """Drop the characters XML 1.0 forbids (a stray control character in a title)."""
    return _NOT_XML.sub("", text)


@dataclass(frozen=True, slots=True)
class FeedLink:
    """One feed of a page, as its head (`<link rel="alternate">`) and footer link to it."""

    format: str
    label: str
    type: str
    url: str  # site-relative, like every link in a page
    title: str


def has_feed(config: Config, page: Page) -> bool:
    """Whether the page has feeds: a list or taxonomy, `rss` not in `disable_kinds` (it turns
    off every format) and at least one format."""
    return (
        bool(config.feed_formats)
        and config.builds("rss")
        and (page.kind in LIST_KINDS or page.kind is PageKind.TAXONOMY)
    )


def first_feed(config: Config) -> FeedFormat | None:
    """A list's first feed in `feeds.formats` (RSS by default), or None when no feed is built:
    what a single "feed" link (the theme's footer, `social.rss: true`) points to."""
    if not config.feed_formats or not config.builds("rss"):
        return None
    return FORMATS[config.feed_formats[0]]


def feed_title(site_title: str, page: Page) -> str:
    """A feed's title: the site's for a home, else the list's then the site's."""
    if page.kind is PageKind.HOME or not page.title or page.title == site_title:
        return site_title
    return f"{page.title} · {site_title}"


def feed_links(ctx: RenderContext, page: Page) -> tuple[FeedLink, ...]:
    config = ctx.site.config
    if not has_feed(config, page):
        return ()
    title = feed_title(config.language(page.lang).title, page)
    return tuple(
        FeedLink(
            format=fmt.name,
            label=fmt.label,
            type=fmt.media_type,
            url=ctx.views.url(page.path + fmt.file),
            title=f"{title} ({fmt.label})",
        )
        for fmt in (FORMATS[name] for name in config.feed_formats)
    )


def feed_pages(ctx: RenderContext, page: Page) -> list[PageView]:
    """What a feed lists, newest first, limited by `feeds.limit`: a home, every regular page of
    its language; a section, its regular pages; a term, its pages; a taxonomy, its terms."""
    site = ctx.site
    views = ctx.views
    if page.kind is PageKind.HOME:
        views.note("L", page.lang)
        keys = [
            p.key for p in site.pages.values() if p.lang == page.lang and p.kind is PageKind.PAGE
        ]
        keys += page.untranslated  # `translations.untranslated: show` (the home's model)
    elif page.kind is PageKind.SECTION:
        keys = [k for k in page.listed if site.pages[k].kind is PageKind.PAGE]
    else:
        keys = list(page.listed)
    for k in keys:
        views.note("o", k)  # what orders them; the pages shown are read in full below
    ordered = sorted((site.pages[k] for k in keys), key=sort_key)
    limit = site.config.feed_limit
    if limit:
        ordered = ordered[:limit]
    return [views.page(p.key) for p in ordered]


def updated(view: PageView) -> datetime | None:
    """When a page last changed: the later of its `lastmod` and `date` (None: undated)."""
    dates = [d for d in (view.date, view.lastmod) if d is not None]
    return max(dates) if dates else None


def page_author(view: PageView) -> str:
    """A page's own author: front matter `author`, a name or `{name: ...}` ("" when none)."""
    raw = view.params.get("author")
    if isinstance(raw, dict):
        raw = raw.get("name")
    return raw.strip() if isinstance(raw, str) else ""


_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")


def absolute_html(html: str, base: str) -> Markup:
    """HTML with every URL made absolute against `base` (the page's permalink): a feed is read
    away from the site, where `/posts/x/` or `cover.png` point nowhere."""

    def rewrite(url: str) -> str | None:
        if _SCHEME.match(url):
            return None  # already absolute (https:, mailto:, data:)
        try:
            joined = urljoin(base, url)
        except ValueError:
            return None
        return joined if joined != url else None

    return Markup(rewrite_html(str(html), rewrite))


def to_json(value: Any) -> str:
    """JSON as feeds write it: keys in the order given, two-space indent, UTF-8 text."""
    return json.dumps(value, ensure_ascii=False, indent=2)


def json_feed(
    view: PageView,
    items: Sequence[PageView],
    *,
    title: str,
    description: str,
    feed_url: str,
    author: str,
    summary_html: Callable[[PageView], str],
) -> dict[str, Any]:
    """The JSON Feed 1.1 object of a list page, its fields in the specification's order."""
    feed: dict[str, Any] = {
        "version": JSON_FEED_VERSION,
        "title": title,
        "home_page_url": view.permalink,
        "feed_url": feed_url,
    }
    if description:
        feed["description"] = description
    feed["language"] = view.lang.hreflang
    if author:
        feed["authors"] = [{"name": author}]
    feed["items"] = [_json_item(view, p, summary_html) for p in items]
    return feed


def _json_item(
    view: PageView, p: PageView, summary_html: Callable[[PageView], str]
) -> dict[str, Any]:
    item: dict[str, Any] = {
        "id": p.permalink,
        "url": p.permalink,
        "title": p.title,
        "content_html": str(summary_html(p)),
    }
    if p.description:
        item["summary"] = p.description
    if p.images:
        item["image"] = p.images[0]
    if p.date:
        item["date_published"] = p.date.isoformat()
    changed = updated(p)
    if changed and changed != p.date:
        item["date_modified"] = changed.isoformat()
    if own := page_author(p):
        item["authors"] = [{"name": own}]
    if p.tags:
        item["tags"] = [term.title for term in p.tags]
    if p.lang.code != view.lang.code:
        item["language"] = p.lang.hreflang
    return item


def feed_template(ctx: RenderContext, name: str) -> jinja2.Template:
    """The site's (`layouts/`) or its theme's feed template, else the bundled theme's: a theme
    made before a format existed still gets valid feeds of every format."""
    key = ("feed template", name)
    if key not in ctx.cache:
        env = ctx.env
        refused = getattr(env.loader, "refused", {})
        try:
            env.get_template(name)
        except jinja2.TemplateNotFound:
            if name not in refused:  # a symlink leaving the site is reported, not replaced
                env = environment((str(PACKAGE_THEMES / "default" / "templates"),))
        except jinja2.TemplateSyntaxError:
            pass  # pick_template reports it with its position
        ctx.cache[key] = pick_template(env, (name,))
    template: jinja2.Template = ctx.cache[key]
    return template


def render_feeds(
    ctx: RenderContext, page: Page, view: PageView, base: dict[str, Any]
) -> list[tuple[str, bytes]]:
    """Every feed of a list page, in the order of `feeds.formats`."""
    config = ctx.site.config
    items = feed_pages(ctx, page)
    site = base["site"]
    title = feed_title(site["title"], page)
    theme_author = site["theme"].author
    author = (theme_author.name if theme_author else "") or config.author
    newest = [d for d in (updated(view), *(updated(p) for p in items)) if d is not None]
    done: dict[tuple[str, str], Markup] = {}  # each summary once for all formats

    def abs_html(html: str, at: str) -> Markup:
        key = (str(html), at)
        if key not in done:
            done[key] = absolute_html(html, at)
        return done[key]

    def summary_html(p: PageView) -> Markup:
        return abs_html(p.summary, p.permalink)

    common = dict(
        base,
        feed_pages=items,
        feed_title=title,
        feed_updated=max(newest) if newest else UNDATED,
        feed_author=author,
        updated=updated,
        author_of=page_author,
        abs_html=abs_html,
        summary_html=summary_html,
        to_json=to_json,
    )
    out: list[tuple[str, bytes]] = []
    for name in config.feed_formats:
        fmt = FORMATS[name]
        path = page.path + fmt.file
        context = dict(common, feed_url=ctx.views.abs(path))
        if name == "json":
            context["feed"] = json_feed(
                view,
                items,
                title=title,
                description=view.description or site["description"],
                feed_url=context["feed_url"],
                author=author,
                summary_html=summary_html,
            )
        template = feed_template(ctx, fmt.template)
        text = render_template(template, context, path)
        if name == "json":
            try:
                json.loads(text)
            except ValueError as exc:
                raise TemplateError(
                    f"while rendering {path}: the template did not write valid JSON ({exc})",
                    template_pos(template),
                ) from None
        else:
            text = xml_safe(text)
        out.append((output_file(path), text.encode()))
    return out
