"""Incremental rebuilds for `blog serve`: keep the model, the bodies and what every rendered
part read, and after an edit render again only the parts whose inputs changed.

The contract (tested): after any sequence of edits, the output folder equals a clean `blog build`
of the same files with the same options.

How it decides (docs/architecture.md, "Incremental rebuilds"):
- content files are re-read only when their stat changed (`load_content`'s cache); when only
  known files were modified, the folders are not walked again;
- if a file's front matter is unchanged, the model is patched (the page gets its new source);
  otherwise the model is assembled again;
- a body is expanded and rendered again when its source or its page changed, or when a page its
  shortcodes looked up (`article`, `ref`) changed or appeared at a path it asked for;
- every rendered part (a page, one pager of a list, a feed) records what it read (see
  `polyblog.render.views.Read`); a part renders again when one of those reads changed;
- templates or translations (i18n) changing means every part again (the bodies too for shortcode
  templates and i18n); `blog.yaml` changing means a full rebuild.
"""

from __future__ import annotations

import contextlib
import dataclasses
import gc
import hashlib
import os
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from polyblog import build as b
from polyblog.config import Config, load_config
from polyblog.content import ReadCache, SourcePage, file_stat, load_content
from polyblog.content.discover import content_roots, is_content, reread
from polyblog.errors import BlogError, ErrorList, SourcePos, Warning_
from polyblog.i18n import Catalog
from polyblog.markup import RenderedBody
from polyblog.output import check_destination, check_lengths, remove_file, replace_file
from polyblog.render.env import environment
from polyblog.render.menus import Menus, site_menus
from polyblog.render.pages import Part, page_parts, render_part
from polyblog.render.site_files import render_aliases, render_sitemaps, render_syntax_css
from polyblog.render.views import Read
from polyblog.site import BuildOptions, Page, PageKey, PageKind, Site, build_site
from polyblog.site.assemble import Memo
from polyblog.site.lookup import read_holds
from polyblog.site.outputs import output_files
from polyblog.urls import output_file

Unit = tuple[PageKey, Part]
INCREMENTAL_POOL = 400  # parts: below this an incremental rebuild renders in-process
TEMPLATE_DIRS = ("i18n",)  # and the config's `layouts_dir`


def _touches_bodies(rel: str) -> bool:
    """Shortcode templates and translations can change rendered bodies; other templates can't."""
    parts = rel.split("/")
    return "shortcodes" in parts or "i18n" in parts or len(parts) < 3


@dataclass(frozen=True, slots=True)
class UnitRecord:
    files: tuple[str, ...]
    reads: frozenset[Read]


@dataclass(slots=True)
class Report:
    """What one (re)build did, for the terminal line and the browser."""

    reason: str
    full: bool
    rendered: int = 0  # parts rendered
    bodies: int = 0  # Markdown bodies rendered
    written: list[str] = field(default_factory=list)  # files whose bytes changed
    deleted: list[str] = field(default_factory=list)
    warnings: list[Warning_] = field(default_factory=list)
    seconds: float = 0.0
    site: Site | None = None
    timings: dict[str, float] = field(default_factory=dict)

    def lap(self, stage: str, since: float) -> float:
        now = time.perf_counter()
        self.timings[stage] = self.timings.get(stage, 0.0) + now - since
        return now


@dataclass(slots=True)
class _Model:
    """Everything a rebuild compares against; replaced as a whole on success."""

    config: Config
    site: Site
    bodies: dict[PageKey, RenderedBody]
    body_reads: dict[PageKey, frozenset[tuple[str, str]]]
    units: dict[Unit, UnitRecord]
    index: dict[Read, set[Unit]]  # read -> parts that made it
    claimed: dict[str, Unit]  # output file -> the part that makes it
    hashes: dict[str, bytes]  # output file -> digest of what the session wrote there
    owners: dict[str, str]  # output file -> "page", "site" or the source it was copied from
    stamps: dict[str, tuple[int, int, int, int]]  # copied file -> source stat when copied
    warnings: list[Warning_]


