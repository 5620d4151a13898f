"""Shortcodes through `blog build`: expansion in Markdown, code and escapes, the built-ins,
site shortcodes (and overriding built-ins), escaping, and errors with file:line:col.

Output is checked on the parsed HTML (lxml). One module-scoped site holds the happy paths; error
cases each build a small site of their own.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Callable
from typing import Any

import lxml.html
import pytest

from sitekit import Built, SiteFactory, page

PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
)

CONFIG = """\
title: Shortcode Site
base_url: https://example.org/
params:
  sitewide: from the site
default_language: en
languages:
  en:
    name: English
    locale: en_US
  fr:
    name: Français
    locale: fr_FR
    title: Site des shortcodes
"""

Element = lxml.html.HtmlElement


def body(built: Built, url: str) -> Element:
    """The page's rendered Markdown: `<article class="content">`."""
    found = built.html(url).xpath('//article[@class="content"]')
    assert len(found) == 1, f"no single content article in {url}"
    return found[0]


def one(el: Element, xpath: str) -> Element:
    found = el.xpath(xpath)
    assert len(found) == 1, f"{xpath}: {len(found)} matches in\n{lxml.html.tostring(el)!r}"
    return found[0]


def text(el: Element) -> str:
    return " ".join(el.text_content().split())


def cls(name: str) -> str:
    """XPath predicate: the element has CSS class `name`."""
    return f'contains(concat(" ", normalize-space(@class), " "), " {name} ")'


# -- the happy-path site ----------------------------------------------------------------------

ALERTS = """\
Intro with [a reference][docs].

{{% alert warning %}}
Read [the docs][docs] and **this**.
{{% /alert %}}

{{% alert icon="fire" cardColor="#ff0000" iconColor="rgb(1, 2, 3)" textColor="white" %}}
Danger *zone*
{{% /alert %}}

{{< alert >}}
Plain form with `code`.
{{</ alert >}}

{{% alert %}}
```text
{{< youtube w7Ft2ymGmfc >}}
```
{{% /alert %}}

[docs]: https://example.org/docs/
"""

MEDIA = """\
{{< youtube w7Ft2ymGmfc >}}

{{< youtube id="dQw4w9WgXcQ" title="Never <gonna> & give" start=42 autoplay=true loading="eager" >}}

{{< x user="GoHugoIO" id="917359331535966209" >}}
Inner **post** text.
{{< /x >}}

{{< twitter GoHugoIO 917359331535966209 >}}

{{< tweet user="SanDiegoZoo" id="1453110110599868418" >}}

{{< instagram CxOWiQNP2MO >}}

{{< gist spf13 7896402 "img.html" >}}

{{< vimeo 146022717 >}}
"""

CODE = """\
Inline `{{< youtube w7Ft2ymGmfc >}}` stays.

```go
// {{< alert >}} is not run
x := "{{< nope >}}"
```

    {{< indented "x" >}}

Escapes: {{</* youtube w7Ft2ymGmfc */>}} and {{%/* alert info */%}}text{{%/* /alert */%}}.

```markdown
{{</* figure src="a.png" */>}}
```

Inline escape `{{</* x */>}}`.
"""

HIGHLIGHT = """\
{{< highlight python "linenos=table,hl_lines=2" >}}
def f():
    a = "<b>**not markdown**</b>"
    return a
{{< /highlight >}}

{{< highlight lang="nolang" >}}
x < y & **z**
{{< /highlight >}}

{{< details summary="More <info>" open=true >}}
Hidden *text*.
{{< /details >}}

{{< details >}}
Closed.
{{< /details >}}
"""

CARDS = """\
{{< article "/posts/target/" >}}

{{< article link="/fr/posts/target/" >}}

{{< article "posts/target" >}}

{{< article "https://example.org/posts/target2/" >}}

{{< figure src="pic.png" alt="A <pic>" caption="Cap & co" link="/posts/target/" title="Title" >}}

Abs: {{< ref "/posts/target/" >}}

Rel: {{< relref "posts/target/index.md#part" >}}

Self: {{< relref "#top" >}}

[Link]({{< relref "posts/target" >}})
"""

CARDS_FR = """\
{{< article "/posts/target/" >}}

{{< article "/fr/posts/target/" >}}

{{< article "/posts/target2/" >}}

{{< figure src="pic.png" >}}

Abs: {{< ref "/posts/target/" >}}

Rel: {{< relref "posts/target" >}}
"""

CUSTOM = """\
{{< box k="v" >}}
{{< item one >}}
{{< /box >}}

{{% box k="md" %}}
*emphasis* and {{< item two >}}
{{% /box %}}

{{< item three />}}

{{< echo "<script>alert(1)</script>" >}}

{{< ctx "a" 2 >}}
"""

