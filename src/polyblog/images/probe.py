"""What an image file is: format, size after its EXIF orientation, and whether it can be read.

Only the header is read (Pillow opens lazily); an SVG's size comes from its root element.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from polyblog.errors import BlogError, SourcePos

# Pillow's own limit (a decompression bomb guard): about 89 million pixels, 8,000 x 11,000
MAX_PIXELS = 89_478_485
RASTER = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG", ".webp": "WEBP"}
PASSED = {".gif": "GIF", ".svg": "SVG", ".avif": "AVIF"}  # shown as they are, sized
EXTENSIONS = frozenset(RASTER) | frozenset(PASSED)
ROTATED = frozenset({5, 6, 7, 8})  # EXIF orientations that swap width and height
_SVG_ROOT = re.compile(rb"<svg\b[^>]*>", re.I | re.S)
_SVG_ATTR = re.compile(rb"""\s(width|height|viewBox)\s*=\s*("[^"]*"|'[^']*')""", re.I)
_LENGTH = re.compile(r"\s*([0-9]+(?:\.[0-9]+)?)\s*(px)?\s*")


@dataclass(frozen=True, slots=True)
class ImageInfo:
    format: str  # JPEG, PNG, WEBP (resized) or GIF, SVG, AVIF (passed through)
    width: int  # as shown: after the EXIF orientation; 0 when unknown (an SVG without sizes)
    height: int
    orientation: int = 1

    @property
    def raster(self) -> bool:
        return self.format in RASTER.values()


def kind_of(name: str) -> str | None:
    """The image format a file name says, or None when it is no image polyblog handles."""
    dot = name.rfind(".")
    suffix = name[dot:].lower() if dot >= 0 else ""
    return RASTER.get(suffix) or PASSED.get(suffix)


def broken(origin: str, reason: str, page: str = "") -> BlogError:
    shown = f" (shown by {page})" if page else ""
    return BlogError(f"broken image {origin}: {reason}{shown}", SourcePos(origin))


def probe(path: Path, origin: str, page: str = "") -> ImageInfo:
    """The image's format and displayed size; a file that is not the image its name says is an
    error naming it and the page that shows it."""
    try:
        stat = path.stat()
    except OSError as exc:
        raise broken(origin, exc.strerror or type(exc).__name__, page) from None
    try:
        return _probe(path, stat.st_size, stat.st_mtime_ns)
    except _Broken as exc:
        raise broken(origin, str(exc), page) from None


class _Broken(Exception):
    pass


@lru_cache(maxsize=4096)
def _probe(path: Path, _size: int, _mtime: int) -> ImageInfo:
    kind = kind_of(path.name)
    if kind == "SVG":
        return _svg(path)
    from PIL import Image, UnidentifiedImageError  # a site without images never loads Pillow

    try:
        with Image.open(path) as image:
            found = image.format or ""
            width, height = image.size
            orientation = 1
            if found in {"JPEG", "PNG", "WEBP", "AVIF"}:
                value = image.getexif().get(0x0112, 1)
                orientation = value if isinstance(value, int) and 1 <= value <= 8 else 1
    except Image.DecompressionBombError as exc:
        raise _Broken(f"too many pixels for an image ({exc})") from None
    except UnidentifiedImageError:
        raise _Broken(f"not a {kind} image that can be read") from None
    except (OSError, SyntaxError, ValueError) as exc:
        reason = str(exc).replace(str(path), path.name)
        raise _Broken(f"not a {kind} image that can be read ({reason})") from None
    if found != kind and not (kind == "JPEG" and found == "MPO"):
        raise _Broken(f"the file is {found or 'unknown'}, not {kind}")
    if width * height > MAX_PIXELS:
        raise _Broken(f"{width}x{height} is more than {MAX_PIXELS} pixels")
    if orientation in ROTATED:
        width, height = height, width
    return ImageInfo("JPEG" if found == "MPO" else found, width, height, orientation)


def _svg(path: Path) -> ImageInfo:
    """An SVG's size from its root element's width and height (in pixels), else its viewBox;
    never parsed as XML (no entities, nothing fetched)."""
    try:
        with path.open("rb") as handle:
            head = handle.read(65536)
    except OSError as exc:
        raise _Broken(exc.strerror or type(exc).__name__) from None
    root = _SVG_ROOT.search(head)
    if root is None:
        raise _Broken("no <svg> element")
    attrs = {m.group(1).lower(): m.group(2)[1:-1].decode("utf-8", "replace")
             for m in _SVG_ATTR.finditer(root.group())}  # fmt: skip
    width, height = _length(attrs.get(b"width")), _length(attrs.get(b"height"))
    box = (attrs.get(b"viewbox") or "").replace(",", " ").split()
    if (not width or not height) and len(box) == 4:
        try:
            box_w, box_h = float(box[2]), float(box[3])
        except ValueError:
            box_w = box_h = 0.0
        if box_w > 0 and box_h > 0:
            if width:
                height = round(width * box_h / box_w)
            elif height:
                width = round(height * box_w / box_h)
            else:
                width, height = round(box_w), round(box_h)
    if not width or not height:
        width = height = 0
    return ImageInfo("SVG", width, height)


def _length(value: str | None) -> int:
    match = _LENGTH.fullmatch(value or "")
    return round(float(match.group(1))) if match else 0