class Session:
    """A site being served: `full()` once, then `update(paths)` after each burst of edits."""

    def __init__(
        self,
        source: Path,
        destination: Path,
        options: BuildOptions,
        *,
        base_url: str | None = None,
        live_reload: bool = True,
        jobs: int | None = None,
    ) -> None:
        self.source = source.resolve()
        self.destination = destination.resolve()
        now = options.now or datetime.now(UTC)  # fixed: a rebuild never changes what is future
        self.options = dataclasses.replace(options, now=now)
        self.base_url = base_url
        self.live_reload = live_reload
        self.jobs = jobs
        self.cache: ReadCache = {}
        self.memo: Memo = {}  # regular pages assembled before, for this config
        self.model: _Model | None = None
        self._content: list[SourcePage] | None = None
        self._known: dict[Path, SourcePage] = {}  # content file -> what it says
        self._replaced: dict[Path, SourcePage] | None = None  # files re-read by the fast path
        self._pending: set[Path] = set()  # changes of failed rebuilds, tried again next time
        self._catalog: Catalog | None = None
        self._first: tuple[str, ...] = ()
        # called with the output files written ahead of a full render (`update(first=...)`)
        self.early: Callable[[list[str]], None] | None = None

    # -- entry points ----------------------------------------------------------------------

    def full(self, reason: str = "full build") -> Report:
        """Read and render everything (the first build, or after `blog.yaml` changed)."""
        with _collector():
            return self._full(reason)

    def update(self, paths: Iterable[Path], first: Iterable[str] = ()) -> Report:
        """Rebuild after `paths` changed (created, modified or deleted). When every page is
        rendered again (a template changed), the output files in `first` (pages open in a
        browser) are rendered and written first and reported to `self.early`."""
        self._first = tuple(first)
        with _collector():
            return self._update(paths)

    def _full(self, reason: str = "full build") -> Report:
        """Read and render everything (the first build, or after templates or config changed)."""
        started = time.perf_counter()
        environment.cache_clear()  # templates may have changed
        self._catalog = None
        config = load_config(self.source, self.base_url)
        if self.model is not None and self.model.config != config:
            self.cache.clear()
            self.memo.clear()
        content = load_content(config, self.cache)
        if content.errors:
            raise ErrorList(list(content.errors))
        site = build_site(config, content.pages, self.options, self.memo)
        check_destination(self.destination, self.source, b.source_dirs(config))
        check_lengths(self.destination, output_files(site))
        report = Report(reason=reason, full=True)
        self._replaced = None
        self._content_warnings = content.warnings  # a body-only edit reports them again
        report.warnings += [*config.warnings, *content.warnings, *site.warnings]
        self._render(site, content.pages, report, previous=None)
        report.seconds = time.perf_counter() - started
        return report

    def _update(self, paths: Iterable[Path]) -> Report:
        started = time.perf_counter()
        self._pending |= {Path(p).absolute() for p in paths}
        if self.model is None:
            return self._full()
        changed = sorted(self._pending)
        rels = [self._rel(p) for p in changed]
        reason = ", ".join(r for r in rels if r) or "files changed"
        if "blog.yaml" in rels:
            report = self._full(reason)
            report.seconds = time.perf_counter() - started
            return report
        model = self.model
        config = model.config
        templates = [rel for rel in rels if self._is_template(rel)]
        keep = True
        if templates:
            # every part again with the new templates; bodies too if a shortcode template or
            # a translation file (shortcodes can use `t`) changed
            environment.cache_clear()
            self._catalog = None
            keep = not any(_touches_bodies(rel) for rel in templates)
        report = Report(reason=reason, full=bool(templates))
        mark = time.perf_counter()
        pages = self._content_after(changed, config)
        mark = report.lap("read", mark)
        site = self._site_after(pages, model, config)
        report.lap("model", mark)
        report.warnings += [*config.warnings, *self._content_warnings, *site.warnings]
        self._render(site, pages, report, model, keep_bodies=keep)
        report.seconds = time.perf_counter() - started
        return report

    # -- reading ---------------------------------------------------------------------------

    _content_warnings: tuple[Warning_, ...] = ()

    def _rel(self, path: Path) -> str:
        try:
            return path.relative_to(self.source).as_posix()
        except ValueError:
            return ""

    def _is_template(self, rel: str) -> bool:
        """The site's `layouts_dir`, `i18n/`, or a theme's files other than its `static/`."""
        parts = rel.split("/")
        if parts[0] == "themes":
            return not (len(parts) > 2 and parts[2] == "static")
        layouts = self.model.config.layouts_dir if self.model is not None else "layouts"
        return parts[0] in TEMPLATE_DIRS or rel == layouts or rel.startswith(layouts + "/")

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
        content = load_content(config, self.cache)
        if content.errors:
            raise ErrorList(list(content.errors))
        self._content_warnings = content.warnings
        return list(content.pages)

    def _in_content(self, path: Path, config: Config) -> bool:
        return any(path.is_relative_to(root.path) for root in content_roots(config))

    def _site_after(self, pages: list[SourcePage], model: _Model, config: Config) -> Site:
        """Patch the model when only bodies changed; else assemble it again."""
        old = self._content or []
        if len(old) == len(pages):
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
        site = build_site(config, tuple(pages), self.options, self.memo)
        check_lengths(self.destination, output_files(site))
        return site

    # -- rendering -------------------------------------------------------------------------

    def _render(
        self,
        site: Site,
        pages: Iterable[SourcePage],
        report: Report,
        previous: _Model | None,
        keep_bodies: bool = True,
    ) -> None:
        """Render what changed since `previous` (everything when `report.full`)."""
        everything = report.full
        state, theme = b.make_state(
            self.source, site, self.live_reload, report.warnings, self._catalog
        )
        old_site = previous.site if previous else None
        meta = _meta_changes(old_site, site)

        mark = time.perf_counter()
        # bodies
        bodies: dict[PageKey, RenderedBody] = {}
        body_reads: dict[PageKey, frozenset[tuple[str, str]]] = {}
        todo: list[PageKey] = []
        for key, page in site.pages.items():
            if page.source is None or not page.source.has_content:
                continue
            if keep_bodies and previous and old_site is not None and key in previous.bodies:
                reads = previous.body_reads[key]
                old = old_site.pages.get(key)
                if old == page and _reads_hold(reads, old_site, site, meta):
                    bodies[key] = previous.bodies[key]
                    body_reads[key] = reads
                    continue
            todo.append(key)
        threshold = b.PARALLEL_THRESHOLD if not keep_bodies or previous is None else 64
        for key, body, reads in b.run_parallel(state, _body, todo, self.jobs, threshold):
            bodies[key] = body
            body_reads[key] = reads
        report.bodies = len(todo)
        mark = report.lap("markdown", mark)
        state.bodies = bodies

        # parts
        changed = _changed_reads(old_site, site, meta, previous.bodies if previous else {}, bodies)
        changed |= _menu_reads(old_site, site, state.menus)
        ctx = state.context()
        if (
            not everything
            and previous is not None
            and old_site is not None
            and old_site.pagers is site.pagers
        ):
            units = dict(previous.units)  # same pages, same pagers: same parts
            todo_units: list[Unit] = []
        else:
            units = {}
            todo_units = []
            for key in site.pages:
                for part in page_parts(ctx, key):
                    unit = (key, part)
                    record = previous.units.get(unit) if previous else None
                    if record is not None and not everything:
                        units[unit] = record
                    else:
                        todo_units.append(unit)
        removed: set[Unit] = set(previous.units) - set(units) if previous else set()
        if previous is not None and not everything:
            stale: set[Unit] = set()
            for read in changed:
                stale |= previous.index.get(read, set())
            todo_units += sorted((u for u in stale if u in units), key=_unit_order)
        # a full render writes straight into the output from the workers
        state.staging = self.destination if everything else None
        mark = report.lap("compare", mark)
        # forking a pool costs more than rendering a few hundred parts in this process
        ahead: list[tuple[Unit, list[tuple[str, bytes]], frozenset[Read]]] = []
        if everything and previous is not None and self._first:
            ahead, todo_units = self._ahead(state, todo_units)
        threshold = b.PARALLEL_THRESHOLD if everything else INCREMENTAL_POOL
        rendered = ahead + b.run_parallel(state, _part, todo_units, self.jobs, threshold)
        todo_units = [unit for unit, _files, _reads in ahead] + todo_units
        mark = report.lap("templates", mark)
        report.rendered = len(todo_units)
        outputs: dict[str, bytes] = {}  # file -> bytes, or its digest once a worker wrote it
        for unit, files, reads in rendered:
            units[unit] = UnitRecord(tuple(rel for rel, _ in files), reads)
            outputs.update(files)
        claimed: dict[str, Unit] = dict(previous.claimed) if previous and not everything else {}
        for unit in [*removed, *todo_units]:
            old_record = previous.units.get(unit) if previous else None
            for rel in old_record.files if old_record else ():
                if claimed.get(rel) == unit:
                    del claimed[rel]
        for unit in todo_units:
            for rel in units[unit].files:
                if rel in claimed and claimed[rel] != unit:
                    raise BlogError(f"two pages claim the file {rel}")
                claimed[rel] = unit

        # site-wide files, when the model changed
        site_files: dict[str, bytes] = {}
        kept: set[str] = set()
        if everything or meta.any:
            ctx = state.context()
            langs = None if everything or old_site is None else _sitemap_langs(old_site, site, meta)
            generated = [
                *render_aliases(ctx),
                *render_sitemaps(ctx, langs),
                *render_syntax_css(ctx),
            ]
            for rel, data in generated:
                if rel in claimed or rel in site_files:
                    raise BlogError(f"two outputs claim the file {rel}")
                site_files[rel] = data
            if langs is not None and previous is not None:  # other languages' sitemaps stay
                codes = site.config.lang_codes
                skipped = {
                    f"{code}/sitemap.xml" if len(codes) > 1 else "sitemap.xml"
                    for code in codes
                    if code not in langs
                }
                kept = {r for r, o in previous.owners.items() if o == "site" and r in skipped}
        elif previous is not None:
            kept = {rel for rel, owner in previous.owners.items() if owner == "site"}

        # copies: bundle resources and static files
        taken = set(claimed) | set(site_files) | kept
        copies = dict(b.copy_plan(site, theme, self.source, taken, report.warnings))
        mark = report.lap("site files", mark)

        self._commit(site, pages, state, bodies, body_reads, units, outputs, site_files,
                     copies, claimed, kept, (removed, todo_units), previous, report)  # fmt: skip
        report.lap("write", mark)

    def _ahead(
        self, state: b._State, units: list[Unit]
    ) -> tuple[list[tuple[Unit, list[tuple[str, bytes]], frozenset[Read]]], list[Unit]]:
        """Render the parts of the pages open in a browser now, in this process, write them and
        say so; the rest goes to the pool."""
        site = state.site
        wanted = set(self._first)
        first: list[Unit] = []
        rest: list[Unit] = []
        for unit in units:
            (first if _unit_file(site, unit) in wanted else rest).append(unit)
        if not first:
            return [], units
        done = b.run_parallel(state, _part, first, 1)  # staging is set: written as rendered
        if self.early is not None:
            self.early([rel for _unit, files, _reads in done for rel, _digest in files])
        return done, rest

    def _commit(
        self,
        site: Site,
        pages: Iterable[SourcePage],
        state: b._State,
        bodies: dict[PageKey, RenderedBody],
        body_reads: dict[PageKey, frozenset[tuple[str, str]]],
        units: dict[Unit, UnitRecord],
        outputs: Mapping[str, bytes],
        site_files: Mapping[str, bytes],
        copies: Mapping[str, tuple[Path, str]],
        claimed: dict[str, Unit],
        kept_site: set[str],
        touched: tuple[set[Unit], list[Unit]],
        previous: _Model | None,
        report: Report,
    ) -> None:
        """Write what changed, delete what is gone, then keep the new model."""
        hashes = dict(previous.hashes) if previous else {}
        stamps = dict(previous.stamps) if previous else {}
        dest = self.destination
        dest.mkdir(parents=True, exist_ok=True)
        direct = state.staging is not None  # the workers wrote the pages, `outputs` has digests
        for rel, data in outputs.items():
            if direct:
                hashes[rel] = data
                report.written.append(rel)
                continue
            self._put(rel, data, hashes, report)
        for rel, data in site_files.items():
            self._put(rel, data, hashes, report)
        owners: dict[str, str] = dict.fromkeys(claimed, "page")
        owners.update(dict.fromkeys(kept_site, "site"))
        owners.update(dict.fromkeys(site_files, "site"))
        for rel, (src, shown) in sorted(copies.items()):
            stamp = file_stat(src)
            origin = str(src)  # who owns the output file: a different source means copy again
            if stamps.get(rel) != stamp or (previous and previous.owners.get(rel) != origin):
                try:
                    data = src.read_bytes()
                except OSError as exc:
                    reason = exc.strerror or type(exc).__name__
                    raise BlogError(f"cannot read {rel}: {reason}", SourcePos(shown)) from None
                replace_file(dest, rel, data, shown)
                stamps[rel] = stamp
                hashes.pop(rel, None)
                report.written.append(rel)
            owners[rel] = origin
        old_owned = set(previous.owners) if previous else set(_existing(dest))
        for rel in sorted(old_owned - set(owners)):
            if remove_file(dest, rel):
                report.deleted.append(rel)
            hashes.pop(rel, None)
            stamps.pop(rel, None)
        removed, rendered = touched
        if previous is None or report.full:
            index: dict[Read, set[Unit]] = {}
        else:
            index = previous.index  # updated in place: nothing below can fail
            for unit in [*removed, *rendered]:
                old = previous.units.get(unit)
                for read in old.reads if old else ():
                    index[read].discard(unit)
        for unit in units if previous is None or report.full else rendered:
            for read in units[unit].reads:
                index.setdefault(read, set()).add(unit)
        self._catalog = state.catalog
        self._pending.clear()
        self.model = _Model(
            config=site.config,
            site=site,
            bodies=bodies,
            body_reads=body_reads,
            units=units,
            index=index,
            claimed=claimed,
            hashes=hashes,
            owners=owners,
            stamps=stamps,
            warnings=report.warnings,
        )
        self._content = list(pages)
        if previous is not None and self._replaced is not None:
            self._known.update(self._replaced)
        else:
            self._known = {site.config.root / p.path: p for p in self._content}
        self._replaced = None
        report.site = site

    def _put(self, rel: str, data: bytes, hashes: dict[str, bytes], report: Report) -> None:
        digest = hashlib.blake2b(data, digest_size=16).digest()
        if hashes.get(rel) != digest or not (self.destination / rel).is_file():
            replace_file(self.destination, rel, data)
            hashes[rel] = digest
            report.written.append(rel)


