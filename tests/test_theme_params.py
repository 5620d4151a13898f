"""The default theme's documented params (docs/theme.md): author, social links, footer,
copyright, logo, accent colour, the default menus and the extension points (hooks), each in
the built HTML and per language."""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Callable

import lxml.html

from sitekit import REPO, Built, meta, page

Build = Callable[..., Built]

TWO = """\
title: Blog
base_url: https://example.org/blog/
languages:
  en: {name: English, locale: en_US}
  fr:
    name: Français
    locale: fr_FR
    title: Le blog
"""

POSTS = {
    "content/posts/hello.md": page("Hello", "Hi.", date="2024-03-05", tags=["go"]),
    "content/posts/hello.fr.md": page("Bonjour", "Salut.", date="2024-03-05", tags=["go"]),
    "content/about.md": page("About", "Me."),
    "content/about.fr.md": page("À propos", "Moi."),
}


def _text(el: lxml.html.HtmlElement) -> str:
    return " ".join(el.text_content().split())


def _names(tree: lxml.html.HtmlElement, xpath: str) -> list[str]:
    """Accessible names of icon links: their visually hidden text."""
    return [_text(a) for a in tree.xpath(xpath)]


# --------------------------------------------------------------------------------- author


def test_author_on_the_home_page_and_under_posts(build_site: Build) -> None:
    config = (
        TWO
        + """\
params:
  author:
    name: Alex Moreau
    avatar: /images/me.png
    bio: "I build [tools](https://example.com/tools)."
  """
    )
    built = build_site(POSTS, config=config)
    home = built.html("/")
    (card,) = home.xpath('//main//section[contains(@class,"author-card")]')
    assert card.xpath(".//img/@src") == ["/blog/images/me.png"]  # the base path is added
    assert card.xpath(".//img/@alt") == [""]  # the name is next to it
    assert _text(card.xpath('.//*[@class="author-name"]')[0]) == "Alex Moreau"
    assert card.xpath('.//*[@class="author-bio"]//a/@href') == ["https://example.com/tools"]

    post = built.html("/posts/hello/")
    (card,) = post.xpath('//footer[@class="post-footer"]/section[contains(@class,"author-card")]')
    assert _text(card.xpath(".//h2")[0]) == "About the author"
    assert card.get("aria-labelledby") == card.xpath(".//h2/@id")[0]
    assert meta(post, "author") == ["Alex Moreau"]
    assert '"author": {"@type": "Person", "name": "Alex Moreau"}' in built.text("/posts/hello/")
    # a page outside any section (/about/) has no author card
    assert built.html("/about/").xpath('//section[contains(@class,"author-card")]') == []
    fr_post = built.html("/fr/posts/hello/")
    assert _text(fr_post.xpath('//section[contains(@class,"author-card")]//h2')[0]) == (
        "À propos de l'auteur"
    )


def test_a_language_changes_only_the_bio(build_site: Build) -> None:
    config = (
        TWO.replace(
            "    title: Le blog\n",
            "    title: Le blog\n    params:\n      author: {bio: Je construis des outils.}\n",
        )
        + "params:\n  author: {name: Alex, avatar: /me.png, bio: I build tools.}\n"
    )
    built = build_site(POSTS, config=config)
    en = built.html("/").xpath('//section[contains(@class,"author-card")]')[0]
    fr = built.html("/fr/").xpath('//section[contains(@class,"author-card")]')[0]
    assert _text(en) == "Alex I build tools."
    assert _text(fr) == "Alex Je construis des outils."
    assert fr.xpath(".//img/@src") == ["/blog/me.png"]


