"""Lists in the built site: sections and home with pagination, taxonomies and term pages,
tag/category links, the series box, and RSS feeds (well-formed, right items, right order)."""

from __future__ import annotations

from email.utils import parsedate_to_datetime

import pytest

from sitekit import Built, SiteFactory, page

CONFIG = """\
title: Lists
description: Lists and feeds.
base_url: https://example.org/
pagination:
  page_size: 2
"""

POSTS = {
    f"content/posts/p{i}.md": page(
        f"Post {i}",
        f"Body of post {i} with <b>bold</b> & ampersand.\n",
        date=f"2024-01-{i:02d}T09:00:00+01:00",
        tags=["Python"] + (["Machine Learning"] if i % 2 else ["machine-learning"]),
        categories=["Code"] if i <= 3 else ["Notes"],
    )
    for i in range(1, 6)
}
SERIES = {
    "content/posts/s1.md": page(
        "Series One", date="2023-06-01", series=["Deep Dive"], series_order=1
    ),
    "content/posts/s2.md": page(
        "Series Two", date="2023-05-01", series=["Deep Dive"], series_order=2
    ),
    "content/posts/s3.md": page(
        "Series Three", date="2023-04-01", series=["Deep Dive"], series_order=3
    ),
}


@pytest.fixture(scope="module")
def site(site_factory: SiteFactory) -> Built:
    return site_factory.build(
        {**POSTS, **SERIES, "content/about.md": page("About", "Me.\n")}, config=CONFIG
    )


def titles(built: Built, url: str) -> list[str]:
    return [a.text_content().strip() for a in built.html(url).xpath("//main//article//h2//a")]


# -- pagination ---------------------------------------------------------------------------------


def test_section_pages(site: Built) -> None:
    assert titles(site, "/posts/") == ["Post 5", "Post 4"]
    assert titles(site, "/posts/page/2/") == ["Post 3", "Post 2"]
    assert titles(site, "/posts/page/3/") == ["Post 1", "Series One"]
    assert titles(site, "/posts/page/4/") == ["Series Two", "Series Three"]
    assert not site.exists("/posts/page/5/")


def _pager(built: Built, url: str) -> dict[str, list[str]]:
    tree = built.html(url)
    return {
        "head_prev": tree.xpath('//head/link[@rel="prev"]/@href'),
        "head_next": tree.xpath('//head/link[@rel="next"]/@href'),
        "prev": tree.xpath('//nav[contains(@class,"pagination")]//a[@rel="prev"]/@href'),
        "next": tree.xpath('//nav[contains(@class,"pagination")]//a[@rel="next"]/@href'),
        "canonical": tree.xpath('//head/link[@rel="canonical"]/@href'),
    }


def test_pagination_links(site: Built) -> None:
    first = _pager(site, "/posts/")
    assert first["prev"] == [] and first["head_prev"] == []
    assert first["next"] == ["/posts/page/2/"] and first["head_next"] == ["/posts/page/2/"]
    assert first["canonical"] == ["https://example.org/posts/"]
    second = _pager(site, "/posts/page/2/")
    assert second["prev"] == ["/posts/"]
    assert second["next"] == ["/posts/page/3/"]
    assert second["canonical"] == ["https://example.org/posts/page/2/"]
    last = _pager(site, "/posts/page/4/")
    assert last["next"] == [] and last["head_next"] == []
    assert last["prev"] == ["/posts/page/3/"]


def test_pager_numbers_link_to_existing_pages(site: Built) -> None:
    tree = site.html("/posts/page/2/")
    for href in tree.xpath('//nav[contains(@class,"pagination")]//a/@href'):
        assert site.exists(href), href
    assert tree.xpath('//nav[contains(@class,"pagination")]//*[@aria-current="page"]/text()') == [
        "2"
    ]


def test_page_one_redirects_to_list(site: Built) -> None:
    tree = site.html("/posts/page/1/")
    assert tree.xpath('//link[@rel="canonical"]/@href') == ["https://example.org/posts/"]
    assert tree.xpath('//meta[@http-equiv="refresh"]')


def test_home_paginates(site: Built) -> None:
    assert titles(site, "/") == ["Post 5", "Post 4"]
    assert site.exists("/page/2/")
    assert _pager(site, "/")["next"] == ["/page/2/"]
    assert "About" not in titles(site, "/")


# -- taxonomies -----------------------------------------------------------------------------------


def test_taxonomy_page_lists_terms_with_counts(site: Built) -> None:
    tree = site.html("/tags/")
    links = {
        a.get("href"): a.text_content() for a in tree.xpath("//main//a[contains(@href,'/tags/')]")
    }
    assert set(links) == {"/tags/python/", "/tags/machine-learning/"}
    assert "5" in links["/tags/python/"]


