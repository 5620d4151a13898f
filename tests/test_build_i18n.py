"""Multilingual output: html lang/dir, hreflang + x-default, canonical and Open Graph, the
language switcher, localized dates and UI strings, per-language homes, 404s, sitemaps and feeds.

Three sites: translations by file suffix (a dict), by per-language folders
(tests/sites/i18n-folders) and a right-to-left language (tests/sites/rtl)."""

from __future__ import annotations

import pytest

from sitekit import MULTI_CONFIG, Built, SiteFactory, hreflangs, image_bytes, meta, page, switcher

SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"

SUFFIX_FILES = {
    "content/_index.md": page("Multi Blog", body="The English home."),
    "content/_index.fr.md": page("Le Blog", body="L'accueil français."),
    "content/posts/_index.md": page("Posts"),
    "content/posts/_index.fr.md": page("Articles"),
    "content/posts/hello/index.md": page(
        "Hello",
        "Hello there, this is the English version.\n",
        date="2024-03-05T10:00:00+01:00",
        tags=["Machine Learning"],
        categories=["Guides"],
        series=["Intro"],
        series_order=1,
        summary="The English summary.",
    ),
    "content/posts/hello/index.fr.md": page(
        "Bonjour",
        "Bonjour, ceci est la version française.\n",
        slug="bonjour",
        date="2024-03-05T10:00:00+01:00",
        tags=["Machine Learning"],
        categories=["Guides"],
        series=["Intro"],
        series_order=1,
        summary="Le résumé français.",
    ),
    "content/posts/hello/index.ja.md": page(
        "こんにちは",
        "こんにちは、日本語版です。\n",
        date="2024-03-05T10:00:00+01:00",
        tags=["機械学習"],
    ),
    "content/posts/hello/featured.png": image_bytes(),
    "content/posts/second.md": page(
        "Second", "Part two.\n", date="2024-03-10", series=["Intro"], series_order=2
    ),
    "content/posts/second.fr.md": page(
        "Deuxième", "Partie deux.\n", date="2024-03-10", series=["Intro"], series_order=2
    ),
    "content/posts/en-only.md": page("English only", "No translation.\n", date="2024-03-12"),
    "content/posts/fr-only.fr.md": page(
        "Seulement en français", "Pas de traduction.\n", date="2024-03-11"
    ),
    "content/about.md": page("About", "About us.\n", translationKey="about"),
    "content/a-propos.fr.md": page("À propos", "À propos de nous.\n", translationKey="about"),
}


@pytest.fixture(scope="module")
def site(site_factory: SiteFactory) -> Built:
    return site_factory.build(SUFFIX_FILES, config=MULTI_CONFIG)


@pytest.fixture(scope="module")
def folders(site_factory: SiteFactory) -> Built:
    return site_factory.fixture("i18n-folders")


@pytest.fixture(scope="module")
def rtl(site_factory: SiteFactory) -> Built:
    return site_factory.fixture("rtl")


def html_attrs(built: Built, url: str) -> tuple[str, str]:
    root = built.html(url)
    return str(root.get("lang")), str(root.get("dir"))


# -- lang and dir ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "lang"),
    [
        ("/", "en"),
        ("/posts/hello/", "en"),
        ("/fr/", "fr"),
        ("/fr/posts/bonjour/", "fr"),
        ("/ja/posts/hello/", "ja"),
        ("/fr/tags/", "fr"),
        ("/ja/404.html", "ja"),
    ],
)
def test_html_lang_and_dir(site: Built, url: str, lang: str) -> None:
    got_lang, got_dir = html_attrs(site, url)
    assert got_lang.split("-")[0] == lang
    assert got_dir == "ltr"


def test_rtl_language(rtl: Built) -> None:
    for url in ("/ar/", "/ar/posts/hello/", "/ar/404.html", "/ar/tags/"):
        lang, direction = html_attrs(rtl, url)
        assert lang.split("-")[0] == "ar", url
        assert direction == "rtl", url
    assert html_attrs(rtl, "/posts/hello/")[1] == "ltr"


def test_rtl_switcher_marks_direction_of_each_language(rtl: Built) -> None:
    tree = rtl.html("/posts/hello/")
    (ar_link,) = tree.xpath('//nav[contains(@class,"lang-switcher")]//*[starts-with(@lang,"ar")]')
    assert ar_link.get("href") == "/ar/posts/hello/"
    assert ar_link.get("dir") == "rtl"


