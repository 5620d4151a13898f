"""`blog init`: a new blog that builds at once (blog.yaml, a first post and an about page in
every language, static/, README, .gitignore, requirements.txt and the host's workflow)."""

from __future__ import annotations

import json
import re
import tempfile
import textwrap
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from importlib.resources import files
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import frontmatter
import yaml
from babel import Locale, UnknownLocaleError
from babel.lists import format_list

from polyblog.config import LANG_CODE, load_config
from polyblog.errors import BlogError, ConfigError
from polyblog.scaffold.art import cover_svg, favicon_svg
from polyblog.scaffold.hosts import (
    DEFAULT_HOST,
    HOSTS,
    Install,
    fill,
    host_files,
    installed,
    publish_section,
    requirements_txt,
    template,
)

DEFAULT_TITLE = "My Blog"
DEFAULT_BASE_URL = "https://example.org/"
POST = "hello-world"  # the first post's folder
IGNORED = {".git", ".DS_Store"}  # a folder holding only these counts as empty (`git init`)


@dataclass(frozen=True, slots=True)
class InitOptions:
    folder: Path
    title: str = DEFAULT_TITLE
    languages: tuple[str, ...] = ("en",)
    default_language: str = "en"
    base_url: str = DEFAULT_BASE_URL
    host: str = DEFAULT_HOST
    force: bool = False


@dataclass(frozen=True, slots=True)
class InitResult:
    folder: Path
    created: tuple[str, ...]  # paths relative to the folder, in writing order
    skipped: tuple[str, ...]  # already there (with --force): left as they were
    english_text: tuple[str, ...]  # languages without starter text of their own
    install: Install
    host: str


@dataclass(frozen=True, slots=True)
class _Lang:
    code: str
    locale: Locale
    strings: Mapping[str, str] = field(default_factory=dict)
    own_text: bool = True


def starter_languages() -> tuple[str, ...]:
    """Languages whose starter text ships with polyblog."""
    folder = files("polyblog.scaffold") / "templates" / "text"
    return tuple(
        sorted(p.name.removesuffix(".yaml") for p in folder.iterdir() if p.name.endswith(".yaml"))
    )


def parse_languages(text: str) -> tuple[str, ...]:
    """`en, fr,pt-BR` → ("en", "fr", "pt-br"): codes the config accepts, known to Babel."""
    codes: list[str] = []
    for raw in re.split(r"[,\s]+", text.strip()):
        if not raw:
            continue
        code = raw.replace("_", "-").lower()
        if not LANG_CODE.match(code):
            raise BlogError(f"{raw!r} is not a language code such as en, fr, pt-br or zh-cn")
        try:
            Locale.parse(code.replace("-", "_"))
        except (UnknownLocaleError, ValueError):
            raise BlogError(
                f"{raw!r} is not a language known to Babel (codes such as en, fr, pt-br, zh-cn)"
            ) from None
        if code in codes:
            raise BlogError(f"{raw!r} is given twice")
        codes.append(code)
    if not codes:
        raise BlogError("give at least one language code, such as en")
    return tuple(codes)


def check_base_url(text: str) -> str:
    parts = urlsplit(text.strip())
    if parts.scheme not in {"http", "https"} or not parts.netloc:
        raise BlogError(f"{text!r} is not an absolute http(s) URL such as https://example.org/")
    url = text.strip()
    return url if url.endswith("/") else url + "/"


def make_options(
    folder: Path,
    title: str | None = None,
    languages: str | None = None,
    default_language: str | None = None,
    base_url: str | None = None,
    host: str | None = None,
    force: bool = False,
) -> InitOptions:
    """Options from the command line's text, each mistake named after its option."""

    def checked(option: str, fn: Any, value: str) -> Any:
        try:
            return fn(value)
        except BlogError as exc:
            raise BlogError(f"{option}: {exc.message}") from None

    codes: tuple[str, ...] = checked("--languages", parse_languages, languages or "en")
    default = (default_language or codes[0]).replace("_", "-").lower()
    if default not in codes:
        raise BlogError(
            f"--default-language: {default_language!r} is not one of the languages "
            f"({', '.join(codes)})"
        )
    name = (title if title is not None else DEFAULT_TITLE).strip()
    if not name:
        raise BlogError("--title: the title is empty")
    if host is not None and host not in HOSTS:
        raise BlogError(f"--host: {host!r} is not one of {', '.join(HOSTS)}")
    return InitOptions(
        folder=folder,
        title=name,
        languages=codes,
        default_language=default,
        base_url=checked("--base-url", check_base_url, base_url or DEFAULT_BASE_URL),
        host=host or DEFAULT_HOST,
        force=force,
    )


