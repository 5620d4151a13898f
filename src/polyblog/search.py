"""Full-text search: the Pagefind index of a built site (one per `<html lang>`), written into the
output folder's `pagefind/` by the binary of the `pagefind[extended]` package, without network.

Only what a theme marks with `data-pagefind-body` is indexed (the default theme: the title and
the article of each regular page that is not a draft). `blog build` indexes its staging folder
before the swap (`index_site`); `blog serve` refreshes the index after each rebuild
(`refresh_index`).
"""

from __future__ import annotations

import contextlib
import importlib
import json
import os
import shutil
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from polyblog.config import Config
from polyblog.errors import BlogError, SourcePos

INDEX_DIR = "pagefind"  # the bundle's folder in the output, as Pagefind names it
MARK = b"data-pagefind-body"  # Pagefind indexes only pages that have it (once any page has it)
ENTRY = "pagefind-entry.json"
NOTHING = "not able to build an index"  # what Pagefind says when no page has any words
TIMEOUT = 600.0  # seconds; the 1000x3 benchmark corpus takes a few


class Stop:
    """Stops the indexing it is given to (`blog serve` indexes in a background thread: a server
    that stops must not leave Pagefind running, nor start it afterwards)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._stopped = False
        self.running: set[subprocess.Popen[bytes]] = set()  # Pagefind processes under way

    def stop(self) -> None:
        with self._lock:
            self._stopped = True
            running = list(self.running)
        for proc in running:
            with contextlib.suppress(OSError):
                proc.kill()

    def add(self, proc: subprocess.Popen[bytes]) -> None:
        with self._lock:
            self.running.add(proc)
            stopped = self._stopped
        if stopped:
            with contextlib.suppress(OSError):
                proc.kill()

    def discard(self, proc: subprocess.Popen[bytes]) -> None:
        with self._lock:
            self.running.discard(proc)

    @property
    def stopped(self) -> bool:
        return self._stopped


@dataclass(frozen=True, slots=True, kw_only=True)
class SearchIndex:
    """What one indexing did: the files written (relative to the output folder), the languages
    and pages indexed, and how long it took."""

    files: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()  # lower-case `<html lang>` values, e.g. `en-us`, `ja`
    pages: int = 0
    seconds: float = 0.0


def index_site(folder: Path) -> SearchIndex:
    """Index a freshly built output folder (the staging folder of `blog build`). A `pagefind/`
    already there (a static file or a page of the site) is an error: it would be overwritten."""
    existing = folder / INDEX_DIR
    if existing.exists() or existing.is_symlink():
        raise BlogError(
            f"search: the output already has {INDEX_DIR}/ (a static file or a page), where the "
            "search index goes: move it, or set `search: false` in blog.yaml",
            SourcePos("blog.yaml"),
        )
    return _index(folder)


def refresh_index(folder: Path, config: Config, stop: Stop | None = None) -> SearchIndex:
    """Index a served output folder again (`blog serve`, after each rebuild): the new index is
    written beside the old one, then swapped in, so a search never reads half an index. After
    `stop.stop()`, Pagefind is killed (or not started) and this raises `BlogError`."""
    if not config.search.enabled:
        return SearchIndex()
    return _index(folder, stop)


def _index(folder: Path, stop: Stop | None = None) -> SearchIndex:
    started = time.perf_counter()
    pages = _html_pages(folder)
    if not _marked(folder, pages):  # a theme without search: nothing to index
        _remove(folder / INDEX_DIR)
        return SearchIndex(seconds=time.perf_counter() - started)
    fresh = folder / f".{INDEX_DIR}.new-{os.getpid()}"
    ordered = folder / f".{INDEX_DIR}.pages-{os.getpid()}"
    _remove(fresh)
    _remove(ordered)
    try:
        _link_in_order(folder, pages, ordered, stop)
        if not _run(ordered, fresh, stop):  # the marked pages have no words
            _remove(folder / INDEX_DIR)
            return SearchIndex(seconds=time.perf_counter() - started)
        languages, count = _normalize_entry(fresh / ENTRY)
        files = sorted(p.relative_to(fresh).as_posix() for p in fresh.rglob("*") if p.is_file())
        _swap(fresh, folder / INDEX_DIR)
    finally:
        _remove(fresh)
        _remove(ordered)
    return SearchIndex(
        files=tuple(f"{INDEX_DIR}/{rel}" for rel in files),
        languages=languages,
        pages=count,
        seconds=time.perf_counter() - started,
    )


def _html_pages(folder: Path) -> list[str]:
    """The output's HTML files (relative paths, dot-folders left out), sorted."""
    found: list[str] = []
    for root, dirs, names in os.walk(folder):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        rel = os.path.relpath(root, folder)
        prefix = "" if rel == "." else rel.replace(os.sep, "/") + "/"
        found += [prefix + name for name in names if name.endswith(".html")]
    return sorted(found)


