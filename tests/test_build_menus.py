"""Menus: `page_ref` resolved per language, nesting by `parent` shown as accessible disclosures,
Hugo's order, current/ancestor flags, errors and warnings at the entry's line; the hook that
adds pages' own entries (`resolve_menus(site, extra)`)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import lxml.html
import pytest

from polyblog.config import MenuEntry, load_config
from polyblog.content import load_content
from polyblog.render.menus import MenuItem, resolve_menus
from polyblog.site import BuildOptions, PageKey, build_site
from sitekit import Built, page, write_files

CONFIG = """\
title: T
base_url: https://example.org/blog/
languages:
  en: {}
  fr: {}
menus:
  main:
    - {name: Docs, identifier: docs, page_ref: /docs, weight: 2}
    - {name: Guide, page_ref: /docs/guide, parent: docs, weight: 1}
    - {page_ref: /docs/faq.md, parent: docs, weight: 2}
    - {name: Posts, page_ref: /posts, weight: 1}
    - {page_ref: /about}
    - {name: Home, page_ref: /, weight: -1}
    - name: Source
      url: https://example.com/code
      pre: "<span class=icon>*</span>"
      post: " ↗"
      title: The code
"""

FILES = {
    "content/posts/hello.md": page("Hello", "Hi", date="2024-01-01"),
    "content/posts/hello.fr.md": page("Bonjour", "Salut", date="2024-01-01"),
    "content/docs/_index.md": page("Documentation"),
    "content/docs/_index.fr.md": page("Documentation FR"),
    "content/docs/guide/index.md": page("The Guide", "Read me."),
    "content/docs/guide/index.fr.md": page("Le guide", "Lisez-moi.", slug="le-guide"),
    "content/docs/faq.md": page("Questions", "Q", linkTitle="FAQ"),
    "content/docs/faq.fr.md": page("Questions FR", "Q", linkTitle="FAQ FR"),
    "content/about.md": page("About me", "About."),
    "content/about.fr.md": page("À propos", "À propos.", slug="a-propos"),
}


@pytest.fixture(scope="module")
def site(site_factory) -> Built:  # type: ignore[no-untyped-def]
    return site_factory.build(FILES, config=CONFIG)


def nav(built: Built, url: str) -> lxml.html.HtmlElement:
    (element,) = built.html(url).xpath('//header//nav[contains(@class,"site-nav")]')
    return element


def top_level(built: Built, url: str) -> list[str]:
    """Text of each top-level entry: a link, or a disclosure's summary."""
    out = []
    for li in nav(built, url).xpath("./ul/li"):
        head = li.xpath("./a | ./span | ./details/summary")[0]
        out.append(head.text_content().strip())
    return out


def test_page_ref_resolves_in_each_language(site: Built) -> None:
    def hrefs(url: str) -> dict[str, str]:
        return {a.text_content().strip(): a.get("href") for a in nav(site, url).xpath(".//a")}

    assert hrefs("/posts/hello/") == {
        "Home": "/blog/",
        "Posts": "/blog/posts/",
        "Docs": "/blog/docs/",
        "Guide": "/blog/docs/guide/",
        "FAQ": "/blog/docs/faq/",  # the page's link title
        "About me": "/blog/about/",  # its title (no linkTitle)
        "*Source ↗": "https://example.com/code",
    }
    fr = hrefs("/fr/posts/hello/")
    assert fr["Guide"] == "/blog/fr/docs/le-guide/"
    assert fr["À propos"] == "/blog/fr/a-propos/"  # a name from the French page's link title
    assert fr["FAQ FR"] == "/blog/fr/docs/faq/"
    assert fr["Home"] == "/blog/fr/"


def test_hugo_order_weight_then_name_unweighted_last(site: Built) -> None:
    assert top_level(site, "/") == ["Home", "Posts", "Docs", "About me", "*Source ↗"]
    children = nav(site, "/").xpath("./ul/li/details/ul/li/a")
    # the parent's own page first, then its children by weight
    assert [a.text_content() for a in children] == ["Docs", "Guide", "FAQ"]


def test_nested_entries_are_a_keyboard_disclosure(site: Built) -> None:
    (item,) = nav(site, "/").xpath('./ul/li[contains(@class,"has-children")]')
    (details,) = item.xpath("./details")
    (summary,) = details.xpath("./summary")
    assert summary.text_content().strip() == "Docs"
    # <details>/<summary> is focusable and opens with Enter/Space without script
    assert details.xpath("./ul/li/a/@href") == [
        "/blog/docs/",
        "/blog/docs/guide/",
        "/blog/docs/faq/",
    ]
    assert not site.html("/").xpath("//header//script")


