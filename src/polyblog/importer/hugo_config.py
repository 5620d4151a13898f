"""A Hugo site's configuration as Hugo 0.111 reads it, with the file and line of every key.

Which files (hugo.* before config.*, then config/_default/ and config/production/), how they
merge (recursively, later wins), and keys lower-cased as Hugo does (spellings kept for display).
"""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from polyblog.errors import ConfigError, SourcePos
from polyblog.importer.toml_lines import toml_key_lines
from polyblog.links import inside
from polyblog.yamlpos import YamlError, load_yaml

KeyPath = tuple[str | int, ...]

NAMES = ("hugo", "config")  # Hugo's DefaultConfigNames, in its order
EXTENSIONS = ("toml", "yaml", "yml", "json")  # ValidConfigFileExtensions, in its order
ENVIRONMENT = "production"  # what `hugo` (not `hugo server`) builds with


@dataclass(frozen=True, slots=True, kw_only=True)
class HugoConfig:
    """The merged configuration: `data` has lower-cased keys; `positions` and `names` are
    keyed by lower-cased paths (list items by index)."""

    root: Path
    data: Mapping[str, Any]
    positions: Mapping[KeyPath, SourcePos]
    names: Mapping[KeyPath, str]
    files: tuple[str, ...]
    ignored: tuple[tuple[str, str], ...]  # (file, why Hugo does not read it)

    def pos(self, path: KeyPath) -> SourcePos | None:
        """Where `path` (or its nearest written parent) was set."""
        for n in range(len(path), 0, -1):
            found = self.positions.get(path[:n])
            if found is not None:
                return found
        return None

    def display(self, path: KeyPath) -> str:
        """`path` as written in the files: `languages.en.params.dateFormat`, `menus.main[2]`."""
        out = ""
        for n, key in enumerate(path):
            if isinstance(key, int):
                out += f"[{key}]"
            else:
                name = self.names.get(path[: n + 1], key)
                out += ("." if out else "") + name
        return out

    def get(self, path: KeyPath) -> Any:
        value: Any = self.data
        for key in path:
            if isinstance(value, dict) and isinstance(key, str):
                value = value.get(key)
            elif isinstance(value, list) and isinstance(key, int) and key < len(value):
                value = value[key]
            else:
                return None
        return value


def read_hugo_config(root: Path) -> HugoConfig:
    """Read the configuration of the Hugo site at `root` as `hugo` (production) would."""
    root = root.resolve()
    merged = _Merged()
    ignored: list[tuple[str, str]] = []
    chosen: Path | None = None
    for name in NAMES:
        for ext in EXTENSIONS:
            path = root / f"{name}.{ext}"
            if not path.is_file():
                continue
            if chosen is None:
                chosen = path
            else:
                why = f"Hugo reads only {chosen.name} when several config files exist"
                ignored.append((path.name, why))
    if chosen is not None:
        merged.add(_read(chosen, root), ())
    config_dir = root / "config"
    if config_dir.is_dir():
        _refuse_outside(config_dir, root)
        for folder in sorted(config_dir.iterdir()):
            env = folder.name
            if not folder.is_dir() or env in {"_default", ENVIRONMENT}:
                continue
            why = (
                f"Hugo reads config/{env}/ only with --environment {env}"
                + (" (and for `hugo server`)" if env == "development" else "")
                + f"; `hugo` builds with config/_default/ and config/{ENVIRONMENT}/"
            )
            ignored.append((f"config/{env}/", why))
        for env in ("_default", ENVIRONMENT):
            folder = config_dir / env
            if folder.is_dir():
                _refuse_outside(folder, root)
                for path in _walk(folder):
                    at = _section(path.name)
                    merged.add(_read(path, root), at, _spelled(path.name, len(at)))
    if not merged.files:
        raise ConfigError(
            f"no Hugo configuration in {root} (hugo.toml, config.toml, config/_default/, ...)"
        )
    return HugoConfig(
        root=root,
        data=merged.data,
        positions=merged.positions,
        names=merged.names,
        files=tuple(merged.files),
        ignored=tuple(ignored),
    )


