"""Orchestration: config -> content -> site -> bodies -> pages -> staging -> public/.

Markdown bodies and pages render in a process pool (fork: workers inherit the site model).
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

import jinja2

from polyblog.config import Config, load_config
from polyblog.content import load_content
from polyblog.errors import BlogError, ErrorList, SourcePos, TemplateError, Warning_
from polyblog.i18n import Catalog, missing_strings
from polyblog.links import walk_files
from polyblog.markup import (
    RenderedBody,
    highlight_options,
    render_markdown,
)
from polyblog.output import Staging, check_destination, check_lengths, write_file
from polyblog.render.env import (
    PACKAGE_THEMES,
    environment,
    link_warnings,
    template_dirs,
    theme_dir,
)
from polyblog.render.menus import Menus, site_menus
from polyblog.render.pages import Output, RenderContext, layout_warnings, render_page
from polyblog.render.relative import relative_urls
from polyblog.render.shortcodes import JinjaShortcodes, stub_warnings
from polyblog.render.site_files import render_aliases, render_sitemaps, render_syntax_css
from polyblog.render.theme_params import theme_warnings
from polyblog.render.views import Views
from polyblog.search import index_site
from polyblog.shortcodes.expand import Expander
from polyblog.shortcodes.parse import Node
from polyblog.site import BuildOptions, Page, PageKey, PageKind, Site, build_site
from polyblog.site.outputs import output_files

PARALLEL_THRESHOLD = 64  # pages; below this a pool costs more than it saves
T = TypeVar("T")
R = TypeVar("R")


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


@dataclass(frozen=True, slots=True, kw_only=True)
class Staged:
    """A build's output before it is swapped in, for a check of it (`BuildRequest.inspect`)."""

    folder: Path  # the staging folder
    source: Path  # the site folder
    site: Site
    files: frozenset[str]  # every output file, relative posix paths
    bodies: Mapping[PageKey, RenderedBody]


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
    inspect: Callable[[Staged], list[Warning_]] | None = None
    # told (stage, done, total) as pages are rendered: `blog build`'s progress line
    progress: Callable[[str, int, int], None] | None = None


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
        options = BuildOptions(
            drafts=options.drafts,
            future=options.future,
            expired=options.expired,
            now=datetime.now(UTC),
        )
    mark = time.perf_counter()
    gc_threshold = gc.get_threshold()
    gc.set_threshold(50_000, 20, 20)  # the model is built of many small, acyclic objects
    try:
        return _build(request, source, destination, options, started, mark)
    finally:
        gc.set_threshold(*gc_threshold)
        gc.unfreeze()


def _build(
    request: BuildRequest,
    source: Path,
    destination: Path,
    options: BuildOptions,
    started: float,
    mark: float,
) -> BuildResult:
    timings: dict[str, float] = {}
    site, warnings = load_site(source, options, request.base_url)
    config = site.config
    check_destination(destination, source, source_dirs(config))
    check_lengths(destination, output_files(site))
    timings["load"] = time.perf_counter() - mark

    state, theme = make_state(source, site, request.live_reload, warnings)
    state.relative_urls = request.relative_urls

    mark = time.perf_counter()
    keys = [k for k, p in site.pages.items() if p.source is not None and p.source.has_content]
    bodies = dict(run_parallel(state, _render_body, keys, request.jobs, progress=request.progress))
    timings["markdown"] = time.perf_counter() - mark

    mark = time.perf_counter()
    state.bodies = bodies
    staging = Staging(destination)
    try:
        state.staging = staging.path
        written = run_parallel(
            state, _render_page, list(site.pages), request.jobs, progress=request.progress
        )
        ctx = state.context()
        site_files = [*render_aliases(ctx), *render_sitemaps(ctx), *render_syntax_css(ctx)]
        site_files = [(rel, _finish(state, rel, data)) for rel, data in site_files]
        timings["templates"] = time.perf_counter() - mark
        mark = time.perf_counter()
        files = _write(staging, site, theme, source, written, site_files, warnings)
        if request.inspect is not None:
            timings["write"] = time.perf_counter() - mark
            mark = time.perf_counter()
            staged = Staged(
                folder=staging.path,
                source=source,
                site=site,
                files=frozenset(staging.written),
                bodies=bodies,
            )
            warnings += request.inspect(staged)
            timings["links"] = time.perf_counter() - mark
            mark = time.perf_counter()
        if request.strict and warnings:
            raise ErrorList(
                [BlogError(f"warning (--strict): {w.message}", w.pos) for w in warnings]
            )
        # -- search hook: the Pagefind index of the staged output, before the swap ---------
        if config.search.enabled:
            searched = index_site(staging.path)  # polyblog.search; raises BlogError
            staging.written.update(dict.fromkeys(searched.files, "search"))
            timings["search"] = searched.seconds
            mark += searched.seconds  # not counted in "write"
        # -- end of the search hook -------------------------------------------------------
        staging.commit()
    finally:
        staging.discard()
    timings["write"] = timings.get("write", 0.0) + time.perf_counter() - mark

    result = BuildResult(
        destination=destination,
        files=files,
        warnings=warnings,
        site=site,
        timings=timings,
        summaries={key: body.plain_summary for key, body in bodies.items()},
    )
    result.pages = {code: {} for code in site.config.lang_codes}
    for page in site.pages.values():
        if not config.builds(page.kind.value):
            continue  # a home kept in the model but not built
        per_lang = result.pages[page.lang]
        per_lang[page.kind.value] = per_lang.get(page.kind.value, 0) + 1
        if page.kind is PageKind.TERM:
            result.terms[page.taxonomy] = result.terms.get(page.taxonomy, 0) + 1
    result.seconds = time.perf_counter() - started
    return result