def test_rtl_dates_and_strings(rtl: Built) -> None:
    tree = rtl.html("/ar/posts/hello/")
    assert tree.xpath("//article//time/text() | //header//time/text()")[0] == "5 مارس 2024"
    assert "دقيقة واحدة للقراءة" in tree.text_content()
    title = rtl.html("/ar/404.html").xpath("//title/text()")[0]
    assert "الصفحة غير موجودة" in title


def test_rtl_unicode_term_url(rtl: Built) -> None:
    tree = rtl.html("/ar/posts/hello/")
    hrefs = tree.xpath('//a[@rel="tag"]/@href')
    assert hrefs == ["/ar/tags/%D8%AA%D8%B1%D8%AD%D9%8A%D8%A8/"]
    assert rtl.exists(hrefs[0])  # written as public/ar/tags/ترحيب/index.html


# -- hreflang ----------------------------------------------------------------------------------


HELLO = {
    "en": "https://example.org/posts/hello/",
    "fr": "https://example.org/fr/posts/bonjour/",
    "ja": "https://example.org/ja/posts/hello/",
}


def _by_lang(links: dict[str, str]) -> dict[str, str]:
    return {k if k == "x-default" else k.split("-")[0]: v for k, v in links.items()}


@pytest.mark.parametrize("url", ["/posts/hello/", "/fr/posts/bonjour/", "/ja/posts/hello/"])
def test_hreflang_lists_every_translation_and_x_default(site: Built, url: str) -> None:
    links = _by_lang(hreflangs(site.html(url)))
    assert links == {**HELLO, "x-default": HELLO["en"]}


def test_hreflang_of_partial_translations(site: Built) -> None:
    links = _by_lang(hreflangs(site.html("/posts/second/")))
    assert links == {
        "en": "https://example.org/posts/second/",
        "fr": "https://example.org/fr/posts/second/",
        "x-default": "https://example.org/posts/second/",
    }


def test_untranslated_page_has_no_other_languages(site: Built) -> None:
    links = _by_lang(hreflangs(site.html("/posts/en-only/")))
    assert set(links) <= {"en"}
    links = _by_lang(hreflangs(site.html("/fr/posts/fr-only/")))
    assert set(links) <= {"fr"}
    assert "x-default" not in links


def test_hreflang_by_translation_key(site: Built) -> None:
    links = _by_lang(hreflangs(site.html("/fr/a-propos/")))
    assert links["en"] == "https://example.org/about/"
    assert links["fr"] == "https://example.org/fr/a-propos/"


def test_hreflang_of_homes_and_lists(site: Built) -> None:
    assert _by_lang(hreflangs(site.html("/fr/"))) == {
        "en": "https://example.org/",
        "fr": "https://example.org/fr/",
        "ja": "https://example.org/ja/",
        "x-default": "https://example.org/",
    }
    assert _by_lang(hreflangs(site.html("/posts/")))["fr"] == "https://example.org/fr/posts/"


def test_no_hreflang_on_404(site: Built) -> None:
    assert hreflangs(site.html("/fr/404.html")) == {}
    assert site.html("/fr/404.html").xpath('//meta[@name="robots"]/@content') == ["noindex"]


def test_hreflang_from_folders(folders: Built) -> None:
    assert _by_lang(hreflangs(folders.html("/posts/hello/"))) == {
        "en": "https://example.org/posts/hello/",
        "fr": "https://example.org/fr/posts/bonjour/",
        "ja": "https://example.org/ja/posts/hello/",
        "x-default": "https://example.org/posts/hello/",
    }
    assert _by_lang(hreflangs(folders.html("/about/")))["fr"] == "https://example.org/fr/a-propos/"


# -- canonical and Open Graph --------------------------------------------------------------------


def test_canonical_and_open_graph(site: Built) -> None:
    tree = site.html("/fr/posts/bonjour/")
    assert tree.xpath('//head/link[@rel="canonical"]/@href') == [HELLO["fr"]]
    assert meta(tree, "og:url") == [HELLO["fr"]]
    assert meta(tree, "og:title") == ["Bonjour"]
    assert meta(tree, "og:type") == ["article"]
    assert meta(tree, "og:description") == ["Le résumé français."]
    assert meta(tree, "description") == ["Le résumé français."]
    assert meta(tree, "og:locale") == ["fr_FR"]
    assert sorted(meta(tree, "og:locale:alternate")) == ["en_US", "ja_JP"]
    assert meta(tree, "og:site_name") == ["Le Blog"]
    assert meta(tree, "og:image") == ["https://example.org/fr/posts/bonjour/featured-social.jpg"]
    title = tree.xpath("//head/title/text()")[0]
    assert "Bonjour" in title and "Le Blog" in title


