"""`blog new`: a content file from an archetype (Hugo's lookup order), or a translation of an
existing page, marked draft and pinned to the original's content hash."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import frontmatter
import jinja2
import yaml
from jinja2.sandbox import SandboxedEnvironment

from polyblog.config import Config, load_config
from polyblog.content import load_content
from polyblog.content.discover import read_text
from polyblog.content.frontmatter import parse, split
from polyblog.errors import BlogError, ContentError, ErrorList, SourcePos, TemplateError
from polyblog.render.env import theme_dir
from polyblog.translations.status import (
    PIN_KEY,
    content_hash,
    original_of,
    page_name,
    translation_groups,
)

# The Go-template expressions of Hugo's stock archetypes, as the Jinja variables we provide.
_HUGO_EXPRESSIONS = [
    (
        re.compile(
            r"\{\{-?\s*replace\s+\.(?:Name|File\.ContentBaseName)\s+[\"`]-[\"`]\s+[\"`] [\"`]"
            r"\s*\|\s*title\s*-?\}\}"
        ),
        "{{ title }}",
    ),
    (re.compile(r"\{\{-?\s*\.Date\s*-?\}\}"), "{{ date }}"),
    (re.compile(r"\{\{-?\s*\.(?:Name|File\.ContentBaseName)\s*-?\}\}"), "{{ name }}"),
    (re.compile(r"\{\{-?\s*\.(?:Lang|Site\.Language\.Lang)\s*-?\}\}"), "{{ lang }}"),
]
_DROPPED_IN_TRANSLATIONS = ("aliases", "url", PIN_KEY)


@dataclass(frozen=True, slots=True)
class Created:
    path: str  # relative to the site
    archetype: str  # the archetype used ("" for a translation)


def content_path(path: str) -> list[str]:
    """The segments of a path given on the command line, checked to stay inside content."""
    text = path.replace("\\", "/").strip()
    if not text or text.startswith("/") or re.match(r"^[A-Za-z]:", text):
        raise BlogError(f"{path!r}: give a path inside the content folder, like posts/my-post")
    parts = [p for p in text.split("/") if p]
    if any(p in {".", ".."} for p in parts):
        raise BlogError(f"{path!r}: '.' and '..' are not allowed in the path")
    return parts


def _target(config: Config, parts: list[str], lang: str, bundle: bool) -> Path:
    own = next((c.content_dir for c in config.languages if c.code == lang), None)
    if parts and parts[0] == config.content_dir and len(parts) > 1:
        parts = parts[1:]  # `content/posts/x` works too
    root = config.root / (own or config.content_dir)
    suffix = "" if own or lang == config.default_language else f".{lang}"
    *folders, last = parts
    if last.endswith(".md"):
        stem = last[:-3]
        return root.joinpath(*folders, f"{stem}{suffix}.md")
    if bundle:
        return root.joinpath(*folders, last, f"index{suffix}.md")
    return root.joinpath(*folders, f"{last}{suffix}.md")


def _check_new(config: Config, target: Path) -> str:
    rel = target.relative_to(config.root).as_posix()
    roots = [config.root / config.content_dir]
    roots += [config.root / c.content_dir for c in config.languages if c.content_dir]
    resolved = target.resolve()
    if not any(resolved.is_relative_to(r.resolve()) for r in roots):
        raise BlogError(f"{rel}: outside the content folder (a symlink?)")
    if target.exists() or target.is_symlink():
        raise BlogError(f"{rel}: already exists; not overwritten")
    return rel


def find_archetype(config: Config, section: str) -> Path | None:
    """Hugo's order: the site's archetypes/<section>.md, archetypes/default.md, then the
    theme's archetypes/<section>.md, archetypes/default.md."""
    folders = [config.root / "archetypes"]
    theme = theme_dir(config.root, config.theme)
    if theme is not None:
        folders.append(theme / "archetypes")
    names = [f"{section}.md"] if section else []
    names.append("default.md")
    for folder in folders:
        for name in names:
            candidate = folder / name
            if candidate.is_file():
                return candidate
    return None


def _display(path: Path, config: Config) -> str:
    if path.is_relative_to(config.root):
        return path.relative_to(config.root).as_posix()
    return f"themes/{config.theme}/archetypes/{path.name}"


def new_page(
    source: Path, path: str, lang: str | None, bundle: bool, now: datetime | None = None
) -> Created:
    config = load_config(source)
    lang = lang or config.default_language
    if lang not in config.lang_codes:
        raise BlogError(f"--lang: {lang!r} is not a language of the site")
    parts = content_path(path)
    target = _target(config, parts, lang, bundle)
    rel = _check_new(config, target)
    name = parts[-1].removesuffix(".md")
    if name == "index" and len(parts) > 1:
        name = parts[-2]
    section = parts[0] if len(parts) > 1 and parts[0] != config.content_dir else ""
    archetype = find_archetype(config, section)
    when = now or datetime.now(ZoneInfo(config.timezone))
    variables = {
        "title": name.replace("-", " ").replace("_", " ").strip().title(),
        "name": name,
        "date": when.isoformat(timespec="seconds"),
        "lang": lang,
        "section": section,
        "path": rel,
    }
    if archetype is None:
        date = when.replace(microsecond=0)
        text = front_matter({"title": variables["title"], "date": date, "draft": True})
        shown = ""
    else:
        shown = _display(archetype, config)
        text = _render(archetype, shown, variables)
    _validate(text, shown or rel)
    _write(target, text)
    return Created(rel, shown)


