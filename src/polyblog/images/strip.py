"""An original JPEG, PNG or WebP without its metadata (EXIF with GPS, XMP, IPTC, comments,
text chunks), losslessly: the compressed pixels and the colour profile are kept as they are,
and an EXIF orientation other than 1 stays, alone, so the file still shows upright."""

from __future__ import annotations

import struct
import zlib

from PIL import Image


class StripError(Exception):
    """The file's structure is broken (the caller names the file)."""


def strip_metadata(data: bytes, fmt: str, orientation: int) -> bytes:
    if fmt == "JPEG":
        return _jpeg(data, orientation)
    if fmt == "PNG":
        return _png(data, orientation)
    if fmt == "WEBP":
        return _webp(data, orientation)
    return data


def _exif(orientation: int) -> bytes:
    """A TIFF block with the orientation tag alone (b"Exif\\0\\0" in front)."""
    exif = Image.Exif()
    exif[0x0112] = orientation
    return exif.tobytes()


# JPEG: APP0 JFIF (not its thumbnail extension), APP2 ICC_PROFILE and APP14 Adobe (how the
# decoder reads the colours) are kept; every other APPn segment and comments go
def _jpeg(data: bytes, orientation: int) -> bytes:
    if data[:2] != b"\xff\xd8":
        raise StripError("no JPEG start marker")
    out = [data[:2]]
    pos = 2
    size = len(data)
    while pos < size:
        if data[pos] != 0xFF:
            raise StripError(f"no JPEG marker at byte {pos}")
        marker = data[pos + 1] if pos + 1 < size else -1
        if marker == 0xFF:  # fill byte
            pos += 1
            continue
        if marker == 0xDA or marker == 0xD9:  # start of scan: the rest is image data
            out.append(data[pos:])
            break
        if marker in {0x01} or 0xD0 <= marker <= 0xD7:
            out.append(data[pos : pos + 2])
            pos += 2
            continue
        if pos + 4 > size:
            raise StripError("JPEG cut off in a segment header")
        length = struct.unpack(">H", data[pos + 2 : pos + 4])[0]
        end = pos + 2 + length
        if length < 2 or end > size:
            raise StripError("JPEG segment longer than the file")
        payload = data[pos + 4 : end]
        if _keep_jpeg_segment(marker, payload):
            out.append(data[pos:end])
        pos = end
    else:
        raise StripError("JPEG without image data")
    if orientation != 1:  # after SOI and a JFIF APP0, where readers look for it
        block = _exif(orientation)
        at = 2 if out[1].startswith(b"\xff\xe0") else 1
        out.insert(at, b"\xff\xe1" + struct.pack(">H", len(block) + 2) + block)
    return b"".join(out)


def _keep_jpeg_segment(marker: int, payload: bytes) -> bool:
    if marker == 0xE0:
        return payload.startswith(b"JFIF\x00")
    if marker == 0xE2:
        return payload.startswith(b"ICC_PROFILE\x00")
    if marker == 0xEE:
        return payload.startswith(b"Adobe")
    return not (0xE1 <= marker <= 0xEF or marker == 0xFE)


_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_PNG_DROPPED = frozenset({b"tEXt", b"zTXt", b"iTXt", b"eXIf", b"tIME"})


def _png(data: bytes, orientation: int) -> bytes:
    if not data.startswith(_PNG_SIGNATURE):
        raise StripError("no PNG signature")
    out = [_PNG_SIGNATURE]
    pos = len(_PNG_SIGNATURE)
    placed = orientation == 1
    while pos < len(data):
        if pos + 8 > len(data):
            raise StripError("PNG cut off in a chunk header")
        length, kind = struct.unpack(">I4s", data[pos : pos + 8])
        end = pos + 12 + length
        if end > len(data):
            raise StripError("PNG chunk longer than the file")
        if not placed and kind in {b"IDAT", b"IEND"}:
            body = _exif(orientation)[6:]  # eXIf holds the TIFF block without "Exif\0\0"
            crc = zlib.crc32(b"eXIf" + body)
            out.append(struct.pack(">I4s", len(body), b"eXIf") + body + struct.pack(">I", crc))
            placed = True
        if kind not in _PNG_DROPPED:
            out.append(data[pos:end])
        pos = end
        if kind == b"IEND":
            break
    return b"".join(out)


def _webp(data: bytes, orientation: int) -> bytes:
    if data[:4] != b"RIFF" or data[8:12] != b"WEBP":
        raise StripError("no WebP header")
    chunks: list[tuple[bytes, bytes]] = []
    pos = 12
    while pos + 8 <= len(data):
        kind = data[pos : pos + 4]
        length = struct.unpack("<I", data[pos + 4 : pos + 8])[0]
        end = pos + 8 + length
        if end > len(data):
            raise StripError("WebP chunk longer than the file")
        if kind not in {b"EXIF", b"XMP "}:
            chunks.append((kind, data[pos + 8 : end]))
        pos = end + (length & 1)
    if chunks and chunks[0][0] == b"VP8X":
        flags = chunks[0][1][0] & ~0x0C  # EXIF (0x08) and XMP (0x04) are gone
        if orientation != 1:
            chunks.append((b"EXIF", _exif(orientation)[6:]))
            flags |= 0x08
        chunks[0] = (b"VP8X", bytes([flags]) + chunks[0][1][1:])
    body = b"".join(
        kind + struct.pack("<I", len(payload)) + payload + (b"\x00" if len(payload) & 1 else b"")
        for kind, payload in chunks
    )
    return b"RIFF" + struct.pack("<I", len(body) + 4) + b"WEBP" + body
