"""The only writer into the destination: a staging folder, then an atomic swap.

A failed or interrupted build removes its staging folder and leaves the previous output as it was.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from polyblog.content import file_stat
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
        made: set[str] = set()
        here, there = str(destination), str(self.path)
        for rel in sorted(files):
            if not _plain(rel):
                safe_target(self.path, rel, "")  # says why
            folder = rel.rpartition("/")[0]
            if folder not in made:
                os.makedirs(f"{there}/{folder}", exist_ok=True)  # noqa: PTH103 (str: fast)
                made.add(folder)
            src, dst = f"{here}/{rel}", f"{there}/{rel}"
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

    def commit(self, *, defer: bool = False) -> Path | None:
        """Swap the staging folder in; keep dot-files (.git, .nojekyll) of the old output. The
        old output is deleted, or with `defer` returned for the caller to delete
        (`remove_tree`) while it does something else; a process killed before that leaves it
        to the next build (`.NAME.old-PID` folders of dead processes are removed)."""
        old = self.parent / f".{self.destination.name}.old-{os.getpid()}"
        if self.destination.exists():
            if self.destination.is_dir():
                for entry in sorted(self.destination.iterdir()):
                    if entry.name.startswith(".") and not (self.path / entry.name).exists():
                        entry.rename(self.path / entry.name)
            self.destination.rename(old)
        self.path.rename(self.destination)
        if not (old.exists() or old.is_symlink()):
            return None
        if defer:
            return old
        remove_tree(old)
        return None

    def discard(self) -> None:
        if self.path.exists():
            shutil.rmtree(self.path, ignore_errors=True)


class Journal:
    """The undo record of an update written straight into the output (a warm `blog build`):
    before a file is replaced or deleted, it is hard-linked into a folder beside the output
    (`keep`), so a build that fails after writing (`--strict` warnings, a full disk) puts
    every file back (`rollback`). Files are replaced by renames, so a server never sends half
    a page, and the linked copy is the old file itself. A build killed midway leaves the output
    unlike what the cache recorded: the next build sees it and writes everything again."""

    def __init__(self, destination: Path) -> None:
        self.root = destination.resolve()
        self.path = self.root.parent / f".{self.root.name}.undo-{os.getpid()}"
        self.kept: dict[str, bool] = {}  # relative file -> it existed before
        with contextlib.suppress(OSError):
            _remove_leftovers(self.root.parent, self.root.name)

    def keep(self, rel: str) -> None:
        """Note `rel` as it is now, before it is written or deleted."""
        if rel in self.kept:
            return
        src = safe_target(self.root, rel, "")
        existed = src.is_file() and not src.is_symlink()
        if existed:
            dst = self.path / rel
            try:
                dst.parent.mkdir(parents=True, exist_ok=True)
                try:
                    os.link(src, dst)
                except OSError:
                    shutil.copy2(src, dst)
            except OSError as exc:
                raise _write_error(rel, "", exc) from None
        self.kept[rel] = existed

    def rollback(self) -> None:
        """Put every kept file back as it was; remove the files that did not exist."""
        for rel, existed in self.kept.items():
            with contextlib.suppress(OSError, BlogError):
                if existed:
                    target = safe_target(self.root, rel, "")
                    target.parent.mkdir(parents=True, exist_ok=True)
                    (self.path / rel).replace(target)
                else:
                    remove_file(self.root, rel)
        self.close()

    def close(self) -> None:
        """The update stands: forget the old files."""
        self.kept = {}
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
    """Staging, render, old and undo folders of builds that were killed (their process is
    gone)."""
    for kind in ("staging", "render", "old", "undo"):
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


def remove_tree(path: Path) -> None:
    """Delete an old output (a folder, or a file where the output was one)."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        with contextlib.suppress(OSError):
            path.unlink()


def _plain(rel: str) -> bool:
    """A relative path of plain names that `safe_target` accepts as it is (checked without
    building paths: a warm build links thousands of files)."""
    if not rel or rel[0] == "/" or "\\" in rel or "\x00" in rel:
        return False
    return all(
        part not in ("", ".", "..") and len(part.encode()) <= MAX_NAME_BYTES
        for part in rel.split("/")
    )


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
        _write(path, data)
    except OSError as exc:
        raise _write_error(rel, origin, exc) from None


