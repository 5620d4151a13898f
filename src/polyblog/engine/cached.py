"""The engine and the persistent cache: resume a `Session` from its saved entry, or save it.

An entry has two parts: `KEY-head` (the input snapshot, the output stats, the warnings and the
page counts: enough to see that nothing changed) and `KEY-model` (the model, the bodies, what
every part read), read only when something must be rendered.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from polyblog.engine.session import Resume, Session
from polyblog.engine.store import DEFAULT_NAME, CacheMiss, Store, entry_name
from polyblog.errors import BlogError, Warning_
from polyblog.render.env import COMPILED

_UNUSABLE = (ValueError, KeyError, TypeError, AttributeError, IndexError)


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
        body = store.load(f"{key}-model")
        if body.get("token") != state.head.get("token"):
            raise ValueError("the model is not the one the head describes")
        session.restore(body, state)
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
    head["token"] = body["token"] = os.urandom(8).hex()  # a head loads only its own model
    try:
        store.save({f"{key}-model": body, f"{key}-head": head})
    except BlogError as exc:  # a full disk must not fail a build that succeeded
        warnings.append(Warning_(exc.message))


def touch(session: Session, store: Store) -> None:
    """Mark the entry as used (the most recently used are kept)."""
    key = session_key(session)
    store.touch(f"{key}-head")
    store.touch(f"{key}-model")