def check_folder(folder: Path, force: bool) -> None:
    """A new blog goes into a missing or empty folder; with --force, into any folder."""
    name = "the current folder" if folder == Path() else f"{folder}: the folder"
    if folder.exists() and not folder.is_dir():
        raise BlogError(f"{folder}: not a folder")
    if force or not folder.exists():
        return
    entries = sorted(p.name for p in folder.iterdir() if p.name not in IGNORED)
    if entries:
        shown = ", ".join(entries[:3]) + (", …" if len(entries) > 3 else "")
        raise BlogError(
            f"{name} is not empty ({shown}); choose an empty or new folder, or "
            "use --force to add the missing files (it never overwrites a file)"
        )


def init_site(
    options: InitOptions, now: datetime | None = None, install: Install | None = None
) -> InitResult:
    """Write the new blog; with --force, skip every file that exists."""
    check_folder(options.folder, options.force)
    install = install or installed()
    when = (now or datetime.now().astimezone()).replace(microsecond=0)
    planned = plan(options, when, install)
    _validate(planned["blog.yaml"])
    root = options.folder
    root.mkdir(parents=True, exist_ok=True)
    real_root = root.resolve()
    created: list[str] = []
    skipped: list[str] = []
    for rel, data in planned.items():
        target = root / rel
        if target.exists() or target.is_symlink():
            skipped.append(rel)
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        if not target.parent.resolve().is_relative_to(real_root):
            skipped.append(rel)  # a symlinked folder leading out of the blog: not followed
            continue
        with target.open("x", encoding="utf-8", newline="\n") as handle:
            handle.write(data)
        created.append(rel)
    untranslated = tuple(code for code in options.languages if not _strings_exist(code))
    return InitResult(root, tuple(created), tuple(skipped), untranslated, install, options.host)


def _validate(text: str) -> None:
    """The blog.yaml about to be written loads in polyblog's config loader, without warnings."""
    with tempfile.TemporaryDirectory() as tmp:
        Path(tmp, "blog.yaml").write_text(text, encoding="utf-8")
        config = load_config(Path(tmp))
    if config.warnings:
        raise ConfigError(f"blog init wrote a blog.yaml with warnings: {config.warnings[0]}")


def _strings_exist(code: str) -> bool:
    return _strings_file(code) is not None


def _strings_file(code: str) -> str | None:
    known = starter_languages()
    for candidate in (code, code.split("-")[0]):
        if candidate in known:
            return candidate
    return None


def _language(code: str) -> _Lang:
    locale = Locale.parse(code.replace("-", "_"))
    own = _strings_file(code)
    data = yaml.safe_load(template(f"text/{own or 'en'}.yaml"))
    return _Lang(code, locale, {k: str(v) for k, v in data.items()}, own is not None)


def _suffix(code: str, default: str) -> str:
    return "" if code == default else f".{code}"


