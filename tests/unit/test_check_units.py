"""The pieces of `blog check` on their own: the HTML/XML scanner, URL resolution against the
output folder, the outside-link cache, and base-path rebasing of Markdown links."""

from __future__ import annotations

import gc
import json
from pathlib import Path

import lxml.html

from polyblog.check.external import FRESH_SECONDS, LinkCache, LinkStatus, check_external
from polyblog.check.links import OutputTree
from polyblog.check.scan import scan_html, scan_xml
from polyblog.config import MarkupConfig
from polyblog.markup import render_markdown


def kinds(data: str) -> list[tuple[str, str, str]]:
    return [(link.kind, link.url, link.label) for link in scan_html(data.encode()).links]


def test_scan_collects_links_ids_and_kinds() -> None:
    html = (
        '<html lang="fr"><head><link rel="stylesheet" href="/s.css">'
        '<link rel="preconnect" href="https://fonts.example">'
        '<link rel="alternate" hreflang="en" href="https://e.org/x/">'
        '<meta property="og:image" content="https://e.org/i.png">'
        '<meta http-equiv="refresh" content="0; url=/new/"></head>'
        '<body><h2 id="a">A</h2><a name="legacy"></a>'
        '<img src="a.png" srcset="a-1x.png 1x, a-2x.png 2x">'
        '<nav class="menu lang-switcher"><div><a href="/en/" hreflang="en">EN</a></div></nav>'
        '<a href="/after/">after</a></body></html>'
    )
    scan = scan_html(html.encode())
    assert scan.lang == "fr"
    assert scan.ids == {"a", "legacy"}
    assert kinds(html) == [
        ("resource", "/s.css", ""),
        ("alternate", "https://e.org/x/", "en"),
        ("meta", "https://e.org/i.png", "og:image"),
        ("redirect", "/new/", ""),
        ("image", "a.png", ""),
        ("image", "a-1x.png", ""),
        ("image", "a-2x.png", ""),
        ("switcher", "/en/", "en"),
        ("link", "/after/", ""),  # the switcher ended with its </nav>
    ]


def test_scan_xml_sitemap_and_feed() -> None:
    sitemap = (
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:xhtml="http://www.w3.org/1999/xhtml"><url><loc>https://e.org/a/</loc>'
        '<xhtml:link rel="alternate" hreflang="fr" href="https://e.org/fr/a/"/></url></urlset>'
    )
    assert [x.url for x in scan_xml(sitemap.encode()).links] == [
        "https://e.org/a/",
        "https://e.org/fr/a/",
    ]
    assert scan_xml(b"not xml <").links == []


def test_resolve_against_the_output_and_base_path(tmp_path: Path) -> None:
    for rel in ("index.html", "posts/a/index.html", "posts/a/pic.png", "tags/機械学習/index.html"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("x")
    tree = OutputTree(tmp_path, "https://e.org/blog/")
    page = "posts/a/index.html"
    assert tree.page_url(page) == "https://e.org/blog/posts/a/"
    hit = tree.resolve("pic.png", page)
    assert (hit.where, hit.file, hit.exists) == ("internal", "posts/a/pic.png", True)
    assert tree.resolve("/blog/posts/a/#top", page).fragment == "top"
    assert tree.resolve("/blog/posts/a", page).exists  # served as a redirect to /posts/a/
    assert tree.resolve("/blog/tags/%E6%A9%9F%E6%A2%B0%E5%AD%A6%E7%BF%92/", page).exists
    assert tree.resolve("../../", page).file == "index.html"
    assert tree.resolve("/posts/a/", page).where == "outside"
    assert tree.resolve("https://e.org/blog/posts/b/", page).exists is False
    assert tree.resolve("https://other.org/", page).where == "external"
    assert tree.resolve("//cdn.example/x.js", page).where == "external"
    for skipped in ("mailto:a@e.org", "tel:+33", "data:image/png;base64,xx", ""):
        assert tree.resolve(skipped, page).where == "skip"


def test_cache_keeps_working_links_for_a_while(tmp_path: Path) -> None:
    path = tmp_path / ".blog-cache" / "external-links.json"
    cache = LinkCache.load(path)  # no file yet
    fetched: list[str] = []

    def fetch(url: str, timeout: float) -> LinkStatus:
        fetched.append(url)
        return LinkStatus(status=0, error="timed out") if "slow" in url else LinkStatus(status=200)

    urls = ["https://a.example/", "https://slow.example/", "https://a.example/"]
    first = check_external(urls, fetch, cache, now=1000.0)
    assert fetched == ["https://a.example/", "https://slow.example/"]
    assert first["https://slow.example/"].reason() == "timed out"
    assert not first["https://slow.example/"].gone  # a warning, not an error
    cache.save()
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["https://a.example/"] == {"status": 200, "error": "", "checked": 1000.0}

    fetched.clear()
    check_external(urls, fetch, LinkCache.load(path), now=2000.0)
    assert fetched == ["https://slow.example/"]  # failures are always fetched again
    fetched.clear()
    check_external(urls, fetch, LinkCache.load(path), now=1000.0 + FRESH_SECONDS + 1)
    assert fetched == ["https://a.example/", "https://slow.example/"]


def test_corrupt_cache_is_ignored(tmp_path: Path) -> None:
    path = tmp_path / "c.json"
    path.write_text('{"https://a.example/": {"status": "x"}, "b": 3}', encoding="utf-8")
    assert LinkCache.load(path).entries == {}
    path.write_text("[not json", encoding="utf-8")
    assert LinkCache.load(path).entries == {}


def urls(html: str) -> list[str]:
    tree = lxml.html.fragment_fromstring(html, create_parent="div")
    return [str(u) for u in tree.xpath("//a/@href | //img/@src")]


def test_markdown_site_paths_get_the_base_path() -> None:
    source = (
        "[a](/posts/a/) ![i](/img/i.png) [kept](/blog/posts/b/) [rel](x/) [ext](https://e.org/)"
        " [proto](//cdn.example/x)\n\n<a href='/raw/'>raw HTML is left alone</a>\n"
    )
    body = render_markdown(source, "en", MarkupConfig(), None, 70, base_path="/blog/")
    assert urls(body.html) == [
        "/blog/posts/a/",
        "/blog/img/i.png",
        "/blog/posts/b/",
        "x/",
        "https://e.org/",
        "//cdn.example/x",
        "/raw/",
    ]
    root = render_markdown(source, "en", MarkupConfig(), None, 70)
    assert urls(root.html)[:3] == ["/posts/a/", "/img/i.png", "/blog/posts/b/"]
    summary = render_markdown(
        "[a](/a/)", "en", MarkupConfig(), "See [b](/b/).", 70, base_path="/blog/"
    )
    assert urls(summary.summary_html) == ["/blog/b/"]


def test_build_link_check_keeps_the_heap_out_of_the_collector() -> None:
    """`blog build`'s link check freezes what exists (the model and bodies outlive it) and
    unfreezes it after, unless the heap was frozen before (its freezer unfreezes it)."""
    from polyblog.check.staged import _heap_kept

    assert gc.get_freeze_count() == 0
    with _heap_kept():
        assert gc.get_freeze_count() > 0
    assert gc.get_freeze_count() == 0
    gc.freeze()
    try:
        with _heap_kept():
            pass
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
