"""Find content files, bundles and resources; read each into a `SourcePage`.

Errors are collected per file so one build reports every broken file.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from polyblog.config import Config
from polyblog.content.dates import DateValueError, parse_date
from polyblog.content.frontmatter import parse, split
from polyblog.content.model import ContentResult, SourceKind, SourcePage
from polyblog.errors import BlogError, ContentError, SourcePos, Warning_
from polyblog.links import OUTSIDE, walk_files

CONTENT_EXTS = (".md", ".markdown")
MAX_FILE_BYTES = 4 * 1024 * 1024  # a content file; see docs/security.md (resource limits)
MAX_TERMS = 100  # terms of one taxonomy on one page


@dataclass(frozen=True, slots=True)
class _Root:
    path: Path  # absolute
    lang: str | None  # fixed language of a per-language folder
    exclude: frozenset[Path]  # per-language folders nested inside the default one


def content_roots(config: Config) -> list[_Root]:
    own = {
        lang.code: config.root / lang.content_dir for lang in config.languages if lang.content_dir
    }
    default = config.root / config.content_dir
    roots = [_Root(default, None, frozenset(own.values()))]
    roots += [_Root(path, code, frozenset()) for code, path in own.items() if path != default]
    return roots


ReadCache = dict[Path, tuple[tuple[object, ...], SourcePage]]
"""Parsed files by path, with the file's stat and where it was found: `blog serve` keeps one so
a rebuild parses only the files that changed."""


def load_content(config: Config, cache: ReadCache | None = None) -> ContentResult:
    pages: list[SourcePage] = []
    errors: list[BlogError] = []
    warnings: list[Warning_] = []
    codes = set(config.lang_codes)
    zone = ZoneInfo(config.timezone)
    site_root = config.root.resolve()
    for root in content_roots(config):
        if not root.path.is_dir():
            if root.lang is not None:
                warnings.append(
                    Warning_(
                        f"content folder {_rel(root.path, config.root)} "
                        f"of language {root.lang} does not exist"
                    )
                )
            continue
        for file, bundle_dir, resources in _walk(root, site_root, warnings, config.root):
            rel_logical = file.relative_to(root.path).as_posix()
            name, lang = _name_and_lang(file.name, codes)
            suffix = file.name.rsplit(".", 2)[-2] if file.name.count(".") >= 2 else ""
            if lang is None and re.fullmatch(r"[a-z]{2}(-[a-z]{2,4})?", suffix):
                warnings.append(
                    Warning_(
                        f"{suffix!r} looks like a language suffix but is not in languages; "
                        "the file is read as part of the page name",
                        SourcePos(_rel(file, config.root)),
                    )
                )
            if lang is None:
                lang = root.lang or config.default_language
            logical_dir = posix_dir(rel_logical)
            try:
                signature: tuple[object, ...] = ()
                if cache is not None:
                    signature = (
                        file_stat(file), lang, name, logical_dir, bundle_dir, resources, root.path
                    )  # fmt: skip
                    hit = cache.get(file)
                    if hit is not None and hit[0] == signature:
                        pages.append(hit[1])
                        continue
                page = _read(
                    file, config, lang, name, logical_dir, bundle_dir, resources, root.path, zone
                )
                if cache is not None:
                    cache[file] = (signature, page)
                pages.append(page)
            except BlogError as exc:
                errors.append(exc)
    pages.sort(key=lambda p: (p.path, p.lang))
    return ContentResult(tuple(pages), tuple(errors), tuple(warnings))


def reread(
    file: Path, hit: tuple[tuple[object, ...], SourcePage], config: Config, cache: ReadCache
) -> SourcePage:
    """Parse a file again that `load_content` read before, found in the same place."""
    _stat, lang, name, logical_dir, bundle_dir, resources, content_root = hit[0]
    assert isinstance(lang, str) and isinstance(name, str) and isinstance(logical_dir, str)
    assert isinstance(bundle_dir, Path) and isinstance(content_root, Path)
    assert isinstance(resources, tuple)
    page = _read(
        file,
        config,
        lang,
        name,
        logical_dir,
        bundle_dir,
        resources,
        content_root,
        ZoneInfo(config.timezone),
    )
    cache[file] = ((file_stat(file), *hit[0][1:]), page)
    return page


def file_stat(file: Path) -> tuple[int, int, int, int]:
    """What tells that a file changed: mtime and ctime in ns, size, inode."""
    try:
        st = file.stat()
    except OSError:
        return (0, 0, -1, 0)
    return (st.st_mtime_ns, st.st_ctime_ns, st.st_size, st.st_ino)


def posix_dir(rel: str) -> str:
    return rel.rsplit("/", 1)[0] if "/" in rel else ""


def _name_and_lang(filename: str, codes: set[str]) -> tuple[str, str | None]:
    stem = filename.rsplit(".", 1)[0]
    if "." in stem:
        base, suffix = stem.rsplit(".", 1)
        if suffix in codes:
            return base, suffix
    return stem, None


def is_content(name: str) -> bool:
    """A content file by its name: Markdown, not hidden, not an editor's `#autosave#`."""
    return name.endswith(CONTENT_EXTS) and not name.startswith((".", "#"))


