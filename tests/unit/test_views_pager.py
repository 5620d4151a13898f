"""The pager bar's entries (`Paginator.numbers`): the same numbers and gaps as a loop over every
pager URL that shows the first, the last and two on each side of the current page."""

from __future__ import annotations

import pytest

from polyblog.render.views import Paginator


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
