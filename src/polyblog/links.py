"""Symlinks in a site: followed while they stay inside the site, never when they point out.

Used for the content folders' bundle resources, `static/`, `layouts/`, the site's themes and
`i18n/`, so that nothing outside the site folder is read into the output.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from polyblog.errors import SourcePos, Warning_

OUTSIDE = "symlink points outside the site folder (not followed)"


def inside(path: Path, roots: Iterable[Path]) -> bool:
    """Whether `path`, all symlinks resolved, lies in one of the (resolved) `roots`."""
    try:
        real = path.resolve(strict=True)
    except (OSError, RuntimeError):  # missing target, a loop
        return False
    return any(real.is_relative_to(root) for root in roots)


def display(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)


def walk_files(
    folder: Path,
    root: Path,
    warnings: list[Warning_],
    *,
    skip_hidden: bool = False,
    shown_from: Path | None = None,
) -> Iterator[Path]:
    """Every file under `folder`, in sorted order, following symlinks (to files or folders) that
    stay inside `root`; a symlink that leaves it is reported (its path relative to `shown_from`,
    default `root`) and skipped, and a folder reached twice (a symlink loop) is visited once."""
    base = shown_from or root
    root = root.resolve()
    if folder.is_symlink() and not inside(folder, (root,)):
        warnings.append(Warning_(OUTSIDE, SourcePos(display(folder, base))))
        return
    if not folder.is_dir():
        return
    seen: set[Path] = set()
    stack = [folder]
    while stack:
        current = stack.pop()
        try:
            real = current.resolve(strict=True)
            if real in seen:
                continue
            seen.add(real)
            entries = sorted(os.scandir(current), key=lambda e: e.name)
        except (OSError, RuntimeError):
            continue
        subdirs: list[Path] = []
        for entry in entries:
            if skip_hidden and entry.name.startswith("."):
                continue
            path = Path(entry.path)
            if entry.is_symlink() and not inside(path, (root,)):
                warnings.append(Warning_(OUTSIDE, SourcePos(display(path, base))))
                continue
            if entry.is_dir():
                subdirs.append(path)
            elif entry.is_file():
                yield path
        stack.extend(reversed(subdirs))


def check_tree(folder: Path, root: Path, warnings: list[Warning_]) -> None:
    """Report the symlinks under `folder` that point outside `root` (templates, i18n files)."""
    for _ in walk_files(folder, root, warnings, shown_from=root):
        pass
