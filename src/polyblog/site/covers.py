"""A page's images, the first of which is its cover: the one rule for social cards, list cards
and `article` cards.

The front matter's `images` first (site paths; outside URLs are not this site's images), then
the bundle's image files whose names start with `featured`, `cover` or `thumbnail` (Hugo
themes' convention), in bundle order.
"""

from __future__ import annotations

from polyblog.site.model import Page

COVER_PREFIXES = ("featured", "cover", "thumbnail")
IMAGE_EXTS = (".png", ".jpg", ".jpeg", ".webp", ".avif", ".gif", ".svg")


def page_images(page: Page) -> list[str]:
    """Site paths of the page's images, the cover first."""
    found: list[str] = []
    raw = page.params.get("images")  # inherited from the original when configured
    if isinstance(raw, str):
        raw = [raw]
    if isinstance(raw, list):
        for item in raw:
            text = str(item)
            if text.startswith(("http://", "https://", "//")) or ":" in text.split("/")[0]:
                continue  # external (or another scheme): not an image of this site
            found.append(text if text.startswith("/") else page.path + text)
    for _res, out in page.resources:
        name = out.rsplit("/", 1)[-1].lower()
        if name.startswith(COVER_PREFIXES) and name.endswith(IMAGE_EXTS):
            found.append(out)
    return found


def cover(page: Page) -> str | None:
    """The site path of the page's cover image, if it has one."""
    images = page_images(page)
    return images[0] if images else None
