"""Request path -> file in the output folder, and file name -> Content-Type. Pure, no aiohttp.

The mapping refuses anything that could reach outside the output folder: `.` and `..` segments
(also percent-encoded), encoded slashes, backslashes, NUL and control characters, hidden names
(`.git` of a deployed output, except `.well-known`), and symlinks whose target is outside.
"""

from __future__ import annotations

import enum
import mimetypes
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

# Our own table, so the answer does not depend on the machine's MIME database.
# `.xml` (feeds and sitemaps included) is `application/xml`, which browsers display as a tree.
_TYPES: dict[str, str] = {
    ".html": "text/html; charset=utf-8",
    ".htm": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".json": "application/json",
    ".map": "application/json",
    ".webmanifest": "application/manifest+json",
    ".xml": "application/xml; charset=utf-8",
    ".xsl": "application/xml; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".md": "text/markdown; charset=utf-8",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".avif": "image/avif",
    ".ico": "image/x-icon",
    ".woff2": "font/woff2",
    ".woff": "font/woff",
    ".ttf": "font/ttf",
    ".otf": "font/otf",
    ".wasm": "application/wasm",
    ".pdf": "application/pdf",
    ".mp4": "video/mp4",
    ".webm": "video/webm",
    ".mp3": "audio/mpeg",
    ".ogg": "audio/ogg",
}
DEFAULT_TYPE = "application/octet-stream"


def content_type(name: str) -> str:
    """The Content-Type for a file name: our table, then `mimetypes`, then octet-stream."""
    suffix = Path(name).suffix.lower()
    if suffix in _TYPES:
        return _TYPES[suffix]
    guessed, encoding = mimetypes.guess_type("x" + suffix, strict=False)
    if guessed is None or encoding is not None:
        return DEFAULT_TYPE
    return guessed + "; charset=utf-8" if guessed.startswith("text/") else guessed


class Outcome(enum.Enum):
    FILE = "file"  # `path` is a regular file to serve
    REDIRECT = "redirect"  # a folder asked without its trailing slash: go to `location`
    NOT_FOUND = "not_found"
    BAD_REQUEST = "bad_request"  # malformed: not an origin-form path, bad %-escape, NUL


@dataclass(frozen=True, slots=True)
class Resolved:
    outcome: Outcome
    path: Path | None = None  # the file, symlinks resolved
    name: str = ""  # the requested file name (its suffix gives the Content-Type)
    location: str = ""


class BadPath(ValueError):
    """The request path is malformed (400)."""


class UnsafePath(ValueError):
    """The request path names something we never serve (404)."""


def segments(raw_path: str) -> tuple[list[str], list[str]]:
    """Split a raw (still %-encoded, query removed) path into (raw, decoded) segments.

    Empty segments (`//`) are dropped. Raises `BadPath` or `UnsafePath`.
    """
    if not raw_path.startswith("/"):
        raise BadPath(raw_path)
    raw_parts = [part for part in raw_path.split("/") if part]
    decoded: list[str] = []
    for part in raw_parts:
        try:
            name = unquote(part, errors="strict")
        except UnicodeDecodeError as exc:
            raise BadPath(raw_path) from exc
        if any(ord(ch) < 0x20 or ord(ch) == 0x7F for ch in name):
            raise BadPath(raw_path)
        if "/" in name or "\\" in name:
            raise UnsafePath(raw_path)
        if name.startswith(".") and name != ".well-known":  # also `.` and `..`
            raise UnsafePath(raw_path)
        decoded.append(name)
    return raw_parts, decoded


def contained(root: Path, path: Path) -> Path | None:
    """`path` with symlinks resolved, or None when it lies outside `root` (already resolved)."""
    try:
        real = path.resolve(strict=True)
    except (OSError, RuntimeError):  # missing, or a symlink loop
        return None
    return real if real.is_relative_to(root) else None


def resolve(root: Path, raw_path: str, query: str = "") -> Resolved:
    """Map a request path onto `root`: a file, a redirect to the folder's slash URL, or 404/400."""
    try:
        raw_parts, names = segments(raw_path)
    except BadPath:
        return Resolved(Outcome.BAD_REQUEST)
    except UnsafePath:
        return Resolved(Outcome.NOT_FOUND)
    try:
        real_root = root.resolve(strict=True)
    except (OSError, RuntimeError):  # the output folder is being swapped, or gone
        return Resolved(Outcome.NOT_FOUND)
    real = contained(real_root, real_root.joinpath(*names))
    if real is None:
        return Resolved(Outcome.NOT_FOUND)
    if real.is_dir():
        index = contained(real_root, real / "index.html")
        if index is None or not index.is_file():
            return Resolved(Outcome.NOT_FOUND)  # no directory listings
        if not raw_path.endswith("/"):
            # Built from the checked segments: never `//host`, so never an open redirect.
            location = "/" + "".join(part + "/" for part in raw_parts)
            return Resolved(Outcome.REDIRECT, location=location + (f"?{query}" if query else ""))
        return Resolved(Outcome.FILE, path=index, name="index.html")
    if real.is_file() and names and not raw_path.endswith("/"):
        return Resolved(Outcome.FILE, path=real, name=names[-1])
    return Resolved(Outcome.NOT_FOUND)


def site_file(root: Path, rel: str) -> Path | None:
    """A regular file at `rel` (a trusted relative path, `/`-separated) inside `root`, or None."""
    try:
        real_root = root.resolve(strict=True)
    except (OSError, RuntimeError):
        return None
    real = contained(real_root, real_root.joinpath(*(p for p in rel.split("/") if p)))
    return real if real is not None and real.is_file() else None