def _walk(folder: Path) -> list[Path]:
    """Config files under `folder` in Hugo's walk order (names sorted, folders entered)."""
    out: list[Path] = []
    for path in sorted(folder.iterdir()):
        if path.is_dir():
            out.extend(_walk(path))
        elif path.suffix.lower().lstrip(".") in EXTENSIONS:
            out.append(path)
    return out


def _section(filename: str) -> KeyPath:
    """Where a config/_default/ file goes: `params.toml` -> params, `menus.en.toml` ->
    languages.en.menus, `params.fr.toml` -> languages.fr.params, `hugo.en.toml` (any other
    NAME.LANG) -> languages.en, `hugo.toml` -> the top level."""
    stem = filename.rsplit(".", 1)[0]
    if stem in NAMES:
        return ()
    name, dot, lang = stem.rpartition(".")
    if not dot:
        return (stem.lower(),)
    if name in {"menu", "menus"}:
        return ("languages", lang.lower(), "menus")
    if name == "params":
        return ("languages", lang.lower(), "params")
    return ("languages", lang.lower())


def _spelled(filename: str, size: int) -> tuple[str, ...]:
    """The section's names as the file name writes them (`mediaTypes`, `pt-BR`)."""
    stem = filename.rsplit(".", 1)[0]
    name, _, lang = stem.rpartition(".")
    parts = ("languages", lang) if name else (stem,)
    if size == 3:
        parts = (*parts, "menus" if name.lower() in {"menu", "menus"} else name)
    return parts[:size]


@dataclass(frozen=True, slots=True)
class _File:
    display: str
    data: dict[str, Any]
    lines: dict[KeyPath, int]


def _refuse_outside(path: Path, root: Path) -> None:
    if not inside(path, (root,)):
        display = path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
        raise ConfigError("symlink points outside the site folder (refused)", SourcePos(display))


def _read(path: Path, root: Path) -> _File:
    display = path.relative_to(root).as_posix()
    _refuse_outside(path, root)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ConfigError(f"not UTF-8 text: {exc.reason}", SourcePos(display)) from None
    except OSError as exc:
        raise ConfigError(f"cannot read: {exc.strerror}", SourcePos(display)) from None
    ext = path.suffix.lower().lstrip(".")
    data: Any
    if ext == "toml":
        data, lines = _toml(text, display)
    elif ext == "json":
        data, lines = _json(text, display)
    else:
        try:
            data, raw = load_yaml(text, display)
        except YamlError as exc:
            raise ConfigError(exc.message, exc.pos) from None
        lines = dict(raw)
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError("expected a mapping of keys at the top level", SourcePos(display, 1))
    return _File(display, data, lines)


_TOML_AT = re.compile(r"\(at line (\d+), column (\d+)\)")


def _toml(text: str, display: str) -> tuple[dict[str, Any], dict[KeyPath, int]]:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        found = _TOML_AT.search(message)
        if found:
            line, col = int(found.group(1)), int(found.group(2))
            message = message[: found.start()].rstrip()
        else:  # "(at end of document)"
            line, col = text.count("\n") + 1, 0
            message = message.replace("(at end of document)", "at the end of the file").strip()
        raise ConfigError(f"invalid TOML: {message}", SourcePos(display, line, col)) from None
    return data, toml_key_lines(text)


def _json(text: str, display: str) -> tuple[Any, dict[KeyPath, int]]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ConfigError(
            f"invalid JSON: {exc.msg}", SourcePos(display, exc.lineno, exc.colno)
        ) from None
    return data, _json_lines(text, data)


def _json_lines(text: str, data: Any) -> dict[KeyPath, int]:
    """Best effort: each key's first `"key":` after the previous key, in document order."""
    lines: dict[KeyPath, int] = {}
    cursor = 0

    def walk(value: Any, path: KeyPath) -> None:
        nonlocal cursor
        if isinstance(value, dict):
            for key, item in value.items():
                spelled = json.dumps(key, ensure_ascii=False)
                found = re.compile(re.escape(spelled) + r"\s*:").search(text, cursor)
                if found:
                    lines[(*path, key)] = text.count("\n", 0, found.start()) + 1
                    cursor = found.end()
                walk(item, (*path, key))
        elif isinstance(value, list):
            for n, item in enumerate(value):
                walk(item, (*path, n))

    walk(data, ())
    return lines


