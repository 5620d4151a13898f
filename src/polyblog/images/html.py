"""The `<img>` pass over a generated page: each image of the plan gets `srcset`, `sizes`,
`width`, `height`, `loading` and `decoding` (in a `<picture>` with an AVIF source when the site
makes AVIF); the first image of the page loads eagerly. Nothing else of the page changes."""

from __future__ import annotations

import html
import re
from collections.abc import Mapping

from polyblog.errors import BlogError
from polyblog.images.plan import (
    Body,
    ImagePlan,
    SourceImage,
    cached_plan,
    split_url,
    widths_for,
)
from polyblog.images.probe import ImageInfo, probe
from polyblog.site import PageKey, Site

# comments and elements whose content is not the page's markup (or is an author's <picture>)
# are skipped whole; every other <img> start tag is looked at
_TOKEN = re.compile(
    r"<!--.*?-->"
    r"|<(script|style|textarea|template|noscript|picture|svg|math|xmp)\b.*?</\1\s*>"
    r"""|<img((?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*)\s*/?>""",
    re.S | re.I,
)
_ATTR = re.compile(r"""([^\s"'>/=]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s"'=<>`]+))?""")


def responsive_html(site: Site, bodies: Mapping[PageKey, Body], file: str, data: bytes) -> bytes:
    """The page written to `file` (relative to the output folder) with its images made
    responsive; `data` itself when it shows none of the plan's images."""
    if b"<img" not in data or not site.config.images.enabled:
        return data
    plan = cached_plan(site, bodies)
    if not plan.images:
        return data
    folder = "/" + file.rsplit("/", 1)[0] + "/" if "/" in file else "/"
    text = data.decode("utf-8", "surrogateescape")
    out = rewrite_images(text, folder, plan)
    return data if out is text else out.encode("utf-8", "surrogateescape")


def rewrite_images(text: str, folder: str, plan: ImagePlan) -> str:
    """`text` with the plan's `<img>` tags rewritten, seen from a page in `folder`."""
    parts: list[str] = []
    last = 0
    first = True
    for match in _TOKEN.finditer(text):
        if match.group(2) is None:
            continue
        attrs = _attributes(match.group(2))
        image = plan.resolve(attrs.get("src", ""), folder)
        if image is None or "srcset" in attrs:
            continue
        try:
            info = probe(image.path, image.origin, image.page)
        except BlogError:
            continue  # reported once, by `image_files`, which fails the build
        parts += [text[last : match.start()], _img(attrs, image, info, plan, first)]
        last = match.end()
        first = False
    if not parts:
        return text
    parts.append(text[last:])
    return "".join(parts)


def _attributes(raw: str) -> dict[str, str]:
    """An `<img>`'s attributes, unescaped, in order; the first of a repeated name wins."""
    out: dict[str, str] = {}
    for match in _ATTR.finditer(raw):
        value = match.group(2) or ""
        if value[:1] in {'"', "'"}:
            value = value[1:-1]
        out.setdefault(match.group(1).lower(), html.unescape(value))
    return out


def _img(
    attrs: dict[str, str], image: SourceImage, info: ImageInfo, plan: ImagePlan, first: bool
) -> str:
    cfg = plan.config
    src = attrs["src"].strip()
    width, height = _size(attrs, info)
    if width is not None and height is not None:
        attrs.setdefault("width", str(width))
        attrs.setdefault("height", str(height))
    sources: list[str] = []
    if info.raster:
        shown = attrs.get("width", "")
        sizes = cfg.sizes
        if shown.isdigit() and int(shown) < info.width:
            sizes = f"(max-width: {shown}px) 100vw, {shown}px"
        attrs.setdefault("sizes", sizes)
        stem = split_url(src)[0].replace(" ", "%20")
        widths = widths_for(info.width, cfg.widths)
        from polyblog.images.encode import output_formats  # Pillow: only for pages with images

        for fmt in output_formats(cfg):
            candidates = ", ".join(f"{stem}-{w}.{fmt} {w}w" for w in widths)
            if fmt == "webp":
                attrs["srcset"] = candidates
            else:
                sources.append(
                    f'<source type="image/{fmt}" srcset="{_quote(candidates)}" '
                    f'sizes="{_quote(attrs["sizes"])}" />'
                )
    if first:
        attrs["loading"] = "eager"
        attrs.setdefault("fetchpriority", "high")
    else:
        attrs.setdefault("loading", "lazy")
    attrs.setdefault("decoding", "async")
    attrs.setdefault("alt", "")
    tag = "<img" + "".join(f' {name}="{_quote(value)}"' for name, value in attrs.items()) + ">"
    if sources:
        return "<picture>" + "".join(sources) + tag + "</picture>"
    return tag


def _size(attrs: dict[str, str], info: ImageInfo) -> tuple[int | None, int | None]:
    """Width and height for the tag: the image's own, or the missing one of the two in its
    proportions; none when the author wrote a size that is not whole pixels."""
    if not info.width or not info.height:
        return None, None
    given_w, given_h = attrs.get("width"), attrs.get("height")
    if given_w is None and given_h is None:
        return info.width, info.height
    if given_w is not None and given_h is None and given_w.strip().isdigit():
        w = int(given_w)
        return w, max(1, round(w * info.height / info.width))
    if given_h is not None and given_w is None and given_h.strip().isdigit():
        h = int(given_h)
        return max(1, round(h * info.width / info.height)), h
    return None, None


def _quote(value: str) -> str:
    return html.escape(value, quote=True)
