"""Untranslated posts (`translations.untranslated`): with `show`, a language's home, section and
term lists, their pagers and feeds list the posts it has no version of, marked "in English"
(`in_language`) with `lang`/`hreflang`, at their own URL; nothing else changes (no page, no URL,
no sitemap entry). With `skip` (the default) nothing is shown."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import lxml.html
import pytest

from polyblog.build import BuildRequest, build
from polyblog.config import load_config
from polyblog.content import load_content
from polyblog.engine import Session
from polyblog.site import BuildOptions, PageKey, build_site
from sitekit import Built, SiteFactory, page, snapshot, without_search, write_files

CONFIG = """\
title: Multi Blog
base_url: https://example.org/
default_language: en
languages:
  en: {name: English, locale: en_US}
  fr: {name: Français, locale: fr_FR}
  ja: {name: 日本語, locale: ja_JP}
taxonomies: [tags, categories, series]
pagination: {page_size: 2}
terms:
  tags:
    rust: {fr: rouille}
"""
SHOW = "translations: {untranslated: show}\n"

POSTS = {
    # a: in English and French; b, c: English only; d: French only; n: English, another section
    "content/posts/a.md": page("A", "Alpha.\n", date="2024-01-01", tags=["rust", "web"]),
    "content/posts/a.fr.md": page("A fr", "Alpha fr.\n", date="2024-01-01", tags=["rouille"]),
    "content/posts/b.md": page("B", "Bravo.\n", date="2024-03-01", tags=["rust", "python"]),
    "content/posts/c.md": page("C", "Charlie.\n", date="2024-02-01", tags=["python"]),
    "content/posts/d.fr.md": page("D fr", "Delta.\n", date="2024-04-01", tags=["web"]),
    "content/notes/n.md": page("N", "Note.\n", date="2024-05-01"),
}


@pytest.fixture(scope="module")
def shown(site_factory: SiteFactory) -> Built:
    return site_factory.build(POSTS, config=CONFIG + SHOW)


@pytest.fixture(scope="module")
def skipped(site_factory: SiteFactory) -> Built:
    return site_factory.build(POSTS, config=CONFIG)


def cards(site: Built, url: str) -> list[lxml.html.HtmlElement]:
    return list(site.html(url).xpath("//article[contains(@class, 'post-card')]"))


def titles(site: Built, url: str) -> list[str]:
    return [c.xpath("string(.//h2[@class='post-card-title']/a)") for c in cards(site, url)]


def card(site: Built, url: str, title: str) -> lxml.html.HtmlElement:
    found = [c for c in cards(site, url) if c.xpath("string(.//h2/a)") == title]
    assert len(found) == 1, f"{title!r} on {url}: {len(found)} cards"
    return found[0]


def feed_titles(site: Built, url: str) -> list[str]:
    return [str(item.findtext("title")) for item in site.xml(url).iter("item")]


def feed_links(site: Built, url: str) -> list[str]:
    return [str(item.findtext("link")) for item in site.xml(url).iter("item")]


# -- lists --------------------------------------------------------------------------------------


def test_home_lists_and_pagers_in_date_order(shown: Built, skipped: Built) -> None:
    # fr: its own D fr and A fr, with B and C from English, newest first, two per page
    assert titles(shown, "/fr/") == ["D fr", "B"]
    assert titles(shown, "/fr/page/2/") == ["C", "A fr"]
    assert not shown.exists("/fr/page/3/")
    assert titles(skipped, "/fr/") == ["D fr", "A fr"]
    assert not skipped.exists("/fr/page/2/")
    # en: D fr has no English version (its original is French)
    assert titles(shown, "/") == ["D fr", "B"]
    assert titles(skipped, "/") == ["B", "C"]


def test_a_language_without_posts_shows_everything(shown: Built, skipped: Built) -> None:
    """ja has no page of its own: its home takes its main section from what it shows (posts,
    not notes), one version per post: the English one, else the first language's."""
    listed = titles(shown, "/ja/") + titles(shown, "/ja/page/2/")
    assert listed == ["D fr", "B", "C", "A"]
    assert cards(skipped, "/ja/") == []
    assert not shown.exists("/ja/posts/")  # no section page is made for it


def test_section_lists(shown: Built, skipped: Built) -> None:
    assert titles(shown, "/fr/posts/") + titles(shown, "/fr/posts/page/2/") == [
        "D fr",
        "B",
        "C",
        "A fr",
    ]
    assert titles(skipped, "/fr/posts/") == ["D fr", "A fr"]
    assert titles(shown, "/posts/") + titles(shown, "/posts/page/2/") == ["D fr", "B", "C", "A"]
    # fr has no notes section: N is in no French section (only in the home feed)
    assert not shown.exists("/fr/notes/")