def test_older_forms_still_work(build_site: Build) -> None:
    """`params.author` as a name and `params.avatar` (the example site's first form); the
    top-level `author` key."""
    built = build_site(
        POSTS, config=TWO + "params:\n  author: Alex Moreau\n  avatar: /images/avatar.svg\n"
    )
    (card,) = built.html("/").xpath('//section[contains(@class,"author-card")]')
    assert _text(card) == "Alex Moreau"
    assert card.xpath(".//img/@src") == ["/blog/images/avatar.svg"]
    assert "warning" not in built.result.output

    built = build_site(POSTS, config=TWO + "author: Sam\n")
    assert meta(built.html("/posts/hello/"), "author") == ["Sam"]
    assert built.html("/").xpath('//section[contains(@class,"author-card")]') == []  # a name alone


def test_no_author_no_card(build_site: Build) -> None:
    built = build_site(POSTS, config=TWO)
    assert built.html("/").xpath('//section[contains(@class,"author-card")]') == []
    assert meta(built.html("/posts/hello/"), "author") == []


# --------------------------------------------------------------------------------- social

SOCIAL = """\
params:
  social:
    github: alexm
    mastodon: "@alex@hachyderm.io"
    linkedin: https://www.linkedin.com/in/alex-m/
    bluesky: "@alex.bsky.social"
    twitter: alexm
    email: alex@example.org
    rss: true
    codeberg: https://codeberg.org/alexm
"""


def test_social_links(build_site: Build) -> None:
    built = build_site(POSTS, config=TWO + SOCIAL)
    tree = built.html("/posts/hello/")
    (row,) = tree.xpath('//footer[@class="site-footer"]//ul[@class="social-links"]')
    links = row.xpath(".//a")
    assert [a.get("href") for a in links] == [
        "https://github.com/alexm",
        "https://hachyderm.io/@alex",
        "https://www.linkedin.com/in/alex-m/",
        "https://bsky.app/profile/alex.bsky.social",
        "https://x.com/alexm",
        "mailto:alex@example.org",
        "/blog/index.xml",
        "https://codeberg.org/alexm",
    ]
    assert [_text(a) for a in links] == [
        "GitHub", "Mastodon", "LinkedIn", "Bluesky", "X", "Email", "RSS feed", "Codeberg",
    ]  # fmt: skip
    assert [a.get("rel") for a in links] == ["me"] * 5 + [None, "alternate", "me"]
    for a in links:  # the icon is decoration; the name is the hidden text
        assert a.xpath("./svg/@aria-hidden") == ["true"]
        assert a.xpath('./span[@class="visually-hidden"]')
    fr = built.html("/fr/")
    assert _names(fr, '//footer//ul[@class="social-links"]//a')[5:7] == ["E-mail", "Flux RSS"]
    assert fr.xpath('//footer//a[@type="application/rss+xml"]/@href')[0] == "/blog/fr/index.xml"
    # on the home page the author card repeats them; nothing else links to another site
    home = built.html("/")
    assert len(home.xpath('//ul[@class="social-links"]')) == 1  # no author: no card
    outside = [
        url
        for url in home.xpath("//@src | //link/@href | //script/@src")
        if url.startswith(("http:", "https:", "//"))
    ]
    assert all(url.startswith("https://example.org/") for url in outside), outside


def test_a_language_drops_or_adds_a_link(build_site: Build) -> None:
    config = (
        TWO.replace(
            "    title: Le blog\n",
            "    title: Le blog\n    params:\n      social: {github: null, mastodon: '@a@b.fr'}\n",
        )
        + "params:\n  social: {github: alexm, email: a@example.org}\n"
    )
    built = build_site(POSTS, config=config)
    assert built.html("/").xpath('//footer//ul[@class="social-links"]//a/@href') == [
        "https://github.com/alexm",
        "mailto:a@example.org",
    ]
    assert built.html("/fr/").xpath('//footer//ul[@class="social-links"]//a/@href') == [
        "mailto:a@example.org",
        "https://b.fr/@a",
    ]


