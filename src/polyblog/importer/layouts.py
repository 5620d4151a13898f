"""A Hugo site's shortcode templates -> Jinja shortcodes in `layouts-polyblog/shortcodes/`.

The site's own (`layouts/shortcodes/`) and, for names the default theme does not ship, the
Hugo theme's; each goes through `polyblog.importer.gotemplate.translate_shortcode`.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from polyblog.errors import SourcePos
from polyblog.importer.hugo_config import HugoConfig
from polyblog.importer.mapping import LAYOUTS_DIR
from polyblog.importer.report import Entry, Status
from polyblog.links import inside

FOLDERS = ("shortcodes", "_shortcodes")  # Hugo 0.111's name, then newer Hugo's


@dataclass(frozen=True, slots=True)
class Source:
    name: str
    path: Path
    display: str  # relative to the site


@dataclass(frozen=True, slots=True)
class Planned:
    files: tuple[tuple[str, str], ...]  # (path relative to the site, text)
    entries: tuple[Entry, ...]


def default_theme_shortcodes() -> set[str]:
    """Names of the shortcodes polyblog's default theme ships (read now: the list grows)."""
    folder = resources.files("polyblog") / "themes" / "default" / "templates" / "shortcodes"
    return {item.name[:-5] for item in folder.iterdir() if item.name.endswith(".html")}


def translator() -> Callable[[str, str], Any] | None:
    """`translate_shortcode`, if this polyblog has it (imported when needed)."""
    try:
        module = importlib.import_module("polyblog.importer.gotemplate")
    except ImportError:
        return None
    found: Callable[[str, str], Any] = module.translate_shortcode
    return found


def stub_marker() -> str | None:
    try:
        module = importlib.import_module("polyblog.importer.gotemplate")
    except ImportError:
        return None
    return str(module.STUB_MARKER)


def find_shortcodes(cfg: HugoConfig, entries: list[Entry]) -> list[Source]:
    """The site's shortcodes, then the Hugo theme's that neither the site nor polyblog has."""
    root = cfg.root
    found: dict[str, Source] = {}
    for sub in FOLDERS:
        _collect(root, root / "layouts" / sub, found, entries)
    theme = cfg.get(("theme",))
    names = [str(t) for t in theme] if isinstance(theme, list) else [str(theme)] if theme else []
    if not names:
        return list(found.values())
    setting = str(cfg.get(("themesdir",)) or "themes")
    themes_dir = Path(os.path.normpath(root / setting))
    if not themes_dir.is_relative_to(root):  # decided on the path: nothing outside is touched
        where = cfg.pos(("themesdir",))
        why = f"{setting} is outside the site folder: the theme's shortcodes are not read"
        entries.append(Entry(Status.DROPPED, "themesDir", where, "", why))
        return list(found.values())
    ours = default_theme_shortcodes()
    for theme_name in names:
        folder = themes_dir / theme_name
        if not folder.is_dir():
            continue
        if not inside(folder, (root,)):
            why = "symlink points outside the site folder (refused): its shortcodes are not read"
            entries.append(
                Entry(
                    Status.DROPPED,
                    f"theme {theme_name}",
                    SourcePos(folder.relative_to(root).as_posix()),
                    "",
                    why,
                )
            )
            continue
        theirs: dict[str, Source] = {}
        for sub in FOLDERS:
            _collect(root, folder / "layouts" / sub, theirs, entries)
        for short, source in theirs.items():
            if short not in found and short not in ours:
                found[short] = source
    return list(found.values())


def _collect(root: Path, folder: Path, into: dict[str, Source], entries: list[Entry]) -> None:
    if not folder.is_dir():
        return
    for path in sorted(folder.iterdir()):
        display = path.relative_to(root).as_posix()
        if path.suffix != ".html" or not path.is_file():
            continue
        if not inside(path, (root,)):
            entries.append(
                Entry(
                    Status.DROPPED,
                    "shortcode",
                    SourcePos(display),
                    "",
                    "symlink points outside the site folder (refused)",
                )
            )
            continue
        into.setdefault(path.stem, Source(path.stem, path, display))


def plan_shortcodes(cfg: HugoConfig, force: bool) -> Planned:
    entries: list[Entry] = []
    sources = find_shortcodes(cfg, entries)
    if not sources:
        return Planned((), tuple(entries))
    translate = translator()
    marker = stub_marker()
    files: list[tuple[str, str]] = []
    for source in sources:
        target = f"{LAYOUTS_DIR}/shortcodes/{source.name}.html"
        pos = SourcePos(source.display)
        label = f"shortcode {source.name}"
        if translate is None:
            entries.append(
                Entry(
                    Status.DROPPED,
                    label,
                    pos,
                    "",
                    "not translated: this polyblog "
                    "has no Go template translator (polyblog.importer.gotemplate)",
                )
            )
            continue
        existing = cfg.root / target
        if existing.exists() and not force:
            earlier = marker is not None and marker in _read(existing)
            why = "an earlier stub" if earlier else "your file"
            entries.append(
                Entry(Status.KEPT, label, pos, target, f"exists ({why}): --force replaces it")
            )
            continue
        try:
            text = source.path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            entries.append(Entry(Status.DROPPED, label, pos, "", f"cannot read: {exc}"))
            continue
        result = translate(text, source.name)
        files.append((target, str(result.jinja)))
        if result.complete:
            entries.append(Entry(Status.TRANSLATED, label, pos, target))
        else:
            problems = "; ".join(str(p) for p in result.problems) or "incomplete"
            entries.append(Entry(Status.STUBBED, label, pos, target, problems))
    return Planned(tuple(files), tuple(entries))


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""