def test_term_lists_only_of_terms_the_language_has(shown: Built, skipped: Built) -> None:
    # B's tag rust is rouille in French (terms: in blog.yaml); A (translated) is not shown twice
    assert titles(shown, "/fr/tags/rouille/") == ["B", "A fr"]
    assert titles(skipped, "/fr/tags/rouille/") == ["A fr"]
    assert titles(shown, "/tags/web/") == ["D fr", "A"]
    assert titles(shown, "/fr/tags/web/") == ["D fr"]
    # no French page uses python: no French term page is made for B and C
    assert not shown.exists("/fr/tags/python/")

    # the taxonomy page counts what the term lists
    def count(site: Built) -> str:
        path = "string(//a[@href='/fr/tags/rouille/']/span[@class='count'])"
        return str(site.html("/fr/tags/").xpath(path))

    assert (count(shown), count(skipped)) == ("2", "1")


def test_marker_lang_and_hreflang(shown: Built) -> None:
    b = card(shown, "/fr/", "B")
    assert b.get("lang") == "fr-FR"  # the card is in the reader's language
    assert "is-untranslated" in str(b.get("class"))
    assert b.xpath("string(.//*[@class='post-card-language'])") == "en anglais"
    (link,) = b.xpath(".//h2[@class='post-card-title']/a")
    assert link.get("href") == "/posts/b/"  # its own URL
    assert (link.get("hreflang"), link.get("lang")) == ("en-US", "en-US")
    (summary,) = b.xpath(".//div[@class='post-card-summary']")
    assert summary.get("lang") == "en-US"
    assert summary.text_content().strip() == "Bravo."
    # a post of the page's language has no marker and no hreflang
    own = card(shown, "/fr/", "D fr")
    assert own.xpath(".//*[@class='post-card-language']") == []
    assert own.xpath(".//h2/a/@hreflang") == []
    assert own.get("lang") == "fr-FR"
    # the marker is in the reader's language, naming the post's language in it
    d_en = card(shown, "/", "D fr")
    assert d_en.xpath("string(.//*[@class='post-card-language'])") == "in French"
    assert d_en.xpath(".//h2/a/@hreflang") == ["fr-FR"]
    d_ja = card(shown, "/ja/", "D fr")
    assert d_ja.xpath("string(.//*[@class='post-card-language'])") == "フランス語の記事"
    a_ja = card(shown, "/ja/page/2/", "A")
    assert a_ja.xpath("string(.//*[@class='post-card-language'])") == "英語の記事"


# -- feeds ----------------------------------------------------------------------------------


def test_feeds(shown: Built, skipped: Built) -> None:
    # the home feed lists every post of the language and every one it shows (N too)
    assert feed_titles(shown, "/fr/index.xml") == [
        "N (en anglais)",
        "D fr",
        "B (en anglais)",
        "C (en anglais)",
        "A fr",
    ]
    assert "https://example.org/posts/b/" in feed_links(shown, "/fr/index.xml")
    assert feed_titles(skipped, "/fr/index.xml") == ["D fr", "A fr"]
    assert feed_titles(shown, "/fr/posts/index.xml") == [
        "D fr",
        "B (en anglais)",
        "C (en anglais)",
        "A fr",
    ]
    assert feed_titles(shown, "/fr/tags/rouille/index.xml") == ["B (en anglais)", "A fr"]
    assert feed_titles(shown, "/index.xml")[:2] == ["N", "D fr (in French)"]


# -- nothing else changes -------------------------------------------------------------------


def test_no_page_url_or_sitemap_entry_is_added(shown: Built, skipped: Built) -> None:
    a, b = shown.files(), skipped.files()
    for name in [n for n in a if n.endswith("sitemap.xml")]:
        assert a[name] == b[name], name
    added = sorted(set(a) - set(b))
    assert added, "show lists more posts, so some lists get more pagers"
    assert all(re.search(r"(^|/)page/\d+/index\.html$", n) for n in added), added
    assert set(b) - set(a) == set()
    for missing in ("/fr/posts/b/", "/fr/posts/c/", "/ja/posts/a/", "/posts/d/", "/fr/notes/n/"):
        assert not shown.exists(missing), missing
    # the post's own page is the same in both modes
    assert a["posts/b/index.html"] == b["posts/b/index.html"]


