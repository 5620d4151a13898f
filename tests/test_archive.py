"""The archive page (`archive:`): one page per language listing every post of that language by
year, newest first, with localized dates; a real page of the site (translations, switcher,
hreflang, sitemap, `blog check`), linked from the default theme's footer."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from polyblog.build import BuildRequest, build
from polyblog.check import CheckRequest, run_check
from polyblog.config import load_config
from polyblog.engine import Session
from polyblog.errors import ConfigError
from polyblog.site import BuildOptions
from sitekit import Built, ensure_theme, page, snapshot, without_search, write_files

CONFIG = """\
title: Archive
base_url: https://example.org/
languages:
  en: {locale: en_US}
  fr: {locale: fr_FR}
  ja: {locale: ja_JP}
"""


def post(title: str, date: str | None, **front: Any) -> str:
    if date is not None:
        front["date"] = date
    return page(title, f"Body of {title}.\n", **front)


FILES = {
    "content/posts/a.md": post("Alpha", "2023-03-05"),
    "content/posts/a.fr.md": post("Alpha fr", "2023-03-05"),
    "content/posts/b.md": post("Beta", "2024-11-20"),
    "content/posts/c.md": post("Gamma", "2024-01-15"),
    "content/posts/c.fr.md": post("Gamma fr", "2024-01-15"),
    "content/posts/d.md": post("Delta", "2022-07-01"),
    "content/about.md": page("About me", "Hello.\n"),  # not a post: not in the archive
}


def years(built: Built, url: str) -> list[tuple[str, list[tuple[str, str, str]]]]:
    """(year heading, [(date text, datetime, title)]) of an archive page."""
    out = []
    for section in built.html(url).xpath("//section[@class='archive-year']"):
        heading = section.xpath("h2")[0]
        year = (heading.text or "").strip()
        posts = [
            (
                li.xpath("string(time)"),
                li.xpath("string(time/@datetime)")[:10],
                li.xpath("string(a)"),
            )
            for li in section.xpath(".//li")
        ]
        out.append((year, posts))
    return out


def test_posts_grouped_by_year_newest_first(build_site: Callable[..., Built]) -> None:
    built = build_site(FILES, config=CONFIG)
    assert years(built, "/archives/") == [
        (
            "2024",
            [
                ("November 20, 2024", "2024-11-20", "Beta"),
                ("January 15, 2024", "2024-01-15", "Gamma"),
            ],
        ),
        ("2023", [("March 5, 2023", "2023-03-05", "Alpha")]),
        ("2022", [("July 1, 2022", "2022-07-01", "Delta")]),
    ]
    tree = built.html("/archives/")
    assert tree.xpath("string(//h1)") == "Archive"
    assert tree.xpath("string(//title)").startswith("Archive")
    links = tree.xpath("//section[@class='archive-year']//a/@href")
    assert links == ["/posts/b/", "/posts/c/", "/posts/a/", "/posts/d/"]
    # the heading says how many posts the year has, and the lead how many in all
    assert " ".join(tree.xpath("string(//section[1]/h2/span)").split()) == "2 posts"
    assert " ".join(tree.xpath("string(//p[@class='list-lead'])").split()) == "4 posts"
    ids = tree.xpath("//section[@class='archive-year']/@aria-labelledby")
    assert ids == tree.xpath("//section[@class='archive-year']/h2/@id")


def test_each_language_lists_its_own_posts_in_its_words(build_site: Callable[..., Built]) -> None:
    built = build_site(FILES, config=CONFIG)
    assert years(built, "/fr/archives/") == [
        ("2024", [("15 janvier 2024", "2024-01-15", "Gamma fr")]),
        ("2023", [("5 mars 2023", "2023-03-05", "Alpha fr")]),
    ]
    assert built.html("/fr/archives/").xpath("string(//h1)") == "Archives"
    # a language without posts still has its (empty) archive, titled in its language
    assert years(built, "/ja/archives/") == []
    assert built.html("/ja/archives/").xpath("string(//h1)") == "アーカイブ"


def test_switcher_hreflang_and_sitemap(build_site: Callable[..., Built]) -> None:
    built = build_site(FILES, config=CONFIG)
    tree = built.html("/fr/archives/")
    switcher = tree.xpath("//nav[@class='lang-switcher']//a")
    assert {a.get("hreflang"): a.get("href") for a in switcher} == {
        "en-US": "/archives/",
        "ja-JP": "/ja/archives/",
    }
    assert all(a.get("class") == "lang" for a in switcher)  # translations, not homes
    alternates = {
        link.get("hreflang"): link.get("href")
        for link in tree.xpath("//link[@rel='alternate'][@hreflang][not(@type)]")
    }
    assert alternates == {
        "en-US": "https://example.org/archives/",
        "fr-FR": "https://example.org/fr/archives/",
        "ja-JP": "https://example.org/ja/archives/",
        "x-default": "https://example.org/archives/",
    }
    sitemap = built.xml("/fr/sitemap.xml")
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locs = sitemap.xpath("//s:loc/text()", namespaces=ns)
    assert "https://example.org/fr/archives/" in locs
    entry = sitemap.xpath("//s:url[s:loc='https://example.org/fr/archives/']", namespaces=ns)[0]
    assert entry.xpath("string(s:lastmod)", namespaces=ns).startswith("2024-01-15")


def test_the_footer_links_the_archive_of_the_pages_language(
    build_site: Callable[..., Built],
) -> None:
    built = build_site(FILES, config=CONFIG)
    for url, href, text in [
        ("/posts/a/", "/archives/", "Archive"),
        ("/fr/", "/fr/archives/", "Archives"),
        ("/ja/", "/ja/archives/", "アーカイブ"),
    ]:
        link = built.html(url).xpath("//footer//a[@class='archive-link']")
        assert [(a.get("href"), a.text) for a in link] == [(href, text)], url


@pytest.mark.parametrize("off", ["archive: false", "archive: {enabled: false}"])
def test_switched_off(build_site: Callable[..., Built], off: str) -> None:
    built = build_site(FILES, config=CONFIG + off + "\n")
    assert not built.exists("/archives/")
    assert not built.exists("/fr/archives/")
    assert not built.html("/posts/a/").xpath("//a[@class='archive-link']")
    assert (
        "archives"
        not in (built.public / "sitemap.xml").read_text()
        + (built.public / "fr/sitemap.xml").read_text()
    )


def test_another_path(build_site: Callable[..., Built]) -> None:
    built = build_site(FILES, config=CONFIG + "archive: {path: /blog/by-year/}\n")
    assert built.exists("/blog/by-year/") and built.exists("/fr/blog/by-year/")
    assert not built.exists("/archives/")
    link = built.html("/fr/").xpath("//a[@class='archive-link']/@href")
    assert link == ["/fr/blog/by-year/"]


def test_undated_posts_last_and_drafts_marked(build_site: Callable[..., Built]) -> None:
    files = {
        "content/posts/old.md": post("Old", "2020-02-02"),
        "content/posts/nodate.md": post("No date", None),
        "content/posts/wip.md": post("Work in progress", "2021-01-01", draft=True),
    }
    built = build_site(files, config=CONFIG)
    assert [y for y, _ in years(built, "/archives/")] == ["2020", "Undated"]
    built = build_site(files, "--drafts", config=CONFIG)
    assert [y for y, _ in years(built, "/archives/")] == ["2021", "2020", "Undated"]
    draft = built.html("/archives/").xpath("//li[a='Work in progress']/span")
    assert [s.text for s in draft] == ["Draft"]


def test_a_page_at_that_url_wins_with_a_warning(build_site: Callable[..., Built]) -> None:
    files = {**FILES, "content/archives.md": page("My own archive", "Hand-made.\n")}
    built = build_site(files, config=CONFIG)
    assert built.html("/archives/").xpath("string(//h1)") == "My own archive"
    assert built.exists("/fr/archives/")  # the other languages keep theirs
    assert (
        "content/archives.md: warning: archive: /archives/ is the URL of content/archives.md; "
        "that page stays and no en archive page is made"
    ) in built.result.stderr


def test_a_theme_without_an_archive_template_uses_its_list(
    build_site: Callable[..., Built],
) -> None:
    list_html = (
        "<html><body><h1>{{ page.title }}</h1><ul>{% for p in paginator.pages %}"
        '<li><a href="{{ p.url }}">{{ p.title }}</a></li>{% endfor %}</ul></body></html>\n'
    )
    files = {
        **FILES,
        "themes/mine/templates/list.html": list_html,
        "themes/mine/templates/single.html": "<html><body>{{ page.content }}</body></html>\n",
        "themes/mine/templates/404.html": "<html></html>\n",
        "themes/mine/templates/alias.html": "<html></html>\n",
    }
    config = CONFIG + "theme: mine\ndisable_kinds: [rss, sitemap, robots_txt]\n"
    built = build_site(files, config=config)
    tree = built.html("/archives/")
    assert tree.xpath("//li/a/@href") == ["/posts/b/", "/posts/c/", "/posts/a/", "/posts/d/"]
    assert tree.xpath("string(//h1)") == "Archive"


@pytest.mark.parametrize("value", ["../up", "a/./b", "", "two words", "https://x.org/a"])
def test_bad_path_is_an_error_at_its_line(tmp_path: Path, value: str) -> None:
    write_files(tmp_path, {"blog.yaml": CONFIG + f'archive:\n  path: "{value}"\n'})
    with pytest.raises(ConfigError) as info:
        load_config(tmp_path)
    assert "archive.path:" in str(info.value) and "is not a site path" in str(info.value)
    assert info.value.pos is not None and info.value.pos.line == 8


def test_blog_check_finds_nothing_wrong(tmp_path: Path) -> None:
    root = tmp_path / "site"
    write_files(root, {"blog.yaml": CONFIG, **FILES})
    ensure_theme(root)
    report = run_check(CheckRequest(source=root, jobs=1))
    assert report.built
    assert [f.message for f in report.errors] == []
    assert report.pages >= 3 * 4


def test_an_edit_reaches_the_archive(tmp_path: Path) -> None:
    site = tmp_path / "site"
    write_files(site, {"blog.yaml": CONFIG, **FILES})
    options = BuildOptions(now=datetime(2026, 1, 1, tzinfo=UTC))
    session = Session(site, tmp_path / "served", options, jobs=1)
    session.full()
    path = site / "content/posts/d.md"
    before = path.stat().st_mtime_ns
    path.write_text(post("Delta moved", "2024-12-31"), encoding="utf-8")
    if path.stat().st_mtime_ns == before:
        os.utime(path, ns=(before + 1_000_000, before + 1_000_000))
    report = session.update([path])
    assert "archives/index.html" in report.written
    assert "fr/archives/index.html" not in report.written
    html = (session.destination / "archives/index.html").read_text()
    assert html.index("Delta moved") < html.index("Beta")  # now the newest, in 2024
    clean = tmp_path / "clean"
    build(
        BuildRequest(
            source=site, destination=clean, options=options, live_reload=True, jobs=1, cache=False
        )
    )
    assert snapshot(session.destination) == without_search(snapshot(clean))
