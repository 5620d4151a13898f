"""Feeds: RSS (`index.xml`), Atom (`atom.xml`) and JSON Feed 1.1 (`feed.json`) per language and
per list, as `feeds.formats` asks; each parsed by a feed parser (RSS, Atom) or checked against
the JSON Feed 1.1 specification's required fields, escaped once, absolute, advertised in heads.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import feedparser
import jsonschema
import pytest

from polyblog.build import BuildRequest, build
from polyblog.check.run import CheckRequest, run_check
from polyblog.check.scan import scan_html, scan_json_feed
from polyblog.engine import Session
from polyblog.render.feeds import absolute_html
from polyblog.site import BuildOptions
from sitekit import (
    Built,
    SiteFactory,
    copy_example_site,
    image_bytes,
    page,
    run_site,
    snapshot,
    without_search,
)

ATOM = "{http://www.w3.org/2005/Atom}"
ALL = "feeds: {formats: [rss, atom, json]}\n"
CONFIG = """\
title: Feeds & Co
description: Notes <small> & large.
base_url: https://example.org/
timezone: Europe/Paris
default_language: en
languages:
  en: {name: English, locale: en_US}
  fr: {name: Français, locale: fr_FR, title: Flux & Cie}
  ja: {name: 日本語, locale: ja_JP, title: フィード}
params:
  author: {name: Alex Moreau}