def test_home_canonical_and_title(site: Built) -> None:
    tree = site.html("/ja/")
    assert tree.xpath('//head/link[@rel="canonical"]/@href') == ["https://example.org/ja/"]
    assert "ブログ" in tree.xpath("//head/title/text()")[0]
    assert meta(tree, "og:type") == ["website"]


def test_canonical_with_base_path(build_site) -> None:
    built = build_site(
        {"content/posts/x.md": page("X")}, config="base_url: https://example.org/blog/\n"
    )
    tree = built.html("/posts/x/")
    assert tree.xpath('//link[@rel="canonical"]/@href') == ["https://example.org/blog/posts/x/"]
    assert tree.xpath('//link[@rel="stylesheet"]/@href')[0].startswith("/blog/")


# -- language switcher ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/posts/hello/", {"en": None, "fr": "/fr/posts/bonjour/", "ja": "/ja/posts/hello/"}),
        ("/fr/posts/bonjour/", {"en": "/posts/hello/", "fr": None, "ja": "/ja/posts/hello/"}),
        ("/posts/en-only/", {"en": None, "fr": "/fr/", "ja": "/ja/"}),
        ("/fr/posts/fr-only/", {"en": "/", "fr": None, "ja": "/ja/"}),
        ("/posts/second/", {"en": None, "fr": "/fr/posts/second/", "ja": "/ja/"}),
        ("/fr/", {"en": "/", "fr": None, "ja": "/ja/"}),
        ("/about/", {"en": None, "fr": "/fr/a-propos/", "ja": "/ja/"}),
        ("/fr/404.html", {"en": "/404.html", "fr": None, "ja": "/ja/404.html"}),
    ],
)
def test_switcher_targets(site: Built, url: str, expected: dict[str, str | None]) -> None:
    assert switcher(site.html(url)) == expected


def test_switcher_lists_languages_in_display_order(site: Built) -> None:
    langs = site.html("/").xpath('//nav[contains(@class,"lang-switcher")]//li/*/@lang')
    assert [lang.split("-")[0] for lang in langs] == ["en", "fr", "ja"]
    names = [
        el.text_content().strip()
        for el in site.html("/").xpath('//nav[contains(@class,"lang-switcher")]//li/*')
    ]
    assert names == ["English", "Français", "日本語"]


def test_switcher_targets_exist(site: Built) -> None:
    for url in ("/posts/hello/", "/fr/posts/fr-only/", "/ja/posts/hello/", "/tags/"):
        for target in switcher(site.html(url)).values():
            if target:
                assert site.exists(target), f"{url}: switcher target {target} missing"


def test_switcher_from_folders(folders: Built) -> None:
    assert switcher(folders.html("/posts/third/")) == {"en": None, "fr": "/fr/", "ja": "/ja/"}
    assert switcher(folders.html("/ja/posts/hello/")) == {
        "en": "/posts/hello/",
        "fr": "/fr/posts/bonjour/",
        "ja": None,
    }


# -- dates and UI strings -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "text"),
    [
        ("/posts/hello/", "March 5, 2024"),
        ("/fr/posts/bonjour/", "5 mars 2024"),
        ("/ja/posts/hello/", "2024年3月5日"),
    ],
)
def test_localized_dates(site: Built, url: str, text: str) -> None:
    times = site.html(url).xpath("//main//time")
    assert times, "no <time> on the page"
    assert times[0].text_content().strip() == text
    assert times[0].get("datetime").startswith("2024-03-05T10:00:00")


def test_ui_strings_per_language(site: Built) -> None:
    fr = site.html("/fr/posts/bonjour/")
    assert "1 min de lecture" in fr.text_content()
    assert "Partie 1 sur 2" in fr.xpath('//aside[contains(@class,"series-box")]')[0].text_content()
    en = site.html("/posts/hello/")
    assert "Part 1 of 2" in en.xpath('//aside[contains(@class,"series-box")]')[0].text_content()
    ja = site.html("/ja/posts/hello/")
    assert "1分で読めます" in ja.text_content()


def test_homes_and_their_titles(site: Built) -> None:
    assert "Le Blog" in site.html("/fr/").xpath("//title/text()")[0]
    assert site.html("/fr/").xpath("//main//h1")[0].text_content().strip() == "Le Blog"
    assert "ブログ" in site.html("/ja/").xpath("//title/text()")[0]