def _walk(
    root: _Root, site_root: Path, warnings: list[Warning_], display_root: Path
) -> Iterator[tuple[Path, Path, tuple[Path, ...]]]:
    """Yield (content file, its bundle folder, its resources), in sorted order."""
    stack = [root.path]
    seen: set[Path] = set()
    while stack:
        folder = stack.pop()
        try:
            real = folder.resolve(strict=True)
            if real in seen:
                warnings.append(
                    Warning_(
                        "folder reached twice through symlinks (skipped)",
                        SourcePos(_rel(Path(folder), display_root)),
                    )
                )
                continue
            seen.add(real)
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except (OSError, RuntimeError) as exc:
            warnings.append(
                Warning_(
                    f"cannot read folder: {getattr(exc, 'strerror', None) or exc}",
                    SourcePos(_rel(Path(folder), display_root)),
                )
            )
            continue
        files: list[Path] = []
        dirs: list[Path] = []
        for entry in entries:
            if entry.name.startswith(".") or entry.name.endswith("~"):
                continue
            path = Path(entry.path)
            if entry.is_symlink() and not _inside(path, site_root):
                warnings.append(Warning_(OUTSIDE, SourcePos(_rel(path, display_root))))
                continue
            if entry.is_dir():
                if path not in root.exclude:
                    dirs.append(path)
            elif entry.is_file():
                files.append(path)
        contents = [f for f in files if is_content(f.name)]
        is_leaf = any(_stem(f.name) == "index" for f in contents)
        if is_leaf:
            resources = tuple(f for f in files if not is_content(f.name))
            resources += tuple(_all_files(dirs, site_root, warnings, display_root))
            for f in contents:
                if _stem(f.name) == "index":
                    yield f, folder, resources
            continue
        branch_res = tuple(f for f in files if not is_content(f.name))
        for f in contents:
            yield f, folder, branch_res if _stem(f.name) == "_index" else ()
        stack.extend(reversed(dirs))


def _stem(filename: str) -> str:
    return filename.split(".", 1)[0]


def _all_files(
    dirs: list[Path], site_root: Path, warnings: list[Warning_], display_root: Path
) -> Iterator[Path]:
    for folder in dirs:
        for path in walk_files(
            folder, site_root, warnings, skip_hidden=True, shown_from=display_root
        ):
            if not is_content(path.name):
                yield path


def _inside(path: Path, site_root: Path) -> bool:
    try:
        path.resolve().relative_to(site_root)
    except (ValueError, OSError, RuntimeError):
        return False
    return True


def _rel(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)


