"""`blog serve`: build with drafts, serve the output, watch the sources, rebuild what changed,
and tell the open pages (live reload, error overlay)."""

from __future__ import annotations

import contextlib
import shutil
import tempfile
import threading
import time
import webbrowser
from collections.abc import Callable, Collection
from dataclasses import dataclass
from pathlib import Path

from polyblog.config import CONFIG_NAME, Config, load_config
from polyblog.engine import Report, Session, cached
from polyblog.engine.store import Store
from polyblog.errors import BlogError, ErrorList, Warning_
from polyblog.search import Stop, refresh_index
from polyblog.serve.http import DevServer, PortInUse, find_free_port
from polyblog.serve.watch import Watcher
from polyblog.site import BuildOptions, PageKind, Site
from polyblog.urls import output_file

WATCHED = ("static", "themes", "i18n")  # and the config's `layouts_dir`


@dataclass(frozen=True, slots=True, kw_only=True)
class ServeOptions:
    source: Path
    destination: Path | None = None  # default: a temporary folder, removed at exit
    bind: str = "127.0.0.1"
    port: int = 1313
    watch: bool = True
    drafts: bool = True
    future: bool = False
    expired: bool = False
    open_browser: bool = False
    jobs: int | None = None
    verbose: bool = False
    cache: bool = True  # start from the build cache, save to it
    cache_dir: Path | None = None


Echo = Callable[[str], None]
Format = Callable[[BaseException], str]


