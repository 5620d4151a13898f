"""Hugo languages and menus -> `languages:` and `menus:` (names, locales, content folders,
per-language params, descriptions, date formats and menus), with a report line per key."""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from typing import Any

from babel import Locale, UnknownLocaleError

from polyblog.config import LANG_CODE
from polyblog.errors import ConfigError
from polyblog.importer.draft import Draft, as_bool, as_int, type_name
from polyblog.importer.golayout import go_to_cldr
from polyblog.importer.hugo_config import KeyPath

# Hugo language keys with a counterpart of ours (besides params and menus)
_NAME_KEYS = ("languagename", "label")  # `label` is newer Hugo's name for languageName
_LOCALE_KEYS = ("languagecode", "locale")  # likewise `locale` for languageCode
_MENU_KEYS = {"name", "url", "pageref", "weight", "identifier", "parent", "pre", "post", "title"}


@dataclass(slots=True)
class LanguageFacts:
    """What the languages say about site-wide keys (one value per site in polyblog)."""

    codes: list[str] = field(default_factory=list)
    copyrights: dict[str, tuple[KeyPath, str]] = field(default_factory=dict)
    authors: dict[str, tuple[KeyPath, Any]] = field(default_factory=dict)


def hugo_order(raw: dict[str, Any]) -> list[str]:
    """Hugo's language order: by weight, languages without one (0) last, then by code."""

    def key(code: str) -> tuple[bool, int, str]:
        spec = raw[code]
        weight = as_int(spec.get("weight")) if isinstance(spec, dict) else None
        weight = weight or 0
        return (weight == 0, weight, code)

    return sorted(raw, key=key)


def prefix_of(code: str, default: str, in_subdir: bool) -> str:
    return "" if code == default and not in_subdir else code


def map_languages(
    d: Draft,
    default: str,
    in_subdir: bool,
    site_keys: set[str],
    site_date_format: tuple[KeyPath, str] | None,
) -> LanguageFacts:
    facts = LanguageFacts()
    raw = d.take("languages")
    if raw is not None and not isinstance(raw, dict):
        d.dropped(("languages",), f"expected a mapping of languages, got {type_name(raw)}")
        raw = None
    top_code = d.take("languagecode")
    top_name = d.take("languagename")
    declared = bool(raw)
    if not raw:
        raw = {default: {}}
        d.mapped("languages", f"languages.{default}", "one language: the default language")
    if default not in raw:
        raise ConfigError(
            f"defaultContentLanguage: {default!r} is not one of the languages "
            f"({', '.join(sorted(raw))})",
            d.cfg.pos(("defaultcontentlanguage",)),
        )
    order = hugo_order(raw)
    weights = {c: as_int(raw[c].get("weight")) or 0 for c in order if isinstance(raw[c], dict)}
    mixed = any(weights.values()) and not all(weights.values())
    spare = max(weights.values(), default=0)
    out: dict[str, Any] = {}
    used_code = False
    for code in order:
        spec = raw[code]
        at: KeyPath = ("languages", code)
        if not LANG_CODE.match(code):
            raise ConfigError(
                f"languages.{code}: polyblog needs a language code such as en, fr or pt-br "
                "(rename the language and the matching content file suffixes)",
                d.cfg.pos(at),
            )
        if spec is None:
            spec = {}
        if not isinstance(spec, dict):
            d.dropped(at, f"expected a mapping, got {type_name(spec)}")
            spec = {}
        facts.codes.append(code)
        lang = _language(d, code, spec, at, site_keys, facts)
        prefix = prefix_of(code, default, in_subdir)
        if not declared and isinstance(top_name, str) and top_name:
            lang["name"] = top_name  # Hugo reads it only for a site without `languages`
            d.mapped(("languagename",), f"languages.{code}.name")
        if "locale" not in lang and top_code is not None:  # the site's, for every language
            locale = _locale(d, ("languagecode",), top_code, f"languages.{code}.locale")
            if locale:
                lang["locale"] = locale
                used_code = True
        if mixed and not weights.get(code):
            spare += 1
            lang["weight"] = spare
            d.comments[(*at, "weight")] = "no weight in Hugo: Hugo lists such languages last"
        if "date_format" not in lang and site_date_format is not None:
            path, layout = site_date_format
            locale = str(lang.get("locale") or code)
            lang["date_format"] = _date_format(d, path, layout, code, locale, inherited=True)
        menus = spec.get("menus")
        if menus is not None:
            lang["menus"] = map_menu_set(d, menus, (*at, "menus"), (*at, "menus"), prefix)
        out[code] = _ordered_language(lang)
    if top_code is not None and not used_code:
        d.dropped(("languagecode",), "every language sets its own languageCode")
    if declared and top_name is not None:
        d.dropped(("languagename",), "Hugo reads it only for a site without languages")
    d.put(("languages",), out)
    _disabled(d, default)
    return facts


