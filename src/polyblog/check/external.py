"""Outside links (`blog check --external`): HEAD, then GET when HEAD is refused, with a
timeout, a few threads, and a JSON cache so that unchanged links are not fetched every run."""

from __future__ import annotations

import json
import os
import urllib.error
import urllib.request
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from polyblog import __version__

CACHE_FILE = Path(".blog-cache") / "external-links.json"
FRESH_SECONDS = 7 * 24 * 3600  # a working link is fetched again after a week
_USER_AGENT = f"polyblog-link-check/{__version__} (+https://github.com/polyblog/polyblog)"
_GONE = frozenset({404, 410})
_RETRY_WITH_GET = frozenset({400, 403, 405, 501})


@dataclass(frozen=True, slots=True, kw_only=True)
class LinkStatus:
    status: int  # HTTP status, 0 when there was no answer
    error: str = ""  # why there was no answer (timeout, DNS, TLS ...)
    checked: float = 0.0  # epoch seconds

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 400

    @property
    def gone(self) -> bool:
        """Certainly broken (404, 410): an error; anything else failing is a warning."""
        return self.status in _GONE

    def reason(self) -> str:
        return f"HTTP {self.status}" if self.status else (self.error or "no answer")


class Fetcher(Protocol):
    def __call__(self, url: str, timeout: float) -> LinkStatus: ...


def http_fetch(url: str, timeout: float) -> LinkStatus:
    """HEAD the URL; servers that refuse HEAD get a GET (only the headers are read)."""
    status = _request(url, "HEAD", timeout)
    if status.status in _RETRY_WITH_GET or not status.status:
        status = _request(url, "GET", timeout)
    return status


def _request(url: str, method: str, timeout: float) -> LinkStatus:
    request = urllib.request.Request(url, method=method, headers={"User-Agent": _USER_AGENT})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return LinkStatus(status=int(response.status))
    except urllib.error.HTTPError as exc:
        return LinkStatus(status=exc.code)
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        return LinkStatus(status=0, error=str(reason) or type(exc).__name__)


@dataclass(slots=True)
class LinkCache:
    """`{url: {"status": 200, "error": "", "checked": 1700000000.0}}` in a JSON file."""

    path: Path
    entries: dict[str, LinkStatus]

    @classmethod
    def load(cls, path: Path) -> LinkCache:
        entries: dict[str, LinkStatus] = {}
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            data = {}
        if isinstance(data, dict):
            for url, item in data.items():
                if isinstance(item, dict) and isinstance(item.get("status"), int):
                    entries[str(url)] = LinkStatus(
                        status=item["status"],
                        error=str(item.get("error", "")),
                        checked=float(item.get("checked", 0.0)),
                    )
        return cls(path, entries)

    def fresh(self, url: str, now: float) -> LinkStatus | None:
        """A cached answer still worth trusting: only working links, for FRESH_SECONDS."""
        entry = self.entries.get(url)
        if entry is not None and entry.ok and now - entry.checked < FRESH_SECONDS:
            return entry
        return None

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        data = {
            url: {"status": s.status, "error": s.error, "checked": s.checked}
            for url, s in sorted(self.entries.items())
        }
        tmp = self.path.with_name(f".{self.path.name}.{os.getpid()}")
        tmp.write_text(json.dumps(data, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        tmp.replace(self.path)


def check_external(
    urls: Iterable[str],
    fetch: Fetcher,
    cache: LinkCache,
    now: float,
    *,
    timeout: float = 10.0,
    workers: int = 8,
) -> dict[str, LinkStatus]:
    """The status of every URL: from the cache when fresh, else fetched (in threads)."""
    results: dict[str, LinkStatus] = {}
    todo: list[str] = []
    for url in sorted(set(urls)):
        cached = cache.fresh(url, now)
        if cached is not None:
            results[url] = cached
        else:
            todo.append(url)
    if todo:
        with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
            answers = list(pool.map(lambda u: fetch(u, timeout), todo))
        for url, answer in zip(todo, answers, strict=True):
            stamped = LinkStatus(status=answer.status, error=answer.error, checked=now)
            results[url] = cache.entries[url] = stamped
    return results