def test_current_and_ancestor_flags(site: Built) -> None:
    menu = nav(site, "/docs/guide/")
    (current,) = menu.xpath('.//a[@aria-current="page"]')
    assert current.get("href") == "/blog/docs/guide/"
    ancestors = menu.xpath('.//a[@aria-current="true"]/@href')
    assert ancestors == ["/blog/docs/"]  # the section's entry: the page is below it
    assert menu.xpath('.//summary[contains(@class,"active")]')  # the parent entry is open-able
    assert "active" in current.get("class", "")
    home = nav(site, "/")
    assert home.xpath('.//a[@aria-current="page"]/@href') == ["/blog/"]
    assert not home.xpath('.//a[@aria-current="true"]')  # a home is nobody's ancestor
    assert not nav(site, "/posts/hello/").xpath('.//a[@href="/blog/"][@aria-current]')


def test_pre_post_and_title(site: Built) -> None:
    (link,) = nav(site, "/").xpath('.//a[@href="https://example.com/code"]')
    assert link.get("title") == "The code"
    assert link.xpath("./span[@class='icon']/text()") == ["*"]  # pre is HTML from blog.yaml
    assert link.text_content() == "*Source ↗"


def test_unknown_page_ref_is_an_error_at_the_entry(build_site: Callable[..., Built]) -> None:
    config = "title: T\nbase_url: https://example.org/\nmenus:\n  main:\n    - {page_ref: /nope}\n"
    built = build_site({"content/a.md": page("A")}, config=config, ok=False)
    assert built.result.stderr.startswith(
        "blog.yaml:5: error: menus.main[0]: page_ref /nope: no such page (a content path such "
        "as /posts or /about/index.md)"
    ), built.result.stderr


def test_unknown_page_ref_in_a_shared_menu_is_reported_once(
    build_site: Callable[..., Built],
) -> None:
    config = (
        "title: T\nbase_url: https://example.org/\nlanguages: {en: {}, fr: {}}\nmenus:\n"
        "  main:\n    - {name: X, page_ref: /nope}\n"
    )
    built = build_site({"content/a.md": page("A")}, config=config, ok=False)
    assert built.result.stderr.count("page_ref /nope: no such page") == 1


def test_duplicate_entries_the_second_wins(build_site: Callable[..., Built]) -> None:
    config = (
        "title: T\nbase_url: https://example.org/\nmenus:\n  main:\n"
        "    - {name: X, url: /one/}\n    - {name: X, url: /two/}\n"
    )
    built = build_site({"content/a.md": page("A")}, config=config)
    assert built.html("/a/").xpath('//nav[@class="site-nav"]//a/@href') == ["/two/"]
    assert (
        "blog.yaml:6: warning: menus.main[1]: a second entry 'X' in menu 'main' (same "
        "identifier, or same name and no identifier): it replaces the first"
    ) in built.result.stderr


def test_page_ref_with_a_url_falls_back_to_the_url(build_site: Callable[..., Built]) -> None:
    config = (
        "title: T\nbase_url: https://example.org/\nmenus:\n  main:\n"
        "    - {name: X, page_ref: /nope, url: /elsewhere/}\n"
    )
    built = build_site({"content/a.md": page("A")}, config=config)
    assert built.html("/a/").xpath('//nav[@class="site-nav"]//a/@href') == ["/elsewhere/"]


def test_page_missing_in_one_language(build_site: Callable[..., Built]) -> None:
    config = (
        "title: T\nbase_url: https://example.org/\nlanguages: {en: {}, fr: {}}\nmenus:\n"
        "  main:\n    - {name: Only, page_ref: /only}\n    - {name: Both, url: /}\n"
    )
    built = build_site(
        {"content/only.md": page("Only"), "content/x.fr.md": page("X")}, config=config
    )
    assert (
        "blog.yaml:6: warning: menus.main[0]: page_ref /only has no fr page: the entry is left "
        "out of the fr menu" in built.result.stderr
    )
    fr_names = built.html("/fr/x/").xpath('//nav[@class="site-nav"]//a/text()')
    assert fr_names == ["Both"]
    assert built.html("/only/").xpath('//nav[@class="site-nav"]//a/text()') == ["Both", "Only"]


def test_undefined_parent_becomes_a_heading(build_site: Callable[..., Built]) -> None:
    config = (
        "title: T\nbase_url: https://example.org/\nmenus:\n  main:\n"
        "    - {name: A, url: /a/, parent: more}\n    - {name: B, url: /b/, parent: more}\n"
    )
    built = build_site({"content/a.md": page("A")}, config=config)
    assert (
        "blog.yaml:5: warning: menus.main[0]: parent 'more' is not an entry of menu 'main': it is "
        "shown without a link" in built.result.stderr
    )
    menu = built.html("/a/").xpath('//nav[@class="site-nav"]')[0]
    assert menu.xpath("./ul/li/details/summary/text()") == ["more"]
    assert menu.xpath("./ul/li/details/ul/li/a/text()") == ["A", "B"]


def test_parent_cycle_is_left_out_with_a_warning(build_site: Callable[..., Built]) -> None:
    config = (
        "title: T\nbase_url: https://example.org/\nmenus:\n  main:\n"
        "    - {name: A, url: /a/, parent: B}\n    - {name: B, url: /b/, parent: A}\n"
        "    - {name: C, url: /c/}\n"
    )
    built = build_site({"content/a.md": page("A")}, config=config)
    assert "blog.yaml:5: warning: menus.main[0]: entry 'A' of menu 'main' is its own ancestor" in (
        built.result.stderr
    )
    assert built.html("/a/").xpath('//nav[@class="site-nav"]//a/text()') == ["C"]


