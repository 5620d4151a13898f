"""The `blog` command; the only module that prints. Errors print as `path:line: message`."""

from __future__ import annotations

import signal
import sys
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from types import FrameType
from typing import Any, NoReturn

import click

from polyblog import __version__
from polyblog.build import BuildRequest, BuildResult, build
from polyblog.errors import BlogError, ErrorList, SourcePos, source_line
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


def _fail(errors: list[BlogError], root: Path | None) -> NoReturn:
    for exc in errors:
        click.echo(_format_error(exc, root), err=True)
    if len(errors) > 1:
        click.echo(f"{len(errors)} errors; nothing was written.", err=True)
    else:
        click.echo("Build failed; the previous output was left as it was.", err=True)
    sys.exit(1)


def _on_term(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def run_guarded(debug: bool, root: Path | None, fn: Callable[[], Any]) -> Any:
    """Run a command body; user errors become messages and exit 1, never a traceback."""
    previous = signal.signal(signal.SIGTERM, _on_term)
    try:
        return fn()
    except ErrorList as exc:
        if debug:
            raise
        _fail(sorted(exc.errors, key=lambda e: (str(e.pos or ""), e.message)), root)
    except BlogError as exc:
        if debug:
            raise
        _fail([exc], root)
    except KeyboardInterrupt:
        click.echo("Interrupted; the previous output was left as it was.", err=True)
        sys.exit(130)
    finally:
        signal.signal(signal.SIGTERM, previous)


@click.group()
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
        lines.append(
            f"  {lang}: {count} pages ({detail})" if verbose else f"  {lang}: {count} pages"
        )
    terms = ", ".join(f"{n} {tax}" for tax, n in sorted(result.terms.items()))
    head = (
        f"Built {total} pages in {len(result.pages)} languages, {result.files} files, "
        f"in {result.seconds * 1000:.0f} ms -> {result.destination}"
    )
    out = [head, *lines]
    if terms:
        out.append(f"  terms: {terms}")
    if verbose:
        out.append("  " + ", ".join(f"{k} {v * 1000:.0f} ms" for k, v in result.timings.items()))
    return "\n".join(out)


@main.command("build")
@click.option(
    "--source",
    "-s",
    type=click.Path(file_okay=False, path_type=Path),
    default=".",
    show_default=True,
    help="Site folder (with blog.yaml).",
)
@click.option(
    "--destination",
    "-d",
    type=click.Path(path_type=Path),
    default=None,
    help="Output folder [default: SOURCE/public].",
)
@click.option("--drafts", "-D", is_flag=True, help="Include drafts.")
@click.option("--future", "-F", is_flag=True, help="Include pages dated in the future.")
@click.option("--expired", "-E", is_flag=True, help="Include pages past their expiryDate.")
@click.option(
    "--base-url",
    "-b",
    default=None,
    envvar="BLOG_BASE_URL",
    help="Override base_url (also BLOG_BASE_URL).",
)
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    default=None,
    help="Worker processes [default: CPU count].",
)
@click.option("--strict", is_flag=True, help="Fail on warnings.")
@click.option("--quiet", "-q", is_flag=True, help="Print only errors.")
@click.option("--verbose", "-v", is_flag=True, help="Print pages per kind and stage timings.")
@click.option("--debug", is_flag=True, help="Show tracebacks.")
def build_command(
    source: Path,
    destination: Path | None,
    drafts: bool,
    future: bool,
    expired: bool,
    base_url: str | None,
    jobs: int | None,
    strict: bool,
    quiet: bool,
    verbose: bool,
    debug: bool,
) -> None:
    """Build the site into DESTINATION (atomically: a failed build changes nothing)."""
    request = BuildRequest(
        source=source,
        destination=destination,
        options=BuildOptions(drafts=drafts, future=future, expired=expired),
        base_url=base_url or None,
        jobs=jobs,
        strict=strict,
    )
    root = source.resolve()
    result: BuildResult = run_guarded(debug, root, lambda: build(request))
    for warning in result.warnings:
        where = _where(warning.pos, root) if warning.pos else None
        click.echo(
            f"{where}: warning: {warning.message}"
            if warning.pos
            else f"warning: {warning.message}",
            err=True,
        )
    if not quiet:
        click.echo(_summary(result, verbose))


if __name__ == "__main__":  # pragma: no cover
    main(prog_name=Path(sys.argv[0]).name)
