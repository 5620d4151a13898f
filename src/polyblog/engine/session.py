"""The build engine: one object for `blog build`, `blog serve` and `blog check`. It keeps the
model, the bodies and what every rendered part read; after an edit it renders again only the
parts whose inputs changed, and it can save all that to the persistent cache and resume from it.

The contract (tested): after any sequence of edits, the output equals a clean build of the same
files with the same options, whether the engine stayed alive (`serve`) or was saved and resumed
(`build` with a cache).

How it decides:
- content files are re-read only when their stat changed (`load_content`'s cache); when only
  known files were modified, the folders are not walked again;
- if a file's front matter is unchanged, the model is patched (the page gets its new source);
  otherwise the model is assembled again;
- a body is expanded and rendered again when its source or its page changed, or when a page its
  shortcodes looked up (`article`, `ref`) changed or appeared at a path it asked for;
- every rendered part (a page, one pager of a list, a feed) records what it read (see
  `polyblog.render.views.Read`); a part renders again when one of those reads changed
  (`polyblog.engine.diff`);
- templates or translations (i18n) changing means every part again (the bodies too for shortcode
  templates and i18n); `blog.yaml` changing means a full rebuild.
"""

from __future__ import annotations

import contextlib
import dataclasses
import gc
import os
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from polyblog.config import Config, load_config
from polyblog.content import ReadCache, SourcePage, load_content
from polyblog.content.discover import content_roots, is_content, reread
from polyblog.engine import diff, inputs
from polyblog.engine.classify import classify
from polyblog.engine.plan import Previous, UnitRecord, plan_parts
from polyblog.engine.pool import PARALLEL_THRESHOLD, Progress, run_parallel
from polyblog.engine.state import (
    BodyReads,
    RenderEnv,
    Renderer,
    Theme,
    Unit,
    copy_plan,
    make_env,
    make_theme,
    source_dirs,
)
from polyblog.errors import BlogError, ErrorList, Warning_
from polyblog.images import image_files
from polyblog.markup import RenderedBody, body_warnings
from polyblog.output import (
    Journal,
    Ledger,
    LedgerChange,
    Scratch,
    check_destination,
    check_lengths,
    digest,
    remove_file,
    replace_file,
)
from polyblog.render.env import environment
from polyblog.render.menus import Menus
from polyblog.render.pages import DIAGRAM_ASSETS, Output, page_parts
from polyblog.render.site_files import render_aliases, render_sitemaps, render_syntax_css
from polyblog.render.views import Read
from polyblog.search import index_site
from polyblog.site import BuildOptions, PageKey, PageKind, Site, build_site
from polyblog.site.assemble import Memo
from polyblog.site.lookup import RefIndex, adopt_index, ref_index
from polyblog.site.outputs import output_files
from polyblog.site.patch import patch_site
from polyblog.urls import output_file

INCREMENTAL_POOL = 400  # parts: below this an incremental rebuild renders in-process
STATE_VERSION = 2  # of what `export` returns


@dataclass(slots=True)
class Report:
    """What one (re)build did, for the terminal line, the browser and `blog build -v`."""

    reason: str
    full: bool
    rendered: int = 0  # parts rendered
    bodies: int = 0  # Markdown bodies rendered
    reused_bodies: int = 0  # bodies kept from the previous model (or the cache)
    reused_parts: int = 0  # parts whose output was kept
    written: list[str] = field(default_factory=list)  # files whose bytes changed
    deleted: list[str] = field(default_factory=list)
    warnings: list[Warning_] = field(default_factory=list)
    seconds: float = 0.0
    site: Site | None = None
    bodies_map: Mapping[PageKey, RenderedBody] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)

    def lap(self, stage: str, since: float) -> float:
        now = time.perf_counter()
        self.timings[stage] = self.timings.get(stage, 0.0) + now - since
        return now


@dataclass(slots=True)
class Model:
    """Everything a rebuild compares against; replaced as a whole on success."""

    config: Config
    site: Site
    bodies: dict[PageKey, RenderedBody]
    body_reads: dict[PageKey, BodyReads]
    units: dict[Unit, UnitRecord]
    claimed: dict[str, Unit]  # output file -> the part that makes it
    ledger: Ledger  # what was written where (digests, owners, copies' source stats)
    warnings: list[Warning_]
    menus: Menus  # as resolved for `site` (an update compares them: `("M", lang)`)


