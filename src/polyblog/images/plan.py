"""Which images a site processes and what each becomes: every image of a page bundle, and the
images of the site's `static/` that a page shows; the derivative files of each (names, sizes)."""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol
from urllib.parse import unquote, urlsplit

from polyblog.config import Config, ImagesConfig
from polyblog.images.probe import ImageInfo, kind_of
from polyblog.site import Page, PageKey, Site
from polyblog.site.covers import page_images
from polyblog.urls import absolute

SOCIAL_SIZE = (1200, 630)  # Open Graph's recommended card, 1.91:1
SOCIAL_SUFFIX = "-social.jpg"
_IMG_SRC = re.compile(
    r"""<img\b[^>]*?\ssrc\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))""", re.I | re.S
)


class Body(Protocol):
    """A rendered body (`markup.RenderedBody`): its HTML is all the plan reads."""

    @property
    def html(self) -> str: ...


@dataclass(frozen=True, slots=True)
class SourceImage:
    url: str  # the site path of the original: /posts/x/photo.jpg
    path: Path  # the file in the site folder
    origin: str  # that file relative to the site folder, for messages
    page: str  # the content file of the page whose bundle has it, or that first shows it


@dataclass(frozen=True, slots=True)
class Derivative:
    url: str  # site path: /posts/x/photo-800.webp
    format: str  # webp, avif, or jpeg (the social card)
    width: int
    height: int
    crop: bool = False  # the social card: cut to its 1.91:1 box around the centre


@dataclass(frozen=True, slots=True, kw_only=True)
class ImagePlan:
    config: ImagesConfig
    base_url: str
    base_path: str
    images: Mapping[str, SourceImage] = field(default_factory=dict)  # by site path
    social: frozenset[str] = frozenset()  # site paths of images that are a page's first image

    def resolve(self, src: str, folder: str) -> SourceImage | None:
        """The image an `<img src>` (unescaped) shows on a page whose file is in `folder` (a
        site path ending in `/`), or None for remote images, queries and other files."""
        path = site_path(src, folder, self.base_url, self.base_path)
        return self.images.get(path) if path is not None else None


def site_path(src: str, folder: str, base_url: str, base_path: str) -> str | None:
    """A URL as a path in the output (`/posts/x/photo.jpg`), or None when it leaves the site."""
    src = src.strip()
    if not src or "?" in src or "#" in src or src.startswith("//"):
        return None
    if src.startswith(("http://", "https://", "HTTP://", "HTTPS://")):
        if not src.startswith(base_url):
            return None
        src = base_path + src[len(base_url) :]
    elif ":" in src.split("/", 1)[0]:
        return None  # data:, mailto: and other schemes
    if src.startswith("/"):
        if not src.startswith(base_path):
            return None
        path = "/" + src[len(base_path) :]
    else:
        path = folder + src
    path = posixpath.normpath(unquote(path))
    return path if path.startswith("/") and not path.startswith("//") else None


def plan_images(site: Site, bodies: Mapping[PageKey, Body]) -> ImagePlan:
    """Every image of a page bundle, then every image of `static/` that a page body shows or
    names in `images`; only files inside the site folder."""
    config = site.config
    plan = ImagePlan(config=config.images, base_url=config.base_url, base_path=config.base_path)
    if not config.images.enabled:
        return plan
    images: dict[str, SourceImage] = {}
    for page in site.pages.values():
        owner = page.source.path if page.source is not None else ""
        for res, out in page.resources:
            if kind_of(out) is not None and out not in images:
                images[out] = SourceImage(out, config.root / res, res, owner or res)
    shown: list[tuple[str, Page]] = []
    for page in site.pages.values():
        shown += [(path, page) for path in page_images(page)]
        body = bodies.get(page.key)
        if body is not None and "<img" in body.html:
            folder = page.path if page.path.endswith("/") else page.path.rsplit("/", 1)[0] + "/"
            for match in _IMG_SRC.finditer(body.html):
                src = html.unescape(next(g for g in match.groups() if g is not None))
                path = site_path(src, folder, config.base_url, config.base_path)
                if path is not None:
                    shown.append((path, page))
    for path, page in shown:
        if path not in images and kind_of(path) is not None:
            found = _static_file(config, path)
            if found is not None:
                owner = page.source.path if page.source is not None else found[1]
                images[path] = SourceImage(path, found[0], found[1], owner)
    social = set()
    if config.images.social_card:
        for page in site.pages.values():
            first = page_images(page)[:1]
            if first and first[0] in images and _resized(first[0]):
                social.add(first[0])
    return ImagePlan(
        config=config.images,
        base_url=config.base_url,
        base_path=config.base_path,
        images=images,
        social=frozenset(social),
    )


def _static_file(config: Config, path: str) -> tuple[Path, str] | None:
    """The file of `static/` at a site path, if it is one and stays in the site folder."""
    root = config.root
    candidate = root / "static" / path.lstrip("/")
    try:
        if not candidate.is_file() or not candidate.resolve().is_relative_to(root.resolve()):
            return None
    except OSError:
        return None
    return candidate, candidate.relative_to(root).as_posix()


def social_card_url(plan: ImagePlan, first: str) -> str | None:
    """The absolute URL of the social card (`og:image`) of a page whose first image is at
    site path `first`, when it has one (a local JPEG, PNG or WebP); else None."""
    if first not in plan.social or not _resized(first):
        return None
    return absolute(plan.base_url, _stem(first) + SOCIAL_SUFFIX)


def _resized(path: str) -> bool:
    return kind_of(path) in {"JPEG", "PNG", "WEBP"}


_MEMO: list[tuple[Site, Mapping[PageKey, Body], ImagePlan]] = []


def cached_plan(site: Site, bodies: Mapping[PageKey, Body]) -> ImagePlan:
    """`plan_images`, made once per process for one (site, bodies): the page pass and the
    template views share it."""
    if _MEMO and _MEMO[0][0] is site and _MEMO[0][1] is bodies:
        return _MEMO[0][2]
    plan = plan_images(site, bodies)
    _MEMO[:] = [(site, bodies, plan)]
    return plan


def _stem(path: str) -> str:
    return path[: path.rfind(".")]


def widths_for(width: int, widths: tuple[int, ...]) -> list[int]:
    """The widths of an image's derivatives: the configured ones up to its own width (never
    larger), and its own width when a configured one was larger."""
    out = [w for w in widths if w <= width]
    if len(out) < len(widths) and width not in out:
        out.append(width)
    return out


def derivatives(
    image: SourceImage, info: ImageInfo, cfg: ImagesConfig, formats: tuple[str, ...], social: bool
) -> list[Derivative]:
    """The files made from one JPEG, PNG or WebP image, in a fixed order."""
    out: list[Derivative] = []
    stem = _stem(image.url)
    for fmt in formats:
        for width in widths_for(info.width, cfg.widths):
            height = max(1, round(info.height * width / info.width))
            out.append(Derivative(f"{stem}-{width}.{fmt}", fmt, width, height))
    if social:
        box_w, box_h = SOCIAL_SIZE
        scale = min(1.0, info.width / box_w, info.height / box_h)
        width, height = max(1, round(box_w * scale)), max(1, round(box_h * scale))
        out.append(Derivative(stem + SOCIAL_SUFFIX, "jpeg", width, height, crop=True))
    return out


def split_url(url: str) -> tuple[str, str]:
    """(everything but the extension, the extension) of a URL's last segment."""
    path = urlsplit(url).path
    dot = path.rfind(".")
    return (url[:dot], url[dot:]) if dot > path.rfind("/") else (url, "")