class Served:
    """A running `blog serve`: server, session and watcher; `stop()` ends them."""

    def __init__(self, options: ServeOptions, echo: Echo, format_error: Format) -> None:
        self.options = options
        self.echo = echo
        self.format_error = format_error
        self.source = options.source.resolve()
        self._temp: Path | None = None
        if options.destination is None:
            self._temp = Path(tempfile.mkdtemp(prefix="polyblog-serve-"))
            self.destination = self._temp / "public"
        else:
            self.destination = options.destination.resolve()
        self.destination.mkdir(parents=True, exist_ok=True)
        self.server: DevServer | None = None
        self.session: Session | None = None
        self.watcher: Watcher | None = None
        self.error: str | None = None
        self.rebuilt = threading.Event()  # set after each rebuild (for tests)
        self._early: set[str] = set()  # pages already reloaded during this rebuild
        self._unsaved = False  # a build since the last save of the session (or a save cut short)
        self._search_stop = Stop()
        self._built = threading.Event()  # the first build is over (rebuilds wait for it)
        self._stopping = False
        self._store: Store | None = None
        self._search_lock = threading.Lock()
        self._search_wanted: Config | None = None
        self._search_thread: threading.Thread | None = None
        self.searched = threading.Event()  # set after each search refresh (for tests)

    def start(self) -> str:
        """Bind, build, start watching; returns the server's URL."""
        opts = self.options
        if not (self.source / CONFIG_NAME).is_file():
            load_config(self.source)  # no site here (a Hugo site?): say so and do not serve
        try:
            server, actual = self._listen()
        except PortInUse as exc:
            raise BlogError(f"--port {opts.port}: {exc}") from None
        except OSError as exc:  # an unknown host name, an address this machine doesn't have
            reason = exc.strerror or str(exc)
            raise BlogError(f"--bind {opts.bind}: cannot listen there: {reason}") from None
        self.server = server
        # links are root-relative, so they work from any host; absolute URLs (canonical, feeds)
        # name localhost unless a specific address was asked for
        wildcard = ("127.0.0.1", "localhost", "::1", "0.0.0.0", "::", "")
        host = "localhost" if opts.bind in wildcard else opts.bind
        if ":" in host:
            host = f"[{host}]"
        base_url = f"http://{host}:{actual}/"
        self.session = Session(
            self.source,
            self.destination,
            BuildOptions(drafts=opts.drafts, future=opts.future, expired=opts.expired),
            base_url=base_url,
            live_reload=opts.watch,
            jobs=opts.jobs,
        )
        self.session.early = self._written_early
        self.echo(f"serving {self.source.name} at {base_url} (output in {self.destination})")
        if opts.watch:
            # watch before the first build reads anything: a save made while it runs, or right
            # after the server first answers, is a change the watcher sees (rebuilt after it)
            self.watcher = self._watcher()
            self.watcher.start()
        try:
            report = self._first_build()
            self._unsaved = True
            self._after(report)
            self._homes(report.site, base_url)
            self._save()
        except (BlogError, ErrorList) as exc:
            self._failed(exc)
        finally:
            self._built.set()
        if opts.bind not in ("127.0.0.1", "localhost", "::1"):
            self.echo(f"warning: serving on {opts.bind}: other machines can reach this server")
        if opts.watch:
            self.echo("watching for changes (Ctrl+C to stop)")
        if opts.open_browser:
            webbrowser.open(base_url)
        return base_url

    def _first_build(self) -> Report:
        """The first build: from the build cache when it has this kind of serve (the language
        homes first, so a browser gets a page at once), else everything."""
        session = self.session
        assert session is not None
        warnings: list[Warning_] = []
        self._store = cached.cache_store(
            self.source, self.options.cache_dir, self.options.cache, warnings
        )
        session.image_cache = self._store.folder / "images" if self._store else None
        resumed = cached.resume(session, self._store, warnings, model=True) if self._store else None
        if resumed is None or session.model is None:
            report = session.full()
        else:
            site = session.model.site
            homes = [output_file(site.home(code).path) for code in site.config.lang_codes]
            report = session.update(resumed.resume.paths, first=homes, outputs_lost=True)
            report.reason = "full build (from the cache)"
        report.warnings[:0] = warnings
        return report

    def _save(self) -> None:
        """Keep the session in the build cache, for a quick start next time."""
        if self._store is not None and self.session is not None and self.session.model:
            warnings: list[Warning_] = []
            cached.save(self.session, self._store, warnings)
            self._unsaved = False
            for warning in warnings:
                self.echo(f"warning: {warning.message}")

    def _listen(self) -> tuple[DevServer, int]:
        """The server on the port asked for, else on the next free one (said)."""
        opts = self.options
        try:
            server = DevServer(self.destination, bind=opts.bind, port=opts.port)
            return server, server.start()
        except PortInUse:
            port = find_free_port(opts.bind, opts.port + 1)
            self.echo(f"port {opts.port} is in use: serving on {port} instead")
            server = DevServer(self.destination, bind=opts.bind, port=port)
            return server, server.start()

    def _watcher(self) -> Watcher:
        """The watcher over the folders `blog.yaml` names (the defaults when it does not load)."""
        config_roots: list[tuple[Path, bool]] = [(self.source, False)]
        content_dirs = [self.source / "content"]
        cfg = _config(self.source)
        watched = [*WATCHED, cfg.layouts_dir if cfg is not None else "layouts"]
        if cfg is not None:
            content_dirs = [cfg.root / cfg.content_dir]
            content_dirs += [
                cfg.root / lang.content_dir for lang in cfg.languages if lang.content_dir
            ]
        roots = [(d, True) for d in content_dirs] + [(self.source / n, True) for n in watched]
        # a theme folder may be a symlink (followed by the build): watch its target too
        themes = self.source / "themes"
        if themes.is_dir():
            roots += [
                (t.resolve(), True) for t in themes.iterdir() if t.is_symlink() and t.is_dir()
            ]
        return Watcher(
            [*config_roots, *roots],
            self.rebuild,
            exclude=[self.destination],
            files=[self.source / "blog.yaml"],
            later=[self.source / n for n in (*watched, "content")],
        )

    def rebuild(self, paths: list[Path]) -> None:
        """Called by the watcher after each burst of changes."""
        assert self.session is not None
        self._built.wait()  # changes made during the first build wait for it to end
        if self._stopping:
            return
        paths = [self._unresolve(p) for p in paths]
        self._early = set()
        try:
            first = self.server.recent_pages() if self.server is not None else []
            report = self.session.update(paths, first=first)
        except (BlogError, ErrorList) as exc:
            self._failed(exc)
        except Exception as exc:  # a bug must not kill the server: say it, keep serving
            self._failed(exc)
        else:
            self._unsaved = True
            self._after(report)
        finally:
            self.rebuilt.set()

    def _written_early(self, files: list[str]) -> None:
        """A full rebuild wrote the pages open in a browser first: reload them now."""
        paths = _page_urls(files)
        self._early.update(paths)
        if self.server is not None and paths:
            if self.error is not None:
                self.server.notify({"type": "ok"})
                self.error = None
            self.server.notify({"type": "reload", "paths": paths})

    def _unresolve(self, path: Path) -> Path:
        """Map a path seen through a symlinked theme back into the site folder."""
        themes = self.source / "themes"
        if themes.is_dir() and not path.is_relative_to(self.source):
            for link in themes.iterdir():
                if link.is_symlink():
                    target = link.resolve()
                    if path.is_relative_to(target):
                        return link / path.relative_to(target)
        return path

    def _failed(self, exc: BaseException) -> None:
        message = self.format_error(exc)
        self.error = message
        stamp = time.strftime("%H:%M:%S")
        self.echo(f"{stamp} build failed (still serving the last good build):\n{message}")
        if self.server is not None:
            self.server.notify({"type": "error", "message": message})

    def _refresh_search(self, report: Report) -> None:
        """The search index again after pages changed, in a background thread (Pagefind takes
        a while, a save should not wait for it): the latest request wins."""
        site = report.site
        files = (*report.written, *report.deleted)
        if site is None or not site.config.search.enabled:
            return
        if not report.full and not any(f.endswith(".html") for f in files):
            return
        with self._search_lock:
            self._search_wanted = site.config
            if self._search_thread is not None and self._search_thread.is_alive():
                return
            self._search_thread = threading.Thread(target=self._search_loop, daemon=True)
            self._search_thread.start()

    def _search_loop(self) -> None:
        while True:
            with self._search_lock:
                config, self._search_wanted = self._search_wanted, None
            if config is None or self._stopping:
                return
            try:
                refresh_index(self.destination, config, self._search_stop)
            except BlogError as exc:
                if self._stopping:  # stopped by `stop`
                    return
                self.echo(f"warning: search index not refreshed: {exc.message}")
            self.searched.set()

    def _after(self, report: Report) -> None:
        self._refresh_search(report)
        stamp = time.strftime("%H:%M:%S")
        for warning in report.warnings:
            where = f"{warning.pos}: " if warning.pos else ""
            if self.options.verbose or report.full:
                self.echo(f"{where}warning: {warning.message}")
        what = "full build" if report.full and report.reason == "full build" else report.reason
        if len(what) > 80:
            what = what[:77] + "..."
        line = (
            f"{stamp} {what}: {_n(report.rendered, 'part')}, "
            f"{_n(report.bodies, 'body', 'bodies')} rendered, "
            f"{_n(len(report.written), 'file')} written, {len(report.deleted)} deleted "
            f"in {report.seconds * 1000:.0f} ms"
        )
        if self.options.verbose and report.timings:
            line += " (" + ", ".join(f"{k} {v * 1000:.0f}" for k, v in report.timings.items()) + ")"
        self.echo(line)
        was_error = self.error is not None
        self.error = None
        if self.server is None:
            return
        if report.site is not None:
            self.server.set_not_found(_not_found(report.site))
        if was_error:
            self.server.notify({"type": "ok"})
        event = _reload_event(report, self._early)
        if event is not None:
            self.server.notify(event)

    def _homes(self, site: Site | None, base_url: str) -> None:
        if site is None:
            return
        for code in site.config.lang_codes:
            home = site.home(code)
            self.echo(f"  {code}: {base_url.rstrip('/')}{home.path}")

    def stop(self) -> None:
        self._stopping = True
        self._built.set()
        self._search_stop.stop()  # a search refresh under way would write after we are gone
        searching = self._search_thread
        if searching is not None and searching is not threading.current_thread():
            searching.join(timeout=10)  # it stops at once; then it has cleaned up its folders
        if self.watcher is not None:
            self.watcher.stop()
        if self._unsaved and self.error is None:
            with contextlib.suppress(BlogError, ErrorList, OSError):
                self._save()  # the state after the last rebuild (or a first save cut short)
        if self.server is not None:
            self.server.stop()
        if self._temp is not None:
            shutil.rmtree(self._temp, ignore_errors=True)


