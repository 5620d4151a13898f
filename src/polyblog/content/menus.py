"""Front matter `menu`/`menus` (Hugo's page menus) typed into `MenuSpec`s; errors name the
file and line. The entries are resolved to URLs by `polyblog.site.menus`."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from polyblog.content.model import MenuSpec
from polyblog.errors import ContentError, SourcePos

ENTRY_KEYS = ("name", "weight", "identifier", "parent", "pre", "post", "title", "params")


def menu_specs(
    value: Any, key: str, lines: Mapping[tuple[Any, ...], int], path: str
) -> tuple[MenuSpec, ...]:
    """`menu: main`, `menu: [main, footer]` or `menu: {main: {weight: 2, name: X, parent: Y,
    identifier: Z, pre, post, title, params}}` (a menu name with no mapping is allowed). Other
    keys of an entry are ignored, as Hugo ignores them."""
    top = lines.get((key,), 0)
    if value is None:
        return ()
    if isinstance(value, str | int) and not isinstance(value, bool):
        value = [value]
    if isinstance(value, list):
        names: list[str] = []
        for i, item in enumerate(value):
            if not isinstance(item, str | int) or isinstance(item, bool) or not str(item):
                raise ContentError(
                    f"{key}[{i}]: expected a menu name, got {item!r}",
                    SourcePos(path, lines.get((key, i), top)),
                )
            names.append(str(item))
        return tuple(MenuSpec(menu=name, line=top) for name in dict.fromkeys(names))
    if not isinstance(value, dict):
        raise ContentError(
            f"{key}: expected a menu name, a list of names or a mapping of menu -> entry, "
            f"got {value!r}",
            SourcePos(path, top),
        )
    specs: list[MenuSpec] = []
    for menu, entry in value.items():
        at = (key, menu)
        line = lines.get(at, top)
        if entry is None:
            specs.append(MenuSpec(menu=str(menu), line=line))
            continue
        if not isinstance(entry, dict):
            raise ContentError(
                f"{key}.{menu}: expected a mapping of {', '.join(ENTRY_KEYS)}, got {entry!r}",
                SourcePos(path, line),
            )
        e = _Entry(entry, f"{key}.{menu}", at, line, lines, path)
        weight = _weight(e.value("weight"), e.where, e.pos("weight"))
        params = e.value("params") or {}
        if not isinstance(params, dict):
            raise ContentError(
                f"{e.where}.params: expected a mapping, got {params!r}", e.pos("params")
            )
        specs.append(
            MenuSpec(
                menu=str(menu),
                name=e.text("name"),
                weight=weight,
                identifier=e.text("identifier") or "",
                parent=e.text("parent") or "",
                pre=e.text("pre") or "",
                post=e.text("post") or "",
                title=e.text("title") or "",
                params={str(k): v for k, v in params.items()},
                line=line,
            )
        )
    return tuple(specs)


class _Entry:
    """Case-insensitive, typed access to one entry's keys, with their lines."""

    def __init__(
        self,
        entry: dict[Any, Any],
        where: str,
        at: tuple[Any, ...],
        line: int,
        lines: Mapping[tuple[Any, ...], int],
        path: str,
    ) -> None:
        self.fields = {str(k).lower(): (k, v) for k, v in entry.items()}
        self.where, self.at, self.line, self.lines, self.path = where, at, line, lines, path

    def value(self, name: str) -> Any:
        return self.fields.get(name, (None, None))[1]

    def pos(self, name: str) -> SourcePos:
        written = self.fields[name][0] if name in self.fields else name
        return SourcePos(self.path, self.lines.get((*self.at, written), self.line))

    def text(self, name: str) -> str | None:
        raw = self.value(name)
        if raw is None:
            return None
        if isinstance(raw, bool | dict | list):
            raise ContentError(f"{self.where}.{name}: expected text, got {raw!r}", self.pos(name))
        return str(raw)


def _weight(value: Any, where: str, pos: SourcePos) -> int | None:
    if value is None:
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value)
    raise ContentError(f"{where}.weight: expected a whole number, got {value!r}", pos)