LAYOUTS = {
    "layouts/shortcodes/box.html": (
        '<div class="box" data-k="{{ kwargs.k }}" data-md="{{ is_markdown }}"'
        " data-parent=\"{{ parent.name if parent else '' }}\">"
        '<pre class="raw">{{ inner }}</pre><pre class="src">{{ inner_source }}</pre>'
        '<div class="html">{{ inner_html|safe }}</div></div>\n'
    ),
    "layouts/shortcodes/item.html": (
        '<span class="item" data-parent="{{ parent.name if parent else \'none\' }}"'
        " data-parent-k=\"{{ parent.kwargs.k if parent else '' }}\">{{ args[0] }}</span>\n"
    ),
    "layouts/shortcodes/echo.html": '<p class="echo">{{ args[0] }}</p>\n',
    "layouts/shortcodes/ctx.html": (
        '<dl class="ctx">'
        '<dt>name</dt><dd class="name">{{ name }}</dd>'
        '<dt>args</dt><dd class="args">{{ args|join("|") }}</dd>'
        '<dt>lang</dt><dd class="lang">{{ lang }}</dd>'
        '<dt>page</dt><dd class="page">{{ page.title }}|{{ page.url }}</dd>'
        '<dt>site</dt><dd class="site">{{ site.title }}</dd>'
        '<dt>t</dt><dd class="t">{{ t("read_more") }}</dd>'
        '<dt>rel_url</dt><dd class="rel">{{ rel_url("/tags/") }}</dd>'
        "</dl>\n"
    ),
}

PARAM = """\
Description: {{< param description >}}

Custom: {{< param flavour >}}

Site: {{< param sitewide >}}
"""


def site_files() -> dict[str, Any]:
    return {
        "blog.yaml": CONFIG,
        "content/posts/alerts.md": page("Alerts", ALERTS, date="2024-01-02"),
        "content/posts/media.md": page("Media", MEDIA, date="2024-01-03"),
        "content/posts/code.md": page("Code", CODE, date="2024-01-04"),
        "content/posts/highlight.md": page("Highlight", HIGHLIGHT, date="2024-01-05"),
        "content/posts/target/index.md": page(
            "Target Post",
            "First paragraph of the target.\n\nSecond paragraph.\n",
            date="2024-03-01",
        ),
        "content/posts/target/index.fr.md": page(
            "Article cible", "Texte cible.\n", date="2024-03-01", description="Résumé cible"
        ),
        "content/posts/target/featured-image.png": PNG,
        "content/posts/target2/index.md": page(
            "Second Target", "Only English.\n", date="2024-03-02"
        ),
        "content/posts/target2/cover.png": PNG,
        "content/posts/cards/index.md": page("Cards", CARDS, date="2024-01-06"),
        "content/posts/cards/index.fr.md": page("Cartes", CARDS_FR, date="2024-01-06"),
        "content/posts/cards/pic.png": PNG,
        "content/posts/custom.md": page("Custom", CUSTOM, date="2024-01-07"),
        "content/posts/custom.fr.md": page("Perso", "{{< ctx >}}\n", date="2024-01-07"),
        "content/posts/param.md": page(
            "Param", PARAM, date="2024-01-08", description="Page description", flavour="mint"
        ),
        **LAYOUTS,
    }


@pytest.fixture(scope="module")
def site(site_factory: SiteFactory) -> Built:
    return site_factory.build(site_files())


# -- alert ------------------------------------------------------------------------------------


def test_alert_icon_positional_and_inner_markdown_with_page_references(site: Built) -> None:
    article = body(site, "/posts/alerts/")
    asides = article.xpath(f"aside[{cls('sc-alert')}]")
    assert len(asides) == 4
    first = asides[0]
    assert first.get("role") == "note"
    assert "sc-alert-warning" in first.get("class").split()
    link = one(first, ".//a")
    assert link.get("href") == "https://example.org/docs/"  # reference defined in the page
    assert link.text_content() == "the docs"
    assert one(first, ".//strong").text == "this"
    assert "{{" not in text(first)


def test_alert_named_icon_and_colors(site: Built) -> None:
    second = body(site, "/posts/alerts/").xpath(f"aside[{cls('sc-alert')}]")[1]
    assert second.get("role") == "note"
    assert "sc-alert-fire" in second.get("class").split()
    style = second.get("style")
    assert "#ff0000" in style and "rgb(1, 2, 3)" in style and "white" in style
    assert one(second, ".//em").text == "zone"


def test_alert_angle_form_and_default_icon(site: Built) -> None:
    third = body(site, "/posts/alerts/").xpath(f"aside[{cls('sc-alert')}]")[2]
    assert "sc-alert-info" in third.get("class").split()
    assert one(third, ".//code").text == "code"


def test_code_inside_alert_is_not_expanded(site: Built) -> None:
    article = body(site, "/posts/alerts/")
    fourth = article.xpath(f"aside[{cls('sc-alert')}]")[3]
    assert text(one(fourth, ".//pre")) == "{{< youtube w7Ft2ymGmfc >}}"
    assert not article.xpath(f"//*[{cls('sc-youtube')}]")


# -- youtube, x, instagram, gist, vimeo -------------------------------------------------------


def test_youtube_facade_makes_no_third_party_request(site: Built) -> None:
    doc = site.html("/posts/media/")
    assert not doc.xpath("//iframe")
    for el in doc.xpath("//*[@src]"):
        src = el.get("src")
        assert not re.match(r"(https?:)?//", src), f"third-party resource {src}"
    for el in doc.xpath("//link[@href]"):
        assert not re.match(r"(https?:)?//", el.get("href")) or el.get("rel") in {
            "canonical",
            "alternate",
        }
    assert not [img for img in doc.xpath("//img") if "youtu" in (img.get("src") or "")]
    assert not [img for img in doc.xpath("//img") if "ytimg" in (img.get("src") or "")]