@contextlib.contextmanager
def _collector() -> Iterator[None]:
    """The collector tuned as `blog build` does: the model is many small acyclic objects, and
    default thresholds make every rebuild pay for full collections of a large heap."""
    threshold = gc.get_threshold()
    gc.set_threshold(50_000, 20, 20)
    try:
        yield
    finally:
        gc.set_threshold(*threshold)
        gc.unfreeze()  # a pool froze the heap before forking


# -- change detection --------------------------------------------------------------------------


@dataclass(slots=True)
class _MetaChanges:
    meta: set[PageKey] = field(default_factory=set)  # model changed (added, removed too)
    ref: set[PageKey] = field(default_factory=set)  # title, path, language or kind changed
    any: bool = False


def _meta_changes(old: Site | None, new: Site) -> _MetaChanges:
    out = _MetaChanges()
    if old is None:
        out.any = True
        return out
    if old.pages is new.pages:
        return out
    for key in old.pages.keys() | new.pages.keys():
        a, n = old.pages.get(key), new.pages.get(key)
        if a is n:
            continue
        if a is None or n is None:
            out.meta.add(key)
            out.ref.add(key)
            continue
        if not _same_meta(a, n):
            out.meta.add(key)
            if (a.kind, a.lang, a.path, a.title, a.link_title) != (
                n.kind,
                n.lang,
                n.path,
                n.title,
                n.link_title,
            ):
                out.ref.add(key)
    out.any = bool(out.meta) or old.aliases != new.aliases or old.pagers != new.pagers
    return out


