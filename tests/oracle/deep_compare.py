#!/usr/bin/env python3
"""Field-by-field comparison of a Hugo oracle manifest with polyblog's site model.

compare.py (in the oracle folder) checks URLs and hreflang links in a built public/; this script
goes further on the model polyblog assembles (no templates involved): per page kind, section,
title, translations, terms, aliases, paginator pages, term lists, plus what drafts/future leave
out and the feeds/sitemaps Hugo writes. Dates: date and lastmod of every page (list pages
inclusive). 404 pages: translations are not compared (the views write no hreflang there).

    python tests/oracle/deep_compare.py ORACLE.json SITE_DIR [--now ISO] [--public DIR]

SITE_DIR is the blog.yaml site; `--public` (our built output) adds the otherFiles check.
Prints one line per difference, grouped by rule, and a summary; exit 1 when any differ.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import unquote

from polyblog.build import load_site
from polyblog.site import BuildOptions, PageKind


def norm(url: str, base_path: str) -> str:
    url = unquote(url)
    if "://" in url:
        url = (
            "/" + url.split("://", 1)[1].split("/", 1)[1] if "/" in url.split("://", 1)[1] else "/"
        )
    if base_path != "/" and url.startswith(base_path):
        url = "/" + url[len(base_path) :]
    return url


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("manifest")
    ap.add_argument("site")
    ap.add_argument("--now", default=None, help="build time (default: now)")
    ap.add_argument("--public", default=None)
    ap.add_argument("--show", type=int, default=30)
    args = ap.parse_args()
    m = json.loads(Path(args.manifest).read_text(encoding="utf-8"))
    bp = m.get("basePath", "/")
    now = datetime.fromisoformat(args.now) if args.now else datetime.now(UTC)
    site, _warnings = load_site(Path(args.site).resolve(), BuildOptions(now=now), None)
    ours = {p.path: p for p in site.pages.values()}
    diffs: dict[str, list[str]] = defaultdict(list)

    def d(rule: str, text: str) -> None:
        diffs[rule].append(text)

    def path_of(key: str) -> str:
        return site.pages[key].path  # type: ignore[index]

    hugo_pages = {norm(p["relPermalink"], bp): p for p in m["pages"]}
    for url, rec in sorted(hugo_pages.items()):
        page = ours.get(url)
        if page is None:
            d("missing page", f"{rec['kind']:8} {rec['lang']:5} {url}  (file {rec['file']!r})")
            continue
        kind = "404" if page.kind is PageKind.NOT_FOUND else page.kind.value
        if kind != rec["kind"]:
            d("kind", f"{url}: hugo {rec['kind']}, ours {kind}")
        if page.lang != rec["lang"]:
            d("lang", f"{url}: hugo {rec['lang']}, ours {page.lang}")
        if page.kind is not PageKind.NOT_FOUND and page.title != rec["title"]:
            d("title", f"{rec['kind']} {url}: hugo {rec['title']!r}, ours {page.title!r}")
        for field, ours_value in (("date", page.date), ("lastmod", page.lastmod)):
            h_value = (
                datetime.fromisoformat(rec[field].replace("Z", "+00:00")) if rec[field] else None
            )
            if rec["kind"] != "404" and h_value != ours_value:
                d(
                    f"{field}",
                    f"{rec['kind']} {url}: hugo {rec[field] or None}, "
                    f"ours {ours_value.isoformat() if ours_value else None}",
                )
        if rec["kind"] in {"page", "section"} and page.section != rec["section"]:
            d("section", f"{url}: hugo {rec['section']!r}, ours {page.section!r}")
        h_tr = {k: norm(v, bp) for k, v in rec.get("translations", {}).items()}
        o_tr = {site.pages[k].lang: site.pages[k].path for k in page.translations}
        # 404 pages: the model links them, but the theme's views write no hreflang for them
        if h_tr != o_tr and rec["kind"] != "404":
            d("translations", f"{rec['kind']} {url}: hugo {h_tr}, ours {o_tr}")
        if rec["kind"] == "page":
            h_terms = {t: [norm(x["relPermalink"], bp) for x in v] for t, v in rec["terms"].items()}
            h_terms = {t: v for t, v in h_terms.items() if v}
            o_terms: dict[str, list[str]] = defaultdict(list)
            for ref in page.terms:
                o_terms[ref.taxonomy].append(
                    site.pages[f"{page.lang}:term:{ref.taxonomy}/{ref.key}"].path
                )  # type: ignore[index]
            if h_terms != dict(o_terms):
                d("page terms", f"{url}: hugo {h_terms}, ours {dict(o_terms)}")
        h_al = sorted(norm(a, bp) for a in rec.get("aliases", []))
        if h_al and sorted(page.aliases) != h_al:
            d("front-matter aliases", f"{url}: hugo {h_al}, ours {sorted(page.aliases)}")
        if "paginator" in rec:
            pg = rec["paginator"]
            pagers = site.pagers.get(page.key, ())
            o_first = [path_of(k) for k in pagers[0].items] if pagers else []
            h_first = [norm(x, bp) for x in pg["pages"]]
            if o_first != h_first:
                same = (
                    "same set, other order" if sorted(o_first) == sorted(h_first) else "different"
                )
                d(
                    "paginator page 1",
                    f"{rec['kind']} {url} ({same}): hugo {h_first}, ours {o_first}",
                )
            if len(pagers) != pg["totalPages"]:
                d("pager count", f"{url}: hugo {pg['totalPages']}, ours {len(pagers)}")
        if rec["kind"] == "taxonomy":
            h_list = [norm(t["relPermalink"], bp) for t in rec.get("termList", [])]
            o_list = sorted(path_of(k) for k in page.listed)
            if sorted(h_list) != o_list:
                d("taxonomy term list", f"{url}: hugo {h_list}, ours {o_list}")
        if rec["kind"] == "section":
            h_list = [norm(x, bp) for x in rec.get("listed", [])]
            o_list = [path_of(k) for k in page.listed]
            if h_list != o_list:
                same = "same set, other order" if sorted(o_list) == sorted(h_list) else "different"
                d("section .Pages", f"{url} ({same}): hugo {h_list}, ours {o_list}")
        if rec.get("parent") is not None and rec["kind"] in {"page", "term"}:
            hp = norm(rec["parent"], bp) if rec["parent"] else ""
            op = site.pages[page.parent].path if page.parent else ""  # type: ignore[index]
            if hp != op and not (
                rec["kind"] == "page" and hp in {"", "/", f"/{page.lang}/"} and op == ""
            ):
                d("parent", f"{rec['kind']} {url}: hugo {hp!r}, ours {op!r}")
    for url, page in sorted(ours.items()):
        if url not in hugo_pages:
            d(
                "extra page",
                f"{page.kind.value:8} {page.lang:5} {url}  "
                f"(source {page.source.path if page.source else '-'})",
            )

    # pagers 2..N
    h_pagers = {
        norm(pp["url"], bp): [norm(x, bp) for x in pp["pages"]]
        for rec in m["pages"]
        for pp in rec.get("pagers", [])
    }
    o_pagers = {
        pg.path: [path_of(k) for k in pg.items]
        for group in site.pagers.values()
        for pg in group[1:]
    }
    for url in sorted(set(h_pagers) | set(o_pagers)):
        if h_pagers.get(url) != o_pagers.get(url):
            d("pagers", f"{url}: hugo {h_pagers.get(url)}, ours {o_pagers.get(url)}")

    # alias redirects
    h_alias = {norm(a["url"], bp): norm(a["target"], bp) for a in m["aliases"]}
    o_alias = {a.path: a.target for a in site.aliases}
    for url in sorted(set(h_alias) | set(o_alias)):
        if h_alias.get(url) != o_alias.get(url):
            d("alias redirects", f"{url}: hugo -> {h_alias.get(url)}, ours -> {o_alias.get(url)}")

    # excluded: nothing Hugo left out may be in our default build
    for rec in m.get("excluded", []):
        url = norm(rec["relPermalink"], bp)
        if url in ours:
            d("excluded but built", f"{url} ({rec['reason']})")

    if args.public:
        pub = Path(args.public)
        ours_files = {
            "/" + p.relative_to(pub).as_posix()
            for p in pub.rglob("*")
            if p.is_file() and p.suffix in {".xml", ".txt", ".json"}
        }
        static = Path(args.site) / "static"
        if static.is_dir():  # static copies are not otherFiles
            ours_files -= {"/" + p.relative_to(static).as_posix() for p in static.rglob("*")}
        h_files = {norm(f, bp) for f in m.get("otherFiles", [])}
        for f in sorted(h_files - ours_files):
            d("otherFiles missing", f)
        for f in sorted(ours_files - h_files):
            d("otherFiles extra", f)

    total = 0
    for rule in sorted(diffs):
        items = diffs[rule]
        total += len(items)
        print(f"== {rule}: {len(items)}")
        for line in items[: args.show]:
            print("   " + line)
        if len(items) > args.show:
            print(f"   ... {len(items) - args.show} more")
    print(
        f"deep: {len(hugo_pages)} hugo pages, {len(ours)} ours; {total} differences in "
        f"{len(diffs)} rules"
        + (f" ({', '.join(f'{k}={len(v)}' for k, v in sorted(diffs.items()))})" if diffs else "")
    )
    return 1 if diffs else 0


if __name__ == "__main__":
    sys.exit(main())
