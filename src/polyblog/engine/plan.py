"""The render plan: which parts of the pages an update renders. A part (`Unit`) is a page, one
of its pagers or its feed; each kept part's record says which output files it made and what it
read. An update renders the parts of pages whose model changed (new parts, parts gone) and every
part that read something that changed; a full render renders them all. Pure.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass

from polyblog.engine.state import Unit
from polyblog.render.pages import Part
from polyblog.render.views import Read
from polyblog.site import PageKey, Site


@dataclass(frozen=True)
class UnitRecord:
    """A rendered part: the files it made, what it read."""

    files: tuple[str, ...]
    reads: frozenset[Read]


@dataclass(frozen=True, slots=True)
class Previous:
    """The parts of the last render: their records (what each read), its model."""

    site: Site
    units: Mapping[Unit, UnitRecord]


@dataclass(frozen=True, slots=True)
class RenderPlan:
    units: dict[Unit, UnitRecord]  # the parts kept as they are
    todo: list[Unit]  # the parts to render, in order
    removed: set[Unit]  # parts of the last render that are gone


def plan_parts(
    site: Site,
    parts_of: Callable[[PageKey], Iterable[Part]],
    previous: Previous | None,
    changed_pages: Collection[PageKey],
    changed_reads: Iterable[Read],
    everything: bool,
) -> RenderPlan:
    """The parts to render for `site`: with `everything` (or no previous render), all of them
    (a previous part is kept only when not `everything`); else the parts of `changed_pages`
    that are new, and the kept parts that read one of `changed_reads`."""
    units: dict[Unit, UnitRecord]
    todo: list[Unit] = []
    removed: set[Unit] = set()
    if not everything and previous is not None:
        old_site = previous.site
        units = dict(previous.units)
        for key in sorted(changed_pages):
            old_pagers = range(1, len(old_site.pagers.get(key, ())) + 1)
            old_parts = [p for p in ("page", "feed", *old_pagers) if (key, p) in units]
            new_parts = list(parts_of(key)) if key in site.pages else []
            for part in old_parts:
                if part not in new_parts:
                    removed.add((key, part))
                    del units[(key, part)]
            todo += [(key, part) for part in new_parts if (key, part) not in units]
        # a scan, not an index of who read what: a set test per part is cheaper than keeping,
        # saving and loading an index of every read
        changed = frozenset(changed_reads)
        stale = [u for u, record in units.items() if not record.reads.isdisjoint(changed)]
        todo += sorted(stale, key=unit_order)
        return RenderPlan(units, todo, removed)
    units = {}
    for key in site.pages:
        for part in parts_of(key):
            unit = (key, part)
            record = previous.units.get(unit) if previous else None
            if record is not None and not everything:
                units[unit] = record
            else:
                todo.append(unit)
    removed = set(previous.units) - set(units) if previous else set()
    return RenderPlan(units, todo, removed)


def unit_order(unit: Unit) -> tuple[str, str]:
    """Parts in a stable order: by page, then pagers by number."""
    key, part = unit
    return key, f"{part:08d}" if isinstance(part, int) else str(part)
