"""URL rules, Hugo-compatible: path sanitising, term keys, permalinks, output file paths."""

from __future__ import annotations

import posixpath
import re
import unicodedata
from functools import lru_cache
from urllib.parse import quote

_ALLOWED_PUNCT = frozenset("./\\_#+~-@")
_HEX = frozenset("0123456789abcdefABCDEF")


def remove_accents(text: str) -> str:
    """Hugo's `removePathAccents`: decompose (NFD), drop non-spacing marks (Mn), recompose
    (NFC): `Été à Noël` -> `Ete a Noel`; letters without a decomposition (`ß`, `ø`) stay."""
    decomposed = unicodedata.normalize("NFD", text)
    kept = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return unicodedata.normalize("NFC", kept)


@lru_cache(maxsize=1 << 16)  # titles, slugs and terms repeat, and `blog serve` rebuilds often
def make_path(text: str, strip_accents: bool = False) -> str:
    """Hugo's `MakePath`: keep letters, digits, marks and `./\\_#+~-@`; runs of spaces become
    one `-` (none next to an explicit `-`); everything else is dropped. `strip_accents` first
    removes accents (`remove_path_accents`)."""
    if strip_accents:
        text = remove_accents(text)
    out: list[str] = []
    prepend_hyphen = False
    was_hyphen = False
    n = len(text)
    for i, ch in enumerate(text):
        cat = unicodedata.category(ch)
        allowed = (
            ch in _ALLOWED_PUNCT
            or cat[0] in {"L", "M"}
            or cat == "Nd"
            or (ch == "%" and i + 2 < n and text[i + 1] in _HEX and text[i + 2] in _HEX)
        )
        if allowed:
            was_hyphen = ch == "-"
            if prepend_hyphen and not was_hyphen:
                out.append("-")
            prepend_hyphen = False
            out.append(ch)
        elif out and not was_hyphen and ch.isspace():
            prepend_hyphen = True
    return "".join(out)


def urlize(text: str, lower: bool = True, strip_accents: bool = False) -> str:
    """A path segment or term key: `Machine Learning` -> `machine-learning`."""
    path = make_path(text, strip_accents)
    return path.lower() if lower else path


def clean_path(path: str) -> str:
    """Normalise a site path to `/a/b/` form (or `/a/b.html` for file URLs)."""
    path = "/" + path.lstrip("/")
    norm = posixpath.normpath(path)
    if norm in {".", "//"}:
        norm = "/"
    if path.endswith("/") and not norm.endswith("/"):
        norm += "/"
    if not norm.endswith("/") and "." not in norm.rsplit("/", 1)[-1]:
        norm += "/"
    return norm


def has_dot_segments(path: str) -> bool:
    return any(seg in {".", ".."} for seg in path.replace("\\", "/").split("/"))


MAX_SEGMENT_BYTES = 255  # a file or folder name on common file systems (ext4, APFS, NTFS)


def long_segment(path: str) -> str | None:
    """The first segment of `path` that no file system can hold as a name, if any."""
    for seg in path.split("/"):
        if len(seg.encode()) > MAX_SEGMENT_BYTES:
            return seg
    return None


def join(*parts: str) -> str:
    """Join URL path parts into `/a/b/`."""
    segs = [seg for part in parts for seg in part.split("/") if seg]
    return "/" + "/".join(segs) + ("/" if segs else "")


def lang_prefix(lang: str, default_lang: str, default_in_subdir: bool) -> str:
    return "" if lang == default_lang and not default_in_subdir else lang


def encode(path: str) -> str:
    """Percent-encode a site path the way Hugo's relPermalink does (non-ASCII, spaces)."""
    return quote(path, safe="/%+~@:!$&'()*,;=-._")


def output_file(path: str) -> str:
    """The file under public/ for a site path: `/a/b/` -> `a/b/index.html`."""
    rel = path.lstrip("/")
    if not rel or rel.endswith("/"):
        return rel + "index.html"
    return rel


_TOKEN = re.compile(r":([a-z]+)")


def expand_permalink(pattern: str, tokens: dict[str, str]) -> str:
    """Expand `/:year/:month/:slug/` (tokens may share a segment: `/:year-:slug/`)."""

    def value(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in tokens:
            raise KeyError(name)
        return tokens[name]

    return _TOKEN.sub(value, pattern)


@lru_cache(maxsize=1 << 16)  # pure, and asked for thousands of times per render
def site_url(base_path: str, path: str) -> str:
    """Root-relative URL of a site path under the base path, percent-encoded."""
    return encode(base_path.rstrip("/") + path)


@lru_cache(maxsize=1 << 16)
def absolute(base_url: str, path: str) -> str:
    """Absolute URL of a site path: `https://example.org/blog/` + `/fr/x/`."""
    from urllib.parse import urlsplit

    parts = urlsplit(base_url)
    return f"{parts.scheme}://{parts.netloc}{site_url(parts.path or '/', path)}"
