"""Shortcode templates (`layouts/shortcodes/`, the theme's `templates/shortcodes/`) for the
expander, which only knows the `ShortcodeTemplates` protocol."""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from typing import Any

from polyblog.markup import RenderedBody
from polyblog.render.env import pick_template, render_template
from polyblog.render.pages import RenderContext, helpers, site_view

FOLDER = "shortcodes"


class JinjaShortcodes:
    """Implements `polyblog.shortcodes.expand.ShortcodeTemplates` with the one Jinja env."""

    def __init__(self, ctx: RenderContext, template_dirs: tuple[str, ...]) -> None:
        self.ctx = ctx
        self.template_dirs = template_dirs
        self._helpers: dict[str, dict[str, Any]] = {}

    @cached_property
    def _names(self) -> frozenset[str]:
        names: set[str] = set()
        for folder in self.template_dirs:
            path = Path(folder) / FOLDER
            if path.is_dir():
                names |= {p.stem for p in path.glob("*.html")}
        return frozenset(names)

    def names(self) -> frozenset[str]:
        return self._names

    def render(self, name: str, context: dict[str, Any], lang: str) -> str:
        template = pick_template(self.ctx.env, (f"{FOLDER}/{name}.html",))
        if lang not in self._helpers:
            home = self.ctx.site.home(lang)
            self._helpers[lang] = {"site": site_view(self.ctx, home), **helpers(self.ctx, lang)}
        full = {**self._helpers[lang], **context}
        return render_template(template, full, str(context.get("position", name))).strip()

    def fill_cards(self, text: str, body: RenderedBody) -> str:
        """Put each `article` card in, with the linked page's own summary and reading time."""
        for card in body.cards:
            if card.marker not in text:
                continue
            views = self.ctx.views
            views.note("m", card.target)
            views.note("S", card.target)
            target = self.ctx.site.pages[card.target]
            rendered = views.bodies.get(card.target)
            description = target.source.description if target.source else ""
            info = {
                **card.context["target"],
                "summary": description or (rendered.plain_summary if rendered else ""),
                "reading_time": rendered.reading_time if rendered else 0,
            }
            html = self.render("article", {**card.context, "target": info}, card.context["lang"])
            text = text.replace(card.marker, html)
        return text
