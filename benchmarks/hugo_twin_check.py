#!/usr/bin/env python3
"""How close the Hugo twin's pages are to polyblog's: the same pages, of about the same size,
with the same elements. The twin (benchmarks/hugo_twin/) is a set of Hugo layouts and shortcodes
written to make the pages polyblog's default theme makes, so that `bench_build.py --hugo-twin`
times Hugo doing the same job; this script checks that claim on two built folders.

    python benchmarks/hugo_twin_check.py POLYBLOG_OUT HUGO_OUT [--per-kind 20]

For a sample of pages of each kind, in every language (posts; home, section and term pagers;
taxonomy pages; the archive and 404 pages; RSS and Atom feeds; sitemaps) it compares: both files
exist; their sizes (medians, in bytes); the visible words; the sequence of elements (tag and
class: in <body> for HTML, the whole document for XML) as a similarity ratio (1.0 = the same
sequence); and for HTML the <head>: its title, <meta>, <link> and JSON-LD items (the generator's
name and the word count left out), as the share found in both. It also compares the two file
lists. It exits non-zero when a sampled page is missing from Hugo's output, or when a kind's
median size or element similarity is outside the limits (--size-tolerance, --min-similarity):
the twin then no longer makes the pages the theme makes, and needs updating. Stdlib only.

What it cannot see: the words of a page may be the same and its numbers differ (each generator
counts words and reading time its own way), and the generators' own markup for the same
Markdown (Pygments' and Chroma's highlighting spans, footnotes) differs in elements, not content.
"""

from __future__ import annotations

import argparse
import collections
import difflib
import json
import statistics
import sys
from html.parser import HTMLParser
from pathlib import Path

# head items that differ by design: the generator's name
UNCOMPARED_META = {"generator"}


