"""Hugo keys that shape the site's URLs and pages -> ours: taxonomies, permalinks, pagination,
disableKinds and outputs (RSS per kind), uglyURLs, relativeURLs and canonifyURLs."""

from __future__ import annotations

import re
from typing import Any

from polyblog.importer.draft import Draft, as_bool, as_int, type_name
from polyblog.importer.hugo_config import KeyPath

TAXONOMY_NAME = re.compile(r"^[A-Za-z0-9_-]+$")


def map_taxonomies(d: Draft) -> list[str]:
    raw = d.take("taxonomies")
    path: KeyPath = ("taxonomies",)
    if raw is None:
        names = ["tags", "categories"]
        d.put(path, names, "Hugo's default when taxonomies is not set (no series)")
        d.mapped("taxonomies", "taxonomies", "Hugo's default: tags and categories, no series")
        return names
    if not isinstance(raw, dict):
        d.dropped(path, f"expected a mapping singular = plural, got {type_name(raw)}")
        d.put(path, ["tags", "categories"], "Hugo's default (the Hugo value was not understood)")
        return ["tags", "categories"]
    names = []
    for singular, plural in raw.items():
        at = (*path, singular)
        name = str(plural)
        if not TAXONOMY_NAME.match(name):
            d.dropped(at, f"{name!r}: polyblog taxonomy names use A-Z a-z 0-9 _ -")
            continue
        names.append(name)
        note = f"front matter key {name}"
        d.mapped(at, f"taxonomies: {name}", note)
    d.put(path, names, "" if names else "Hugo: no taxonomies")
    return names


# Hugo permalink tokens (0.111, plus newer :contentbasename) we expand the same way
_SAME = {
    "year",
    "month",
    "day",
    "section",
    "sections",
    "title",
    "slug",
    "filename",
    "slugorfilename",
    "contentbasename",
    "slugorcontentbasename",
}
# near equivalents: token -> (ours, what differs)
_NEAR = {
    "monthname": ("month", "the month's number instead of its name (03, not march)"),
    "1": ("month", "a zero-padded month (03, not 3)"),
    "Jan": ("month", "the month's number instead of its name (03, not mar)"),
    "January": ("month", "the month's number instead of its name (03, not march)"),
    "2": ("day", "a zero-padded day (05, not 5)"),
}
_GO_DATE = {"2006": "year", "01": "month", "02": "day"}
_ATTRIBUTE = re.compile(r":(\w+)(\[.+?\])?")  # Hugo's attributeRegexp


def convert_permalink(pattern: str) -> tuple[str | None, list[str]]:
    """A Hugo permalink pattern in our tokens, and what differs. None: no equivalent."""
    notes: list[str] = []
    failed: list[str] = []

    def token(match: re.Match[str]) -> str:
        name, index = match.group(1), match.group(2)
        if name == "sections" and index:
            notes.append(f":sections{index} becomes :sections (every section level)")
            return ":sections"
        if name in _SAME and not index:
            return f":{name}"
        if name in _GO_DATE:
            return f":{_GO_DATE[name]}"
        if name in _NEAR:
            ours, why = _NEAR[name]
            notes.append(f":{name} becomes :{ours}: {why}")
            return f":{ours}"
        failed.append(match.group(0))
        return match.group(0)

    converted = _ATTRIBUTE.sub(token, pattern)
    if failed:
        return None, [f"no equivalent for {', '.join(failed)}"]
    return converted, notes


def map_permalinks(d: Draft, taxonomies: list[str]) -> None:
    raw = d.take("permalinks")
    if raw is None:
        return
    path: KeyPath = ("permalinks",)
    if not isinstance(raw, dict):
        d.dropped(path, f"expected a mapping section = pattern, got {type_name(raw)}")
        return
    out: dict[str, str] = {}
    for key, value in raw.items():
        at = (*path, key)
        if isinstance(value, dict):
            _kind_permalinks(d, key, value, at, taxonomies, out)
            continue
        _one_permalink(d, key, value, at, taxonomies, out)
    if out:
        d.put(path, out)


