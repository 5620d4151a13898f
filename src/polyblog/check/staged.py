"""`blog build`'s link check: broken internal links, missing images and broken anchors in the
pages' rendered Markdown, checked on the staged output before the swap and reported as warnings.

Cheap enough to run on every build: it reads only the bodies (a regular-expression scan, no
HTML parser), resolves each URL against the set of files the build wrote, and parses a whole page
only to look for an anchor its body does not have. See docs/checking.md.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from polyblog.build import Inspection, Staged
from polyblog.check.findings import Finding
from polyblog.check.links import LinkCheck, LinkProblem, OutputTree
from polyblog.check.scan import PageScan, fragment_ids, scan_html, scan_links
from polyblog.check.sources import SourceIndex
from polyblog.errors import Warning_
from polyblog.markup import RenderedBody
from polyblog.parallel import fork_map, fork_workers
from polyblog.urls import output_file

PARALLEL_CHECKS = 500  # pages; below this, forking checkers costs more than it saves


class _BodyIds(set[str]):
    """A body's ids, looked for in its HTML when an anchor asks (most anchors are footnotes
    and headings of the page itself: one substring search)."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.html = html
        self.found: set[str] | None = None

    def __contains__(self, fragment: object) -> bool:
        if f'id="{fragment}"' in self.html:
            return True
        if self.found is None:
            self.found = fragment_ids(self.html)
        return fragment in self.found


class _Scans(dict[str, PageScan]):
    """The pages to check (their body scans); `get` (the target of an anchor) of another page
    gives its body scan, or else scans its whole file, once, so an anchor into a list or a page
    without a body is checked too. Every page read that way is noted in `consulted`."""

    def __init__(
        self,
        checked: dict[str, PageScan],
        others: Callable[[str], PageScan | None],
        tree: OutputTree,
        whole: dict[str, PageScan],
    ) -> None:
        super().__init__(checked)
        self.others = others
        self.tree = tree
        self.whole = whole  # whole files scanned, shared by every page's check
        self.consulted: set[str] = set()

    def get(self, key: str, default: PageScan | None = None) -> PageScan | None:  # type: ignore[override]
        if key in self:  # the page checked
            return self[key]
        self.consulted.add(key)
        scan = self.others(key)
        if scan is not None:
            return scan
        return self.full(key) if key.endswith(".html") and key in self.tree.files else default

    def full(self, key: str) -> PageScan:
        self.consulted.add(key)
        if key not in self.whole:
            self.whole[key] = scan_html((self.tree.root / key).read_bytes())
        return self.whole[key]


class _Files(set[str]):
    """The output's files, noting every name looked up (in `watch`)."""

    def __init__(self, names: frozenset[str]) -> None:
        super().__init__(names)
        self.watch: set[str] = set()

    def __contains__(self, name: object) -> bool:
        if isinstance(name, str):
            self.watch.add(name)
        return super().__contains__(name)


@dataclass(frozen=True, slots=True)
class _Checked:
    """One page's result, kept for the next build: valid while the page has the same body
    (the same object: the engine keeps unchanged bodies) and none of the files the check looked
    up or read for it (`consulted`: link targets, present or not, and anchor targets) was
    written, added or deleted since."""

    body: RenderedBody
    problems: tuple[LinkProblem, ...]
    consulted: frozenset[str]


@dataclass(frozen=True, slots=True)
class LinkMemo:
    """What the link check of a build leaves for the next one (`Inspection.memo`)."""

    base_url: str
    pages: dict[str, _Checked]


def content_link_warnings(staged: Staged) -> Inspection:
    """Warnings for the links, images, embedded files and anchors of every page body that point
    to nothing in the output, at the line of the content file that wrote them. Pages whose
    result cannot have changed since the previous check (`Staged.previous`) are not checked
    again."""
    with _heap_kept():
        return _check(staged)


