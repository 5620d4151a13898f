"""The only writer into the destination: a staging folder, then an atomic swap.

A failed or interrupted build removes its staging folder and leaves the previous output as it was.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterable
from pathlib import Path, PurePosixPath

from polyblog.errors import BlogError, ErrorList, SourcePos
from polyblog.urls import MAX_SEGMENT_BYTES

MAX_NAME_BYTES = MAX_SEGMENT_BYTES  # the one rule, in urls
STAGING_SUFFIX_BYTES = 32  # ".<name>.staging-<pid>" is this much longer than the destination


def check_lengths(destination: Path, files: Iterable[tuple[str, SourcePos | None]]) -> None:
    """Refuse, before anything is written, output paths the file system cannot hold."""
    dest = destination.resolve()
    try:
        limit = os.pathconf(_existing(dest), "PC_PATH_MAX")
    except (OSError, ValueError):
        limit = 4096
    base = len(os.fsencode(dest)) + STAGING_SUFFIX_BYTES
    errors: list[BlogError] = []
    for rel, where in files:
        size = base + 1 + len(rel.encode())
        long_name = next((p for p in rel.split("/") if len(p.encode()) > MAX_NAME_BYTES), None)
        if long_name is not None:
            errors.append(
                BlogError(
                    f"output file name too long for the file system: {long_name[:60]}…", where
                )
            )
        elif size >= limit:
            errors.append(
                BlogError(
                    f"output path too long for the file system ({size} bytes in {dest.parent}, "
                    f"the limit is {limit}): {rel[:60]}…",
                    where,
                )
            )
    if errors:
        raise ErrorList(errors)


def _existing(path: Path) -> Path:
    while not path.exists() and path != path.parent:
        path = path.parent
    return path


class Staging:
    """A folder beside the destination that receives every output file of one build."""

    def __init__(self, destination: Path) -> None:
        if destination.exists() and not destination.is_dir():
            raise BlogError(f"destination {destination} exists and is not a folder")
        self.destination = destination.resolve()
        self.parent = self.destination.parent
        self.path = self.parent / f".{self.destination.name}.staging-{os.getpid()}"
        try:
            self.parent.mkdir(parents=True, exist_ok=True)
            _remove_leftovers(self.parent, self.destination.name)
            self.path.mkdir()
        except OSError as exc:
            raise BlogError(
                f"cannot create a staging folder in {self.parent}: {exc.strerror or exc}"
            ) from None
        self.written: dict[str, str] = {}  # relative file -> what wrote it

    def target(self, rel: str, origin: str) -> Path:
        """The staging path for `rel`, checked to stay inside the destination."""
        return safe_target(self.path, rel, origin)

    def write(self, rel: str, data: bytes, origin: str = "") -> None:
        write_file(self.path, rel, data, origin)
        self.written[rel] = origin

    def copy(self, source: Path, rel: str, origin: str = "") -> None:
        path = self.target(rel, origin)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, path)
        except OSError as exc:
            raise _write_error(rel, origin, exc) from None
        self.written[rel] = origin

    def link_from(self, destination: Path, files: Iterable[str]) -> None:
        """Start from the current output: each file hard-linked (copied where links are not
        possible), so a warm build writes only the files that changed. Writers replace files
        (a new file renamed over the link), so the output being served is never modified."""
        made: set[Path] = set()
        for rel in sorted(files):
            src = safe_target(destination, rel, "")
            dst = safe_target(self.path, rel, "")
            if dst.parent not in made:
                dst.parent.mkdir(parents=True, exist_ok=True)
                made.add(dst.parent)
            try:
                os.link(src, dst)
            except FileNotFoundError:
                continue  # gone: the engine writes it again (it checks every file it keeps)
            except OSError:
                try:
                    shutil.copy2(src, dst)
                except OSError as exc:
                    raise _write_error(rel, "", exc) from None
            self.written[rel] = ""

    def commit(self) -> None:
        """Swap the staging folder in; keep dot-files (.git, .nojekyll) of the old output."""
        old = self.parent / f".{self.destination.name}.old-{os.getpid()}"
        if self.destination.exists():
            if self.destination.is_dir():
                for entry in sorted(self.destination.iterdir()):
                    if entry.name.startswith(".") and not (self.path / entry.name).exists():
                        entry.rename(self.path / entry.name)
            self.destination.rename(old)
        self.path.rename(self.destination)
        if old.exists():
            if old.is_dir():
                shutil.rmtree(old, ignore_errors=True)
            else:
                old.unlink()

    def discard(self) -> None:
        if self.path.exists():
            shutil.rmtree(self.path, ignore_errors=True)


class Scratch:
    """A folder beside a served destination (`blog serve`) that a full render writes into: once
    the render succeeded, each file is moved over the served one (`publish`); the folder is
    removed either way (`discard`), so the served folder never holds half a render."""

    def __init__(self, destination: Path) -> None:
        self.destination = destination.resolve()
        parent = self.destination.parent
        self.path = parent / f".{self.destination.name}.render-{os.getpid()}"
        try:
            _remove_leftovers(parent, self.destination.name)
            self.path.mkdir(parents=True)
        except OSError as exc:
            raise BlogError(
                f"cannot create a render folder in {parent}: {exc.strerror or exc}"
            ) from None

    def publish(self, rel: str) -> None:
        """Move one rendered file over the served one (a rename: never half a page)."""
        path = safe_target(self.destination, rel, "")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            safe_target(self.path, rel, "").replace(path)
        except OSError as exc:
            raise _write_error(rel, "", exc) from None

    def discard(self) -> None:
        shutil.rmtree(self.path, ignore_errors=True)


def _remove_leftovers(parent: Path, name: str) -> None:
    """Staging, render and old folders of builds that were killed (their process is gone)."""
    for kind in ("staging", "render", "old"):
        for folder in parent.glob(f".{name}.{kind}-*"):
            pid = folder.name.rsplit("-", 1)[-1]
            if pid.isdigit() and (int(pid) == os.getpid() or not _alive(int(pid))):
                shutil.rmtree(folder, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def safe_target(root: Path, rel: str, origin: str) -> Path:
    """`root/rel`, refusing paths that would leave `root` or that no file system can hold."""
    pure = PurePosixPath(rel)
    where = SourcePos(origin) if origin else None
    if (
        pure.is_absolute()
        or any(part in {"..", "."} for part in pure.parts)
        or "\\" in rel
        or "\x00" in rel
    ):
        raise BlogError(f"output path {rel!r} would leave the destination folder", where)
    for part in pure.parts:
        if len(part.encode()) > MAX_NAME_BYTES:
            raise BlogError(f"output file name too long for the file system: {part[:60]}…", where)
    return root.joinpath(*pure.parts)


def write_file(root: Path, rel: str, data: bytes, origin: str = "") -> None:
    """Write one output file under `root` (a staging folder); used by render workers too."""
    path = safe_target(root, rel, origin)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    except OSError as exc:
        raise _write_error(rel, origin, exc) from None


def replace_file(root: Path, rel: str, data: bytes, origin: str = "") -> None:
    """Replace one file of a served folder (`blog serve`): written beside it, then renamed, so
    the server never sends half a page."""
    path = safe_target(root, rel, origin)
    tmp = path.with_name(f".{path.name}.tmp{os.getpid()}")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_bytes(data)
        tmp.replace(path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise _write_error(rel, origin, exc) from None


def remove_file(root: Path, rel: str) -> bool:
    """Delete one file of a served folder and the folders it leaves empty; True if it existed."""
    path = safe_target(root, rel, "")
    existed = path.is_file() or path.is_symlink()
    if existed:
        path.unlink()
    folder = path.parent
    while folder != root and folder.is_relative_to(root):
        try:
            folder.rmdir()
        except OSError:
            break
        folder = folder.parent
    return existed


def _write_error(rel: str, origin: str, exc: OSError) -> BlogError:
    """Disk full, a name the file system refuses, a file where a folder must go: no traceback."""
    reason = exc.strerror or type(exc).__name__
    return BlogError(f"cannot write {rel}: {reason}", SourcePos(origin) if origin else None)


def check_destination(destination: Path, root: Path, sources: Iterable[Path]) -> None:
    """Refuse a destination that is or holds the site, or overlaps a source folder."""
    dest = destination.resolve()
    site = root.resolve()
    clash = dest == site or site.is_relative_to(dest)
    for folder in sources:
        src = folder.resolve()
        clash = clash or dest.is_relative_to(src) or src.is_relative_to(dest)
    if clash:
        raise BlogError(
            f"destination {destination} overlaps the site's sources; choose another --destination"
        )