def read_text(file: Path, display: str) -> str:
    """Read a content file as text: UTF-8 (BOM allowed), LF line ends; binary is an error."""
    try:
        with file.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise ContentError(f"cannot read file: {exc.strerror}", SourcePos(display)) from None
    if len(data) > MAX_FILE_BYTES:
        raise ContentError(
            f"file larger than {MAX_FILE_BYTES // (1024 * 1024)} MB (the limit for a content file)",
            SourcePos(display),
        )
    if b"\x00" in data:
        raise ContentError("not a text file (contains NUL bytes)", SourcePos(display))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise ContentError(
            f"not valid UTF-8 (byte 0x{data[exc.start]:02x})", SourcePos(display, line)
        ) from None
    return text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def _read(
    file: Path,
    config: Config,
    lang: str,
    name: str,
    logical_dir: str,
    bundle_dir: Path,
    resources: tuple[Path, ...],
    content_root: Path,
    zone: ZoneInfo,
) -> SourcePage:
    display = _rel(file, config.root)
    text = read_text(file, display)
    parts = split(text, display)
    data, lines = parse(parts, display)
    fm = _FrontMatter(data, lines, display, zone)
    if name == "_index":
        kind = SourceKind.HOME if logical_dir == "" else SourceKind.SECTION
        page_dir = logical_dir
    elif name == "index":
        kind, page_dir = SourceKind.PAGE, logical_dir
    else:
        kind = SourceKind.PAGE
        page_dir = f"{logical_dir}/{name}" if logical_dir else name
    logical = f"{logical_dir}/{name}.md" if logical_dir else f"{name}.md"
    terms = {tax: fm.terms(tax.lower()) for tax in config.taxonomies if fm.has(tax.lower())}
    date = fm.when("date")
    publish = fm.when("publishdate")
    known = {"title", "linktitle", "description", "summary", "date", "lastmod", "publishdate",
             "expirydate", "draft", "slug", "url", "aliases", "weight", "translationkey", "layout",
             "series_order", *(t.lower() for t in config.taxonomies)}  # fmt: skip
    # YAML keys may be numbers, booleans or null (`? `): params are keyed by their text
    params = {str(k): v for k, v in data.items() if str(k).lower() not in known}
    title = fm.text("title") or ""
    return SourcePage(
        path=display,
        logical=logical,
        lang=lang,
        kind=kind,
        bundle_dir=page_dir,
        name=name,
        title=title,
        link_title=fm.text("linktitle") or title,
        description=fm.text("description") or "",
        summary=fm.text("summary"),
        date=date or publish or fm.when("lastmod"),
        lastmod=fm.when("lastmod") or date or publish,
        publish_date=publish or date,
        expiry_date=fm.when("expirydate"),
        draft=fm.flag("draft"),
        slug=fm.text("slug"),
        url=fm.text("url"),
        aliases=fm.texts("aliases"),
        weight=fm.number("weight") or 0,
        translation_key=fm.text("translationkey"),
        layout=fm.text("layout"),
        series_order=fm.number("series_order"),
        terms=terms,
        params=params,
        body=parts.body,
        body_line=parts.body_line,
        resources=tuple(_rel(r, config.root) for r in resources),
        resource_names=tuple(r.relative_to(bundle_dir).as_posix() for r in resources),
        key_lines={str(k[0]).lower(): v for k, v in lines.items() if len(k) == 1},
    )


class _FrontMatter:
    """Typed, case-insensitive access to front-matter keys, errors naming file:line."""

    def __init__(self, data: dict[str, Any], lines: dict[Any, int], path: str, zone: ZoneInfo):
        self.data = {str(k).lower(): v for k, v in data.items()}
        self.lines = {str(k[0]).lower(): v for k, v in lines.items() if len(k) == 1}
        self.path = path
        self.zone = zone

    def has(self, key: str) -> bool:
        return self.data.get(key) is not None

    def fail(self, key: str, message: str) -> ContentError:
        return ContentError(f"{key}: {message}", SourcePos(self.path, self.lines.get(key, 0)))

    def text(self, key: str) -> str | None:
        value = self.data.get(key)
        if value is None:
            return None
        if isinstance(value, bool | dict | list):
            raise self.fail(key, f"expected text, got {value!r}")
        return str(value)

    def flag(self, key: str) -> bool:
        value = self.data.get(key, False)
        if isinstance(value, str) and value.lower() in {"true", "false"}:
            return value.lower() == "true"
        if not isinstance(value, bool):
            raise self.fail(key, f"expected true or false, got {value!r}")
        return value

    def number(self, key: str) -> int | None:
        value = self.data.get(key)
        if value is None:
            return None
        if isinstance(value, bool):
            raise self.fail(key, f"expected a number, got {value!r}")
        if isinstance(value, int):
            return value
        if isinstance(value, float) and value.is_integer():
            return int(value)
        if isinstance(value, str) and value.strip().lstrip("-").isdigit():
            return int(value)
        raise self.fail(key, f"expected a whole number, got {value!r}")

    def terms(self, key: str) -> tuple[str, ...]:
        names = self.texts(key)
        if len(names) > MAX_TERMS:
            raise self.fail(key, f"{len(names)} terms; a page may have at most {MAX_TERMS}")
        return names

    def texts(self, key: str) -> tuple[str, ...]:
        value = self.data.get(key)
        if value is None:
            return ()
        if isinstance(value, str | int | float) and not isinstance(value, bool):
            value = [value]
        if not isinstance(value, list) or any(isinstance(v, dict | list | bool) for v in value):
            raise self.fail(key, f"expected a list of text values, got {value!r}")
        return tuple(str(v) for v in value if str(v).strip())

    def when(self, key: str) -> datetime | None:
        try:
            return parse_date(self.data.get(key), self.zone)
        except DateValueError as exc:
            raise self.fail(key, str(exc)) from None
