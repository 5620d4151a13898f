"""Inherited front matter (`translations.inherit`): what a translation that leaves out `date`,
`tags`, `series`, `images`... takes from its original. Pure; one rule for the site and the report.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime

from polyblog.config import Config
from polyblog.content.model import SourceKind, SourcePage
from polyblog.site.model import INHERITED_PARAMS

GroupOf = Callable[[SourcePage], str]  # the site's translation rule (`regular_translation_group`)
TermKey = Callable[[str], str]  # a term as written -> its URL key (`PathRules.term_key`)


@dataclass(frozen=True, slots=True, kw_only=True)
class Inheritance:
    """One translation's inherited values. `written` is the file as written, `effective` the
    same page as if it had written the inherited values itself."""

    original: str  # the original's file: content/posts/x/index.md
    values: Mapping[str, object]  # front-matter key -> the value taken (terms as tuples)
    written: SourcePage
    effective: SourcePage


def original_of(config: Config, group: list[SourcePage]) -> SourcePage:
    """The original of a translation group: the default language's version, else the version
    in the first language of `blog.yaml` (the group in any order)."""
    order = {code: i for i, code in enumerate(config.lang_codes)}
    ranked = sorted(group, key=lambda p: (p.lang != config.default_language, order.get(p.lang, 99)))
    return ranked[0]


def inherit_front_matter(
    config: Config, sources: Iterable[SourcePage], group_of: GroupOf, term_key: TermKey
) -> dict[str, Inheritance]:
    """Translations (regular pages) that inherit something, by file path."""
    keys = config.translations.inherit
    if not keys:
        return {}
    groups: dict[str, list[SourcePage]] = defaultdict(list)
    for src in sources:
        if src.kind is SourceKind.PAGE:
            groups[group_of(src)].append(src)
    terms = _TermMap(config, term_key)
    out: dict[str, Inheritance] = {}
    for group in groups.values():
        if len(group) < 2:
            continue
        original = original_of(config, group)
        for page in group:
            if page.lang == original.lang:
                continue
            done = _inherit(page, original, keys, terms)
            if done is not None:
                out[page.path] = done
    return out


def _inherit(
    page: SourcePage, original: SourcePage, keys: tuple[str, ...], terms: _TermMap
) -> Inheritance | None:
    values: dict[str, object] = {}
    changes: dict[str, object] = {}
    own = page.key_lines
    if "date" in keys and "date" not in own and original.date is not None:
        values["date"] = original.date
        changes.update(_dates(page, original.date))
    if "weight" in keys and "weight" not in own and "weight" in original.key_lines:
        values["weight"] = changes["weight"] = original.weight
    taken: dict[str, tuple[str, ...]] = {}
    for tax in page_taxonomies(keys, original, page):
        names = terms.translate(original.terms[tax], tax, original.lang, page.lang)
        if names:
            values[tax.lower()] = taken[tax] = names
    if taken:
        changes["terms"] = {**page.terms, **taken}
    if "series" in keys and "series_order" not in own and original.series_order is not None:
        values["series_order"] = changes["series_order"] = original.series_order
    params: dict[str, object] = {}
    for key in INHERITED_PARAMS:
        if key in keys and _param(page, key) is None:
            value = _param(original, key)
            if value is not None:
                values[key] = params[key] = value
    if params:
        changes["params"] = {**page.params, **params}
    if not values:
        return None
    return Inheritance(
        original=original.path,
        values=values,
        written=page,
        effective=replace(page, **changes),  # type: ignore[arg-type]
    )


def page_taxonomies(keys: tuple[str, ...], original: SourcePage, page: SourcePage) -> list[str]:
    """The taxonomies (as configured) the page takes from the original: inherited, set in the
    original, not in the page (an empty list in the page is a value: it wins)."""
    return [tax for tax in original.terms if tax.lower() in keys and tax not in page.terms]


def _dates(page: SourcePage, date: datetime) -> dict[str, object]:
    """The page's dates once `date` is inherited, by the rules of a page that wrote it:
    `publishDate` and `lastmod` default to `date` unless the page sets them."""
    own = page.key_lines
    publish = page.publish_date if "publishdate" in own else None
    lastmod = page.lastmod if "lastmod" in own else None
    return {"date": date, "publish_date": publish or date, "lastmod": lastmod or date}


def _param(page: SourcePage, key: str) -> object | None:
    for name, value in page.params.items():
        if name.lower() == key and value is not None:
            return value
    return None


class _TermMap:
    """`terms:` in blog.yaml: an inherited term becomes the same term in the page's language."""

    def __init__(self, config: Config, term_key: TermKey) -> None:
        self.default = config.default_language
        self.key = term_key
        self.to_default: dict[tuple[str, str, str], str] = {}  # (tax, lang, key) -> term
        self.from_default: dict[tuple[str, str, str], str] = {}  # (tax, key, lang) -> term
        for entry in config.term_translations:
            tax = entry.taxonomy.lower()
            self.to_default[(tax, entry.lang, term_key(entry.translated))] = entry.term
            self.from_default[(tax, term_key(entry.term), entry.lang)] = entry.translated

    def translate(
        self, names: tuple[str, ...], tax: str, src_lang: str, lang: str
    ) -> tuple[str, ...]:
        out: list[str] = []
        for name in names:
            tax_l = tax.lower()
            canon = name
            if src_lang != self.default:
                canon = self.to_default.get((tax_l, src_lang, self.key(name)), name)
            if lang != self.default:
                canon = self.from_default.get((tax_l, self.key(canon), lang), canon)
            out.append(canon)
        return tuple(out)
