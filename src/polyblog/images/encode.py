"""Encode one derivative: orient, convert to sRGB, resize (or crop the social card), and write
WebP, AVIF or JPEG with no metadata (or with the original's, `strip_metadata: false`)."""

from __future__ import annotations

import io
import math
from functools import cache
from pathlib import Path

from PIL import Image, ImageCms, ImageOps, features

from polyblog.config import ImagesConfig
from polyblog.images.plan import Derivative
from polyblog.images.probe import MAX_PIXELS, ROTATED

AVIF_SPEED = 8  # libavif's 0 (slowest, smallest) to 10; 8 is ~4x faster than 6, 3% larger
SOCIAL_QUALITY = 85


@cache
def avif_supported() -> bool:
    """Whether the installed Pillow can write AVIF (Pillow 11.2+ wheels can)."""
    Image.init()  # registers every plugin's writer
    return bool(features.check("avif")) and "AVIF" in Image.SAVE


def output_formats(cfg: ImagesConfig) -> tuple[str, ...]:
    """The responsive formats this installation makes: WebP, and AVIF where it can."""
    return tuple(f for f in cfg.formats if f != "avif" or avif_supported())


class EncodeError(Exception):
    """The image could not be decoded or encoded (the caller names the file)."""


def encode(path: Path, target: Derivative, cfg: ImagesConfig) -> bytes:
    """The bytes of one derivative of the image at `path`."""
    return encode_all(path, [target], cfg)[0]


_Decoded = tuple[Image.Image, Image.Exif, bool]  # upright sRGB pixels, EXIF, has alpha


def encode_all(path: Path, targets: list[Derivative], cfg: ImagesConfig) -> list[bytes]:
    """The bytes of several derivatives of one image, decoding it once per scale. The same
    input gives the same bytes, whatever is encoded with it (each target decodes at its own
    scale; single-threaded encoders, fixed settings, no dates)."""
    decoded: dict[tuple[int, int], _Decoded] = {}
    return [_encode(*_decode(path, target, decoded), target, cfg) for target in targets]


def _decode(path: Path, target: Derivative, done: dict[tuple[int, int], _Decoded]) -> _Decoded:
    try:
        with Image.open(path) as opened:
            if opened.width * opened.height > MAX_PIXELS:
                raise EncodeError(f"{opened.width}x{opened.height} is too many pixels")
            exif = opened.getexif()
            if opened.format == "JPEG":  # decode at a reduced scale when that is enough
                opened.draft("RGB", _needed(opened.size, exif.get(0x0112, 1), target))
            if opened.size in done:
                return done[opened.size]
            scale = opened.size
            opened.load()
            icc = opened.info.get("icc_profile")
            image = ImageOps.exif_transpose(opened)
    except EncodeError:
        raise
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        raise EncodeError(str(exc).replace(str(path), path.name) or type(exc).__name__) from None
    alpha = image.mode in {"RGBA", "LA", "PA"} or "transparency" in image.info
    image = _to_srgb(image.convert("RGBA" if alpha else "RGB"), icc)
    done[scale] = (image, exif, alpha)
    return done[scale]


def _encode(
    image: Image.Image, exif: Image.Exif, alpha: bool, target: Derivative, cfg: ImagesConfig
) -> bytes:
    if alpha and target.format == "jpeg":  # the social card: transparency on white
        white = Image.new("RGBA", image.size, (255, 255, 255, 255))
        image = Image.alpha_composite(white, image).convert("RGB")
    size = (target.width, target.height)
    if target.crop:
        image = ImageOps.fit(image, size, Image.Resampling.LANCZOS, centering=(0.5, 0.5))
    elif image.size != size:
        image = image.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0)
    extra: dict[str, object] = {}
    if not cfg.strip_metadata:
        kept = Image.Exif()
        kept.load(exif.tobytes())
        kept.pop(0x0112, None)  # applied to the pixels
        extra["exif"] = kept.tobytes()
    buffer = io.BytesIO()
    if target.format == "webp":
        image.save(buffer, "WEBP", quality=cfg.quality, method=4, **extra)
    elif target.format == "avif":
        image.save(buffer, "AVIF", quality=cfg.quality, speed=AVIF_SPEED, max_threads=1, **extra)
    else:
        image.save(buffer, "JPEG", quality=SOCIAL_QUALITY, optimize=True, **extra)
    return buffer.getvalue()


def _to_srgb(image: Image.Image, icc: object) -> Image.Image:
    """Pixels in sRGB (phones write Display P3). No profile is published: the AVIF writer
    would embed the one the conversion leaves on the image, an sRGB profile that Little CMS
    dates with the time it made it (the same image would give other bytes every second)."""
    if not isinstance(icc, bytes) or not icc or image.mode not in {"RGB", "RGBA"}:
        image.info.pop("icc_profile", None)
        return image
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        srgb = ImageCms.createProfile("sRGB")
        converted = ImageCms.profileToProfile(image, source, srgb, outputMode=image.mode)
    except (ImageCms.PyCMSError, OSError, ValueError):
        converted = None  # a broken profile: the pixels as they are
    image = converted if converted is not None else image
    image.info.pop("icc_profile", None)
    return image


def _needed(stored: tuple[int, int], orientation: object, target: Derivative) -> tuple[int, int]:
    """The smallest decoded size (as stored, before orientation) that still covers `target`."""
    width, height = stored
    if orientation in ROTATED:
        width, height = height, width
    scale = max(target.width / width, target.height / height) if target.crop else 0.0
    need = (
        (math.ceil(width * scale), math.ceil(height * scale))
        if target.crop
        else (target.width, target.height)
    )
    return (need[1], need[0]) if orientation in ROTATED else need
