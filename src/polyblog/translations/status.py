"""Which languages each page exists in, which are missing, and which translations are stale.

A translation is stale when its original changed after it: exactly, when the translation pins
the original's content hash (`translation_of`); else by the git history or file times.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

from polyblog.config import Config, load_config
from polyblog.content import load_content
from polyblog.content.model import SourceKind, SourcePage
from polyblog.errors import ErrorList
from polyblog.site.assemble import regular_translation_group
from polyblog.site.inherit import Inheritance, inherit_front_matter
from polyblog.site.inherit import original_of as site_original_of
from polyblog.site.paths import PathRules
from polyblog.translations.explain import StaleChange, explain
from polyblog.translations.history import FileHistory
from polyblog.translations.textdiff import PIN_KEY, text_hash

__all__ = [
    "PIN_KEY",
    "PageStatus",
    "Translation",
    "TranslationReport",
    "content_hash",
    "original_of",
    "page_name",
    "translation_groups",
    "translation_report",
]


def content_hash(page: SourcePage) -> str:
    """What a translation is a translation of: title, description, summary and body (not
    dates, tags or draft), as 12 hex digits of SHA-256."""
    return text_hash(page.title, page.description, page.summary or "", page.body)


@dataclass(frozen=True, slots=True, kw_only=True)
class Translation:
    lang: str
    path: str
    draft: bool
    stale: bool
    method: str  # "pin", "git" or "mtime"
    pinned: str | None  # the `translation_of` value, if any
    reason: str  # why it is stale, in words (or "")
    change: StaleChange | None = None  # the same, as data
    # `translations.inherit`: front-matter key -> the value taken from the original
    inherited: Mapping[str, object] = field(default_factory=dict)


@dataclass(frozen=True, slots=True, kw_only=True)
class PageStatus:
    page: str  # the original's path in its content folder: posts/x
    original_lang: str
    original_path: str
    original_hash: str
    translations: tuple[Translation, ...]
    missing: tuple[str, ...]

    @property
    def stale(self) -> tuple[str, ...]:
        return tuple(t.lang for t in self.translations if t.stale)


@dataclass(frozen=True, slots=True, kw_only=True)
class TranslationReport:
    languages: tuple[str, ...]
    pages: tuple[PageStatus, ...]
    method: str  # how staleness was decided without a pin: "git" or "mtime"

    def only(self, lang: str) -> TranslationReport:
        """The report for one language: pages whose original is in another language."""
        pages = []
        for status in self.pages:
            if status.original_lang == lang:
                continue
            pages.append(
                PageStatus(
                    page=status.page,
                    original_lang=status.original_lang,
                    original_path=status.original_path,
                    original_hash=status.original_hash,
                    translations=tuple(t for t in status.translations if t.lang == lang),
                    missing=tuple(m for m in status.missing if m == lang),
                )
            )
        return TranslationReport(languages=(lang,), pages=tuple(pages), method=self.method)


def page_name(page: SourcePage) -> str:
    logical = page.logical.removesuffix(".md")
    return logical.removesuffix("/index") if page.is_leaf_bundle else logical


def translation_groups(config: Config, pages: list[SourcePage]) -> list[list[SourcePage]]:
    """Regular pages grouped as the site links them (translationKey, else the same path), each
    group in language order."""
    order = {code: i for i, code in enumerate(config.lang_codes)}
    groups: dict[str, list[SourcePage]] = defaultdict(list)
    for page in pages:
        if page.kind is SourceKind.PAGE:
            groups[regular_translation_group(page)].append(page)
    return [sorted(g, key=lambda p: order.get(p.lang, len(order))) for g in groups.values()]


def translation_report(source: Path) -> TranslationReport:
    config = load_config(source)
    content = load_content(config)
    if content.errors:
        raise ErrorList(list(content.errors))
    groups = translation_groups(config, list(content.pages))
    history = FileHistory(config.root, [p.path for g in groups for p in g])
    zone = ZoneInfo(config.timezone)
    inherited = inherit_front_matter(
        config, content.pages, regular_translation_group, PathRules(config).term_key
    )
    statuses = [_status(config, group, history, zone, inherited) for group in groups]
    statuses.sort(key=lambda s: s.page)
    return TranslationReport(
        languages=config.lang_codes, pages=tuple(statuses), method=history.method
    )


def original_of(config: Config, group: list[SourcePage]) -> SourcePage:
    """The default language's version, else the first language's (the rule inherited front
    matter follows)."""
    return site_original_of(config, group)


def _status(
    config: Config,
    group: list[SourcePage],
    history: FileHistory,
    zone: ZoneInfo,
    inherited: Mapping[str, Inheritance],
) -> PageStatus:
    original = original_of(config, group)
    digest = content_hash(original)
    changed = history.stamp(original.path)
    translations = []
    for page in group:
        if page is original:
            continue
        pin = page.params.get(PIN_KEY)
        pinned = None if pin is None else str(pin)
        if pinned is not None:
            stale = pinned != digest
            method = "pin"
        else:
            stale = changed.newer_than(history.stamp(page.path))
            method = history.method
        change = None
        if stale:
            change = explain(original, page, pinned, history, config.taxonomies, zone)
        translations.append(
            Translation(
                lang=page.lang,
                path=page.path,
                draft=page.draft,
                stale=stale,
                method=method,
                pinned=pinned,
                reason=change.text if change else "",
                change=change,
                inherited=inherited[page.path].values if page.path in inherited else {},
            )
        )
    present = {p.lang for p in group}
    return PageStatus(
        page=page_name(original),
        original_lang=original.lang,
        original_path=original.path,
        original_hash=digest,
        translations=tuple(translations),
        missing=tuple(code for code in config.lang_codes if code not in present),
    )
