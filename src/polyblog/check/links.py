"""Internal links of a built site: resolve every URL against the output folder and the base
URL, then find broken links, anchors, images, hreflang alternates and switcher entries."""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from polyblog.check.findings import Severity
from polyblog.check.scan import Link, PageScan

_ALWAYS_THERE = {"", "top"}  # `#` and `#top` scroll to the top of any page (HTML spec)


@dataclass(frozen=True, slots=True)
class Resolved:
    where: str  # "internal", "external", "outside" (same host, not under the base path), "skip"
    file: str = ""  # output file, posix, relative to the output folder
    fragment: str = ""
    exists: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class LinkProblem:
    page: str  # output file the link is in
    url: str  # the link as written in the output
    message: str
    severity: Severity = Severity.ERROR
    in_content: bool = True  # worth looking for in the page's Markdown source


class OutputTree:
    """The files of a built site and the base URL they are published under."""

    def __init__(self, root: Path, base_url: str, files: Iterable[str] | None = None) -> None:
        """`files` (relative posix paths) when the caller knows them; else `root` is walked."""
        self.root = root
        self.base_url = base_url if base_url.endswith("/") else base_url + "/"
        parts = urlsplit(self.base_url)
        self.netloc = parts.netloc.lower()
        self.base_path = parts.path or "/"
        self.files: set[str] = set(files or ())
        if files is not None:
            return
        for dirpath, _dirs, names in os.walk(root):
            folder = Path(dirpath).relative_to(root).as_posix()
            prefix = "" if folder == "." else folder + "/"
            self.files.update(prefix + name for name in names)

    def page_url(self, rel: str) -> str:
        """Absolute URL a file is served at: `fr/x/index.html` -> `https://host/base/fr/x/`."""
        if rel == "index.html" or rel.endswith("/index.html"):
            rel = rel[: -len("index.html")]
        return self.base_url + rel

    def resolve(self, url: str, page: str) -> Resolved:
        url = url.strip()
        if not url:
            return Resolved("skip")
        scheme = urlsplit(url).scheme.lower()
        if scheme and scheme not in {"http", "https"}:
            return Resolved("skip")  # mailto:, tel:, data:, ftp: ... are not checked
        target = urlsplit(urljoin(self.page_url(page), url))
        if target.netloc.lower() != self.netloc:
            return Resolved("external")
        path = unquote(target.path)
        if not (path + "/").startswith(self.base_path):
            return Resolved("outside")
        rel = path[len(self.base_path) :]
        if rel == "" or rel.endswith("/"):
            rel += "index.html"
        exists = rel in self.files
        if not exists and rel + "/index.html" in self.files:  # /posts -> /posts/ (a redirect)
            rel, exists = rel + "/index.html", True
        return Resolved("internal", rel, unquote(target.fragment), exists)


_WHAT = {
    "link": "broken link to {url}: no such page or file",
    "image": "missing image {url}",
    "resource": "missing file {url}",
    "meta": "{label} points nowhere: {url}",
    "redirect": "redirect to {url} points nowhere",
    "alternate": "hreflang {label} alternate points nowhere: {url}",
    "switcher": "language switcher entry {label} points nowhere: {url}",
}


@dataclass(slots=True)
class LinkCheck:
    """Runs over every scanned page; collects problems and the outside URLs seen."""

    tree: OutputTree
    scans: Mapping[str, PageScan]
    checked: int = 0

    def run(self) -> tuple[list[LinkProblem], dict[str, list[tuple[str, str]]]]:
        problems: list[LinkProblem] = []
        external: dict[str, list[tuple[str, str]]] = {}
        for page in sorted(self.scans):
            for link in self.scans[page].links:
                where = self.tree.resolve(link.url, page)
                if where.where == "external":
                    absolute = urljoin(self.tree.page_url(page), link.url.strip())
                    external.setdefault(absolute.split("#", 1)[0], []).append((page, link.url))
                    continue
                problem = self._problem(page, link, where)
                if problem is not None:
                    problems.append(problem)
            problems += self._reciprocal(page)
        return problems, external

    def _problem(self, page: str, link: Link, where: Resolved) -> LinkProblem | None:
        in_content = link.kind in {"link", "image", "resource"}
        if where.where == "skip":
            return None
        self.checked += 1
        if where.where == "outside":
            message = (
                f"broken link to {link.url}: outside the site's base path "
                f"{self.tree.base_path} (use a path relative to the page, or ref/relref)"
            )
            return LinkProblem(page=page, url=link.url, message=message, in_content=in_content)
        if not where.exists:
            message = _WHAT[link.kind].format(url=link.url, label=link.label)
            return LinkProblem(page=page, url=link.url, message=message, in_content=in_content)
        if where.fragment in _ALWAYS_THERE or not where.file.endswith(".html"):
            return None
        target = self.scans.get(where.file)
        if target is not None and where.fragment not in target.ids:
            message = (
                f"broken anchor {link.url}: no id {where.fragment!r} in "
                f"{'this page' if where.file == page else self.tree.page_url(where.file)}"
            )
            return LinkProblem(page=page, url=link.url, message=message, in_content=in_content)
        return None

    def _reciprocal(self, page: str) -> Iterable[LinkProblem]:
        """Every hreflang alternate must list this page among its own alternates."""
        for link in self.scans[page].links:
            if link.kind != "alternate" or link.label.lower() == "x-default":
                continue
            where = self.tree.resolve(link.url, page)
            if where.where != "internal" or not where.exists or where.file == page:
                continue
            other = self.scans.get(where.file)
            if other is None:
                continue
            back = {
                self.tree.resolve(alt.url, where.file).file
                for alt in other.links
                if alt.kind == "alternate"
            }
            if page not in back:
                yield LinkProblem(
                    page=page,
                    url=link.url,
                    message=f"hreflang {link.label} alternate {link.url} does not link back "
                    "to this page (hreflang links must be reciprocal)",
                    in_content=False,
                )