def test_youtube_positional_id(site: Built) -> None:
    figures = body(site, "/posts/media/").xpath(f"figure[{cls('sc-youtube')}]")
    facade = one(figures[0], f".//a[{cls('sc-youtube-facade')}]")
    assert facade.get("href") == "https://www.youtube.com/watch?v=w7Ft2ymGmfc"
    assert facade.get("data-embed").startswith("https://www.youtube-nocookie.com/embed/w7Ft2ymGmfc")
    assert facade.get("data-loading") == "lazy"


def test_youtube_named_options(site: Built) -> None:
    figures = body(site, "/posts/media/").xpath(f"figure[{cls('sc-youtube')}]")
    facade = one(figures[1], f".//a[{cls('sc-youtube-facade')}]")
    assert facade.get("href").startswith("https://www.youtube.com/watch?v=dQw4w9WgXcQ")
    assert "t=42" in facade.get("href")
    embed = facade.get("data-embed")
    assert embed.startswith("https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ")
    assert "start=42" in embed
    assert facade.get("data-loading") == "eager"
    assert facade.get("data-title") == "Never <gonna> & give"
    assert "Never <gonna> & give" in text(facade)


def test_x_card_with_inner_text(site: Built) -> None:
    quotes = body(site, "/posts/media/").xpath(f"blockquote[{cls('sc-x')}]")
    assert len(quotes) == 3
    url = "https://x.com/GoHugoIO/status/917359331535966209"
    assert url in [a.get("href") for a in quotes[0].xpath(".//a")]
    assert one(quotes[0], ".//strong").text == "post"
    assert "Inner post text." in text(quotes[0])


def test_twitter_and_tweet_aliases(site: Built) -> None:
    quotes = body(site, "/posts/media/").xpath(f"blockquote[{cls('sc-x')}]")
    assert "https://x.com/GoHugoIO/status/917359331535966209" in [
        a.get("href") for a in quotes[1].xpath(".//a")
    ]
    assert "https://x.com/SanDiegoZoo/status/1453110110599868418" in [
        a.get("href") for a in quotes[2].xpath(".//a")
    ]


def test_instagram_static_card(site: Built) -> None:
    card = one(body(site, "/posts/media/"), f"figure[{cls('sc-instagram')}]")
    assert "https://www.instagram.com/p/CxOWiQNP2MO/" in [a.get("href") for a in card.xpath(".//a")]


def test_gist_static_link(site: Built) -> None:
    gist = one(body(site, "/posts/media/"), f"*[{cls('sc-gist')}]")
    href = one(gist, ".//a").get("href")
    assert href.startswith("https://gist.github.com/spf13/7896402")
    assert not site.html("/posts/media/").xpath('//script[contains(@src, "gist")]')


def test_vimeo_static_link(site: Built) -> None:
    hrefs = [a.get("href") for a in body(site, "/posts/media/").xpath(".//a")]
    assert "https://vimeo.com/146022717" in hrefs


# -- code and escapes -------------------------------------------------------------------------


def test_shortcodes_in_inline_code_are_not_expanded(site: Built) -> None:
    article = body(site, "/posts/code/")
    codes = [c.text_content() for c in article.xpath("p/code")]
    assert "{{< youtube w7Ft2ymGmfc >}}" in codes
    assert not article.xpath(f".//*[{cls('sc-youtube')}]")


def test_shortcodes_in_fenced_code_are_not_expanded(site: Built) -> None:
    pres = body(site, "/posts/code/").xpath(".//pre")
    fenced = pres[0].text_content()
    assert '// {{< alert >}} is not run\nx := "{{< nope >}}"' in fenced
    assert not body(site, "/posts/code/").xpath(".//aside")


def test_shortcodes_in_indented_code_are_not_expanded(site: Built) -> None:
    pres = body(site, "/posts/code/").xpath(".//pre")
    assert pres[1].text_content() == '{{< indented "x" >}}\n'


def test_escaped_calls_render_literally(site: Built) -> None:
    article = body(site, "/posts/code/")
    para = next(p for p in article.xpath("p") if text(p).startswith("Escapes:"))
    assert text(para) == (
        "Escapes: {{< youtube w7Ft2ymGmfc >}} and {{% alert info %}}text{{% /alert %}}."
    )


def test_escaped_calls_in_code_render_literally(site: Built) -> None:
    article = body(site, "/posts/code/")
    pres = article.xpath(".//pre")
    assert pres[2].text_content() == '{{< figure src="a.png" >}}\n'
    codes = [c.text_content() for c in article.xpath("p/code")]
    assert "{{< x >}}" in codes


def test_no_placeholder_leaks(site: Built) -> None:
    for url in ["/posts/alerts/", "/posts/media/", "/posts/code/", "/posts/cards/", "/"]:
        assert "pbsc" not in site.text(url), url


# -- highlight and details --------------------------------------------------------------------


def test_highlight_linenos_and_hl_lines(site: Built) -> None:
    article = body(site, "/posts/highlight/")
    block = article.xpath(f"div[{cls('highlight')}]")[0]
    assert block.xpath(f".//table[{cls('highlighttable')}]")
    marked = block.xpath(f".//span[{cls('hll')}]")
    assert len(marked) == 1
    assert "a = " in marked[0].text_content()
    code = block.xpath(".//td[@class='code']")[0].text_content()
    assert '"<b>**not markdown**</b>"' in code  # raw, escaped, not Markdown
    assert not block.xpath(".//b | .//strong")


