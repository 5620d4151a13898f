"""`blog.yaml` -> a frozen `Config`.

The schema below is the documentation of every key (see docs/configuration.md); errors name the
key and its line, unknown keys are warnings.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, cast
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel import Locale, UnknownLocaleError

from polyblog.config_hints import (
    HUGO_LANGUAGE_KEYS,
    HUGO_PAGINATION_KEYS,
    hugo_config,
    suggest,
)
from polyblog.errors import ConfigError, SourcePos, Warning_
from polyblog.yamlpos import KeyPath, YamlError, load_yaml

CONFIG_NAME = "blog.yaml"
RTL_LANGS = frozenset({"ar", "he", "fa", "ur", "ps", "yi", "dv", "ckb"})
LANG_CODE = re.compile(r"^[a-z]{2,3}(-[a-z0-9]{2,8})*$", re.IGNORECASE)


@dataclass(frozen=True, slots=True, kw_only=True)
class MenuEntry:
    """One menu entry as written (`menus`, `languages.<code>.menus`, or a page's front matter).
    `url` and `page_ref` are resolved against the site by `polyblog.render.menus`."""

    name: str
    url: str = ""
    weight: int = 0
    identifier: str = ""
    page_ref: str = ""  # a content path (`/posts`, `/about`): that page in the entry's language
    parent: str = ""  # the identifier (else the name) of the parent entry
    pre: str = ""  # HTML before and after the link text (trusted: blog.yaml)
    post: str = ""
    title: str = ""  # the link's title attribute
    page_key: str = ""  # front-matter entries: the key of the page that declared it
    where: str = ""  # for messages: `menus.en.main[2]`
    source: str = ""  # the file that declared it ("" = blog.yaml)
    line: int = 0

    @property
    def key_name(self) -> str:
        """What identifies the entry in its menu (Hugo's KeyName): identifier, else name."""
        return self.identifier or self.name


@dataclass(frozen=True, slots=True, kw_only=True)
class LanguageConfig:
    code: str
    name: str
    locale: str
    hreflang: str
    direction: str
    date_format: str = "long"  # how the theme shows dates: a Babel style or a CLDR pattern
    title: str
    description: str
    content_dir: str | None
    weight: int
    params: Mapping[str, Any]
    menus: Mapping[str, tuple[MenuEntry, ...]]
    pos: SourcePos | None = field(default=None, compare=False)  # `languages.<code>` in blog.yaml


@dataclass(frozen=True, slots=True, kw_only=True)
class TermTranslation:
    """`terms: {<taxonomy>: {<term>: {<lang>: <term>}}}`: the default language's term (as
    written in front matter, or its URL key) and the same term in another language."""

    taxonomy: str
    term: str
    lang: str
    translated: str
    line: int = 0  # in blog.yaml


@dataclass(frozen=True, slots=True, kw_only=True)
class MathConfig:
    enabled: bool = True  # TeX in Markdown ($…$, $$…$$, \(…\), \[…\], amsmath) -> MathML
    inline_dollar: bool = True  # `$…$` is inline math (else only `\(…\)`)


@dataclass(frozen=True, slots=True, kw_only=True)
class MarkupConfig:
    unsafe_html: bool = True
    highlight_style: str = ""  # a Pygments style; "" keeps the theme's css/syntax.css
    line_numbers: bool = False
    toc_start: int = 2
    toc_end: int = 4
    anchors: bool = True  # a link after each h2-h4 of a page body
    emoji: bool = False  # `:smile:` shortcodes outside code (Hugo's enableEmoji)
    math: MathConfig = MathConfig()


@dataclass(frozen=True, slots=True, kw_only=True)
class TranslationsConfig:
    """`translations:` how a language treats posts it has no version of (`untranslated`, per
    language in `languages.<code>.translations`), and which front-matter keys a translation
    takes from its original when it does not set them (`inherit`)."""

    untranslated: str = "skip"  # "skip" or "show"
    by_language: Mapping[str, str] = field(default_factory=dict)  # code -> its own setting
    inherit: tuple[str, ...] = ()  # some of INHERIT_KEYS, in the order written

    def untranslated_in(self, lang: str) -> str:
        return self.by_language.get(lang, self.untranslated)


@dataclass(frozen=True, slots=True, kw_only=True)
class SearchConfig:
    enabled: bool = True  # `search:` in blog.yaml: a Pagefind index written after each build


@dataclass(frozen=True, slots=True, kw_only=True)
class Config:
    root: Path
    title: str
    description: str
    base_url: str
    default_language: str
    default_language_in_subdir: bool
    languages: tuple[LanguageConfig, ...]
    timezone: str
    taxonomies: tuple[str, ...]
    page_size: int
    pagination_path: str
    theme: str
    layouts_dir: str = "layouts"
    params: Mapping[str, Any]
    permalinks: Mapping[str, str]
    content_dir: str
    markup: MarkupConfig
    summary_length: int
    disable_path_to_lower: bool
    remove_path_accents: bool = False  # Hugo's removePathAccents: `été` -> `ete` in paths
    disabled_languages: tuple[str, ...] = ()  # their content files are skipped entirely
    disabled_dirs: tuple[str, ...] = ()  # content_dir of disabled languages (never read)
    main_sections: tuple[str, ...] | None
    feed_limit: int
    feed_formats: tuple[str, ...] = ("rss", "atom")  # `feeds.formats`, in the order written
    robots_txt: bool
    disable_kinds: frozenset[str] = frozenset()
    term_translations: tuple[TermTranslation, ...] = ()  # `terms:`
    copyright: str
    author: str
    translations: TranslationsConfig = field(default_factory=TranslationsConfig)
    images: ImagesConfig = field(default_factory=lambda: ImagesConfig())
    search: SearchConfig = SearchConfig()
    related: RelatedConfig = field(default_factory=lambda: RelatedConfig())
    archive: ArchiveConfig = field(default_factory=lambda: ArchiveConfig())
    warnings: tuple[Warning_, ...] = field(default=(), compare=False)

    @property
    def base_path(self) -> str:
        path = urlsplit(self.base_url).path or "/"
        return path if path.endswith("/") else path + "/"

    def builds(self, kind: str) -> bool:
        """Whether output of this kind (`page`, `rss`, `sitemap`: see `KINDS`) is made."""
        return kind not in self.disable_kinds

    def language(self, code: str) -> LanguageConfig:
        for lang in self.languages:
            if lang.code == code:
                return lang
        raise KeyError(code)

    @property
    def lang_codes(self) -> tuple[str, ...]:
        return tuple(lang.code for lang in self.languages)

    def with_base_url(self, base_url: str) -> Config:
        from dataclasses import replace

        return replace(self, base_url=_check_base_url(base_url, None))


# key -> (type, default, help). The table in docs/configuration.md mirrors this.
SCHEMA: dict[str, tuple[type | tuple[type, ...], Any, str]] = {
    "title": (str, "", "site title (per-language override: languages.<code>.title)"),
    "description": (str, "", "site description for meta tags and feeds"),
    "base_url": (str, None, "absolute http(s) URL the site is published at (required)"),
    "default_language": (str, "en", "language served at / (others under /<code>/)"),
    "default_language_in_subdir": (bool, False, "serve the default language under /<code>/ too"),
    "languages": (dict, None, "language code -> {name, locale, title, description, ...}"),
    "disabled_languages": (list, [], "language codes whose content files are skipped"),
    "timezone": (str, "UTC", "IANA zone for dates written without one"),
    "taxonomies": (list, ["tags", "categories", "series"], "front-matter keys that group pages"),
    "pagination": (dict, {}, "{page_size: 10, path: page}"),
    "theme": (str, "default", "theme folder under themes/ (default: the bundled theme)"),
    "layouts_dir": (str, "layouts", "folder of the site's own templates (over the theme's)"),
    "params": (dict, {}, "free-form values for templates"),
    "menus": (dict, {}, "language -> list of {name, url, weight} (or -> {menu name: list})"),
    "permalinks": (dict, {}, "section -> pattern such as /:year/:slug/"),
    "content_dir": (str, "content", "folder of the default content tree"),
    "markup": (
        dict,
        {},
        "{unsafe_html, highlight: {style, line_numbers}, toc: {start, end}, anchors, emoji, "
        "math: {enabled, inline_dollar}}",
    ),
    "summary_length": (int, 70, "words (CJK: characters / 2) in an automatic summary"),
    "disable_path_to_lower": (bool, False, "keep the case of paths and terms in URLs"),
    "remove_path_accents": (bool, False, "strip accents in paths and terms: été -> ete"),
    "main_sections": (list, None, "sections listed on the home page (default: the largest)"),
    "feeds": (dict, {}, "{limit: 20 items per feed (0 = all), formats: [rss, atom]}"),
    "robots_txt": (bool, True, "write /robots.txt"),
    "disable_kinds": (list, [], "kinds of output not made: rss, sitemap, page, term, ..."),
    "terms": (dict, {}, "taxonomy -> {term: {lang: translated term}}: translated terms"),
    "copyright": (str, "", "copyright line for the footer and feeds"),
    "author": (str, "", "default author name"),
    "translations": (dict, {}, "{untranslated: skip|show, inherit: [date, tags, ...]}"),
    "images": (dict, {}, "{enabled, widths, formats, quality, sizes, strip_metadata, social_card}"),
    "search": ((bool, dict), True, "full-text search (Pagefind): true, false or {enabled: ...}"),
}
LANGUAGE_KEYS = {
    "name", "locale", "title", "description", "content_dir", "direction", "weight", "params",
    "menus",
}  # fmt: skip
LANGUAGE_KEYS.add("disabled")  # languages.<code>.disabled: true, like disabled_languages


class _Reader:
    """Reads typed values out of the parsed YAML, raising errors with positions."""

    def __init__(self, path: Path, lines: dict[KeyPath, int]) -> None:
        self.path = path
        self.lines = lines
        self.warnings: list[Warning_] = []

    def pos(self, key: KeyPath) -> SourcePos:
        line = 0
        for i in range(len(key), 0, -1):
            line = self.lines.get(key[:i], 0)
            if line:
                break
        return SourcePos(str(self.path), line)

    def fail(self, key: KeyPath, message: str) -> ConfigError:
        dotted = ".".join(str(k) for k in key)
        return ConfigError(f"{dotted}: {message}", self.pos(key))

    def typed(self, value: Any, kind: type | tuple[type, ...], key: KeyPath) -> Any:
        if kind is int and isinstance(value, bool):
            raise self.fail(key, f"expected an integer, got {value!r}")
        if kind is str and isinstance(value, int | float) and not isinstance(value, bool):
            return str(value)
        if not isinstance(value, kind):
            names = kind.__name__ if isinstance(kind, type) else "/".join(k.__name__ for k in kind)
            readable = {"dict": "a mapping", "list": "a list", "str": "a string",
                        "bool": "true or false", "int": "an integer"}.get(names, names)  # fmt: skip
            raise self.fail(key, f"expected {readable}, got {type(value).__name__} {value!r}")
        return value


def load_config(root: Path, base_url: str | None = None) -> Config:
    """Read `root/blog.yaml`. `base_url` (CLI or BLOG_BASE_URL) overrides the file's."""
    path = root / CONFIG_NAME
    display = Path(CONFIG_NAME)
    if not path.is_file():
        hugo = hugo_config(root)
        if hugo is not None:
            raise ConfigError(
                f"no {CONFIG_NAME} in {root}, but {hugo} is a Hugo configuration: run "
                f"`blog import hugo` to write a {CONFIG_NAME} from it"
            )
        raise ConfigError(f"no {CONFIG_NAME} in {root} (is --source the site folder?)")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ConfigError(f"not UTF-8 text: {exc.reason}", SourcePos(str(display))) from None
    except OSError as exc:
        raise ConfigError(f"cannot read: {exc.strerror}", SourcePos(str(display))) from None
    try:
        data, lines = load_yaml(text, str(display))
    except YamlError as exc:
        raise ConfigError(exc.message, exc.pos) from None
    if data is None:
        data = {}
    reader = _Reader(display, lines)
    if not isinstance(data, dict):
        raise ConfigError("expected a mapping of keys at the top level", SourcePos(str(display), 1))
    return _build(root, data, reader, base_url)


def _build(root: Path, data: dict[str, Any], r: _Reader, base_url: str | None) -> Config:
    values: dict[str, Any] = {}
    for key, value in data.items():
        if key not in SCHEMA:
            hint = suggest(str(key), SCHEMA, nested=NESTED_KEYS)
            r.warnings.append(Warning_(f"unknown key {key!r} (ignored){hint}", r.pos((key,))))
            continue
        if value is None:
            continue
        values[key] = r.typed(value, SCHEMA[key][0], (key,))
    for key, (_kind, default, _help) in SCHEMA.items():
        values.setdefault(key, default)

    raw_base = base_url if base_url is not None else values["base_url"]
    if raw_base is None:
        raise _no_base_url(data, r)
    base = _check_base_url(raw_base, r if base_url is None else None)

    try:
        ZoneInfo(values["timezone"])
    except (ZoneInfoNotFoundError, ValueError):
        raise r.fail(("timezone",), f"unknown time zone {values['timezone']!r}") from None

    default_lang = values["default_language"]
    disabled, disabled_dirs = _disabled_languages(values, r)
    languages = _languages(values, r)
    if default_lang not in {lang.code for lang in languages}:
        raise r.fail(("default_language",), f"{default_lang!r} is not in languages")

    taxonomies = tuple(str(t) for t in values["taxonomies"])
    for i, tax in enumerate(taxonomies):
        if not re.fullmatch(r"[A-Za-z0-9_-]+", tax):
            raise r.fail(("taxonomies", i), f"{tax!r} is not a valid taxonomy name")

    pagination = values["pagination"]
    page_size = r.typed(pagination.get("page_size", 10), int, ("pagination", "page_size"))
    if page_size < 1:
        raise r.fail(("pagination", "page_size"), "must be at least 1")
    pager_path = r.typed(pagination.get("path", "page"), str, ("pagination", "path"))
    for key in pagination:
        if key not in {"page_size", "path"}:
            hint = suggest(
                str(key), ("page_size", "path"), HUGO_PAGINATION_KEYS, prefix="pagination."
            )
            r.warnings.append(
                Warning_(
                    f"unknown key pagination.{key} (ignored){hint}", r.pos(("pagination", key))
                )
            )

    permalinks = {
        str(k): r.typed(v, str, ("permalinks", k)) for k, v in values["permalinks"].items()
    }
    main_sections = values["main_sections"]
    _hugo_params(values, r)
    feeds = values["feeds"]
    feed_limit = r.typed(feeds.get("limit", 20), int, ("feeds", "limit"))
    _known(feeds, {"limit", "formats"}, ("feeds",), r)
    summary_length = values["summary_length"]
    if summary_length < 1:
        raise r.fail(("summary_length",), "must be at least 1")
    return Config(
        root=root,
        title=values["title"],
        description=values["description"],
        base_url=base,
        default_language=default_lang,
        default_language_in_subdir=values["default_language_in_subdir"],
        languages=languages,
        disabled_languages=disabled,
        disabled_dirs=disabled_dirs,
        timezone=values["timezone"],
        taxonomies=taxonomies,
        page_size=page_size,
        pagination_path=pager_path.strip("/") or "page",
        theme=values["theme"],
        layouts_dir=_layouts_dir(values["layouts_dir"], r),
        params=values["params"],
        permalinks=permalinks,
        content_dir=values["content_dir"].strip("/") or "content",
        markup=_markup(values["markup"], r),
        summary_length=summary_length,
        disable_path_to_lower=values["disable_path_to_lower"],
        remove_path_accents=values["remove_path_accents"],
        main_sections=tuple(str(s) for s in main_sections) if main_sections else None,
        feed_limit=max(feed_limit, 0),
        feed_formats=_feed_formats(feeds.get("formats", list(DEFAULT_FEED_FORMATS)), r),
        robots_txt=values["robots_txt"],
        disable_kinds=_disable_kinds(values["disable_kinds"], r),
        term_translations=_term_translations(values, taxonomies, languages, disabled, r),
        copyright=values["copyright"],
        author=values["author"],
        translations=_translations(values, languages, taxonomies, r),
        images=_images(values["images"], r),
        search=_search(values["search"], r),
        related=_related(values["related"], taxonomies, r),
        archive=_archive(values["archive"], r),
        warnings=tuple(r.warnings),
    )


def _check_base_url(value: str, r: _Reader | None) -> str:
    parts = urlsplit(value)
    if parts.scheme not in {"http", "https"} or not parts.netloc:
        message = f"must be an absolute http(s) URL, got {value!r}"
        if r is not None:
            raise r.fail(("base_url",), message)
        raise ConfigError(f"base URL {message}")
    return value if value.endswith("/") else value + "/"


def _languages(values: dict[str, Any], r: _Reader) -> tuple[LanguageConfig, ...]:
    raw = values["languages"]
    default = values["default_language"]
    if raw is None:
        raw = {default: {}}
    if not raw:
        raise r.fail(("languages",), "needs at least one language")
    out: list[LanguageConfig] = []
    for index, (code, spec) in enumerate(raw.items()):
        code = str(code)
        key: KeyPath = ("languages", code)
        if not LANG_CODE.match(code):
            raise r.fail(key, f"{code!r} is not a language code such as en, fr or zh-cn")
        spec = {} if spec is None else r.typed(spec, dict, key)
        for name in spec:
            if name not in LANGUAGE_KEYS:
                hint = _language_hint(str(name), code)
                r.warnings.append(
                    Warning_(
                        f"unknown key languages.{code}.{name} (ignored){hint}", r.pos((*key, name))
                    )
                )
        locale = str(spec.get("locale") or code.replace("-", "_"))
        try:
            parsed = Locale.parse(locale.replace("-", "_"))
        except (UnknownLocaleError, ValueError):
            raise r.fail((*key, "locale"), f"unknown locale {locale!r}") from None
        name = str(spec.get("name") or parsed.get_display_name(parsed) or code)
        rtl = parsed.character_order == "right-to-left" or code.split("-")[0] in RTL_LANGS
        direction = str(spec.get("direction") or ("rtl" if rtl else "ltr"))
        if direction not in {"ltr", "rtl"}:
            raise r.fail((*key, "direction"), "must be ltr or rtl")
        content_dir = spec.get("content_dir")
        if content_dir is not None:
            content_dir = str(r.typed(content_dir, str, (*key, "content_dir"))).strip("/")
        params = dict(values["params"])
        params.update(r.typed(spec.get("params") or {}, dict, (*key, "params")))
        out.append(
            LanguageConfig(
                code=code,
                name=name,
                locale=str(parsed),
                hreflang=hreflang(str(spec["locale"])) if spec.get("locale") else hreflang(code),
                direction=direction,
                title=str(spec.get("title") or values["title"]),
                description=str(spec.get("description") or values["description"]),
                content_dir=content_dir,
                date_format=_date_format(spec.get("date_format"), str(parsed), (*key,), r),
                weight=r.typed(spec.get("weight", index), int, (*key, "weight")),
                params=params,
                menus=_menus(values["menus"], spec.get("menus"), code, r),
                pos=r.pos(key),
            )
        )
    return tuple(sorted(out, key=lambda lang: lang.weight))  # stable: file order breaks ties


def hreflang(code: str) -> str:
    """BCP 47 form of a locale as written, else of a language key (Hugo writes `languageCode`):
    `pt_BR` -> `pt-BR`, `zh-cn` -> `zh-CN`, `zh_hans` -> `zh-Hans`, `fr` -> `fr`."""
    head, *rest = code.replace("_", "-").split("-")
    tail = [
        part.upper() if len(part) == 2 else part.title() if len(part) == 4 else part.lower()
        for part in rest
    ]
    return "-".join([head.lower(), *tail])


def _disabled_languages(
    values: dict[str, Any], r: _Reader
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Take disabled languages (`disabled_languages`, `languages.<code>.disabled`) out of
    `values["languages"]`; return their codes and their content folders. The default language
    cannot be disabled (Hugo: "cannot disable default language")."""
    default = values["default_language"]
    raw = values["languages"]
    codes: list[str] = []
    for i, item in enumerate(values["disabled_languages"]):
        code = str(r.typed(item, str, ("disabled_languages", i)))
        if not LANG_CODE.match(code):
            raise r.fail(("disabled_languages", i), f"{code!r} is not a language code")
        if code == default:
            raise r.fail(
                ("disabled_languages", i),
                f"{code!r} is the default language, which cannot be disabled",
            )
        codes.append(code)
    if not isinstance(raw, dict):
        return tuple(codes), ()
    dirs: list[str] = []
    kept: dict[Any, Any] = {}
    for code, spec in raw.items():
        flag = spec.get("disabled", False) if isinstance(spec, dict) else False
        key: KeyPath = ("languages", str(code), "disabled")
        if r.typed(flag, bool, key) and str(code) == default:
            raise r.fail(key, f"{code!r} is the default language, which cannot be disabled")
        if not flag and str(code).lower() not in {c.lower() for c in codes}:
            kept[code] = spec
            continue
        codes.append(str(code))
        folder = spec.get("content_dir") if isinstance(spec, dict) else None
        if folder is not None:
            dirs.append(
                str(r.typed(folder, str, ("languages", str(code), "content_dir"))).strip("/")
            )
    if raw and not kept:
        raise r.fail(("languages",), "every language is disabled")
    values["languages"] = kept
    return tuple(dict.fromkeys(codes)), tuple(dirs)


def _menus(
    site_menus: dict[str, Any], lang_menus: Any, code: str, r: _Reader
) -> dict[str, tuple[MenuEntry, ...]]:
    """Menus for one language: `menus.<lang>` (a list = the main menu, or {name: list})."""
    spec = lang_menus if lang_menus is not None else site_menus.get(code)
    base: KeyPath = ("languages", code, "menus") if lang_menus is not None else ("menus", code)
    if spec is None:
        # menus: {main: [...]} shared by every language
        spec = {k: v for k, v in site_menus.items() if isinstance(v, list) and k not in _codes(r)}
        base = ("menus",)
    listed = isinstance(spec, list)
    if listed:
        spec = {"main": spec}
    spec = r.typed(spec, dict, base)
    menus: dict[str, tuple[MenuEntry, ...]] = {}
    for menu_name, items in spec.items():
        items = r.typed(items, list, (*base, menu_name))
        dotted = ".".join(str(k) for k in (*base, menu_name))
        entries = [
            _menu_entry(item, (*base, i) if listed else (*base, menu_name, i), f"{dotted}[{i}]", r)
            for i, item in enumerate(items)
        ]
        menus[str(menu_name)] = tuple(sorted(entries, key=menu_order))
    return menus


def _term_translations(
    values: dict[str, Any],
    taxonomies: tuple[str, ...],
    languages: tuple[LanguageConfig, ...],
    disabled: tuple[str, ...],
    r: _Reader,
) -> tuple[TermTranslation, ...]:
    """`terms:` taxonomy -> default-language term -> language -> the term in that language
    (entries for disabled languages are ignored)."""
    default = values["default_language"]
    codes = {lang.code for lang in languages}
    known = {t.lower(): t for t in taxonomies}
    out: list[TermTranslation] = []
    for tax, terms in values["terms"].items():
        taxonomy = known.get(str(tax).lower())
        if taxonomy is None:
            listed = ", ".join(taxonomies) or "none"
            raise r.fail(("terms", tax), f"{tax!r} is not a taxonomy (taxonomies: {listed})")
        for term, langs in r.typed(terms, dict, ("terms", tax)).items():
            for code, translated in r.typed(langs, dict, ("terms", tax, term)).items():
                key: KeyPath = ("terms", tax, term, code)
                if str(code) in disabled:
                    continue
                if str(code) not in codes:
                    raise r.fail(key, f"{code!r} is not a language of the site")
                if str(code) == default:
                    raise r.fail(
                        key,
                        f"{term!r} is already the {default} term: list the other languages' terms",
                    )
                text = str(r.typed(translated, str, key))
                out.append(
                    TermTranslation(
                        taxonomy=taxonomy,
                        term=str(term),
                        lang=str(code),
                        translated=text,
                        line=r.pos(key).line,
                    )
                )
    return tuple(out)


def _codes(r: _Reader) -> set[str]:
    return {str(k[1]) for k in r.lines if len(k) == 2 and k[0] == "languages"}


def _known(raw: dict[str, Any], keys: set[str], where: KeyPath, r: _Reader) -> None:
    """Warn about keys a mapping does not have (a typo must not be silently ignored)."""
    for key in raw:
        if key not in keys:
            dotted = ".".join(str(k) for k in (*where, key))
            r.warnings.append(Warning_(f"unknown key {dotted} (ignored)", r.pos((*where, key))))


def _pygments_style(value: Any, r: _Reader) -> str:
    from pygments.styles import get_all_styles

    key: KeyPath = ("markup", "highlight", "style")
    name = str(r.typed(value, str, key))
    styles = sorted(get_all_styles())
    if name and name not in styles:
        raise r.fail(key, f"unknown Pygments style {name!r} (one of: {', '.join(styles)})")
    return name


def _markup(raw: dict[str, Any], r: _Reader) -> MarkupConfig:
    highlight = r.typed(raw.get("highlight") or {}, dict, ("markup", "highlight"))
    toc = r.typed(raw.get("toc") or {}, dict, ("markup", "toc"))
    _known(raw, {"unsafe_html", "highlight", "toc", "anchors", "emoji", "math"}, ("markup",), r)
    _known(highlight, {"style", "line_numbers"}, ("markup", "highlight"), r)
    _known(toc, {"start", "end"}, ("markup", "toc"), r)
    return MarkupConfig(
        unsafe_html=r.typed(raw.get("unsafe_html", True), bool, ("markup", "unsafe_html")),
        highlight_style=_pygments_style(highlight.get("style", ""), r),
        line_numbers=r.typed(highlight.get("line_numbers", False), bool, ("markup", "highlight")),
        toc_start=r.typed(toc.get("start", 2), int, ("markup", "toc", "start")),
        toc_end=r.typed(toc.get("end", 4), int, ("markup", "toc", "end")),
        anchors=r.typed(raw.get("anchors", True), bool, ("markup", "anchors")),
        emoji=r.typed(raw.get("emoji", False), bool, ("markup", "emoji")),
        math=_math(raw.get("math", {}), r),
    )


def _math(raw: Any, r: _Reader) -> MathConfig:
    """`markup.math`: a mapping, or true/false for `enabled` alone."""
    if isinstance(raw, bool):
        return MathConfig(enabled=raw)
    raw = r.typed(raw if raw is not None else {}, dict, ("markup", "math"))
    _known(raw, {"enabled", "inline_dollar"}, ("markup", "math"), r)
    return MathConfig(
        enabled=r.typed(raw.get("enabled", True), bool, ("markup", "math", "enabled")),
        inline_dollar=r.typed(
            raw.get("inline_dollar", True), bool, ("markup", "math", "inline_dollar")
        ),
    )


# -- layouts_dir, disable_kinds, date_format, menu entries, help for Hugo users ------------------

LANGUAGE_KEYS.add("date_format")  # kept apart from the set above: one line per key owner
KINDS = ("rss", "sitemap", "robots_txt", "taxonomy", "term", "404", "section", "home", "page")
DATE_STYLES = ("short", "medium", "long", "full")
_DATE_FIELDS = frozenset("GyYuUrQqMLwWdDFgEec")  # CLDR fields a date (without a time) has
# keys of nested mappings, for "did you mean" at the top level
NESTED_KEYS = {
    "page_size": "pagination.page_size",
    "limit": "feeds.limit",
    "formats": "feeds.formats",
    "unsafe_html": "markup.unsafe_html",
    "highlight": "markup.highlight",
    "toc": "markup.toc",
    "line_numbers": "markup.highlight.line_numbers",
    "anchors": "markup.anchors",
    "emoji": "markup.emoji",
    "math": "markup.math",
    "inline_dollar": "markup.math.inline_dollar",
    "locale": "languages.<code>.locale",
    "direction": "languages.<code>.direction",
    "date_format": "languages.<code>.date_format",
}
MENU_ENTRY_KEYS = ("name", "url", "page_ref", "weight", "identifier", "parent", "pre", "post",
                   "title")  # fmt: skip


class _Ordered(Protocol):
    @property
    def weight(self) -> int: ...
    @property
    def name(self) -> str: ...
    @property
    def identifier(self) -> str: ...


def menu_order(entry: _Ordered) -> tuple[bool, int, str, str, str]:
    """Hugo's menu order: by weight (entries without one, weight 0, last), then name, then
    identifier. For blog.yaml's entries and pages' front-matter entries alike."""
    return (entry.weight == 0, entry.weight, entry.name.lower(), entry.name, entry.identifier)


def _menu_entry(item: Any, key: KeyPath, where: str, r: _Reader) -> MenuEntry:
    item = r.typed(item, dict, key)
    for name in item:
        if name not in MENU_ENTRY_KEYS:
            hint = suggest(str(name), MENU_ENTRY_KEYS, {"pageref": "page_ref"})
            r.warnings.append(
                Warning_(f"unknown key {where}.{name} (ignored){hint}", r.pos((*key, name)))
            )
    text = {
        name: str(r.typed(item[name], str, (*key, name)))
        for name in MENU_ENTRY_KEYS
        if name != "weight" and item.get(name) is not None
    }
    # Hugo allows an empty name when `pre` (an icon) or `title` says what the entry is
    named = any(text.get(k) for k in ("name", "page_ref", "pre", "title", "identifier"))
    if not (text.get("url") or text.get("page_ref")) or not named:
        raise ConfigError(
            f"{where}: a menu entry needs a name and a url, or a page_ref", r.pos(key)
        )
    page_ref = text.get("page_ref", "")
    if page_ref.startswith(("http://", "https://", "//")):
        raise r.fail(
            (*key, "page_ref"),
            f"{page_ref!r} is not a content path such as /posts or /about (use url for a link "
            "to another site)",
        )
    return MenuEntry(
        name=text.get("name", ""),
        url=text.get("url", ""),
        weight=r.typed(item.get("weight", 0), int, (*key, "weight")),
        identifier=text.get("identifier", ""),
        page_ref=page_ref,
        parent=text.get("parent", ""),
        pre=text.get("pre", ""),
        post=text.get("post", ""),
        title=text.get("title", ""),
        where=where,
        line=r.pos(key).line,
    )


def _language_hint(name: str, code: str) -> str:
    hugo = {k: v.replace("{code}", code) for k, v in HUGO_LANGUAGE_KEYS.items()}
    return suggest(name, LANGUAGE_KEYS, hugo, prefix=f"languages.{code}.")


def _no_base_url(data: dict[str, Any], r: _Reader) -> ConfigError:
    """`base_url` is missing; if the file has Hugo's `baseURL`, say so at its line."""
    for key in data:
        if str(key).lower() == "baseurl":
            return ConfigError(
                f"base_url: required (e.g. https://example.org/); this file has {key}:, which "
                "is Hugo's name for it: rename it to base_url",
                r.pos((key,)),
            )
    return ConfigError("base_url: required (e.g. https://example.org/)", r.pos(("base_url",)))


def _layouts_dir(value: str, r: _Reader) -> str:
    folder = value.strip().strip("/")
    parts = folder.split("/")
    if not folder or value.startswith("/") or "\\" in folder or ".." in parts or "." in parts:
        raise r.fail(
            ("layouts_dir",),
            f"{value!r} is not a folder inside the site (such as layouts or layouts-polyblog)",
        )
    return folder


def _disable_kinds(values: list[Any], r: _Reader) -> frozenset[str]:
    kinds: set[str] = set()
    hugo = {"rss": "rss", "robotstxt": "robots_txt", "taxonomyterm": "taxonomy"}
    for i, value in enumerate(values):
        kind = str(r.typed(value, str, ("disable_kinds", i)))
        if kind not in KINDS:
            hint = suggest(kind, KINDS, hugo)
            raise r.fail(
                ("disable_kinds", i), f"unknown kind {kind!r} (one of: {', '.join(KINDS)}){hint}"
            )
        kinds.add(kind)
    return frozenset(kinds)


FEED_FORMATS = ("rss", "atom", "json")  # index.xml, atom.xml, feed.json (render/feeds.py)
DEFAULT_FEED_FORMATS = ("rss", "atom")


def _feed_formats(value: Any, r: _Reader) -> tuple[str, ...]:
    """`feeds.formats`: which feeds every list page has (empty: none), each named once."""
    formats: list[str] = []
    for i, item in enumerate(r.typed(value, list, ("feeds", "formats"))):
        name = str(r.typed(item, str, ("feeds", "formats", i)))
        if name not in FEED_FORMATS:
            hint = suggest(name, FEED_FORMATS, {})
            raise r.fail(
                ("feeds", "formats", i),
                f"unknown feed format {name!r} (one of: {', '.join(FEED_FORMATS)}){hint}",
            )
        if name in formats:
            raise r.fail(("feeds", "formats", i), f"feed format {name!r} is listed twice")
        formats.append(name)
    return tuple(formats)


def _date_format(value: Any, locale: str, key: KeyPath, r: _Reader) -> str:
    """`date_format`: a Babel style or a CLDR date pattern (checked: an error, not a
    surprise in every page)."""
    if value is None:
        return "long"
    where: KeyPath = (*key, "date_format")
    pattern = str(r.typed(value, str, where))
    if pattern in DATE_STYLES:
        return pattern
    problem = _pattern_problem(pattern, locale)
    if problem is not None:
        go = " (a Go layout such as '2 January 2006' is written 'd MMMM y')"
        hint = go if re.search(r"2006|January|Jan\b|Monday|Mon\b", pattern) else ""
        raise r.fail(
            where,
            f"{problem} in {pattern!r}: use short, medium, long, full or a CLDR date pattern "
            f"such as 'd MMMM y'{hint}",
        )
    return pattern


def _pattern_problem(pattern: str, locale: str) -> str | None:
    from datetime import date

    from babel.dates import PATTERN_CHARS, format_date, tokenize_pattern

    if pattern.replace("''", "").count("'") % 2:
        return "a quote (') is not closed"
    fields = [v for kind, v in tokenize_pattern(pattern) if kind == "field"]
    if not fields:
        return "no date field (d, M, y, E, ...)"
    for field_value in fields:
        char, count = cast(tuple[str, int], field_value)
        if char not in _DATE_FIELDS:
            what = "a time field" if char in PATTERN_CHARS else "not a CLDR date field"
            return f"{char!r} is {what} (quote letters meant as text: 'de')"
        allowed = PATTERN_CHARS.get(char)
        if allowed is not None and count not in allowed:
            return f"{char * count!r} is not a valid length for {char!r}"
    try:
        format_date(date(2024, 3, 5), pattern, locale=locale)
    except Exception as exc:  # Babel's own checks; any failure is a bad pattern
        return str(exc)
    return None


def _hugo_params(values: dict[str, Any], r: _Reader) -> None:
    """Hugo reads `params.mainSections`; polyblog's key is `main_sections`: say so."""
    places: list[tuple[KeyPath, Any]] = [(("params",), values["params"])]
    for code, spec in (values["languages"] or {}).items():
        if isinstance(spec, dict) and isinstance(spec.get("params"), dict):
            places.append((("languages", str(code), "params"), spec["params"]))
    for where, params in places:
        for key in params:
            if str(key).lower() == "mainsections":
                dotted = ".".join((*(str(k) for k in where), str(key)))
                r.warnings.append(
                    Warning_(
                        f"{dotted} is Hugo's setting and is not read here: did you mean "
                        "main_sections (at the top level)?",
                        r.pos((*where, key)),
                    )
                )


# -- translations: untranslated posts and inherited front matter ------------------------------

LANGUAGE_KEYS.add("translations")  # languages.<code>.translations.untranslated
UNTRANSLATED_MODES = ("skip", "show")
INHERIT_KEYS = ("date", "tags", "categories", "series", "images", "cover", "weight")
_TAXONOMY_KEYS = frozenset({"tags", "categories", "series"})
NESTED_KEYS.update(untranslated="translations.untranslated", inherit="translations.inherit")


def _translations(
    values: dict[str, Any],
    languages: tuple[LanguageConfig, ...],
    taxonomies: tuple[str, ...],
    r: _Reader,
) -> TranslationsConfig:
    """`translations:` and each language's `translations.untranslated`."""
    where: KeyPath = ("translations",)
    raw = values["translations"]
    _known(raw, {"untranslated", "inherit"}, where, r)
    mode = _untranslated_mode(raw.get("untranslated"), (*where, "untranslated"), r)
    by_language: dict[str, str] = {}
    specs = values["languages"] or {}
    for lang in languages:
        spec = specs.get(lang.code)
        own = spec.get("translations") if isinstance(spec, dict) else None
        if own is None:
            continue
        key: KeyPath = ("languages", lang.code, "translations")
        own = r.typed(own, dict, key)
        _known(own, {"untranslated"}, key, r)
        if own.get("untranslated") is not None:
            by_language[lang.code] = _untranslated_mode(
                own["untranslated"], (*key, "untranslated"), r
            )
    inherit: list[str] = []
    listed = r.typed(raw.get("inherit") or [], list, (*where, "inherit"))
    known_taxonomies = {t.lower() for t in taxonomies}
    for i, item in enumerate(listed):
        name = str(r.typed(item, str, (*where, "inherit", i)))
        if name not in INHERIT_KEYS:
            hint = suggest(name, INHERIT_KEYS, {})
            raise r.fail(
                (*where, "inherit", i),
                f"{name!r} cannot be inherited (one of: {', '.join(INHERIT_KEYS)}){hint}",
            )
        if name in _TAXONOMY_KEYS and name not in known_taxonomies:
            raise r.fail(
                (*where, "inherit", i),
                f"{name!r} is not a taxonomy of this site (taxonomies: "
                f"{', '.join(taxonomies) or 'none'})",
            )
        if name not in inherit:
            inherit.append(name)
    return TranslationsConfig(untranslated=mode, by_language=by_language, inherit=tuple(inherit))


def _untranslated_mode(value: Any, key: KeyPath, r: _Reader) -> str:
    if value is None:
        return "skip"
    mode = str(r.typed(value, str, key))
    if mode not in UNTRANSLATED_MODES:
        raise r.fail(key, f"expected skip or show, got {mode!r}")
    return mode


# -- images: responsive derivatives of bundle images (polyblog.images) ---------------------------

IMAGE_FORMATS = ("webp", "avif")


@dataclass(frozen=True, slots=True, kw_only=True)
class ImagesConfig:
    enabled: bool = True
    widths: tuple[int, ...] = (480, 800, 1200, 1600)
    formats: tuple[str, ...] = IMAGE_FORMATS  # avif only where the installed Pillow writes it
    quality: int = 80
    sizes: str = "(max-width: 48rem) 100vw, 48rem"
    strip_metadata: bool = True
    social_card: bool = True


def _images(raw: dict[str, Any], r: _Reader) -> ImagesConfig:
    keys = {"enabled", "widths", "formats", "quality", "sizes", "strip_metadata", "social_card"}
    _known(raw, keys, ("images",), r)
    default = ImagesConfig()
    widths = r.typed(raw.get("widths", list(default.widths)), list, ("images", "widths"))
    for i, width in enumerate(widths):
        r.typed(width, int, ("images", "widths", i))
        if not 16 <= width <= 8192:
            raise r.fail(("images", "widths", i), f"{width} is not a width from 16 to 8192")
    if not widths:
        raise r.fail(("images", "widths"), "needs at least one width")
    formats = r.typed(raw.get("formats", list(default.formats)), list, ("images", "formats"))
    for i, name in enumerate(formats):
        if name not in IMAGE_FORMATS:
            raise r.fail(("images", "formats", i), f"{name!r} is not one of webp, avif")
    if "webp" not in formats:
        raise r.fail(("images", "formats"), "must include webp (the format every browser reads)")
    quality = r.typed(raw.get("quality", default.quality), int, ("images", "quality"))
    if not 1 <= quality <= 100:
        raise r.fail(("images", "quality"), f"{quality} is not from 1 to 100")

    def flag(key: str, value: bool) -> bool:
        out: bool = r.typed(raw.get(key, value), bool, ("images", key))
        return out

    return ImagesConfig(
        enabled=flag("enabled", default.enabled),
        widths=tuple(sorted(set(widths))),
        formats=tuple(f for f in IMAGE_FORMATS if f in formats),
        quality=quality,
        sizes=str(r.typed(raw.get("sizes", default.sizes), str, ("images", "sizes"))).strip(),
        strip_metadata=flag("strip_metadata", default.strip_metadata),
        social_card=flag("social_card", default.social_card),
    )


def _search(raw: bool | dict[str, Any], r: _Reader) -> SearchConfig:
    """`search: false`, `search: true` or `search: {enabled: false}`."""
    if isinstance(raw, bool):
        return SearchConfig(enabled=raw)
    _known(raw, {"enabled"}, ("search",), r)
    return SearchConfig(enabled=r.typed(raw.get("enabled", True), bool, ("search", "enabled")))


# -- related posts and the archive page (polyblog.site.related, polyblog.site.assemble) ----------


@dataclass(frozen=True, slots=True, kw_only=True)
class RelatedIndex:
    """One of `related.indices`: a taxonomy and what one shared term of it is worth."""

    name: str
    weight: int


DEFAULT_RELATED_INDICES = (
    RelatedIndex(name="series", weight=100),
    RelatedIndex(name="tags", weight=80),
    RelatedIndex(name="categories", weight=60),
)


@dataclass(frozen=True, slots=True, kw_only=True)
class RelatedConfig:
    count: int = 3  # 0: no related posts
    include_newer: bool = True  # Hugo's includeNewer (Hugo's default is false)
    threshold: int = 0  # Hugo's threshold, 0-100
    indices: tuple[RelatedIndex, ...] = DEFAULT_RELATED_INDICES


@dataclass(frozen=True, slots=True, kw_only=True)
class ArchiveConfig:
    enabled: bool = True
    path: str = "archives"  # under each language's root: /archives/, /fr/archives/


SCHEMA["related"] = (dict, {}, "{count: 3, include_newer, threshold, indices: [{name, weight}]}")
SCHEMA["archive"] = ((dict, bool), {}, "{enabled: true, path: archives}: the archive page by year")
NESTED_KEYS.update(
    count="related.count",
    include_newer="related.include_newer",
    threshold="related.threshold",
    indices="related.indices",
)
_RELATED_KEYS = {"count", "include_newer", "threshold", "indices"}


def _related(raw: dict[str, Any], taxonomies: tuple[str, ...], r: _Reader) -> RelatedConfig:
    """`related:`; without `indices`, the default ones that are taxonomies of the site."""
    where: KeyPath = ("related",)
    _known(raw, _RELATED_KEYS, where, r)
    default = RelatedConfig()
    count = r.typed(raw.get("count", default.count), int, (*where, "count"))
    if count < 0:
        raise r.fail((*where, "count"), "must be 0 (no related posts) or more")
    threshold = r.typed(raw.get("threshold", default.threshold), int, (*where, "threshold"))
    if not 0 <= threshold <= 100:
        raise r.fail((*where, "threshold"), f"{threshold} is not from 0 to 100")
    include_newer = r.typed(
        raw.get("include_newer", default.include_newer), bool, (*where, "include_newer")
    )
    if raw.get("indices") is None:
        indices = tuple(i for i in DEFAULT_RELATED_INDICES if i.name in taxonomies)
        return RelatedConfig(
            count=count, include_newer=include_newer, threshold=threshold, indices=indices
        )
    out: list[RelatedIndex] = []
    for n, item in enumerate(r.typed(raw["indices"], list, (*where, "indices"))):
        key: KeyPath = (*where, "indices", n)
        item = r.typed(item, dict, key)
        _known(item, {"name", "weight"}, key, r)
        if "name" not in item:
            raise r.fail(key, "needs a name (a taxonomy: tags, categories, series, ...)")
        name = str(r.typed(item["name"], str, (*key, "name")))
        if name not in taxonomies:
            raise r.fail(
                (*key, "name"),
                f"{name!r} is not a taxonomy of this site (taxonomies: "
                f"{', '.join(taxonomies) or 'none'})",
            )
        if any(i.name == name for i in out):
            raise r.fail((*key, "name"), f"{name!r} is listed twice")
        weight = r.typed(item.get("weight", 1), int, (*key, "weight"))
        out.append(RelatedIndex(name=name, weight=weight))
    return RelatedConfig(
        count=count, include_newer=include_newer, threshold=threshold, indices=tuple(out)
    )


def _archive(raw: dict[str, Any], r: _Reader) -> ArchiveConfig:
    """`archive:`, or true/false for `enabled` alone."""
    if isinstance(raw, bool):
        return ArchiveConfig(enabled=raw)
    where: KeyPath = ("archive",)
    _known(raw, {"enabled", "path"}, where, r)
    default = ArchiveConfig()
    enabled = r.typed(raw.get("enabled", default.enabled), bool, (*where, "enabled"))
    path = str(r.typed(raw.get("path", default.path), str, (*where, "path"))).strip("/")
    segments = path.split("/")
    if (
        not path
        or any(s in {"", ".", ".."} for s in segments)
        or "\\" in path
        or "://" in path
        or any(unicodedata.category(ch)[0] in "CZ" for ch in path)
    ):
        raise r.fail(
            (*where, "path"),
            f"{path!r} is not a site path such as archives or blog/archives",
        )
    return ArchiveConfig(enabled=enabled, path=path)
