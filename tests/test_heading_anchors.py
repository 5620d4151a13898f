"""Heading anchors: after each h2-h4 of a page body, a link to the heading, named for screen
readers "Link to this section: <heading>" in the page's language (aria-labelledby: the theme's
hidden label, then the heading itself). Heading text, ids, the table of contents, summaries,
word counts and feeds are the same as without them; `markup: {anchors: false}` turns them off.

That a browser computes that name is checked in tests/test_code_browser.py.
"""

from __future__ import annotations

from collections.abc import Callable

import lxml.html
import pytest

from polyblog.config import MarkupConfig
from polyblog.markup import ANCHOR_LABEL_ID, render_markdown, without_anchors
from sitekit import MULTI_CONFIG, Built, SiteFactory, page

Element = lxml.html.HtmlElement
BODY = """\
# Title in the body

Intro paragraph.

<!--more-->

## First part

Some text.

### Details {#custom}

#### Deeper

##### Too deep

## First part

> ## Quoted heading
"""
NO_ANCHORS = MULTI_CONFIG + "markup:\n  anchors: false\n"


def article(built: Built, url: str) -> Element:
    (found,) = built.html(url).xpath("//article[contains(@class, 'content')]")
    return found


def anchors(root: Element) -> list[Element]:
    return list(root.xpath(".//a[contains(concat(' ', @class, ' '), ' header-anchor ')]"))


def build(factory: SiteFactory, config: str) -> Built:
    return factory.build(
        {
            "blog.yaml": config,
            "content/posts/p.md": page("P", BODY, date="2024-01-01", toc=True, tags=["x"]),
            "content/posts/p.fr.md": page("P", BODY, date="2024-01-01"),
            "content/posts/p.ja.md": page("P", BODY, date="2024-01-01"),
            "content/posts/q.md": page(
                "Q", "## Auto summary heading\n\nWords here.\n", date="2024-01-02"
            ),
        }
    )


@pytest.fixture(scope="module")
def site(site_factory: SiteFactory) -> Built:
    return build(site_factory, MULTI_CONFIG)


@pytest.fixture(scope="module")
def plain(site_factory: SiteFactory) -> Built:
    return build(site_factory, NO_ANCHORS)


def test_each_h2_to_h4_is_followed_by_a_link_to_it(site: Built) -> None:
    body = article(site, "/posts/p/")
    wrappers = body.xpath(".//div[@class='anchored-heading']")
    assert [w[0].tag for w in wrappers] == ["h2", "h3", "h4", "h2", "h2"]
    ids = ["first-part", "custom", "deeper", "first-part-1", "quoted-heading"]
    for wrapper, ident in zip(wrappers, ids, strict=True):
        heading, link = wrapper.getchildren()
        assert heading.get("id") == ident
        assert (link.tag, link.get("href")) == ("a", f"#{ident}")
        assert link.get("aria-labelledby") == f"{ANCHOR_LABEL_ID} {ident}"
        assert link.text_content() == ""  # the "#" is the stylesheet's: no text to count or read
    # h1, h5 and h6 have none
    assert not body.xpath(".//h1/parent::div[@class='anchored-heading']")
    assert body.xpath(".//h5[@id='too-deep']/parent::article")


def test_the_label_is_in_the_page_language(site: Built) -> None:
    expected = {
        "/posts/p/": "Link to this section:",
        "/fr/posts/p/": "Lien vers cette section :",
        "/ja/posts/p/": "このセクションへのリンク：",
    }
    for url, words in expected.items():
        (label,) = site.html(url).xpath(f"//*[@id='{ANCHOR_LABEL_ID}']")
        assert label.text_content() == words, url
        assert label.get("hidden") is not None