@dataclass(frozen=True, slots=True)
class Resume:
    """A saved head compared with the files now (`Session.check_head`)."""

    head: Mapping[str, Any]
    paths: list[Path]  # inputs created, changed or deleted since
    due: bool  # a page became due or expired since: the model is assembled again
    intact: bool  # the output is as the engine left it
    changes: inputs.Changes
    snapshot: inputs.Snapshot

    @property
    def nothing_to_do(self) -> bool:
        return not self.paths and not self.due and self.intact


@dataclass(slots=True)
class _Plan:
    """What a render produced, for `_commit`."""

    bodies: dict[PageKey, RenderedBody]
    body_reads: dict[PageKey, BodyReads]
    units: dict[Unit, UnitRecord]
    outputs: dict[str, bytes]  # file -> bytes, or its digest when a worker wrote it
    site_files: dict[str, bytes]
    copies: dict[str, tuple[Path, str]]
    claimed: dict[str, Unit]
    kept_site: set[str]
    removed: set[Unit]
    rendered: list[Unit]
    images: dict[str, bytes] = field(default_factory=dict)  # originals without metadata


class Session:
    """A site being built: `full()` or `resume()` once, then `update(paths)` after edits."""

    def __init__(
        self,
        source: Path,
        destination: Path,
        options: BuildOptions,
        *,
        base_url: str | None = None,
        live_reload: bool = True,
        relative_urls: bool = False,
        jobs: int | None = None,
        progress: Progress | None = None,
    ) -> None:
        self.source = source.resolve()
        self.destination = destination.resolve()
        self.out = self.destination  # where files are written (a staging folder for `build`)
        now = options.now or datetime.now(UTC)  # fixed: a rebuild never changes what is future
        self.options = dataclasses.replace(options, now=now)
        self.base_url = base_url
        self.live_reload = live_reload
        self.relative_urls = relative_urls
        self.jobs = jobs
        self.progress = progress
        self.cache: ReadCache = {}
        self.memo: Memo = {}  # regular pages assembled before, for this config
        self.model: Model | None = None
        self.snapshot: inputs.Snapshot | None = None  # the inputs of the model
        self._content: list[SourcePage] | None = None
        self._known: dict[Path, SourcePage] = {}  # content file -> what it says
        self._replaced: dict[Path, SourcePage] | None = None  # files re-read by the fast path
        self._pending: set[Path] = set()  # changes of failed rebuilds, tried again next time
        self._theme: Theme | None = None  # of the current templates (cleared when they change)
        self._renderer: Renderer | None = None  # the last render's (cleared with the templates)
        self._first: tuple[str, ...] = ()
        self._content_warnings: tuple[Warning_, ...] = ()
        self._stale_model = False  # assembled at another time: pages became due or expired
        self.out_stats: dict[str, OutStat] = {}  # output file -> its stat after the last save
        # output files written or deleted since `out_stats` was taken (None: any of them)
        self._rewritten: set[str] | None = None
        # called with the output files written ahead of a full render (`update(first=...)`)
        self.early: Callable[[list[str]], None] | None = None
        # makes the output folder once the model passed its checks (`build`'s staging folder)
        self.open_output: Callable[[], Path] | None = None
        self._fresh_output = False  # `out` is that folder (thrown away if the build fails)
        self._backups: dict[str, bytes | None] = {}  # files written ahead, as they were
        # `blog build` writing an update straight into its output: what to put back on failure
        self.journal: Journal | None = None
        self.image_cache: Path | None = None  # image derivatives kept between builds
        self.keep_images = True  # new derivatives go into `image_cache` (not for `blog check`)
        self.index_search = False  # `blog build`: the Pagefind index is part of the output
        # what `blog build`'s check of the output keeps for the next one (saved with the model)
        self.inspected: object = None
        self._read_pool: dict[Read, Read] = {}  # parts' reads, each kept once
        # what each part read is kept, for the next render's plan; `blog build` without a
        # cache to save renders once and sets it off (a later update then renders everything)
        self.keep_reads = True
        self.entry_base: object = None  # the cache entry's base part (`engine.cached`)

    def reset(self) -> None:
        """Forget a half-restored state (a cache entry that turned out unusable)."""
        self.cache = {}
        self.memo = {}
        self.model = None
        self._theme = None
        self._renderer = None
        self.snapshot = None
        self._content = None
        self.inspected = None
        self._read_pool = {}
        self.entry_base = None
        self._known = {}
        self._stale_model = False
        self.out_stats = {}

    # -- entry points ----------------------------------------------------------------------

    def full(self, reason: str = "full build") -> Report:
        """Read and render everything (the first build, or after `blog.yaml` changed)."""
        self._rewritten = None
        with _collector():
            return self._full(reason)

    def update(self, paths: Iterable[Path], first: Iterable[str] = (), *,
               outputs_lost: bool = False) -> Report:  # fmt: skip
        """Rebuild after `paths` changed (created, modified or deleted). When every page is
        rendered again (a template changed), the output files in `first` (pages open in a
        browser) are rendered and written first and reported to `self.early`. With
        `outputs_lost`, every part is rendered and written again (bodies still reused)."""
        self._first = tuple(first)
        with _collector():
            try:
                report = self._update(paths, outputs_lost)
            except BaseException:
                self._rewritten = None  # files may have been written, or put back
                raise
        if report.full:
            self._rewritten = None
        elif self._rewritten is not None:
            self._rewritten.update(report.written, report.deleted)
        return report

    # -- the persistent cache --------------------------------------------------------------

    def export(self) -> tuple[dict[str, Any], dict[str, Any]]:
        """What another process needs to go on from here: a small head (enough to tell that
        nothing changed) and the model itself."""
        model = self.model
        assert model is not None and self.options.now is not None
        assert self.keep_reads, "a model rendered without its reads cannot be updated later"
        if self.snapshot is None:
            self.snapshot = inputs.take(model.config)
        pages, terms = site_counts(model.site)
        head = {
            "version": STATE_VERSION,
            "source": str(self.source),
            "options": dataclasses.replace(self.options, now=None),
            "now": self.options.now,
            "next_due": _next_due(self._content or [], self.options.now),
            "snapshot": self.snapshot,
            "out_stats": self.out_stats,
            "warnings": model.warnings,
            "counts": (pages, terms, len(model.ledger.owners)),
        }
        body = {
            "version": STATE_VERSION,
            "model": model,
            "cache": self.cache,
            "memo": self.memo,
            "content": self._content,
            "content_warnings": self._content_warnings,
            "inspected": self.inspected,
            "theme": self._theme,  # strings and warnings: made again when templates change
            "refs": ref_index(model.site),  # made once per process otherwise
        }
        return head, body

    def check_head(self, head: Mapping[str, Any]) -> Resume:
        """Compare a saved head with the files now: which inputs changed, whether a page
        became due or expired, whether the output is as the engine left it."""
        if head.get("version") != STATE_VERSION or head.get("source") != str(self.source):
            raise ValueError("another kind of cache")
        if head["options"] != dataclasses.replace(self.options, now=None):
            raise ValueError("other build options")
        snapshot: inputs.Snapshot = head["snapshot"]
        roots = inputs.roots_of(snapshot)
        changes, now_snapshot = inputs.compare(snapshot, roots)
        old_now: datetime = head["now"]
        now = self.options.now
        assert now is not None
        next_due: datetime | None = head["next_due"]
        due = now < old_now or (next_due is not None and now >= next_due)
        out_stats: dict[str, OutStat] = head["out_stats"]
        out = str(self.out)
        intact = bool(out_stats) and all(
            _out_stat(f"{out}/{rel}") == st for rel, st in out_stats.items()
        )
        paths = list(changes.changed)
        if changes.package_theme:
            paths.append(self.source / "blog.yaml")  # everything again
        return Resume(head=head, paths=paths, due=due, intact=intact, changes=changes,
                      snapshot=now_snapshot)  # fmt: skip

    def restore(self, body: Mapping[str, Any], resume: Resume) -> None:
        """Take over a saved engine, after `check_head`."""
        if body.get("version") != STATE_VERSION:
            raise ValueError("another kind of cache")
        model: Model = body["model"]
        self.model = model
        self.cache = body["cache"]
        self.memo = body["memo"]
        self._content = body["content"]
        self._content_warnings = body["content_warnings"]
        self.inspected = body.get("inspected")
        theme = body.get("theme")
        self._theme = theme if isinstance(theme, Theme) else None
        refs = body.get("refs")
        if isinstance(refs, RefIndex):
            adopt_index(model.site, refs)
        self._known = {model.config.root / p.path: p for p in self._content or []}
        self.snapshot = resume.snapshot
        self._refresh_stats(resume.changes.same)
        if resume.due:
            self._stale_model = True
        else:
            self.options = dataclasses.replace(self.options, now=resume.head["now"])
        self.out_stats = resume.head["out_stats"]
        self._rewritten = set() if resume.intact else None

    def _refresh_stats(self, same: Mapping[str, inputs.Stat]) -> None:
        """Files touched but not changed (a fresh checkout): their new stats, so nothing reads
        or copies them again."""
        for path_str, stat in same.items():
            path = Path(path_str)
            hit = self.cache.get(path)
            if hit is not None:
                self.cache[path] = ((stat, *hit[0][1:]), hit[1])
        if self.model is not None:
            stamps = self.model.ledger.stamps
            for rel, owner in self.model.ledger.owners.items():
                if owner in same and rel in stamps:
                    stamps[rel] = same[owner]

    def record_outputs(self) -> None:
        """Note the stat of every output file (after the swap), for `check_head`: again only
        for the files written or deleted since the last note, when the others are known to be
        the same files (hard links keep their size, mtime and inode)."""
        assert self.model is not None
        out = str(self.out)
        owners = self.model.ledger.owners
        rewritten, before = self._rewritten, self.out_stats
        if rewritten is None or not before:
            self.out_stats = {rel: _out_stat(f"{out}/{rel}") for rel in owners}
        else:
            self.out_stats = {
                rel: before[rel]
                if rel in before and rel not in rewritten
                else _out_stat(f"{out}/{rel}")
                for rel in owners
            }
        self._rewritten = set()

    # -- reading ---------------------------------------------------------------------------

    def _full(self, reason: str = "full build") -> Report:
        started = time.perf_counter()
        self._stale_model = False
        environment.cache_clear()  # templates may have changed
        self._theme = None
        self._renderer = None
        report = Report(reason=reason, full=True)
        mark = time.perf_counter()
        config = load_config(self.source, self.base_url)
        if self.model is not None and self.model.config != config:
            self.cache.clear()
            self.memo.clear()
        content = load_content(config, self.cache, self.jobs)
        if content.errors:
            raise ErrorList(list(content.errors))
        site = build_site(config, content.pages, self.options, self.memo)
        check_destination(self.destination, self.source, source_dirs(config))
        check_lengths(self.destination, output_files(site))
        report.lap("load", mark)
        self._replaced = None
        self._content_warnings = content.warnings  # a body-only edit reports them again
        report.warnings += [*config.warnings, *content.warnings, *site.warnings]
        self._render(site, content.pages, report, previous=None)
        self.snapshot = None  # taken again when saved
        report.seconds = time.perf_counter() - started
        return report

    def _update(self, paths: Iterable[Path], outputs_lost: bool) -> Report:
        started = time.perf_counter()
        self._pending |= {Path(p).absolute() for p in paths}
        if self.model is None or not self.keep_reads:
            return self._full()
        changed = sorted(self._pending)
        model = self.model
        config = model.config
        edit = classify([self._rel(p) for p in changed], config.layouts_dir, outputs_lost)
        if edit.config:
            report = self._full(edit.reason)
            report.seconds = time.perf_counter() - started
            return report
        if edit.templates:  # templates and strings are loaded again
            environment.cache_clear()
            self._theme = None
            self._renderer = None
        report = Report(reason=edit.reason, full=edit.full)
        mark = time.perf_counter()
        pages = self._content_after(changed, config)
        mark = report.lap("read", mark)
        site = self._site_after(pages, model, config)
        report.lap("model", mark)
        report.warnings += [*config.warnings, *self._content_warnings, *site.warnings]
        keep = not edit.bodies_too
        self._render(site, pages, report, model, keep_bodies=keep, protect=not outputs_lost)
        if self.snapshot is not None and changed:
            self.snapshot = inputs.refresh(self.snapshot, changed)
        report.seconds = time.perf_counter() - started
        return report

    def _rel(self, path: Path) -> str:
        try:
            return path.relative_to(self.source).as_posix()
        except ValueError:
            return ""

    def _content_after(self, changed: list[Path], config: Config) -> list[SourcePage]:
        """The content after an edit: only the modified files again when nothing was created
        or deleted, else a walk of the content folders (parsing only changed files)."""
        assert self._content is not None
        known = self._known
        only_modified = all(p in known and p.is_file() for p in changed if is_content(p.name))
        touches_other = any(
            not is_content(p.name) and self._in_content(p, config) for p in changed
        )  # a bundle resource: the walk finds it
        if only_modified and not touches_other:
            errors: list[BlogError] = []
            replaced: dict[str, SourcePage] = {}
            by_file: dict[Path, SourcePage] = {}
            for path in changed:
                if not is_content(path.name) or path not in known:
                    continue
                hit = self.cache.get(path)
                if hit is None:
                    only_modified = False
                    break
                try:
                    page = reread(path, hit, config, self.cache)
                except BlogError as exc:
                    errors.append(exc)
                    continue
                replaced[known[path].path] = page
                by_file[path] = page
            if errors:
                raise ErrorList(errors)
            if only_modified:
                self._replaced = by_file
                return [replaced.get(p.path, p) for p in self._content]
        self._replaced = None
        content = load_content(config, self.cache, self.jobs)
        if content.errors:
            raise ErrorList(list(content.errors))
        self._content_warnings = content.warnings
        return list(content.pages)

    def _in_content(self, path: Path, config: Config) -> bool:
        return any(path.is_relative_to(root.path) for root in content_roots(config))

    def _site_after(self, pages: list[SourcePage], model: Model, config: Config) -> Site:
        """Patch the model when only bodies changed, or only the front matter of regular pages
        (`site.patch`); else assemble it again."""
        old = self._content or []
        if len(old) == len(pages) and not self._stale_model:
            changed = [(a, n) for a, n in zip(old, pages, strict=True) if a is not n]
            if all(
                a.path == n.path and dataclasses.replace(n, body=a.body) == a for a, n in changed
            ):
                site = model.site
                if not changed:
                    return site
                by_source = {p.source.path: p for p in site.pages.values() if p.source is not None}
                new_pages = dict(site.pages)
                for _a, n in changed:
                    page = by_source.get(n.path)
                    if page is not None:
                        new_pages[page.key] = dataclasses.replace(page, source=n)
                return dataclasses.replace(site, pages=new_pages)
            patched = patch_site(model.site, old, pages, self.options, self.memo)
            if patched is not None:
                check_lengths(self.destination, output_files(patched, since=model.site))
                return patched
        if self._stale_model:
            self.memo.clear()
            self._stale_model = False
        site = build_site(config, tuple(pages), self.options, self.memo)
        check_lengths(self.destination, output_files(site))
        return site

    # -- rendering -------------------------------------------------------------------------

    def _render(
        self,
        site: Site,
        pages: Iterable[SourcePage],
        report: Report,
        previous: Model | None,
        keep_bodies: bool = True,
        protect: bool = True,
    ) -> None:
        """Render what changed since `previous` (every part when `report.full`). With
        `protect`, a full render of a served output replaces its files only once it succeeded
        (not when that output is not as the engine left it anyway: `outputs_lost`)."""
        if self.open_output is not None:
            self.out, self.open_output = self.open_output(), None
            self._fresh_output = True
        mark = time.perf_counter()
        if self._theme is None:
            self._theme = make_theme(self.source, site.config)
        env = make_env(
            self.source,
            site,
            report.warnings,
            live_reload=self.live_reload,
            relative=self.relative_urls,
            theme=self._theme,
            keep_reads=self.keep_reads,
        )
        old_site = previous.site if previous else None
        meta = diff.meta_changes(old_site, site)
        mark = report.lap("env", mark)
        bodies, body_reads = self._bodies(env, site, previous, meta, keep_bodies, report)
        mark = report.lap("markdown", mark)
        scratch: Scratch | None = None
        if report.full and protect and self.model is not None and not self._fresh_output:
            scratch = Scratch(self.out)  # served pages are replaced once all are rendered
        # a full render: workers write the files (into the scratch folder when served)
        staging = (scratch.path if scratch else self.out) if report.full else None
        renderer = Renderer(env.with_bodies(bodies, staging))
        menus = diff.menu_reads(
            previous.menus if previous else None, env.menus, site.config.lang_codes
        )
        changed: set[Read] = set()
        if previous is not None and not report.full:
            changed = diff.changed_reads(old_site, site, meta, previous.bodies, bodies) | menus
            if self._renderer is not None:  # same templates: reuse what they made
                renderer.carry(self._renderer, changed)
        self._backups = {}
        try:
            plan = self._parts(
                renderer, site, previous, meta, changed, bodies, body_reads, report, scratch
            )
            mark = report.lap("templates", mark)
            self._site_files(renderer, plan, previous, meta, menus, report)
            taken = set(plan.claimed) | set(plan.site_files) | plan.kept_site
            unused = () if any(b.diagrams for b in bodies.values()) else DIAGRAM_ASSETS
            plan.copies = dict(
                copy_plan(site, env.theme, self.source, taken, report.warnings, unused)
            )
            mark = report.lap("site-files", mark)
            self._images(renderer.env, plan, taken)
            mark = report.lap("images", mark)
            self._commit(site, pages, env.menus, plan, previous, report, scratch)
        except BaseException:
            self._restore(self._backups)  # no page stays written with a template that fails
            raise
        finally:
            self._backups = {}
            if scratch is not None:
                scratch.discard()
        self._renderer = renderer
        mark = report.lap("write", mark)
        if self.index_search:
            self._search(report)
            report.lap("search", mark)

    def _search(self, report: Report) -> None:
        """The Pagefind index of the output (`blog build`): made again when a page changed,
        kept (it is in the ledger) when none did, removed when search is off."""
        model = self.model
        assert model is not None
        owners = model.ledger.owners
        old = sorted(rel for rel, who in owners.items() if who == "search")
        enabled = model.config.search.enabled
        pages_changed = report.full or any(
            rel.endswith(".html") for rel in (*report.written, *report.deleted)
        )
        if enabled and old and not pages_changed:
            return
        for rel in old:
            if self.journal is not None:
                self.journal.keep(rel)
            remove_file(self.out, rel)
            del owners[rel]
        report.deleted += old
        if enabled:
            index = index_site(self.out)
            owners.update(dict.fromkeys(index.files, "search"))
            report.written += index.files

    def _images(self, env: RenderEnv, plan: _Plan, taken: set[str]) -> None:
        """Responsive images: derivatives (copied from the image cache) and originals without
        their metadata (which replace the copies of the originals)."""
        found = image_files(
            env.site,
            env.bodies,
            self.image_cache,
            self.jobs,
            taken | set(plan.copies),
            keep=self.keep_images,
        )
        for rel, data in found:
            plan.copies.pop(rel, None)
            if isinstance(data, Path):
                plan.copies[rel] = (data, rel)
            else:
                plan.images[rel] = data

    def _bodies(
        self,
        env: RenderEnv,
        site: Site,
        previous: Model | None,
        meta: diff.MetaChanges,
        keep: bool,
        report: Report,
    ) -> tuple[dict[PageKey, RenderedBody], dict[PageKey, BodyReads]]:
        """Every page's body: the previous one when its page and its lookups are unchanged."""
        old_site = previous.site if previous else None
        bodies: dict[PageKey, RenderedBody] = {}
        body_reads: dict[PageKey, BodyReads] = {}
        todo: list[PageKey] = []
        holds = diff.lookups_hold(old_site, site, meta) if old_site is not None else None
        for key, page in site.pages.items():
            if page.source is None or not page.source.has_content:
                continue
            if keep and previous and old_site is not None and key in previous.bodies:
                reads = previous.body_reads[key]
                old = old_site.pages.get(key)
                same = old is page or old == page or key in meta.terms
                if same and holds is not None and holds(reads):
                    bodies[key] = previous.bodies[key]
                    body_reads[key] = reads
                    continue
            todo.append(key)
        renderer = Renderer(env)
        done = run_parallel(
            renderer, Renderer.body, todo, self.jobs, progress=self.progress, stage="markdown"
        )
        for key, body, reads in done:
            bodies[key] = body
            body_reads[key] = reads
        report.warnings += body_warnings(bodies[key] for key in sorted(bodies))
        report.bodies = len(todo)
        report.reused_bodies = len(bodies) - len(todo)
        report.bodies_map = bodies
        return bodies, body_reads

    def _parts(
        self,
        renderer: Renderer,
        site: Site,
        previous: Model | None,
        meta: diff.MetaChanges,
        changed: set[Read],
        bodies: dict[PageKey, RenderedBody],
        body_reads: dict[PageKey, BodyReads],
        report: Report,
        scratch: Scratch | None,
    ) -> _Plan:
        """Render the parts whose reads changed (all of them in a full render)."""
        everything = report.full
        ctx = renderer.context()
        last = Previous(previous.site, previous.units) if previous else None
        found = plan_parts(
            site, lambda key: page_parts(ctx, key), last, meta.meta, changed, everything
        )
        units, todo, removed = found.units, found.todo, found.removed
        ahead: list[tuple[Unit, list[tuple[str, bytes]], frozenset[Read]]] = []
        if previous is not None and self._first:
            ahead, todo = self._ahead(renderer, todo, scratch, previous.ledger.hashes, everything)
        threshold = PARALLEL_THRESHOLD if everything else INCREMENTAL_POOL
        rendered = ahead + run_parallel(
            renderer,
            Renderer.part,
            todo,
            self.jobs,
            threshold=threshold,
            progress=self.progress,
            stage="pages",
        )
        todo = [unit for unit, _files, _reads in ahead] + todo
        report.rendered = len(todo)
        report.reused_parts = len(units) - len(set(todo) & set(units))
        outputs: dict[str, bytes] = {}
        if everything:
            self._read_pool = {}  # every part's reads are made again
        pool = self._read_pool
        for unit, files, reads in rendered:
            # one object per distinct read: a read is in many parts (each list reads its
            # pages), and the model is pickled into the cache (half its size and time)
            shared = frozenset([pool.setdefault(read, read) for read in reads])
            units[unit] = UnitRecord(tuple(rel for rel, _ in files), shared)
            outputs.update(files)
        claimed: dict[str, Unit] = dict(previous.claimed) if previous and not everything else {}
        for unit in [*removed, *todo]:
            old_record = previous.units.get(unit) if previous else None
            for rel in old_record.files if old_record else ():
                if claimed.get(rel) == unit:
                    del claimed[rel]
        for unit in todo:
            for rel in units[unit].files:
                if rel in claimed and claimed[rel] != unit:
                    raise BlogError(f"two pages claim the file {rel}")
                claimed[rel] = unit
        return _Plan(
            bodies=bodies,
            body_reads=body_reads,
            units=units,
            outputs=outputs,
            site_files={},
            copies={},
            claimed=claimed,
            kept_site=set(),
            removed=removed,
            rendered=todo,
        )

    def _site_files(
        self,
        renderer: Renderer,
        plan: _Plan,
        previous: Model | None,
        meta: diff.MetaChanges,
        menus: set[Read],
        report: Report,
    ) -> None:
        """Aliases, sitemaps and the syntax CSS: all of them in a full render; else the alias
        pages when the aliases changed and the sitemaps of the languages whose entries or menus
        changed (with the sitemap index and robots.txt); the previous files of the rest stay."""
        site = renderer.env.site
        old_site = previous.site if previous else None
        everything = report.full or previous is None or old_site is None
        kept: set[str] = set()
        if not everything and previous is not None:
            kept = {rel for rel, owner in previous.ledger.owners.items() if owner == "site"}
        ctx = renderer.context()
        generated: Output = []
        if everything or (old_site is not None and old_site.aliases != site.aliases):
            generated += render_aliases(ctx)
            if old_site is not None:
                kept -= {output_file(alias.path) for alias in old_site.aliases}
        langs = None
        if not everything and old_site is not None:
            langs = diff.sitemap_langs(old_site, site, meta) | {lang for _m, lang in menus}
        if langs is None or langs:
            generated += render_sitemaps(ctx, langs)
        if everything:
            generated += render_syntax_css(ctx)
        for rel, data in generated:
            if rel in plan.claimed or rel in plan.site_files:
                raise BlogError(f"two outputs claim the file {rel}")
            plan.site_files[rel] = renderer.finish(rel, data)
        plan.kept_site = kept - set(plan.site_files)

    def _ahead(
        self,
        renderer: Renderer,
        units: list[Unit],
        scratch: Scratch | None,
        hashes: Mapping[str, bytes],
        everything: bool,
    ) -> tuple[list[tuple[Unit, list[tuple[str, bytes]], frozenset[Read]]], list[Unit]]:
        """Render the parts of the pages open in a browser now, in this process, write them and
        say so; the rest goes to the pool (or comes after). What those files held before is
        kept in `_backups`, so a failure of the rest puts them back."""
        site = renderer.env.site
        wanted = set(self._first)
        first: list[Unit] = []
        rest: list[Unit] = []
        for unit in units:
            (first if _unit_file(site, unit) in wanted else rest).append(unit)
        if not first:
            return [], units
        if everything and scratch is None:  # written straight into the output folder
            for unit in first:
                self._backup(_unit_file(site, unit))
        done = run_parallel(renderer, Renderer.part, first, 1)  # a full render writes them
        written: list[str] = []
        for _unit, files, _reads in done:
            for rel, data in files:
                if everything:
                    self._backup(rel)
                    if scratch is not None:
                        scratch.publish(rel)
                elif hashes.get(rel) != digest(data) or not (self.out / rel).is_file():
                    self._backup(rel)  # an update: `data` is the bytes; write those that changed
                    replace_file(self.out, rel, data)
                else:
                    continue
                written.append(rel)
        if self.early is not None and written:
            self.early(written)
        return done, rest

    def _backup(self, rel: str) -> None:
        if rel not in self._backups:
            try:
                self._backups[rel] = (self.out / rel).read_bytes()
            except OSError:
                self._backups[rel] = None

    def _restore(self, backups: Mapping[str, bytes | None]) -> None:
        for rel, data in backups.items():
            with contextlib.suppress(OSError, BlogError):
                if data is None:
                    remove_file(self.out, rel)
                else:
                    replace_file(self.out, rel, data)

    def _commit(
        self,
        site: Site,
        pages: Iterable[SourcePage],
        menus: Menus,
        plan: _Plan,
        previous: Model | None,
        report: Report,
        scratch: Scratch | None = None,
    ) -> None:
        """Write what changed, delete what is gone (the output ledger), then keep the new
        model."""
        owners: dict[str, str] = dict.fromkeys(plan.claimed, "page")
        owners.update(dict.fromkeys(plan.kept_site, "site"))
        owners.update(dict.fromkeys(plan.site_files, "site"))
        owners.update(dict.fromkeys(plan.images, "image"))
        if previous is not None:  # the search index stays until `_search` makes a new one
            kept = previous.ledger.owners
            owners.update({rel: "search" for rel, who in kept.items() if who == "search"})
        change = LedgerChange(
            pages=plan.outputs,
            pages_written=report.full,
            site_files={**plan.site_files, **plan.images},
            copies=plan.copies,
            owners=owners,
            ahead=frozenset(self._backups),
            publish=scratch.publish if scratch is not None else None,
            guard=self.journal.keep if self.journal is not None else None,
        )
        before = previous.ledger if previous else Ledger()
        # a first render walks the output folder for files nobody owns, unless the engine made
        # that folder empty itself (`blog build`'s staging folder)
        walk = previous is None and not self._fresh_output
        ledger, written, deleted = before.commit(self.out, change, fresh=walk)
        report.written += written
        report.deleted += deleted
        self._pending.clear()
        self.model = Model(
            config=site.config,
            site=site,
            bodies=plan.bodies,
            body_reads=plan.body_reads,
            units=plan.units,
            claimed=plan.claimed,
            ledger=ledger,
            warnings=report.warnings,
            menus=menus,
        )
        self._content = list(pages)
        if previous is not None and self._replaced is not None:
            self._known.update(self._replaced)
        else:
            self._known = {site.config.root / p.path: p for p in self._content}
        self._replaced = None
        report.site = site


