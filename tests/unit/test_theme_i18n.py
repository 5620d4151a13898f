"""The default theme's UI strings: every language file has exactly the keys of en.yaml, the same
`{placeholders}`, and every CLDR plural category Babel uses for its language.

A failure names the file and the keys to fix, e.g. after new strings were added to en.yaml.
"""

from __future__ import annotations

import string
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml
from babel import Locale

from sitekit import REPO_THEME

I18N = REPO_THEME / "i18n"
CATEGORIES = {"zero", "one", "two", "few", "many", "other"}  # every CLDR plural category
# the counts the theme passes are whole numbers: these, and round millions (`many` in fr, es...)
SAMPLE = [*range(1001), 10**6, 2 * 10**6, 10**7]


def load(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict), f"{path.name}: expected a mapping of keys to strings"
    return data


def fields(text: str) -> set[str]:
    """The placeholder names of a str.format string: `Part {index} of {total}` -> index, total."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


@cache
def required(lang: str) -> frozenset[str]:
    """The plural categories Babel picks for `lang` (`other` always: the fallback form)."""
    tags: set[str] = set(Locale.parse(lang.replace("-", "_")).plural_form.tags)
    return frozenset(tags | {"other"})


@cache
def single_number(lang: str) -> frozenset[str]:
    """Categories that only one whole number falls into (Arabic `zero`, Hebrew `two`): their text
    may write the number in words instead of `{count}`."""
    rule = Locale.parse(lang.replace("-", "_")).plural_form
    seen: dict[str, set[int]] = {}
    for n in SAMPLE:
        seen.setdefault(rule(n), set()).add(n)
    return frozenset(cat for cat, counts in seen.items() if len(counts) == 1)


def problems(lang: str, strings: dict[str, Any], english: dict[str, Any]) -> list[str]:
    """What is wrong with one language's strings against the English ones, one line each."""
    out: list[str] = []
    missing = [key for key in english if key not in strings]
    if missing:
        out.append(f"missing keys (translate them): {', '.join(missing)}")
    extra = [key for key in strings if key not in english]
    if extra:
        out.append(f"keys en.yaml does not have: {', '.join(extra)}")
    for key, value in strings.items():
        if key in english:
            out += [f"{key}: {p}" for p in entry_problems(lang, value, english[key])]
    return out


def entry_problems(lang: str, value: Any, english: Any) -> list[str]:
    if isinstance(english, dict):
        if not isinstance(value, dict):
            return ["en.yaml has plural forms here: give them as {one: ..., other: ...}"]
        return plural_problems(lang, value, english)
    if not isinstance(value, str):
        return [f"expected a string, got {type(value).__name__}"]
    return placeholder_problems(value, set().union(fields(english)), allow_no_count=False)


def plural_problems(lang: str, forms: dict[str, Any], english: dict[str, Any]) -> list[str]:
    out: list[str] = []
    unknown = sorted(set(forms) - CATEGORIES)
    if unknown:
        out.append(f"not CLDR plural categories: {', '.join(map(str, unknown))}")
    lacking = sorted(required(lang) - set(forms))
    if lacking:
        out.append(f"lacks the plural forms {', '.join(lacking)} (CLDR rules for {lang})")
    wanted = set().union(*(fields(str(text)) for text in english.values()))
    for category, text in forms.items():
        if not isinstance(text, str):
            out.append(f"{category}: expected a string, got {type(text).__name__}")
            continue
        allow = category in single_number(lang)
        out += [f"{category}: {p}" for p in placeholder_problems(text, wanted, allow)]
    return out


def placeholder_problems(text: str, wanted: set[str], allow_no_count: bool) -> list[str]:
    try:
        have = fields(text)
    except ValueError as exc:
        return [f"not a valid format string ({exc}): {text!r}"]
    if allow_no_count:
        wanted = wanted - {"count"}
        have = have - {"count"}
    if have != wanted:
        show = ", ".join(f"{{{name}}}" for name in sorted(wanted)) or "none"
        return [f"placeholders must be {show}: {text!r}"]
    return []


LANGS = sorted(path.stem for path in I18N.glob("*.yaml"))


def test_the_theme_ships_at_least_26_languages() -> None:
    assert len(LANGS) >= 26, LANGS
    for lang in LANGS:
        Locale.parse(lang.replace("-", "_"))  # a language Babel knows (plural rules, dates)


@pytest.mark.parametrize("lang", LANGS)
def test_language_file_matches_english(lang: str) -> None:
    english = load(I18N / "en.yaml")
    found = problems(lang, load(I18N / f"{lang}.yaml"), english)
    assert not found, f"{lang}.yaml:\n  " + "\n  ".join(found)


# -- the checks themselves ----------------------------------------------------------------------

ENGLISH = {
    "words": {"one": "{count} word", "other": "{count} words"},
    "series_part": "Part {index} of {total}",
    "home": "Home",
}


def test_a_missing_and_an_extra_key_are_named() -> None:
    found = problems("de", {"words": ENGLISH["words"], "home": "Start", "homer": "x"}, ENGLISH)
    assert found == [
        "missing keys (translate them): series_part",
        "keys en.yaml does not have: homer",
    ]


def test_different_placeholders_are_reported() -> None:
    strings = {**ENGLISH, "series_part": "Teil {index} von {totl}"}
    assert problems("de", strings, ENGLISH) == [
        "series_part: placeholders must be {index}, {total}: 'Teil {index} von {totl}'"
    ]
    strings = {**ENGLISH, "home": "Start {page}"}
    assert problems("de", strings, ENGLISH) == ["home: placeholders must be none: 'Start {page}'"]


def test_a_broken_format_string_is_reported() -> None:
    strings = {**ENGLISH, "series_part": "Teil {index von {total}"}
    [problem] = problems("de", strings, ENGLISH)
    assert problem.startswith("series_part: not a valid format string")


def test_a_plural_category_babel_needs_is_required() -> None:
    russian = {**ENGLISH, "words": {"one": "{count} слово", "other": "{count} слова"}}
    assert problems("ru", russian, ENGLISH) == [
        "words: lacks the plural forms few, many (CLDR rules for ru)"
    ]
    japanese = {**ENGLISH, "words": {"other": "{count}語"}}
    assert problems("ja", japanese, ENGLISH) == []


def test_plural_forms_must_stay_plural_forms() -> None:
    assert problems("ja", {**ENGLISH, "words": "{count}語"}, ENGLISH) == [
        "words: en.yaml has plural forms here: give them as {one: ..., other: ...}"
    ]
    forms = {"one": "{count} Wort", "plural": "{count} Wörter", "other": "{count} Wörter"}
    assert problems("de", {**ENGLISH, "words": forms}, ENGLISH) == [
        "words: not CLDR plural categories: plural"
    ]


def test_count_may_be_spelled_out_only_where_one_number_is_meant() -> None:
    # Hebrew `one` is exactly 1: "מילה אחת" needs no {count}
    hebrew = {"one": "מילה אחת", "two": "שתי מילים", "other": "{count} מילים"}
    assert problems("he", {**ENGLISH, "words": hebrew}, ENGLISH) == []
    # Russian `one` is also 21, 31...: the number must be shown
    russian = {"one": "одно слово", "few": "{count} слова", "many": "{count} слов",
               "other": "{count} слова"}  # fmt: skip
    assert problems("ru", {**ENGLISH, "words": russian}, ENGLISH) == [
        "words: one: placeholders must be {count}: 'одно слово'"
    ]