# -- per-language setting ---------------------------------------------------------------------


def test_per_language_override(build_site: Callable[..., Built]) -> None:
    config = CONFIG.replace(
        "  en: {name: English, locale: en_US}",
        "  en: {name: English, locale: en_US, translations: {untranslated: skip}}",
    )
    site = build_site(POSTS, config=config + SHOW)
    assert titles(site, "/") == ["B", "C"]  # en: skip
    assert titles(site, "/fr/") == ["D fr", "B"]  # fr: show (site-wide)
    config = CONFIG.replace(
        "  fr: {name: Français, locale: fr_FR}",
        "  fr: {name: Français, locale: fr_FR, translations: {untranslated: show}}",
    )
    site = build_site(POSTS, config=config)
    assert titles(site, "/fr/") == ["D fr", "B"]
    assert titles(site, "/") == ["B", "C"]
    assert cards(site, "/ja/") == []


def test_one_version_per_post(tmp_path: Path) -> None:
    """A post in French and Japanese but not English is shown in English once, by its French
    version (the first language after the default in blog.yaml)."""
    write_files(
        tmp_path,
        {
            "blog.yaml": CONFIG + SHOW,
            "content/posts/e.fr.md": page("E fr", date="2024-01-01"),
            "content/posts/e.ja.md": page("E ja", date="2024-01-01"),
            "content/posts/f.ja.md": page("F ja", date="2024-01-02"),
        },
    )
    config = load_config(tmp_path)
    site = build_site(config, load_content(config).pages, BuildOptions())
    assert site.home("en").listed == (PageKey("ja:page:posts/f.md"), PageKey("fr:page:posts/e.md"))
    assert site.home("en").untranslated == (
        PageKey("fr:page:posts/e.md"),
        PageKey("ja:page:posts/f.md"),
    )
    assert site.home("fr").listed == (PageKey("ja:page:posts/f.md"), PageKey("fr:page:posts/e.md"))
    assert site.home("ja").listed == (PageKey("ja:page:posts/f.md"), PageKey("ja:page:posts/e.md"))


# -- blog serve ------------------------------------------------------------------------------

NOW = datetime(2026, 1, 1, tzinfo=UTC)


def test_serve_follows_new_and_translated_posts(tmp_path: Path) -> None:
    """After each edit the served folder equals a clean build: a new English post appears in
    the French lists and feed; once translated, its French version replaces it."""
    site = tmp_path / "site"
    write_files(site, {"blog.yaml": CONFIG + SHOW, **POSTS})
    options = BuildOptions(now=NOW)
    session = Session(site, tmp_path / "served", options, jobs=1)
    session.full()

    def same_as_clean(label: str) -> None:
        clean = tmp_path / f"clean-{label}"
        build(
            BuildRequest(
                source=site, destination=clean, options=options, live_reload=True, cache=False
            )
        )
        assert snapshot(session.destination) == without_search(snapshot(clean)), label

    steps = [
        ("content/posts/e.md", page("E", "Echo.\n", date="2024-06-01", tags=["rust"])),
        ("content/posts/e.fr.md", page("E fr", "Écho.\n", date="2024-06-01")),
        ("content/posts/b.md", page("B2", "Bravo two.\n", date="2024-03-01", tags=["web"])),
    ]
    for number, (rel, text) in enumerate(steps):
        path = site / rel
        path.write_text(text, encoding="utf-8")
        session.update([path])
        same_as_clean(f"step-{number}")
    served = lxml.html.parse(str(session.destination / "fr/index.html")).getroot()
    assert served.xpath("//article//h2/a/text()")[:2] == ["E fr", "D fr"]
    (path := site / "content/posts/e.fr.md").unlink()
    session.update([path])
    same_as_clean("deleted")


def test_a_version_left_out_of_the_build_does_not_count(build_site: Callable[..., Built]) -> None:
    """A French draft of B: without --drafts, French lists show the English B (marked)."""
    files = {**POSTS, "content/posts/b.fr.md": page("B fr", date="2024-03-01", draft=True)}
    site = build_site(files, config=CONFIG + SHOW)
    assert titles(site, "/fr/") == ["D fr", "B"]
    assert card(site, "/fr/", "B").xpath(".//h2/a/@href") == ["/posts/b/"]
    drafts = build_site(files, "--drafts", config=CONFIG + SHOW)
    assert titles(drafts, "/fr/") == ["D fr", "B fr"]
