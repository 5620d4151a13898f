"""`blog translations --pin PATH`: set a translation's `translation_of` to its original's current
content hash, rewriting only that line of the front matter (YAML, TOML or JSON)."""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from polyblog.config import Config, load_config
from polyblog.content import load_content
from polyblog.content.frontmatter import parse, split
from polyblog.content.model import SourcePage
from polyblog.errors import BlogError, ContentError, ErrorList, SourcePos
from polyblog.translations.status import (
    PIN_KEY,
    content_hash,
    original_of,
    page_name,
    translation_groups,
)


@dataclass(frozen=True, slots=True, kw_only=True)
class Pinned:
    path: str  # the translation, relative to the site
    original: str
    old: str | None  # its `translation_of` before (None: it had none)
    new: str  # the original's current content hash
    written: bool  # False: it was pinned to that hash already

    def describe(self) -> str:
        now = f"{self.original} as it is now"
        if not self.written:
            return f"{self.path}: already pinned to {now} ({self.new}); not changed"
        if self.old is None:
            return f"{self.path}: {PIN_KEY} added: {self.new} ({now})"
        return f"{self.path}: {PIN_KEY} {self.old} -> {self.new} ({now})"


def pin(
    source: Path, targets: Sequence[str], lang: str | None = None, cwd: Path | None = None
) -> list[Pinned]:
    """Re-pin the translation at each target, or every translation (of `lang`) of the
    original at a target. A target is a content file (relative to the current folder, the site
    or its content folder) or a page as `blog translations` names it (`posts/x`). Every file
    is checked and rewritten in memory before the first one is written."""
    config = load_config(source)
    if lang is not None and lang not in config.lang_codes:
        raise BlogError(f"--lang: {lang!r} is not a language of the site")
    content = load_content(config)
    if content.errors:
        raise ErrorList(list(content.errors))
    chosen: dict[str, tuple[SourcePage, SourcePage]] = {}  # path -> (translation, original)
    for target in targets:
        group, page = _find(config, list(content.pages), target, cwd or Path.cwd())
        original = original_of(config, group)
        for translation in _translations(group, page, original, lang):
            chosen.setdefault(translation.path, (translation, original))
    done: list[Pinned] = []
    texts: dict[Path, str] = {}
    for translation, original in chosen.values():
        digest = content_hash(original)
        old = translation.params.get(PIN_KEY)
        write = old != digest  # an unquoted number in YAML is rewritten as text
        if write:
            path, text = _rewritten(config, translation.path, digest)
            texts[path] = text
        done.append(
            Pinned(
                path=translation.path,
                original=original.path,
                old=None if old is None else str(old),
                new=digest,
                written=write,
            )
        )
    for path, text in texts.items():
        _write(path, text)
    return done


def _translations(
    group: list[SourcePage], page: SourcePage, original: SourcePage, lang: str | None
) -> list[SourcePage]:
    """The translations a target names: itself, or every one (of `lang`) of an original."""
    if page is not original:
        if lang is not None and page.lang != lang:
            raise BlogError(f"{page.path}: is the {page.lang} translation, not {lang}")
        return [page]
    chosen = [p for p in group if p is not original and (lang is None or p.lang == lang)]
    if not chosen:
        which = f"{lang} translation" if lang else "translation"
        raise BlogError(f"{original.path}: is an original with no {which} to pin")
    return chosen


def _find(
    config: Config, pages: list[SourcePage], target: str, cwd: Path
) -> tuple[list[SourcePage], SourcePage]:
    text = target.replace("\\", "/").strip()
    wanted = {text.strip("/"), f"{config.content_dir}/{text.strip('/')}"}
    given = Path(target) if Path(target).is_absolute() else cwd / target
    with contextlib.suppress(OSError, ValueError):
        wanted.add(given.resolve().relative_to(config.root.resolve()).as_posix())
    for group in translation_groups(config, pages):
        for page in group:
            if page.path in wanted:
                return group, page
        original = original_of(config, group)
        if page_name(original) in wanted or original.path.removesuffix(".md") in wanted:
            return group, original
    raise BlogError(
        f"{target!r}: no page with this path (give a content file, such as "
        f"{config.content_dir}/posts/my-post/index.fr.md, or a page as `blog translations` "
        "lists it)"
    )


def _rewritten(config: Config, rel: str, digest: str) -> tuple[Path, str]:
    path = (config.root / rel).resolve()
    if not path.is_relative_to(config.root.resolve()):
        raise BlogError(f"{rel}: a symlink to outside the site; not changed")
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        raise ContentError("not valid UTF-8", SourcePos(rel)) from None
    return path, rewrite_pin(text, rel, digest)


