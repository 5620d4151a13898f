"""Hugo configuration -> blog.yaml values, one report entry per Hugo key.

The order of the steps matters only where one key's value depends on another's (languages on
the default language and the site params); every top-level key not handled is reported.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from polyblog.errors import SourcePos
from polyblog.importer.draft import Draft, as_bool, as_int, type_name
from polyblog.importer.hugo_config import HugoConfig, KeyPath
from polyblog.importer.languages import LanguageFacts, map_languages, map_site_menus
from polyblog.importer.markup_keys import map_markup
from polyblog.importer.report import Entry, Status
from polyblog.importer.structure import (
    map_kinds,
    map_pagination,
    map_permalinks,
    map_taxonomies,
    map_url_form,
)

PLACEHOLDER_URL = "https://example.org/"
LAYOUTS_DIR = "layouts-polyblog"

# Hugo keys with no counterpart, and why (lower case, as Hugo reads them)
DROPPED: dict[str, str] = {
    "googleanalytics": "no analytics: polyblog pages make no third-party requests; add the "
    "script to your own layouts if you need it",
    "services": "third-party services (Disqus, Google Analytics, Instagram, X) are not used",
    "outputformats": "custom output formats are not produced: polyblog writes HTML pages, "
    "RSS feeds, sitemaps and robots.txt",
    "mediatypes": "media types only serve custom output formats, which are not produced",
    "module": "Hugo Modules (imports and mounts) are not read: copy what they provided into "
    "the site's folders",
    "build": "Hugo Pipes build options have no counterpart (CSS and JS are copied as they are)",
    "caches": "Hugo's file caches have no counterpart (polyblog keeps its cache in .blog-cache/)",
    "imaging": "images are not processed: they are copied as they are",
    "minify": "the output is not minified",
    "security": "Hugo's template function policy has no counterpart: polyblog templates cannot "
    "run commands, read the environment or fetch URLs",
    "privacy": "the built-in embeds have fixed settings: youtube loads from "
    "youtube-nocookie.com and only after a click, the others are links or cards",
    "sitemap": "polyblog writes a sitemap per language (and an index) with each page's "
    "lastmod; changefreq, priority and the file name are not configurable",
    "related": "related content is not computed",
    "frontmatter": "dates come from front matter only: date, else publishDate, else lastmod "
    "(not from file names, file times or git)",
    "enablegitinfo": "git history is not read (no lastmod from commits, no .GitInfo); set "
    "lastmod in front matter",
    "ignoreerrors": "Hugo error ids mean nothing to polyblog",
    "builddrafts": "use `blog build --drafts`",
    "buildfuture": "use `blog build --future`",
    "buildexpired": "use `blog build --expired`",
    "publishdir": "the output folder is `blog build --destination` (default public/)",
    "pluralizelisttitles": "list titles come from the theme's translations",
    "titlecasestyle": "titles are shown as written",
    "enablemissingtranslationplaceholders": "a missing UI translation falls back to the "
    "default language's",
    "enableinlineshortcodes": "inline shortcodes are not supported",
    "sectionpagesmenu": "add the sections to menus: in blog.yaml",
    "footnotereturnlinkcontents": "footnote back links use the theme's arrow",
    "footnoteanchorprefix": "footnote ids are fn1, fnref1, ...",
    "staticdir": "the static folder is static/",
    "layoutdir": "Go templates are not read; polyblog's templates are in layouts_dir",
    "archetypedir": "archetypes are read from archetypes/",
    "assetdir": "assets/ is not processed; put files to copy in static/",
    "datadir": "data/ files are not read",
    "i18ndir": "translations are read from i18n/",
    "resourcedir": "there are no generated resources",
    "cleandestinationdir": "the output folder always holds exactly what was built",
    "timeout": "there is no template timeout",
    "newcontenteditor": "`blog new` does not open an editor",
    "disablehugogeneratorinject": "the default theme writes its own generator tag",
    "refLinksErrorLevel".lower(): "a missing ref target is always an error",
    "refLinksNotFoundURL".lower(): "a missing ref target is always an error",
    "cascade": "site-wide front matter cascade is not supported",
    "disablealiases": "aliases are always written as redirect pages",
    "disablelivereload": "`blog serve` always reloads (see docs/serving.md)",
}

HANDLED = {
    "baseurl",
    "title",
    "defaultcontentlanguage",
    "defaultcontentlanguageinsubdir",
    "languages",
    "disablelanguages",
    "languagecode",
    "languagename",
    "timezone",
    "taxonomies",
    "permalinks",
    "paginate",
    "paginatepath",
    "pagination",
    "summarylength",
    "rsslimit",
    "removepathaccents",
    "enableemoji",
    "enablerobotstxt",
    "disablepathtolower",
    "mainsections",
    "params",
    "menus",
    "disablekinds",
    "outputs",
    "uglyurls",
    "relativeurls",
    "canonifyurls",
    "markup",
    "theme",
    "themesdir",
    "copyright",
    "author",
    "contentdir",
    "hascjklanguage",
}


@dataclass(frozen=True, slots=True, kw_only=True)
class Mapped:
    values: dict[str, Any]
    comments: dict[KeyPath, str]
    entries: tuple[Entry, ...]


def map_config(cfg: HugoConfig, *, has_layouts: bool) -> Mapped:
    d = Draft(cfg)
    _base_url(d)
    _string(d, "title", "title")
    default = _default_language(d)
    in_subdir = _flag(d, "defaultcontentlanguageinsubdir", "default_language_in_subdir")
    site_date_format = _params(d)
    facts = map_languages(d, default, in_subdir, HANDLED | set(DROPPED), site_date_format)
    _timezone(d)
    taxonomies = map_taxonomies(d)
    map_pagination(d)
    _theme(d, has_layouts)
    map_site_menus(d, default, in_subdir, facts.codes)
    map_permalinks(d, taxonomies)
    _content_dir(d)
    map_markup(d)
    _summary_length(d)
    _flag(d, "disablepathtolower", "disable_path_to_lower")
    _flag(d, "removepathaccents", "remove_path_accents")
    _main_sections(d)
    _feeds(d)
    _robots(d)
    _archive(d)
    map_kinds(d)
    map_url_form(d)
    _emoji(d)
    _copyright(d, default, facts)
    _author(d, default, facts)
    _cjk(d)
    for key in cfg.data:
        if key in d.seen:
            continue
        reason = DROPPED.get(key)
        if reason:
            d.dropped((key,), reason)
        else:
            d.unknown((key,))
    for file, why in cfg.ignored:
        d.entries.append(Entry(Status.DROPPED, "(whole file)", SourcePos(file), "", why))
    return Mapped(values=d.values, comments=d.comments, entries=tuple(d.entries))


def _base_url(d: Draft) -> None:
    raw = d.take("baseurl")
    value = str(raw).strip() if raw is not None else ""
    parts = urlsplit(value)
    if parts.scheme in {"http", "https"} and parts.netloc:
        d.put(("base_url",), value)
        d.mapped(("baseurl",), "base_url")
        return
    d.put(("base_url",), PLACEHOLDER_URL, "a placeholder: set the address the site is served at")
    key: str | KeyPath = ("baseurl",) if raw is not None else "baseURL"
    what = f"{value!r} is not an absolute http(s) URL" if raw is not None else "not set"
    d.approximated(key, f"base_url: {PLACEHOLDER_URL}", f"{what}: a placeholder to replace")


def _string(d: Draft, key: str, ours: str) -> None:
    raw = d.take(key)
    if raw is None:
        return
    if isinstance(raw, dict | list):
        d.dropped((key,), f"expected a string, got {type_name(raw)}")
        return
    d.put((ours,), str(raw))
    d.mapped((key,), ours)


def _flag(d: Draft, key: str, ours: str) -> bool:
    raw = d.take(key)
    if raw is None:
        return False
    flag = as_bool(raw)
    if flag is None:
        d.dropped((key,), f"expected true or false, got {raw!r}")
        return False
    d.put((ours,), flag)
    d.mapped((key,), ours)
    return flag


def _default_language(d: Draft) -> str:
    raw = d.take("defaultcontentlanguage")
    if raw is None or not str(raw).strip():
        d.put(("default_language",), "en", "Hugo's default")
        d.mapped("defaultContentLanguage", "default_language", "Hugo's default: en")
        return "en"
    code = str(raw).strip().lower()
    d.put(("default_language",), code)
    d.mapped(("defaultcontentlanguage",), "default_language")
    return code


def _params(d: Draft) -> tuple[KeyPath, str] | None:
    """Site params: description, author and mainSections move to our keys, dateFormat to each
    language's date_format; the rest is copied as params. Returns the dateFormat."""
    raw = d.take("params")
    if raw is None:
        return None
    path: KeyPath = ("params",)
    if not isinstance(raw, dict):
        d.dropped(path, f"expected a mapping, got {type_name(raw)}")
        return None
    kept: dict[str, Any] = {}
    date_format: tuple[KeyPath, str] | None = None
    for key, value in raw.items():
        at = (*path, key)
        name = d.cfg.names.get(at, key)
        if key == "description" and isinstance(value, str):
            d.put(("description",), value)
            d.mapped(at, "description")
        elif key == "dateformat" and isinstance(value, str):
            date_format = (at, value)  # reported by each language
        elif key == "mainsections" and not d.has("mainsections"):
            _sections_value(d, at, value)
        elif key == "author" and isinstance(value, str) and not d.has("author"):
            d.put(("author",), value)
            d.mapped(at, "author")
        else:
            if key == "author" and isinstance(value, dict) and not d.has("author"):
                _author_map(d, at, value, "params.author")
            kept[name] = d.spelled(value, at)
            d.mapped(at, f"params.{name}")
    if kept:
        d.put(path, kept)
    return date_format