def _renamed(key: str, path: KeyPath) -> str:
    """Hugo's key aliases: `menu` -> `menus` at the top level and in each language."""
    if key == "menu" and (len(path) == 0 or (len(path) == 2 and path[0] == "languages")):
        return "menus"
    return key


class _Merged:
    """Hugo's `Set("", ...)`: mappings merge key by key, recursively; other values replace."""

    def __init__(self) -> None:
        self.data: dict[str, Any] = {}
        self.positions: dict[KeyPath, SourcePos] = {}
        self.names: dict[KeyPath, str] = {}
        self.files: list[str] = []

    def add(self, file: _File, at: KeyPath, spelled: tuple[str, ...] = ()) -> None:
        self.files.append(file.display)
        positions: dict[KeyPath, SourcePos] = {}
        names: dict[KeyPath, str] = {}
        for n, name in enumerate(spelled):
            names[at[: n + 1]] = name
        tree = self._lower(file.data, at, (), file, positions, names)
        target = self.data
        for n, key in enumerate(at):  # the section a whole file sets
            assert isinstance(key, str)
            prefix = at[: n + 1]
            if not isinstance(target.get(key), dict):
                self._forget(prefix)
                target[key] = {}
            self.positions.setdefault(prefix, SourcePos(file.display))
            self.names.setdefault(prefix, names.get(prefix, key))
            target = target[key]
        self._merge(target, tree, at, positions, names)

    def _lower(
        self,
        value: Any,
        path: KeyPath,
        raw: KeyPath,
        file: _File,
        positions: dict[KeyPath, SourcePos],
        names: dict[KeyPath, str],
    ) -> Any:
        if isinstance(value, dict):
            out: dict[str, Any] = {}
            for key, item in value.items():
                lowered = _renamed(str(key).lower(), path)
                sub = (*path, lowered)
                line = file.lines.get((*raw, key))
                if line:
                    positions[sub] = SourcePos(file.display, line)
                names.setdefault(sub, str(key))
                lowered_item = self._lower(item, sub, (*raw, key), file, positions, names)
                if isinstance(out.get(lowered), dict) and isinstance(lowered_item, dict):
                    out[lowered].update(lowered_item)  # `menu` and `menus` in one file
                else:
                    out[lowered] = lowered_item
            return out
        if isinstance(value, list):
            items = []
            for n, item in enumerate(value):
                line = file.lines.get((*raw, n))
                if line:
                    positions[(*path, n)] = SourcePos(file.display, line)
                items.append(self._lower(item, (*path, n), (*raw, n), file, positions, names))
            return items
        return value

    def _forget(self, path: KeyPath) -> None:
        size = len(path)
        for table in (self.positions, self.names):
            for key in [k for k in table if k[:size] == path]:
                del table[key]

    def _adopt(
        self, path: KeyPath, positions: Mapping[KeyPath, Any], names: Mapping[KeyPath, str]
    ) -> None:
        size = len(path)
        self.positions.update({k: v for k, v in positions.items() if k[:size] == path})
        self.names.update({k: v for k, v in names.items() if k[:size] == path})

    def _merge(
        self,
        dst: dict[str, Any],
        src: dict[str, Any],
        at: KeyPath,
        positions: dict[KeyPath, SourcePos],
        names: dict[KeyPath, str],
    ) -> None:
        for key, value in src.items():
            path = (*at, key)
            if isinstance(value, dict) and isinstance(dst.get(key), dict):
                if path in positions:
                    self.positions[path] = positions[path]
                self.names.setdefault(path, names.get(path, key))
                self._merge(dst[key], value, path, positions, names)
            else:
                self._forget(path)
                dst[key] = value
                self._adopt(path, positions, names)
