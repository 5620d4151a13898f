"""Watch the site's sources with watchdog and hand bursts of changes to a callback.

Editors save in many ways: write in place, write a temporary file and rename it over the
original, delete and recreate, keep swap and backup files beside. We watch folders, ignore the
editors' own files by name, and report the paths that may have changed once the burst is over.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

QUIET = 0.03  # seconds without events that end a burst
LONGEST = 0.5  # a burst never waits longer than this before rebuilding

_TEMP_SUFFIXES = (
    "~", ".swp", ".swx", ".swo", ".swn", ".tmp", ".temp", ".bak", ".part", ".crdownload",
    "___jb_tmp___", "___jb_old___", ".kate-swp", ".DS_Store",
)  # fmt: skip
_TEMP_PREFIXES = (".#", ".goutputstream-", ".~lock.", "~$")


def is_editor_temp(name: str) -> bool:
    """Swap, backup, lock and temporary files of common editors (vim, emacs, JetBrains, gedit,
    Kate, LibreOffice, VS Code's atomic saves) and hidden files."""
    if name.startswith(_TEMP_PREFIXES) or name.endswith(_TEMP_SUFFIXES):
        return True
    if name.startswith("#") and name.endswith("#"):  # emacs auto-save
        return True
    if name == "4913":  # vim's write test
        return True
    return name.startswith(".") or ".tmp." in name


class _Handler(FileSystemEventHandler):
    def __init__(self, sink: Callable[[Iterable[str]], None], ignore: Callable[[Path], bool]):
        self.sink = sink
        self.ignore = ignore

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type in ("opened", "closed", "closed_no_write"):
            return
        if event.is_directory and event.event_type == "modified":
            return  # a folder's own mtime: the file events inside tell what changed
        paths = [str(event.src_path)]
        dest = getattr(event, "dest_path", "")
        if dest:
            paths.append(str(dest))
        self.sink(p for p in paths if not self.ignore(Path(p)))


class Watcher:
    """Collects changed paths under `roots`; `on_change(paths)` runs in the watcher's thread,
    one call per burst, never two at once."""

    def __init__(
        self,
        roots: Iterable[tuple[Path, bool]],  # (folder, recursive)
        on_change: Callable[[list[Path]], None],
        *,
        exclude: Iterable[Path] = (),
        files: Iterable[Path] = (),  # single files watched through their folder
        later: Iterable[Path] = (),  # folders watched once they are created
    ) -> None:
        self.roots = [(root.absolute(), rec) for root, rec in roots if root.is_dir()]
        self.later = {p.absolute() for p in later}
        self._scheduled = {root for root, _ in self.roots}
        self.files = {f.absolute() for f in files}
        self.exclude = [e.absolute() for e in exclude]
        self.on_change = on_change
        self._observer = Observer()
        self._lock = threading.Condition()
        self._pending: set[Path] = set()
        self._last = 0.0
        self._first = 0.0
        self._stop = False
        self._thread = threading.Thread(target=self._loop, name="polyblog-rebuild", daemon=True)
        self._handler = _Handler(self._add, self._ignored)

    def _ignored(self, path: Path) -> bool:
        path = path.absolute()
        if any(path == e or path.is_relative_to(e) for e in self.exclude):
            return True
        if is_editor_temp(path.name):
            return True
        if any(path.is_relative_to(root) for root, recursive in self.roots if recursive):
            return False
        return path not in self.files and path not in self.later

    def _add(self, paths: Iterable[str]) -> None:
        new = [Path(p).absolute() for p in paths]
        if not new:
            return
        with self._lock:
            now = time.monotonic()
            if not self._pending:
                self._first = now
            self._pending.update(new)
            self._last = now
            self._lock.notify()

    def start(self) -> None:
        for root, recursive in list(self.roots):
            self._observer.schedule(self._handler, str(root), recursive=recursive)
        self._observer.start()
        self._thread.start()

    def stop(self) -> None:
        with self._lock:
            self._stop = True
            self._lock.notify()
        self._observer.stop()
        self._observer.join(timeout=5)
        self._thread.join(timeout=30)

    def _loop(self) -> None:
        while True:
            with self._lock:
                while not self._pending and not self._stop:
                    self._lock.wait()
                if self._stop:
                    return
                # wait for the burst to end
                while not self._stop:
                    now = time.monotonic()
                    quiet_left = self._last + QUIET - now
                    longest_left = self._first + LONGEST - now
                    if quiet_left <= 0 or longest_left <= 0:
                        break
                    self._lock.wait(min(quiet_left, longest_left))
                if self._stop:
                    return
                batch = sorted(self._pending)
                self._pending.clear()
            self._watch_new_folders(batch)
            self.on_change(batch)

    def _watch_new_folders(self, batch: list[Path]) -> None:
        """Start watching a watched folder created while serving (`layouts/`, say). Files made
        in it before the watch started are covered: the folder itself is in the batch."""
        for path in batch:
            if path in self.later and path.is_dir() and path not in self._scheduled:
                self._scheduled.add(path)
                self.roots.append((path, True))
                self._observer.schedule(self._handler, str(path), recursive=True)
