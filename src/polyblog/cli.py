"""The `blog` command; the only module that prints. Errors print as `path:line: message`."""

from __future__ import annotations

import atexit
import contextlib
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from types import FrameType
from typing import Any, ClassVar, NoReturn

import click

from polyblog import __version__
from polyblog.build import BuildRequest, BuildResult, build
from polyblog.errors import BlogError, ErrorList, SourcePos, Warning_, source_line
from polyblog.render.env import PACKAGE_THEMES
from polyblog.site import BuildOptions


def _where(pos: SourcePos, root: Path | None) -> SourcePos:
    """Show paths inside the site relative to it, and bundled theme files by theme name."""
    path = Path(pos.path)
    if not path.is_absolute():
        return pos
    for base in (root, PACKAGE_THEMES.parent):
        if base is not None and path.is_relative_to(base):
            return replace(pos, path=path.relative_to(base).as_posix())
    return pos


def _format_error(exc: BlogError, root: Path | None) -> str:
    where = _where(exc.pos, root) if exc.pos else None
    text = f"{where}: error: {exc.message}" if where else f"error: {exc.message}"
    if exc.pos and exc.pos.line:
        line = source_line(exc.pos, root)
        if line is not None:
            line, col = _clip(line, exc.pos.col)
            caret = " " * (max(col, 1) - 1) + "^" if col else ""
            text += f"\n    {line}" + (f"\n    {caret}" if caret else "")
    return text


