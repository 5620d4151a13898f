"""The persistent cache's files: one entry per kind of build (options, base URL, destination),
written atomically under a lock, signed, versioned, bounded.

An entry is `MAGIC`, a JSON header line (format, polyblog and Python versions, the entry's
name), the payload (a pickle, streamed), then its size and its HMAC-SHA256. The HMAC key lives
outside the site folder (`$POLYBLOG_CACHE_KEY`, else a random key in the user's cache folder), so a
cache file committed to a site (a pull request, a guest post) is never unpickled: it fails the
check and is a miss. A damaged, truncated or foreign-version entry is a miss with a warning.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import hashlib
import hmac
import io
import json
import os
import pickle
import sys
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from polyblog import __version__
from polyblog.errors import BlogError

FORMAT = 3
MAGIC = b"POLYBLOG-CACHE\n"
TRAILER = 8 + 32  # the payload's size, then its HMAC-SHA256
ENGINE = "engine"  # subfolder of the entries of this module
KEEP = 4  # engine entries kept (the most recently used): build, serve, check...
DEFAULT_NAME = ".blog-cache"


class CacheMiss(Exception):
    """Why an entry could not be used (said once, as a warning, unless it is just absent)."""

    def __init__(self, reason: str, quiet: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.quiet = quiet


@dataclass(frozen=True, slots=True)
class CacheUsage:
    """`blog cache info`: what the cache folder holds."""

    folder: Path
    entries: tuple[tuple[str, int, float], ...]  # (relative file, bytes, mtime) per file
    total: int


def _user_key() -> bytes:
    env = os.environ.get("POLYBLOG_CACHE_KEY")
    if env:
        return hashlib.sha256(env.encode()).digest()
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "polyblog"
    path = base / "cache-key"
    try:
        return bytes.fromhex(path.read_text().strip())
    except (OSError, ValueError):
        pass
    key = os.urandom(32)
    try:
        base.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".cache-key.{os.getpid()}")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(key.hex())
        tmp.replace(path)  # two builds racing: one key wins, the other's entry is a miss
        return bytes.fromhex(path.read_text().strip())
    except OSError:
        return key  # an unwritable home: the cache works for this run only


@dataclass(frozen=True, slots=True)
class WithRefs:
    """An entry whose objects found in `refs` (by identity) are saved as their number there:
    the objects of another entry, which `Store.load` is given back (`shared`)."""

    value: Any
    refs: Mapping[int, int]


class Store:
    """A cache folder (`.blog-cache/` in the site, or `--cache-dir`)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._key: bytes | None = None

    @property
    def key(self) -> bytes:
        if self._key is None:
            self._key = _user_key()
        return self._key

    def entry_path(self, name: str) -> Path:
        return self.folder / ENGINE / f"{name}.bin"

    @contextlib.contextmanager
    def lock(self, shared: bool = False) -> Iterator[None]:
        """A lock over the folder's entries (fcntl where it exists; elsewhere atomic renames
        alone keep entries whole)."""
        try:
            import fcntl
        except ImportError:  # pragma: no cover - not POSIX
            yield
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        with (self.folder / "lock").open("a+b") as fh:
            fcntl.flock(fh, fcntl.LOCK_SH if shared else fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(fh, fcntl.LOCK_UN)

    def load(self, name: str, shared: Sequence[object] | None = None) -> Any:
        """The payload of entry `name`, or `CacheMiss`. An entry saved `WithRefs` is given back
        the objects it refers to (`shared`, from another entry loaded first)."""
        path = self.entry_path(name)
        if not path.is_file():  # checked first: a build that fails leaves no cache folder
            raise CacheMiss("no cache yet", quiet=True)
        try:
            with self.lock(shared=True):
                data = path.read_bytes()
        except FileNotFoundError:
            raise CacheMiss("no cache yet", quiet=True) from None
        except OSError as exc:
            raise CacheMiss(f"cannot read {path.name}: {exc.strerror or exc}") from None
        if not data.startswith(MAGIC):
            raise CacheMiss(f"{path.name} is not a polyblog cache file")
        end = data.find(b"\n", len(MAGIC))  # the payload is not copied: tens of megabytes
        rest = memoryview(data)[end + 1 :]
        try:
            header = json.loads(data[len(MAGIC) : end]) if end > 0 else None
        except ValueError:
            header = None
        if not isinstance(header, dict) or len(rest) < TRAILER:
            raise CacheMiss(f"{path.name} is damaged (truncated?)")
        if header.get("format") != FORMAT or header.get("polyblog") != code_version():
            found = str(header.get("polyblog")).split("+")[0]
            what = "another build of polyblog" if found == __version__ else f"polyblog {found}"
            raise CacheMiss(f"{path.name} was written by {what}, this is {__version__}")
        if header.get("python") != _python():
            raise CacheMiss(f"{path.name} was written by another Python")
        payload = rest[:-TRAILER]
        size, mac = int.from_bytes(rest[-TRAILER:-32], "big"), bytes(rest[-32:])
        if size != len(payload):
            raise CacheMiss(f"{path.name} is damaged (truncated?)")
        if not hmac.compare_digest(mac, hmac.new(self.key, payload, "sha256").digest()):
            raise CacheMiss(f"{path.name} was not written by this user's polyblog (key differs)")
        try:
            with _no_collector():  # many small objects: the collector would run again and again
                if shared is None:
                    value = pickle.loads(payload)
                else:
                    value = _SharedUnpickler(io.BytesIO(payload), shared).load()
                # and once enabled, its first pass would scan them all (they are all new):
                # they live as long as the build, out of its reach
                gc.freeze()
                return value
        except Exception as exc:  # a signed entry that cannot load: a bug; rebuild anyway
            raise CacheMiss(f"{path.name} cannot be read ({type(exc).__name__})") from None

    def save(self, entries: dict[str, Any]) -> None:
        """Write entries (name -> value, or `WithRefs`) atomically and together: each to a
        temporary file, then all renamed under one lock, in the order given; keep only the
        `KEEP` most recently used builds."""
        written: list[tuple[Path, Path]] = []
        try:
            (self.folder / ENGINE).mkdir(parents=True, exist_ok=True)
            tag = self.folder / "CACHEDIR.TAG"
            if not tag.exists():
                tag.write_text(CACHEDIR_TAG)
            for name, value in entries.items():
                header = {"format": FORMAT, "polyblog": code_version(), "python": _python(),
                          "name": name}  # fmt: skip
                path = self.entry_path(name)
                tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
                written.append((tmp, path))
                with tmp.open("wb") as fh:
                    fh.write(MAGIC)
                    fh.write(json.dumps(header, sort_keys=True).encode() + b"\n")
                    signed = _Signed(fh, hmac.new(self.key, digestmod="sha256"))
                    pickler = pickle.Pickler(signed, protocol=pickle.HIGHEST_PROTOCOL)
                    if isinstance(value, WithRefs):
                        pickler = _RefPickler(signed, value.refs)
                        value = value.value
                    pickler.dump(value)  # streamed
                    fh.write(signed.size.to_bytes(8, "big") + signed.mac.digest())
            with self.lock():
                for tmp, path in written:
                    tmp.replace(path)
                self._prune()
        except BaseException as exc:  # a full disk, or Ctrl+C while writing: no leftovers
            for tmp, _path in written:
                with contextlib.suppress(OSError):
                    if tmp.exists():
                        tmp.unlink()
            if isinstance(exc, OSError):
                raise BlogError(
                    f"cache: cannot write in {self.folder}: {exc.strerror or exc}"
                ) from None
            raise

    def touch(self, name: str) -> None:
        with contextlib.suppress(OSError):
            os.utime(self.entry_path(name))

    def _prune(self) -> None:
        """Keep the `KEEP` most recently used builds (an entry's parts share a prefix:
        `KEY-head`, `KEY-delta`, `KEY-model`)."""
        folder = self.folder / ENGINE
        latest: dict[str, float] = {}
        for path in folder.glob("*.bin"):
            key = path.stem.split("-", 1)[0]
            with contextlib.suppress(OSError):
                latest[key] = max(latest.get(key, 0.0), path.stat().st_mtime)
        for key in sorted(latest, key=lambda k: latest[k], reverse=True)[KEEP:]:
            for old in folder.glob(f"{key}-*.bin"):
                old.unlink(missing_ok=True)
        now = time.time()
        for tmp in folder.glob(".*.tmp"):  # left by a killed build
            with contextlib.suppress(OSError):
                if now - tmp.stat().st_mtime > 3600:
                    tmp.unlink()

    def usage(self) -> CacheUsage:
        entries: list[tuple[str, int, float]] = []
        if self.folder.is_dir():
            for dirpath, _dirs, files in os.walk(self.folder):
                for name in files:
                    path = Path(dirpath) / name
                    with contextlib.suppress(OSError):
                        st = path.stat()
                        rel = path.relative_to(self.folder).as_posix()
                        entries.append((rel, st.st_size, st.st_mtime))
        entries.sort()
        return CacheUsage(self.folder, tuple(entries), sum(e[1] for e in entries))

    def clear(self) -> int:
        """Remove the cache folder; the bytes it held."""
        import shutil

        total = self.usage().total
        if self.folder.is_symlink():
            self.folder.unlink()
        elif self.folder.is_dir():
            shutil.rmtree(self.folder)
        return total


@functools.cache
def code_version() -> str:
    """polyblog's version and a fingerprint of its installed files (names, sizes, times): a
    cache written by other code is not used, even between two commits of one version."""
    package = Path(__file__).resolve().parent.parent
    digest = hashlib.blake2b(digest_size=6)
    for path in sorted(package.rglob("*")):
        if path.suffix in (".py", ".html", ".xml", ".txt", ".yaml", ".json", ".css", ".js"):
            with contextlib.suppress(OSError):
                st = path.stat()
                digest.update(
                    f"{path.relative_to(package)}:{st.st_size}:{st.st_mtime_ns};".encode()
                )
    return f"{__version__}+{digest.hexdigest()}"


class _Signed:
    """A file the pickle is streamed into, signing what passes (no copy of the whole payload
    in memory)."""

    def __init__(self, fh: BinaryIO, mac: hmac.HMAC) -> None:
        self.fh = fh
        self.mac = mac
        self.size = 0

    def write(self, data: bytes) -> int:
        self.mac.update(data)
        self.size += len(data)
        return self.fh.write(data)


@contextlib.contextmanager
def _no_collector() -> Iterator[None]:
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


class _RefPickler(pickle.Pickler):
    """Pickles the objects of `refs` (by identity) as their number, to be found in a shared
    part of the entry (`_SharedUnpickler`). A subclass: Python 3.13 no longer lets a
    pickler's `persistent_id` be set on the instance."""

    def __init__(self, file: _Signed, refs: Mapping[int, int]) -> None:
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        self._refs = refs

    def persistent_id(self, obj: object) -> int | None:
        return self._refs.get(id(obj))


class _SharedUnpickler(pickle.Unpickler):
    """Reads what `_RefPickler` wrote: a number is the object `shared` has under it."""

    def __init__(self, file: io.BytesIO, shared: Sequence[object]) -> None:
        super().__init__(file)
        self._shared = shared

    def persistent_load(self, pid: Any) -> object:
        return self._shared[pid]


def _python() -> str:
    return f"{sys.implementation.name}-{sys.version_info[0]}.{sys.version_info[1]}"


def entry_name(*parts: object) -> str:
    """A stable name for a kind of build (its options, base URL, destination)."""
    return hashlib.blake2b(repr(parts).encode(), digest_size=10).hexdigest()


CACHEDIR_TAG = (
    "Signature: 8a477f597d28d172789f06886806bc55\n"
    "# This file is a cache directory tag created by polyblog (blog build).\n"
    "# For information about cache directory tags see https://bford.info/cachedir/\n"
)