def make_state(
    source: Path,
    site: Site,
    live_reload: bool,
    warnings: list[Warning_],
    catalog: Catalog | None = None,
) -> tuple[_State, Path]:
    """The theme and the render state shared by `blog build` and `blog serve`."""
    config = site.config
    theme = theme_dir(source, config.theme)
    if theme is None:
        local = source / "themes" / config.theme
        note = f" (themes/{config.theme} points outside the site folder)" if local.exists() else ""
        raise BlogError(
            f"theme: no theme {config.theme!r} in themes/ or bundled with polyblog{note}",
            SourcePos("blog.yaml"),
        )
    warnings += link_warnings(source, config.theme, theme, config.layouts_dir)
    menus, menu_warnings = site_menus(site)
    dirs = template_dirs(source, theme, config.layouts_dir)
    warnings += stub_warnings(dirs, source)
    # the bundled theme's strings first: the built-in shortcodes use them under any theme
    i18n_dirs = tuple(
        dict.fromkeys((PACKAGE_THEMES / "default" / "i18n", theme / "i18n", source / "i18n"))
    )
    roots = (source, PACKAGE_THEMES.resolve())
    if catalog is None:
        catalog = Catalog.load(i18n_dirs, roots)
    shown = f"themes/{config.theme}/" if theme.is_relative_to(source) else "the bundled theme"
    warnings += missing_strings(catalog, config, source / "i18n", theme / "i18n", shown)
    state = _State(
        site=site,
        template_dirs=dirs,
        i18n_dirs=i18n_dirs,
        live_reload=live_reload,
        roots=roots,
        catalog=catalog,
        menus=menus,
    )
    warnings += menu_warnings
    warnings += theme_warnings(config)
    warnings += layout_warnings(site, state.environment())
    return state, theme


def source_dirs(config: Config) -> list[Path]:
    """The site folders a destination must never be, or be inside (build and serve)."""
    root = config.root
    # layouts/ even when `layouts_dir` is another folder: a Hugo site's own templates live there
    names = [config.content_dir, "static", config.layouts_dir, "layouts", "themes", "i18n",
             "archetypes", "data"]  # fmt: skip
    dirs = [root / name for name in dict.fromkeys(names)]
    dirs += [root / lang.content_dir for lang in config.languages if lang.content_dir]
    return dirs


def _write(
    staging: Staging,
    site: Site,
    theme: Path,
    source: Path,
    written: Sequence[list[str]],
    site_files: Output,
    warnings: list[Warning_],
) -> int:
    """Record what the workers wrote, write the site-wide files, then copy resources and static
    files that no page replaced."""
    for files in written:
        for rel in files:
            if rel in staging.written:
                raise BlogError(f"two pages claim the file {rel}")
            staging.written[rel] = ""
    for rel, data in site_files:
        if rel in staging.written:
            raise BlogError(f"two outputs claim the file {rel}")
        staging.write(rel, data)
    for rel, (path, origin) in copy_plan(site, theme, source, set(staging.written), warnings):
        staging.copy(path, rel, origin=origin)
    return len(staging.written)