def test_home_lists_only_its_language(site: Built) -> None:
    titles = {a.text_content().strip() for a in site.html("/fr/").xpath("//main//article//h2//a")}
    assert len(titles) == 2  # page_size 2
    assert titles <= {"Bonjour", "Deuxième", "Seulement en français"}


def test_default_language_prefix_redirects_home(site: Built) -> None:
    tree = site.html("/en/")
    refresh = tree.xpath('//meta[@http-equiv="refresh"]/@content')
    assert refresh and refresh[0].endswith("https://example.org/")


def test_404_per_language(site: Built) -> None:
    assert site.exists("/404.html") and site.exists("/fr/404.html") and site.exists("/ja/404.html")
    assert "Page introuvable" in site.html("/fr/404.html").xpath("//title/text()")[0]
    home_link = site.html("/fr/404.html").xpath("//main//a/@href")
    assert "/fr/" in home_link


def test_menus_per_language(folders: Built) -> None:
    en = folders.html("/").xpath('//header//nav[not(contains(@class,"lang-switcher"))]//a')
    assert [(a.text_content().strip(), a.get("href")) for a in en] == [
        ("Posts", "/posts/"),
        ("Tags", "/tags/"),
    ]
    fr = folders.html("/fr/").xpath('//header//nav[not(contains(@class,"lang-switcher"))]//a')
    assert [(a.text_content().strip(), a.get("href")) for a in fr] == [("Articles", "/fr/posts/")]


def test_nested_language_folder_is_not_english_content(folders: Built) -> None:
    assert not folders.exists("/ja/ja/")
    assert not any(p.startswith(("ja/ja/", "en/ja/", "posts/ja/")) for p in folders.files())
    en_titles = {
        a.text_content().strip() for a in folders.html("/posts/").xpath("//main//article//h2//a")
    }
    assert "こんにちはフォルダ" not in en_titles
    assert folders.html("/ja/posts/hello/").xpath("//main//h1")[0].text_content().strip() == (
        "こんにちはフォルダ"
    )


def test_cjk_word_count_on_page(folders: Built) -> None:
    from polyblog.markup import count_words

    text = "最初の記事です。日本語の文章はスペースなしで書かれます。"
    expected = count_words(text, "ja")
    assert expected >= 20
    assert f"{expected}文字" in folders.html("/ja/posts/hello/").text_content()


# -- sitemaps, robots, feeds ----------------------------------------------------------------------


def test_sitemap_index_lists_a_sitemap_per_language(site: Built) -> None:
    index = site.xml("/sitemap.xml")
    assert index.tag == f"{SM}sitemapindex"
    locs = [el.text for el in index.iter(f"{SM}loc")]
    assert sorted(locs) == sorted(
        f"https://example.org/{c}/sitemap.xml" for c in ("en", "fr", "ja")
    )
    for loc in locs:
        assert site.xml(loc.replace("https://example.org", "")).tag == f"{SM}urlset"


def _sitemap_entries(site: Built, path: str) -> dict[str, dict[str, str]]:
    root = site.xml(path)
    out: dict[str, dict[str, str]] = {}
    for url in root.iter(f"{SM}url"):
        loc = url.find(f"{SM}loc").text
        out[loc] = {
            link.get("hreflang"): link.get("href")
            for link in url.iter(f"{XHTML}link")
            if link.get("rel") == "alternate"
        }
    return out


def test_sitemap_alternates(site: Built) -> None:
    fr = _sitemap_entries(site, "/fr/sitemap.xml")
    assert _by_lang(fr[HELLO["fr"]]) == {**HELLO, "x-default": HELLO["en"]}
    assert _by_lang(fr["https://example.org/fr/posts/fr-only/"]) in (
        {},
        {"fr": ("https://example.org/fr/posts/fr-only/")},
    )
    assert all(loc.startswith("https://example.org/fr/") for loc in fr)
    en = _sitemap_entries(site, "/en/sitemap.xml")
    assert HELLO["en"] in en and "https://example.org/about/" in en
    assert not any("/404.html" in loc for loc in en)
    assert not any(loc.startswith("https://example.org/fr/") for loc in en)


def test_robots_txt(site: Built) -> None:
    lines = site.text("/robots.txt").splitlines()
    assert "User-agent: *" in lines
    assert "Sitemap: https://example.org/sitemap.xml" in lines


def _feed_links(site: Built, path: str) -> list[str]:
    root = site.xml(path)
    assert root.tag == "rss"
    return [item.findtext("link") for item in root.iter("item")]


