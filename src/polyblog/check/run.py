"""`blog check`: build into a temporary folder, check every output file, and point each problem
at the source file and line it came from."""

from __future__ import annotations

import tempfile
import time
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from polyblog.build import BuildRequest, BuildResult, build
from polyblog.check.external import CACHE_FILE, Fetcher, LinkCache, check_external, http_fetch
from polyblog.check.findings import CheckReport, Finding, Severity
from polyblog.check.links import LinkCheck, LinkProblem, OutputTree
from polyblog.check.scan import PageScan, scan_html, scan_json_feed, scan_xml
from polyblog.check.sources import SourceIndex
from polyblog.errors import BlogError, ErrorList, SourcePos
from polyblog.site import BuildOptions, PageKey, PageKind, Site


@dataclass(frozen=True, slots=True, kw_only=True)
class CheckRequest:
    source: Path
    options: BuildOptions = field(default_factory=BuildOptions)
    base_url: str | None = None
    destination: Path | None = None  # keep the checked output there (default: a temp folder)
    jobs: int | None = None
    external: bool = False
    fetch: Fetcher = http_fetch
    timeout: float = 10.0
    cache: bool = True  # read `blog build`'s cache (never written by a check)
    cache_dir: Path | None = None


def run_check(request: CheckRequest) -> CheckReport:
    started = time.perf_counter()
    source = request.source.resolve()
    with tempfile.TemporaryDirectory(prefix="blog-check-") as tmp:
        destination = request.destination or Path(tmp) / "public"
        build_request = BuildRequest(
            source=source,
            destination=destination,
            options=request.options,
            base_url=request.base_url,
            jobs=request.jobs,
            cache=request.cache,
            cache_dir=request.cache_dir,
            save_cache=False,
        )
        try:
            result = build(build_request)
        except ErrorList as exc:
            return _failed(exc.errors, started)
        except BlogError as exc:
            return _failed([exc], started)
        return _check(request, source, result, started)


def _failed(errors: Iterable[BlogError], started: float) -> CheckReport:
    findings = tuple(Finding(severity=Severity.ERROR, message=e.message, pos=e.pos) for e in errors)
    return CheckReport(findings=findings, built=False, seconds=time.perf_counter() - started)


def _check(request: CheckRequest, source: Path, result: BuildResult, started: float) -> CheckReport:
    assert result.site is not None
    site = result.site
    timings = {"build": time.perf_counter() - started}
    mark = time.perf_counter()
    tree = OutputTree(result.destination, site.config.base_url)
    scans: dict[str, PageScan] = {}
    for rel in sorted(tree.files):
        if rel.endswith(".html"):
            scans[rel] = scan_html((tree.root / rel).read_bytes())
    xml_scans = {
        rel: scan_xml((tree.root / rel).read_bytes()) for rel in tree.files if rel.endswith(".xml")
    }
    xml_scans |= {
        rel: scan_json_feed((tree.root / rel).read_bytes())
        for rel in tree.files
        if rel.rsplit("/", 1)[-1] == "feed.json"
    }
    check = LinkCheck(tree, scans)
    problems, outside = check.run()
    xml_check = LinkCheck(tree, xml_scans)
    xml_problems, _ = xml_check.run()
    timings["links"] = time.perf_counter() - mark

    index = SourceIndex(site, source, tree)
    findings = [
        Finding(severity=Severity.WARNING, message=w.message, pos=w.pos) for w in result.warnings
    ]
    findings += index.place(problems)
    findings += [
        Finding(severity=p.severity, message=f"{p.page}: {p.message}", pos=None)
        for p in xml_problems
    ]
    findings += [
        Finding(severity=Severity.ERROR, message=f"{rel}: {scan.problem}", pos=None)
        for rel, scan in sorted(xml_scans.items())
        if scan.problem
    ]
    findings += _duplicate_titles(site)
    findings += _empty_summaries(site, result.summaries)
    external = 0
    if request.external and outside:
        mark = time.perf_counter()
        cache = LinkCache.load(source / CACHE_FILE)
        statuses = check_external(
            outside, request.fetch, cache, time.time(), timeout=request.timeout
        )
        cache.save()
        external = len(statuses)
        bad = [
            LinkProblem(
                page=outside[url][0][0],
                url=outside[url][0][1],
                message=f"outside link {url}: {status.reason()}",
                severity=Severity.ERROR if status.gone else Severity.WARNING,
            )
            for url, status in sorted(statuses.items())
            if not status.ok
        ]
        findings += index.place(bad)
        timings["external"] = time.perf_counter() - mark
    return CheckReport(
        findings=tuple(findings),
        pages=len(scans),
        links=check.checked + xml_check.checked,
        external=external,
        seconds=time.perf_counter() - started,
        timings=timings,
    )


def _duplicate_titles(site: Site) -> list[Finding]:
    """Two pages of one language with the same title: readers and search engines mix them up."""
    groups: dict[tuple[str, str], list[tuple[str, int]]] = defaultdict(list)
    for page in site.pages.values():
        src = page.source
        if src is None or page.kind not in {PageKind.PAGE, PageKind.SECTION} or not page.title:
            continue
        groups[(page.lang, page.title.strip().casefold())].append(
            (src.path, src.key_lines.get("title", 0))
        )
    out = []
    for (lang, _), places in sorted(groups.items()):
        places.sort()
        for path, line in places[1:]:
            out.append(
                Finding(
                    severity=Severity.WARNING,
                    message=f"duplicate title in {lang}: {places[0][0]} has the same title",
                    pos=SourcePos(path, line),
                )
            )
    return out


def _empty_summaries(site: Site, summaries: dict[PageKey, str]) -> list[Finding]:
    out = []
    for page in site.pages.values():
        src = page.source
        if src is None or page.kind is not PageKind.PAGE or summaries.get(page.key, "").strip():
            continue
        out.append(
            Finding(
                severity=Severity.WARNING,
                message="empty summary: the page's card in lists and its feed entry have no "
                "text (write some body text, or a summary in the front matter)",
                pos=SourcePos(src.path, src.key_lines.get("summary", 0)),
            )
        )
    return out
