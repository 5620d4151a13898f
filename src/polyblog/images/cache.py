"""Derivatives on disk, keyed by the source's content hash and every encoding parameter, so a
build encodes an image again only when it or its settings changed. Files are written through
a temporary name and a rename; a file whose bytes no longer match its name is encoded again."""

from __future__ import annotations

import hashlib
import os
import threading
from pathlib import Path

import PIL

CACHE_VERSION = "1"  # bump when the same parameters would give other bytes


def entry_key(source_digest: str, params: str) -> str:
    text = f"{CACHE_VERSION}|pillow {PIL.__version__}|{source_digest}|{params}"
    return hashlib.sha256(text.encode()).hexdigest()[:40]


def file_digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


class DerivativeCache:
    """`folder/<key>.<digest of the bytes>.<ext>`; None as folder: no cache (nothing kept).
    With `keep=False` the folder is only read (`blog check`: nothing written, nothing removed)."""

    def __init__(self, folder: Path | None, keep: bool = True) -> None:
        self.folder = folder
        self.keep = keep
        self._names: dict[str, str] | None = None
        self._lock = threading.Lock()

    def _index(self) -> dict[str, str]:
        with self._lock:
            if self._names is None:
                self._names = {}
                try:
                    entries = list(os.scandir(self.folder)) if self.folder else []
                except OSError:
                    entries = []
                for entry in sorted(entries, key=lambda e: e.name):
                    parts = entry.name.split(".")
                    if len(parts) == 3 and not entry.name.startswith("."):
                        self._names[parts[0]] = entry.name
            return self._names

    def get(self, key: str) -> Path | None:
        """The cached file of `key`, if there is one and its bytes are intact."""
        name = self._index().get(key)
        if name is None or self.folder is None:
            return None
        path = self.folder / name
        try:
            intact = file_digest(path.read_bytes()) == name.split(".")[1]
        except OSError:
            intact = False
        if not intact:
            self._index().pop(key, None)
            if self.keep:
                path.unlink(missing_ok=True)
            return None
        return path

    def put(self, key: str, ext: str, data: bytes) -> Path | None:
        """Keep `data` under `key`; its path, or None when the folder cannot be written."""
        if self.folder is None or not self.keep:
            return None
        path = self.folder / f"{key}.{file_digest(data)}.{ext}"
        tmp = self.folder / f".{key}.{os.getpid()}.{threading.get_ident()}.tmp"
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            tmp.write_bytes(data)
            tmp.replace(path)
        except OSError:
            tmp.unlink(missing_ok=True)
            return None
        old = self._index().get(key)
        if old is not None and old != path.name:
            (self.folder / old).unlink(missing_ok=True)
        self._index()[key] = path.name
        return path
