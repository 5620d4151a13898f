"""Untranslated posts (`translations.untranslated: show`): which posts of other languages a
language lists, and in which of its term lists. Pure; `assemble` puts them in the lists.
"""

from __future__ import annotations

from collections.abc import Mapping

from polyblog.config import Config
from polyblog.site.model import Page, PageKey, PageKind, page_key, term_ident


def shown_untranslated(config: Config, pages: Mapping[PageKey, Page]) -> dict[str, list[PageKey]]:
    """For each language set to `show`, the regular pages it has no version of, one per
    translation group: the default language's version, else the first language's (`blog.yaml`
    order). Translations must be linked already."""
    showing = [c for c in config.lang_codes if config.translations.untranslated_in(c) == "show"]
    out: dict[str, list[PageKey]] = {code: [] for code in showing}
    if not showing:
        return out
    order = {code: i for i, code in enumerate(config.lang_codes)}

    def rank(page: Page) -> tuple[bool, int]:
        return (page.lang != config.default_language, order[page.lang])

    for page in pages.values():
        if page.kind is not PageKind.PAGE:
            continue
        members = [page, *(pages[k] for k in page.translations)]
        if min(members, key=rank) is not page:
            continue  # another version stands for the group
        present = {p.lang for p in members}
        for code in showing:
            if code not in present:
                out[code].append(page.key)
    return out


def term_places(page: Page, lang: str, pages: Mapping[PageKey, Page]) -> list[tuple[str, str]]:
    """The term lists of `lang` that list `page`, a post of another language: for each of its
    terms, that term's page in `lang` (the same term, or its translation from `terms:` in
    blog.yaml) when `lang` has it. No term page is made for it: (taxonomy, term key) pairs."""
    out: list[tuple[str, str]] = []
    for ref in page.terms:
        own = pages.get(page_key(page.lang, PageKind.TERM, term_ident(ref.taxonomy, ref.key)))
        if own is None:
            continue
        for key in own.translations:
            other = pages[key]
            if other.lang == lang:
                out.append((other.taxonomy, other.term))
    return list(dict.fromkeys(out))  # two terms may translate to one