def _author_map(d: Draft, at: KeyPath, value: dict[str, Any], where: str) -> None:
    name = value.get("name")
    if isinstance(name, str) and name:
        d.put(("author",), name)
        d.mapped((*at, "name"), "author", f"the name; {where} is kept for templates")


def _author(d: Draft, default: str, facts: LanguageFacts) -> None:
    raw = d.take("author")
    if raw is not None:
        if isinstance(raw, str):
            d.put(("author",), raw)
            d.mapped(("author",), "author")
        elif isinstance(raw, dict) and isinstance(raw.get("name"), str):
            d.put(("author",), raw["name"])
            d.mapped(("author", "name"), "author")
            for key in raw:
                if key != "name":
                    d.dropped(("author", key), "only the author's name is kept (author)")
        else:
            d.dropped(("author",), f"expected a name or a mapping with name, got {raw!r}")
        return
    if "author" in d.values or default not in facts.authors:
        return
    path, value = facts.authors[default]
    name = value.get("name") if isinstance(value, dict) else value
    if isinstance(name, str) and name:
        d.put(("author",), name, f"from the {default} language's params")
        d.approximated(
            path,
            "author",
            "one default author for every language: the default "
            "language's; the params stay with the language",
        )


def _copyright(d: Draft, default: str, facts: LanguageFacts) -> None:
    """One line for the site: the default language's (Hugo: a language's own wins), else the
    site's; other languages with another line are approximations."""
    raw = d.take("copyright")
    site = str(raw) if raw is not None else None
    own = facts.copyrights.get(default)
    line = own[1] if own is not None else site
    if line is not None:
        d.put(("copyright",), line)
    if raw is not None:
        if own is not None and own[1] != site:
            d.dropped(("copyright",), f"the default language ({default}) has its own line")
        else:
            d.mapped(("copyright",), "copyright")
    for code, (path, value) in facts.copyrights.items():
        if code == default:
            d.mapped(path, "copyright", "the default language's")
        elif value == line:
            d.mapped(path, "copyright", "the same line as the default language")
        else:
            d.approximated(
                path,
                "copyright",
                "one copyright line for every language: the "
                f"default language's, {str(line)[:40]!r}",
            )
            d.comment(("copyright",), f"one line for every language ({code} had its own)")