def _render(archetype: Path, shown: str, variables: dict[str, str]) -> str:
    source = read_text(archetype, shown)
    for pattern, replacement in _HUGO_EXPRESSIONS:
        source = pattern.sub(replacement, source)
    env = SandboxedEnvironment(undefined=jinja2.StrictUndefined, keep_trailing_newline=True)
    try:
        return env.from_string(source).render(variables)
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateError(f"archetype: {exc.message}", SourcePos(shown, exc.lineno)) from None
    except jinja2.TemplateError as exc:
        known = ", ".join(sorted(variables))
        raise TemplateError(f"archetype: {exc} (variables: {known})", SourcePos(shown)) from None


def _validate(text: str, shown: str) -> None:
    """The new file must be readable content: its front matter parses."""
    try:
        parse(split(text, shown), shown)
    except ContentError as exc:
        message = f"archetype gives invalid front matter: {exc.message}"
        raise ContentError(message, exc.pos) from None


class _Dumper(yaml.SafeDumper):
    """Dates as `2024-03-05T10:00:00+01:00`, as Hugo's archetypes write them."""


_Dumper.add_representer(
    datetime,
    lambda dumper, value: dumper.represent_scalar("tag:yaml.org,2002:timestamp", value.isoformat()),
)


def front_matter(data: dict[str, Any]) -> str:
    """`---`, the keys as YAML in the order given, `---` and a newline (python-frontmatter)."""
    post = frontmatter.Post("")
    post.metadata.update(data)  # not as keywords: a key may be named `handler`
    return frontmatter.dumps(post, Dumper=_Dumper, sort_keys=False, width=100) + "\n"


def _write(target: Path, text: str) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("x", encoding="utf-8", newline="\n") as handle:  # never overwrite
        handle.write(text)


def new_translation(source: Path, path: str, lang: str) -> Created:
    """`index.fr.md` beside the original: its front matter (without aliases and url), draft,
    pinned to the original's content hash; the original's body, to translate in place."""
    config = load_config(source)
    if lang not in config.lang_codes:
        raise BlogError(f"--lang: {lang!r} is not a language of the site")
    content = load_content(config)
    if content.errors:
        raise ErrorList(list(content.errors))
    wanted = "/".join(content_path(path)).removesuffix(".md").removesuffix("/index")
    wanted = wanted.removeprefix(config.content_dir + "/")
    for group in translation_groups(config, list(content.pages)):
        original = original_of(config, group)
        names = {page_name(original), original.path.removesuffix(".md")}
        if wanted not in names and path not in {p.path for p in group}:
            continue
        existing = next((p for p in group if p.lang == lang), None)
        if existing is not None:
            raise BlogError(f"{existing.path}: the {lang} version already exists")
        logical = original.logical.removesuffix(".md").split("/")
        target = _target(config, [*logical[:-1], logical[-1] + ".md"], lang, False)
        rel = _check_new(config, target)
        text = read_text(config.root / original.path, original.path)
        parts = split(text, original.path)
        data, _lines = parse(parts, original.path)
        front = {k: v for k, v in data.items() if k not in _DROPPED_IN_TRANSLATIONS}
        front["draft"] = True
        front[PIN_KEY] = content_hash(original)
        _write(target, front_matter(front) + parts.body)
        return Created(rel, "")
    raise BlogError(f"{path!r}: no page with this path in the content folder")


@dataclass(frozen=True, slots=True)
class AllLanguages:
    """What `blog new --all-languages` did: files created, and files left as they were."""

    original: str  # the default language's file, relative to the site
    created: Created | None  # the original, unless it existed
    translations: tuple[tuple[str, str], ...]  # (language, path) of each translation made
    skipped: tuple[str, ...]  # files that already existed

    @property
    def anything(self) -> bool:
        return self.created is not None or bool(self.translations)


def new_in_all_languages(
    source: Path, path: str, bundle: bool, now: datetime | None = None
) -> AllLanguages:
    """The page in the default language from its archetype (unless it exists), then a
    translation pinned to it in every other language; existing files are left alone."""
    config = load_config(source)
    skipped: list[str] = []
    target = _target(config, content_path(path), config.default_language, bundle)
    original = target.relative_to(config.root).as_posix()
    created = None
    if target.exists() or target.is_symlink():
        skipped.append(original)
    else:
        created = new_page(source, path, config.default_language, bundle, now)
    existing = _versions_of(config, original)
    made: list[tuple[str, str]] = []
    for lang in config.lang_codes:
        if lang == config.default_language:
            continue
        if lang in existing:
            skipped.append(existing[lang])
            continue
        made.append((lang, new_translation(source, original, lang).path))
    return AllLanguages(original, created, tuple(made), tuple(skipped))


def _versions_of(config: Config, original: str) -> dict[str, str]:
    """The existing versions of the page at `original`: language -> path."""
    content = load_content(config)
    if content.errors:
        raise ErrorList(list(content.errors))
    for group in translation_groups(config, list(content.pages)):
        if original in {p.path for p in group}:
            return {p.lang: p.path for p in group}
    raise BlogError(f"{original}: not a regular page (an _index.md?)")
