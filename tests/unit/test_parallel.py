"""The forked pool (`polyblog.parallel`): results in order, errors raised in the parent, the
first share in the parent, and a pool that does not spin while large results arrive."""

from __future__ import annotations

import multiprocessing.pool
import os
from typing import Any

import pytest

from polyblog import parallel

pytestmark = pytest.mark.skipif(
    "fork" not in multiprocessing.get_all_start_methods(), reason="needs fork"
)


def _large(n: int) -> tuple[int, str]:
    return n, f"{n}:" + "x" * 40_000  # a page body's size


def _pid(_share: Any) -> int:
    return os.getpid()


def _fails(n: int) -> int:
    if n == 7:
        raise ValueError("seven")
    return n


def test_fork_map_keeps_the_order_of_the_items() -> None:
    results = parallel.fork_map(_large, list(range(300)), 2)
    assert [n for n, _ in results] == list(range(300))
    assert all(text.startswith(f"{n}:") for n, text in results)


def test_an_error_in_a_worker_is_raised_in_the_parent() -> None:
    with pytest.raises(ValueError, match="seven"):
        parallel.fork_map(_fails, list(range(20)), 2, chunk=1)


def test_fork_shares_does_the_first_share_here_and_the_others_in_workers() -> None:
    pids = parallel.fork_shares(_pid, ["a", "b", "c"])
    assert pids[0] == os.getpid()
    assert len(pids) == 3 and os.getpid() not in pids[1:]
    assert parallel.fork_shares(_pid, ["only"]) == [os.getpid()]


def test_the_pool_does_not_wake_for_every_piece_of_a_large_result(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """multiprocessing's worker-minding thread woke each time the results pipe was readable:
    thousands of times for a map whose results are page bodies. It now wakes when a worker
    exits or the pool changes state."""
    wakes: list[int] = []
    real = multiprocessing.pool.Pool._wait_for_updates  # type: ignore[attr-defined]

    def counted(sentinels: Any, change_notifier: Any, timeout: float | None = None) -> None:
        wakes.append(1)
        real(sentinels, change_notifier, timeout)

    monkeypatch.setattr(multiprocessing.pool.Pool, "_wait_for_updates", staticmethod(counted))
    results = parallel.fork_map(_large, list(range(2000)), 2)
    assert len(results) == 2000
    assert 0 < len(wakes) < 50
