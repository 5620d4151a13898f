"""`blog build`'s link check: broken internal links, missing images and broken anchors in the
pages' rendered Markdown, checked on the staged output before the swap and reported as warnings.

Cheap enough to run on every build: it reads only the bodies (a regular-expression scan, no
HTML parser), resolves each URL against the set of files the build wrote, and parses a whole page
only to look for an anchor its body does not have. See docs/checking.md.
"""

from __future__ import annotations

from polyblog.build import Staged
from polyblog.check.findings import Finding
from polyblog.check.links import LinkCheck, LinkProblem, OutputTree
from polyblog.check.scan import PageScan, fragment_ids, scan_html, scan_links
from polyblog.check.sources import SourceIndex
from polyblog.errors import Warning_
from polyblog.urls import output_file


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
    """Body scans by output file; `get` (the target of an anchor) of another page of the site
    scans its whole file, once, so an anchor into a list or a page without a body is checked
    too."""

    def __init__(self, bodies: dict[str, PageScan], tree: OutputTree) -> None:
        super().__init__(bodies)
        self.tree = tree
        self.whole: dict[str, PageScan] = {}

    def get(self, key: str, default: PageScan | None = None) -> PageScan | None:  # type: ignore[override]
        if key in self:
            return self[key]
        return self.full(key) if key.endswith(".html") and key in self.tree.files else default

    def full(self, key: str) -> PageScan:
        if key not in self.whole:
            self.whole[key] = scan_html((self.tree.root / key).read_bytes())
        return self.whole[key]


def content_link_warnings(staged: Staged) -> list[Warning_]:
    """Warnings for the links, images, embedded files and anchors of every page body that point
    to nothing in the output, at the line of the content file that wrote them."""
    site = staged.site
    tree = OutputTree(staged.folder, site.config.base_url, staged.files)
    home = tree.base_url.split("/")[2] if "//" in tree.base_url else ""
    bodies: dict[str, PageScan] = {}
    for key, body in staged.bodies.items():
        rel = output_file(site.pages[key].path)
        if rel not in staged.files:
            continue
        scan = scan_links(body.html)
        scan.links = [link for link in scan.links if not _elsewhere(link.url, home)]
        scan.ids = _BodyIds(body.html)
        bodies[rel] = scan
    scans = _Scans(bodies, tree)
    problems, _outside = LinkCheck(tree, scans).run()
    problems = [p for p in problems if not _anchor_elsewhere(p, tree, scans)]
    index = SourceIndex(site, staged.source, tree)
    return [_warning(f) for f in index.place(problems)]


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
