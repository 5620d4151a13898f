"""Forked worker processes for the pipeline's parallel stages (rendering, `blog build`'s link
check): one function mapped over items, results in the items' order.

The function, everything it closes over (the site model, compiled templates) and the items
reach the workers through the fork: they are never pickled; only the items' numbers and the
results cross process boundaries. A worker never outlives the process that started it:
killed, even with `kill -9`, the parent takes its workers with it.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import multiprocessing.pool
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Sequence
from typing import Any

# in a worker process: set once by `_init`
_FUNCTION: Callable[[Any], Any] | None = None
_ITEMS: Sequence[Any] = ()


class _Pool(multiprocessing.pool.Pool):
    """multiprocessing's pool, whose worker-minding thread sleeps while results arrive.

    That thread waits until a worker exits or the pool changes state, but also until the
    results pipe is readable: while the thread that receives results reads a large one (a page
    body: tens of kilobytes), the pipe stays readable and the minding thread spins, thousands
    of times per map, taking a core's time from the workers (0.15 s of the parent's CPU in a
    build of a thousand posts). It has nothing to do with results: a drained pool and a closed
    or terminated one are announced on the change notifier, and an exited worker by its
    sentinel, which the pool still waits on. (The standard library's `ThreadPool` overrides
    this method the same way, Python 3.8 to 3.13; tests/unit/test_parallel.py counts the
    wake-ups.)"""

    def _get_sentinels(self) -> list[Any]:
        return [self._change_notifier._reader]  # type: ignore[attr-defined]


def fork_workers(jobs: int | None, count: int, threshold: int) -> int:
    """How many forked workers a map of `count` items gets with `--jobs` (every core when not
    given): 0, run it in this process, with one job, fewer than `threshold` items (forking
    would cost more than it saves) or no `fork` on this system."""
    workers = jobs if jobs is not None else (os.cpu_count() or 1)
    if workers > 1 and count >= threshold and "fork" in multiprocessing.get_all_start_methods():
        return workers
    return 0


def fork_map(
    function: Callable[[Any], Any],
    items: Sequence[Any],
    workers: int,
    *,
    chunk: int | None = None,
    arrived: Callable[[int], None] | None = None,
) -> list[Any]:
    """`[function(item) for item in items]` in `workers` forked processes. `arrived` hears how
    many results are in, as they arrive in order. The function should catch what it means to
    report: an exception it raises ends the map."""
    if chunk is None:
        chunk = max(1, min(32, len(items) // (workers * 8)))
    results: list[Any] = []
    with _pool(workers, function, items) as pool:
        for result in pool.imap(_call, range(len(items)), chunksize=chunk):
            results.append(result)
            if arrived is not None:
                arrived(len(results))
    return results


def fork_shares(function: Callable[[Any], Any], shares: Sequence[Any]) -> list[Any]:
    """`[function(share) for share in shares]`: the first share in this process while
    `len(shares) - 1` forked workers take the others (for work cut into as many shares as
    there are cores: the results of the first need not cross a process boundary)."""
    if len(shares) < 2:
        return [function(share) for share in shares]
    with _pool(len(shares) - 1, function, shares) as pool:
        others = pool.map_async(_call, range(1, len(shares)), chunksize=1)
        first = function(shares[0])
        return [first, *others.get()]


def _pool(workers: int, function: Callable[[Any], Any], items: Sequence[Any]) -> _Pool:
    """Forked workers that run `function` on `items[i]` for the numbers they are sent; the
    function and the items are handed over by the fork as they are, never pickled."""
    ctx = multiprocessing.get_context("fork")
    return _Pool(workers, initializer=_init, initargs=(os.getpid(), function, items), context=ctx)


def _call(index: int) -> Any:
    assert _FUNCTION is not None
    return _FUNCTION(_ITEMS[index])


def _init(parent: int, function: Callable[[Any], Any], items: Sequence[Any]) -> None:
    """A worker: dies quietly on SIGTERM/SIGINT (the parent reports and cleans up) and never
    outlives its parent."""
    global _FUNCTION, _ITEMS
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if not _die_with_parent():
        threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()
    if os.getppid() != parent:  # the parent was gone before we could ask
        os._exit(1)
    _FUNCTION, _ITEMS = function, items


def _die_with_parent() -> bool:
    """Linux: the kernel sends SIGTERM when the parent dies (prctl PR_SET_PDEATHSIG)."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return bool(libc.prctl(1, signal.SIGTERM, 0, 0, 0) == 0)
    except (OSError, AttributeError):
        return False


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(1)
