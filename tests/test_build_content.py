"""Content in the built site: bundles and their resources in every language, URLs (slug, url,
aliases, unicode), drafts/future/expired flags, front-matter formats, Markdown, summaries."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from sitekit import MULTI_CONFIG, SITES, Built, SiteFactory, image_bytes, page

FMT_CONFIG = "title: Formats\nbase_url: https://example.org/\n"


# -- bundles and resources -------------------------------------------------------------------------

BRANCH = image_bytes(color=(1, 2, 3))
JPEG = image_bytes("JPEG")
WEBP1 = image_bytes("WEBP", color=(10, 20, 30))
WEBP2 = image_bytes("WEBP", color=(30, 20, 10))


@pytest.fixture(scope="module")
def bundles(site_factory: SiteFactory) -> Built:
    return site_factory.build(
        {
            "content/posts/_index.md": page("Posts"),
            "content/posts/banner.png": BRANCH,
            "content/posts/trip/index.md": page(
                "Trip",
                '![map](map.svg)\n\n<img class="thumb" src="thumbs/1.webp">\n',
                date="2024-02-01",
                cover_alt="The road",
            ),
            "content/posts/trip/index.fr.md": page(
                "Voyage", "![carte](map.svg)\n", slug="voyage", date="2024-02-01"
            ),
            "content/posts/trip/index.ja.md": page("旅行", "地図です。\n", date="2024-02-01"),
            "content/posts/trip/map.svg": b"<svg/>",
            "content/posts/trip/cover.jpg": JPEG,
            "content/posts/trip/thumbs/1.webp": WEBP1,
            "content/posts/trip/thumbs/2.webp": WEBP2,
            "content/posts/trip/data/notes.txt": b"notes",
            "content/posts/solo.md": page("Solo", "Single file.\n", date="2024-01-01"),
            "content/posts/Été Brûlant.md": page("Été", "Accents.\n", date="2024-01-02"),
            "static/files/report.pdf": b"%PDF",
        },
        config=MULTI_CONFIG,
    )


@pytest.mark.parametrize("prefix", ["/posts/trip/", "/fr/posts/voyage/", "/ja/posts/trip/"])
def test_bundle_resources_are_copied_beside_each_translation(bundles: Built, prefix: str) -> None:
    assert bundles.exists(prefix)
    for name, data in [
        ("map.svg", b"<svg/>"),
        ("cover.jpg", JPEG),
        ("thumbs/1.webp", WEBP1),
        ("thumbs/2.webp", WEBP2),
        ("data/notes.txt", b"notes"),
    ]:
        assert bundles.read(prefix + name) == data, prefix + name


def test_relative_resource_links_resolve(bundles: Built) -> None:
    for url in ("/posts/trip/", "/fr/posts/voyage/"):
        tree = bundles.html(url)
        for src in tree.xpath("//main//article//img/@src"):
            target = src if src.startswith("/") else url + src
            assert bundles.exists(target), f"{url}: {src} does not resolve"


def test_cover_image_and_params(bundles: Built) -> None:
    tree = bundles.html("/posts/trip/")
    (cover,) = tree.xpath('//figure[contains(@class,"post-cover")]//img')
    assert cover.get("src") == "/posts/trip/cover.jpg"
    assert cover.get("alt") == "The road"  # a front-matter key kept as a param
    assert tree.xpath('//meta[@property="og:image"]/@content') == [
        "https://example.org/posts/trip/cover-social.jpg"
    ]


def test_branch_bundle_resources(bundles: Built) -> None:
    assert bundles.read("/posts/banner.png") == BRANCH


def test_single_file_page_and_unicode_path(bundles: Built) -> None:
    assert bundles.exists("/posts/solo/")
    assert (bundles.public / "posts" / "été-brûlant" / "index.html").is_file()
    hrefs = bundles.html("/posts/").xpath("//main//article//h2//a/@href")
    assert "/posts/%C3%A9t%C3%A9-br%C3%BBlant/" in hrefs


def test_static_files_are_copied(bundles: Built) -> None:
    assert bundles.read("/files/report.pdf") == b"%PDF"
    for theme_file in ("/css/style.css", "/favicon.svg"):
        assert bundles.exists(theme_file), theme_file
    assert not bundles.exists("/fr/files/report.pdf")


def test_resources_from_folders(site_factory: SiteFactory) -> None:
    built = site_factory.fixture("i18n-folders")
    en = built.read("/posts/hello/diagram.svg")
    fr = built.read("/fr/posts/bonjour/diagram.svg")
    assert b"<text>en</text>" in en
    assert b"<text>fr</text>" in fr  # a translation's own resource wins
    assert built.read("/ja/posts/hello/diagram.svg") == en  # inherited from the translation
    for prefix in ("/posts/hello/", "/fr/posts/bonjour/", "/ja/posts/hello/"):
        photo = SITES / "i18n-folders" / "content" / "posts" / "hello" / "images" / "photo.png"
        assert built.read(prefix + "images/photo.png") == photo.read_bytes(), prefix


# -- URLs -----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def urls(site_factory: SiteFactory) -> Built:
    return site_factory.build(
        {
            "content/posts/hello-world/index.md": page(
                "Hello", aliases=["/old-hello/", "/2019/hi.html"]
            ),
            "content/posts/hello-world/index.fr.md": page("Bonjour", slug="Bonjour le Monde"),
            "content/posts/custom.md": page("Custom", url="/special/place/"),
            "content/posts/slugged.md": page("Slugged", slug="nice-slug"),
        },
        config=MULTI_CONFIG,
    )


def test_slug_and_url(urls: Built) -> None:
    assert urls.exists("/posts/hello-world/")
    assert urls.exists("/fr/posts/bonjour-le-monde/")
    assert not urls.exists("/fr/posts/hello-world/")
    assert urls.exists("/special/place/")
    assert not urls.exists("/posts/custom/")
    assert urls.exists("/posts/nice-slug/")
    assert not urls.exists("/posts/slugged/")


@pytest.mark.parametrize("alias", ["/old-hello/", "/2019/hi.html"])
def test_alias_redirects(urls: Built, alias: str) -> None:
    tree = urls.html(alias)
    target = "https://example.org/posts/hello-world/"
    assert tree.xpath('//link[@rel="canonical"]/@href') == [target]
    (refresh,) = tree.xpath('//meta[@http-equiv="refresh"]/@content')
    assert refresh.replace(" ", "").endswith("url=" + target)


def test_pager_page_one_redirects(urls: Built) -> None:
    tree = urls.html("/posts/page/1/")
    assert tree.xpath('//link[@rel="canonical"]/@href') == ["https://example.org/posts/"]


# -- drafts, future, expired ----------------------------------------------------------------------


FILTER_FILES = {
    "content/posts/live.md": page("Live", date="2024-01-01", tags=["Live"]),
    "content/posts/draft.md": page("Draft", date="2024-01-02", draft=True, tags=["Drafty"]),
    "content/posts/future.md": page("Future", date="2099-01-01"),
    "content/posts/expired.md": page("Expired", date="2020-01-01", expiryDate="2021-01-01"),
}


@pytest.mark.parametrize(
    ("flags", "present"),
    [
        ((), {"live"}),
        (("--drafts",), {"live", "draft"}),
        (("--future",), {"live", "future"}),
        (("--expired",), {"live", "expired"}),
        (("-D", "-F", "-E"), {"live", "draft", "future", "expired"}),
    ],
)
def test_publishing_flags(
    build_site: Callable[..., Built], flags: tuple[str, ...], present: set[str]
) -> None:
    built = build_site(FILTER_FILES, *flags)
    for name in ("live", "draft", "future", "expired"):
        assert built.exists(f"/posts/{name}/") is (name in present), name
    assert built.exists("/tags/drafty/") is ("draft" in present)
    listed = {
        a.text_content().strip().lower()
        for a in built.html("/posts/").xpath("//main//article//h2//a")
    }
    assert listed == present
    feed = {item.findtext("title").lower() for item in built.xml("/posts/index.xml").iter("item")}
    assert feed == present


def test_draft_page_is_marked_noindex(build_site: Callable[..., Built]) -> None:
    built = build_site(FILTER_FILES, "--drafts")
    tree = built.html("/posts/draft/")
    assert tree.xpath('//meta[@name="robots"]/@content') == ["noindex"]


# -- front-matter formats -------------------------------------------------------------------------


def test_front_matter_formats_bom_crlf(build_site: Callable[..., Built]) -> None:
    built = build_site(
        {
            "content/posts/yaml.md": "---\ntitle: From YAML\ntags: [fmt]\n---\nYAML body.\n",
            "content/posts/toml.md": '+++\ntitle = "From TOML"\ntags = ["fmt"]\n+++\nTOML body.\n',
            "content/posts/json.md": (
                '{\n  "title": "From JSON",\n  "tags": ["fmt"]\n}\nJSON body.\n'
            ),
            "content/posts/bom.md": (
                b"\xef\xbb\xbf---\ntitle: With BOM\ntags: [fmt]\n---\nBOM body.\n"
            ),
            "content/posts/crlf.md": (
                b"+++\r\ntitle = 'With CRLF'\r\ntags = ['fmt']\r\n+++\r\nCRLF body.\r\n"
            ),
            "content/posts/bomjson.md": (
                b'\xef\xbb\xbf{"title": "BOM JSON", "tags": ["fmt"]}\r\nBody.\r\n'
            ),
        },
        config=FMT_CONFIG,
    )
    expected = {
        "yaml": "From YAML",
        "toml": "From TOML",
        "json": "From JSON",
        "bom": "With BOM",
        "crlf": "With CRLF",
        "bomjson": "BOM JSON",
    }
    for slug, title in expected.items():
        tree = built.html(f"/posts/{slug}/")
        assert tree.xpath("//main//h1")[0].text_content().strip() == title
        assert "\r" not in built.text(f"/posts/{slug}/")
    term = {
        a.text_content().strip() for a in built.html("/tags/fmt/").xpath("//main//article//h2//a")
    }
    assert term == set(expected.values())


# -- Markdown in pages ----------------------------------------------------------------------------


MD = """\
Intro with <span class="raw">raw HTML</span> and a [reference][1] and a footnote.[^n]