def test_social_mistakes_are_warnings_at_their_line(build_site: Build) -> None:
    config = (
        TWO
        + """\
params:
  social:
    mastodon: alex
    myspace: alex
    email: not-an-address
    github: ok
"""
    )
    built = build_site(POSTS, config=config)
    out = built.result.output
    assert (
        "blog.yaml:11: warning: params.social.mastodon: 'alex' is neither @user@instance nor a "
        "web address"
    ) in out
    assert "blog.yaml:12: warning: params.social.myspace: 'alex' is not a web address" in out
    assert "blog.yaml:13: warning: params.social.email: 'not-an-address' is not an email" in out
    assert out.count("params.social.mastodon") == 1  # once, not once per language
    hrefs = built.html("/").xpath('//footer//ul[@class="social-links"]//a/@href')
    assert hrefs == ["https://github.com/ok"]
    build_site(POSTS, "--strict", config=config, ok=False)


# ---------------------------------------------------------------- footer, copyright, logo


def test_footer_text_and_copyright_per_language(build_site: Build) -> None:
    config = (
        TWO.replace(
            "    title: Le blog\n",
            "    title: Le blog\n    params:\n      footer: Écrit à *Lyon*.\n"
            "      copyright: © 2025 Alex (textes sous CC BY)\n",
        )
        + "params:\n  footer: Written in *Lyon*.\n  copyright: © 2025 Alex\n"
    )
    built = build_site(POSTS, config=config)
    for url, text, line in (
        ("/", "Written in Lyon.", "© 2025 Alex"),
        ("/fr/posts/hello/", "Écrit à Lyon.", "© 2025 Alex (textes sous CC BY)"),
    ):
        footer = built.html(url).xpath('//footer[@class="site-footer"]')[0]
        assert _text(footer.xpath('.//div[@class="footer-text"]')[0]) == text
        assert footer.xpath('.//div[@class="footer-text"]/em')  # Markdown
        assert _text(footer.xpath('.//p[@class="copyright"]')[0]) == line
    assert built.xml("/fr/index.xml").findtext("channel/copyright") == (
        "© 2025 Alex (textes sous CC BY)"
    )


def test_copyright_falls_back_to_the_top_level_key(build_site: Build) -> None:
    built = build_site(POSTS, config=TWO + "copyright: © Top\n")
    assert _text(built.html("/fr/").xpath('//p[@class="copyright"]')[0]) == "© Top"
    assert built.html("/").xpath('//div[@class="footer-text"]') == []


def test_logo(build_site: Build) -> None:
    built = build_site(POSTS, config=TWO + "params:\n  logo: images/logo.svg\n")
    assert built.html("/fr/").xpath('//header//img[@class="site-logo"]/@src') == [
        "/blog/images/logo.svg"
    ]
    built = build_site(POSTS, config=TWO)
    assert built.html("/").xpath('//img[@class="site-logo"]/@src') == ["/blog/favicon.svg"]


# ------------------------------------------------------------------------------- accent


def _accent_css(built: Built, url: str = "/") -> str:
    styles = built.html(url).xpath("//head/style/text()")
    return "".join(styles)


def test_an_accent_that_reads_well_is_used_as_it_is(build_site: Build) -> None:
    built = build_site(POSTS, config=TWO + "params:\n  accent: '#0B6E4F'\n")
    css = _accent_css(built)
    light, dark = css.split("@media (prefers-color-scheme: dark)")
    assert "--accent:#0b6e4f;" in light
    assert "--accent-contrast:#ffffff" in light
    assert "--accent:#0b6e4f" not in dark  # too dark on the dark background: a lighter tint
    assert "warning" not in built.result.output
    # after the theme's stylesheet, so it wins
    head = built.html("/").xpath("//head")[0]
    tags = [el.tag for el in head]
    assert tags.index("style") > max(
        i for i, el in enumerate(head) if el.get("href", "").endswith("style.css")
    )