def _clip(line: str, col: int, width: int = 120) -> tuple[str, int]:
    """At most `width` characters of a long source line, around the column shown."""
    if len(line) <= width:
        return line, col
    start = max(0, min(col - width // 2, len(line) - width)) if col else 0
    head = "…" if start else ""
    tail = "…" if start + width < len(line) else ""
    return head + line[start : start + width] + tail, col - start + len(head) if col else 0


class ProgressLine:
    """`blog build`'s progress on a terminal: after `delay` seconds, one line redrawn at most
    every `interval` seconds (stage, a bar, pages done of total), erased when the build ends so
    that the summary (or the errors) take its place."""

    WIDTH = 24
    LABELS: ClassVar[dict[str, str]] = {"markdown": "Markdown", "pages": "Pages"}

    def __init__(
        self,
        stream: Any,
        clock: Callable[[], float] = time.monotonic,
        delay: float = 1.0,
        interval: float = 0.1,
    ) -> None:
        self.stream = stream
        self.clock = clock
        self.start = clock()
        self.delay = delay
        self.interval = interval
        self.last = float("-inf")
        self.shown = False

    @staticmethod
    def wanted(quiet: bool) -> bool:
        """On a terminal only: never with --quiet, in CI or when stderr is a file or pipe."""
        env = os.environ
        return not quiet and sys.stderr.isatty() and not env.get("CI") and env.get("TERM") != "dumb"

    def __call__(self, stage: str, done: int, total: int) -> None:
        now = self.clock()
        if now - self.start < self.delay:
            return
        if done < total and now - self.last < self.interval:
            return
        self.last = now
        filled = self.WIDTH * done // total if total else self.WIDTH
        bar = "#" * filled + "-" * (self.WIDTH - filled)
        label = self.LABELS.get(stage, stage)
        self.stream.write(f"\r{label:<9} [{bar}] {done}/{total}\x1b[K")
        self.stream.flush()
        self.shown = True

    def finish(self) -> None:
        if self.shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self.shown = False


def plural(count: int, word: str, many: str | None = None) -> str:
    """`1 warning`, `2 warnings` (`many` for irregular plurals: `1 body`, `2 bodies`)."""
    return f"{count} {word if count == 1 else many or word + 's'}"


Closing = str | Callable[[int], str]  # the line after the errors, given their number


def build_closing(previous: bool) -> Callable[[int], str]:
    """The line after a failed build's errors: says whether an earlier output is still there."""
    outcome = "the previous output was left as it was" if previous else "nothing was written"
    return lambda n: f"Build failed; {outcome}." if n == 1 else f"{n} errors; {outcome}."


def _fail(errors: list[BlogError], root: Path | None, closing: Closing | None = None) -> NoReturn:
    for exc in errors:
        click.echo(_format_error(exc, root), err=True)
    if closing is None:
        closing = build_closing(previous=False)
    text = closing(len(errors)) if callable(closing) else closing.format(count=len(errors))
    click.echo(text, err=True)
    sys.exit(1)


def _by_position(exc: BlogError) -> tuple[str, int, int, str]:
    """Errors in file order: by path, then line and column as numbers (9 before 10)."""
    pos = exc.pos or SourcePos("")
    return (pos.path, pos.line, pos.col, exc.message)


def _on_term(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def run_guarded(
    debug: bool,
    root: Path | None,
    fn: Callable[[], Any],
    summary: Closing | None = None,
    interrupted: str = "Interrupted.",
) -> Any:
    """Run a command body; user errors become messages and exit 1, never a traceback.
    `summary` (a text with `{count}`, or a function of the count) is the closing line after
    the errors; `interrupted` the line after Ctrl+C or SIGTERM."""
    previous = signal.signal(signal.SIGTERM, _on_term)
    try:
        return fn()
    except ErrorList as exc:
        if debug:
            raise
        _fail(sorted(exc.errors, key=_by_position), root, summary)
    except BlogError as exc:
        if debug:
            raise
        _fail([exc], root, summary)
    except KeyboardInterrupt:
        click.echo(interrupted, err=True)
        sys.exit(130)
    finally:
        signal.signal(signal.SIGTERM, previous)


class _Blog(click.Group):
    """The `blog` group: click's own mistakes (an unknown option, a missing argument) print as
    `error: message` like every other error, after the usage line."""

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        quiet: bool = False  # click handles its errors itself when not standalone
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, quiet, **extra)
        try:
            code = super().main(args, prog_name, complete_var, quiet, **extra)
        except click.ClickException as exc:
            _show_click_error(exc)
            sys.exit(exc.exit_code)
        except click.Abort:
            click.echo("Interrupted.", err=True)
            sys.exit(1)
        sys.exit(code if isinstance(code, int) else 0)


def _show_click_error(exc: click.ClickException) -> None:
    ctx = exc.ctx if isinstance(exc, click.UsageError) else None
    if ctx is not None:
        click.echo(ctx.get_usage(), err=True)
        if ctx.command.get_help_option(ctx) is not None:
            click.echo(f"Try '{ctx.command_path} {ctx.help_option_names[0]}' for help.", err=True)
    click.echo(f"error: {exc.format_message()}", err=True)


# options several commands share
source_option = click.option(
    "--source",
    "-s",
    type=click.Path(file_okay=False, path_type=Path),
    default=".",
    show_default=True,
    help="Site folder (with blog.yaml).",
)
drafts_option = click.option("--drafts", "-D", is_flag=True, help="Include drafts.")
future_option = click.option(
    "--future", "-F", is_flag=True, help="Include pages dated in the future."
)
expired_option = click.option(
    "--expired", "-E", is_flag=True, help="Include pages past their expiryDate."
)
base_url_option = click.option(
    "--base-url",
    "-b",
    default=None,
    envvar="BLOG_BASE_URL",
    help="Override base_url (also BLOG_BASE_URL).",
)
jobs_option = click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    default=None,
    help="Worker processes [default: CPU count].",
)
debug_option = click.option("--debug", is_flag=True, help="Show tracebacks.")
no_cache_option = click.option(
    "--no-cache", is_flag=True, help="Build everything; neither read nor write the cache."
)
cache_dir_option = click.option(
    "--cache-dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    envvar="BLOG_CACHE_DIR",
    help="The cache folder [default: SOURCE/.blog-cache; also BLOG_CACHE_DIR].",
)


@click.group(cls=_Blog)
@click.version_option(__version__, prog_name="blog")
def main() -> None:
    """polyblog: multilingual static blogs from Hugo-style Markdown content."""


def _summary(result: BuildResult, verbose: bool) -> str:
    lines = []
    total = 0
    for lang, kinds in result.pages.items():
        count = sum(kinds.values())
        total += count
        detail = ", ".join(f"{n} {kind}" for kind, n in sorted(kinds.items()))
        pages = plural(count, "page")
        lines.append(f"  {lang}: {pages} ({detail})" if verbose else f"  {lang}: {pages}")
    terms = ", ".join(f"{n} {tax}" for tax, n in sorted(result.terms.items()))
    head = (
        f"Built {plural(total, 'page')} in {plural(len(result.pages), 'language')}, "
        f"{plural(result.files, 'file')}, in {result.seconds * 1000:.0f} ms -> "
        f"{result.destination}"
    )
    out = [head, *lines]
    if terms:
        out.append(f"  terms: {terms}")
    if verbose:
        out.append("  " + ", ".join(f"{k} {v * 1000:.0f} ms" for k, v in result.timings.items()))
        if result.cache:
            out.append(f"  cache: {result.cache}")
    return "\n".join(out)


@main.command("build")
@source_option
@click.option(
    "--destination",
    "-d",
    type=click.Path(path_type=Path),
    default=None,
    help="Output folder [default: SOURCE/public].",
)
@drafts_option
@future_option
@expired_option
@base_url_option
@jobs_option
@click.option("--strict", is_flag=True, help="Fail on warnings.")
@click.option(
    "--relative-urls",
    is_flag=True,
    help="Links relative to each page, so the output can be opened from disk.",
)
@click.option("--quiet", "-q", is_flag=True, help="Print only errors.")
@click.option(
    "--verbose", "-v", is_flag=True, help="Print pages per kind, stage timings and cache use."
)
@no_cache_option
@cache_dir_option
@debug_option
def build_command(
    source: Path,
    destination: Path | None,
    drafts: bool,
    future: bool,
    expired: bool,
    base_url: str | None,
    jobs: int | None,
    strict: bool,
    relative_urls: bool,
    quiet: bool,
    verbose: bool,
    no_cache: bool,
    cache_dir: Path | None,
    debug: bool,
) -> None:
    """Build the site into DESTINATION (atomically: a failed build changes nothing). With the
    cache (SOURCE/.blog-cache), only what changed since the last build is rendered again."""
    from polyblog.check.staged import content_link_warnings

    request = BuildRequest(
        source=source,
        destination=destination,
        options=BuildOptions(drafts=drafts, future=future, expired=expired),
        base_url=base_url or None,
        jobs=jobs,
        strict=strict,
        relative_urls=relative_urls,
        inspect=content_link_warnings,
        cache=not no_cache,
        cache_dir=cache_dir,
    )
    progress = ProgressLine(sys.stderr) if ProgressLine.wanted(quiet) else None
    if progress is not None:
        request = replace(request, progress=progress)

    def run() -> BuildResult:
        try:
            return build(request)
        finally:
            if progress is not None:
                progress.finish()

    root = source.resolve()
    previous = _has_output((destination or source / "public").resolve())
    outcome = "the previous output was left as it was" if previous else "nothing was written"
    result: BuildResult = run_guarded(
        debug, root, run, build_closing(previous), f"Interrupted; {outcome}."
    )
    _print_warnings(result.warnings, root)
    if not quiet:
        click.echo(_summary(result, verbose))


def _has_output(folder: Path) -> bool:
    """Whether an earlier build left files in the destination (for the closing line)."""
    try:
        return folder.is_dir() and any(folder.iterdir())
    except OSError:
        return False


def _print_finding(severity: str, message: str, pos: SourcePos | None, root: Path) -> None:
    """`path:line: error: message` and the offending line, like build errors."""
    where = _where(pos, root) if pos else None
    text = f"{where}: {severity}: {message}" if where else f"{severity}: {message}"
    line = source_line(pos, root) if pos and pos.line else None
    if line is not None:
        text += f"\n    {line}"
    click.echo(text, err=True)


@main.command("check")
@source_option
@click.option(
    "--destination",
    "-d",
    type=click.Path(path_type=Path),
    default=None,
    help="Keep the checked output there [default: a temporary folder].",
)
@drafts_option
@future_option
@expired_option
@base_url_option
@click.option("--external", is_flag=True, help="Check links to other sites too (network).")
@click.option(
    "--timeout",
    type=click.FloatRange(min=0.1),
    default=10.0,
    show_default=True,
    help="Seconds per outside link (with --external).",
)
@jobs_option
@no_cache_option
@cache_dir_option
@debug_option
def check_command(
    source: Path,
    destination: Path | None,
    drafts: bool,
    future: bool,
    expired: bool,
    base_url: str | None,
    external: bool,
    timeout: float,
    jobs: int | None,
    no_cache: bool,
    cache_dir: Path | None,
    debug: bool,
) -> None:
    """Build the site (into a temporary folder) and check it: broken links, anchors and
    images, hreflang and language switcher, duplicate titles, empty summaries. Exits 1 on
    errors, 0 with warnings only."""
    from polyblog.check import CheckReport, CheckRequest, run_check

    request = CheckRequest(
        source=source,
        options=BuildOptions(drafts=drafts, future=future, expired=expired),
        base_url=base_url or None,
        destination=destination,
        jobs=jobs,
        external=external,
        timeout=timeout,
        cache=not no_cache,
        cache_dir=cache_dir,
    )
    root = source.resolve()
    report: CheckReport = run_guarded(
        debug, root, lambda: run_check(request), "Nothing was checked: the site does not load."
    )
    for finding in report.findings:
        _print_finding(finding.severity.value, finding.message, finding.pos, root)
    errors, warnings = len(report.errors), len(report.warnings)
    if not report.built:
        click.echo(
            f"{plural(errors, 'error')}; the site does not build, nothing was checked.", err=True
        )
        sys.exit(1)
    outside = f", {plural(report.external, 'outside link')}" if external else ""
    click.echo(
        f"Checked {plural(report.pages, 'page')}, {plural(report.links, 'link')}{outside} in "
        f"{report.seconds * 1000:.0f} ms: {plural(errors, 'error')}, "
        f"{plural(warnings, 'warning')}"
    )
    if errors:
        sys.exit(1)


@main.group("cache")
def cache_group() -> None:
    """The build cache (SOURCE/.blog-cache): its size, or remove it."""


@cache_group.command("info")
@source_option
@cache_dir_option
def cache_info_command(source: Path, cache_dir: Path | None) -> None:
    """Print what the cache holds and its size."""
    from polyblog.engine.store import DEFAULT_NAME, KEEP, Store

    store = Store((cache_dir or source / DEFAULT_NAME).resolve())
    usage = store.usage()
    if not usage.entries:
        click.echo(f"no cache in {usage.folder}")
        return
    groups: dict[str, tuple[int, int]] = {}
    for rel, size, _mtime in usage.entries:
        group = rel.split("/", 1)[0] if "/" in rel else "(other)"
        files, total = groups.get(group, (0, 0))
        groups[group] = (files + 1, total + size)
    click.echo(f"{usage.folder}: {_size(usage.total)} in {plural(len(usage.entries), 'file')}")
    for group, (files, total) in sorted(groups.items()):
        click.echo(f"  {group}: {_size(total)} in {plural(files, 'file')}")
    click.echo(f"  (the {KEEP} most recently used builds are kept; `blog cache clear` removes all)")


@cache_group.command("clear")
@source_option
@cache_dir_option
def cache_clear_command(source: Path, cache_dir: Path | None) -> None:
    """Remove the cache folder; the next build renders everything."""
    from polyblog.engine.store import DEFAULT_NAME, Store

    store = Store((cache_dir or source / DEFAULT_NAME).resolve())
    freed = store.clear()
    click.echo(
        f"removed {store.folder} ({_size(freed)})" if freed else f"no cache in {store.folder}"
    )


def _size(count: int) -> str:
    for unit in ("bytes", "KiB", "MiB"):
        if count < 1024 or unit == "MiB":
            return f"{count} {unit}" if unit == "bytes" else f"{count:.1f} {unit}"
        count /= 1024  # type: ignore[assignment]
    return f"{count:.1f} GiB"


@main.command("translations")
@source_option
@click.option("--lang", "-l", default=None, help="Only this language's column.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json"]),
    default="table",
    show_default=True,
    help="A table for people, JSON for scripts.",
)
@click.option(
    "--fail-on",
    type=click.Choice(["missing", "stale"]),
    multiple=True,
    help="Exit 1 when a translation is missing or stale (repeatable; for CI).",
)
@click.option(
    "--pin",
    "pins",
    metavar="PATH",
    multiple=True,
    help="Pin this translation (or every translation of this original) to the original as it "
    "is now: rewrites its translation_of line (repeatable).",
)
@debug_option
def translations_command(
    source: Path,
    lang: str | None,
    fmt: str,
    fail_on: tuple[str, ...],
    pins: tuple[str, ...],
    debug: bool,
) -> None:
    """Which pages exist in which languages, which translations are missing or stale."""
    import json

    from polyblog.translations import TranslationReport, translation_report
    from polyblog.translations.formats import as_data, as_table, stale_reasons

    root = source.resolve()
    if pins:
        _pin_translations(source, pins, lang, fmt, debug)
        return

    def run() -> TranslationReport:
        report = translation_report(source)
        if lang is not None and lang not in report.languages:
            known = ", ".join(report.languages)
            raise BlogError(f"--lang: {lang!r} is not a language of the site ({known})")
        return report.only(lang) if lang else report

    report: TranslationReport = run_guarded(debug, root, run, "No report: fix the errors above.")
    if fmt == "json":
        click.echo(json.dumps(as_data(report), ensure_ascii=False, indent=2))
    else:
        click.echo(as_table(report))
        reasons = stale_reasons(report)
        if reasons:
            click.echo("\n" + "\n".join(reasons))
    missing = any(s.missing for s in report.pages)
    stale = any(s.stale for s in report.pages)
    if ("missing" in fail_on and missing) or ("stale" in fail_on and stale):
        sys.exit(1)


