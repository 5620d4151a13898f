"""The blog.yaml being built from a Hugo configuration, with its report entries and comments.

Every mapping step writes through a `Draft`, so no Hugo key is consumed without a report line.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from polyblog.importer.hugo_config import HugoConfig, KeyPath
from polyblog.importer.report import Entry, Status

HugoKey = KeyPath | str  # a path in the Hugo config, or the name of a key the site does not set


class Draft:
    def __init__(self, cfg: HugoConfig) -> None:
        self.cfg = cfg
        self.values: dict[str, Any] = {}
        self.comments: dict[KeyPath, str] = {}
        self.entries: list[Entry] = []
        self.seen: set[str] = set()  # top-level Hugo keys handled

    # reading
    def take(self, key: str) -> Any:
        """A top-level Hugo key (lower case), marked as handled."""
        self.seen.add(key)
        return self.cfg.data.get(key)

    def has(self, key: str) -> bool:
        return key in self.cfg.data

    def spelled(self, value: Any, path: KeyPath) -> Any:
        """A Hugo value with its keys spelled as written (Hugo lower-cases them)."""
        if isinstance(value, dict):
            return {
                self.cfg.names.get((*path, k), k): self.spelled(v, (*path, k))
                for k, v in value.items()
            }
        if isinstance(value, list):
            return [self.spelled(v, (*path, n)) for n, v in enumerate(value)]
        if isinstance(value, dt.time):  # TOML local times: YAML has no such type
            return value.isoformat()
        return value

    # writing
    def put(self, path: KeyPath, value: Any, comment: str = "") -> None:
        target: dict[str, Any] = self.values
        for key in path[:-1]:
            assert isinstance(key, str)
            target = target.setdefault(key, {})
        last = path[-1]
        assert isinstance(last, str)
        target[last] = value
        if comment:
            self.comments[path] = comment

    def comment(self, path: KeyPath, text: str) -> None:
        self.comments[path] = f"{self.comments[path]}; {text}" if path in self.comments else text

    # reporting
    def _add(self, status: Status, key: HugoKey, target: str, note: str) -> None:
        if isinstance(key, str):
            self.entries.append(Entry(status, key, None, target, note))
        else:
            self.entries.append(
                Entry(status, self.cfg.display(key), self.cfg.pos(key), target, note)
            )

    def mapped(self, key: HugoKey, target: str, note: str = "") -> None:
        self._add(Status.MAPPED, key, target, note)

    def approximated(self, key: HugoKey, target: str, note: str) -> None:
        self._add(Status.APPROXIMATED, key, target, note)

    def dropped(self, key: HugoKey, reason: str) -> None:
        self._add(Status.DROPPED, key, "", reason)

    def unknown(self, key: HugoKey) -> None:
        self.dropped(key, "not understood")

    def unknown_keys(self, raw: dict[str, Any], at: KeyPath, known: set[str]) -> None:
        for key in raw:
            if key not in known:
                self.unknown((*at, key))


def type_name(value: Any) -> str:
    return {
        dict: "a mapping", list: "a list", str: "a string", bool: "true or false", int: "a number",
        float: "a number",
    }.get(type(value), type(value).__name__)  # fmt: skip


def as_bool(value: Any) -> bool | None:
    """Hugo reads `"true"` and `1` as true too (cast.ToBool)."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return value != 0
    if isinstance(value, str) and value.strip().lower() in {"true", "false", "1", "0"}:
        return value.strip().lower() in {"true", "1"}
    return None


def as_int(value: Any) -> int | None:
    """Hugo reads numeric strings and floats as integers too (cast.ToInt)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        try:
            return int(value.strip())
        except ValueError:
            return None
    return None