def test_heading_text_and_toc_are_unchanged(site: Built, plain: Built) -> None:
    for url in ("/posts/p/", "/fr/posts/p/"):
        with_ = site.html(url)
        without = plain.html(url)
        headings = [
            (h.tag, h.get("id"), h.text_content())
            for h in with_.xpath("//article//h2 | //h3 | //h4")
        ]
        assert headings == [
            (h.tag, h.get("id"), h.text_content())
            for h in without.xpath("//article//h2 | //h3 | //h4")
        ]
        assert headings[0] == ("h2", "first-part", "First part")
        toc = with_.xpath("//nav[contains(@class, 'toc')]")
        assert [lxml.html.tostring(t) for t in toc] == [
            lxml.html.tostring(t) for t in without.xpath("//nav[contains(@class, 'toc')]")
        ]
        assert not anchors(with_.xpath("//details[contains(@class, 'toc')]")[0])


def test_word_counts_summaries_and_descriptions_are_unchanged(site: Built, plain: Built) -> None:
    for url in ("/posts/p/", "/posts/q/", "/ja/posts/p/"):
        meta = "//meta[@name='description']/@content"
        assert site.html(url).xpath(meta) == plain.html(url).xpath(meta)
        words = "string(//*[contains(@class, 'post-meta')])"
        assert site.html(url).xpath(words) == plain.html(url).xpath(words), url
    for url in ("/", "/posts/", "/tags/x/"):
        cards = site.html(url).xpath("//*[contains(@class, 'post-card-summary')]")
        assert cards and not any(anchors(card) for card in cards), url
        assert [c.text_content() for c in cards] == [
            c.text_content()
            for c in plain.html(url).xpath("//*[contains(@class, 'post-card-summary')]")
        ]


def test_feeds_have_no_anchors(site: Built, plain: Built) -> None:
    for url in ("/index.xml", "/posts/index.xml", "/fr/index.xml"):
        assert "header-anchor" not in site.text(url)
        assert site.read(url) == plain.read(url)


def test_anchors_false_leaves_headings_alone(plain: Built) -> None:
    body = article(plain, "/posts/p/")
    assert not anchors(body) and not body.xpath(".//div[@class='anchored-heading']")
    assert [h.get("id") for h in body.xpath("h2 | h3 | h4")] == [
        "first-part",
        "custom",
        "deeper",
        "first-part-1",
    ]


def test_anchor_links_pass_the_build_link_check(site: Built) -> None:
    """`blog build` checks links to anchors in page bodies (broken ones are warnings)."""
    assert "warning" not in site.result.output


def test_anchors_in_relative_url_builds(build_site: Callable[..., Built]) -> None:
    built = build_site(
        {"content/posts/p.md": page("P", "## Part\n", date="2024-01-01")}, "--relative-urls"
    )
    (link,) = anchors(article(built, "/posts/p/"))
    assert link.get("href") == "#part"


def test_a_bad_value_is_an_error_naming_the_key(build_site: Callable[..., Built]) -> None:
    built = build_site(
        {"content/posts/p.md": page("P", "x", date="2024-01-01")},
        config="base_url: https://example.org/\nmarkup:\n  anchors: sometimes\n",
        ok=False,
    )
    assert "markup.anchors: expected true or false, got str 'sometimes'" in built.result.stderr


# -- the Markdown stage -------------------------------------------------------------------------


def test_without_anchors_gives_the_html_of_anchors_false() -> None:
    source = BODY + "\nText with `## not a heading` and a [link](#first-part).\n"
    on = render_markdown(source, "en", MarkupConfig(), None, 70)
    off = render_markdown(source, "en", MarkupConfig(anchors=False), None, 70)
    assert on.html != off.html
    assert without_anchors(on.html) == off.html
    assert (on.toc, on.words, on.plain_summary, on.summary_html) == (
        off.toc,
        off.words,
        off.plain_summary,
        off.summary_html,
    )
    assert "header-anchor" not in on.summary_html


def test_a_heading_from_a_shortcode_inside_markdown_gets_no_anchor_of_its_own() -> None:
    """Only the page's own Markdown headings get anchors: HTML written in the body (raw or
    from a shortcode) is left as it is."""
    html = render_markdown("<h2 id='raw'>Raw</h2>\n\n## Md\n", "en", MarkupConfig(), None, 70).html
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    assert [a.get("href") for a in anchors(root)] == ["#md"]