def _marked(folder: Path, pages: list[str]) -> bool:
    """Whether any HTML page has `data-pagefind-body`: without one, Pagefind would index every
    page whole (lists, drafts, the 404 page), so nothing is indexed instead."""
    for rel in pages:
        try:
            if MARK in (folder / rel).read_bytes():
                return True
        except OSError:
            continue
    return False


def _link_in_order(folder: Path, pages: list[str], ordered: Path, stop: Stop | None) -> None:
    """The pages, hard-linked (copied where links fail) into `ordered` one by one in sorted
    order. Pagefind numbers pages in the order its folder walk meets them, which is the order
    the files were made in on some file systems (tmpfs): the workers of a build write theirs
    in any order, so indexing the output itself gave other index bytes for the same pages."""
    made: set[Path] = set()
    for rel in pages:
        if stop is not None and stop.stopped:
            raise BlogError("search: stopped")
        target = ordered / rel
        if target.parent not in made:
            target.parent.mkdir(parents=True, exist_ok=True)
            made.add(target.parent)
        try:
            os.link(folder / rel, target)
        except OSError:
            shutil.copyfile(folder / rel, target)


def binary() -> Path:
    """The Pagefind executable: the extended one (Chinese and Japanese word segmentation) of
    `pagefind[extended]`, else the plain one of `pagefind[bin]`."""
    for module in ("pagefind_bin_extended", "pagefind_bin"):
        try:
            found = importlib.import_module(module).get_executable()
        except (ImportError, FileNotFoundError):
            continue
        return Path(found)
    raise BlogError(
        "search: the Pagefind binary is not installed: pip install 'pagefind[extended]', "
        "or set `search: false` in blog.yaml",
        SourcePos("blog.yaml"),
    )


def _run(site_folder: Path, output: Path, stop: Stop | None = None) -> bool:
    """Run Pagefind on `site_folder`, writing the bundle into `output`; False when it found no
    words to index (it writes nothing then). It runs in an empty folder with no PAGEFIND_*
    variables, so no pagefind.yml or environment changes what it does or where it writes."""
    env = {k: v for k, v in os.environ.items() if not k.upper().startswith("PAGEFIND")}
    command = [
        str(binary()),
        "--site", str(site_folder),
        "--output-path", str(output),
        "--silent",
    ]  # fmt: skip
    if stop is not None and stop.stopped:
        raise BlogError("search: stopped")
    with tempfile.TemporaryDirectory(prefix="polyblog-pagefind-") as cwd:
        try:
            proc = subprocess.Popen(
                command,
                cwd=cwd,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
            )
        except OSError as exc:
            raise BlogError(f"search: cannot run Pagefind: {exc.strerror or exc}") from None
        if stop is not None:
            stop.add(proc)
        try:
            out, err = proc.communicate(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.communicate()
            raise BlogError(f"search: Pagefind did not finish in {TIMEOUT:.0f} s") from None
        except BaseException:
            proc.kill()  # an interrupted build or server takes its indexer with it
            proc.wait()
            raise
        finally:
            if stop is not None:
                stop.discard(proc)
    if proc.returncode == 0 and (output / ENTRY).is_file():
        return True
    said = (err + out).decode("utf-8", "replace").strip()
    if NOTHING in said:
        return False
    lines = [line.removeprefix("Error: ").strip() for line in said.splitlines() if line.strip()]
    reason = lines[0] if lines else f"exit status {proc.returncode}"
    raise BlogError(f"search: Pagefind failed: {reason}")


def _normalize_entry(path: Path) -> tuple[tuple[str, ...], int]:
    """Pagefind writes its languages in any order: sort them, so the same site gives the same
    bytes. Returns the languages and the number of pages indexed."""
    entry = json.loads(path.read_text(encoding="utf-8"))
    languages = dict(sorted(entry.get("languages", {}).items()))
    entry["languages"] = languages
    path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), "utf-8")
    pages = sum(int(lang.get("page_count", 0)) for lang in languages.values())
    return tuple(languages), pages


def _swap(fresh: Path, target: Path) -> None:
    old = target.with_name(f".{target.name}.old-{os.getpid()}")
    _remove(old)
    if target.exists() or target.is_symlink():
        target.rename(old)
    fresh.rename(target)
    _remove(old)


def _remove(path: Path) -> None:
    if path.is_symlink() or path.is_file():
        path.unlink()
    elif path.is_dir():
        shutil.rmtree(path, ignore_errors=True)
