"""`disable_kinds` (Hugo's disableKinds): no output for a kind, and no link to what is not
built. Hugo 0.111.3 on the same shapes of site (checked by hand): pages of a disabled kind do not
exist (`GetPage` is nil, a menu `pageRef` to them has no URL, `.GetTerms` is empty with `term`
disabled, no RSS output format with `RSS` disabled), and everything else is built as usual."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from sitekit import Built, page, run_cli

CONFIG = """\
title: T
base_url: https://example.org/
taxonomies: [tags, series]
languages:
  en: {}
  fr: {}
menus:
  en:
    - {name: Home, page_ref: /, weight: 1}
    - {name: Posts, page_ref: /posts, weight: 2}
    - {name: Tags, page_ref: /tags, weight: 3}
    - {name: Go, page_ref: /tags/go, weight: 4}
    - {name: About, page_ref: /about, weight: 5}
disable_kinds: [KINDS]
"""

FILES = {
    "content/posts/_index.md": page("Posts"),
    "content/posts/a.md": page("A", "Body A", date="2024-01-02", tags=["go"], series=["s"]),
    "content/posts/a.fr.md": page("A fr", "Corps", date="2024-01-02", tags=["go"]),
    "content/posts/b.md": page("B", "Body B", date="2024-01-01", series=["s"], aliases=["/old/"]),
    "content/about.md": page("About", "Me"),
}


def build(build_site: Callable[..., Built], *kinds: str) -> Built:
    config = CONFIG.replace("KINDS", ", ".join(f'"{k}"' for k in kinds))
    return build_site(FILES, config=config)


def outputs(built: Built) -> set[str]:
    return {f for f in built.files() if f.endswith((".html", ".xml", ".txt"))}


def menu(built: Built, url: str) -> list[str]:
    return [a.text_content() for a in built.html(url).xpath('//nav[@class="site-nav"]//a')]


def assert_no_broken_links(built: Built) -> None:
    check = run_cli(["check", "--source", str(built.root), "--jobs", "1"])
    assert check.exit_code == 0, check.stderr


@pytest.fixture(scope="module")
def everything(site_factory) -> Built:  # type: ignore[no-untyped-def]
    return site_factory.build(FILES, config=CONFIG.replace("KINDS", ""))


def test_nothing_disabled(everything: Built) -> None:
    files = outputs(everything)
    assert {"index.xml", "sitemap.xml", "robots.txt", "404.html", "tags/index.html"} <= files
    assert menu(everything, "/about/") == ["Home", "Posts", "Tags", "Go", "About"]


def test_rss(build_site: Callable[..., Built], everything: Built) -> None:
    built = build(build_site, "rss")
    assert not any(f.endswith(".xml") and "sitemap" not in f for f in outputs(built))
    feeds = ("index.xml", "atom.xml")  # feeds.formats by default: rss, atom
    assert outputs(built) == {f for f in outputs(everything) if not f.endswith(feeds)}
    for url in ("/", "/posts/", "/tags/go/"):
        tree = built.html(url)
        assert not tree.xpath('//link[@type="application/rss+xml"]')
        assert not tree.xpath('//a[contains(@href, ".xml")]')
    assert_no_broken_links(built)


def test_sitemap_and_robots_txt(build_site: Callable[..., Built]) -> None:
    built = build(build_site, "sitemap")
    assert not any("sitemap" in f for f in outputs(built))
    assert "Sitemap:" not in built.read("/robots.txt").decode()
    built = build(build_site, "robots_txt")
    assert "robots.txt" not in outputs(built) and "sitemap.xml" in outputs(built)


def test_taxonomy(build_site: Callable[..., Built]) -> None:
    built = build(build_site, "taxonomy")
    files = outputs(built)
    assert "tags/index.html" not in files and "fr/tags/index.html" not in files
    assert "tags/go/index.html" in files
    term = built.html("/tags/go/")
    assert not term.xpath('//a[@href="/tags/"]')  # no "all tags" link
    assert menu(built, "/about/") == ["Home", "Posts", "Go", "About"]
    assert_no_broken_links(built)


def test_term(build_site: Callable[..., Built]) -> None:
    built = build(build_site, "term")
    files = outputs(built)
    assert not any(f.startswith(("tags/go", "series/s", "fr/tags/go")) for f in files)
    assert "tags/index.html" in files
    post = built.html("/posts/a/")
    assert not post.xpath('//main//a[contains(@href, "/tags/")]')  # no term links
    assert not post.xpath('//*[contains(@class,"series")]')  # no series without its term
    assert not built.html("/tags/").xpath('//ul[contains(@class,"term-cloud")]')
    assert menu(built, "/about/") == ["Home", "Posts", "Tags", "About"]
    assert_no_broken_links(built)


def test_section(build_site: Callable[..., Built]) -> None:
    built = build(build_site, "section")
    files = outputs(built)
    assert "posts/index.html" not in files and "posts/a/index.html" in files
    assert menu(built, "/about/") == ["Home", "Tags", "Go", "About"]
    assert_no_broken_links(built)


def test_page(build_site: Callable[..., Built]) -> None:
    built = build(build_site, "page")
    files = outputs(built)
    assert not any(f.startswith(("posts/a/", "posts/b/", "about", "old/")) for f in files)
    assert "posts/index.html" in files and "index.html" in files
    assert not built.html("/").xpath("//article")  # lists are empty, as in Hugo
    assert not any(f.startswith("tags/go") for f in files)  # terms come from pages
    assert menu(built, "/") == ["Home", "Posts", "Tags"]
    assert_no_broken_links(built)


def test_home(build_site: Callable[..., Built]) -> None:
    built = build(build_site, "home")
    files = outputs(built)
    assert not {"index.html", "index.xml", "fr/index.html", "fr/index.xml"} & files
    assert not {"page/1/index.html", "en/index.html"} & files  # no redirects to it
    post = built.html("/posts/a/")
    assert not post.xpath('//a[@rel="home"]') and post.xpath('//span[@class="site-title"]')
    assert menu(built, "/posts/a/") == ["Posts", "Tags", "Go", "About"]
    # a language without a translation of this page: nowhere to link to
    switch = built.html("/posts/b/").xpath('//nav[contains(@class,"lang-switcher")]')[0]
    (entry,) = switch.xpath('.//*[@lang="fr"]')
    assert entry.tag == "span"
    assert "posts/a/index.html" in files and "robots.txt" in files
    sitemap = built.read("/en/sitemap.xml").decode()
    assert "<loc>https://example.org/</loc>" not in sitemap
    assert_no_broken_links(built)


def test_404(build_site: Callable[..., Built]) -> None:
    built = build(build_site, "404")
    assert not any(f.endswith("404.html") for f in outputs(built))
    assert "Built" in built.result.stdout