def test_an_accent_without_contrast_is_adjusted_with_a_warning(build_site: Build) -> None:
    built = build_site(POSTS, config=TWO + "params:\n  accent: '#ffcc00'\n")
    assert (
        "blog.yaml:10: warning: params.accent: #ffcc00 has a contrast of 1.36:1 on the light "
        "background (WCAG AA needs 4.5:1): the theme uses #826800 instead"
    ) in built.result.output
    css = _accent_css(built)
    assert ":root{--accent:#826800;" in css
    assert "{:root{--accent:#ffcc00;" in css  # fine on dark as it is
    assert built.result.output.count("params.accent") == 1


def test_an_accent_per_mode(build_site: Build) -> None:
    config = TWO + "params:\n  accent: {light: '#7b2cbf', dark: '#3c096c'}\n"
    built = build_site(POSTS, config=config)
    out = built.result.output
    assert "blog.yaml:10: warning: params.accent.dark: #3c096c has a contrast of" in out
    assert "on the dark background" in out
    assert "params.accent.light" not in out
    assert ":root{--accent:#7b2cbf;" in _accent_css(built)


def test_an_accent_that_is_no_colour(build_site: Build) -> None:
    built = build_site(POSTS, config=TWO + "params:\n  accent: teal-ish\n")
    assert (
        "blog.yaml:10: warning: params.accent: 'teal-ish' is not a colour such as '#3451b2': "
        "the theme's own accent is used"
    ) in built.result.output
    assert _accent_css(built) == ""


# -------------------------------------------------------------------------------- menus


def _menu(built: Built, url: str) -> list[tuple[str, str | None, str | None]]:
    return [
        (_text(a), a.get("href"), a.get("aria-current"))
        for a in built.html(url).xpath('//nav[@class="site-nav"]//a')
    ]


def test_default_menu_per_language(build_site: Build) -> None:
    built = build_site(POSTS, config=TWO + "taxonomies: [tags, series]\n")
    assert _menu(built, "/posts/hello/") == [
        ("Posts", "/blog/posts/", "true"),
        ("Tags", "/blog/tags/", None),
        ("About", "/blog/about/", None),
    ]  # no series: no page lists one
    assert _menu(built, "/fr/tags/") == [
        ("Articles", "/blog/fr/posts/", None),
        ("Étiquettes", "/blog/fr/tags/", "page"),
        ("À propos", "/blog/fr/about/", None),
    ]


def test_default_menu_takes_a_section_title_and_front_matter_entries(build_site: Build) -> None:
    files = {
        **POSTS,
        "content/posts/_index.fr.md": page("Billets"),
        "content/posts/series.md": page("S", date="2024-01-01", series=["One"]),
        "content/now.md": page("Now", menu="main", weight=10),
        "content/about.md": page("About", "Me.", menu={"main": {"weight": 5}}),
    }
    built = build_site(files, config=TWO)
    assert [name for name, _href, _cur in _menu(built, "/")] == [
        "Posts", "Tags", "Series", "About", "Now",
    ]  # fmt: skip
    assert [name for name, _href, _cur in _menu(built, "/fr/")] == [
        "Billets", "Étiquettes", "À propos",
    ]  # fmt: skip


def test_a_configured_or_empty_main_menu_replaces_the_default(build_site: Build) -> None:
    built = build_site(POSTS, config=TWO + "menus:\n  main: []\n")
    assert built.html("/").xpath('//nav[@class="site-nav"]') == []
    config = TWO + "menus:\n  en: [{name: Home, url: /}]\n"
    built = build_site(POSTS, config=config)
    assert [name for name, _h, _c in _menu(built, "/")] == ["Home"]
    assert [name for name, _h, _c in _menu(built, "/fr/")] == ["Articles", "Étiquettes", "À propos"]


def test_default_menu_skips_kinds_that_are_not_built(build_site: Build) -> None:
    built = build_site(POSTS, config=TWO + "disable_kinds: [taxonomy]\n")
    assert [name for name, _h, _c in _menu(built, "/")] == ["Posts", "About"]