def _write(path: Path, text: str) -> None:
    """Through a temporary file and a rename, keeping the file's permissions."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(text.encode("utf-8"))
        shutil.copymode(path, tmp)
        Path(tmp).replace(path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def rewrite_pin(text: str, path: str, digest: str) -> str:
    """`text` with `translation_of: digest` in its front matter, every other byte as it was:
    the existing pin line rewritten, else one line added. Each candidate is parsed back and
    kept only if nothing but the pin changed."""
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    body_text = text[len(bom) :]
    parts = split(_normal(body_text), path)
    before, lines = parse(parts, path)
    if parts.format:
        candidates = _candidates(body_text, parts.format, digest)
    else:  # no front matter yet: a YAML one with only the pin
        eol = "\r\n" if "\r\n" in body_text else "\n"
        value = f'"{digest}"' if _yaml_needs_quotes(digest) else digest
        candidates = [f"---{eol}{PIN_KEY}: {value}{eol}---{eol}{body_text}"]
    for candidate in candidates:
        if _only_pin_changed(candidate, path, before, parts.body, digest):
            return bom + candidate
    line = lines.get((PIN_KEY,), parts.raw_line)
    raise ContentError(
        f"cannot rewrite {PIN_KEY} safely in this front matter: set it to {digest} by hand",
        SourcePos(path, line),
    )


def _normal(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _only_pin_changed(
    candidate: str, path: str, before: dict[str, Any], body: str, digest: str
) -> bool:
    try:
        parts = split(_normal(candidate), path)
        after, _ = parse(parts, path)
    except ContentError:
        return False
    rest = {k: v for k, v in after.items() if k != PIN_KEY}
    return (
        after.get(PIN_KEY) == digest
        and rest == {k: v for k, v in before.items() if k != PIN_KEY}
        and parts.body == body
    )


_KEY = r"(?P<key>([\"']?)" + PIN_KEY + r"\2[ \t]*{sep}[ \t]*)"
_VALUE = r"(?P<q>[\"']?)(?P<value>[^\"'#\r\n]*?)(?P=q)(?P<tail>[ \t]*(?:#[^\r\n]*)?\r?)$"
_LINE = {
    "yaml": re.compile(_KEY.format(sep=":") + _VALUE),
    "toml": re.compile(_KEY.format(sep="=") + _VALUE),
}
_FENCE = {"yaml": "---", "toml": "+++"}
_INLINE = re.compile(
    r"(?<![\w\"'-])([\"']?)"
    + PIN_KEY
    + r"\1[ \t]*:[ \t]*(?P<q>[\"']?)(?P<value>[^\"',}\s#]*)(?P=q)"
)


def _candidates(text: str, fmt: str, digest: str) -> list[str]:
    if fmt == "json":
        return _json_candidates(text, digest)
    lines = text.split("\n")
    fence = re.compile(rf"^{re.escape(_FENCE[fmt])}[ \t]*\r?$")
    close = next((i for i in range(1, len(lines)) if fence.match(lines[i])), None)
    if close is None:
        return []
    cr = "\r" if lines[0].endswith("\r") else ""
    found = [i for i in range(1, close) if _LINE[fmt].match(lines[i])]
    starts = [i for i in range(1, close) if re.match(rf"([\"']?){PIN_KEY}\1[ \t]*[:=]", lines[i])]
    if len(found) == 1:
        match = _LINE[fmt].match(lines[found[0]])
        assert match is not None
        quote = match["q"] or ('"' if fmt == "toml" or _yaml_needs_quotes(digest) else "")
        lines[found[0]] = f"{match['key']}{quote}{digest}{quote}{match['tail']}"
        return ["\n".join(lines)]
    if found or starts:
        return []  # a pin written over several lines, or twice: not ours to guess
    inline = list(_INLINE.finditer("\n".join(lines[1:close])))
    if fmt == "yaml" and len(inline) == 1:  # in a flow mapping: {title: A, translation_of: x}
        found_at = len(lines[0]) + 1 + inline[0].start("value")
        end = len(lines[0]) + 1 + inline[0].end("value")
        quote = "" if inline[0]["q"] or not _yaml_needs_quotes(digest) else '"'
        return [text[:found_at] + quote + digest + quote + text[end:]]
    value = f'"{digest}"' if fmt == "toml" or _yaml_needs_quotes(digest) else digest
    new_line = f"{PIN_KEY} = {value}{cr}" if fmt == "toml" else f"{PIN_KEY}: {value}{cr}"
    if fmt == "toml":  # top-level keys go before the first [table]
        table = next((i for i in range(1, close) if re.match(r"^[ \t]*\[", lines[i])), close)
        places = [table, 1]
    else:
        places = [close, 1]
    return ["\n".join([*lines[:i], new_line, *lines[i:]]) for i in dict.fromkeys(places)]


def _yaml_needs_quotes(value: str) -> bool:
    """Whether YAML reads `value` unquoted as something other than this string; digits (and
    `123e45`, a number in YAML 1.2) are quoted for every YAML reader."""
    if re.fullmatch(r"[0-9]+([eE][0-9]+)?", value):
        return True
    try:
        return bool(yaml.safe_load(f"k: {value}") != {"k": value})
    except yaml.YAMLError:
        return True


def _json_candidates(text: str, digest: str) -> list[str]:
    try:
        _, end = json.JSONDecoder().raw_decode(text)
    except json.JSONDecodeError:
        return []
    head, rest = text[:end], text[end:]
    pins = list(re.finditer(rf'("{PIN_KEY}"\s*:\s*")([^"\\]*)(")', head))
    if len(pins) == 1:
        found = pins[0]
        return [head[: found.start(2)] + digest + head[found.end(2) :] + rest]
    if pins:
        return []
    last = len(head.rstrip()) - 1  # the closing brace
    inner = head[:last].rstrip()
    entry = f'"{PIN_KEY}": "{digest}"'
    if inner.endswith("{"):
        return [inner + entry + head[len(inner) :] + rest]
    indent = re.search(r"\n([ \t]*)\"", head)
    cr = "\r" if "\r\n" in head else ""
    sep = f"{cr}\n{indent.group(1)}" if indent else " "
    return [inner + "," + sep + entry + head[len(inner) :] + rest]