def test_highlight_unknown_language_is_escaped_plain_code(site: Built) -> None:
    article = body(site, "/posts/highlight/")
    pre = article.xpath("pre")[0]
    assert pre.text_content() == "x < y & **z**\n"
    assert not pre.xpath(".//strong")


def test_details(site: Built) -> None:
    article = body(site, "/posts/highlight/")
    first, second = article.xpath(f"details[{cls('sc-details')}]")
    assert first.get("open") is not None
    assert one(first, "summary").text_content() == "More <info>"
    assert one(first, ".//em").text == "text"
    assert second.get("open") is None
    assert one(second, "summary").text_content() == "Details"


# -- article, figure, ref, relref -------------------------------------------------------------


def cards(built: Built, url: str) -> list[Element]:
    return body(built, url).xpath(f".//article[{cls('sc-article')}]")


def card_fields(card: Element) -> dict[str, Any]:
    cover = card.xpath(f".//img[{cls('sc-article-cover')}]")
    time = card.xpath(".//time")
    return {
        "href": one(card, ".//a").get("href"),
        "title": text(one(card, f".//*[{cls('sc-article-title')}]")),
        "summary": text(one(card, f".//*[{cls('sc-article-summary')}]")),
        "cover": cover[0].get("src") if cover else None,
        "date": time[0].get("datetime")[:10] if time else None,
        "meta": text(one(card, f".//*[{cls('sc-article-meta')}]")),
    }


def test_article_card(site: Built) -> None:
    card = card_fields(cards(site, "/posts/cards/")[0])
    assert card["href"] == "/posts/target/"
    assert card["title"] == "Target Post"
    assert card["summary"] == "First paragraph of the target. Second paragraph."
    assert card["cover"] == "/posts/target/featured-image.png"
    assert site.exists(card["cover"])
    assert card["date"] == "2024-03-01"
    assert "1 min read" in card["meta"]


def test_article_links_with_prefix_or_content_path_resolve_in_page_language(
    site: Built,
) -> None:
    en = [card_fields(c) for c in cards(site, "/posts/cards/")]
    assert len(en) == 4
    # "/fr/posts/target/" from an English page: the English translation
    assert en[1]["href"] == en[2]["href"] == "/posts/target/"
    assert en[1]["title"] == en[2]["title"] == "Target Post"


def test_article_cover_from_cover_image(site: Built) -> None:
    card = card_fields(cards(site, "/posts/cards/")[3])
    assert card["href"] == "/posts/target2/"
    assert card["cover"] == "/posts/target2/cover.png"
    assert site.exists(card["cover"])


def test_article_in_translation_uses_translated_target(site: Built) -> None:
    fr = [card_fields(c) for c in cards(site, "/fr/posts/cards/")]
    assert len(fr) == 3
    for card in fr[:2]:
        assert card["href"] == "/fr/posts/target/"
        assert card["title"] == "Article cible"
        assert card["summary"] == "Résumé cible"
        assert card["date"] == "2024-03-01"
        assert "min de lecture" in card["meta"]
        assert card["cover"] is not None and site.exists(card["cover"])
    # no French translation: the English page
    assert fr[2]["href"] == "/posts/target2/"
    assert fr[2]["title"] == "Second Target"


def test_figure_with_bundle_resource(site: Built) -> None:
    figure = one(body(site, "/posts/cards/"), "figure")
    img = one(figure, ".//img")
    assert img.get("src") == "/posts/cards/pic.png"
    assert site.exists(img.get("src"))
    assert img.get("alt") == "A <pic>"
    assert one(figure, "a").get("href") == "/posts/target/"
    caption = text(one(figure, "figcaption"))
    assert "Title" in caption and "Cap & co" in caption


def test_figure_in_translation(site: Built) -> None:
    img = one(body(site, "/fr/posts/cards/"), "figure//img")
    assert site.exists(img.get("src"))


def test_ref_and_relref(site: Built) -> None:
    paras = {text(p).split(":")[0]: text(p) for p in body(site, "/posts/cards/").xpath("p")}
    assert paras["Abs"] == "Abs: https://example.org/posts/target/"
    assert paras["Rel"] == "Rel: /posts/target/#part"
    assert paras["Self"] == "Self: /posts/cards/#top"


def test_relref_inside_a_markdown_link(site: Built) -> None:
    links = body(site, "/posts/cards/").xpath(".//a[text()='Link']")
    assert [a.get("href") for a in links] == ["/posts/target/"]


def test_ref_and_relref_are_language_aware(site: Built) -> None:
    paras = {text(p).split(":")[0]: text(p) for p in body(site, "/fr/posts/cards/").xpath("p")}
    assert paras["Abs"] == "Abs: https://example.org/fr/posts/target/"
    assert paras["Rel"] == "Rel: /fr/posts/target/"


# -- param ------------------------------------------------------------------------------------


def test_param_reads_page_params_then_site_params(site: Built) -> None:
    paras = [text(p) for p in body(site, "/posts/param/").xpath("p")]
    assert "Custom: mint" in paras
    assert "Site: from the site" in paras
    # docs/shortcodes.md: known front-matter keys (description, title, ...) are not params