def _pin_translations(
    source: Path, pins: tuple[str, ...], lang: str | None, fmt: str, debug: bool
) -> None:
    import json

    from polyblog.translations.pin import Pinned, pin

    def run() -> list[Pinned]:
        return pin(source, pins, lang)

    done: list[Pinned] = run_guarded(debug, source.resolve(), run, "Nothing was pinned.")
    if fmt == "json":
        data = [{"path": d.path, "original": d.original, "old": d.old, "new": d.new,
                 "written": d.written} for d in done]  # fmt: skip
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    for entry in done:
        click.echo(entry.describe())


@main.command("new")
@click.argument("path")
@source_option
@click.option("--lang", "-l", default=None, help="Language [default: the default language].")
@click.option("--bundle", is_flag=True, help="Create PATH/index.md (a page bundle).")
@click.option(
    "--translate",
    is_flag=True,
    help="Create the --lang translation of the page at PATH (draft, pinned to the original).",
)
@click.option(
    "--all-languages",
    is_flag=True,
    help="Create the page in the default language and a translation pinned to it in every "
    "other language (existing files are skipped).",
)
@debug_option
def new_command(
    path: str,
    source: Path,
    lang: str | None,
    bundle: bool,
    translate: bool,
    all_languages: bool,
    debug: bool,
) -> None:
    """Create a content file at PATH (inside the content folder, e.g. posts/my-post) from an
    archetype, or with --translate a translation of an existing page."""
    from polyblog.archetypes import Created, new_page, new_translation

    root = source.resolve()
    if all_languages:
        if lang is not None or translate:
            raise click.UsageError(
                "--all-languages makes every language: not with --lang or --translate"
            )
        _new_all_languages(source, path, bundle, debug)
        return

    def run() -> Created:
        if translate:
            if lang is None:
                raise BlogError("--translate needs --lang (the language to translate into)")
            return new_translation(source, path, lang)
        return new_page(source, path, lang, bundle)

    created: Created = run_guarded(debug, root, run, "Nothing was created.")
    via = f" from {created.archetype}" if created.archetype else ""
    click.echo(f"Created {created.path}{via}")