def test_feeds_per_language(site: Built) -> None:
    fr_links = _feed_links(site, "/fr/index.xml")
    assert set(fr_links) >= {HELLO["fr"], "https://example.org/fr/posts/fr-only/"}
    assert all(link.startswith("https://example.org/fr/") for link in fr_links)
    channel = site.xml("/fr/index.xml").find("channel")
    assert channel.findtext("language").split("-")[0] == "fr"
    en_links = _feed_links(site, "/index.xml")
    assert HELLO["en"] in en_links
    assert not any("/fr/" in link or "/ja/" in link for link in en_links)
    assert _feed_links(site, "/fr/tags/machine-learning/index.xml") == [HELLO["fr"]]
    assert set(_feed_links(site, "/fr/posts/index.xml")) == {
        HELLO["fr"],
        "https://example.org/fr/posts/second/",
        "https://example.org/fr/posts/fr-only/",
    }


def test_menu_marks_the_current_section(folders: Built) -> None:
    def active(url: str) -> list[str]:
        nav = folders.html(url).xpath('//header//nav[not(contains(@class,"lang-switcher"))]')[0]
        return [
            a.text_content().strip()
            for a in nav.xpath(".//a[@aria-current or contains(@class,'active')]")
        ]

    assert active("/posts/") == ["Posts"]
    assert active("/posts/hello/") == ["Posts"]
    assert active("/tags/python/") == ["Tags"]
    assert active("/") == []


def test_cjk_summary_in_list(build_site) -> None:
    text = "これは日本語で書かれたとても長い文章です。" * 30
    built = build_site(
        {"content/posts/long.ja.md": page("長い記事", text + "\n", date="2024-01-01")},
        config=MULTI_CONFIG,
    )
    (card,) = built.html("/ja/posts/").xpath("//main//article")
    summary = card.xpath('.//*[contains(@class,"summary")]')[0].text_content().strip()
    assert 50 <= len(summary.rstrip("…")) <= 150
    assert card.xpath('.//a[contains(., "続きを読む")]/@href') == ["/ja/posts/long/"]


def test_regional_language_codes(build_site) -> None:
    config = """\
title: Regions
base_url: https://example.org/
languages:
  en: {}
  zh-cn:
    name: 简体中文
    title: 中文博客
  pt-br:
    locale: pt_BR
"""
    built = build_site(
        {
            "content/posts/x.md": page("X", "Hi.\n", date="2024-03-05"),
            "content/posts/x.zh-cn.md": page("你好", "这是中文。\n", date="2024-03-05"),
            "content/posts/x.pt-br.md": page("Olá", "Oi.\n", date="2024-03-05"),
        },
        config=config,
    )
    zh = built.html("/zh-cn/posts/x/")
    assert zh.get("lang") == "zh-CN"
    assert zh.xpath("//main//time")[0].text_content().strip() == "2024年3月5日"
    assert hreflangs(zh) == {
        "en": "https://example.org/posts/x/",
        "zh-CN": "https://example.org/zh-cn/posts/x/",
        "pt-BR": "https://example.org/pt-br/posts/x/",
        "x-default": "https://example.org/posts/x/",
    }
    pt = built.html("/pt-br/posts/x/")
    assert pt.get("lang") == "pt-BR"
    assert pt.xpath("//main//time")[0].text_content().strip() == "5 de março de 2024"
    assert "中文博客" in built.html("/zh-cn/").xpath("//title/text()")[0]


def test_pager_hreflang_points_to_the_same_page_number(build_site) -> None:
    files = {
        **{f"content/posts/e{i}.md": page(f"E{i}", "x", date=f"2024-01-0{i}") for i in range(1, 6)},
        **{
            f"content/posts/f{i}.fr.md": page(f"F{i}", "x", date=f"2024-01-0{i}")
            for i in range(1, 4)
        },
    }
    built = build_site(files, config=MULTI_CONFIG)  # 2 per page: en 3 pages, fr 2, ja 0
    # hreflang is the BCP 47 form of each language's locale (en_US -> en-US), as Hugo's
    # languageCode
    assert hreflangs(built.html("/posts/page/2/")) == {
        "en-US": "https://example.org/posts/page/2/",
        "fr-FR": "https://example.org/fr/posts/page/2/",
        "x-default": "https://example.org/posts/page/2/",
    }
    assert hreflangs(built.html("/fr/posts/page/2/"))["en-US"] == (
        "https://example.org/posts/page/2/"
    )
    assert hreflangs(built.html("/posts/page/3/")) == {"en-US": "https://example.org/posts/page/3/"}
