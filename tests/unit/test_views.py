"""Template views: the pager bar's entries (`Paginator.numbers`: the same numbers and gaps as a
loop over every pager URL), and what a page view reads (its series box only when shown)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from polyblog.config import load_config
from polyblog.content import load_content
from polyblog.render.views import Paginator, Views
from polyblog.site import BuildOptions, PageKind, Site, build_site, page_key
from sitekit import page, write_files


def _paginator(number: int, total: int) -> Paginator:
    urls = tuple(f"/page/{n}/" for n in range(1, total + 1))
    return Paginator(
        pages=(),
        number=number,
        total_pages=total,
        total_items=total * 10,
        page_size=10,
        first_url=urls[0],
        last_url=urls[-1],
        prev_url=urls[number - 2] if number > 1 else None,
        next_url=urls[number] if number < total else None,
        urls=urls,
    )


def _every_url(number: int, total: int) -> list[tuple[int, str, bool] | None]:
    """The rule as a loop over all pagers (what the default theme did); None is a gap."""
    out: list[tuple[int, str, bool] | None] = []
    for n in range(1, total + 1):
        if n in (1, total) or abs(n - number) <= 2:
            out.append((n, f"/page/{n}/", n == number))
        elif n in (2, total - 1):
            out.append(None)
    return out


@pytest.mark.parametrize("total", range(1, 16))
def test_numbers_match_a_loop_over_every_pager(total: int) -> None:
    for number in range(1, total + 1):
        links = _paginator(number, total).numbers(2)
        shown = [None if x.gap else (x.number, x.url, x.current) for x in links]
        assert shown == _every_url(number, total)


def test_numbers_of_a_long_list_stay_few() -> None:
    links = _paginator(500, 1000).numbers(2)
    assert [x.number for x in links if not x.gap] == [1, 498, 499, 500, 501, 502, 1000]
    assert sum(x.gap for x in links) == 2
    assert [x.number for x in _paginator(500, 1000).numbers(0) if not x.gap] == [1, 500, 1000]


def _site(root: Path) -> Site:
    files = {
        "blog.yaml": "base_url: https://example.org/\n",
        "content/posts/a.md": page("A", date="2024-01-01", series=["Saga"], series_order=1),
        "content/posts/b.md": page("B", date="2024-02-01", series=["Saga"], series_order=2),
        "content/posts/c.md": page("C", date="2024-03-01", series=["Saga"], series_order=3),
        "content/posts/d.md": page("D", date="2024-04-01"),
    }
    write_files(root, files)
    cfg = load_config(root)
    content = load_content(cfg)
    return build_site(cfg, content.pages, BuildOptions(now=datetime(2025, 1, 1, tzinfo=UTC)))


def test_series_box_is_read_only_when_shown(tmp_path: Path) -> None:
    site = _site(tmp_path)
    views = Views(site, {})
    key = page_key("en", PageKind.PAGE, "posts/b.md")
    others = [page_key("en", PageKind.PAGE, f"posts/{x}.md") for x in "ac"]
    views.start_reads()
    view = views.page(key)
    listed = views.end_reads(set())
    assert ("s", "en/saga") not in listed  # a list showing the page does not read its series
    assert not {("r", k) for k in others} & listed
    views.start_reads()
    nav = view.series
    shown = views.end_reads(set())
    assert nav is not None and [p.title for p in nav.parts] == ["A", "B", "C"]
    assert [p.current for p in nav.parts] == [False, True, False]
    assert (nav.index, nav.total, nav.prev and nav.prev.title) == (2, 3, "A")
    assert ("s", "en/saga") in shown and {("r", k) for k in others} <= shown
    views.start_reads()
    again = views.page(others[0]).series  # the parts are made once; each page still reads them
    assert again is not None and [p.current for p in again.parts] == [True, False, False]
    assert {("s", "en/saga"), ("r", others[1])} <= views.end_reads(set())
    assert views.page(page_key("en", PageKind.PAGE, "posts/d.md")).series is None