def _kind_permalinks(
    d: Draft,
    kind: str,
    value: dict[str, Any],
    at: KeyPath,
    taxonomies: list[str],
    out: dict[str, str],
) -> None:
    """Newer Hugo: `[permalinks.page]`, `[permalinks.section]`, `[permalinks.term]`, ..."""
    if kind == "page":
        for key, pattern in value.items():
            _one_permalink(d, key, pattern, (*at, key), taxonomies, out)
    elif kind in {"section", "taxonomy", "term"}:
        d.dropped(
            at, f"{kind} pages keep their default URLs (permalinks apply to regular pages only)"
        )
    else:
        d.unknown(at)


def _one_permalink(
    d: Draft, key: str, value: Any, at: KeyPath, taxonomies: list[str], out: dict[str, str]
) -> None:
    section = d.cfg.names.get(at, key).strip(" /")
    if not section:
        d.dropped(at, "pages at the content root keep their default URLs")
        return
    if section in taxonomies:
        d.dropped(
            at,
            f"term pages keep their default URLs (/{section}/TERM/); permalinks "
            "apply to regular pages in a section",
        )
        return
    if not isinstance(value, str):
        d.dropped(at, f"expected a pattern, got {type_name(value)}")
        return
    converted, notes = convert_permalink(value)
    target = f"permalinks.{section}"
    if converted is None:
        d.dropped(at, f"{value!r}: {notes[0]}; the section's pages keep their default URLs")
        return
    out[section] = converted
    if notes:
        d.approximated(at, target, f"{converted!r}; " + "; ".join(notes))
        d.comments[("permalinks", section)] = f"Hugo: {value!r}; " + "; ".join(notes)
    else:
        d.mapped(at, target, repr(converted) if converted != value else "")


def map_pagination(d: Draft) -> None:
    size: int | None = None
    folder: str | None = None
    raw = d.take("paginate")
    if raw is not None:
        size = _page_size(d, ("paginate",), raw)
    raw_path = d.take("paginatepath")
    if raw_path is not None:
        folder = _pager_path(d, ("paginatepath",), raw_path)
    block = d.take("pagination")
    if block is not None and not isinstance(block, dict):
        d.dropped(("pagination",), f"expected a mapping, got {type_name(block)}")
    elif block is not None:
        for key, value in block.items():
            at = ("pagination", key)
            if key == "pagersize":
                size = _page_size(d, at, value)
            elif key == "path":
                folder = _pager_path(d, at, value)
            elif key == "disablealiases":
                if as_bool(value):
                    d.dropped(at, "polyblog always writes page/1/ as a redirect to the list")
                else:
                    d.mapped(at, "(same behaviour)", "page/1/ redirects to the list")
            else:
                d.unknown(at)
    out: dict[str, Any] = {}
    if size is not None:
        out["page_size"] = size
    if folder is not None:
        out["path"] = folder
    if out:
        d.put(("pagination",), out)


def _page_size(d: Draft, at: KeyPath, value: Any) -> int | None:
    size = as_int(value)
    if size is None or size < 1:
        d.dropped(at, f"expected a number of at least 1, got {value!r}")
        return None
    d.mapped(at, "pagination.page_size")
    return size


def _pager_path(d: Draft, at: KeyPath, value: Any) -> str | None:
    text = str(value).strip("/")
    if not text or "/" in text:
        d.dropped(at, f"expected one folder name, got {value!r}")
        return None
    d.mapped(at, "pagination.path")
    return text


_KINDS = {
    "home": "home",
    "page": "page",
    "section": "section",
    "taxonomy": "taxonomy",
    "term": "term",
    "taxonomyterm": "taxonomy",
    "rss": "rss",
    "sitemap": "sitemap",
    "robotstxt": "robots_txt",
    "404": "404",
}
_LIST_KINDS = ("home", "section", "taxonomy", "term")  # the kinds Hugo gives RSS by default


