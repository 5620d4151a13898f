"""Related posts: for each regular page, the pages of its language sharing the most weighted
terms (`related:`, Hugo's related-content rules). Pure; an inverted index term -> pages.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Collection, Mapping
from datetime import UTC, datetime

from polyblog.config import Config
from polyblog.site.model import Page, PageKey, PageKind

_FAR_PAST = datetime(1, 1, 1, tzinfo=UTC)

Related = dict[PageKey, tuple[PageKey, ...]]


def related_pages(
    config: Config,
    pages: Mapping[PageKey, Page],
    langs: Collection[str] | None = None,
    only: Collection[PageKey] | None = None,
) -> Related:
    """Up to `related.count` pages for each regular page that has any, best first: the sum of
    the weights of the terms they share (`related.indices`), then the newest, then by path. A
    page never matches itself, other languages never match, and with `include_newer: false` no
    newer page does. `related.threshold` drops weak matches as Hugo does (normalised 0-100).
    `langs`: only the pages of these languages (each language is ranked on its own); `only`:
    the lists of these pages alone (ranked among all pages), in the same order."""
    rc = config.related
    taxonomies = set(config.taxonomies)
    weights = {i.name: i.weight for i in rc.indices if i.weight and i.name in taxonomies}
    if rc.count <= 0 or not weights:
        return {}
    by_lang: dict[str, list[Page]] = defaultdict(list)
    for page in pages.values():
        if page.kind is PageKind.PAGE and (langs is None or page.lang in langs):
            by_lang[page.lang].append(page)
    keep = _Threshold(rc.threshold, weights)
    out: Related = {}
    for lang in sorted(by_lang):
        out.update(_language(by_lang[lang], weights, rc.count, rc.include_newer, keep, only))
    return out


def _language(
    pages: list[Page],
    weights: Mapping[str, int],
    count: int,
    include_newer: bool,
    keep: _Threshold,
    only: Collection[PageKey] | None = None,
) -> Related:
    """The related pages of one language's pages.

    Each page is a bit, in tie-break order (newest first, then by path), and each term the
    set of its pages as an int (the inverted index). For a page, the intersections of its
    terms' sets, heaviest first, give its best matches: a page in the intersection of the
    terms S and in none of its other terms shares exactly S; the lowest bits win ties."""
    pages = sorted(pages, key=rank_order)
    index: dict[tuple[str, str], int] = defaultdict(int)
    for bit, page in enumerate(pages):
        for ref in page.terms:
            if ref.taxonomy in weights:
                index[(ref.taxonomy, ref.key)] |= 1 << bit
    out: Related = {}
    newer = 0  # the bits below this one are newer pages (`include_newer: false`)
    for bit, page in enumerate(pages):
        if bit and pages[bit - 1].date != page.date:
            newer = bit
        if only is not None and page.key not in only:
            continue
        allowed = ~(1 << bit) if include_newer else ~((1 << newer) - 1) & ~(1 << bit)
        terms = sorted(
            (
                (weights[ref.taxonomy], index[(ref.taxonomy, ref.key)] & allowed)
                for ref in page.terms
                if ref.taxonomy in weights
            ),
            key=lambda term: -term[0],
        )
        best = _best(terms, count, keep)
        if best:
            out[page.key] = tuple(pages[b].key for b in best)
    return out


def rank_order(page: Page) -> tuple[float, str]:
    """The order of a language's pages: newest first, then by path (ties go to the first)."""
    return (-(page.date or _FAR_PAST).timestamp(), page.path)


def _best(terms: list[tuple[int, int]], count: int, keep: _Threshold) -> list[int]:
    """Up to `count` bits: the highest total weight of shared terms, then the lowest bit."""
    shared: list[tuple[int, int, int]] = []  # (weight, number of terms, terms' bits) per subset
    masks = [mask for _weight, mask in terms]
    everything = -1
    _subsets(terms, masks, shared, 0, everything, 0, 0, 0)
    shared.sort(key=lambda s: -s[0])
    out: list[int] = []
    i = 0
    while i < len(shared) and len(out) < count:
        weight = shared[i][0]
        level = 0  # every page whose shared terms weigh exactly `weight`
        while i < len(shared) and shared[i][0] == weight:
            _weight, size, chosen = shared[i]
            i += 1
            if not keep(weight, size):
                continue
            exact = everything
            for j, mask in enumerate(masks):
                exact &= mask if chosen >> j & 1 else ~mask
            level |= exact
        while level and len(out) < count:
            low = level & -level
            out.append(low.bit_length() - 1)
            level ^= low
    return out


def _subsets(
    terms: list[tuple[int, int]],
    masks: list[int],
    shared: list[tuple[int, int, int]],
    start: int,
    common: int,
    weight: int,
    size: int,
    chosen: int,
) -> None:
    """Add to `shared` every subset of the terms from `start` on that some page (of `common`)
    has, with `chosen` (a module function, not a closure that refers to itself: that would be
    a reference cycle, garbage for the cyclic collector, for each page)."""
    for i in range(start, len(terms)):
        both = common & masks[i]
        if both:
            total = weight + terms[i][0]
            shared.append((total, size + 1, chosen | 1 << i))
            _subsets(terms, masks, shared, i + 1, both, total, size + 1, chosen | 1 << i)


class _Threshold:
    """Hugo's threshold (related/inverted_index.go, 0.111): the average weight of a match's
    shared terms, normalised to 0-100 between the lowest weight (or 0) and the highest, must
    reach the threshold divided by their number."""

    def __init__(self, threshold: int, weights: Mapping[str, int]) -> None:
        self.threshold = threshold
        self.low = min(0, *weights.values())
        self.high = max(weights.values())
        self.always = threshold == 0 and self.low == 0

    def __call__(self, weight: int, matches: int) -> bool:
        if self.always:
            return True
        average = int(weight / matches)  # Go's integer division truncates toward zero
        span = self.high - self.low
        normal = math.floor((average - self.low) / span * 100 + 0.5) if span else 100
        return normal >= self.threshold // matches
