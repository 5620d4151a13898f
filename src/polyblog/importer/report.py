"""The import report: what became of every Hugo key and shortcode, at its file and line.

One `Entry` per key: mapped (to which of ours), approximated (what differs), dropped (why).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum

from polyblog.errors import SourcePos


class Status(Enum):
    MAPPED = "mapped"
    APPROXIMATED = "approximated"
    DROPPED = "dropped"
    TRANSLATED = "translated"  # a shortcode template, translated completely
    STUBBED = "stubbed"  # a shortcode template, translated in part (see its problems)
    KEPT = "kept"  # a file that exists already and was not replaced


@dataclass(frozen=True, slots=True)
class Entry:
    status: Status
    key: str  # the Hugo key as written (`languages.en.params.dateFormat`), or a file
    pos: SourcePos | None  # None: not set in the Hugo site (Hugo's default applies)
    target: str = ""  # what it became in blog.yaml (`languages.en.date_format`)
    note: str = ""

    def __str__(self) -> str:
        where = str(self.pos) if self.pos else "(not set)"
        text = f"{where}: {self.status.value}: {self.key}"
        if self.status is Status.DROPPED or not self.target:
            return text + (f": {self.note}" if self.note else "")
        text += f" -> {self.target}"
        return text + (f" ({self.note})" if self.note else "")


def ordered(entries: Sequence[Entry], files: Sequence[str]) -> list[Entry]:
    """Entries in the order the files were read, then by line; unset keys last."""
    rank = {name: n for n, name in enumerate(files)}

    def key(item: tuple[int, Entry]) -> tuple[int, int, str, int, int]:
        index, entry = item
        if entry.pos is None:
            return (2, 0, "", 0, index)
        path = entry.pos.path
        return (0 if path in rank else 1, rank.get(path, 0), path, entry.pos.line, index)

    return [entry for _, entry in sorted(enumerate(entries), key=key)]


def summary(entries: Sequence[Entry]) -> str:
    counts = Counter(entry.status for entry in entries)
    keys = ", ".join(
        f"{counts[s]} {s.value}" for s in (Status.MAPPED, Status.APPROXIMATED, Status.DROPPED)
    )
    shortcodes = [s for s in (Status.TRANSLATED, Status.STUBBED, Status.KEPT) if counts[s]]
    tail = "; shortcodes: " + ", ".join(f"{counts[s]} {s.value}" for s in shortcodes)
    return keys + (tail if shortcodes else "")
