"""The process pool: maps a renderer's work over keys, in forked workers when it pays, and
collects every error instead of stopping at the first.

The render environment and the keys reach the workers through the fork (`polyblog.parallel`),
never pickled; only the keys' numbers and the results cross process boundaries. A worker
never outlives the build that started it.
"""

from __future__ import annotations

import contextlib
import functools
import gc
from collections.abc import Callable, Iterator
from typing import Any

from polyblog.engine.state import Renderer
from polyblog.errors import BlogError, ErrorList, TemplateError
from polyblog.parallel import fork_map, fork_workers

PARALLEL_THRESHOLD = 64  # items; below this a pool costs more than it saves
Work = Callable[[Renderer, Any], Any]  # an unbound Renderer method: Renderer.body, .part
Progress = Callable[[str, int, int], None]


def run_parallel(
    renderer: Renderer,
    work: Work,
    items: list[Any],
    jobs: int | None,
    *,
    threshold: int = PARALLEL_THRESHOLD,
    progress: Progress | None = None,
    stage: str = "",
) -> list[Any]:
    """Map `work` over items with `renderer`, in a forked pool when there are `threshold`
    items or more and more than one job; raise every error at once. `progress` hears
    (stage, done, total) as results arrive, in order."""
    workers = fork_workers(jobs, len(items), threshold)
    total = len(items)
    results: list[tuple[bool, Any]] = []
    if workers:
        renderer.warm()
        report = progress
        arrived = None if report is None else lambda done: report(stage, done, total)
        with _kept():
            results = fork_map(
                functools.partial(_guarded, work, renderer), items, workers, arrived=arrived
            )
    else:
        for item in items:
            results.append(_guarded(work, renderer, item))
            if progress is not None:
                progress(stage, len(results), total)
    failed = [value for ok, value in results if not ok]
    errors = dedupe([e for v in failed for e in (v.errors if isinstance(v, ErrorList) else [v])])
    if errors:
        raise ErrorList(errors)
    return [value for _ok, value in results]


@contextlib.contextmanager
def _kept() -> Iterator[None]:
    """The results, many small acyclic objects (bodies, reads), arrive while the heap is
    frozen (`Renderer.warm`) and live as long as the model: the collector would pass over
    each of them twice as they arrive (seconds of the parent's time at 10,000 posts, while the
    workers need the cores); they join the frozen heap instead, which the engine unfreezes
    after the build (`session._collector`)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


def _guarded(work: Work, renderer: Renderer, item: Any) -> tuple[bool, Any]:
    try:
        return True, work(renderer, item)
    except BlogError as exc:
        return False, exc
    except ErrorList as exc:  # several errors of one item (every broken call of a page)
        return False, exc
    except RecursionError:
        return False, BlogError(f"input nested too deeply while rendering {item}")


def dedupe(errors: list[BlogError]) -> list[BlogError]:
    """One broken template line fails every page: report it once, with a count."""
    seen: dict[tuple[str, str], list[BlogError]] = {}
    out: list[BlogError] = []
    for exc in errors:
        if not isinstance(exc, TemplateError) or exc.pos is None:
            out.append(exc)
            continue
        key = (str(exc.pos), _reason(exc))
        if key not in seen:
            seen[key] = []
            out.append(exc)
        seen[key].append(exc)
    for index, exc in enumerate(out):
        if isinstance(exc, TemplateError) and exc.pos is not None:
            count = len(seen[(str(exc.pos), _reason(exc))])
            if count > 1:
                more = "1 more page" if count == 2 else f"{count - 1} more pages"
                out[index] = TemplateError(f"{exc.message} (and {more})", exc.pos)
    return out


def _reason(exc: BlogError) -> str:
    return exc.message.split(": ", 1)[1] if exc.message.startswith("while ") else exc.message