def _language(
    d: Draft,
    code: str,
    spec: dict[str, Any],
    at: KeyPath,
    site_keys: set[str],
    facts: LanguageFacts,
) -> dict[str, Any]:
    lang: dict[str, Any] = {}
    flat: dict[str, Any] = {}  # other keys: Hugo 0.111 makes them params of the language
    for key, value in spec.items():
        path = (*at, key)
        ours = f"languages.{code}"
        if key in _NAME_KEYS:
            if isinstance(value, str) and value:
                lang["name"] = value
                d.mapped(path, f"{ours}.name")
        elif key in _LOCALE_KEYS:
            locale = _locale(d, path, value, f"{ours}.locale")
            if locale:
                lang["locale"] = locale
        elif key == "languagedirection":
            if value in {"ltr", "rtl"}:
                lang["direction"] = value
                d.mapped(path, f"{ours}.direction")
            else:
                d.dropped(path, f"must be ltr or rtl, got {value!r}")
        elif key == "weight":
            weight = as_int(value)
            if weight is None:
                d.dropped(path, f"expected a number, got {value!r}")
            elif weight:
                lang["weight"] = weight
                d.mapped(path, f"{ours}.weight")
            else:
                d.mapped(path, f"{ours}.weight", "0: no weight")
        elif key == "title":
            lang["title"] = str(value)
            d.mapped(path, f"{ours}.title")
        elif key == "contentdir":
            folder = _content_dir(d, path, value)
            if folder is not None:
                lang["content_dir"] = folder
                d.mapped(path, f"{ours}.content_dir")
        elif key == "disabled":
            flag = as_bool(value)
            if flag is None:
                d.dropped(path, f"expected true or false, got {value!r}")
            else:
                lang["disabled"] = flag
                d.mapped(path, f"{ours}.disabled")
        elif key in {"params", "menus"}:
            continue  # below, and in map_languages
        elif key == "copyright":
            facts.copyrights[code] = (path, str(value))
        elif key == "timezone":
            d.dropped(path, "one time zone for the whole site: set timezone")
        elif key == "baseurl":
            d.dropped(
                path,
                "one base URL for every language (languages on their own domains "
                "are not supported): base_url applies",
            )
        elif key == "hascjklanguage":
            d.mapped(path, "(automatic)", "polyblog detects CJK text in each page")
        elif key in site_keys and key != "author":  # Blowfish's [author] is a param too
            d.dropped(path, "no per-language value for this key: the site-wide one applies")
        else:
            flat[key] = value
    params = dict(flat)
    explicit = spec.get("params")
    if explicit is not None and not isinstance(explicit, dict):
        d.dropped((*at, "params"), f"expected a mapping, got {type_name(explicit)}")
        explicit = None
    paths: dict[str, KeyPath] = {k: (*at, k) for k in flat}
    for key, value in (explicit or {}).items():
        params[key] = value
        paths[key] = (*at, "params", key)
    _language_params(d, code, lang, params, paths, facts)
    return lang


def _language_params(
    d: Draft,
    code: str,
    lang: dict[str, Any],
    params: dict[str, Any],
    paths: dict[str, KeyPath],
    facts: LanguageFacts,
) -> None:
    ours = f"languages.{code}"
    kept: dict[str, Any] = {}
    for key, value in params.items():
        path = paths[key]
        flat_note = "" if "params" in path else "a language key Hugo makes a param"
        if key == "description" and isinstance(value, str):
            lang["description"] = value
            d.mapped(path, f"{ours}.description")
        elif key == "dateformat" and isinstance(value, str):
            locale = str(lang.get("locale") or code)
            lang["date_format"] = _date_format(d, path, value, code, locale, inherited=False)
        else:
            if key == "author":
                facts.authors[code] = (path, value)
            # the site param's spelling, so that this one replaces it (Hugo: case-insensitive)
            name = d.cfg.names.get(("params", key)) or d.cfg.names.get(path, key)
            kept[name] = d.spelled(value, path)
            d.mapped(path, f"{ours}.params.{name}", flat_note)
    if kept:
        lang["params"] = kept


