"""Per-language UI strings (theme and site `i18n/<lang>.yaml`) and Babel-localised dates.

Every call takes the language explicitly: there is no process-global current language.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from babel import Locale
from babel.dates import format_date as babel_format_date

from polyblog.errors import ConfigError, SourcePos
from polyblog.links import inside
from polyblog.yamlpos import YamlError, load_yaml

Strings = Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class Catalog:
    """UI strings per language file name (`fr`, `zh`, `zh-cn`)."""

    files: Mapping[str, Strings]

    @classmethod
    def load(cls, folders: Sequence[Path], roots: Sequence[Path] = ()) -> Catalog:
        """Read `<folder>/<lang>.yaml` from each folder; later folders override earlier ones.
        With `roots`, files behind symlinks that leave them are skipped."""
        merged: dict[str, dict[str, Any]] = {}
        for folder in folders:
            if not folder.is_dir():
                continue
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
        return cls(merged)

    def chain(self, lang: str, locale: str, default_lang: str) -> tuple[Strings, ...]:
        """The string tables to look in, most specific first."""
        names: list[str] = []
        for code in (lang, locale.replace("_", "-"), default_lang, "en"):
            code = code.lower()
            names += [code, code.split("-")[0]]
        return tuple(self.files[name] for name in dict.fromkeys(names) if name in self.files)

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
