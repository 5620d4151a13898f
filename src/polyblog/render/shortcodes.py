"""Shortcode templates (the site's `layouts/shortcodes/`, the theme's `templates/shortcodes/`, then
the bundled default theme's built-ins) for the expander, which only knows `ShortcodeTemplates`."""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from typing import Any

import jinja2
from jinja2 import meta

from polyblog.errors import SourcePos, Warning_
from polyblog.markup import RenderedBody
from polyblog.render.env import PACKAGE_THEMES, environment, pick_template, render_template
from polyblog.render.pages import RenderContext, helpers, site_view

FOLDER = "shortcodes"
BUILTIN_DIR = PACKAGE_THEMES / "default" / "templates"
# the first line of a shortcode `blog import hugo` could not translate from Go templates
STUB_MARKER = "{#- polyblog: unported Hugo shortcode"


def stub_warnings(template_dirs: tuple[str, ...], site_root: Path) -> list[Warning_]:
    """One warning per shortcode template that is an import stub (it renders only its inner
    content until someone ports it)."""
    out: list[Warning_] = []
    for folder in template_dirs:
        path = Path(folder) / FOLDER
        if not path.is_dir() or not path.absolute().is_relative_to(site_root.absolute()):
            continue
        for file in sorted(path.glob("*.html")):
            try:
                with file.open(encoding="utf-8", errors="replace") as handle:
                    head = handle.read(len(STUB_MARKER))
            except OSError:
                continue
            if head == STUB_MARKER:
                shown = file.absolute().relative_to(site_root.absolute()).as_posix()
                out.append(
                    Warning_(
                        f"shortcode {file.stem!r} is an unported stub from `blog import hugo`: "
                        "it shows only its inner content (see docs/migrating-from-hugo.md)",
                        SourcePos(shown, 1),
                    )
                )
    return out


class JinjaShortcodes:
    """Implements `polyblog.shortcodes.expand.ShortcodeTemplates` with the one Jinja env.

    A name found in the site's or theme's folders is theirs (it replaces a built-in of the same
    name entirely); the bundled default theme's shortcodes are always there as the fallback."""

    def __init__(self, ctx: RenderContext, template_dirs: tuple[str, ...]) -> None:
        self.ctx = ctx
        self.template_dirs = template_dirs
        self._helpers: dict[str, dict[str, Any]] = {}
        self._variables: dict[str, frozenset[str]] = {}
        self._builtins: dict[str, bool] = {}

    @cached_property
    def _own(self) -> dict[str, Path]:
        """Names found in the site's and theme's folders -> the file that wins."""
        found: dict[str, Path] = {}
        for folder in self.template_dirs:
            path = Path(folder) / FOLDER
            if path.is_dir():
                for file in sorted(path.glob("*.html")):
                    found.setdefault(file.stem, file)
        return found

    @cached_property
    def _builtin(self) -> frozenset[str]:
        path = BUILTIN_DIR / FOLDER
        return frozenset(p.stem for p in path.glob("*.html")) if path.is_dir() else frozenset()

    @cached_property
    def _names(self) -> frozenset[str]:
        return frozenset(self._own) | self._builtin

    def names(self) -> frozenset[str]:
        return self._names

    def is_builtin(self, name: str) -> bool:
        """Whether `name` runs polyblog's own built-in template (and so its argument rules);
        decided once per name (every call asks)."""
        found = self._builtins.get(name)
        if found is None:
            found = self._builtins[name] = self._is_builtin(name)
        return found

    def _is_builtin(self, name: str) -> bool:
        own = self._own.get(name)
        if own is None:
            return name in self._builtin
        builtin = BUILTIN_DIR / FOLDER / f"{name}.html"
        try:  # the bundled file itself, or a copy of it (a site that copied the default theme)
            return own.resolve() == builtin.resolve() or own.read_bytes() == builtin.read_bytes()
        except OSError:
            return False

    def variables(self, name: str) -> frozenset[str]:
        """The context variables template `name` reads (`inner`, `inner_html`, ...)."""
        if name not in self._variables:
            template = self._template(name)
            env = template.environment
            source = env.loader.get_source(env, template.name or "")[0] if env.loader else ""
            try:
                found = meta.find_undeclared_variables(env.parse(source))
            except jinja2.TemplateSyntaxError:
                found = set()
            self._variables[name] = frozenset(found)
        return self._variables[name]

    def _template(self, name: str) -> jinja2.Template:
        if name in self._own or name not in self._builtin:
            return pick_template(self.ctx.env, (f"{FOLDER}/{name}.html",))
        env = environment((str(BUILTIN_DIR),), (PACKAGE_THEMES,))
        return pick_template(env, (f"{FOLDER}/{name}.html",))

    def render(self, name: str, context: dict[str, Any], lang: str) -> str:
        template = self._template(name)
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