def _timezone(d: Draft) -> None:
    raw = d.take("timezone")
    if raw is None:
        return
    try:
        ZoneInfo(str(raw))
    except (ZoneInfoNotFoundError, ValueError):
        d.dropped(("timezone",), f"unknown time zone {raw!r}: UTC applies")
        return
    d.put(("timezone",), str(raw))
    d.mapped(("timezone",), "timezone")


def _theme(d: Draft, has_layouts: bool) -> None:
    raw = d.take("theme")
    themes_dir = d.take("themesdir")
    d.put(("theme",), "default")
    if raw is not None:
        names = ", ".join(str(t) for t in raw) if isinstance(raw, list) else str(raw)
        d.approximated(
            ("theme",),
            "theme: default",
            f"Hugo theme {names} (Go templates) is "
            "replaced by polyblog's default theme; its shortcodes come from "
            "polyblog's library or layouts_dir",
        )
        d.comments[("theme",)] = f"Hugo theme: {names}"
    if themes_dir is not None:
        d.dropped(("themesdir",), "themes are read from themes/ (polyblog themes, not Hugo's)")
    if has_layouts:
        d.put(("layouts_dir",), LAYOUTS_DIR, "Hugo's Go templates stay in layouts/, unused")
        where = SourcePos("layouts/") if (d.cfg.root / "layouts").is_dir() else None
        why = "Go templates are not read; translated shortcodes are written there"
        d.entries.append(
            Entry(Status.APPROXIMATED, "layouts/", where, f"layouts_dir: {LAYOUTS_DIR}", why)
        )