def replace_file(root: Path, rel: str, data: bytes, origin: str = "") -> None:
    """Replace one file of a served folder (`blog serve`): written beside it, then renamed, so
    the server never sends half a page."""
    path = safe_target(root, rel, origin)
    tmp = path.with_name(f".{path.name}.tmp{os.getpid()}")
    try:
        _write(tmp, data)
        tmp.replace(path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise _write_error(rel, origin, exc) from None


def _write(path: Path, data: bytes) -> None:
    """Write a file, making its folder only when it is missing: most files of a build go into
    a folder that exists, and asking for it every time cost a system call and an exception."""
    try:
        path.write_bytes(data)
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


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


# -- the output ledger ---------------------------------------------------------------------------

Stat = tuple[int, int, int, int]  # `polyblog.content.file_stat`


def digest(data: bytes) -> bytes:
    """What the ledger keeps of a generated file's bytes."""
    return hashlib.blake2b(data, digest_size=16).digest()


@dataclass(slots=True)
class Ledger:
    """What the engine wrote into an output folder: the digest of every generated file, who
    owns every file ("page", "site", or the path of the source a file was copied from) and,
    for copies, the source's stat when copied. It decides which writes and deletions an
    update needs: a file is written only if its bytes (or its source) changed."""

    hashes: dict[str, bytes] = field(default_factory=dict)
    owners: dict[str, str] = field(default_factory=dict)
    stamps: dict[str, Stat] = field(default_factory=dict)

    def commit(
        self,
        dest: Path,
        change: LedgerChange,
        *,
        fresh: bool,
    ) -> tuple[Ledger, list[str], list[str]]:
        """Apply `change` to `dest`: the new ledger, the files written, the files deleted.
        `fresh`: no earlier ledger (a first build), so files in `dest` that nobody owns now
        are deleted."""
        hashes = dict(self.hashes)
        stamps = dict(self.stamps)
        written: list[str] = []
        deleted: list[str] = []
        dest.mkdir(parents=True, exist_ok=True)

        guard = change.guard or _unguarded

        def put(rel: str, data: bytes) -> None:
            value = digest(data)
            if hashes.get(rel) != value or not (dest / rel).is_file():
                guard(rel)
                replace_file(dest, rel, data)
                hashes[rel] = value
                written.append(rel)

        for rel, data in change.pages.items():
            if change.pages_written:  # the workers wrote them: `data` is the digest
                if change.publish is not None and rel not in change.ahead:
                    guard(rel)
                    change.publish(rel)  # from the render folder
                hashes[rel] = data
                written.append(rel)
            elif rel in change.ahead:  # written already, `data` is the bytes
                hashes[rel] = digest(data)
                written.append(rel)
            else:
                put(rel, data)
        for rel, data in change.site_files.items():
            put(rel, data)
        owners = dict(change.owners)
        for rel, (src, shown) in sorted(change.copies.items()):
            stamp = file_stat(src)
            origin = str(src)  # who owns the output file: a different source means copy again
            if (
                stamps.get(rel) != stamp
                or self.owners.get(rel) != origin
                or not (dest / rel).is_file()
            ):
                try:
                    data = src.read_bytes()
                except OSError as exc:
                    reason = exc.strerror or type(exc).__name__
                    raise BlogError(f"cannot read {rel}: {reason}", SourcePos(shown)) from None
                guard(rel)
                replace_file(dest, rel, data, shown)
                stamps[rel] = stamp
                hashes.pop(rel, None)
                written.append(rel)
            owners[rel] = origin
        old_owned = set(existing_files(dest)) if fresh else set(self.owners)
        for rel in sorted(old_owned - set(owners)):
            guard(rel)
            if remove_file(dest, rel):
                deleted.append(rel)
            hashes.pop(rel, None)
            stamps.pop(rel, None)
        return Ledger(hashes, owners, stamps), written, deleted


@dataclass(frozen=True, slots=True)
class LedgerChange:
    """One update's outputs for `Ledger.commit`."""

    pages: Mapping[str, bytes]  # rendered parts' files: bytes, or digests if already written
    pages_written: bool  # the workers wrote the page files themselves (a full render)
    site_files: Mapping[str, bytes]  # aliases, sitemaps, robots.txt, syntax CSS
    copies: Mapping[str, tuple[Path, str]]  # output file -> (source file, shown origin)
    owners: Mapping[str, str]  # generated files -> "page" or "site"
    ahead: Collection[str] = ()  # page files written already (`blog serve`: open pages first)
    # moves a page file written by a worker into `dest` (`Scratch.publish`), if not there yet
    publish: Callable[[str], None] | None = None
    # called with each file of `dest` about to be written or deleted (`Journal.keep`)
    guard: Callable[[str], None] | None = None


def _unguarded(rel: str) -> None:
    """No `LedgerChange.guard`: nothing to note before a write."""


def existing_files(dest: Path) -> Iterable[str]:
    """Every file under `dest` but its top-level dot-entries (.git, .nojekyll)."""
    if not dest.is_dir():
        return
    for dirpath, dirnames, filenames in os.walk(dest):
        top = dirpath == str(dest)
        dirnames[:] = [d for d in dirnames if not (top and d.startswith("."))]
        for name in filenames:
            if not (top and name.startswith(".")):
                yield (Path(dirpath) / name).relative_to(dest).as_posix()
