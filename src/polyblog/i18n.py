"""Per-language UI strings (theme and site `i18n/<lang>.yaml`) and Babel-localised dates.

Every call takes the language explicitly: there is no process-global current language.
A site language with no strings file of its own is reported by `missing_strings`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from babel import Locale, UnknownLocaleError
from babel.dates import format_date as babel_format_date

from polyblog.config import Config, LanguageConfig
from polyblog.errors import ConfigError, SourcePos, Warning_
from polyblog.links import inside
from polyblog.yamlpos import YamlError, load_yaml

Strings = Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class Catalog:
    """UI strings per language file name (`fr`, `zh`, `zh-cn`), and the names read from each
    folder."""

    files: Mapping[str, Strings]
    found: Mapping[Path, frozenset[str]] = field(default_factory=dict)

    @classmethod
    def load(cls, folders: Sequence[Path], roots: Sequence[Path] = ()) -> Catalog:
        """Read `<folder>/<lang>.yaml` from each folder; later folders override earlier ones.
        With `roots`, files behind symlinks that leave them are skipped."""
        merged: dict[str, dict[str, Any]] = {}
        found: dict[Path, frozenset[str]] = {}
        for folder in folders:
            if not folder.is_dir():
                continue
            names: set[str] = set()
            for path in sorted(folder.iterdir()):
                if path.suffix not in {".yaml", ".yml"}:
                    continue
                if roots and not inside(path, roots):
                    continue
                try:
                    data, _ = load_yaml(path.read_text(encoding="utf-8-sig"), str(path))
                except YamlError as exc:
                    raise ConfigError(exc.message, exc.pos) from None
                except (OSError, UnicodeDecodeError) as exc:
                    raise ConfigError(
                        f"cannot read translations: {exc}", SourcePos(str(path))
                    ) from None
                if not isinstance(data, dict):
                    raise ConfigError(
                        "expected a mapping of keys to strings", SourcePos(str(path), 1)
                    )
                merged.setdefault(path.stem.lower(), {}).update(data)
                names.add(path.stem.lower())
            found[folder] = frozenset(names)
        return cls(merged, found)

    def chain(self, lang: str, locale: str, default_lang: str) -> tuple[Strings, ...]:
        """The string tables to look in, most specific first."""
        names = _file_names(lang, locale, default_lang, "en")
        return tuple(self.files[name] for name in names if name in self.files)

    def lookup(
        self,
        tables: tuple[Strings, ...],
        locale: str,
        key: str,
        count: int | None = None,
        **values: Any,
    ) -> str:
        """`translate` with the tables of `chain` computed once by the caller."""
        for table in tables:
            if key in table:
                return _format(table[key], locale, count, values)
        return key

    def translate(
        self,
        lang: str,
        locale: str,
        default_lang: str,
        key: str,
        count: int | None = None,
        **values: Any,
    ) -> str:
        for table in self.chain(lang, locale, default_lang):
            if key in table:
                return _format(table[key], locale, count, values)
        return key


def _file_names(*codes: str) -> list[str]:
    """`pt-br`, `pt_BR` -> the file names tried for them: `pt-br`, `pt`."""
    names: list[str] = []
    for code in codes:
        code = code.replace("_", "-").lower()
        names += [code, code.split("-")[0]]
    return list(dict.fromkeys(names))


def missing_strings(
    catalog: Catalog, config: Config, site_dir: Path, theme_dir: Path, theme_shown: str
) -> list[Warning_]:
    """One warning per site language without a strings file of its own (its code's or locale's,
    or their base language's) in the site's `i18n/` or the theme's: its pages would show
    another language's UI strings. A theme without any strings file uses the bundled theme's,
    so then every folder of the catalog counts."""
    theme_files = catalog.found.get(theme_dir, frozenset())
    if theme_files:
        have = theme_files | catalog.found.get(site_dir, frozenset())
    else:
        have = frozenset(catalog.files)
    out: list[Warning_] = []
    for lang in config.languages:
        if any(name in have for name in _file_names(lang.code, lang.locale)):
            continue
        wanted = " or ".join(f"i18n/{name}.yaml" for name in _file_names(lang.code))
        shown = _shown_instead(catalog, config, lang)
        out.append(
            Warning_(
                f"language {lang.code!r} has no UI strings: no {wanted} in the site or in "
                f"{theme_shown}; the theme's texts are shown {shown}",
                lang.pos,
            )
        )
    return out


def _shown_instead(catalog: Catalog, config: Config, lang: LanguageConfig) -> str:
    """How the language's pages show the theme's texts: in the default language, else in
    English."""
    own = set(_file_names(lang.code, lang.locale))
    for name in _file_names(config.default_language, "en"):
        if name in catalog.files and name not in own:
            try:
                shown = f"in {Locale.parse(name.replace('-', '_')).english_name}"
            except (UnknownLocaleError, ValueError):
                return f"from i18n/{name}.yaml"
            default = name != "en" and name in _file_names(config.default_language)
            return shown + (" (the default language)" if default else "")
    return "as their keys"


def _format(entry: Any, locale: str, count: int | None, values: dict[str, Any]) -> str:
    if isinstance(entry, dict):
        form = plural_form(locale, count if count is not None else 1)
        entry = entry.get(form, entry.get("other", next(iter(entry.values()), "")))
    text = str(entry)
    if count is not None:
        values = {"count": count, **values}
    try:
        return text.format(**values)
    except (KeyError, IndexError, ValueError):
        return text


@lru_cache(maxsize=64)
def _locale(locale: str) -> Locale:
    return Locale.parse(locale.replace("-", "_"))


def plural_form(locale: str, count: int) -> str:
    form: str = _locale(locale).plural_form(count)
    return form


def format_date(value: datetime | None, locale: str, style: str = "long") -> str:
    """`25 octobre 2022`, `2024年3月5日`; style is short/medium/long/full or a Babel pattern."""
    if value is None:
        return ""
    text: str = babel_format_date(value.date(), format=style, locale=_locale(locale))
    return text


@lru_cache(maxsize=256)
def language_name(locale: str, in_locale: str) -> str:
    """The name of `locale`'s language in `in_locale` (CLDR): `en_US` in `fr_FR` is `anglais`,
    `zh_Hant` in `en` is `Chinese (Traditional)`; the territory is left out."""
    lang = _locale(locale)
    reader = _locale(in_locale)
    if lang.script:
        name = Locale(lang.language, script=lang.script).get_display_name(reader)
    else:
        name = lang.get_language_name(reader)
    return str(name or lang.language)
