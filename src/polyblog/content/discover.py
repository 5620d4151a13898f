"""Find content files, bundles and resources; read each into a `SourcePage`.

Errors are collected per file so one build reports every broken file.
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from babel import Locale, UnknownLocaleError

from polyblog.config import Config
from polyblog.content.dates import DateValueError, parse_date
from polyblog.content.frontmatter import parse, split
from polyblog.content.menus import menu_specs
from polyblog.content.model import ContentResult, SourceKind, SourcePage
from polyblog.content.resources import resource_specs
from polyblog.errors import BlogError, ContentError, SourcePos, Warning_
from polyblog.links import OUTSIDE, walk_files
from polyblog.parallel import fork_shares, fork_workers

MARKDOWN_EXTS = (".md", ".markdown", ".mdown")
HTML_EXTS = (".html", ".htm")  # a page when it has front matter, else a plain file (Hugo)
CONTENT_EXTS = MARKDOWN_EXTS + HTML_EXTS
# Hugo's other content formats, which need external tools (asciidoctor, rst2html, pandoc) or
# go-org: skipped with a warning, never copied as files.
OTHER_MARKUP_EXTS = (".adoc", ".asciidoc", ".ad", ".rst", ".rest", ".org", ".pandoc", ".pdc")
LOCALE_LIKE = re.compile(r"[a-z]{2,3}(-[a-z0-9]{2,8})*")
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
    # a disabled language's folder is read by no one (not as the default language's either)
    off = {config.root / folder for folder in config.disabled_dirs} - {default}
    roots = [_Root(default, None, frozenset(own.values()) | off)]
    roots += [_Root(path, code, frozenset()) for code, path in own.items() if path != default]
    return roots


ReadCache = dict[Path, tuple[tuple[object, ...], SourcePage]]
"""Parsed files by path, with the file's stat and where it was found: `blog serve` keeps one so
a rebuild parses only the files that changed."""


PARALLEL_READS = 400  # files to parse; below this, forking readers costs more than it saves


def load_content(
    config: Config, cache: ReadCache | None = None, jobs: int | None = 1
) -> ContentResult:
    """Every content file of the site, parsed (those `cache` has, unchanged, taken from it).
    With `jobs` other than 1 and many files to parse, forked readers parse shares of them
    (`--jobs`, every core when None)."""
    pages: list[SourcePage] = []
    todo: list[_Task | BlogError] = []  # the files to parse, in order
    errors: list[BlogError] = []
    warnings: list[Warning_] = []
    codes = set(config.lang_codes)
    known = codes | set(config.disabled_languages)
    unknown: dict[str, list[Path]] = {}  # language suffix -> files skipped for it
    other_markup: list[Path] = []
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
        if root.lang is None:
            root = _without_language_folders(root, config, known, warnings)
        walk = _walk(root, site_root, warnings, config.root, other_markup)
        for file, bundle_dir, resources in walk:
            rel_logical = file.relative_to(root.path).as_posix()
            name, suffix = split_language(file.name, known)
            if suffix is not None and suffix not in codes:
                if suffix not in config.disabled_languages:
                    unknown.setdefault(suffix, []).append(file)
                continue  # a disabled language, or one the site does not have: skipped
            lang = suffix or root.lang or config.default_language
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
            except BlogError as exc:
                todo.append(exc)  # reported in the order of the files, with the others
                continue
            todo.append(
                (file, lang, name, logical_dir, bundle_dir, resources, root.path, signature)
            )
    for task, found in zip(todo, _read_tasks(todo, config, jobs), strict=True):
        if isinstance(found, BlogError):
            errors.append(found)
            continue
        if cache is not None and not isinstance(task, BlogError):
            cache[task[0]] = (task[7], found)
        pages.append(found)
    pages.sort(key=lambda p: (p.path, p.lang))
    warnings += _skipped(unknown, other_markup, config.root)
    return ContentResult(tuple(pages), tuple(errors), tuple(warnings))


# a file to parse: file, language, name, logical folder, bundle folder, resources, content
# root, and its signature in the read cache
_Task = tuple[Path, str, str, str, Path, tuple[Path, ...], Path, tuple[object, ...]]


def _read_tasks(
    tasks: list[_Task | BlogError], config: Config, jobs: int | None
) -> list[SourcePage | BlogError]:
    """Each task's page, or the error that stops it (a task that is an error already stays
    one), in the tasks' order: in forked readers (each parses every n-th file; the pages come
    back pickled, a fraction of what parsing them costs) when there are many."""
    workers = fork_workers(jobs, len(tasks), PARALLEL_READS)
    if not workers:
        return _read_share(tasks, config)
    shares = [tasks[i::workers] for i in range(workers)]
    done = fork_shares(functools.partial(_read_share, config=config), shares)
    return [done[i % workers][i // workers] for i in range(len(tasks))]


def _read_share(tasks: list[_Task | BlogError], config: Config) -> list[SourcePage | BlogError]:
    zone = ZoneInfo(config.timezone)
    out: list[SourcePage | BlogError] = []
    for task in tasks:
        if isinstance(task, BlogError):
            out.append(task)
            continue
        file, lang, name, logical_dir, bundle_dir, resources, root, _signature = task
        try:
            out.append(
                _read(file, config, lang, name, logical_dir, bundle_dir, resources, root, zone)
            )
        except BlogError as exc:
            out.append(exc)
    return out


def _without_language_folders(
    root: _Root, config: Config, known: set[str], warnings: list[Warning_]
) -> _Root:
    """When every language has its folder in the content folder (`content/en`, `content/fr`:
    the default language's `content_dir` is one), a sibling folder named like a language
    (`content/es`) is the folder of a language the site does not have (or a disabled one): it
    is not read as default-language pages. A warning names it, unless the language is
    disabled."""
    own = config.language(config.default_language).content_dir
    if own is None or (config.root / own).parent != root.path:
        return root
    skip: set[Path] = set()
    try:
        entries = sorted(os.scandir(root.path), key=lambda e: e.name)
    except OSError:
        return root
    for entry in entries:
        path = Path(entry.path)
        name = entry.name
        if path in root.exclude or not entry.is_dir() or name in config.lang_codes:
            continue
        if name in known or is_locale_code(name):
            skip.add(path)
            if name not in config.disabled_languages:
                warnings.append(
                    Warning_(
                        f"language {name!r} is not in languages: its content folder is "
                        f"skipped (add {name} to languages to build it, or rename the folder)",
                        SourcePos(_rel(path, config.root)),
                    )
                )
    return _Root(root.path, root.lang, root.exclude | skip) if skip else root


def _skipped(
    unknown: dict[str, list[Path]], other_markup: list[Path], root: Path
) -> list[Warning_]:
    """One warning per unknown language suffix, one for files in other markup formats."""
    out: list[Warning_] = []
    for suffix, files in sorted(unknown.items()):
        more = f" and {len(files) - 1} more" if len(files) > 1 else ""
        out.append(
            Warning_(
                f"language {suffix!r} is not in languages: this file{more} skipped (add "
                f"{suffix} to languages to build them, or rename the files)",
                SourcePos(_rel(files[0], root)),
            )
        )
    if other_markup:
        more = f" and {len(other_markup) - 1} more" if len(other_markup) > 1 else ""
        out.append(
            Warning_(
                f"AsciiDoc, reStructuredText, Org and Pandoc files are not read (polyblog "
                f"reads Markdown and HTML): this file{more} skipped",
                SourcePos(_rel(other_markup[0], root)),
            )
        )
    return out


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


MISSING_STAT = (0, 0, -1, 0)  # `file_stat` of a file that cannot be read


def file_stat(file: Path) -> tuple[int, int, int, int]:
    """What tells that a file changed: mtime and ctime in ns, size, inode."""
    try:
        return stat_key(file.stat())
    except OSError:
        return MISSING_STAT


def stat_key(st: os.stat_result) -> tuple[int, int, int, int]:
    """`file_stat` of a stat already made (`os.DirEntry.stat`)."""
    return (st.st_mtime_ns, st.st_ctime_ns, st.st_size, st.st_ino)


def posix_dir(rel: str) -> str:
    return rel.rsplit("/", 1)[0] if "/" in rel else ""


def split_language(filename: str, known: set[str]) -> tuple[str, str | None]:
    """`index.fr.md` -> (`index`, `fr`). A suffix is a language when it is a language of the
    site (enabled or disabled) or a locale Babel knows (`es`, `pt-pt`, `zh-cn`), so that the
    caller can skip files of languages the site does not have; `notes.old.md` and `v1.2.md`
    have no language suffix."""
    stem = filename.rsplit(".", 1)[0]
    if "." in stem:
        base, suffix = stem.rsplit(".", 1)
        if suffix in known or is_locale_code(suffix):
            return base, suffix
    return stem, None


@lru_cache(maxsize=256)
def is_locale_code(code: str) -> bool:
    """A lower-case code that Babel knows as a locale whose language is the code's own
    (`es`, `pt-br`, `zh-hans`; not `old`, `v1`, nor `eng`, which Babel maps to `en`)."""
    if not LOCALE_LIKE.fullmatch(code):
        return False
    try:
        parsed = Locale.parse(code.replace("-", "_"))
    except (UnknownLocaleError, ValueError, TypeError):
        return False
    return parsed.language == code.split("-", 1)[0]


def is_content(name: str) -> bool:
    """A content file by its name: Markdown or HTML (an HTML file without front matter is a
    plain file: see `is_page_file`), not hidden, not an editor's `#autosave#`."""
    return name.endswith(CONTENT_EXTS) and not name.startswith((".", "#"))


def is_page_file(path: Path) -> bool:
    """A content file that is a page. Hugo 0.111 (`ClassifyContentFile`): an `.html`/`.htm`
    file whose first non-blank character is `<` (and not an `<!--` comment) is a plain file,
    copied as it is; with front matter (or text first) it is a page."""
    if not is_content(path.name):
        return False
    if not path.name.endswith(HTML_EXTS):
        return True
    try:
        with path.open("rb") as handle:
            head = handle.read(4096)
    except OSError:
        return False
    text = head.decode("utf-8", errors="ignore").lstrip("\ufeff").lstrip()
    if not text:
        return False
    return not text.startswith("<") or text.startswith("<!--")


def _is_other_markup(name: str) -> bool:
    return name.lower().endswith(OTHER_MARKUP_EXTS) and not name.startswith((".", "#"))


def _walk(
    root: _Root,
    site_root: Path,
    warnings: list[Warning_],
    display_root: Path,
    other_markup: list[Path],
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
        contents = [f for f in files if is_page_file(f)]
        pages = set(contents)
        plain = [f for f in files if f not in pages]
        is_leaf = any(_stem(f.name) == "index" for f in contents)
        other_markup += [
            f
            for f in plain
            if _is_other_markup(f.name) and (not is_leaf or _stem(f.name) in {"index", "_index"})
        ]
        plain = [f for f in plain if not _is_other_markup(f.name)]
        if is_leaf:
            resources = tuple(plain)
            resources += tuple(_all_files(dirs, site_root, warnings, display_root))
            for f in contents:
                if _stem(f.name) == "index":
                    yield f, folder, resources
            continue
        branch_res = tuple(plain)
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
            if not is_page_file(path) and not _is_other_markup(path.name):
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
             "series_order", "resources", "menu", "menus",
             *(t.lower() for t in config.taxonomies)}  # fmt: skip
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
        markup="html" if file.name.endswith(HTML_EXTS) else "markdown",
        resource_specs=resource_specs(*_raw(data, "resources"), lines, display),
        menus=menu_specs(*_raw(data, "menus", "menu"), lines, display),
    )


def _raw(data: dict[str, Any], *keys: str) -> tuple[Any, str]:
    """The value of the first of `keys` the front matter has (any case), and the key as
    written there (for line numbers)."""
    for key in keys:
        for written, value in data.items():
            if str(written).lower() == key and value is not None:
                return value, str(written)
    return None, keys[0]


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
