"""UI strings per language (plurals, placeholders, fallbacks) and Babel-localised dates."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from polyblog.config import load_config
from polyblog.errors import ConfigError
from polyblog.i18n import Catalog, format_date, missing_strings, plural_form
from sitekit import REPO_THEME, write_files

PARIS = ZoneInfo("Europe/Paris")


@pytest.mark.parametrize(
    ("locale", "value", "expected"),
    [
        ("fr_FR", datetime(2022, 10, 25, tzinfo=PARIS), "25 octobre 2022"),
        ("ja_JP", datetime(2024, 3, 5, tzinfo=PARIS), "2024年3月5日"),
        ("zh_CN", datetime(2024, 3, 5, tzinfo=PARIS), "2024年3月5日"),
        ("de_DE", datetime(2024, 3, 5, tzinfo=PARIS), "5. März 2024"),
        ("en_US", datetime(2024, 3, 5, tzinfo=PARIS), "March 5, 2024"),
        ("es_ES", datetime(2024, 3, 5, tzinfo=PARIS), "5 de marzo de 2024"),
        ("fr", datetime(2024, 1, 1, tzinfo=PARIS), "1 janvier 2024"),
        ("pt-BR", datetime(2024, 3, 5, tzinfo=PARIS), "5 de março de 2024"),
    ],
)
def test_long_dates(locale: str, value: datetime, expected: str) -> None:
    assert format_date(value, locale) == expected


def test_date_uses_the_page_s_own_day_not_utc() -> None:
    # 00:30 in Paris is still the previous day in UTC: the written day wins.
    late = datetime(2022, 10, 25, 0, 30, tzinfo=PARIS)
    assert format_date(late, "fr_FR") == "25 octobre 2022"


@pytest.mark.parametrize(
    ("style", "expected"),
    [
        ("short", "05/03/2024"),
        ("medium", "5 mars 2024"),
        ("full", "mardi 5 mars 2024"),
        ("d MMM y", "5 mars 2024"),
    ],
)
def test_date_styles_and_patterns(style: str, expected: str) -> None:
    assert format_date(datetime(2024, 3, 5, tzinfo=PARIS), "fr_FR", style) == expected


def test_no_date() -> None:
    assert format_date(None, "fr_FR") == ""


@pytest.mark.parametrize(
    ("locale", "count", "form"),
    [
        ("en", 1, "one"),
        ("en", 0, "other"),
        ("en", 2, "other"),
        ("fr", 0, "one"),
        ("fr", 1, "one"),
        ("fr", 2, "other"),
        ("ja", 1, "other"),
        ("ar", 0, "zero"),
        ("ar", 2, "two"),
        ("ar", 5, "few"),
        ("ar", 11, "many"),
        ("ru", 3, "few"),
    ],
)
def test_plural_forms_follow_cldr(locale: str, count: int, form: str) -> None:
    assert plural_form(locale, count) == form


@pytest.fixture(scope="module")
def theme_catalog() -> Catalog:
    return Catalog.load([REPO_THEME / "i18n"])


def tr(
    catalog: Catalog,
    lang: str,
    key: str,
    count: int | None = None,
    locale: str | None = None,
    default: str = "en",
    **values: object,
) -> str:
    return catalog.translate(lang, locale or lang, default, key, count, **values)


def test_theme_strings_in_several_languages(theme_catalog: Catalog) -> None:
    assert tr(theme_catalog, "en", "read_more") == "Read more"
    assert tr(theme_catalog, "fr", "read_more", locale="fr_FR") == "Lire la suite"
    assert tr(theme_catalog, "ja", "read_more", locale="ja_JP") == "続きを読む"
    assert tr(theme_catalog, "de", "read_more", locale="de_DE") == "Weiterlesen"


def test_plural_strings(theme_catalog: Catalog) -> None:
    assert tr(theme_catalog, "en", "words", 1) == "1 word"
    assert tr(theme_catalog, "en", "words", 5) == "5 words"
    assert tr(theme_catalog, "en", "words", 0) == "0 words"
    assert tr(theme_catalog, "fr", "post_count", 0, "fr_FR") == "0 article"
    assert tr(theme_catalog, "fr", "post_count", 1, "fr_FR") == "1 article"
    assert tr(theme_catalog, "fr", "post_count", 3, "fr_FR") == "3 articles"
    assert tr(theme_catalog, "ja", "post_count", 3, "ja_JP") == "3件の記事"
    assert tr(theme_catalog, "ar", "reading_time", 2, "ar") == "دقيقتان للقراءة"


def test_placeholders(theme_catalog: Catalog) -> None:
    assert tr(theme_catalog, "en", "series_part", index=1, total=3) == "Part 1 of 3"
    assert tr(theme_catalog, "fr", "series_part", locale="fr_FR", index=2, total=3) == (
        "Partie 2 sur 3"
    )
    assert tr(theme_catalog, "ja", "series_part", locale="ja_JP", index=1, total=2) == (
        "全2回中 第1回"
    )


def test_missing_placeholder_value_does_not_crash(theme_catalog: Catalog) -> None:
    assert isinstance(tr(theme_catalog, "en", "series_part"), str)


def test_fallback_to_default_language_then_english_then_key(tmp_path: Path) -> None:
    write_files(
        tmp_path,
        {
            "i18n/en.yaml": "only_en: English only\nshared: Shared en\n",
            "i18n/fr.yaml": "only_fr: Français seulement\nshared: Partagé\n",
            "i18n/de.yaml": "shared: Geteilt\n",
        },
    )
    catalog = Catalog.load([tmp_path / "i18n"])
    assert tr(catalog, "de", "shared", locale="de_DE", default="fr") == "Geteilt"
    assert tr(catalog, "de", "only_fr", locale="de_DE", default="fr") == "Français seulement"
    assert tr(catalog, "de", "only_en", locale="de_DE", default="fr") == "English only"
    assert tr(catalog, "de", "nowhere", locale="de_DE", default="fr") == "nowhere"


def test_region_falls_back_to_base_language(tmp_path: Path) -> None:
    write_files(tmp_path, {"i18n/pt.yaml": "hello: Olá\n", "i18n/zh-cn.yaml": "hello: 你好\n"})
    catalog = Catalog.load([tmp_path / "i18n"])
    assert tr(catalog, "pt-br", "hello", locale="pt_BR") == "Olá"
    assert tr(catalog, "zh-cn", "hello", locale="zh_Hans_CN") == "你好"


def test_site_strings_override_theme_strings(tmp_path: Path) -> None:
    write_files(
        tmp_path,
        {
            "theme/en.yaml": "read_more: Read more\nnext: Next\n",
            "site/en.yaml": "read_more: Continue\n",
        },
    )
    catalog = Catalog.load([tmp_path / "theme", tmp_path / "site"])
    assert tr(catalog, "en", "read_more") == "Continue"
    assert tr(catalog, "en", "next") == "Next"


def test_plural_entry_without_the_needed_form_uses_other(tmp_path: Path) -> None:
    write_files(tmp_path, {"i18n/ar.yaml": "items: {one: 'عنصر', other: '{count} عناصر'}\n"})
    catalog = Catalog.load([tmp_path / "i18n"])
    assert tr(catalog, "ar", "items", 5) == "5 عناصر"


def test_bad_translation_file_is_a_config_error_with_position(tmp_path: Path) -> None:
    write_files(tmp_path, {"i18n/fr.yaml": "ok: oui\nbad: [unclosed\n"})
    with pytest.raises(ConfigError) as info:
        Catalog.load([tmp_path / "i18n"])
    assert info.value.pos is not None
    assert info.value.pos.path.endswith("fr.yaml")
    assert info.value.pos.line >= 2


def test_a_language_without_any_strings_file_is_reported_once(tmp_path: Path) -> None:
    # the theme's files are checked by tests/unit/test_theme_i18n.py
    write_files(
        tmp_path,
        {
            "blog.yaml": "base_url: https://example.org/\nlanguages:\n  en: {}\n  pt-br: {}\n"
            "  eo: {}\n  haw: {}\n",
            "theme/en.yaml": "hello: Hello\n",
            "site/pt.yaml": "hello: Olá\n",
        },
    )
    config = load_config(tmp_path)
    catalog = Catalog.load([tmp_path / "theme", tmp_path / "site"])
    found = missing_strings(catalog, config, tmp_path / "site", tmp_path / "theme", "the theme")
    assert [(str(w.pos), w.message) for w in found] == [
        (
            "blog.yaml:5",
            "language 'eo' has no UI strings: no i18n/eo.yaml in the site or in the theme; "
            "the theme's texts are shown in English",
        ),
        (
            "blog.yaml:6",
            "language 'haw' has no UI strings: no i18n/haw.yaml in the site or in the theme; "
            "the theme's texts are shown in English",
        ),
    ]


def test_without_any_strings_the_keys_are_shown(tmp_path: Path) -> None:
    write_files(tmp_path, {"blog.yaml": "base_url: https://example.org/\n"})
    config = load_config(tmp_path)
    [warning] = missing_strings(Catalog.load([]), config, tmp_path / "i18n", tmp_path, "x")
    assert warning.message == (
        "language 'en' has no UI strings: no i18n/en.yaml in the site or in x; "
        "the theme's texts are shown as their keys"
    )