# -- site shortcodes --------------------------------------------------------------------------


def test_site_shortcode_gets_inner_raw_and_rendered(site: Built) -> None:
    boxes = body(site, "/posts/custom/").xpath(f"div[{cls('box')}]")
    assert len(boxes) == 2
    assert boxes[0].get("data-k") == "v"
    assert boxes[0].get("data-md") == "false"  # printed as Hugo prints booleans
    # `inner` is Hugo's .Inner: nested calls replaced by their output; the source stays too
    raw = one(boxes[0], f"pre[{cls('raw')}]")
    assert raw.text_content() == "\none\n"
    assert one(raw, f"span[{cls('item')}]").get("data-parent") == "box"
    assert one(boxes[0], f"pre[{cls('src')}]").text_content() == "\n{{< item one >}}\n"
    assert boxes[1].get("data-md") == "true"
    assert one(boxes[1], f"div[{cls('html')}]//em").text == "emphasis"
    # an unspliced {{% %}} call (its template renders inner_html) gets its inner as Markdown
    assert one(boxes[1], f"pre[{cls('raw')}]//em").text == "emphasis"


def test_nested_shortcode_sees_its_parent(site: Built) -> None:
    items = body(site, "/posts/custom/").xpath(f".//span[{cls('item')}][not(ancestor::pre)]")
    assert [i.text for i in items] == ["one", "two", "three"]
    assert [i.get("data-parent") for i in items] == ["box", "box", "none"]
    assert [i.get("data-parent-k") for i in items] == ["v", "md", ""]


def test_self_closing_call(site: Built) -> None:
    items = body(site, "/posts/custom/").xpath(f"span[{cls('item')}]")
    assert [i.text for i in items] == ["three"]


def test_site_shortcode_output_is_escaped(site: Built) -> None:
    article = body(site, "/posts/custom/")
    assert not article.xpath(".//script")
    assert text(one(article, f"p[{cls('echo')}]")) == "<script>alert(1)</script>"


def test_site_shortcode_context(site: Built) -> None:
    ctx = one(body(site, "/posts/custom/"), f"dl[{cls('ctx')}]")
    values = {dd.get("class"): dd.text_content() for dd in ctx.xpath("dd")}
    assert values == {
        "name": "ctx",
        "args": "a|2",
        "lang": "en",
        "page": "Custom|/posts/custom/",
        "site": "Shortcode Site",
        "t": "Read more",
        "rel": "/tags/",
    }


def test_site_shortcode_context_in_translation(site: Built) -> None:
    ctx = one(body(site, "/fr/posts/custom/"), f"dl[{cls('ctx')}]")
    values = {dd.get("class"): dd.text_content() for dd in ctx.xpath("dd")}
    assert values["lang"] == "fr"
    assert values["page"] == "Perso|/fr/posts/custom/"
    assert values["site"] == "Site des shortcodes"
    assert values["rel"] == "/tags/"  # rel_url is not language-aware (docs/templates.md)
    assert values["t"] not in {"", "Read more", "read_more"}


def test_site_template_overrides_builtin(build_site: Callable[..., Built]) -> None:
    built = build_site(
        {
            "layouts/shortcodes/details.html": (
                '<section class="my-details" data-summary="{{ kwargs.summary }}">'
                "{{ inner_html|safe }}</section>\n"
            ),
            "content/posts/p.md": page(
                "P", '{{< details summary="S" >}}\n*inner*\n{{< /details >}}\n', date="2024-01-01"
            ),
        }
    )
    article = body(built, "/posts/p/")
    assert not article.xpath(".//details")
    section = one(article, f"section[{cls('my-details')}]")
    assert section.get("data-summary") == "S"
    assert one(section, ".//em").text == "inner"


def test_summary_keeps_escaped_call_text(build_site: Callable[..., Built]) -> None:
    """An escaped call is text of the page; the automatic summary must not drop it."""
    built = build_site(
        {"content/posts/p.md": page("P", "Use {{</* foo */>}} to embed.\n", date="2024-01-01")}
    )
    assert text(one(body(built, "/posts/p/"), "p")) == "Use {{< foo >}} to embed."
    summary = one(built.html("/posts/"), f"//*[{cls('post-card-summary')}]")
    assert text(summary) == "Use {{< foo >}} to embed."


def test_shortcode_in_heading_gives_matching_toc(build_site: Callable[..., Built]) -> None:
    """A call in a heading: the TOC entry shows the call's output and links to the heading."""
    built = build_site(
        {
            "layouts/shortcodes/ver.html": '<span class="ver">v{{ args[0] }}</span>\n',
            "content/posts/p.md": page(
                "P", "## Install {{< ver 2 >}} now\n\ntext\n", date="2024-01-01", toc=True
            ),
        }
    )
    doc = built.html("/posts/p/")
    heading = one(body(built, "/posts/p/"), ".//h2")
    assert text(heading) == "Install v2 now"
    toc_links = doc.xpath('//nav[contains(@class, "toc")]//a')
    assert len(toc_links) == 1
    assert toc_links[0].get("href") == "#" + heading.get("id")
    assert "pbsc" not in built.text("/posts/p/")
    assert "pbsc" not in text(toc_links[0])