def test_term_normalisation_in_output(site: Built) -> None:
    assert not site.exists("/tags/machine learning/")
    ml = titles(site, "/tags/machine-learning/") + titles(site, "/tags/machine-learning/page/2/")
    ml += titles(site, "/tags/machine-learning/page/3/")
    assert ml == ["Post 5", "Post 4", "Post 3", "Post 2", "Post 1"]
    heading = site.html("/tags/machine-learning/").xpath("//main//h1")[0].text_content()
    assert "Machine Learning" in heading


def test_term_pages_paginate(site: Built) -> None:
    assert titles(site, "/tags/python/") == ["Post 5", "Post 4"]
    assert titles(site, "/tags/python/page/3/") == ["Post 1"]
    assert not site.exists("/tags/python/page/4/")


def test_categories(site: Built) -> None:
    assert titles(site, "/categories/code/") == ["Post 3", "Post 2"]
    assert site.exists("/categories/code/page/2/")
    assert titles(site, "/categories/notes/") == ["Post 5", "Post 4"]


def test_tag_and_category_links_on_pages(site: Built) -> None:
    tree = site.html("/posts/p3/")
    tags = tree.xpath('//a[@rel="tag"]/@href')
    assert tags == ["/tags/python/", "/tags/machine-learning/"]
    footer_links = tree.xpath("//main//a/@href")
    assert "/categories/code/" in footer_links
    for href in tags:
        assert site.exists(href)


# -- series ---------------------------------------------------------------------------------------


def _series_box(built: Built, url: str):
    boxes = built.html(url).xpath('//aside[contains(@class,"series-box")]')
    assert len(boxes) == 1, f"{url}: expected one series box"
    return boxes[0]


def test_series_box_lists_all_parts_in_order(site: Built) -> None:
    box = _series_box(site, "/posts/s2/")
    items = box.xpath(".//ol/li")
    assert [li.text_content().strip() for li in items] == [
        "Series One",
        "Series Two",
        "Series Three",
    ]
    current = [
        li.text_content().strip()
        for li in items
        if li.xpath(".//*[@aria-current]") or "current" in (li.get("class") or "")
    ]
    assert current == ["Series Two"]
    assert items[1].xpath(".//a") == []  # the current part is not a link
    assert items[0].xpath(".//a/@href") == ["/posts/s1/"]
    assert items[2].xpath(".//a/@href") == ["/posts/s3/"]
    assert box.xpath('.//a[@href="/series/deep-dive/"]')
    assert "Part 2 of 3" in box.text_content()


def test_series_prev_next(site: Built) -> None:
    box = _series_box(site, "/posts/s2/")
    assert box.xpath('.//a[@rel="prev"]/@href') == ["/posts/s1/"]
    assert box.xpath('.//a[@rel="next"]/@href') == ["/posts/s3/"]
    first = _series_box(site, "/posts/s1/")
    assert first.xpath('.//a[@rel="prev"]') == []
    assert first.xpath('.//a[@rel="next"]/@href') == ["/posts/s2/"]
    last = _series_box(site, "/posts/s3/")
    assert last.xpath('.//a[@rel="next"]') == []


def test_no_series_box_without_series(site: Built) -> None:
    assert site.html("/posts/p1/").xpath('//aside[contains(@class,"series-box")]') == []


def test_series_term_page_in_series_order(site: Built) -> None:
    assert titles(site, "/series/deep-dive/") == ["Series One", "Series Two"]
    assert titles(site, "/series/deep-dive/page/2/") == ["Series Three"]


# -- feeds ----------------------------------------------------------------------------------------


def _items(built: Built, path: str) -> list[dict[str, str]]:
    root = built.xml(path)
    assert root.tag == "rss" and root.get("version") == "2.0"
    return [{child.tag: (child.text or "") for child in item} for item in root.iter("item")]


def test_home_feed(site: Built) -> None:
    root = site.xml("/index.xml")
    channel = root.find("channel")
    assert channel.findtext("title") == "Lists"
    assert channel.findtext("link") == "https://example.org/"
    self_link = channel.find("{http://www.w3.org/2005/Atom}link")
    assert self_link.get("href") == "https://example.org/index.xml"
    items = _items(site, "/index.xml")
    links = [i["link"] for i in items]
    assert links[:5] == [f"https://example.org/posts/p{i}/" for i in (5, 4, 3, 2, 1)]
    dates = [parsedate_to_datetime(i["pubDate"]) for i in items if i.get("pubDate")]
    assert dates == sorted(dates, reverse=True)


def test_feed_item_descriptions_are_escaped_html(site: Built) -> None:
    items = {i["title"]: i for i in _items(site, "/posts/index.xml")}
    description = items["Post 3"]["description"]
    # the text of <description> is the summary's HTML, escaped exactly once in the XML
    assert description.startswith("<p>")
    assert "Body of post 3 with bold &amp; ampersand." in description