def _q(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def _front(meta: dict[str, Any], body: str) -> str:
    """Front matter through python-frontmatter (YAML, keys in the order given)."""
    post = frontmatter.Post(reflow(body))
    post.metadata.update(meta)
    return frontmatter.dumps(post, Dumper=_Dumper, sort_keys=False, width=100) + "\n"


_UNBREAKABLE = re.compile(r"`[^`]*`|\{\{<.*?>\}\}|\[[^\]]*\]\([^)]*\)")


def reflow(markdown: str, width: int = 100) -> str:
    """Paragraphs re-wrapped at `width` once the placeholders are filled in: code blocks and
    headings as they are, never a break inside a code span, shortcode or link; a paragraph
    with Chinese or Japanese on one line (joined without spaces: a break shows as one)."""
    blocks = re.split(r"\n{2,}", markdown.strip("\n"))
    out = []
    for block in blocks:
        if block.startswith(("```", "#", "-", "|", ">")):
            out.append(block)
            continue
        text = ""
        for line in block.split("\n"):
            line = line.strip()
            text += ("" if not text or (_wide(text[-1]) and _wide(line[:1])) else " ") + line
        if any(_wide(char) for char in text):  # a break would show as a space there
            out.append(text)
            continue
        kept = _UNBREAKABLE.sub(lambda m: m.group(0).replace(" ", "\x00"), text)
        wrapped = textwrap.fill(kept, width, break_long_words=False, break_on_hyphens=False)
        out.append(wrapped.replace("\x00", " "))
    return "\n\n".join(out) + "\n"


def _wide(char: str) -> bool:
    return bool(char) and unicodedata.east_asian_width(char) in {"W", "F"}


class _Dumper(yaml.SafeDumper):
    """Dates as `2024-03-05T10:00:00+01:00`, as Hugo's archetypes write them."""


_Dumper.add_representer(
    datetime,
    lambda dumper, value: dumper.represent_scalar("tag:yaml.org,2002:timestamp", value.isoformat()),
)


def plan(options: InitOptions, now: datetime, install: Install) -> dict[str, str]:
    """Every file of the new blog, by its path relative to the blog's folder."""
    default = options.default_language
    langs = [_language(code) for code in options.languages]
    out: dict[str, str] = {}
    out["blog.yaml"] = _blog_yaml(options, langs, now)
    out["README.md"] = _readme(options, langs, install)
    out[".gitignore"] = template("gitignore")
    out["requirements.txt"] = requirements_txt(install)
    out.update(host_files(options.host))
    out["static/favicon.svg"] = favicon_svg(options.title)
    for lang in langs:
        suffix = _suffix(lang.code, default)
        s = lang.strings
        out[f"content/posts/_index{suffix}.md"] = _front({"title": s["posts"]}, "")
    out[f"content/posts/{POST}/cover.svg"] = cover_svg(options.title)
    for lang in langs:
        suffix = _suffix(lang.code, default)
        values = _values(options, lang, langs, f"content/posts/{POST}/index{suffix}.md")
        meta = {
            "title": lang.strings["post_title"],
            "description": fill(lang.strings["post_description"], values),
            "date": now,
            "tags": ["polyblog"],
            "cover_alt": lang.strings["cover_alt"],
        }
        body = fill(lang.strings["post_body"], values)
        out[f"content/posts/{POST}/index{suffix}.md"] = _front(meta, body)
    for lang in langs:
        suffix = _suffix(lang.code, default)
        values = _values(options, lang, langs, f"content/about{suffix}.md")
        meta = {
            "title": lang.strings["about"],
            "description": fill(lang.strings["about_description"], values),
        }
        out[f"content/about{suffix}.md"] = _front(meta, fill(lang.strings["about_body"], values))
    return out


def _names(langs: list[_Lang], shown_in: _Lang) -> str:
    """The languages, named and listed in `shown_in`'s words: « anglais, français et portugais »."""
    where = shown_in.locale if shown_in.own_text else Locale.parse("en")
    names = [lang.locale.get_display_name(where) or lang.code for lang in langs]
    return format_list(names, locale=where)


def _values(options: InitOptions, lang: _Lang, langs: list[_Lang], file: str) -> dict[str, str]:
    default = options.default_language
    others = [other.code for other in langs if other.code != lang.code]
    slug = lang.strings["new_slug"]
    where = lang.locale if lang.own_text else Locale.parse("en")
    siblings = format_list([f"`index{_suffix(o.code, default)}.md`" for o in langs], locale=where)
    values = {
        "title": options.title,
        "languages": _names(langs, lang),
        "file": file,
        "lang": lang.code,
        "other": others[0] if others else "",
        "new_slug": slug,
        "new_file": f"content/posts/{slug}/index{_suffix(lang.code, default)}.md",
        "siblings": siblings,
    }
    translate = lang.strings["translate_many" if others else "translate_one"]
    values["translate"] = fill(translate, values).rstrip("\n")
    return values


def _blog_yaml(options: InitOptions, langs: list[_Lang], now: datetime) -> str:
    default = next(lang for lang in langs if lang.code == options.default_language)
    blocks: list[str] = []
    menus: list[str] = []
    for lang in langs:
        name = lang.locale.get_display_name(lang.locale) or lang.code
        values = _values(options, lang, langs, "")
        blocks += [
            f"  {lang.code}:",
            f"    name: {_q(name[:1].upper() + name[1:])}",
            f"    locale: {_locale(lang.code)}",
            f"    title: {_q(options.title)}",
            f"    description: {_q(fill(lang.strings['description'], values))}",
        ]
        s = lang.strings
        menus += [
            f"  {lang.code}:",
            f"    - {{name: {_q(s['posts'])}, page_ref: /posts, weight: 1}}",
            f"    - {{name: {_q(s['tags'])}, page_ref: /tags, weight: 2}}",
            f"    - {{name: {_q(s['about'])}, page_ref: /about, weight: 3}}",
        ]
    default_values = _values(options, default, langs, "")
    values = {
        "title": _q(options.title),
        "description": _q(fill(default.strings["description"], default_values)),
        "base_url": _q(options.base_url),
        "default_language": options.default_language,
        "languages": "\n".join(blocks),
        "menus": "\n".join(menus),
        "year": str(now.year),
    }
    return fill(template("blog.yaml"), values)


def _locale(code: str) -> str:
    """`pt-br` → `pt_BR`, `zh-hant-tw` → `zh_Hant_TW`: the code in CLDR's case."""
    first, *rest = code.split("-")
    cased = [p.title() if len(p) == 4 else p.upper() if len(p) <= 3 else p for p in rest]
    return "_".join([first, *cased])


def _readme(options: InitOptions, langs: list[_Lang], install: Install) -> str:
    english = Locale.parse("en")
    names = [lang.locale.get_display_name(english) or lang.code for lang in langs]
    others = [lang.code for lang in langs if lang.code != options.default_language]
    translate = (
        f"blog new --translate posts/my-first-post --lang {others[0]}"
        "   # its translation, pinned to the original"
        if others
        else ""
    )
    how = "from the package index" if install.source == "index" else "from git"
    values = {
        "title": options.title,
        "languages": format_list(names, locale="en"),
        "install_note": f"`{install.requirement}`, {how}",
        "translate_command": translate,
        "publish": publish_section(options.host).rstrip("\n"),
    }
    return fill(template("README.md"), values)
