"""Responsive images: which bundle and static images a site shows, their sizes, their WebP/AVIF
derivatives (cached in the build cache's `images/` folder), and the `<img srcset>` rewrite of pages.

`image_files` is what the orchestrator writes; `responsive_html` is its pass over each page.
"""

from polyblog.images.files import image_files
from polyblog.images.html import responsive_html
from polyblog.images.plan import (
    ImagePlan,
    SourceImage,
    cached_plan,
    plan_images,
    social_card_url,
)

__all__ = [
    "ImagePlan",
    "SourceImage",
    "cached_plan",
    "image_files",
    "plan_images",
    "responsive_html",
    "social_card_url",
]