def test_section_and_term_feeds(site: Built) -> None:
    posts = [i["title"] for i in _items(site, "/posts/index.xml")]
    assert posts[:2] == ["Post 5", "Post 4"] and len(posts) == 8
    ml = [i["title"] for i in _items(site, "/tags/machine-learning/index.xml")]
    assert ml == ["Post 5", "Post 4", "Post 3", "Post 2", "Post 1"]
    assert [i["title"] for i in _items(site, "/categories/code/index.xml")] == [
        "Post 3",
        "Post 2",
        "Post 1",
    ]
    site.xml("/tags/index.xml")  # the taxonomy feed is well-formed too


def test_feed_links_in_pages(site: Built) -> None:
    tree = site.html("/tags/python/")
    feeds = tree.xpath('//head/link[@type="application/rss+xml"]/@href')
    assert feeds and feeds[0].endswith("/tags/python/index.xml")
    assert site.exists(feeds[0])


def test_feed_limit(build_site) -> None:
    built = build_site(POSTS, config=CONFIG + "feeds: {limit: 2}\n")
    assert [i["title"] for i in _items(built, "/index.xml")] == ["Post 5", "Post 4"]


# -- ordering, term metadata, sitemaps of one language --------------------------------------------


def test_weight_orders_before_date(build_site) -> None:
    built = build_site(
        {
            "content/posts/new.md": page("Newest, no weight", date="2024-05-01"),
            "content/posts/old-heavy.md": page("Old weight 2", date="2020-01-01", weight=2),
            "content/posts/old-light.md": page("Old weight 1", date="2019-01-01", weight=1),
            "content/posts/mid.md": page("Middle, no weight", date="2022-01-01"),
        },
        config=CONFIG.replace("page_size: 2", "page_size: 10"),
    )
    assert titles(built, "/posts/") == [
        "Old weight 1",
        "Old weight 2",
        "Newest, no weight",
        "Middle, no weight",
    ]


def test_excluded_series_part_is_not_in_the_box(build_site) -> None:
    built = build_site(
        {
            **SERIES,
            "content/posts/s4.md": page(
                "Series Draft", date="2023-03-01", series=["Deep Dive"], series_order=4, draft=True
            ),
        },
        config=CONFIG,
    )
    box = _series_box(built, "/posts/s3/")
    assert "Series Draft" not in box.text_content()
    assert box.xpath('.//a[@rel="next"]') == []
    assert "Part 3 of 3" in box.text_content()


def test_term_index_page_sets_title_and_content(build_site) -> None:
    built = build_site(
        {
            **POSTS,
            "content/tags/machine-learning/_index.md": page("ML", "All about **ML**.\n"),
            "content/tags/_index.md": page("Topics"),
        },
        config=CONFIG,
    )
    term = built.html("/tags/machine-learning/")
    assert "ML" in term.xpath("//main//h1")[0].text_content()
    assert term.xpath("//main//strong/text()") == ["ML"]
    pills = built.html("/posts/p1/").xpath('//a[@rel="tag"]')
    assert [a.text_content().strip() for a in pills] == ["Python", "ML"]
    assert built.html("/tags/").xpath("//main//h1")[0].text_content().strip() == "Topics"


def test_single_language_sitemap_and_no_language_redirect(site: Built) -> None:
    root = site.xml("/sitemap.xml")
    sm = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    assert root.tag == f"{sm}urlset"
    locs = {el.text for el in root.iter(f"{sm}loc")}
    assert {
        "https://example.org/",
        "https://example.org/posts/p1/",
        "https://example.org/tags/python/",
        "https://example.org/about/",
    } <= locs
    assert not any(loc.endswith("/404.html") or "/page/" in loc for loc in locs)
    assert not site.exists("/en/")
    assert not site.exists("/en/sitemap.xml")


def test_sitemap_lastmod(build_site) -> None:
    built = build_site({"content/x.md": page("X", date="2024-01-01", lastmod="2024-02-03")})
    sm = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    entries = {
        u.findtext(f"{sm}loc"): u.findtext(f"{sm}lastmod")
        for u in built.xml("/sitemap.xml").iter(f"{sm}url")
    }
    assert entries["https://example.org/x/"].startswith("2024-02-03")
    tree = built.html("/x/")
    assert tree.xpath('//meta[@property="article:modified_time"]/@content')[0].startswith(
        "2024-02-03"
    )
    assert tree.xpath('//meta[@property="article:published_time"]/@content')[0].startswith(
        "2024-01-01"
    )


def test_feeds_stay_well_formed_with_control_characters(build_site) -> None:
    built = build_site(
        {
            "content/posts/x.md": '---\ntitle: "Bell \\a and \\x0b"\ndate: 2024-01-01\n---\n'
            "Body \x07 with a control character.\n",
        }
    )
    for path in ("/index.xml", "/posts/index.xml", "/sitemap.xml"):
        built.xml(path)  # lxml refuses characters XML 1.0 does not allow