def _content_dir(d: Draft) -> None:
    raw = d.take("contentdir")
    if raw is None:
        return
    text = str(raw).replace("\\", "/").strip().strip("/")
    if not text or text.startswith("..") or str(raw).startswith("/"):
        d.dropped(("contentdir",), f"{raw!r} is not a folder inside the site")
        return
    d.put(("content_dir",), text)
    d.mapped(("contentdir",), "content_dir")


def _summary_length(d: Draft) -> None:
    raw = d.take("summarylength")
    if raw is None:
        return
    length = as_int(raw)
    if length is None or length < 1:
        d.dropped(("summarylength",), f"expected a number of at least 1, got {raw!r}")
        return
    d.put(("summary_length",), length)
    d.mapped(("summarylength",), "summary_length")


def _sections_value(d: Draft, at: KeyPath, value: Any) -> None:
    sections = [value] if isinstance(value, str) else value
    if not isinstance(sections, list) or not all(isinstance(s, str) for s in sections):
        d.dropped(at, f"expected a list of section names, got {value!r}")
        return
    d.put(("main_sections",), sections)
    d.mapped(at, "main_sections")


def _main_sections(d: Draft) -> None:
    raw = d.take("mainsections")
    if raw is not None:
        _sections_value(d, ("mainsections",), raw)


def _feeds(d: Draft) -> None:
    raw = d.take("rsslimit")
    services = d.cfg.get(("services", "rss", "limit"))
    at: KeyPath = ("rsslimit",)
    if raw is None and services is not None:
        raw, at = services, ("services", "rss", "limit")
    if raw is None:
        d.put(("feeds",), {"limit": 0}, "Hugo's default: every page in the feed")
        d.mapped("rssLimit", "feeds.limit: 0", "Hugo's default (-1): every page")
        return
    limit = as_int(raw)
    if limit is None:
        d.dropped(at, f"expected a number, got {raw!r}")
        return
    d.put(("feeds",), {"limit": max(limit, 0)})
    d.mapped(at, "feeds.limit", "-1: every page" if limit < 0 else "")


def _robots(d: Draft) -> None:
    raw = d.take("enablerobotstxt")
    flag = as_bool(raw) if raw is not None else False
    if flag:
        d.put(("robots_txt",), True)
        d.mapped(("enablerobotstxt",), "robots_txt")
        return
    d.put(("robots_txt",), False, "Hugo's default" if raw is None else "")
    if raw is None:
        d.mapped("enableRobotsTXT", "robots_txt: false", "Hugo's default: no robots.txt")
    else:
        d.mapped(("enablerobotstxt",), "robots_txt")


def _archive(d: Draft) -> None:
    """A Hugo site has no archive page: the imported site keeps Hugo's pages (`archive: true`
    adds one per language)."""
    d.put(("archive",), False, "Hugo has no archive page; true adds one per language")


def _emoji(d: Draft) -> None:
    raw = d.take("enableemoji")
    if raw is None:
        return
    if as_bool(raw):
        d.put(("markup", "emoji"), True)
        d.mapped(("enableemoji",), "markup.emoji")
    else:
        d.mapped(("enableemoji",), "(same behaviour)", ":smile: stays text")


def _cjk(d: Draft) -> None:
    if d.take("hascjklanguage") is not None:
        d.mapped(("hascjklanguage",), "(automatic)", "polyblog detects CJK text in each page")
