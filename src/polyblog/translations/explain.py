"""Why a translation is stale, in words: which original changed, when (against when the
translation was pinned or last changed), and what changed, from the git history when it has
the earlier text."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from polyblog.content.model import SourcePage
from polyblog.translations.history import FileHistory, Stamp
from polyblog.translations.textdiff import PageText, TextDiff, compare

MAX_VERSIONS = 200  # commits of one file searched for the pinned text


@dataclass(frozen=True, slots=True, kw_only=True)
class StaleChange:
    original: str
    changed_at: datetime | None  # the first change after the translation's version
    commit: str  # that change's commit ("" when not committed or not known)
    changes: int  # changes of the original since the translation's version (0: not known)
    translated_at: datetime | None  # when the translation was pinned (or last changed)
    event: str  # "pinned" or "changed": what happened to the translation at translated_at
    diff: TextDiff | None  # None: the earlier text is not available
    text: str  # the whole explanation, in words

    def as_data(self) -> dict[str, Any]:
        return {
            "original": self.original,
            "changed": self.changed_at.date().isoformat() if self.changed_at else None,
            "changed_at": self.changed_at.isoformat() if self.changed_at else None,
            "commit": self.commit or None,
            "changes": self.changes or None,
            "translation": {
                "event": self.event,
                "date": self.translated_at.date().isoformat() if self.translated_at else None,
                "at": self.translated_at.isoformat() if self.translated_at else None,
            },
            "days_after": _days(self.changed_at, self.translated_at),
            "known": self.diff is not None,
            "diff": self.diff.as_data() if self.diff else None,
            "text": self.text,
        }


def explain(
    original: SourcePage,
    translation: SourcePage,
    pin: str | None,
    history: FileHistory,
    taxonomies: tuple[str, ...],
    zone: ZoneInfo,
) -> StaleChange:
    """Why `translation` is stale: found by its pin, else by the history or file times."""
    explainer = _Explainer(original, translation, history, taxonomies, zone)
    if history.method != "git":
        return explainer.without_git(pin)
    return explainer.pinned(pin) if pin is not None else explainer.by_history()


class _Explainer:
    def __init__(
        self,
        original: SourcePage,
        translation: SourcePage,
        history: FileHistory,
        taxonomies: tuple[str, ...],
        zone: ZoneInfo,
    ) -> None:
        self.original = original
        self.translation = translation
        self.history = history
        self.taxonomies = taxonomies
        self.zone = zone
        self.now = PageText.of(original)

    def _when(self, stamp: Stamp) -> datetime:
        return datetime.fromtimestamp(stamp.when, self.zone)

    def _versions(self, rel: str) -> list[tuple[Stamp, PageText | None]]:
        commits = self.history.log.get(rel, [])[:MAX_VERSIONS]
        texts = self.history.texts(rel, commits)
        return [
            (c, PageText.parse(t, rel, self.taxonomies) if t is not None else None)
            for c, t in zip(commits, texts, strict=True)
        ]

    def pinned(self, pin: str) -> StaleChange:
        path = self.original.path
        versions = self._versions(path)
        found = next((i for i, (_, t) in enumerate(versions) if t and t.hash == pin), None)
        translated_at = self._pinned_at(pin)
        if found is None:
            stamp = self.history.stamp(path)
            last = f"last on {self._day(stamp)}{', not committed' if stamp.uncommitted else ''}"
            return self._make(
                head=f"{path} changed since this translation was pinned ({last})",
                what=f"no version of it in the git history has the pinned text ({pin}), so "
                "what changed is unknown",
                changed_at=self._when(stamp),
                commit="" if stamp.uncommitted else stamp.commit,
                translated_at=translated_at,
                event="pinned",
            )
        base = versions[found][1]
        assert base is not None
        newer = [stamp for stamp, _ in versions[:found]]
        head = versions[0][1]
        edited_now = path in self.history.dirty and (head is None or head.hash != self.now.hash)
        first = newer[-1] if newer else self.history.stamp(path)
        changes = len(newer) + (1 if edited_now else 0)
        return self._changed(first, changes, translated_at, "pinned", compare(base, self.now))

    def _pinned_at(self, pin: str) -> datetime | None:
        """When the translation got its pin: the oldest of its latest commits that all have it
        (its modification time when the pin is not committed yet)."""
        rel = self.translation.path
        versions = self._versions(rel)
        head = versions[0][1] if versions else None
        if head is None or (rel in self.history.dirty and head.pin != pin):
            return self._when(self.history.stamp(rel))
        when = None
        for stamp, text in versions:
            if text is None or text.pin != pin:
                break
            when = self._when(stamp)
        return when

    def by_history(self) -> StaleChange:
        mine = self.history.stamp(self.translation.path)
        path = self.original.path
        versions = self._versions(path)
        if mine.uncommitted:  # both edited in the worktree: against the original's last commit
            older, newer = versions[:1], []
        else:
            older = [(s, t) for s, t in versions if s.order <= mine.order]
            newer = [s for s, _ in versions if s.order > mine.order]
        first = newer[-1] if newer else self.history.stamp(path)
        base = older[0][1] if older else None
        changes = len(newer) + (1 if path in self.history.dirty else 0)
        diff = compare(base, self.now) if base is not None else None
        return self._changed(first, changes, self._when(mine), "changed", diff)

    def _changed(
        self,
        first: Stamp,
        changes: int,
        translated_at: datetime | None,
        event: str,
        diff: TextDiff | None,
    ) -> StaleChange:
        changed_at = self._when(first)
        notes = [_relative(changed_at, translated_at, event)] if translated_at else []
        if changes > 1:
            notes.append(f"{changes - 1} more {'change' if changes == 2 else 'changes'} since")
        head = f"{self.original.path} changed on {self._day(first)}"
        if first.uncommitted:
            head += ", not committed"
        if notes:
            head += f" ({'; '.join(notes)})"
        unknown = "its earlier text is not in the git history, so what changed is unknown"
        return self._make(
            head=head,
            what=diff.words() if diff is not None else unknown,
            changed_at=changed_at,
            commit="" if first.uncommitted else first.commit,
            translated_at=translated_at,
            event=event,
            changes=changes,
            diff=diff,
        )

    def without_git(self, pin: str | None) -> StaleChange:
        path = self.original.path
        changed = self.history.stamp(path)
        unknown = "without git history, what changed is unknown"
        if pin is not None:
            return self._make(
                head=f"{path} changed since this translation was pinned (modified on "
                f"{self._day(changed)})",
                what=unknown,
                changed_at=self._when(changed),
                commit="",
                translated_at=None,
                event="pinned",
            )
        mine = self.history.stamp(self.translation.path)
        translated_at = self._when(mine)
        relative = _relative(self._when(changed), translated_at, "changed")
        return self._make(
            head=f"{path} was modified on {self._day(changed)} ({relative})",
            what=unknown,
            changed_at=self._when(changed),
            commit="",
            translated_at=translated_at,
            event="changed",
        )

    def _day(self, stamp: Stamp) -> str:
        return self._when(stamp).date().isoformat()

    def _make(
        self,
        *,
        head: str,
        what: str,
        changed_at: datetime | None,
        commit: str,
        translated_at: datetime | None,
        event: str,
        changes: int = 0,
        diff: TextDiff | None = None,
    ) -> StaleChange:
        return StaleChange(
            original=self.original.path,
            changed_at=changed_at,
            commit=commit,
            changes=changes,
            translated_at=translated_at,
            event=event,
            diff=diff,
            text=f"{head}: {what}",
        )


def _days(later: datetime | None, earlier: datetime | None) -> int | None:
    if later is None or earlier is None:
        return None
    return (later.date() - earlier.date()).days


def _relative(changed_at: datetime | None, translated_at: datetime, event: str) -> str:
    """`3 days after this translation was pinned` (or `last changed`)."""
    days = _days(changed_at, translated_at)
    what = "this translation was " + ("pinned" if event == "pinned" else "last changed")
    if days is None:
        return f"{what} on {translated_at.date().isoformat()}"
    if days == 0:
        return f"the same day {what}"
    if days < 0:
        n = -days
        return f"{n} {'day' if n == 1 else 'days'} before {what}, to an older text"
    return f"{days} {'day' if days == 1 else 'days'} after {what}"