def _date_format(
    d: Draft, path: KeyPath, layout: str, code: str, locale: str, *, inherited: bool
) -> str:
    converted = go_to_cldr(layout)
    pattern, named = named_fields(converted.pattern, locale)
    notes = list(converted.notes)
    notes += [
        f"{word!r} is text to Go, the same in every date; {field} writes each date's own name"
        for word, field in named
    ]
    target = f"languages.{code}.date_format"
    note = f"Go layout {layout!r} as the CLDR pattern {pattern!r}"
    if inherited:
        note += f"; from {d.cfg.display(path)}, for every language without its own"
    if not notes:
        d.mapped(path, target, note)
    else:
        d.approximated(path, target, note + "; " + "; ".join(notes))
        d.comments[("languages", code, "date_format")] = f"Hugo: {layout!r}; " + "; ".join(notes)
    return pattern


_QUOTED = re.compile(r"'((?:[^']|'')+)'")


def named_fields(pattern: str, locale: str) -> tuple[str, list[tuple[str, str]]]:
    """Quoted words of a CLDR pattern that are a month or weekday name in `locale` (Blowfish's
    French `2 janvier 2006`, which Go prints as `janvier` in every month) -> MMMM, MMM, ..."""
    try:
        parsed = Locale.parse(locale.replace("-", "_"))
    except (UnknownLocaleError, ValueError, TypeError):
        return pattern, []
    fields: dict[str, str] = {}
    for kind, names in (
        ("MMM", parsed.months["format"]["abbreviated"]),
        ("EEE", parsed.days["format"]["abbreviated"]),
        ("MMMM", parsed.months["format"]["wide"]),
        ("EEEE", parsed.days["format"]["wide"]),
    ):
        fields.update({str(name).lower().rstrip("."): kind for name in names.values()})
    found: list[tuple[str, str]] = []

    def swap(match: re.Match[str]) -> str:
        word = match.group(1)
        field = fields.get(word.lower())
        if field is None:
            return match.group(0)
        found.append((word, field))
        return field

    return _QUOTED.sub(swap, pattern), found


def _locale(d: Draft, path: KeyPath, value: Any, target: str) -> str | None:
    text = str(value).strip()
    try:
        Locale.parse(text.replace("-", "_"))
    except (UnknownLocaleError, ValueError, TypeError):
        d.dropped(path, f"{text!r} is not a locale Babel knows; the language code decides")
        return None
    d.mapped(path, target)
    return text


def _content_dir(d: Draft, path: KeyPath, value: Any) -> str | None:
    text = str(value).replace("\\", "/").strip()
    norm = posixpath.normpath(text) if text else ""
    if not norm or norm == "." or norm.startswith("/") or norm.split("/")[0] == "..":
        d.dropped(path, f"{text!r} is not a folder inside the site")
        return None
    return norm


def _ordered_language(lang: dict[str, Any]) -> dict[str, Any]:
    order = (
        "name",
        "locale",
        "title",
        "description",
        "content_dir",
        "direction",
        "weight",
        "disabled",
        "date_format",
        "params",
        "menus",
    )
    return {key: lang[key] for key in order if key in lang}


def _disabled(d: Draft, default: str) -> None:
    raw = d.take("disablelanguages")
    if raw is None:
        return
    path: KeyPath = ("disablelanguages",)
    if isinstance(raw, str):
        raw = [raw]
    if not isinstance(raw, list):
        d.dropped(path, f"expected a list, got {type_name(raw)}")
        return
    out: list[str] = []
    for n, item in enumerate(raw):
        code = str(item).lower()
        if code == default:
            d.dropped((*path, n), f"{item}: the default language cannot be disabled")
        else:
            out.append(code)
    if out:
        d.put(("disabled_languages",), out)
        d.mapped(path, "disabled_languages")


