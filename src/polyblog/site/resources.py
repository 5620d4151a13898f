"""Bundle resources as Hugo's `.Resources`: names, titles and params from front matter
`resources:`, Hugo's order, and `.Resources.GetMatch` as a pure lookup. No I/O."""

from __future__ import annotations

import mimetypes
from collections.abc import Callable, Iterable
from typing import TypeVar

from polyblog.content.model import ResourceSpec
from polyblog.content.resources import glob_match
from polyblog.site.model import Page, Resource

T = TypeVar("T")

COUNTER = ":counter"
_TYPES = mimetypes.MimeTypes()  # Python's own table only: the same on every machine
# Hugo's main types where Python's table differs or lacks the suffix
_HUGO_TYPES = {"js": "application", "mjs": "application", "yaml": "application",
               "yml": "application", "toml": "application", "xml": "application",
               "webp": "image", "avif": "image", "woff": "font", "woff2": "font",
               "ttf": "font", "otf": "font"}  # fmt: skip


def resource_type(name: str) -> str:
    """Hugo's `.ResourceType`: the main media type (`image`, `text`, `application`, ...)."""
    suffix = name.rsplit(".", 1)[-1].lower() if "." in name.rsplit("/", 1)[-1] else ""
    if suffix in _HUGO_TYPES:
        return _HUGO_TYPES[suffix]
    guessed = _TYPES.guess_type("x." + suffix, strict=False)[0] if suffix else None
    return guessed.split("/", 1)[0] if guessed else "application"


def hugo_sort(items: list[T], kind: Callable[[T], str], name: Callable[[T], str]) -> list[T]:
    """Hugo 0.111's `sortResources`: Go's stable sort (an insertion sort for bundles of up to
    20 resources) with its comparator "type before, else name before", which is not a strict
    order, so the result depends on the starting order; replayed here as Go runs it."""
    out = list(items)
    for i in range(1, len(out)):
        j = i
        while j > 0 and (kind(out[j]) < kind(out[j - 1]) or name(out[j]) < name(out[j - 1])):
            out[j], out[j - 1] = out[j - 1], out[j]
            j -= 1
    return out


def name_resources(page: Page, specs: Iterable[ResourceSpec]) -> tuple[Resource, ...]:
    """The page's resources named as Hugo 0.111 names them (`AssignMetadata`): each resource
    is matched by its path in the bundle against every `src` glob in order; the first match
    with a `name` (or `title`) sets it, `:counter` in it is the number of resources that got
    a counted name from that `src` so far; params are merged, the first to set a key wins.
    Resources are in Hugo's order (`hugo_sort`), before naming for the counters and after."""
    specs = tuple(specs)
    # Hugo collects a bundle's files walking its folders in name order
    walked = sorted(
        ((src, out, out[len(page.path) :]) for src, out in page.resources),
        key=lambda item: item[2].split("/"),
    )
    items = hugo_sort(walked, lambda i: resource_type(i[2]), lambda i: i[2])
    counters: dict[str, int] = {}
    named: list[Resource] = []
    for src, out, rel in items:
        name: str | None = None
        title: str | None = None
        params: dict[str, object] = {}
        for spec in specs:
            if not glob_match(spec.src, rel):
                continue
            if name is None and spec.name is not None:
                name = _counted(spec.name, "name_" + spec.src.lower(), counters)
            if title is None and spec.title is not None:
                title = _counted(spec.title, "title_" + spec.src.lower(), counters)
            for key, value in spec.params.items():
                params.setdefault(key.lower(), value)
        named.append(
            Resource(source=src, path=out, name=name or rel, title=title or rel, params=params)
        )
    return tuple(hugo_sort(named, lambda r: resource_type(r.source), lambda r: r.name))


def _counted(text: str, key: str, counters: dict[str, int]) -> str:
    if COUNTER not in text:
        return text
    counters[key] = counters.get(key, 0) + 1
    return text.replace(COUNTER, str(counters[key]))


def resource_by_name(page: Page, pattern: str) -> str | None:
    """Hugo's `.Resources.GetMatch`: the site path (`/posts/x/chart.png`, not encoded, without
    the base path) of the page's first resource whose name matches the glob `pattern`
    (case-insensitive; `*` stops at `/`, `**` does not), else None. So `chart` finds a
    resource named `chart` in front matter, and `chart.*` or `**.png` find `images/chart.png`.
    Raises `GlobError` (a ValueError) for an invalid pattern."""
    for res in page.resource_meta:
        if glob_match(pattern, res.name):
            return res.path
    return None