# -- escaping of parameters -------------------------------------------------------------------

INJECT = '"><script>alert(1)</script><img src=x onerror=alert(2)>'


def test_every_parameter_reaching_html_is_escaped(build_site: Callable[..., Built]) -> None:
    q = INJECT.replace('"', '\\"')
    bodytext = f"""\
{{{{< youtube id="w7Ft2ymGmfc" title="{q}" >}}}}

{{{{< figure src="pic.png" alt="{q}" caption="{q}" title="{q}"
  class="{q}" target="{q}" rel="{q}" link="pic.png" >}}}}

{{{{< details summary="{q}" >}}}}
x
{{{{< /details >}}}}

{{{{< gist spf13 7896402 "{q}" >}}}}

{{{{< article "/posts/evil/" >}}}}
"""
    built = build_site(
        {
            "content/posts/p/index.md": page("P", bodytext, date="2024-01-01"),
            "content/posts/p/pic.png": PNG,
            "content/posts/evil.md": page(INJECT, "Evil.\n", date="2024-01-01"),
        }
    )
    article = body(built, "/posts/p/")
    scripts = article.xpath(".//script")
    assert [s.get("src") for s in scripts] == ["/js/embeds.js"], lxml.html.tostring(article)
    assert not scripts[0].text
    assert not article.xpath(".//img[@src='x']")
    for el in article.iter():
        if not isinstance(el.tag, str):
            continue
        assert not [a for a in el.attrib if a.startswith("on")], lxml.html.tostring(el)
    facade = one(article, f".//a[{cls('sc-youtube-facade')}]")
    assert facade.get("data-title") == INJECT
    assert one(article, ".//figure/a//img").get("alt") == INJECT
    assert INJECT in text(one(article, ".//figcaption"))
    assert one(article, ".//details/summary").text_content() == INJECT
    assert one(article, f".//*[{cls('sc-article-title')}]").text_content() == INJECT


@pytest.mark.parametrize(
    ("call", "message"),
    [
        ('{{< youtube "x\\"><script>" >}}', "id"),
        ('{{< youtube id="w7Ft2ymGmfc" start="1;x" >}}', "start"),
        ('{{< youtube id="w7Ft2ymGmfc" loading="<x>" >}}', "loading"),
        ('{{< x user="bad user" id="1" >}}', "user"),
        ('{{< x user="ok" id="12a" >}}', "id"),
        ('{{< tweet "1<2" >}}', "id"),
        ('{{< instagram "a\\"b<c>" >}}', "id"),
        ('{{< gist "sp f13" 7896402 >}}', "user"),
        ('{{< gist spf13 "zz<top>" >}}', "id"),
        ('{{< vimeo "12a" >}}', "id"),
        ('{{< figure src="javascript:alert(1)" >}}', "src"),
        ('{{< figure src=" JavaScript:alert(1)" >}}', "src"),
        ('{{< figure src="a.png" link="data:text/html,x" >}}', "link"),
        ('{{< figure src="//evil.example/x.png" >}}', "src"),
        ('{{< article "javascript:alert(1)" >}}', "link"),
        ('{{% alert cardColor="red;background:url(x)" %}}x{{% /alert %}}', "cardColor"),
        ('{{% alert icon="x\\" onclick=\\"y" %}}x{{% /alert %}}', "icon"),
        ('{{% alert textColor="expression(alert(1))" %}}x{{% /alert %}}', "textColor"),
    ],
)
def test_invalid_ids_and_urls_are_errors(
    build_site: Callable[..., Built], call: str, message: str
) -> None:
    source = page("P", f"Text.\n\n{call}\n", date="2024-01-01")
    line = source[: source.index(call)].count("\n") + 1
    built = build_site({"content/posts/p.md": source}, ok=False)
    err = built.result.stderr
    assert f"content/posts/p.md:{line}:1: error: " in err, err
    assert message in err, err


# -- errors: file, line, column; no traceback; previous output kept ---------------------------

HEAD = "---\ntitle: Bad\ndate: 2024-01-01\ntags: [x]\n---\nFirst line.\n\n"  # body line 6
BOOM = "<p>\n{{ kwargs.missing.upper() }}\n</p>\n"