@contextlib.contextmanager
def _heap_kept() -> Iterator[None]:
    """The model, the bodies and the file set outlive the check: the collector leaves them be
    while it runs (a full pass over them finds nothing and takes seconds at 10,000 posts; the
    check's own objects are collected as usual)."""
    frozen = gc.get_freeze_count() > 0  # someone froze the heap already, and unfreezes it
    gc.freeze()
    try:
        yield
    finally:
        if not frozen:
            gc.unfreeze()


def _check(staged: Staged) -> Inspection:
    site = staged.site
    tree = OutputTree(staged.folder, site.config.base_url, ())  # its files: the watched set
    files = tree.files = _Files(staged.files)
    home = tree.base_url.split("/")[2] if "//" in tree.base_url else ""
    previous = staged.previous if isinstance(staged.previous, LinkMemo) else None
    if staged.changed is None or (previous and previous.base_url != site.config.base_url):
        previous = None
    changed = staged.changed or frozenset()
    bodies: dict[str, RenderedBody] = {}
    for key, body in staged.bodies.items():
        rel = output_file(site.pages[key].path)
        if rel in staged.files:
            bodies[rel] = body
    scans: dict[str, PageScan] = {}

    def body_scan(rel: str) -> PageScan | None:
        body = bodies.get(rel)
        if body is None:
            return None
        scan = scans.get(rel)
        if scan is None:
            scan = scan_links(body.html)
            scan.links = [link for link in scan.links if not _elsewhere(link.url, home)]
            scan.ids = _BodyIds(body.html)
            scans[rel] = scan
        return scan

    whole: dict[str, PageScan] = {}

    def check(rel: str) -> tuple[tuple[LinkProblem, ...], frozenset[str]]:
        """One page's problems, and the files its check consulted."""
        scan = body_scan(rel)
        assert scan is not None
        page_scans = _Scans({rel: scan}, body_scan, tree, whole)
        files.watch = page_scans.consulted
        found, _outside = LinkCheck(tree, page_scans).run()
        found = [p for p in found if not _anchor_elsewhere(p, tree, page_scans)]
        return tuple(found), frozenset(page_scans.consulted)

    pages: dict[str, _Checked] = {}
    todo: list[str] = []
    for rel in sorted(bodies):
        done = previous.pages.get(rel) if previous is not None else None
        if done is None or done.body is not bodies[rel] or not done.consulted.isdisjoint(changed):
            todo.append(rel)
        else:
            pages[rel] = done
    workers = fork_workers(staged.jobs, len(todo), PARALLEL_CHECKS)
    results = fork_map(check, todo, workers) if workers else [check(rel) for rel in todo]
    for rel, (found, consulted) in zip(todo, results, strict=True):
        pages[rel] = _Checked(bodies[rel], found, consulted)
    problems = [problem for rel in sorted(pages) for problem in pages[rel].problems]
    warnings: list[Warning_] = []
    if problems:  # placing them indexes every page's source: only when there is something
        index = SourceIndex(site, staged.source, tree)
        warnings = [_warning(f) for f in index.place(problems)]
    return Inspection(warnings, LinkMemo(site.config.base_url, pages))


def _elsewhere(url: str, home: str) -> bool:
    """A link to another site (not checked by `blog build`)."""
    url = url.strip()
    lower = url[:8].lower()
    if lower.startswith(("http://", "https://")):
        rest = url.split("//", 1)[1]
        return rest.split("/", 1)[0].lower() != home
    return url.startswith("//") or lower.startswith(("mailto:", "tel:", "data:", "javascript"))


def _anchor_elsewhere(problem: LinkProblem, tree: OutputTree, scans: _Scans) -> bool:
    """A broken anchor by the body's ids that the whole page has (the theme's ids)."""
    if not problem.message.startswith("broken anchor"):
        return False
    where = tree.resolve(problem.url, problem.page)
    return where.fragment in scans.full(where.file).ids


def _warning(finding: Finding) -> Warning_:
    return Warning_(finding.message, finding.pos)