def _new_all_languages(source: Path, path: str, bundle: bool, debug: bool) -> None:
    from polyblog.archetypes import AllLanguages, new_in_all_languages

    done: AllLanguages = run_guarded(
        debug, source.resolve(), lambda: new_in_all_languages(source, path, bundle),
        "Nothing was created.",
    )  # fmt: skip
    if done.created is not None:
        via = f" from {done.created.archetype}" if done.created.archetype else ""
        click.echo(f"Created {done.created.path}{via}")
    for lang, made in done.translations:
        click.echo(f"Created {made} ({lang}, pinned to {done.original})")
    for existing in done.skipped:
        click.echo(f"Skipped {existing}: it already exists (not overwritten)")
    if not done.anything:
        click.echo("Nothing was created: every language already has this page.", err=True)
        sys.exit(1)


@main.group("import")
def import_group() -> None:
    """Create blog.yaml from another generator's site."""


@import_group.command("hugo")
@source_option
@click.option("--force", is_flag=True, help="Replace blog.yaml and translated shortcodes.")
@click.option("--dry-run", is_flag=True, help="Print blog.yaml and the report; write nothing.")
@debug_option
def import_hugo_command(source: Path, force: bool, dry_run: bool, debug: bool) -> None:
    """Read the Hugo site in SOURCE as it is, write SOURCE/blog.yaml and report what every
    Hugo key became: mapped, approximated or dropped, at its file and line."""
    from polyblog.importer.write import ImportResult, import_hugo

    root = source.resolve()
    result: ImportResult = run_guarded(
        debug, root, lambda: import_hugo(source, force=force, dry_run=dry_run),
        "Nothing was written.",
    )  # fmt: skip
    if dry_run:
        click.echo(result.yaml_text)
    for entry in result.report:
        click.echo(str(entry))
    _print_warnings(result.warnings, root)
    click.echo(result.summary)
    done = "Nothing was written (--dry-run)." if dry_run else "Wrote " + ", ".join(result.written)
    click.echo(done)
    if result.problem is not None:
        click.echo(_format_error(result.problem, root), err=True)
        click.echo("blog.yaml does not load as it is: correct the line above.", err=True)
        sys.exit(1)