## Überblick {#overview}

| a | b |
|---|---|
| 1 | 2 |

- [x] done
- [ ] todo

~~old~~ new

Term
: Definition

```python
print("hi")
```

## Zweiter Teil

[1]:\thttps://example.com/ref
[^n]: The note.
"""


@pytest.fixture(scope="module")
def markdown(site_factory: SiteFactory) -> tuple[Built, Built]:
    files = {"content/posts/md.md": page("Markdown", MD, date="2024-01-01")}
    safe = site_factory.build(files, config=FMT_CONFIG)
    strict = site_factory.build(files, config=FMT_CONFIG + "markup: {unsafe_html: false}\n")
    return safe, strict


def test_markdown_features_in_page(markdown: tuple[Built, Built]) -> None:
    tree = markdown[0].html("/posts/md/")
    (article,) = tree.xpath('//article[contains(@class,"content")]')
    assert article.xpath('.//span[@class="raw"]/text()') == ["raw HTML"]
    assert article.xpath('.//a[text()="reference"]/@href') == ["https://example.com/ref"]
    assert article.xpath('.//h2[@id="overview"]')
    assert article.xpath(".//h2/@id")[1] == "zweiter-teil"
    assert article.xpath(".//table//td/text()") == ["1", "2"]
    assert len(article.xpath('.//input[@type="checkbox"]')) == 2
    assert article.xpath(".//s/text() | .//del/text()") == ["old"]
    assert article.xpath(".//dl/dt/text()") == ["Term"]
    assert article.xpath('.//div[contains(@class,"highlight")]//pre')
    assert "The note." in article.text_content()
    toc = tree.xpath('//nav[contains(@class,"toc")]//a/@href')
    assert toc == ["#overview", "#zweiter-teil"]


def test_unsafe_html_off_in_page(markdown: tuple[Built, Built]) -> None:
    tree = markdown[1].html("/posts/md/")
    (article,) = tree.xpath('//article[contains(@class,"content")]')
    assert article.xpath('.//span[@class="raw"]') == []
    assert article.xpath('.//a[text()="reference"]/@href') == ["https://example.com/ref"]


def test_highlighting_css_is_published(markdown: tuple[Built, Built]) -> None:
    css = markdown[0].text("/css/syntax.css")
    assert ".highlight" in css


# -- summaries, words, reading time ---------------------------------------------------------------


@pytest.fixture(scope="module")
def summaries(site_factory: SiteFactory) -> Built:
    long_text = " ".join(f"word{i}" for i in range(150))
    return site_factory.build(
        {
            "content/posts/fm.md": page(
                "FM", "Body of fm.\n", date="2024-01-04", summary="Written summary."
            ),
            "content/posts/more.md": page(
                "More", "Before the fold.\n\n<!--more-->\n\nAfter the fold.\n", date="2024-01-03"
            ),
            "content/posts/auto.md": page("Auto", long_text + "\n", date="2024-01-02"),
            "content/posts/short.md": page("Short", "Tiny.\n", date="2024-01-01"),
        },
        config=FMT_CONFIG + "pagination: {page_size: 10}\n",
    )


def _cards(built: Built, url: str) -> dict[str, object]:
    out = {}
    for card in built.html(url).xpath("//main//article"):
        title = card.xpath(".//h2")[0].text_content().strip()
        out[title] = card
    return out


def test_list_summaries(summaries: Built) -> None:
    cards = _cards(summaries, "/posts/")
    assert cards["FM"].xpath('.//*[contains(@class,"summary")]')[0].text_content().strip() == (
        "Written summary."
    )
    more = cards["More"].xpath('.//*[contains(@class,"summary")]')[0].text_content()
    assert "Before the fold." in more and "After the fold." not in more
    auto = cards["Auto"].xpath('.//*[contains(@class,"summary")]')[0].text_content().split()
    assert 60 <= len([w for w in auto if w.startswith("word")]) <= 75
    short = cards["Short"].xpath('.//*[contains(@class,"summary")]')[0].text_content().strip()
    assert short == "Tiny."


def test_read_more_only_when_truncated(summaries: Built) -> None:
    cards = _cards(summaries, "/posts/")
    for title in ("FM", "More", "Auto"):
        links = cards[title].xpath('.//a[contains(., "Read more")]/@href')
        assert links and links[0] == f"/posts/{title.lower()}/", title
    assert not cards["Short"].xpath('.//a[contains(., "Read more")]')


def test_word_count_and_reading_time_on_page(summaries: Built) -> None:
    text = summaries.html("/posts/auto/").xpath("//main//header")[0].text_content()
    assert "150 words" in text
    assert "1 min read" in text


def test_aliases_of_home_and_term_index_pages(build_site: Callable[..., Built]) -> None:
    built = build_site(
        {
            "content/_index.md": "---\ntitle: Home\naliases: [/start/]\n---\nhi\n",
            "content/tags/python/_index.md": "---\ntitle: Py\naliases: [/py/]\n---\n",
            "content/posts/a.md": "---\ntitle: A\ntags: [python]\n---\nx\n",
        }
    )
    for alias, target in (
        ("/start/", "https://example.org/"),
        ("/py/", "https://example.org/tags/python/"),
    ):
        (meta,) = built.html(alias).xpath('//meta[@http-equiv="refresh"]')
        assert meta.get("content").endswith("url=" + target)
