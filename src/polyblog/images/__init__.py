"""Responsive images: which bundle and static images a site shows, their sizes, their WebP/AVIF
derivatives (cached in the build cache's `images/` folder), and the `<img srcset>` rewrite of pages.

`image_files` is what the orchestrator writes; `responsive_html` is its pass over each page.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from pathlib import Path

from polyblog.images.html import responsive_html
from polyblog.images.plan import (
    Body,
    ImagePlan,
    SourceImage,
    cached_plan,
    plan_images,
    social_card_url,
)
from polyblog.site import PageKey, Site


def image_files(
    site: Site,
    bodies: Mapping[PageKey, Body],
    cache_dir: Path | None,
    jobs: int | None = None,
    taken: Collection[str] = (),
    keep: bool = True,
) -> list[tuple[str, bytes | Path]]:
    """`images.files.image_files`, imported when a page shows an image: it loads Pillow,
    which a build of a site without images never needs (nor its search for an AVIF writer,
    which loads every plugin)."""
    if not site.config.images.enabled or not cached_plan(site, bodies).images:
        return []
    from polyblog.images.files import image_files as made

    return made(site, bodies, cache_dir, jobs, taken, keep)


__all__ = [
    "ImagePlan",
    "SourceImage",
    "cached_plan",
    "image_files",
    "plan_images",
    "responsive_html",
    "social_card_url",
]