ERRORS = [
    # (body after HEAD, line, column or None, message fragments)
    ("{{< yotube w7Ft2ymGmfc >}}\n", 8, 1, ["unknown shortcode", "yotube", "youtube"]),
    ("text {{< alrt >}}x{{< /alrt >}}\n", 8, 6, ["unknown shortcode", "alrt", "alert"]),
    ("{{< alert >}}\nnever closed\n", 8, 1, ["alert", "closed"]),
    ("{{< details >}}x{{< /detail >}}\n", 8, 17, ["detail"]),
    ("{{< details >}}x{{< /details x >}}\n", 8, 30, ["details", "no arguments"]),
    ("ok\n{{< /details >}}\n", 9, 1, ["details"]),
    ('{{< youtube id="w7Ft2ymGmfc >}}\n', 8, 16, ["unterminated"]),
    ('{{< youtube w7Ft2ymGmfc title="x" >}}\n', 8, 25, ["mixes positional and named"]),
    ("{{< youtube a:b >}}\n", 8, 14, ["unexpected"]),
    ("{{< youtube\n  id=w7Ft2ymGmfc\n  title=`unclosed\n>}}\n", 10, 9, ["raw string"]),
    ("{{< boom >}}\n", 8, 1, ["boom", "layouts/shortcodes/boom.html"]),
    ('{{< article "/posts/missing/" >}}\n', 8, 1, ["/posts/missing/"]),
    ('{{< ref "/posts/missing/" >}}\n', 8, 1, ["/posts/missing/"]),
    ('{{< relref "posts/missing.md" >}}\n', 8, 1, ["posts/missing.md"]),
    (
        "{{% alert %}}\ntext\n\n  {{< nope >}}\n{{% /alert %}}\n",
        11,
        3,
        ["unknown shortcode", "nope"],
    ),
    ("{{< boom\n>}}\n", 8, 1, ["boom"]),
    ("{{< figure >}}\n", 8, 1, ["figure", "src"]),
    ("{{< youtube >}}\n", 8, 1, ["youtube", "id"]),
    ("{{< youtube a b c >}}\n", 8, 1, ["youtube", "positional"]),
    ("{{< >}}\n", 8, 5, ["name"]),
    ("{{</* never closed\n", 8, 1, ["*/"]),
]


@pytest.mark.parametrize(
    ("bad", "line", "col", "fragments"), ERRORS, ids=[e[0].split("\n")[0][:40] for e in ERRORS]
)
def test_error_names_file_line_and_keeps_previous_output(
    build_site: Callable[..., Built],
    bad: str,
    line: int,
    col: int | None,
    fragments: list[str],
) -> None:
    good = {
        "layouts/shortcodes/boom.html": BOOM,
        "content/posts/ok.md": page("OK", "{{< youtube w7Ft2ymGmfc >}}\n", date="2024-01-01"),
        "content/posts/bad.md": page("Bad", "fine\n", date="2024-01-01"),
    }
    built = build_site(good)
    before = built.files()
    built.write({"content/posts/bad.md": HEAD + bad})
    failed = built.rebuild(ok=False)
    err = failed.result.stderr
    where = re.search(r"content/posts/bad\.md:(\d+):(\d+): error: (.*)", err)
    assert where, err
    assert int(where.group(1)) == line, err
    if col is not None:
        assert int(where.group(2)) == col, err
    for fragment in fragments:
        assert fragment in err, (fragment, err)
    assert "Traceback" not in failed.result.output
    assert built.files() == before


def test_error_line_with_toml_front_matter(build_site: Callable[..., Built]) -> None:
    src = '+++\ntitle = "T"\ndate = 2024-01-01\n+++\n\npara\n\n{{< nope >}}\n'
    built = build_site({"content/posts/t.md": src}, ok=False)
    assert "content/posts/t.md:8:1: error: unknown shortcode" in built.result.stderr


def test_error_line_with_crlf_line_endings(build_site: Callable[..., Built]) -> None:
    src = "---\r\ntitle: T\r\n---\r\n\r\npara\r\n{{< nope >}}\r\n"
    built = build_site({"content/posts/t.md": src}, ok=False)
    assert "content/posts/t.md:6:1: error: unknown shortcode" in built.result.stderr


def test_error_in_translation_file_names_that_file(build_site: Callable[..., Built]) -> None:
    built = build_site(
        {
            "blog.yaml": CONFIG,
            "content/posts/p/index.md": page("P", "ok\n", date="2024-01-01"),
            "content/posts/p/index.fr.md": page("P fr", "ok\n\n{{< nope >}}\n", date="2024-01-01"),
        },
        ok=False,
    )
    assert "content/posts/p/index.fr.md:6:1: error: unknown shortcode" in built.result.stderr


def test_errors_from_several_pages_are_all_reported(build_site: Callable[..., Built]) -> None:
    built = build_site(
        {
            "content/posts/a.md": page("A", "{{< nope1 >}}\n", date="2024-01-01"),
            "content/posts/b.md": page("B", "{{< nope2 >}}\n", date="2024-01-01"),
        },
        ok=False,
    )
    assert "content/posts/a.md:4:1" in built.result.stderr
    assert "content/posts/b.md:4:1" in built.result.stderr


def test_unknown_shortcode_in_code_is_not_an_error(build_site: Callable[..., Built]) -> None:
    built = build_site(
        {"content/posts/p.md": page("P", "`{{< nope >}}`\n\n```\n{{< nope2 >}}\n```\n")}
    )
    assert [c.text_content() for c in body(built, "/posts/p/").xpath(".//code")] == [
        "{{< nope >}}",
        "{{< nope2 >}}\n",
    ]


def test_nesting_too_deep_is_an_error(build_site: Callable[..., Built]) -> None:
    deep = "{{< details >}}\n" * 25 + "x\n" + "{{< /details >}}\n" * 25
    built = build_site({"content/posts/p.md": page("P", deep)}, ok=False)
    assert re.search(r"content/posts/p\.md:\d+:\d+: error: .*nested", built.result.stderr)


def test_nesting_within_the_limit_renders(build_site: Callable[..., Built]) -> None:
    deep = "{{< details >}}\n" * 15 + "core\n" + "{{< /details >}}\n" * 15
    built = build_site({"content/posts/p.md": page("P", deep)})
    article = body(built, "/posts/p/")
    assert len(article.xpath(".//details")) == 15
    assert "core" in text(article)


