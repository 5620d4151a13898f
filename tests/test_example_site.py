"""The repository's own example site (blog.yaml + content/ at the repo root), built into a temp
folder: the founding post in French, its series, links, thumbnails, translations and tags."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urljoin

import pytest

from sitekit import REPO, Built, hreflangs, run_site

POST = "/fr/posts/202210-the-new-ai-hype/"
THUMBS = sorted(
    p.name for p in (REPO / "content/posts/202210-the-new-ai-hype/thumbnails").iterdir()
)


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Built:
    public = tmp_path_factory.mktemp("example") / "public"
    return run_site(REPO, public, ["--quiet", "--no-cache"])  # nothing written into the repo


def test_build_is_quiet_and_leaves_the_repo_alone(example: Built) -> None:
    assert example.result.stdout == ""
    assert not list(REPO.glob(".public.staging-*"))


def test_founding_post_in_french(example: Built) -> None:
    tree = example.html(POST)
    assert tree.get("lang").split("-")[0] == "fr"
    assert "Le Nouveau Battage Médiatique" in tree.xpath("//main//h1")[0].text_content()
    times = tree.xpath("//main//time")
    assert times and times[0].text_content().strip() == "25 octobre 2022"
    assert times[0].get("datetime").startswith("2022-10-25")


def test_series_box(example: Built) -> None:
    tree = example.html(POST)
    (box,) = tree.xpath('//aside[contains(@class,"series-box")]')
    items = box.xpath(".//ol/li")
    assert len(items) >= 2
    first = items[0]
    assert first.xpath(".//*[@aria-current]") or "current" in (first.get("class") or "")
    assert first.xpath(".//a") == []
    assert "Partie 1 sur" in box.text_content()
    hrefs = box.xpath(".//a/@href")
    assert "/fr/posts/202210-stable-diffusion-tutorial/" in hrefs
    assert box.xpath('.//a[@rel="next"]/@href') == ["/fr/posts/202210-stable-diffusion-tutorial/"]


def test_reference_links_are_resolved(example: Built) -> None:
    tree = example.html(POST)
    (article,) = tree.xpath('//article[contains(@class,"content")]')
    links = {a.text_content().strip(): a.get("href") for a in article.xpath(".//a[@href]")}
    assert links["OpenAI"] == "https://openai.com/about/"
    assert links["DeepMind"] == "https://www.deepmind.com"
    assert links["Lexica"] == "https://lexica.art/"
    text = article.text_content()
    assert "[1]" not in text and "[OpenAI]" not in text
    assert "https://openai.com/about/" not in text  # definitions are not shown as text


def test_raw_html_thumbnails_and_files(example: Built) -> None:
    tree = example.html(POST)
    srcs = tree.xpath('//article//img[contains(@class,"thumbnailshadow")]/@src')
    assert len(srcs) == len(THUMBS) == 6
    for src in srcs:  # relative to the page, so they work under any base path
        assert example.exists(urljoin(POST, src)), src
    for prefix in ("/posts/", "/fr/posts/", "/ja/posts/"):
        for name in THUMBS:
            path = f"{prefix}202210-the-new-ai-hype/thumbnails/{name}"
            assert (
                example.read(path)
                == (REPO / "content/posts/202210-the-new-ai-hype/thumbnails" / name).read_bytes()
            ), path
        assert example.exists(f"{prefix}202210-the-new-ai-hype/featured.webp")


def test_hreflang_to_english_and_japanese(example: Built) -> None:
    links = {
        k.split("-")[0] if k != "x-default" else k: v
        for k, v in hreflangs(example.html(POST)).items()
    }
    assert links["en"] == "https://example.org/posts/202210-the-new-ai-hype/"
    assert links["ja"] == "https://example.org/ja/posts/202210-the-new-ai-hype/"
    assert links["fr"] == "https://example.org" + POST
    assert links["x-default"] == links["en"]


def test_tags_include_machine_learning(example: Built) -> None:
    tags = example.html(POST).xpath('//a[@rel="tag"]/@href')
    assert "/fr/tags/machine-learning/" in tags
    assert example.exists("/fr/tags/machine-learning/")
    term = example.html("/fr/tags/machine-learning/")
    listed = term.xpath("//main//article//h2//a/@href")
    assert POST in listed


@pytest.mark.parametrize("home", ["/", "/fr/", "/ja/"])
def test_homes_paginate(example: Built, home: str) -> None:
    tree = example.html(home)
    nxt = tree.xpath('//head/link[@rel="next"]/@href')
    assert nxt == [f"{home}page/2/"]
    assert example.exists(f"{home}page/2/")
    cards = tree.xpath("//main//article")
    assert len(cards) == 5  # pagination.page_size


def test_other_versions_of_the_post(example: Built) -> None:
    ja = example.html("/ja/posts/202210-the-new-ai-hype/")
    assert ja.xpath("//main//time")[0].text_content().strip() == "2022年10月25日"
    en = example.html("/posts/202210-the-new-ai-hype/")
    assert en.xpath("//main//time")[0].text_content().strip() == "October 25, 2022"


def test_example_feeds_and_sitemaps_parse(example: Built) -> None:
    for path in (
        "/index.xml",
        "/fr/index.xml",
        "/ja/index.xml",
        "/fr/posts/index.xml",
        "/sitemap.xml",
        "/fr/sitemap.xml",
        "/ja/sitemap.xml",
    ):
        example.xml(path)


def test_every_internal_link_of_the_post_resolves(example: Built) -> None:
    tree = example.html(POST)
    missing = []
    for href in tree.xpath("//a/@href | //link[@rel!='alternate' and @rel!='canonical']/@href"):
        if href.startswith("/") and not href.startswith("//"):
            path = href.split("#")[0]
            if path and not example.file(path).exists():
                missing.append(href)
    assert missing == []


def test_example_is_in_the_repo(example: Built) -> None:
    assert Path(example.root) == REPO


def test_founding_post_shortcodes_render(example: Built) -> None:
    """The seed's alert (x2), three YouTube facades, the x card and the article card to the
    stable-diffusion post, in French; no shortcode syntax is left in the page."""
    tree = example.html(POST)
    (article,) = tree.xpath('//article[contains(@class,"content")]')
    alerts = article.xpath('.//aside[contains(@class,"sc-alert")]')
    assert len(alerts) == 2 and all(a.get("role") == "note" for a in alerts)
    assert "OpenAI a dépensé" in alerts[0].text_content()
    facades = article.xpath('.//a[contains(@class,"sc-youtube-facade")]')
    assert [a.get("href").rsplit("=", 1)[-1] for a in facades] == [
        "TfVYxnhuEdU",
        "6AmdZoSgTeE",
        "1CIpzeNxIhU",
    ]
    assert all("youtube-nocookie.com/embed/" in a.get("data-embed") for a in facades)
    assert article.xpath(".//iframe[contains(@src,'youtube')]") == []
    (x_card,) = article.xpath('.//blockquote[contains(@class,"sc-x")]')
    assert x_card.get("cite") == "https://x.com/mkbhd/status/1582772722240999425"
    (card,) = article.xpath('.//article[contains(@class,"sc-article")]')
    assert card.xpath(".//a/@href") == ["/fr/posts/202210-stable-diffusion-tutorial/"]
    assert "Stable Diffusion" in card.xpath('.//*[contains(@class,"sc-article-title")]')[0].text
    assert card.xpath(".//time")[0].text_content() == "27 octobre 2022"
    assert card.xpath(".//img/@src") == ["/fr/posts/202210-stable-diffusion-tutorial/featured.webp"]
    assert "{{<" not in article.text_content() and "pbsc" not in article.text_content()