_ABSOLUTE = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:|^//|^#")


def _lang_url(url: str, prefix: str) -> str:
    """What Hugo themes' `relLangURL` makes of a menu URL: the language folder in front."""
    if not prefix or _ABSOLUTE.match(url):
        return url
    path = "/" + url.lstrip("/")
    if path == f"/{prefix}" or path.startswith(f"/{prefix}/"):
        return url
    return f"/{prefix}{path}"


def map_menu_set(
    d: Draft, raw: Any, hugo_at: KeyPath, ours_at: KeyPath, prefix: str, report: bool = True
) -> dict[str, list[dict[str, Any]]]:
    """Hugo menus ({menu name: [entries]}) -> ours; `prefix` the language folder of the menu."""
    if not isinstance(raw, dict):
        if report:
            d.dropped(hugo_at, f"expected a mapping of menus, got {type_name(raw)}")
        return {}
    out: dict[str, list[dict[str, Any]]] = {}
    for name, items in raw.items():
        spelled = d.cfg.names.get((*hugo_at, name), name)
        if not isinstance(items, list):
            if report:
                d.dropped((*hugo_at, name), f"expected a list of entries, got {type_name(items)}")
            continue
        entries: list[dict[str, Any]] = []
        for n, item in enumerate(items):
            path = (*hugo_at, name, n)
            if not isinstance(item, dict):
                if report:
                    d.dropped(path, f"expected a mapping, got {type_name(item)}")
                continue
            entry = _menu_entry(d, item, path, (*ours_at, spelled, len(entries)), prefix, report)
            entries.append(entry)
        out[spelled] = entries
    return out


def _menu_entry(
    d: Draft,
    item: dict[str, Any],
    path: KeyPath,
    ours: KeyPath,
    prefix: str,
    report: bool,
) -> dict[str, Any]:
    entry: dict[str, Any] = {}
    for key in ("name", "url", "pageref", "weight", "identifier", "parent", "pre", "post", "title"):
        if key not in item:
            continue
        value = item[key]
        if key == "weight":
            weight = as_int(value)
            if weight is not None:
                entry["weight"] = weight
        elif key == "pageref":
            entry["page_ref"] = "/" + str(value).strip().lstrip("/")
        elif value != "" or key in {"name", "url"}:  # Hugo reads "" as not set
            entry[key] = str(value)
    target = ".".join(str(k) for k in ours[:-1]) + f"[{ours[-1]}]"
    label = f"{entry.get('name') or entry.get('title') or entry.get('page_ref', '')}"
    url = entry.get("url")
    if isinstance(url, str) and _lang_url(url, prefix) != url:
        entry["url"] = _lang_url(url, prefix)
        d.comments[(*ours, "url")] = f"{url} in Hugo: its themes add the language (relLangURL)"
        if report:
            d.approximated(
                path,
                target,
                f"{label}: url {url} -> {entry['url']}, as relLangURL in Hugo "
                "themes does; polyblog uses a menu URL as written",
            )
    elif report:
        d.mapped(path, target, label)
    if report:
        for key in item:
            if key == "params":
                d.dropped((*path, key), "menu entry params are not supported")
            elif key not in _MENU_KEYS:
                d.unknown((*path, key))
    return entry


def map_site_menus(d: Draft, default: str, in_subdir: bool, codes: list[str]) -> None:
    """Top-level `menus` (Hugo's `menu`): shared by the languages without menus of their own.
    For a language under its own folder, a copy with the language in front of site paths."""
    raw = d.take("menus")
    if raw is None:
        return
    shared = map_menu_set(d, raw, ("menus",), ("menus",), "")
    if not shared:
        return
    d.put(("menus",), shared)
    languages = d.values.get("languages", {})
    for code in codes:
        prefix = prefix_of(code, default, in_subdir)
        if not prefix or "menus" in languages.get(code, {}):
            continue
        copy = map_menu_set(d, raw, ("menus",), ("languages", code, "menus"), prefix, False)
        if copy != shared:
            languages[code]["menus"] = copy
            d.approximated(
                ("menus",),
                f"languages.{code}.menus",
                f"a copy with /{prefix}/ in front of site paths, as relLangURL in Hugo themes does",
            )
