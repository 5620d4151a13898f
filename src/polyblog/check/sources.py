"""From an output file back to its source: which content file made it, and on which line of
that file (or of `blog.yaml`) a link was written."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from polyblog.check.findings import Finding, Severity
from polyblog.check.links import LinkProblem, OutputTree
from polyblog.errors import SourcePos
from polyblog.site import Site
from polyblog.urls import output_file


@dataclass(frozen=True, slots=True)
class Origin:
    path: str  # source file relative to the site, "" for generated pages
    body_line: int  # first line of the Markdown body (1 when unknown)
    url: str  # where the page is published


class SourceIndex:
    def __init__(self, site: Site, root: Path, tree: OutputTree) -> None:
        self.root = root
        self.tree = tree
        self.origins: dict[str, Origin] = {}
        self._lines: dict[str, list[str]] = {}
        for page in site.pages.values():
            src = page.source
            origin = Origin(src.path if src else "", src.body_line if src else 1, "")
            self._add(output_file(page.path), origin)
            for pager in site.pagers.get(page.key, ()):
                self._add(output_file(pager.path), origin)
        for alias in site.aliases:
            self._add(output_file(alias.path), Origin(alias.source, 1, ""))

    def _add(self, rel: str, origin: Origin) -> None:
        if rel not in self.origins:
            self.origins[rel] = Origin(origin.path, origin.body_line, self.tree.page_url(rel))

    def origin(self, rel: str) -> Origin:
        return self.origins.get(rel) or Origin("", 1, self.tree.page_url(rel))

    def place(self, problems: list[LinkProblem]) -> list[Finding]:
        """Findings at the line that wrote the link; a link no source file mentions (from a
        template) is reported once, with the number of pages it breaks."""
        placed: dict[tuple[str, str, SourcePos], int] = {}
        unplaced: dict[tuple[str, str], list[Origin]] = defaultdict(list)
        for problem in problems:
            origin = self.origin(problem.page)
            pos = self._position(origin, problem) if problem.in_content else None
            if pos is None and origin.path and not problem.in_content:
                pos = SourcePos(origin.path)
            if pos is not None:
                key = (problem.severity.value, problem.message, pos)
                placed[key] = placed.get(key, 0) + 1
            else:
                unplaced[(problem.severity.value, problem.message)].append(origin)
        out = [
            Finding(
                severity=Severity(severity),
                message=f"{message} (on {count} pages)"
                if pos.path == "blog.yaml" and count > 1
                else message,
                pos=pos,
            )
            for (severity, message, pos), count in placed.items()
        ]
        shown = {f.message for f in out}
        for (severity, message), origins in unplaced.items():
            if message in shown:  # also on a list page, through the summary: reported once
                continue
            others = len(origins) - 1
            more = f" and {others} more page{'s' if others > 1 else ''}" if others else ""
            out.append(
                Finding(
                    severity=Severity(severity), message=f"{message} (on {origins[0].url}{more})"
                )
            )
        return out

    def _position(self, origin: Origin, problem: LinkProblem) -> SourcePos | None:
        candidates = self._candidates(problem.url)
        # written relative to the page (a figure's `src="chart.png"`, output as /posts/x/chart.png)
        below = urljoin(origin.url, problem.url.strip())
        if origin.url and below.startswith(origin.url) and len(below) > len(origin.url):
            candidates.append(unquote(below[len(origin.url) :].split("#", 1)[0]))
        if origin.path:
            line = self._find(origin.path, candidates, origin.body_line)
            if line:
                return SourcePos(origin.path, line)
        line = self._find("blog.yaml", candidates, 1)
        return SourcePos("blog.yaml", line) if line else None

    def _candidates(self, url: str) -> list[str]:
        """The ways a link may be written in the source: as output, without the base URL or
        base path (the build adds them), percent-decoded."""
        url = url.strip()
        out = [url]
        base_url, base_path = self.tree.base_url, self.tree.base_path
        if url.startswith(base_url):
            out.append("/" + url[len(base_url) :])
        elif base_path != "/" and url.startswith(base_path):
            out.append("/" + url[len(base_path) :])
        out += [unquote(c) for c in out if unquote(c) != c]
        parts = urlsplit(url)
        if parts.path and not parts.scheme and len(parts.path) > 1:
            out.append(unquote(parts.path.rstrip("/")))  # `/posts/x` for `/posts/x/`
        return [c for c in dict.fromkeys(out) if c]

    def _find(self, rel: str, candidates: list[str], start: int) -> int:
        lines = self._read(rel)
        first = min(max(start, 1) - 1, len(lines))
        order: list[int] = [
            *range(first, len(lines)),
            *range(first),
        ]  # the body first, then front matter
        for candidate in candidates:
            for index in order:
                if candidate in lines[index]:
                    return index + 1
        return 0

    def _read(self, rel: str) -> list[str]:
        if rel not in self._lines:
            path = self.root / rel
            try:
                inside = path.resolve().is_relative_to(self.root)
                text = path.read_text(encoding="utf-8", errors="replace") if inside else ""
            except OSError:
                text = ""
            self._lines[rel] = text.splitlines()
        return self._lines[rel]
