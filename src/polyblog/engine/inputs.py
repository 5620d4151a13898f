"""What a build read from disk, as a snapshot of file stats and content digests, and the
difference between two snapshots: the files a warm build must treat as edited.

A file whose stat changed but whose bytes did not (a fresh git checkout in CI, a `touch`) is
not a change: digests decide, stats only save reading unchanged files.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from polyblog.config import Config
from polyblog.content import MISSING_STAT, file_stat, stat_key
from polyblog.render.env import PACKAGE_THEMES

Stat = tuple[int, int, int, int]  # `polyblog.content.file_stat`
Entry = tuple[Stat, bytes]  # stat, blake2b digest of the bytes


@dataclass(frozen=True, slots=True)
class Snapshot:
    roots: tuple[str, ...]  # what was walked (`input_roots`)
    files: dict[str, Entry]  # absolute path -> entry


def roots_of(snapshot: Snapshot) -> list[Path]:
    return [Path(r) for r in snapshot.roots]


@dataclass(frozen=True, slots=True)
class Changes:
    changed: tuple[Path, ...]  # created, modified or deleted, sorted
    same: dict[str, Stat]  # files whose stat changed but not their bytes -> the new stat
    package_theme: bool  # a file of the bundled theme changed (a polyblog upgrade in place)


def input_roots(config: Config) -> list[Path]:
    """The folders and files a build reads: `blog.yaml`, content, templates, strings, static
    files, the theme (a site's or the bundled one)."""
    root = config.root
    names = ["blog.yaml", config.content_dir, config.layouts_dir, "i18n", "static", "data"]
    roots = [root / name for name in dict.fromkeys(names)]
    roots += [root / lang.content_dir for lang in config.languages if lang.content_dir]
    roots.append(root / "themes" / config.theme)
    roots.append(PACKAGE_THEMES)
    return roots


def _walk(roots: Iterable[Path]) -> dict[str, Stat]:
    """The stat of every file under the roots. Paths stay strings, and a folder's real path
    is its parent's plus its name unless it is a symlink (resolved then): one `realpath` per
    root and per linked folder, not per folder (a site has a folder per post)."""
    out: dict[str, Stat] = {}
    seen: set[str] = set()
    stack: list[tuple[str, str]] = []  # (folder, its real path)
    for root in roots:
        if root.is_file():
            out[str(root)] = file_stat(root)
        elif root.is_dir():
            stack.append((str(root), os.path.realpath(root)))
    while stack:
        folder, real = stack.pop()
        if real in seen:  # a symlinked folder seen twice
            continue
        seen.add(real)
        try:
            with os.scandir(folder) as it:
                for entry in it:
                    if entry.is_dir():
                        if entry.is_symlink():
                            stack.append((entry.path, os.path.realpath(entry.path)))
                        else:
                            stack.append((entry.path, real + os.sep + entry.name))
                    elif entry.is_file():
                        try:  # `file_stat` without a Path per file
                            out[entry.path] = stat_key(entry.stat())
                        except OSError:
                            out[entry.path] = MISSING_STAT
        except OSError:
            continue
    return out


def _digest(path: str) -> bytes:
    h = hashlib.blake2b(digest_size=16)
    try:
        with Path(path).open("rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                h.update(block)
    except OSError:
        return b""
    return h.digest()


def take(config: Config, before: Snapshot | None = None) -> Snapshot:
    """The inputs now; digests of files whose stat is unchanged since `before` are reused."""
    old = before.files if before is not None else {}
    files: dict[str, Entry] = {}
    roots = input_roots(config)
    for path, stat in _walk(roots).items():
        hit = old.get(path)
        files[path] = hit if hit is not None and hit[0] == stat else (stat, _digest(path))
    return Snapshot(tuple(str(r) for r in roots), files)


def refresh(before: Snapshot, paths: Iterable[Path]) -> Snapshot:
    """`before` with these files as they are now (read again by an update): created,
    modified or deleted. The other entries stay as `compare` saw them, so a file edited after
    that is still a change for the next build."""
    files = dict(before.files)
    for path in paths:
        key = str(path)
        if not any(key == r or key.startswith(r + os.sep) for r in before.roots):
            continue  # not an input this snapshot covers
        if not path.is_file():
            files.pop(key, None)
            continue
        stat = file_stat(path)
        hit = files.get(key)
        files[key] = hit if hit is not None and hit[0] == stat else (stat, _digest(key))
    return Snapshot(before.roots, files)


def compare(before: Snapshot, roots: list[Path]) -> tuple[Changes, Snapshot]:
    """The files under `roots` that differ from `before`, and the snapshot of now. (A change
    of `blog.yaml` that moves the roots is itself a change: the engine then reads all.)"""
    stats = _walk(roots)
    old = before.files
    changed: list[Path] = []
    same: dict[str, Stat] = {}
    files: dict[str, Entry] = {}
    for path, stat in stats.items():
        hit = old.get(path)
        if hit is not None and hit[0] == stat:
            files[path] = hit
            continue
        digest = _digest(path)
        files[path] = (stat, digest)
        if hit is not None and hit[1] == digest:
            same[path] = stat
        else:
            changed.append(Path(path))
    changed += [Path(p) for p in old.keys() - stats.keys()]
    theme = str(PACKAGE_THEMES)
    bundled = any(str(p).startswith(theme + os.sep) for p in changed)
    return Changes(tuple(sorted(changed)), same, bundled), Snapshot(before.roots, files)
