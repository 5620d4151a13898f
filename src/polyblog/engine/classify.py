"""Change classification: what the paths an edit touched mean for the engine, before anything
is read. `blog.yaml` means everything again; a template, a string file or a theme file means
every part again (and bodies too when shortcodes or strings changed); an image means every part
again (its size is written into the pages that show it); the rest is content and static files,
which the dependency diff (`engine.diff`) follows. Pure.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".webp", ".avif", ".gif", ".svg")
TEMPLATE_DIRS = ("i18n",)  # and the config's `layouts_dir`, and themes but their `static/`


@dataclass(frozen=True, slots=True)
class Classified:
    """One edit, classified."""

    reason: str  # what changed, for the terminal line
    config: bool  # `blog.yaml`: read and render everything again
    templates: tuple[str, ...]  # every part again with the new templates
    images: tuple[str, ...]  # every part again (sizes), bodies kept
    bodies_too: bool  # a template that bodies read (shortcodes, strings): bodies again too
    outputs_lost: bool  # the output folder changed by hand: every part written again

    @property
    def full(self) -> bool:
        """Every part is rendered again (bodies kept unless `bodies_too`)."""
        return bool(self.templates or self.images or self.outputs_lost)


def classify(rels: Sequence[str], layouts_dir: str, outputs_lost: bool = False) -> Classified:
    """`rels`: the touched paths relative to the site folder ("" for one outside it)."""
    reason = ", ".join(r for r in rels if r) or ("output changed" if outputs_lost else "")
    templates = tuple(rel for rel in rels if rel and is_template(rel, layouts_dir))
    return Classified(
        reason=reason or "nothing changed",
        config="blog.yaml" in rels,
        templates=templates,
        images=tuple(rel for rel in rels if rel.lower().endswith(IMAGE_SUFFIXES)),
        bodies_too=any(touches_bodies(rel) for rel in templates),
        outputs_lost=outputs_lost,
    )


def is_template(rel: str, layouts_dir: str) -> bool:
    """The site's `layouts_dir`, `i18n/`, or a theme's files other than its `static/`."""
    parts = rel.split("/")
    if parts[0] == "themes":
        return not (len(parts) > 2 and parts[2] == "static")
    return parts[0] in TEMPLATE_DIRS or rel == layouts_dir or rel.startswith(layouts_dir + "/")


def touches_bodies(rel: str) -> bool:
    """Shortcode templates and translations can change rendered bodies; other templates can't."""
    parts = rel.split("/")
    return "shortcodes" in parts or "i18n" in parts or len(parts) < 3
