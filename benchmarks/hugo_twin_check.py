#!/usr/bin/env python3
"""How close the Hugo twin's pages are to polyblog's: the same pages, of about the same size,
with the same elements. The twin (benchmarks/hugo_twin/) is a set of Hugo layouts and shortcodes
written to make the pages polyblog's default theme makes, so that `bench_build.py --hugo-twin`
times Hugo doing the same job; this script checks that claim on two built folders.

    python benchmarks/hugo_twin_check.py POLYBLOG_OUT HUGO_OUT [--per-kind 20]

For a sample of pages of each kind (posts, home and section pagers, term pagers, in every
language) it compares: both files exist; their sizes; the visible words; and the sequence of
elements in <body> (tag and class), as a similarity ratio (1.0 = the same sequence). It exits
non-zero when a sampled page is missing from Hugo's output, or when a kind's median size or
element similarity is outside the limits (--size-tolerance, --min-similarity): the twin then no
longer makes the pages the theme makes, and needs updating. Stdlib only.
"""

from __future__ import annotations

import argparse
import difflib
import statistics
import sys
from html.parser import HTMLParser
from pathlib import Path


class _Shape(HTMLParser):
    """The elements of <body> (tag.class) and its visible words."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[str] = []
        self.words = 0
        self._body = False
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "body":
            self._body = True
            return
        if tag in ("script", "style"):
            self._skip += 1
        if self._body:
            cls = dict(attrs).get("class") or ""
            self.elements.append(f"{tag}.{'.'.join(sorted(cls.split()))}" if cls else tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style") and self._skip:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if self._body and not self._skip:
            self.words += len(data.split())


def shape(path: Path) -> _Shape:
    parser = _Shape()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    return parser


def kinds(root: Path, languages: list[str], per_kind: int) -> dict[str, list[str]]:
    """Relative paths of sample pages, by kind."""
    out: dict[str, list[str]] = {}
    for lang in languages:
        prefix = "" if lang == languages[0] else f"{lang}/"
        posts = sorted(p.parent.name for p in (root / prefix / "posts").glob("*/index.html"))
        step = max(len(posts) // per_kind, 1)
        out[f"post {lang}"] = [f"{prefix}posts/{name}/index.html" for name in posts[::step]]
        out[f"home {lang}"] = [f"{prefix}index.html", f"{prefix}page/2/index.html"]
        out[f"section {lang}"] = [f"{prefix}posts/index.html", f"{prefix}posts/page/3/index.html"]
        terms = sorted(p.parent.name for p in (root / prefix / "tags").glob("*/index.html"))
        out[f"term {lang}"] = [f"{prefix}tags/{name}/index.html" for name in terms[:per_kind]]
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("polyblog", type=Path)
    parser.add_argument("hugo", type=Path)
    parser.add_argument("--languages", default="en,fr,de", help="first = default language")
    parser.add_argument("--per-kind", type=int, default=20, help="pages sampled per kind")
    parser.add_argument(
        "--size-tolerance", type=float, default=0.05, help="largest median size difference"
    )
    parser.add_argument(
        "--min-similarity", type=float, default=0.85, help="smallest median element similarity"
    )
    args = parser.parse_args(argv)
    samples = kinds(args.polyblog, args.languages.split(","), args.per_kind)
    print(
        f"{'kind':<12} {'pages':>5} {'missing':>7} {'size ratio':>10} {'words ratio':>11} "
        f"{'elements':>8}"
    )
    absent, off = 0, []
    for kind, paths in samples.items():
        sizes, words, similar, missing = [], [], [], 0
        for rel in paths:
            ours, theirs = args.polyblog / rel, args.hugo / rel
            if not theirs.is_file():
                missing += 1
                continue
            a, b = shape(ours), shape(theirs)
            sizes.append(theirs.stat().st_size / ours.stat().st_size)
            words.append(b.words / max(a.words, 1))
            ratio = difflib.SequenceMatcher(None, a.elements, b.elements, autojunk=False).ratio()
            similar.append(ratio)
        absent += missing
        if not sizes:
            print(f"{kind:<12} {len(paths):>5} {missing:>7}  (no page to compare)")
            continue
        size, alike = statistics.median(sizes), statistics.median(similar)
        if abs(size - 1) > args.size_tolerance or alike < args.min_similarity:
            off.append(kind)
        print(
            f"{kind:<12} {len(paths):>5} {missing:>7} {statistics.median(sizes):>10.3f} "
            f"{statistics.median(words):>11.3f} {statistics.median(similar):>8.3f}"
        )
    print(
        "(medians: Hugo's page over polyblog's; elements: similarity of the <body> element "
        "sequences, 1.0 = the same)"
    )
    if absent:
        print(f"{absent} sampled pages are missing from {args.hugo}")
    if off:
        print(f"outside the limits: {', '.join(off)}")
    return 1 if absent or off else 0


if __name__ == "__main__":
    sys.exit(main())