# ------------------------------------------------------------------------ colour scheme


def test_colour_scheme_toggle_markup(build_site: Build) -> None:
    tree = build_site(POSTS, config=TWO).html("/fr/")
    (group,) = tree.xpath('//header//div[@class="color-scheme-toggle"]')
    assert group.get("role") == "group" and group.get("aria-label") == "Apparence"
    buttons = group.xpath("./button")
    assert [b.get("data-color-scheme-choice") for b in buttons] == ["light", "auto", "dark"]
    assert [_text(b) for b in buttons] == ["Clair", "Comme le système", "Sombre"]
    assert [b.get("aria-pressed") for b in buttons] == ["false", "true", "false"]
    head = tree.xpath("//head")[0]
    assert head[-1].tag == "script" and "polyblog-color-scheme" in head[-1].text
    assert tree.xpath('//body/script[contains(@src,"js/theme.js")]/@defer') == ["defer"]


def test_the_inline_script_hash_is_documented(build_site: Build) -> None:
    """docs/theme.md gives the sha256 of the inline script for a Content-Security-Policy."""
    html = build_site(POSTS, config=TWO).text("/")
    (body,) = re.findall(r"<script>(.*?)</script>", html, re.S)
    digest = hashlib.sha256(body.encode()).digest()
    token = "'sha256-" + base64.b64encode(digest).decode() + "'"
    assert token in (REPO / "docs" / "theme.md").read_text(encoding="utf-8")


# ---------------------------------------------------------------------------------- hooks

HOOKS = {
    "layouts/partials/hooks/head-end.html": '<meta name="hook" content="head-end">\n',
    "layouts/partials/hooks/body-end.html": '<div id="hook-body-end"></div>\n',
    "layouts/partials/hooks/post-header.html": '<p id="hook-post-header">{{ page.title }}</p>\n',
    "layouts/partials/hooks/post-footer.html": (
        '<section id="hook-post-footer" lang="{{ page.lang.hreflang }}"></section>\n'
    ),
}


def test_hooks_show_exactly_where_documented(build_site: Build) -> None:
    built = build_site({**POSTS, **HOOKS}, config=TWO)
    tree = built.html("/fr/posts/hello/")
    head = tree.xpath("//head")[0]
    # head-end: the end of <head>, only the colour-scheme script after it
    assert head[-2].get("name") == "hook" and head[-1].tag == "script"
    # body-end: after the site footer
    body = tree.xpath("//body")[0]
    footer = body.xpath('./footer[@class="site-footer"]')[0]
    assert footer.getnext().get("id") == "hook-body-end"
    # post-header: inside the post's header, after its date line, with the page's variables
    header = tree.xpath('//header[@class="post-header"]')[0]
    assert header[-1].get("id") == "hook-post-header" and header[-1].text == "Bonjour"
    assert header[-2].get("class") == "post-meta"
    # post-footer: right after the post's footer, in the page's column
    post_footer = tree.xpath('//footer[@class="post-footer"]')[0]
    hook = post_footer.getnext()
    assert hook.get("id") == "hook-post-footer" and hook.get("lang") == "fr-FR"
    assert hook.getparent().get("class").startswith("wrap post")
    # lists have head-end and body-end, not the post hooks
    home = built.html("/")
    assert home.xpath('//meta[@name="hook"]') and home.xpath('//*[@id="hook-body-end"]')
    assert home.xpath('//*[starts-with(@id,"hook-post")]') == []


def test_without_hooks_nothing_is_added(build_site: Build) -> None:
    built = build_site(POSTS, config=TWO)
    tree = built.html("/posts/hello/")
    assert tree.xpath('//footer[@class="site-footer"]')[0].getnext().tag == "script"
    assert tree.xpath('//footer[@class="post-footer"]')[0].getnext() is None