def copy_plan(
    site: Site, theme: Path, source: Path, generated: set[str], warnings: list[Warning_]
) -> list[tuple[str, tuple[Path, str]]]:
    """The files copied as they are: (output file, (file, origin for messages)) for bundle
    resources, then the site's `static/` over the theme's. Generated files win: a resource on
    a page's URL is an error, a static file under one a warning."""
    plan: dict[str, tuple[Path, str]] = {}
    for page in site.pages.values():
        for res, out in page.resources:
            rel = out.lstrip("/")
            if rel in generated:
                raise BlogError(f"bundle file {res} has the URL of a page", SourcePos(res))
            plan.setdefault(rel, (source / res, res))
    site_static = source / "static"
    for folder in (site_static, theme / "static"):  # the site's static wins
        for path, rel in _static_files(folder, source, warnings):
            origin = path.relative_to(source).as_posix() if path.is_relative_to(source) else ""
            if rel in generated:
                if folder == site_static:
                    warnings.append(
                        Warning_(
                            f"static file {rel} is replaced by a generated page", SourcePos(origin)
                        )
                    )
                continue
            plan.setdefault(rel, (path, origin))
    return list(plan.items())


def _static_files(
    folder: Path, site_root: Path, warnings: list[Warning_]
) -> Iterable[tuple[Path, str]]:
    """Files under a static folder; in the site, symlinks leaving it are skipped and reported."""
    in_site = folder.absolute().is_relative_to(site_root)  # where it is, not where it points
    root = site_root if in_site else folder  # the bundled theme's folder checks itself
    for path in walk_files(folder, root, warnings, shown_from=site_root):
        yield path, path.relative_to(folder).as_posix()


# -- the pool ----------------------------------------------------------------------------------


@dataclass(slots=True)
class _State:
    site: Site
    template_dirs: tuple[str, ...]
    i18n_dirs: tuple[Path, ...]
    live_reload: bool
    relative_urls: bool = False
    roots: tuple[Path, ...] = ()  # templates and i18n files must resolve inside these
    bodies: dict[PageKey, RenderedBody] = field(default_factory=dict)
    staging: Path | None = None
    catalog: Catalog | None = None
    menus: Menus = field(default_factory=dict)
    _ctx: RenderContext | None = None
    _shortcodes: JinjaShortcodes | None = None

    def shortcodes(self) -> JinjaShortcodes:
        if self._shortcodes is None:
            self._shortcodes = JinjaShortcodes(self.context(), self.template_dirs)
        return self._shortcodes

    def environment(self) -> jinja2.Environment:
        return environment(self.template_dirs, self.roots, self.site.config.layouts_dir)

    def context(self) -> RenderContext:
        if self._ctx is None or self._ctx.views.bodies is not self.bodies:
            views = Views(self.site, self.bodies)
            if self.catalog is None:
                self.catalog = Catalog.load(self.i18n_dirs, self.roots)
            self._ctx = RenderContext(
                site=self.site,
                views=views,
                env=self.environment(),
                catalog=self.catalog or Catalog.load(self.i18n_dirs, self.roots),
                live_reload=self.live_reload,
                menus=self.menus,
            )
            self._shortcodes = None
            views.finish = self.shortcodes().fill_cards
        return self._ctx


_STATE: _State | None = None  # set in the parent before forking; workers inherit it


def _render_body(key: PageKey) -> tuple[PageKey, RenderedBody]:
    key, body, _reads = render_body_reads(key)
    return key, body


def render_body_reads(key: PageKey) -> tuple[PageKey, RenderedBody, frozenset[tuple[str, str]]]:
    """A page's body, and which other pages its shortcodes looked up."""
    assert _STATE is not None
    site = _STATE.site
    page = site.pages[key]
    src = page.source
    assert src is not None
    config = site.config
    expander = _expander(site, page, src.body, src.body_line)
    body = render_markdown(
        src.body,
        page.lang,
        config.markup,
        src.summary,
        config.summary_length,
        expander,
        base_path=config.base_path,
        markup=src.markup,
    )
    return key, body, frozenset(expander.reads)


def _expander(site: Site, page: Page, body: str, line: int) -> Expander:
    assert _STATE is not None
    return Expander(
        site=site,
        page=page,
        body=body,
        body_line=line,
        templates=_STATE.shortcodes(),
        render_fragment=_no_fragment,
        highlight=highlight_options,
    )


def _no_fragment(nodes: list[Node], raw: str) -> str:  # replaced by the Markdown stage
    return raw