"""
TRICKY = "Fish & Chips <3"
PNG = image_bytes()
FILES = {
    "content/posts/_index.md": page("Posts"),
    "content/posts/a/index.md": page(
        TRICKY,
        "Salt & [vinegar](/posts/b/) and ![a pic](/posts/a/pic.png) <!--more--> Rest.\n",
        date="2024-03-05T10:00:00",
        lastmod="2024-04-01T09:30:00+02:00",
        tags=["Python"],
        author="Sam Guest",
    ),
    "content/posts/a/index.fr.md": page(
        "Poisson & frites", "Du sel.\n", date="2024-03-06", tags=["Python"]
    ),
    "content/posts/a/pic.png": PNG,
    "content/posts/b.md": page("Beta", "Beta text.\n", date="2024-02-01", tags=["Go"]),
    "content/posts/c.ja.md": page("ベータ", "本文です。\n", date="2024-02-02", tags=["Go"]),
    "content/about.md": page("About", "Me.\n"),
}
LISTS = ["/", "/posts/", "/tags/", "/tags/python/", "/fr/", "/fr/tags/python/", "/ja/"]
JSON_FEED_1_1 = {  # the JSON Feed 1.1 specification's required fields and their types
    "type": "object",
    "required": ["version", "title", "items"],
    "properties": {
        "version": {"const": "https://jsonfeed.org/version/1.1"},
        "title": {"type": "string"},
        "home_page_url": {"type": "string", "pattern": "^https://"},
        "feed_url": {"type": "string", "pattern": "^https://"},
        "description": {"type": "string"},
        "language": {"type": "string"},
        "authors": {"$ref": "#/$defs/authors"},
        "items": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["id"],
                "anyOf": [{"required": ["content_html"]}, {"required": ["content_text"]}],
                "properties": {
                    "id": {"type": "string"},
                    "url": {"type": "string", "pattern": "^https://"},
                    "title": {"type": "string"},
                    "content_html": {"type": "string"},
                    "summary": {"type": "string"},
                    "image": {"type": "string", "pattern": "^https://"},
                    "date_published": {"type": "string", "format": "date-time"},
                    "date_modified": {"type": "string", "format": "date-time"},
                    "authors": {"$ref": "#/$defs/authors"},
                    "tags": {"type": "array", "items": {"type": "string"}},
                    "language": {"type": "string"},
                },
                "additionalProperties": False,
            },
        },
    },
    "additionalProperties": False,
    "$defs": {
        "authors": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": ["name"],
                "properties": {"name": {"type": "string", "minLength": 1}},
            },
        }
    },
}


@pytest.fixture(scope="module")
def site(site_factory: SiteFactory) -> Built:
    return site_factory.build(FILES, config=CONFIG + ALL)


def feed(built: Built, url: str) -> Any:
    """A parsed RSS or Atom feed, checked to be well-formed and of the expected version."""
    parsed = feedparser.parse(built.read(url))
    assert not parsed.bozo, (url, parsed.get("bozo_exception"))
    assert parsed.version == ("atom10" if url.endswith("atom.xml") else "rss20")
    return parsed


def json_feed(built: Built, url: str) -> dict[str, Any]:
    data = built.read(url)
    parsed: dict[str, Any] = json.loads(data.decode("utf-8"))
    checker = jsonschema.Draft202012Validator.FORMAT_CHECKER
    jsonschema.validate(parsed, JSON_FEED_1_1, format_checker=checker)
    return parsed


def aware(text: str) -> datetime:
    """An RFC 3339 date with its offset (a naive date fails)."""
    value = datetime.fromisoformat(text)
    assert value.tzinfo is not None, text
    return value


# -- every format parses, everywhere ----------------------------------------------------------


@pytest.mark.parametrize("url", LISTS)
def test_every_list_has_every_format_and_each_parses(site: Built, url: str) -> None:
    rss, atom = feed(site, url + "index.xml"), feed(site, url + "atom.xml")
    data = json_feed(site, url + "feed.json")
    links = [e.link for e in rss.entries]
    assert links == [e.link for e in atom.entries] == [i["url"] for i in data["items"]]
    assert rss.feed.title == atom.feed.title == data["title"]


def test_feed_ids_dates_and_self_links(site: Built) -> None:
    atom = site.xml("/atom.xml")
    assert atom.findtext(f"{ATOM}id") == "https://example.org/"
    assert aware(atom.findtext(f"{ATOM}updated")) == aware("2024-04-01T09:30:00+02:00")
    self_link = atom.find(f"{ATOM}link[@rel='self']")
    assert self_link.get("href") == "https://example.org/atom.xml"
    assert self_link.get("type") == "application/atom+xml"
    entry = atom.find(f"{ATOM}entry")
    assert entry.findtext(f"{ATOM}id") == "https://example.org/posts/a/"
    assert aware(entry.findtext(f"{ATOM}published")).isoformat() == "2024-03-05T10:00:00+01:00"
    assert aware(entry.findtext(f"{ATOM}updated")) == aware("2024-04-01T09:30:00+02:00")
    rss = site.xml("/index.xml").find("channel")
    assert rss.find(f"{ATOM}link").get("href") == "https://example.org/index.xml"
    assert rss.find("item/guid").text == "https://example.org/posts/a/"
    data = json_feed(site, "/feed.json")
    assert data["feed_url"] == "https://example.org/feed.json"
    assert data["home_page_url"] == "https://example.org/"
    item = data["items"][0]
    assert item["id"] == item["url"] == "https://example.org/posts/a/"
    assert aware(item["date_published"]).isoformat() == "2024-03-05T10:00:00+01:00"
    assert aware(item["date_modified"]) == aware("2024-04-01T09:30:00+02:00")
    assert "date_modified" not in data["items"][1]  # never changed after its date


def test_authors_feed_and_page(site: Built) -> None:
    atom = feed(site, "/atom.xml")
    assert atom.feed.author == "Alex Moreau"
    assert atom.entries[0].author == "Sam Guest"  # front matter `author`
    rss = feed(site, "/index.xml")
    assert [e.author for e in rss.entries] == ["Sam Guest", "Alex Moreau", "Alex Moreau"]
    data = json_feed(site, "/feed.json")
    assert data["authors"] == [{"name": "Alex Moreau"}]
    assert data["items"][0]["authors"] == [{"name": "Sam Guest"}]
    assert "authors" not in data["items"][1]  # the feed's author


def test_atom_without_any_author_names_the_site(build_site: Callable[..., Built]) -> None:
    built = build_site(
        {"content/x.md": page("X", "Body.\n")},
        config="title: Nobody's Blog\nbase_url: https://example.org/\n" + ALL,
    )
    assert feed(built, "/atom.xml").feed.author == "Nobody's Blog"  # Atom requires one
    data = json_feed(built, "/feed.json")
    assert "authors" not in data and "authors" not in data["items"][0]
    # no date anywhere: Atom still has one, fixed (a build never reads the clock)
    assert built.xml("/atom.xml").findtext(f"{ATOM}updated") == "1970-01-01T00:00:00+00:00"


# -- escaping, absolute URLs --------------------------------------------------------------------


def test_titles_and_summaries_are_escaped_exactly_once(site: Built) -> None:
    for url in ("/index.xml", "/atom.xml"):
        parsed = feed(site, url)
        assert parsed.feed.title == "Feeds & Co"
        assert parsed.entries[0].title == TRICKY
        summary = parsed.entries[0].summary
        assert summary.startswith("<p>Salt &amp; <a href=")  # HTML: its own & stays escaped
        assert "&amp;amp;" not in summary
        assert "<title>Fish &amp; Chips &lt;3</title>" in site.text(url)
    data = json_feed(site, "/feed.json")
    assert data["items"][0]["title"] == TRICKY
    assert data["items"][0]["content_html"].startswith("<p>Salt &amp; <a href=")
    assert feed(site, "/fr/atom.xml").feed.title == "Flux & Cie"
    assert json_feed(site, "/feed.json")["description"] == "Notes <small> & large."


def test_summary_urls_are_absolute(site: Built) -> None:
    want_link = 'href="https://example.org/posts/b/"'
    want_img = 'src="https://example.org/posts/a/pic.png"'
    for url in ("/index.xml", "/atom.xml"):
        summary = feed(site, url).entries[0].summary
        assert want_link in summary and want_img in summary, summary
    content = json_feed(site, "/feed.json")["items"][0]["content_html"]
    assert want_link in content and want_img in content


# -- per language, per list ---------------------------------------------------------------------


def test_per_language_feeds(site: Built) -> None:
    for lang, hreflang, titles in (
        ("", "en-US", [TRICKY, "Beta", "About"]),
        ("/fr", "fr-FR", ["Poisson & frites"]),
        ("/ja", "ja-JP", ["ベータ"]),
    ):
        atom = site.xml(f"{lang}/atom.xml")
        assert atom.get("{http://www.w3.org/XML/1998/namespace}lang") == hreflang
        assert feed(site, f"{lang}/atom.xml").feed.language == hreflang
        assert feed(site, f"{lang}/index.xml").feed.language == hreflang
        data = json_feed(site, f"{lang}/feed.json")
        assert data["language"] == hreflang
        assert [i["title"] for i in data["items"]] == titles
        assert [e.title for e in feed(site, f"{lang}/atom.xml").entries] == titles


def test_section_term_and_taxonomy_feeds(site: Built) -> None:
    assert [e.title for e in feed(site, "/tags/python/atom.xml").entries] == [TRICKY]
    assert [i["title"] for i in json_feed(site, "/tags/go/feed.json")["items"]] == ["Beta"]
    assert feed(site, "/tags/python/atom.xml").feed.title == "Python · Feeds & Co"
    assert [e.title for e in feed(site, "/posts/atom.xml").entries] == [TRICKY, "Beta"]
    assert [e.title for e in feed(site, "/fr/tags/python/atom.xml").entries] == ["Poisson & frites"]
    assert {e.title for e in feed(site, "/tags/atom.xml").entries} == {"Go", "Python"}
    assert [e.term for e in feed(site, "/atom.xml").entries[0].tags] == ["Python"]
    assert json_feed(site, "/feed.json")["items"][0]["tags"] == ["Python"]


@pytest.mark.parametrize("url", LISTS)
def test_heads_advertise_every_feed(site: Built, url: str) -> None:
    tree = site.html(url)
    lang = tree.get("lang")
    links = tree.xpath('//head/link[@rel="alternate"][@type]')
    assert [link.get("type") for link in links] == [
        "application/rss+xml",
        "application/atom+xml",
        "application/feed+json",
    ]
    assert [link.get("href") for link in links] == [
        url + "index.xml",
        url + "atom.xml",
        url + "feed.json",
    ]
    assert {link.get("hreflang") for link in links} == {lang}
    titles = [link.get("title") for link in links]
    assert len(set(titles)) == 3 and all(titles)
    # a feed link is not an hreflang alternate of the page (blog check's reciprocity rule)
    kinds = {link.kind for link in scan_html(site.read(url)).links if link.url == url + "atom.xml"}
    assert kinds and "alternate" not in kinds


def test_regular_pages_have_no_feed(site: Built) -> None:
    assert not site.html("/posts/a/").xpath('//head/link[@rel="alternate"][@type]')
    assert not site.exists("/posts/a/atom.xml") and not site.exists("/posts/a/feed.json")


# -- configuration ------------------------------------------------------------------------------


def test_default_formats_are_rss_and_atom(build_site: Callable[..., Built]) -> None:
    built = build_site(FILES, config=CONFIG)
    feed(built, "/index.xml")
    feed(built, "/tags/go/atom.xml")
    assert not built.exists("/feed.json") and not built.exists("/tags/go/feed.json")
    types = built.html("/").xpath('//head/link[@rel="alternate"][@type]/@type')
    assert types == ["application/rss+xml", "application/atom+xml"]
    assert built.html("/").xpath('//footer//a[@class="rss-link"]/@href') == ["/index.xml"]


def test_formats_choose_the_files_and_the_links(build_site: Callable[..., Built]) -> None:
    social = "params:\n  author: {name: A}\n  social: {rss: true}\n"
    config = CONFIG.replace("params:\n  author: {name: Alex Moreau}\n", social)
    built = build_site(FILES, config=config + "feeds: {formats: [json]}\n")
    json_feed(built, "/fr/feed.json")
    assert not built.exists("/index.xml") and not built.exists("/fr/atom.xml")
    home = built.html("/fr/")
    assert home.xpath('//head/link[@rel="alternate"][@type]/@href') == ["/fr/feed.json"]
    for link in home.xpath('//footer//a[@class="rss-link"] | //a[contains(@class, "social-rss")]'):
        assert link.get("href") == "/fr/feed.json"
        assert link.get("type") == "application/feed+json"
    ordered = build_site(FILES, config=CONFIG + "feeds: {formats: [atom, rss]}\n")
    assert ordered.html("/").xpath('//head/link[@rel="alternate"][@type]/@href') == [
        "/atom.xml",
        "/index.xml",
    ]


def test_no_formats_no_feeds(build_site: Callable[..., Built]) -> None:
    built = build_site(FILES, config=CONFIG + "feeds: {formats: []}\n")
    names = {Path(f).name for f in built.files()}
    assert not names & {"index.xml", "atom.xml", "feed.json"}
    assert not built.html("/").xpath('//link[@rel="alternate"][@type] | //a[@class="rss-link"]')


def test_disable_kinds_rss_turns_off_every_format(build_site: Callable[..., Built]) -> None:
    built = build_site(FILES, config=CONFIG + ALL + "disable_kinds: [rss]\n")
    names = {Path(f).name for f in built.files()}
    assert not names & {"index.xml", "atom.xml", "feed.json"}
    assert "sitemap.xml" in names
    assert not built.html("/tags/go/").xpath('//head/link[@rel="alternate"][@type]')


ONE_OF = "one of: rss, atom, json"


@pytest.mark.parametrize(
    ("formats", "message"),
    [
        ("[RSS]", f"feeds.formats.0: unknown feed format 'RSS' ({ONE_OF}): did you mean rss?"),
        ("[atom, jsonfeed]", f"feeds.formats.1: unknown feed format 'jsonfeed' ({ONE_OF})"),
        ("[atom, atom]", "feeds.formats.1: feed format 'atom' is listed twice"),
        ("atom", "feeds.formats: expected a list, got str 'atom'"),
    ],
)
def test_bad_formats_are_config_errors(
    build_site: Callable[..., Built], formats: str, message: str
) -> None:
    built = build_site(FILES, config=CONFIG + f"feeds: {{formats: {formats}}}\n", ok=False)
    assert f"blog.yaml:{CONFIG.count(chr(10)) + 1}" in built.result.stderr
    assert message in built.result.stderr


# -- output stays as written --------------------------------------------------------------------


def test_relative_urls_leave_feeds_alone(site: Built, site_factory: SiteFactory) -> None:
    relative = run_site(site.root, site.root / "relative", ["--relative-urls"])
    files, plain = relative.files(), site.files()
    for rel in ("index.xml", "atom.xml", "feed.json", "fr/tags/python/atom.xml"):
        assert files[rel] == plain[rel]
    folder = relative.public / "fr/tags/python"
    hrefs = relative.html("/fr/tags/python/").xpath('//head/link[@rel="alternate"][@type]/@href')
    assert [(folder / href).resolve() for href in hrefs] == [
        (folder / name).resolve() for name in ("index.xml", "atom.xml", "feed.json")
    ]
    assert all(not href.startswith("/") for href in hrefs)


def test_feeds_are_deterministic(site: Built, site_factory: SiteFactory) -> None:
    again = run_site(site.root, site.root / "again", ["--jobs", "2"])
    first, second = site.files(), again.files()
    feeds = [rel for rel in first if rel.endswith(("index.xml", "atom.xml", "feed.json"))]
    assert len(feeds) > 20
    assert all(first[rel] == second[rel] for rel in feeds)
    text = first["feed.json"].decode("utf-8")
    assert list(json.loads(text)) == [  # the specification's order, not sorted
        "version",
        "title",
        "home_page_url",
        "feed_url",
        "description",
        "language",
        "authors",
        "items",
    ]
    assert text == json.dumps(json.loads(text), ensure_ascii=False, indent=2) + "\n"
    assert "ベータ" in first["ja/feed.json"].decode("utf-8")  # UTF-8, not \u escapes


# -- templates ----------------------------------------------------------------------------------


def test_site_templates_replace_atom_and_json(build_site: Callable[..., Built]) -> None:
    built = build_site(
        {
            **FILES,
            "layouts/atom.xml": (
                '<feed xmlns="http://www.w3.org/2005/Atom"><title>{{ feed_title }}!</title>'
                "<id>{{ feed_url }}</id><updated>{{ iso_date(feed_updated) }}</updated></feed>\n"
            ),
            "layouts/feed.json": '{{ to_json(dict(feed, icon=abs_url("icon.png"))) }}\n',
        },
        config=CONFIG + ALL,
    )
    assert built.xml("/fr/atom.xml").findtext(f"{ATOM}title") == "Flux & Cie!"
    data = json.loads(built.read("/feed.json"))
    assert data["icon"] == "https://example.org/icon.png" and data["items"]


def test_a_template_writing_invalid_json_is_an_error(build_site: Callable[..., Built]) -> None:
    built = build_site(
        {**FILES, "layouts/feed.json": '{"items": [{{ feed_title }}]}\n'},
        config=CONFIG + ALL,
        ok=False,
    )
    assert "layouts/feed.json: error: while rendering /feed.json: the template did not write " in (
        built.result.stderr
    )


def test_a_theme_without_feed_templates_gets_the_bundled_ones(
    build_site: Callable[..., Built],
) -> None:
    built = build_site(
        {
            "blog.yaml": "title: T\nbase_url: https://example.org/\ntheme: tiny\n" + ALL,
            "content/x.md": page("X", "Body.\n", date="2024-01-01"),
            "themes/tiny/templates/single.html": "<html><body>{{ page.title }}</body></html>\n",
            "themes/tiny/templates/list.html": "<html><body>list</body></html>\n",
            "themes/tiny/templates/404.html": "<html><body>404</body></html>\n",
            "themes/tiny/templates/rss.xml": '<rss version="2.0"><channel/></rss>\n',
            "themes/tiny/templates/sitemap.xml": "<urlset/>\n",
            "themes/tiny/templates/robots.txt": "User-agent: *\n",
            "themes/tiny/templates/alias.html": "<html></html>\n",
        }
    )
    assert built.text("/index.xml") == '<rss version="2.0"><channel/></rss>\n'  # the theme's
    assert [e.title for e in feed(built, "/atom.xml").entries] == ["X"]  # the bundled ones
    assert json_feed(built, "/feed.json")["items"][0]["title"] == "X"


# -- blog check ---------------------------------------------------------------------------------


def test_check_follows_json_feed_links_and_reports_broken_feeds(
    site_factory: SiteFactory,
) -> None:
    root = site_factory.build(FILES, config=CONFIG + ALL).root
    clean = run_check(CheckRequest(source=root, jobs=1))
    assert clean.errors == [] and clean.warnings == []
    (root / "layouts").mkdir()
    (root / "layouts/feed.json").write_text(
        '{{ to_json(dict(feed, home_page_url=abs_url("nowhere/"))) }}\n', encoding="utf-8"
    )
    (root / "layouts/atom.xml").write_text("<feed><oops></feed>\n", encoding="utf-8")
    report = run_check(CheckRequest(source=root, jobs=1))
    messages = [f.message for f in report.errors]
    assert any(m.startswith("feed.json: ") and "/nowhere/" in m for m in messages), messages
    assert any(m.startswith("fr/atom.xml: not well-formed XML") for m in messages), messages


def test_absolute_html_resolves_against_the_page() -> None:
    html = (
        '<p><a href="/x/">x</a> <img src="pic.png" srcset="a.png 1x, /b.png 2x"> '
        '<a href="#fn1">1</a> <a href="mailto:a@b.c">m</a> <a href="https://o.org/">o</a></p>'
    )
    assert absolute_html(html, "https://example.org/blog/posts/a/") == (
        '<p><a href="https://example.org/x/">x</a> '
        '<img src="https://example.org/blog/posts/a/pic.png" '
        'srcset="https://example.org/blog/posts/a/a.png 1x, https://example.org/b.png 2x"> '
        '<a href="https://example.org/blog/posts/a/#fn1">1</a> <a href="mailto:a@b.c">m</a> '
        '<a href="https://o.org/">o</a></p>'
    )


def test_json_feed_scan() -> None:
    scan = scan_json_feed(
        json.dumps(
            {
                "version": "https://jsonfeed.org/version/1.1",
                "home_page_url": "https://example.org/",
                "items": [{"id": "1", "url": "https://example.org/a/", "image": "/i.png"}],
                "authors": [{"name": "A", "avatar": "/me.png"}],
            }
        ).encode()
    )
    assert [link.url for link in scan.links] == [
        "https://example.org/",
        "/me.png",
        "https://example.org/a/",
        "/i.png",
    ]
    assert scan_json_feed(b"{").problem.startswith("not valid JSON")


@pytest.mark.parametrize("formats", ["", ALL])
def test_example_site_builds_strict_and_checks_clean(tmp_path: Path, formats: str) -> None:
    root = copy_example_site(tmp_path / "site")
    if formats:
        with (root / "blog.yaml").open("a", encoding="utf-8") as f:
            f.write(formats)
    built = run_site(root, tmp_path / "public", ["--strict", "--quiet"])
    names = {Path(f).name for f in built.files()}
    assert {"index.xml", "atom.xml"} <= names and ("feed.json" in names) == bool(formats)
    for url in ("/atom.xml", "/fr/atom.xml", "/ja/posts/atom.xml"):
        feed(built, url)
    if formats:
        assert json_feed(built, "/ja/feed.json")["language"] == "ja-JP"
    report = run_check(CheckRequest(source=root, jobs=1))
    assert report.errors == [], [f.message for f in report.errors]


# -- blog serve ---------------------------------------------------------------------------------


def test_serve_rewrites_every_format_of_a_feed_and_equals_a_clean_build(
    site_factory: SiteFactory, tmp_path: Path
) -> None:
    root = site_factory.build(FILES, config=CONFIG + ALL).root
    session = Session(root, tmp_path / "served", BuildOptions(), jobs=1)
    session.full()
    post = root / "content/posts/a/index.md"
    post.write_text(post.read_text(encoding="utf-8").replace(TRICKY, "Renamed & <b>"), "utf-8")
    os.utime(post, ns=(1, 1))  # a changed stat whatever the clock's resolution
    report = session.update([post])
    written = set(report.written)
    assert {"index.xml", "atom.xml", "feed.json", "tags/python/feed.json"} <= written
    assert not {"fr/atom.xml", "tags/go/atom.xml"} & written  # they do not show it
    served = tmp_path / "served"
    assert json.loads((served / "feed.json").read_bytes())["items"][0]["title"] == "Renamed & <b>"
    (root / "blog.yaml").write_text(CONFIG + "feeds: {formats: [json]}\n", encoding="utf-8")
    os.utime(root / "blog.yaml", ns=(1, 1))
    session.update([root / "blog.yaml"])
    clean = tmp_path / "clean"
    request = BuildRequest(
        source=root,
        destination=clean,
        options=BuildOptions(),
        live_reload=True,
        jobs=1,
        cache=False,
    )
    build(request)
    assert snapshot(served) == without_search(snapshot(clean))
    assert not (served / "atom.xml").exists() and (served / "fr/feed.json").is_file()
