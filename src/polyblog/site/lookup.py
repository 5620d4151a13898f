"""Finding a page from a reference the way Hugo's `.GetPage` and `ref`/`relref` do: a content
path (absolute, or relative to the referring page), then a unique base name. Pure over `Site`."""

from __future__ import annotations

import posixpath
from collections.abc import Iterable
from dataclasses import dataclass

from polyblog.site.model import Page, PageKey, PageKind, Site

CONTENT_EXTENSIONS = (".md", ".markdown", ".html", ".htm")


class AmbiguousRef(LookupError):
    """A bare page name that more than one page has; `candidates` are their content paths."""

    def __init__(self, ref: str, candidates: tuple[str, ...]) -> None:
        super().__init__(ref)
        self.ref = ref
        self.candidates = candidates


@dataclass(frozen=True, slots=True)
class RefIndex:
    """(lang, content key) -> page, and (lang, base name) -> pages, lower case (Hugo's keys)."""

    by_key: dict[tuple[str, str], PageKey]
    by_name: dict[tuple[str, str], tuple[PageKey, ...]]


# the last two sites (a rebuild compares two), by the indexes that fix a `RefIndex`: which pages
# exist (`by_path` has them all) and their content paths (`by_logical`); an incremental model
# that moves or adds no page keeps both, and so the index
_RECENT: list[tuple[tuple[object, object], RefIndex]] = []


def ref_index(site: Site) -> RefIndex:
    for (by_path, by_logical), known in _RECENT:
        if by_path is site.by_path and by_logical is site.by_logical:
            return known
    by_key: dict[tuple[str, str], PageKey] = {}
    names: dict[tuple[str, str], list[PageKey]] = {}
    for page in site.pages.values():
        if page.kind is PageKind.NOT_FOUND:
            continue
        keys = [content_key(page.source.logical)] if page.source is not None else []
        keys.append(_model_key(page))  # sections without _index.md, taxonomies, terms
        for key in dict.fromkeys(keys):
            by_key.setdefault((page.lang, key), page.key)
        if page.source is None:
            continue
        base = keys[0].rsplit("/", 1)[-1]
        if base:
            names.setdefault((page.lang, base), []).append(page.key)
    return _remember(site, RefIndex(by_key, {k: tuple(v) for k, v in names.items()}))


def carry_index(old: Site, new: Site, added: Iterable[PageKey], removed: Iterable[PageKey]) -> None:
    """Make `ref_index(new)` from `old`'s: `new` has the same pages, with the same content
    paths, but for the pages `added` and `removed`, none of which has a source file (term
    pages of an incremental model, `site.patch`). Those come after every page that could have
    the same key (regular pages, sections), so they never take a key another page has."""
    index = ref_index(old)
    if added or removed:
        by_key = dict(index.by_key)
        for key in removed:
            entry = (old.pages[key].lang, _model_key(old.pages[key]))
            if by_key.get(entry) == key:
                del by_key[entry]
        for key in added:
            by_key.setdefault((new.pages[key].lang, _model_key(new.pages[key])), key)
        index = RefIndex(by_key, index.by_name)
    _remember(new, index)


def adopt_index(site: Site, index: RefIndex) -> None:
    """`index` is `ref_index(site)`, made by an earlier process (the build cache)."""
    _remember(site, index)


def _remember(site: Site, index: RefIndex) -> RefIndex:
    _RECENT[:] = [((site.by_path, site.by_logical), index), *_RECENT[:1]]
    return index


def content_key(path: str, lang: str = "") -> str:
    """`posts/X/index.fr.md` -> `/posts/x`: lower case, no extension, no language suffix, no
    `/index` or `/_index`, a leading slash and no trailing one (Hugo's content-tree key)."""
    key = "/" + path.strip().lower().replace("\\", "/").strip("/")
    key = posixpath.normpath(key) if key != "/" else key
    stem, ext = posixpath.splitext(key)
    if ext and "/" not in ext:
        key = stem
    if lang and key.endswith("." + lang.lower()):
        key = key[: -len(lang) - 1]
    for tail in ("/index", "/_index"):
        if key.endswith(tail):
            key = key[: -len(tail)] or "/"
    if key in {"/index", "/_index"}:
        key = "/"
    return key.rstrip("/") or "/"


def _simple(ref: str) -> bool:
    """Hugo's shouldDoSimpleLookup: `name` or `/name`, never `./x`, `../x` or `a/b`."""
    if ref.startswith("."):
        return False
    slashes = ref.count("/")
    return slashes == 0 or (slashes == 1 and ref.startswith("/"))


def get_page(
    site: Site, lang: str, ref: str, context: Page | None, reads: set[tuple[str, str]]
) -> Page | None:
    """The page `ref` names in `lang`, as Hugo resolves `ref`/`relref`: the path relative to
    the context page's folder (a leaf bundle looks beside itself), the path from the content
    root, then a base name that only one page has. Raises `AmbiguousRef`."""
    index = ref_index(site)
    ref = ref.strip().lower().replace("\\", "/") or "/"
    in_ref = ref
    tries: list[str] = []
    if context is not None and not ref.startswith("/"):
        tries.append(posixpath.join("/", _base_dir(context, ref.startswith("..")), ref))
    tries.append("/" + ref.lstrip("/") if not ref.startswith("/") else ref)
    for attempt in tries:
        key = content_key(attempt, lang)
        reads.add(("ref", f"{lang}:{key}"))
        found = index.by_key.get((lang, key))
        if found is not None:
            return site.pages[found]
    if not _simple(in_ref):
        return None
    base = content_key(tries[0], lang).rsplit("/", 1)[-1]
    reads.add(("name", f"{lang}:{base}"))
    named = index.by_name.get((lang, base), ())
    if len(named) > 1:
        paths = tuple(sorted(_display(site.pages[k]) for k in named))
        raise AmbiguousRef(in_ref, paths)
    return site.pages[named[0]] if named else None


def read_holds(kind: str, value: str, old: Site, new: Site) -> bool:
    """Whether a recorded `ref`/`name` lookup gives the same answer in `new` as in `old`."""
    lang, _, key = value.partition(":")
    if kind == "ref":
        return ref_index(old).by_key.get((lang, key)) == ref_index(new).by_key.get((lang, key))
    if kind == "name":
        return ref_index(old).by_name.get((lang, key)) == ref_index(new).by_name.get((lang, key))
    return True


def _model_key(page: Page) -> str:
    """`/posts/deep` for a section, `/tags` for a taxonomy, `/tags/go` for a term, `/` home."""
    if page.kind is PageKind.HOME:
        return "/"
    if page.kind in (PageKind.SECTION, PageKind.TAXONOMY, PageKind.TERM):
        return "/" + page.ident.lower()  # the folder, the taxonomy, `taxonomy/term`
    return content_key(page.source.logical) if page.source is not None else page.path


def _base_dir(page: Page, up: bool) -> str:
    src = page.source
    if src is None:
        return page.section.lower()
    folder = posixpath.dirname(src.logical)
    if src.is_leaf_bundle and not up:
        folder = posixpath.dirname(folder)
    return folder.lower()


def _display(page: Page) -> str:
    return page.source.path if page.source is not None else page.path