def _n(count: int, word: str, many: str | None = None) -> str:
    """`1 part`, `2 parts` (serve does not import cli, whose `plural` this mirrors)."""
    return f"{count} {word if count == 1 else many or word + 's'}"


def _config(source: Path) -> Config | None:
    """The site's config for the folders to watch, None when it does not load (the first
    build says why)."""
    try:
        return load_config(source)
    except (BlogError, ErrorList):
        return None


def _not_found(site: Site) -> dict[str, str]:
    """URL prefix -> the 404 page the server sends under it."""
    out: dict[str, str] = {}
    for page in site.pages.values():
        if page.kind is PageKind.NOT_FOUND:
            home = site.home(page.lang).path
            out[home] = output_file(page.path)
    return out


def _reload_event(report: Report, early: Collection[str] = ()) -> dict[str, object] | None:
    """What the open pages should do: reload the pages that changed, or swap stylesheets."""
    files = report.written + report.deleted
    if not files:
        return None
    if report.full and not early:
        return {"type": "reload", "paths": ["*"]}
    if all(f.endswith(".css") for f in files):
        return {"type": "css", "paths": ["/" + f for f in files]}
    if not report.full and any(not f.endswith((".html", ".xml", ".txt")) for f in files):
        return {"type": "reload", "paths": ["*"]}
    paths = [p for p in _page_urls(files) if p not in early]  # reloaded already
    return {"type": "reload", "paths": paths} if paths else None


def _page_urls(files: list[str]) -> list[str]:
    """URL paths of the HTML pages among output files: posts/x/index.html -> /posts/x/."""
    paths = []
    for f in files:
        if not f.endswith(".html"):
            continue
        url = "/" + f
        if url.endswith("/index.html"):
            url = url[: -len("index.html")]
        paths.append(url)
    return sorted(paths)
