"""`blog build`: the engine's run into a staging folder, then the swap into `public/`.

Cold, the engine renders everything into an empty staging folder. Warm (a cache entry from an
earlier build with the same options), the engine renders only what the edits changed and
replaces those files: straight in `public/`, with an undo journal (`output.Journal`), when the
output is as the cache left it and the site has no search index; else in a staging folder that
starts as hard links to the current output. Nothing at all is done when nothing changed. Either
way a failed build leaves `public/` as it was.
"""

from __future__ import annotations

import dataclasses
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from polyblog.config import Config, load_config
from polyblog.content import load_content
from polyblog.engine import Session, cached
from polyblog.engine.session import Resume, site_counts
from polyblog.engine.state import source_dirs
from polyblog.errors import BlogError, ErrorList, Warning_
from polyblog.markup import RenderedBody
from polyblog.output import Journal, Staging, check_destination, remove_tree
from polyblog.site import BuildOptions, PageKey, Site, build_site


@dataclass(slots=True)
class BuildResult:
    destination: Path
    pages: dict[str, dict[str, int]] = field(default_factory=dict)  # lang -> kind -> count
    files: int = 0
    terms: dict[str, int] = field(default_factory=dict)  # taxonomy -> terms (all languages)
    warnings: list[Warning_] = field(default_factory=list)
    seconds: float = 0.0
    timings: dict[str, float] = field(default_factory=dict)
    site: Site | None = None
    summaries: dict[PageKey, str] = field(default_factory=dict)  # plain-text summary per page
    cache: str = ""  # what the cache did, for `-v`: "off", "cold (...)", "warm: ..."
    written: int = 0  # files (re)written into the output


@dataclass(frozen=True, slots=True, kw_only=True)
class Staged:
    """A build's output before it is swapped in, for a check of it (`BuildRequest.inspect`)."""

    folder: Path  # the staging folder
    source: Path  # the site folder
    site: Site
    files: frozenset[str]  # every output file, relative posix paths
    bodies: Mapping[PageKey, RenderedBody]
    # output files written or deleted since the check that left `previous` (None: unknown)
    changed: frozenset[str] | None = None
    previous: object = None  # the `Inspection.memo` of the previous build's check
    jobs: int | None = 1  # worker processes the check may use (None: every core)


@dataclass(frozen=True, slots=True)
class Inspection:
    """What a check of the staged output found, and what it keeps for the next build's check
    (saved in the cache with the engine)."""

    warnings: list[Warning_]
    memo: object = None


@dataclass(frozen=True, slots=True, kw_only=True)
class BuildRequest:
    source: Path
    destination: Path | None = None
    options: BuildOptions = field(default_factory=BuildOptions)
    base_url: str | None = None
    live_reload: bool = False
    jobs: int | None = None
    strict: bool = False
    relative_urls: bool = False  # links relative to each page (`--relative-urls`)
    # looks at the staged output before the swap; its warnings count for --strict
    # (`blog build` passes `polyblog.check.staged.content_link_warnings`)
    inspect: Callable[[Staged], Inspection] | None = None
    # told (stage, done, total) as pages are rendered: `blog build`'s progress line
    progress: Callable[[str, int, int], None] | None = None
    cache: bool = True  # use the persistent cache (`--no-cache`: off)
    cache_dir: Path | None = None  # default: `.blog-cache/` in the site folder
    save_cache: bool = True  # `blog check` reads the cache but never replaces build's entry


def load_site(
    source: Path, options: BuildOptions, base_url: str | None
) -> tuple[Site, list[Warning_]]:
    config = load_config(source, base_url)
    content = load_content(config)
    warnings = [*config.warnings, *content.warnings]
    if content.errors:
        raise ErrorList(list(content.errors))
    site = build_site(config, content.pages, options)
    return site, [*warnings, *site.warnings]


