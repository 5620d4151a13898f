"""The engine and the persistent cache: resume a `Session` from its saved entry, or save it.

An entry has three parts. `KEY-head`: the input snapshot, the output stats, the warnings, the
page counts and the compiled templates, enough to see that nothing changed. `KEY-model`, the
base: the model, the bodies and what every part read, as some earlier build saved them.
`KEY-delta`: the engine now, where every page, body, part record, source and link-check result
that the base holds already is only its number there (`shared_objects`). A build that changed
one post writes the small delta, not the whole model again; the base is written anew when the
delta has grown to a quarter of it. The model parts are read only when something must be
rendered.
"""

from __future__ import annotations

import dataclasses
import os
import pickle
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from polyblog.engine.session import Resume, Session
from polyblog.engine.store import DEFAULT_NAME, CacheMiss, Store, WithRefs, entry_name
from polyblog.errors import BlogError, Warning_
from polyblog.output import Ledger
from polyblog.render.env import COMPILED

_UNUSABLE = (ValueError, KeyError, TypeError, AttributeError, IndexError)


GROWN = 4  # a new base when the delta is this fraction of it (1/4)


@dataclass(slots=True)
class Base:
    """The base part of the entry that this session read or wrote."""

    token: str
    objects: list[object]  # `shared_objects` of it
    refs: dict[int, int]  # id of each of them -> its number
    size: int  # bytes of the base
    delta: int = 0  # bytes of the last delta written against it


def shared_objects(body: Mapping[str, Any]) -> list[object]:
    """The immutable values of a saved engine that a delta refers to by number, in an order
    that depends only on the body (dicts keep their order through pickling): pages and
    pagers, bodies and their reads, part records, sources, read cache and assembly memo
    entries, the theme's strings, the page-reference index, link-check results."""
    model = body["model"]
    objects: list[object] = [*model.site.pages.values(), *model.site.pagers.values()]
    objects += model.bodies.values()
    objects += model.body_reads.values()
    objects += model.units.values()
    objects += body.get("content") or ()
    objects += body["cache"].values()
    objects += body["memo"].values()
    objects += [body[name] for name in ("theme", "refs") if body.get(name) is not None]
    checked = getattr(body.get("inspected"), "pages", None)  # `blog build`'s link memo
    if isinstance(checked, dict):
        objects += checked.values()
    return objects


def _lean(model: Any) -> Any:
    """The model without what an update changes in place: the claimed files, the ledger."""
    return dataclasses.replace(model, claimed={}, ledger=Ledger())


def _base(token: str, objects: list[object], size: int = 0, delta: int = 0) -> Base:
    refs = {id(obj): number for number, obj in enumerate(objects)}
    return Base(token, objects, refs, size, delta)


def _size(store: Store, name: str) -> int:
    try:
        return store.entry_path(name).stat().st_size
    except OSError:
        return 0


@dataclass(frozen=True, slots=True)
class Resumed:
    resume: Resume
    loaded: bool  # the model was loaded into the session (False: nothing to do)


def cache_store(
    source: Path, folder: Path | None, enabled: bool, warnings: list[Warning_]
) -> Store | None:
    """The cache folder, unless disabled; a default one that leaves the site is not used."""
    if not enabled:
        return None
    if folder is not None:
        return Store(folder.resolve())
    default = source / DEFAULT_NAME
    if default.is_symlink() or (default.exists() and not default.resolve().is_relative_to(source)):
        warnings.append(
            Warning_(
                f"cache: {DEFAULT_NAME} points outside the site folder; building without the "
                "cache (use --cache-dir)"
            )
        )
        return None
    return Store(default)


def session_key(session: Session) -> str:
    """One entry per kind of build: the site, the options, the base URL, live reload and
    relative URLs (not the destination: a build elsewhere reuses the bodies)."""
    options = session.options
    return entry_name(
        str(session.source),
        (options.drafts, options.future, options.expired),
        session.base_url,
        session.live_reload,
        session.relative_urls,
    )


def resume(
    session: Session, store: Store, warnings: list[Warning_], *, model: bool = False
) -> Resumed | None:
    """Restore `session` from the cache, or None (said once as a warning unless there was
    simply no cache yet). When nothing changed, the model is not even read, unless `model`
    (`blog serve` goes on from it)."""
    key = session_key(session)
    try:
        head = store.load(f"{key}-head")
        state = session.check_head(head)
        COMPILED.adopt(head.get("templates"))
        if state.nothing_to_do and not model:
            return Resumed(state, loaded=False)
        base = store.load(f"{key}-model")
        if base.get("token") != head.get("base"):
            raise ValueError("the base is not the one the head describes")
        objects = shared_objects(base["body"])
        delta = store.load(f"{key}-delta", shared=objects)
        if delta.get("token") != head.get("token"):
            raise ValueError("the model is not the one the head describes")
        body = delta["body"]
        claimed, ledger = pickle.loads(delta["own"])
        model = dataclasses.replace(body["model"], claimed=claimed, ledger=ledger)
        session.restore({**body, "model": model}, state)
        sizes = _size(store, f"{key}-model"), _size(store, f"{key}-delta")
        session.entry_base = _base(base["token"], objects, *sizes)
    except CacheMiss as miss:
        if not miss.quiet:
            warnings.append(Warning_(f"cache: {miss.reason}; building everything"))
        session.reset()
        return None
    except _UNUSABLE as exc:
        warnings.append(Warning_(f"cache: unusable entry ({exc}); building everything"))
        session.reset()
        return None
    return Resumed(state, loaded=True)


def save(session: Session, store: Store, warnings: list[Warning_], **extra: object) -> None:
    """Save the session (after the output was published); `extra` goes into the head."""
    key = session_key(session)
    session.record_outputs()
    head, body = session.export()
    head.update(extra)
    head["templates"] = COMPILED.export()
    entries: dict[str, Any] = {}
    model = body["model"]
    lean = dict(body, model=_lean(model))
    base = session.entry_base if isinstance(session.entry_base, Base) else None
    if base is None or base.delta * GROWN > base.size:
        base = _base(os.urandom(8).hex(), shared_objects(lean))
        entries[f"{key}-model"] = {"token": base.token, "body": lean}
    token = os.urandom(8).hex()  # a head loads only its own delta, a delta its own base
    # what changes in place goes into the delta only, pickled apart: none of it is in the base
    # (the pickler would look up each of its many small objects there)
    own = pickle.dumps((model.claimed, model.ledger), pickle.HIGHEST_PROTOCOL)
    entries[f"{key}-delta"] = WithRefs({"token": token, "body": lean, "own": own}, base.refs)
    head["token"], head["base"] = token, base.token
    entries[f"{key}-head"] = head  # last: the parts it names are in place before it
    try:
        store.save(entries)
    except BlogError as exc:  # a full disk must not fail a build that succeeded
        warnings.append(Warning_(exc.message))
        session.entry_base = None
        return
    base.size, base.delta = _size(store, f"{key}-model"), _size(store, f"{key}-delta")
    session.entry_base = base


def touch(session: Session, store: Store) -> None:
    """Mark the entry as used (the most recently used are kept)."""
    key = session_key(session)
    for part in ("head", "delta", "model"):
        store.touch(f"{key}-{part}")
