"""`blog import hugo`: plan the import (read, map, translate), write blog.yaml with comments
and the shortcodes, then load the written file with `load_config` as `blog build` would."""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from polyblog.config import CONFIG_NAME, SCHEMA, load_config
from polyblog.errors import BlogError, ConfigError, SourcePos, Warning_
from polyblog.importer.hugo_config import KeyPath, read_hugo_config
from polyblog.importer.layouts import plan_shortcodes
from polyblog.importer.mapping import map_config
from polyblog.importer.report import Entry, ordered, summary
from polyblog.links import inside

# keys the schema may not list yet, and the key each follows in blog.yaml
_AFTER = {
    "disabled_languages": "languages",
    "layouts_dir": "theme",
    "remove_path_accents": "disable_path_to_lower",
    "disable_kinds": "robots_txt",
}


@dataclass(frozen=True, slots=True, kw_only=True)
class ImportResult:
    yaml_text: str
    report: tuple[Entry, ...]
    summary: str
    written: tuple[str, ...]  # files written, relative to the site ([] with --dry-run)
    warnings: tuple[Warning_, ...]  # what load_config says of the result
    problem: BlogError | None  # load_config refused the written file


def import_hugo(source: Path, *, force: bool = False, dry_run: bool = False) -> ImportResult:
    root = source.resolve()
    cfg = read_hugo_config(root)
    shortcodes = plan_shortcodes(cfg, force)
    uses_layouts = (root / "layouts").is_dir() or bool(shortcodes.files)
    mapped = map_config(cfg, has_layouts=uses_layouts)
    text = render_yaml(mapped.values, mapped.comments, cfg.files)
    entries = ordered([*mapped.entries, *shortcodes.entries], cfg.files)
    files = [*shortcodes.files, (CONFIG_NAME, text)]
    written: list[str] = []
    problem: BlogError | None = None
    warnings: tuple[Warning_, ...] = ()
    if dry_run:
        with tempfile.TemporaryDirectory(prefix="blog-import-") as tmp:
            Path(tmp, CONFIG_NAME).write_text(text, encoding="utf-8")
            try:
                warnings = load_config(Path(tmp)).warnings
            except BlogError as exc:  # the printed file is the one to read, not the site's
                problem = _in_text(exc, text)
    else:
        _check_targets(root, files, force)
        for rel, content in files:
            _write(root, rel, content)
            written.append(rel)
        try:
            warnings = load_config(root).warnings
        except BlogError as exc:
            problem = exc
    return ImportResult(
        yaml_text=text,
        report=tuple(entries),
        summary=summary(entries),
        written=tuple(written),
        warnings=warnings,
        problem=problem,
    )


def _in_text(exc: BlogError, text: str) -> BlogError:
    """An error in the printed (not written) blog.yaml, with its line quoted."""
    line = exc.pos.line if exc.pos else 0
    lines = text.splitlines()
    if not 0 < line <= len(lines):
        return exc
    return type(exc)(f"{exc.message} (printed blog.yaml, line {line}: {lines[line - 1].strip()})")


def _check_targets(root: Path, files: list[tuple[str, str]], force: bool) -> None:
    """Refuse to replace blog.yaml without --force, and any target that leads out of the site."""
    config = root / CONFIG_NAME
    if (config.exists() or config.is_symlink()) and not force:
        raise ConfigError(
            "exists already: --force replaces it (--dry-run shows the result)",
            SourcePos(CONFIG_NAME),
        )
    for rel, _ in files:
        path = root / rel
        probe = path
        while not probe.exists() and not probe.is_symlink() and probe != root:
            probe = probe.parent
        if not inside(probe, (root,)):
            raise BlogError(
                f"{probe.relative_to(root).as_posix()}: symlink points outside the site folder "
                "(refused: nothing was written)"
            )


def _write(root: Path, rel: str, content: str) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.is_symlink():
        path.unlink()  # replace the link (inside the site, checked), not its target
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
        handle.write(content)
    Path(tmp).replace(path)


def key_order() -> list[str]:
    """Top-level keys in the order of docs/configuration.md (the schema's order)."""
    order = list(SCHEMA)
    for key, anchor in _AFTER.items():
        if key not in order:
            order.insert(order.index(anchor) + 1 if anchor in order else len(order), key)
    return order


def render_yaml(
    values: dict[str, Any], comments: dict[KeyPath, str], files: tuple[str, ...]
) -> str:
    lines = _header(files)
    order = key_order()
    keys = sorted(values, key=lambda k: (order.index(k) if k in order else len(order), k))
    for key in keys:
        _emit_key(lines, key, values[key], (key,), 0, comments)
    return "\n".join(lines) + "\n"


def _header(files: tuple[str, ...]) -> list[str]:
    head = ["# Generated by `blog import hugo` from the Hugo configuration in:"]
    line = "#  "
    for n, name in enumerate(files):
        part = f" {name}" + ("," if n < len(files) - 1 else ".")
        if len(line) + len(part) > 98:
            head.append(line)
            line = "#  "
        line += part
    head.append(line)
    head.append("# A comment marks each value that differs from what Hugo did; `blog import hugo")
    head.append("# --dry-run` prints the whole report again. See docs/migrating-from-hugo.md.")
    head.append("")
    return head


def scalar(value: Any) -> str:
    if isinstance(value, str) and any(ch < " " or ch in "\x7f\u2028\u2029" for ch in value):
        return json.dumps(value, ensure_ascii=False)  # a JSON string is a YAML string
    text = yaml.safe_dump(value, allow_unicode=True, width=1 << 30, default_flow_style=True)
    return text.removesuffix("\n...\n").rstrip("\n")


def _emit_key(
    lines: list[str], key: str, value: Any, path: KeyPath, indent: int, comments: dict[KeyPath, str]
) -> None:
    pad = " " * indent
    if path in comments:
        lines.append(f"{pad}# {comments[path]}")
    name = scalar(str(key))
    if isinstance(value, dict) and value:
        lines.append(f"{pad}{name}:")
        for sub, item in value.items():
            _emit_key(lines, sub, item, (*path, sub), indent + 2, comments)
    elif isinstance(value, list) and value:
        lines.append(f"{pad}{name}:")
        for n, item in enumerate(value):
            _emit_item(lines, item, (*path, n), indent + 2, comments)
    else:
        lines.append(f"{pad}{name}: {scalar(value)}")


def _emit_item(
    lines: list[str], item: Any, path: KeyPath, indent: int, comments: dict[KeyPath, str]
) -> None:
    pad = " " * indent
    if path in comments:
        lines.append(f"{pad}# {comments[path]}")
    if isinstance(item, dict) and item:
        block: list[str] = []
        for sub, value in item.items():
            _emit_key(block, sub, value, (*path, sub), indent + 2, comments)
        first = next(n for n, text in enumerate(block) if not text.lstrip().startswith("#"))
        lines.extend(pad + text.lstrip() for text in block[:first])
        lines.append(f"{pad}- {block[first][indent + 2 :]}")
        lines.extend(block[first + 1 :])
    else:
        lines.append(f"{pad}- {scalar(item)}")