def _same_meta(a: Page, n: Page) -> bool:
    """Equal but for the Markdown body (which `("b", key)` reads cover)."""
    if a.source is None or n.source is None or a.source is n.source:
        return a == n
    if dataclasses.replace(n.source, body=a.source.body) != a.source:
        return False
    return dataclasses.replace(n, source=a.source) == a


def _reads_hold(
    reads: frozenset[tuple[str, str]], old: Site, new: Site, meta: _MetaChanges
) -> bool:
    """Would a body's page lookups give the same answers in the new model?"""
    for kind, value in reads:
        if kind == "m":
            if value in meta.meta:
                return False
        elif kind == "path":
            if old.by_path.get(value) != new.by_path.get(value):
                return False
        elif kind == "logical":
            lang, _, path = value.partition(":")
            if old.by_logical.get((lang, path)) != new.by_logical.get((lang, path)):
                return False
        elif not read_holds(kind, value, old, new):
            return False
    return True


def _changed_reads(
    old: Site | None,
    new: Site,
    meta: _MetaChanges,
    old_bodies: Mapping[PageKey, RenderedBody],
    bodies: Mapping[PageKey, RenderedBody],
) -> set[Read]:
    if old is None:
        return set()
    out: set[Read] = {("m", k) for k in meta.meta} | {("r", k) for k in meta.ref}
    for key in old_bodies.keys() | bodies.keys():
        a, n = old_bodies.get(key), bodies.get(key)
        if a is not n and a != n:
            out.add(("b", key))
            if a is None or n is None or _summary_fields(a) != _summary_fields(n):
                out.add(("S", key))
    if old.pages is not new.pages:
        for key in meta.meta:
            was, now = old.pages.get(key), new.pages.get(key)
            if was is None or now is None or len(was.listed) != len(now.listed):
                out.add(("c", key))
        for key in old.pagers.keys() | new.pagers.keys():
            if old.pagers.get(key) != new.pagers.get(key):
                out.add(("p", key))
        for skey in old.series_parts.keys() | new.series_parts.keys():
            if old.series_parts.get(skey) != new.series_parts.get(skey):
                out.add(("s", f"{skey[0]}/{skey[1]}"))
        for lang in new.config.lang_codes:
            if _regular(old, lang) != _regular(new, lang):
                out.add(("L", lang))
    return out