def test_many_unclosed_calls_build(build_site: Callable[..., Built]) -> None:
    """As in LoveIt's docs: dozens of `{{< version X >}}` without closing tags."""
    lines = "\n\n".join(f"Since {{{{< ver 0.{i} >}}}} it works." for i in range(40))
    built = build_site(
        {
            "layouts/shortcodes/ver.html": '<span class="ver">{{ args[0] }}</span>\n',
            "content/posts/p.md": page("P", lines + "\n"),
        }
    )
    assert len(body(built, "/posts/p/").xpath(f".//span[{cls('ver')}]")) == 40


def test_article_card_summary_keeps_code_and_escaped_calls(
    build_site: Callable[..., Built],
) -> None:
    built = build_site(
        {
            "content/posts/q.md": page(
                "Q", "Use {{</* foo */>}} and `{{< bar >}}` here.\n", date="2024-01-01"
            ),
            "content/posts/p.md": page("P", '{{< article "/posts/q/" >}}\n', date="2024-01-02"),
        }
    )
    card = card_fields(cards(built, "/posts/p/")[0])
    assert card["summary"] == "Use {{< foo >}} and {{< bar >}} here."


def test_urls_under_a_base_path(build_site: Callable[..., Built]) -> None:
    built = build_site(
        {
            "blog.yaml": "title: T\nbase_url: https://example.org/blog/\n",
            "content/posts/q.md": page("Q", "q\n", date="2024-01-01"),
            "content/posts/p/index.md": page(
                "P",
                '{{< article "/blog/posts/q/" >}}\n\n{{< figure src="pic.png" >}}\n\n'
                'R: {{< relref "/posts/q/" >}} {{< ref "posts/q.md" >}}\n\n'
                "{{< youtube w7Ft2ymGmfc >}}\n",
                date="2024-01-02",
            ),
            "content/posts/p/pic.png": PNG,
        }
    )
    article = body(built, "/posts/p/")  # output folders carry no base path
    assert card_fields(cards(built, "/posts/p/")[0])["href"] == "/blog/posts/q/"
    assert one(article, "figure//img").get("src") == "/blog/posts/p/pic.png"
    assert built.exists("/posts/p/pic.png")
    assert "R: /blog/posts/q/ https://example.org/blog/posts/q/" in [
        text(p) for p in article.xpath("p")
    ]
    assert [s.get("src") for s in article.xpath(".//script")] == ["/blog/js/embeds.js"]


def test_parallel_build_expands_and_reports_errors(build_site: Callable[..., Built]) -> None:
    files: dict[str, Any] = {
        f"content/posts/p{i:03}.md": page(
            f"P{i}", f"{{{{% alert %}}}}\nNumber *{i}*\n{{{{% /alert %}}}}\n", date="2024-01-01"
        )
        for i in range(80)
    }
    built = build_site(files, "--jobs", "2", jobs=None)
    assert one(body(built, "/posts/p042/"), ".//aside//em").text == "42"
    built.write({"content/posts/p050.md": page("Bad", "x\n\n{{< nope >}}\n")})
    failed = built.rebuild("--jobs", "2", ok=False)
    assert "content/posts/p050.md:6:1: error: unknown shortcode 'nope'" in failed.result.stderr


def test_huge_number_argument_is_no_traceback(build_site: Callable[..., Built]) -> None:
    """A 5000-digit bare number (int() refuses > 4300 digits): a clean build or a clean error."""
    built = build_site(
        {
            "layouts/shortcodes/n.html": "<p class='n'>{{ args[0] }}</p>\n",
            "content/posts/p.md": page("P", "{{< n " + "9" * 5000 + " >}}\n"),
        },
        ok=None,
    )
    outcome = built.result
    assert outcome.exception is None, f"{type(outcome.exception).__name__}: {outcome.exception}"
    assert "Traceback" not in outcome.output
    if outcome.exit_code != 0:
        outcome.assert_clean_failure()
        assert "content/posts/p.md:4:" in outcome.stderr


def test_escaped_call_inside_highlight_shows_as_a_call(build_site: Callable[..., Built]) -> None:
    """`highlight` is a code block: an escape in it shows the call `{{< x >}}` (as in fences and
    as Hugo does), not the escape syntax."""
    src = "{{< highlight go >}}\n// use {{</* youtube id */>}} here\n{{< /highlight >}}\n"
    built = build_site({"content/posts/p.md": page("P", src)})
    code = one(body(built, "/posts/p/"), f"div[{cls('highlight')}]").text_content()
    assert code == "// use {{< youtube id >}} here\n"


def test_broken_call_inside_a_code_fence_is_shown_not_an_error(
    build_site: Callable[..., Built],
) -> None:
    """Calls in code blocks never run, so broken syntax there is text, not a build error."""
    src = 'Intro.\n\n```go\n// broken {{< youtube "oops >}}\n```\n\n{{< alert >}}ok{{< /alert >}}\n'
    built = build_site({"content/posts/p.md": page("P", src)})
    article = body(built, "/posts/p/")
    code = one(article, f"div[{cls('highlight')}]").text_content()
    assert '{{< youtube "oops >}}' in code
    assert article.xpath(f".//aside[{cls('sc-alert')}]")