# -- the hook for pages' own menu entries --------------------------------------------------------


def _site(tmp_path: Path, config: str, files: dict[str, str]):  # type: ignore[no-untyped-def]
    write_files(tmp_path, {"blog.yaml": config, **files})
    cfg = load_config(tmp_path)
    return build_site(cfg, load_content(cfg).pages, BuildOptions())


def test_extra_entries_from_pages_join_the_config_menu(tmp_path: Path) -> None:
    site = _site(
        tmp_path,
        "title: T\nbase_url: https://example.org/\nmenus:\n  main:\n"
        "    - {name: Docs, identifier: docs, url: /docs/, weight: 5}\n",
        {"content/a.md": page("Alpha", linkTitle="A page"), "content/b.md": page("Beta")},
    )
    extra = {
        "en": {
            "main": [
                MenuEntry(name="", page_key="en:page:a.md", weight=1, source="content/a.md"),
                MenuEntry(name="Beta!", page_key="en:page:b.md", parent="docs"),
                MenuEntry(
                    name="D",
                    identifier="docs",
                    page_key="en:page:b.md",
                    source="content/b.md",
                    line=3,
                ),
            ],
            "footer": [MenuEntry(name="", page_key="en:page:b.md")],
        }
    }
    menus, warnings = resolve_menus(site, extra)
    main = menus["en"]["main"]
    assert [e.entry.name for e in main] == ["A page", "Docs"]  # the page's link title
    assert [c.entry.name for c in main[1].children] == ["Beta!"]
    assert main[0].url == "/a/" and main[0].target == PageKey("en:page:a.md")
    assert [e.entry.name for e in menus["en"]["footer"]] == ["Beta"]
    assert [(w.pos.path, w.pos.line) for w in warnings if w.pos] == [("content/b.md", 3)]
    assert warnings[0].message == (
        "menu 'main' already has an entry 'docs': this page's entry is left out (give it "
        "another identifier)"
    )


def test_menu_items_flags(tmp_path: Path) -> None:
    site = _site(
        tmp_path,
        "title: T\nbase_url: https://example.org/\nmenus:\n  main:\n"
        "    - {name: Posts, url: /posts}\n    - {name: Home, url: /}\n",
        {"content/posts/x.md": page("X")},
    )
    from polyblog.render.menus import menu_items

    menus, _ = resolve_menus(site)
    post = site.pages[PageKey("en:page:posts/x.md")]
    home, posts = menu_items(menus["en"]["main"], post, frozenset({"/"}))
    assert isinstance(posts, MenuItem)
    assert (posts.current, posts.ancestor, posts.active) == (False, True, True)
    assert (home.current, home.ancestor, home.active) == (False, False, False)
    section = site.pages[PageKey("en:section:posts")]
    _home, posts = menu_items(menus["en"]["main"], section, frozenset({"/"}))
    assert (posts.current, posts.ancestor) == (True, False)


def test_front_matter_menus_join_the_site_menu(build_site: Callable[..., Built]) -> None:
    """Hugo: `menu: main` adds the page with its title; `menu: {main: {weight, name, parent}}`
    sets the entry; entries sort by weight with the config's."""
    config = (
        "title: T\nbase_url: https://example.org/\n"
        "menus:\n  main:\n    - {name: Posts, url: /posts/, weight: 2}\n"
        "    - {name: More, identifier: more, url: /more/, weight: 9}\n"
    )
    files = {
        "content/about.md": page("About me", "x\n", menu={"main": {"weight": 1, "name": "About"}}),
        "content/posts/_index.md": page("Posts", ""),
        "content/posts/p.md": page("A post", "x\n", menu="main", weight=5),
        "content/more/_index.md": page("More", ""),
        "content/more/deep.md": page("Deep", "x\n", menu={"main": {"parent": "more"}}),
    }
    built = build_site(files, config=config)
    nav = built.html("/").xpath("//nav[@class='site-nav']")[0]
    top = [a.text_content().strip() for a in nav.xpath("./ul/li/a | ./ul/li/details/summary")]
    assert top == ["About", "Posts", "A post", "More"]
    # the disclosure lists the parent itself, then its children
    assert [a.get("href") for a in nav.xpath(".//details//ul//a")] == ["/more/", "/more/deep/"]


def test_front_matter_menu_pre_is_text_when_raw_html_is_off(
    build_site: Callable[..., Built],
) -> None:
    config = "title: T\nbase_url: https://example.org/\nmarkup: {unsafe_html: false}\n"
    files = {
        "content/about.md": page(
            "About", "x\n", menu={"main": {"pre": "<img src=x onerror=alert(1)>"}}
        ),
    }
    built = build_site(files, config=config)
    nav = built.html("/").xpath("//nav[@class='site-nav']")[0]
    assert not nav.xpath(".//img")
    assert "<img src=x" in nav.text_content()
