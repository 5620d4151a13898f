"""The render environment: an immutable value (the site, its templates, strings, menus and,
for the second phase, every body) and the per-process renderer built lazily from it.

Workers receive the environment through the pool's initializer (`polyblog.engine.pool`); the
functions here render one body or one part of a page from it and are pure but for their writes
into the staging folder.
"""

from __future__ import annotations

import contextlib
import dataclasses
import gc
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from polyblog.config import Config
from polyblog.errors import BlogError, SourcePos, Warning_
from polyblog.i18n import Catalog, missing_strings
from polyblog.images import cached_plan, responsive_html
from polyblog.links import walk_files
from polyblog.markup import RenderedBody, highlight_options, render_markdown
from polyblog.output import digest, replace_file
from polyblog.render.env import PACKAGE_THEMES, environment, link_warnings, template_dirs, theme_dir
from polyblog.render.menus import Menus, site_menus
from polyblog.render.pages import Part, RenderContext, carry, layout_warnings, render_part
from polyblog.render.relative import relative_urls
from polyblog.render.shortcodes import FOLDER as SHORTCODE_FOLDER
from polyblog.render.shortcodes import JinjaShortcodes, stub_warnings
from polyblog.render.theme_params import theme_warnings
from polyblog.render.views import Read, Views
from polyblog.shortcodes.expand import Expander
from polyblog.shortcodes.parse import Node
from polyblog.site import PageKey, Site

Unit = tuple[PageKey, Part]  # one separately rendered part of a page: (key, part)
BodyReads = frozenset[tuple[str, str]]  # the page lookups a body's shortcodes made


@dataclass(frozen=True, slots=True, kw_only=True)
class RenderEnv:
    """Everything a body or a part renders from, besides its key. Immutable: the second phase
    gets a copy with the bodies (`with_bodies`), never a mutated one."""

    site: Site
    template_dirs: tuple[str, ...]
    i18n_dirs: tuple[Path, ...]
    roots: tuple[Path, ...]  # templates and i18n files must resolve inside these
    catalog: Catalog
    menus: Menus
    theme: Path
    live_reload: bool = False
    relative_urls: bool = False  # `--relative-urls`: applied as each HTML file is written
    bodies: Mapping[PageKey, RenderedBody] = field(default_factory=dict)
    staging: Path | None = None  # parts are written here as they are rendered
    # what each part read goes back with it (for the next render's plan); a build that keeps
    # no engine state for later (`--no-cache`) does without: fewer bytes from each worker
    keep_reads: bool = True

    def with_bodies(
        self, bodies: Mapping[PageKey, RenderedBody], staging: Path | None
    ) -> RenderEnv:
        return dataclasses.replace(self, bodies=bodies, staging=staging)


@dataclass(frozen=True, slots=True, kw_only=True)
class Theme:
    """What the templates, strings and config give every render, and their warnings: made once
    per template generation (`make_theme`), kept while only content changes."""

    theme: Path
    template_dirs: tuple[str, ...]
    i18n_dirs: tuple[Path, ...]
    roots: tuple[Path, ...]
    catalog: Catalog
    warnings: tuple[Warning_, ...]  # links, shortcode stubs, missing strings
    late_warnings: tuple[Warning_, ...]  # theme params (reported after the menus')


def make_theme(source: Path, config: Config, *, catalog: Catalog | None = None) -> Theme:
    """The theme, template folders and strings of a site, and their warnings."""
    theme = theme_dir(source, config.theme)
    if theme is None:
        local = source / "themes" / config.theme
        note = f" (themes/{config.theme} points outside the site folder)" if local.exists() else ""
        raise BlogError(
            f"theme: no theme {config.theme!r} in themes/ or bundled with polyblog{note}",
            SourcePos("blog.yaml"),
        )
    warnings = link_warnings(source, config.theme, theme, config.layouts_dir)
    dirs = template_dirs(source, theme, config.layouts_dir)
    warnings += stub_warnings(dirs, source)
    # the bundled theme's strings first: the built-in shortcodes use them under any theme
    i18n_dirs = tuple(
        dict.fromkeys((PACKAGE_THEMES / "default" / "i18n", theme / "i18n", source / "i18n"))
    )
    roots = (source, PACKAGE_THEMES.resolve())
    if catalog is None:
        catalog = Catalog.load(i18n_dirs, roots)
    shown = f"themes/{config.theme}/" if theme.is_relative_to(source) else "the bundled theme"
    warnings += missing_strings(catalog, config, source / "i18n", theme / "i18n", shown)
    return Theme(
        theme=theme,
        template_dirs=dirs,
        i18n_dirs=i18n_dirs,
        roots=roots,
        catalog=catalog,
        warnings=tuple(warnings),
        late_warnings=tuple(theme_warnings(config)),
    )