def _menu_reads(old: Site | None, new: Site, menus: Menus) -> set[Read]:
    """("M", lang) for each language whose resolved menus differ from the previous model's."""
    if old is None or old.pages is new.pages:
        return set()
    try:
        before, _warnings = site_menus(old)
    except (BlogError, ErrorList):  # cannot happen for a model that was rendered; be safe
        return {("M", code) for code in new.config.lang_codes}
    return {("M", code) for code in new.config.lang_codes if before.get(code) != menus.get(code)}


def _sitemap_langs(old: Site, new: Site, meta: _MetaChanges) -> frozenset[str]:
    """Languages whose sitemap can differ: those of pages whose model changed, and of the
    translations of pages whose URL or title changed (they list it as an alternate)."""
    langs: set[str] = set()
    for key in meta.meta:
        for site in (old, new):
            page = site.pages.get(key)
            if page is None:
                continue
            langs.add(page.lang)
            if key in meta.ref:
                langs.update(site.pages[k].lang for k in page.translations if k in site.pages)
    return frozenset(langs)


def _summary_fields(body: RenderedBody) -> tuple[object, ...]:
    """What lists and cards show of a body (`("S", key)`); the HTML itself is `("b", key)`."""
    return (
        body.summary_html,
        body.plain_summary,
        body.truncated,
        body.words,
        body.reading_time,
        body.toc,
        body.cards if body.summary_html else (),
    )