def build(request: BuildRequest) -> BuildResult:
    """Build the site; on any error raise and leave the previous output untouched."""
    started = time.perf_counter()
    source = request.source.resolve()
    destination = (request.destination or source / "public").resolve()
    options = request.options
    if options.now is None:
        options = dataclasses.replace(options, now=datetime.now(UTC))
    session = Session(
        source,
        destination,
        options,
        base_url=request.base_url,
        live_reload=request.live_reload,
        relative_urls=request.relative_urls,
        jobs=request.jobs,
        progress=request.progress,
    )
    warnings: list[Warning_] = []
    notes: list[Warning_] = []  # about the cache, not the site: shown, never fail --strict
    timings: dict[str, float] = {}
    store = cached.cache_store(source, request.cache_dir, request.cache, notes)
    session.image_cache = store.folder / "images" if store is not None else None
    session.keep_images = request.save_cache  # `blog check` reads the cache, never writes it
    session.keep_reads = store is not None  # without a cache, the engine renders only once
    session.index_search = True  # when `search` is on (the engine reads the config)
    mark = time.perf_counter()
    resumed = cached.resume(session, store, notes) if store is not None else None
    timings["cache"] = time.perf_counter() - mark
    if resumed is not None and not resumed.loaded:
        if store is not None and request.save_cache:
            cached.touch(session, store)
        return _unchanged(resumed.resume.head, destination, request, notes, timings, started)
    staging: Staging | None = None
    journal: Journal | None = None
    old: Path | None = None
    try:
        if resumed is not None:
            assert session.model is not None
            check_destination(destination, source, source_dirs(session.model.config))
            intact = resumed.resume.intact
            if in_place(session.model.config, resumed.resume, source):
                journal = session.journal = Journal(destination)
            else:
                staging = Staging(destination)
                if intact:
                    staging.link_from(destination, session.model.ledger.owners)
                session.out = staging.path
            report = session.update(resumed.resume.paths, outputs_lost=not intact)
            mode = f"warm: {report.reason}"
        else:
            staging_box: list[Staging] = []

            def open_staging() -> Path:  # once the model passed its checks
                staging_box.append(Staging(destination))
                return staging_box[0].path

            session.open_output = open_staging
            try:
                report = session.full()
            finally:
                staging = staging_box[0] if staging_box else None
            mode = "cold" if store is not None else "off"
        assert session.model is not None
        folder = staging.path if staging is not None else destination
        warnings += report.warnings
        timings.update(report.timings)
        links: list[Warning_] = []
        if request.inspect is not None:
            mark = time.perf_counter()
            model = session.model
            warm = resumed is not None and not report.full
            inspection = request.inspect(
                Staged(
                    folder=folder,
                    source=source,
                    site=model.site,
                    files=frozenset(model.ledger.owners),
                    bodies=model.bodies,
                    changed=frozenset((*report.written, *report.deleted)) if warm else None,
                    previous=session.inspected if warm else None,
                    jobs=request.jobs,
                )
            )
            links = inspection.warnings
            session.inspected = inspection.memo
            timings["links"] = time.perf_counter() - mark
        if request.strict and warnings + links:
            raise ErrorList(
                [BlogError(f"warning (--strict): {w.message}", w.pos) for w in warnings + links]
            )
        mark = time.perf_counter()
        if staging is not None:
            old = staging.commit(defer=True)
        if journal is not None:
            journal.close()
            journal = None
        session.out = destination
        timings["write"] = timings.get("write", 0.0) + time.perf_counter() - mark
    finally:
        if staging is not None:
            staging.discard()
        if journal is not None:  # the build failed after writing: the output as it was
            journal.rollback()
        session.journal = None
    # the old output is deleted while the cache is saved (the deletion waits on the file
    # system, the save on the CPU)
    cleaner = threading.Thread(target=remove_tree, args=(old,)) if old is not None else None
    if cleaner is not None:
        cleaner.start()
    try:
        if store is not None and request.save_cache:
            mark = time.perf_counter()
            cached.save(session, store, notes, inspect_warnings=links)
            timings["cache"] += time.perf_counter() - mark
    finally:
        if cleaner is not None:
            cleaner.join()
    model = session.model
    pages, terms = site_counts(model.site)
    result = BuildResult(
        destination=destination,
        pages=pages,
        terms=terms,
        files=len(model.ledger.owners),
        warnings=notes + warnings + links,
        site=model.site,
        timings=timings,
        summaries={key: body.plain_summary for key, body in model.bodies.items()},
        cache=(
            f"{mode}; bodies: {report.bodies} rendered, {report.reused_bodies} reused; "
            f"parts: {report.rendered} rendered, {report.reused_parts} reused; "
            f"{len(report.written)} files written, {len(report.deleted)} deleted"
        ),
        written=len(report.written),
    )
    result.seconds = time.perf_counter() - started
    return result


def in_place(config: Config, resume: Resume, source: Path) -> bool:
    """Whether a warm build writes straight into the output (the files that changed, each
    replaced by a rename, with an undo journal) instead of into a staging folder swapped in:
    when the output is as the cache recorded it, `blog.yaml` did not change and the site has
    no search index (Pagefind writes its files itself: those builds keep the staging folder)."""
    return resume.intact and not config.search.enabled and source / "blog.yaml" not in resume.paths


def _unchanged(
    head: Mapping[str, Any],
    destination: Path,
    request: BuildRequest,
    notes: list[Warning_],
    timings: dict[str, float],
    started: float,
) -> BuildResult:
    """Nothing to do: the inputs and the output are as the cache says. The model is not
    loaded: the summary comes from the cache entry's head."""
    warnings = [*head["warnings"], *head.get("inspect_warnings", [])]
    if request.strict and warnings:
        raise ErrorList([BlogError(f"warning (--strict): {w.message}", w.pos) for w in warnings])
    warnings = notes + warnings
    pages, terms, files = head["counts"]
    result = BuildResult(
        destination=destination,
        pages=pages,
        terms=terms,
        files=files,
        warnings=warnings,
        timings=timings,
        cache="warm: nothing changed",
    )
    result.seconds = time.perf_counter() - started
    return result