@contextlib.contextmanager
def _collector() -> Iterator[None]:
    """The model is many small acyclic objects: default collector thresholds make every build
    pay for full collections of a large heap."""
    threshold = gc.get_threshold()
    gc.set_threshold(50_000, 20, 20)
    try:
        yield
    finally:
        gc.set_threshold(*threshold)
        gc.unfreeze()  # a pool froze the heap before forking


OutStat = tuple[int, int, int]


def site_counts(site: Site) -> tuple[dict[str, dict[str, int]], dict[str, int]]:
    """Pages per language and kind, and terms per taxonomy, of what is built."""
    config = site.config
    pages: dict[str, dict[str, int]] = {code: {} for code in config.lang_codes}
    terms: dict[str, int] = {}
    for page in site.pages.values():
        if not config.builds(page.kind.value):
            continue  # a home kept in the model but not built
        per_lang = pages[page.lang]
        per_lang[page.kind.value] = per_lang.get(page.kind.value, 0) + 1
        if page.kind is PageKind.TERM:
            terms[page.taxonomy] = terms.get(page.taxonomy, 0) + 1
    return pages, terms


def _next_due(content: Iterable[SourcePage], now: datetime) -> datetime | None:
    """The first moment after `now` when a page becomes due or expires."""
    later = [
        when
        for src in content
        for when in (src.publish_date, src.expiry_date)
        if when is not None and when > now
    ]
    return min(later, default=None)


def _out_stat(path: str) -> OutStat:
    try:
        st = os.stat(path)  # noqa: PTH116 (a str: thousands of files per build)
    except OSError:
        return (-1, 0, 0)
    return (st.st_size, st.st_mtime_ns, st.st_ino)


def _unit_file(site: Site, unit: Unit) -> str:
    """The main output file of a part (a feed's is its index.xml)."""
    key, part = unit
    page = site.pages[key]
    if isinstance(part, int):
        return output_file(site.pagers[key][part - 1].path)
    if part == "feed":
        return output_file(page.path + "index.xml")
    return output_file(page.path)