def _regular(site: Site, lang: str) -> frozenset[PageKey]:
    return frozenset(k for k, p in site.pages.items() if p.lang == lang and p.kind is PageKind.PAGE)


def _unit_file(site: Site, unit: Unit) -> str:
    """The main output file of a part (a feed's is its index.xml)."""
    key, part = unit
    page = site.pages[key]
    if isinstance(part, int):
        return output_file(site.pagers[key][part - 1].path)
    if part == "feed":
        return output_file(page.path + "index.xml")
    return output_file(page.path)


def _unit_order(unit: Unit) -> tuple[str, str]:
    key, part = unit
    return key, f"{part:08d}" if isinstance(part, int) else str(part)


# -- work done in the pool (module level so forked workers find them) ---------------------------


def _body(key: PageKey) -> tuple[PageKey, RenderedBody, frozenset[tuple[str, str]]]:
    return b.render_body_reads(key)


def _part(unit: Unit) -> tuple[Unit, list[tuple[str, bytes]], frozenset[Read]]:
    """Render one part; in a full render (`staging` set) write it and return digests."""
    state = b._STATE
    assert state is not None
    ctx = state.context()
    views = ctx.views
    outer = views.start_reads()
    try:
        files = render_part(ctx, unit[0], unit[1])
    finally:
        reads = views.end_reads(outer)
    if state.staging is not None:
        for rel, data in files:
            replace_file(state.staging, rel, data)
        files = [(rel, hashlib.blake2b(data, digest_size=16).digest()) for rel, data in files]
    return unit, files, frozenset(reads)


# -- files ---------------------------------------------------------------------------------------


def _existing(dest: Path) -> Iterable[str]:
    if not dest.is_dir():
        return
    for dirpath, dirnames, filenames in os.walk(dest):
        dirnames[:] = [d for d in dirnames if not (dirpath == str(dest) and d.startswith("."))]
        for name in filenames:
            rel = (Path(dirpath) / name).relative_to(dest).as_posix()
            if not (dirpath == str(dest) and name.startswith(".")):
                yield rel