def make_env(
    source: Path,
    site: Site,
    warnings: list[Warning_],
    *,
    live_reload: bool = False,
    relative: bool = False,
    theme: Theme | None = None,
    keep_reads: bool = True,
) -> RenderEnv:
    """The render environment of a site, its warnings added to `warnings`; `theme` (from
    `make_theme`) is made here unless given."""
    if theme is None:
        theme = make_theme(source, site.config)
    resolved, menu_warnings = site_menus(site)
    env = RenderEnv(
        site=site,
        template_dirs=theme.template_dirs,
        i18n_dirs=theme.i18n_dirs,
        roots=theme.roots,
        catalog=theme.catalog,
        menus=resolved,
        theme=theme.theme,
        live_reload=live_reload,
        relative_urls=relative,
        keep_reads=keep_reads,
    )
    warnings += theme.warnings
    warnings += menu_warnings
    warnings += theme.late_warnings
    warnings += layout_warnings(site, Renderer(env).templates())
    return env


class Renderer:
    """One process's renderer for one `RenderEnv`: the Jinja environment, the views and the
    shortcode templates, built when first needed and then reused for every key."""

    def __init__(self, env: RenderEnv) -> None:
        self.env = env
        self._ctx: RenderContext | None = None
        self._shortcodes: JinjaShortcodes | None = None

    def templates(self) -> jinja2.Environment:
        return environment(self.env.template_dirs, self.env.roots, self.env.site.config.layouts_dir)

    def context(self) -> RenderContext:
        if self._ctx is None:
            env = self.env
            views = Views(env.site, env.bodies, finish=self._fill_cards)
            self._ctx = RenderContext(
                site=env.site,
                views=views,
                env=self.templates(),
                catalog=env.catalog,
                live_reload=env.live_reload,
                menus=env.menus,
            )
        return self._ctx

    def carry(self, previous: Renderer, changed: Collection[Read]) -> None:
        """Reuse what `previous` (the last model's renderer, same templates) made that none of
        the `changed` reads touch: page views, page HTML, list cards."""
        if previous._ctx is not None:
            carry(self.context(), previous._ctx, changed)

    def shortcodes(self) -> JinjaShortcodes:
        if self._shortcodes is None:
            self._shortcodes = JinjaShortcodes(self.context(), self.env.template_dirs)
        return self._shortcodes

    def _fill_cards(self, text: str, body: RenderedBody) -> str:
        return self.shortcodes().fill_cards(text, body)

    def warm(self) -> None:
        """Compile the page templates, load the strings and plan the images before forking:
        workers inherit them instead of each making its own; freeze the heap so the collector
        skips it.
        Shortcode templates (a theme has dozens, a site uses a few) are compiled where first
        called."""
        ctx = self.context()
        for name in ctx.env.list_templates(extensions=["html", "xml", "txt", "json"]):
            if name.startswith(SHORTCODE_FOLDER + "/"):
                continue
            with contextlib.suppress(Exception):  # a broken template is reported where used
                ctx.env.get_template(name)
        self.shortcodes().names()
        if self.env.bodies and self.env.site.config.images.enabled:
            # the image plan reads every body: made once here, not once per worker (where
            # touching every body also copies its memory)
            cached_plan(self.env.site, self.env.bodies)
        gc.freeze()

    # -- the work ------------------------------------------------------------------------------

    def body(self, key: PageKey) -> tuple[PageKey, RenderedBody, BodyReads]:
        """A page's body, and which other pages its shortcodes looked up."""
        site = self.env.site
        page = site.pages[key]
        src = page.source
        assert src is not None
        config = site.config
        expander = Expander(
            site=site,
            page=page,
            body=src.body,
            body_line=src.body_line,
            templates=self.shortcodes(),
            render_fragment=_no_fragment,
            highlight=highlight_options,
        )
        body = render_markdown(
            src.body,
            page.lang,
            config.markup,
            src.summary,
            config.summary_length,
            expander,
            base_path=config.base_path,
            markup=src.markup,
        )
        return key, body, frozenset(expander.reads)

    def part(self, unit: Unit) -> tuple[Unit, list[tuple[str, bytes]], frozenset[Read]]:
        """Render one part and what it read (nothing without `keep_reads`); with a staging
        folder, write its files there and return their digests instead of their bytes."""
        ctx = self.context()
        views = ctx.views
        outer = views.start_reads()
        try:
            files = render_part(ctx, unit[0], unit[1])
        finally:
            reads = views.end_reads(outer)
        files = [(rel, self.finish(rel, data)) for rel, data in files]
        staging = self.env.staging
        if staging is not None:
            for rel, data in files:
                replace_file(staging, rel, data)
            files = [(rel, digest(data)) for rel, data in files]
        return unit, files, frozenset(reads) if self.env.keep_reads else _NO_READS

    def finish(self, rel: str, data: bytes) -> bytes:
        """The one pass over generated HTML files before they are written: responsive images,
        then `--relative-urls`."""
        if rel.endswith(".html"):
            data = responsive_html(self.env.site, self.env.bodies, rel, data)
            if self.env.relative_urls:
                return relative_urls(data, rel, self.env.site.config.base_path)
        return data


