"""One cover rule (`polyblog.site.covers`) for the page's own cover, its social card and an
`article` card that points to it."""

from __future__ import annotations

from collections.abc import Callable

from sitekit import Built, image_bytes, page

PNG = image_bytes()


def test_article_card_and_social_card_show_the_same_cover(build_site: Callable[..., Built]) -> None:
    built = build_site(
        {
            "content/posts/a/index.md": page("A", "Body.\n", images=["hero.png"]),
            "content/posts/a/hero.png": PNG,
            "content/posts/a/cover.png": PNG,  # a cover-named file comes after front matter
            "content/posts/b/index.md": page("B", "Only a bundle cover.\n"),
            "content/posts/b/thumbnail-b.jpg": image_bytes("JPEG"),
            "content/posts/b/cover-notes.txt": b"not an image",
            "content/posts/cards.md": page(
                "Cards", '{{< article link="/posts/a/" >}}\n\n{{< article link="/posts/b/" >}}\n'
            ),
        }
    )
    covers = built.html("/posts/cards/").xpath('//img[contains(@class,"sc-article-cover")]/@src')
    assert covers == ["/posts/a/hero.png", "/posts/b/thumbnail-b.jpg"]
    # the social card is made from the same image (`<stem>-social.jpg`, docs/content.md#images)
    for url, stem in (("/posts/a/", "/posts/a/hero"), ("/posts/b/", "/posts/b/thumbnail-b")):
        tree = built.html(url)
        assert tree.xpath('//meta[@property="og:image"]/@content') == [
            f"https://example.org{stem}-social.jpg"
        ]


def test_a_copy_of_the_default_theme_keeps_article_cards(
    build_site: Callable[..., Built],
) -> None:
    """A site that copied the bundled theme into themes/ (to edit it) still gets `article`
    cards: a shortcode file identical to the built-in is the built-in."""
    from polyblog.render.env import PACKAGE_THEMES

    theme = PACKAGE_THEMES / "default"
    copied: dict[str, str | bytes] = {
        f"themes/copied/{p.relative_to(theme).as_posix()}": p.read_bytes()
        for p in theme.rglob("*")
        if p.is_file() and "vendor" not in p.parts
    }
    built = build_site(
        {
            "blog.yaml": "base_url: https://example.org/\ntheme: copied\n",
            "content/posts/a.md": page("A", "Body.\n"),
            "content/posts/cards.md": page("Cards", '{{< article link="/posts/a/" >}}\n'),
            **copied,
        },
        link_theme=False,
    )
    titles = built.html("/posts/cards/").xpath('//*[contains(@class,"sc-article-title")]/text()')
    assert titles == ["A"]