def map_kinds(d: Draft) -> None:
    """disableKinds, and what `outputs` says about RSS (the one output format that is ours)."""
    disabled: list[str] = []
    raw = d.take("disablekinds")
    if raw is not None:
        if isinstance(raw, str):
            raw = [raw]
        if not isinstance(raw, list):
            d.dropped(("disablekinds",), f"expected a list, got {type_name(raw)}")
            raw = []
        for n, item in enumerate(raw):
            kind = _KINDS.get(str(item).lower())
            if kind is None:
                d.dropped(("disablekinds", n), f"{item!r} is not a kind Hugo knows")
            elif kind not in disabled:
                disabled.append(kind)
                note = "Hugo's old name for taxonomy" if str(item).lower() == "taxonomyterm" else ""
                d.mapped(("disablekinds", n), f"disable_kinds: {kind}", note)
    rss = _outputs(d)
    if rss is not None and not any(rss.values()) and "rss" not in disabled:
        disabled.append("rss")
        d.comment(("disable_kinds",), "outputs: no kind has RSS in Hugo")
    if disabled:
        d.put(("disable_kinds",), disabled)


def _outputs(d: Draft) -> dict[str, bool] | None:
    """Which list kinds have RSS per `outputs` (None: not set, Hugo's defaults: all of them)."""
    raw = d.take("outputs")
    if raw is None:
        return None
    path: KeyPath = ("outputs",)
    if not isinstance(raw, dict):
        d.dropped(path, f"expected a mapping kind = [formats], got {type_name(raw)}")
        return None
    rss = dict.fromkeys(_LIST_KINDS, True)
    where: dict[str, KeyPath] = {}
    for key, formats in raw.items():
        at = (*path, key)
        kind = _KINDS.get(key)
        if kind not in {"home", "section", "taxonomy", "term", "page"}:
            d.unknown(at)
            continue
        if isinstance(formats, str):
            formats = [formats]
        if not isinstance(formats, list):
            d.dropped(at, f"expected a list of output formats, got {type_name(formats)}")
            continue
        names = [str(f) for f in formats]
        lowered = [n.lower() for n in names]
        other = [n for n in names if n.lower() not in {"html", "rss"}]
        if other:
            d.dropped(
                at,
                f"output format {', '.join(other)} is not produced (polyblog writes "
                "HTML pages and RSS feeds)",
            )
        if kind == "page":
            if "rss" in lowered:
                d.dropped(at, "regular pages have no feed in polyblog")
            _html(d, at, kind, lowered)
            continue
        assert kind is not None
        rss[kind] = "rss" in lowered
        where[kind] = at
        _html(d, at, kind, lowered)
    none = not any(rss.values())
    for kind, at in where.items():
        if rss[kind]:
            d.mapped(at, "(feeds)", f"{kind} pages with RSS")
        elif none:
            d.approximated(at, "disable_kinds: [rss]", "no kind has RSS: no feed at all")
        else:
            others = ", ".join(k for k, v in rss.items() if v)
            d.approximated(at, "(feeds)", f"polyblog writes the {kind} feeds too: disable_kinds: "
                           f"[rss] would also remove the {others} feeds")  # fmt: skip
    return rss


def _html(d: Draft, at: KeyPath, kind: str, lowered: list[str]) -> None:
    if "html" not in lowered:
        d.approximated(
            at,
            "(pages)",
            f"polyblog writes the HTML of {kind} pages anyway; use "
            f"disable_kinds: [{kind}] to build none",
        )


def map_url_form(d: Draft) -> None:
    ugly = d.take("uglyurls")
    if ugly is not None:
        if ugly is False or as_bool(ugly) is False:
            d.mapped(("uglyurls",), "(same behaviour)", "pretty URLs: /posts/x/")
        else:
            d.dropped(
                ("uglyurls",),
                "polyblog always writes pretty URLs: a page Hugo put at "
                "/posts/x.html is at /posts/x/ (index.html), and so are section and term "
                "lists; keep the old addresses with `aliases` in front matter",
            )
    for key, what in (("relativeurls", "relative (../x/)"), ("canonifyurls", "absolute")):
        value = d.take(key)
        if value is None:
            continue
        if as_bool(value):
            d.approximated(
                (key,),
                "(links)",
                f"polyblog writes root-relative links "
                f"(/base-path/x/), not {what} ones; the pages are the same",
            )
        else:
            d.mapped((key,), "(same behaviour)", "links are root-relative: /base-path/x/")