_NO_READS: frozenset[Read] = frozenset()


def _no_fragment(nodes: list[Node], raw: str) -> str:  # the Markdown stage supplies its own
    return raw


def source_dirs(config: Config) -> list[Path]:
    """The site folders a destination must never be, or be inside (build and serve)."""
    root = config.root
    # layouts/ even when `layouts_dir` is another folder: a Hugo site's own templates live there
    names = [config.content_dir, "static", config.layouts_dir, "layouts", "themes", "i18n",
             "archetypes", "data"]  # fmt: skip
    dirs = [root / name for name in dict.fromkeys(names)]
    dirs += [root / lang.content_dir for lang in config.languages if lang.content_dir]
    return dirs


def copy_plan(
    site: Site,
    theme: Path,
    source: Path,
    generated: set[str],
    warnings: list[Warning_],
    unused: tuple[str, ...] = (),
) -> list[tuple[str, tuple[Path, str]]]:
    """The files copied as they are: (output file, (file, origin for messages)) for bundle
    resources, then the site's `static/` over the theme's. Generated files win: a resource on
    a page's URL is an error, a static file under one a warning. Theme files under `unused`
    prefixes (assets no page needs, e.g. the diagram library) are left out."""
    plan: dict[str, tuple[Path, str]] = {}
    for page in site.pages.values():
        for res, out in page.resources:
            rel = out.lstrip("/")
            if rel in generated:
                raise BlogError(f"bundle file {res} has the URL of a page", SourcePos(res))
            plan.setdefault(rel, (source / res, res))
    site_static = source / "static"
    for folder in (site_static, theme / "static"):  # the site's static wins
        for path, rel in _static_files(folder, source, warnings):
            if folder != site_static and rel.startswith(unused):
                continue
            origin = path.relative_to(source).as_posix() if path.is_relative_to(source) else ""
            if rel in generated:
                if folder == site_static:
                    warnings.append(
                        Warning_(
                            f"static file {rel} is replaced by a generated page", SourcePos(origin)
                        )
                    )
                continue
            plan.setdefault(rel, (path, origin))
    return list(plan.items())


def _static_files(
    folder: Path, site_root: Path, warnings: list[Warning_]
) -> Iterable[tuple[Path, str]]:
    """Files under a static folder; in the site, symlinks leaving it are skipped and reported."""
    in_site = folder.absolute().is_relative_to(site_root)  # where it is, not where it points
    root = site_root if in_site else folder  # the bundled theme's folder checks itself
    for path in walk_files(folder, root, warnings, shown_from=site_root):
        yield path, path.relative_to(folder).as_posix()