def _print_warnings(warnings: Sequence[Warning_], root: Path) -> None:
    for warning in warnings:
        where = _where(warning.pos, root) if warning.pos else None
        click.echo(f"{where}: warning: {warning.message}" if where else
                   f"warning: {warning.message}", err=True)  # fmt: skip


def format_any(exc: BaseException, root: Path | None) -> str:
    """An error as the terminal shows it (used by `blog serve` for the overlay too)."""
    if isinstance(exc, ErrorList):
        errors = sorted(exc.errors, key=_by_position)
        return "\n".join(_format_error(e, root) for e in errors)
    if isinstance(exc, BlogError):
        return _format_error(exc, root)
    return f"internal error: {type(exc).__name__}: {exc} (please report it)"


@main.command("serve")
@source_option
@click.option("--port", "-p", type=click.IntRange(0, 65535), default=1313, show_default=True)
@click.option("--bind", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--watch/--no-watch", default=True, show_default=True, help="Rebuild on changes.")
@click.option("--drafts/--no-drafts", default=True, show_default=True, help="Include drafts.")
@future_option
@expired_option
@click.option("--open", "open_browser", is_flag=True, help="Open the site in a browser.")
@click.option(
    "--destination",
    "-d",
    type=click.Path(path_type=Path),
    default=None,
    help="Write the served files here [default: a temporary folder].",
)
@jobs_option
@click.option("--verbose", "-v", is_flag=True, help="Print every warning on every rebuild.")
@no_cache_option
@cache_dir_option
@debug_option
def serve_command(
    source: Path,
    port: int,
    bind: str,
    watch: bool,
    drafts: bool,
    future: bool,
    expired: bool,
    open_browser: bool,
    destination: Path | None,
    jobs: int | None,
    verbose: bool,
    no_cache: bool,
    cache_dir: Path | None,
    debug: bool,
) -> None:
    """Build with drafts, serve the site, and rebuild what changed on every save."""
    from polyblog.serve.run import Served, ServeOptions

    root = source.resolve()
    if destination is not None and destination.resolve() == (root / "public"):
        click.echo(
            "note: serving into public/: drafts and the live-reload script go there", err=True
        )
    options = ServeOptions(
        source=source,
        destination=destination,
        bind=bind,
        port=port,
        watch=watch,
        drafts=drafts,
        future=future,
        expired=expired,
        open_browser=open_browser,
        jobs=jobs,
        verbose=verbose,
        cache=not no_cache,
        cache_dir=cache_dir,
    )
    served = Served(options, click.echo, lambda exc: format_any(exc, root))

    def run() -> None:
        try:
            served.start()
            stop = threading.Event()
            while not stop.wait(3600):
                pass
        except KeyboardInterrupt:  # Ctrl+C (or SIGTERM) is how a server stops
            click.echo("stopped", err=True)
        finally:
            served.stop()

    run_guarded(debug, root, run, "The server did not start.")


def _stdin_is_terminal() -> bool:
    return sys.stdin is not None and sys.stdin.isatty()


@main.command("init")
@click.argument("folder", type=click.Path(path_type=Path), default=".", required=False)
@click.option("--title", default=None, help="The blog's title [default: My Blog].")
@click.option("--languages", default=None, help="Language codes, e.g. en,fr,pt [default: en].")
@click.option("--default-language", default=None, help="The language at / [default: the first].")
@click.option("--base-url", default=None, help="Where it is published [default: example.org].")
@click.option(
    "--host",
    type=click.Choice(["github-pages", "gitlab-pages", "netlify", "cloudflare", "none"]),
    default=None,
    help="Write its publishing workflow [default: github-pages].",
)
@click.option("--force", is_flag=True, help="Add the missing files to a non-empty folder.")
@debug_option
def init_command(
    folder: Path,
    title: str | None,
    languages: str | None,
    default_language: str | None,
    base_url: str | None,
    host: str | None,
    force: bool,
    debug: bool,
) -> None:
    """Create a new blog in FOLDER (default: here) that builds at once: blog.yaml, a first post
    and an about page in each language, README, and the host's publishing workflow. On a
    terminal, without options, it asks; it never overwrites a file."""
    from polyblog import scaffold

    def ask(question: str, default: str, check: Callable[[str], object]) -> str:
        def proc(text: str) -> str:
            try:
                check(text)
            except BlogError as exc:
                raise click.BadParameter(exc.message) from None
            return text

        return str(click.prompt(question, default=default, value_proc=proc))

    def run() -> scaffold.InitResult:
        nonlocal title, languages, default_language, base_url, host
        scaffold.check_folder(folder, force)  # before any question
        given = (title, languages, default_language, base_url, host)
        if all(v is None for v in given) and _stdin_is_terminal():
            title = ask("Title", scaffold.DEFAULT_TITLE, str)
            languages = ask("Languages (codes, comma-separated)", "en", scaffold.parse_languages)
            codes = scaffold.parse_languages(languages)
            default_language = ask(
                "Default language (served at /)", codes[0], lambda c: _one_of(c, codes)
            )
            base_url = ask("Base URL", scaffold.DEFAULT_BASE_URL, scaffold.check_base_url)
            host = ask(f"Host ({', '.join(scaffold.HOSTS)})", scaffold.DEFAULT_HOST,
                       lambda h: _one_of(h, tuple(scaffold.HOSTS)))  # fmt: skip
        options = scaffold.make_options(
            folder, title, languages, default_language, base_url, host, force
        )
        return scaffold.init_site(options)

    result: scaffold.InitResult = run_guarded(debug, None, run, "Nothing was created.")
    where = "this folder" if folder == Path() else f"{folder}/"
    count = len(result.created)
    click.echo(f"Created a blog in {where} ({count} file{'' if count == 1 else 's'}):")
    for rel in result.created:
        click.echo(f"  {rel}")
    if result.skipped:
        click.echo(f"Skipped (already there, not overwritten): {', '.join(result.skipped)}")
    if "blog.yaml" in result.skipped:
        click.echo("note: the blog.yaml already there was kept: check its languages and menus")
    for code in result.english_text:
        click.echo(f"note: no starter text in {code!r}: its pages are in English, to translate")
    click.echo(f"polyblog is pinned in requirements.txt: {result.install.requirement}")
    click.echo("Next:")
    if folder != Path():
        click.echo(f"  cd {folder}")
    click.echo("  blog serve      # preview at http://localhost:1313/")
    click.echo("  then see README.md to publish it" + (
        "" if result.host == "none" else f" on {scaffold.HOSTS[result.host]}"))  # fmt: skip


def _one_of(value: str, choices: Sequence[str]) -> None:
    if value.replace("_", "-").lower() not in choices:
        raise BlogError(f"{value!r} is not one of {', '.join(choices)}")


def entry() -> None:
    """The `blog` console script: `main`, then an exit that skips freeing the objects one by one.

    A build holds millions of small objects (the model, the cache entry); the interpreter's
    teardown would free each of them, about half a second after a warm build, while the work is
    done. Once every thread has been joined and every other exit handler has run (this one is
    registered first, so it runs last), the process ends with the command's status. Files are
    all closed by then; only the standard streams are still open and they are flushed."""
    status: list[int] = []

    def finish() -> None:
        if status:  # not after an uncaught exception: Python's own exit says what happened
            for stream in (sys.stdout, sys.stderr):
                with contextlib.suppress(Exception):
                    stream.flush()
            os._exit(status[0])

    atexit.register(finish)
    try:
        main(prog_name="blog")
    except SystemExit as exc:
        code = exc.code
        if code is None or isinstance(code, int):
            status.append(code or 0)
        raise  # a text: Python prints it and exits with 1 itself


if __name__ == "__main__":  # pragma: no cover
    entry()