class _Shape(HTMLParser):
    """The elements (tag.class) of <body>, or of the whole document for XML; the visible words;
    the items of <head>."""

    def __init__(self, whole: bool = False) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[str] = []
        self.head: list[tuple[str, ...]] = []
        self.words = 0
        self._body = whole
        self._head = False
        self._skip = 0
        self._title = False
        self._ld: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "head":
            self._head = True
        elif tag == "body":
            self._head, self._body = False, True
            return
        if self._head:
            self._head_item(tag, found)
        if tag in ("script", "style"):
            self._skip += 1
        if self._body:
            cls = found.get("class") or ""
            self.elements.append(f"{tag}.{'.'.join(sorted(cls.split()))}" if cls else tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag in ("script", "style") and self._skip:
            self._skip -= 1

    def _head_item(self, tag: str, found: dict[str, str | None]) -> None:
        if tag == "meta":
            name = found.get("name") or found.get("property") or found.get("charset") or ""
            if name not in UNCOMPARED_META:
                self.head.append(("meta", name, found.get("content") or ""))
        elif tag == "link":
            keys = ("rel", "hreflang", "type", "title", "href")
            self.head.append(("link", *(found.get(k) or "" for k in keys)))
        elif tag == "title":
            self._title = True
        elif tag == "script" and found.get("type") == "application/ld+json":
            self._ld = ""

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style") and self._skip:
            self._skip -= 1
        if tag == "title":
            self._title = False
        if tag == "script" and self._ld is not None:
            try:
                data = json.loads(self._ld)
            except ValueError:
                data = {"unreadable": self._ld}
            if isinstance(data, dict):
                data.pop("wordCount", None)  # each generator counts words its own way
            self.head.append(("ld", json.dumps(data, sort_keys=True)))
            self._ld = None

    def handle_data(self, data: str) -> None:
        if self._ld is not None:
            self._ld += data
        elif self._title:
            self.head.append(("title", data.strip()))
        elif self._body and not self._skip:
            self.words += len(data.split())


def shape(path: Path) -> _Shape:
    parser = _Shape(whole=path.suffix == ".xml")
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    return parser


def head_alike(a: list[tuple[str, ...]], b: list[tuple[str, ...]]) -> float:
    """The share of head items found in both (1.0 = the same items, in any order)."""
    if not a and not b:
        return 1.0
    ours, theirs = collections.Counter(a), collections.Counter(b)
    return 2 * sum((ours & theirs).values()) / (len(a) + len(b))


def spread(names: list[str], count: int) -> list[str]:
    """`count` of `names`, evenly spread."""
    step = max(len(names) // max(count, 1), 1)
    return names[::step][:count]


def kinds(root: Path, languages: list[str], per_kind: int) -> dict[str, list[str]]:
    """Relative paths of sample pages of polyblog's output, by kind."""
    out: dict[str, list[str]] = {}
    for lang in languages:
        prefix = "" if lang == languages[0] else f"{lang}/"
        base = root / prefix
        posts = sorted(p.parent.name for p in (base / "posts").glob("*/index.html"))
        out[f"post {lang}"] = [
            f"{prefix}posts/{name}/index.html" for name in spread(posts, per_kind)
        ]
        out[f"home {lang}"] = [f"{prefix}index.html", f"{prefix}page/2/index.html"]
        out[f"section {lang}"] = [f"{prefix}posts/index.html", f"{prefix}posts/page/3/index.html"]
        terms = sorted(
            f"{taxonomy}/{p.parent.name}"
            for taxonomy in ("tags", "categories", "series")
            for p in (base / taxonomy).glob("*/index.html")
            if p.parent.name != "page"
        )
        picked = spread(terms, per_kind)
        out[f"term {lang}"] = [f"{prefix}{t}/index.html" for t in picked]
        out[f"taxonomy {lang}"] = [
            f"{prefix}{t}/index.html" for t in ("tags", "categories", "series")
        ]
        out[f"archive {lang}"] = [f"{prefix}archives/index.html"]
        out[f"404 {lang}"] = [f"{prefix}404.html"]
        lists = ["", "posts/", "tags/"] + [f"{t}/" for t in picked[: max(per_kind // 4, 1)]]
        out[f"rss {lang}"] = [f"{prefix}{d}index.xml" for d in lists]
        out[f"atom {lang}"] = [f"{prefix}{d}atom.xml" for d in lists]
        out[f"sitemap {lang}"] = [f"{lang}/sitemap.xml"]
    return {kind: [p for p in paths if (root / p).is_file()] for kind, paths in out.items()}


def file_lists(ours: Path, theirs: Path) -> tuple[int, int, list[str], list[str]]:
    a = {p.relative_to(ours).as_posix() for p in ours.rglob("*") if p.is_file()}
    b = {p.relative_to(theirs).as_posix() for p in theirs.rglob("*") if p.is_file()}
    return len(a), len(b), sorted(a - b), sorted(b - a)


def _few(names: list[str]) -> str:
    """How many, and the first few."""
    if not names:
        return "0"
    return f"{len(names)} ({', '.join(names[:5])}{', ...' if len(names) > 5 else ''})"


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
        f"{'kind':<12} {'pages':>5} {'missing':>7} {'polyblog B':>10} {'hugo B':>8} "
        f"{'size':>6} {'words':>6} {'elements':>8} {'head':>6}"
    )
    absent, off = 0, []
    for kind, paths in samples.items():
        if not paths:
            continue
        ours_b, theirs_b, sizes, words, similar, heads, missing = [], [], [], [], [], [], 0
        for rel in paths:
            ours, theirs = args.polyblog / rel, args.hugo / rel
            if not theirs.is_file():
                missing += 1
                continue
            a, b = shape(ours), shape(theirs)
            ours_b.append(ours.stat().st_size)
            theirs_b.append(theirs.stat().st_size)
            sizes.append(theirs_b[-1] / ours_b[-1])
            words.append(b.words / max(a.words, 1))
            ratio = difflib.SequenceMatcher(None, a.elements, b.elements, autojunk=False).ratio()
            similar.append(ratio)
            heads.append(head_alike(a.head, b.head))
        absent += missing
        if not sizes:
            print(f"{kind:<12} {len(paths):>5} {missing:>7}  (no page to compare)")
            continue
        size, alike = statistics.median(sizes), statistics.median(similar)
        if abs(size - 1) > args.size_tolerance or alike < args.min_similarity:
            off.append(kind)
        head = f"{statistics.median(heads):>6.3f}" if ".xml" not in paths[0] else f"{'-':>6}"
        print(
            f"{kind:<12} {len(paths):>5} {missing:>7} {statistics.median(ours_b):>10.0f} "
            f"{statistics.median(theirs_b):>8.0f} {size:>6.3f} {statistics.median(words):>6.3f} "
            f"{alike:>8.3f} {head}"
        )
    print(
        "(medians; size and words: Hugo's over polyblog's; elements: similarity of the element "
        "sequences; head: share of <head> items in both; 1.0 = the same)"
    )
    count_a, count_b, only_a, only_b = file_lists(args.polyblog, args.hugo)
    print(
        f"files: polyblog {count_a}, Hugo {count_b}; only in polyblog's output {_few(only_a)}; "
        f"only in Hugo's {_few(only_b)}"
    )
    if absent:
        print(f"{absent} sampled pages are missing from {args.hugo}")
    if off:
        print(f"outside the limits: {', '.join(off)}")
    return 1 if absent or off else 0


if __name__ == "__main__":
    sys.exit(main())