def _finish(state: _State, rel: str, data: bytes) -> bytes:
    """The one pass over generated files before they are written: `--relative-urls`."""
    if state.relative_urls and rel.endswith(".html"):
        return relative_urls(data, rel, state.site.config.base_path)
    return data


def _render_page(key: PageKey) -> list[str]:
    """Render a page and write its files into the staging folder; return their paths."""
    assert _STATE is not None and _STATE.staging is not None
    out = []
    for rel, data in render_page(_STATE.context(), key):
        write_file(_STATE.staging, rel, _finish(_STATE, rel, data))
        out.append(rel)
    return out


def _guarded(fn: Callable[[T], R], item: T) -> tuple[bool, Any]:
    try:
        return True, fn(item)
    except BlogError as exc:
        return False, exc
    except ErrorList as exc:  # several errors of one item (every broken call of a page)
        return False, exc
    except RecursionError:
        return False, BlogError(f"input nested too deeply while rendering {item}")


def _call(arg: tuple[Callable[[Any], Any], Any]) -> tuple[bool, Any]:
    return _guarded(arg[0], arg[1])


def run_parallel(
    state: _State,
    fn: Callable[[T], R],
    items: list[T],
    jobs: int | None,
    threshold: int = PARALLEL_THRESHOLD,
    progress: Callable[[str, int, int], None] | None = None,
) -> list[R]:
    """Map `fn` over items, in a forked pool when there are `threshold` items or more;
    collect every error. `progress` hears (stage, done, total) as results arrive, in order."""
    global _STATE
    _STATE = state
    workers = jobs if jobs is not None else (os.cpu_count() or 1)
    parallel = workers > 1 and len(items) >= threshold and _can_fork()
    stage = "markdown" if fn is _render_body else "pages"
    total = len(items)
    results: list[tuple[bool, Any]] = []
    if parallel:
        _warm(state)
        ctx = multiprocessing.get_context("fork")
        with ctx.Pool(workers, initializer=_worker_init, initargs=(os.getpid(),)) as pool:
            chunk = max(1, min(32, len(items) // (workers * 8)))
            for result in pool.imap(_call, [(fn, item) for item in items], chunksize=chunk):
                results.append(result)
                if progress is not None:
                    progress(stage, len(results), total)
    else:
        for item in items:
            results.append(_guarded(fn, item))
            if progress is not None:
                progress(stage, len(results), total)
    failed = [value for ok, value in results if not ok]
    errors = _dedupe([e for v in failed for e in (v.errors if isinstance(v, ErrorList) else [v])])
    if errors:
        raise ErrorList(errors)
    return [value for _ok, value in results]


def _warm(state: _State) -> None:
    """Compile every template and load translations before forking: workers inherit them
    instead of each compiling its own; freeze the heap so the collector skips it."""
    ctx = state.context()
    for name in ctx.env.list_templates(extensions=["html", "xml", "txt"]):
        with contextlib.suppress(Exception):  # a broken template is reported where it is used
            ctx.env.get_template(name)
    state.shortcodes().names()
    gc.freeze()


def _dedupe(errors: list[BlogError]) -> list[BlogError]:
    """One broken template line fails every page: report it once, with a count."""
    seen: dict[tuple[str, str], list[BlogError]] = {}
    out: list[BlogError] = []
    for exc in errors:
        if not isinstance(exc, TemplateError) or exc.pos is None:
            out.append(exc)
            continue
        reason = exc.message.split(": ", 1)[1] if exc.message.startswith("while ") else exc.message
        key = (str(exc.pos), reason)
        if key not in seen:
            seen[key] = []
            out.append(exc)
        seen[key].append(exc)
    for index, exc in enumerate(out):
        if isinstance(exc, TemplateError) and exc.pos is not None:
            reason = (
                exc.message.split(": ", 1)[1] if exc.message.startswith("while ") else exc.message
            )
            count = len(seen[(str(exc.pos), reason)])
            if count > 1:
                more = "1 more page" if count == 2 else f"{count - 1} more pages"
                out[index] = TemplateError(f"{exc.message} (and {more})", exc.pos)
    return out


def _worker_init(parent: int) -> None:
    """Workers die quietly on SIGTERM/SIGINT; the parent reports and cleans up. A worker never
    outlives its parent: killed (even with `kill -9`), the parent takes its workers with it."""
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if not _die_with_parent():
        threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()
    if os.getppid() != parent:  # the parent was gone before we could ask
        os._exit(1)


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


def _can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()
