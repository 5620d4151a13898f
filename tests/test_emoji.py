"""Emoji shortcodes: with `markup: {emoji: true}` (Hugo's `enableEmoji`, off by default as in
Hugo) `:smile:` becomes 😄 in a page's text, with GitHub's names as Hugo has them; never inside
code, raw HTML attributes, link targets or an autolink, and not after a backslash.

Where Hugo is the rule: hugo 0.111.3 with `enableEmoji = true` renders `## Hello :smile: there`
as `<h2 id="hello--there">Hello 😄 there</h2>` (the id made from the text with the emoji, which
counts as no letter), `:+1:` as 👍, `:heart:` as ❤️ and keeps `:not_an_emoji:`. Unlike Hugo, which
also replaces inside code and in link targets, code and URLs stay as written.
"""

from __future__ import annotations

from collections.abc import Callable

import lxml.html
import pytest

from polyblog.config import MarkupConfig
from polyblog.markup import markdownify, render_markdown
from sitekit import Built, SiteFactory, image_bytes, page

Element = lxml.html.HtmlElement
ON = MarkupConfig(emoji=True)
BODY = """\
## Hello :smile: there

Text :+1: and :heart:, :not_an_emoji: and 10:30:00, \\:smile: escaped.

Inline `:smile:` code, [link :tada:](https://example.com/:smile:/) and
<https://example.com/:smile:/>. ![alt :smile:](/a.png)

```python
x = ":smile:"
```

    indented :smile:

<span title=":smile:">:wave:</span>
"""


def render(source: str, cfg: MarkupConfig = ON) -> Element:
    html = render_markdown(source, "en", cfg, None, 70).html
    return lxml.html.fragment_fromstring(html, create_parent="div")


def article(built: Built, url: str) -> Element:
    (found,) = built.html(url).xpath("//article[contains(@class, 'content')]")
    return found


@pytest.fixture(scope="module")
def site(site_factory: SiteFactory) -> Built:
    return site_factory.build(
        {
            "content/posts/p.md": page("P :smile:", BODY, date="2024-01-01", toc=True),
            "static/a.png": image_bytes(),
        },
        config="base_url: https://example.org/\nmarkup:\n  emoji: true\n",
    )


def test_off_by_default(build_site: Callable[..., Built]) -> None:
    built = build_site({"content/posts/p.md": page("P", "Hi :smile:\n", date="2024-01-01")})
    assert article(built, "/posts/p/").xpath("string(p)") == "Hi :smile:"
    assert MarkupConfig().emoji is False


def test_shortcodes_in_text_become_emoji(site: Built) -> None:
    assert "warning" not in site.result.output
    body = article(site, "/posts/p/")
    (first, second) = body.xpath("p")[:2]
    assert first.text_content() == "Text 👍 and ❤️, :not_an_emoji: and 10:30:00, :smile: escaped."
    assert second.xpath("string(a[1])") == "link 🎉"
    assert second.xpath(".//img/@alt") == ["alt 😄"]  # in its <picture>
    assert body.xpath("string(p/span)") == "👋"


def test_never_in_code_urls_or_attributes(site: Built) -> None:
    body = article(site, "/posts/p/")
    assert body.xpath("string(p[2]/code)") == ":smile:"
    assert body.xpath("p[2]/a/@href") == [
        "https://example.com/:smile:/",
        "https://example.com/:smile:/",
    ]
    assert body.xpath("string(p[2]/a[2])") == "https://example.com/:smile:/"  # an autolink
    code = [b.text_content() for b in body.xpath(".//pre")]
    assert code == ['x = ":smile:"\n', "indented :smile:\n"]
    assert body.xpath("p/span/@title") == [":smile:"]


def test_headings_ids_and_toc_follow_hugo(site: Built) -> None:
    doc = site.html("/posts/p/")
    (heading,) = doc.xpath("//article//h2")
    assert (heading.get("id"), heading.text_content()) == ("hello--there", "Hello 😄 there")
    (entry,) = doc.xpath("//nav[contains(@class, 'toc')]//a")
    assert (entry.get("href"), entry.text_content()) == ("#hello--there", "Hello 😄 there")
    # the title is front matter, not Markdown: as in Hugo, it stays as written
    assert doc.xpath("string(//h1)").strip() == "P :smile:"


def test_summaries_and_descriptions_have_the_emoji(site: Built) -> None:
    (description,) = site.html("/posts/p/").xpath("//meta[@name='description']/@content")
    assert description.startswith("Hello 😄 there Text 👍")
    summary = site.html("/posts/").xpath("string(//*[contains(@class, 'post-card-summary')])")
    assert "Hello 😄 there" in summary


def test_markdown_of_front_matter_summaries_and_templates() -> None:
    html = render_markdown("Body.", "en", ON, "Summary :rocket:", 70).summary_html
    assert lxml.html.fragment_fromstring(html).text_content() == "Summary 🚀"
    assert markdownify("Made with :heart:", ON) == "Made with ❤️"
    assert markdownify("Made with :heart:", MarkupConfig()) == "Made with :heart:"


def test_off_keeps_everything_as_written() -> None:
    body = render(BODY, MarkupConfig())
    assert ":smile:" in body.xpath("string(.//h2)") and ":+1:" in body.xpath("string(p[1])")


def test_a_bad_value_is_an_error_naming_the_key(build_site: Callable[..., Built]) -> None:
    built = build_site(
        {"content/posts/p.md": page("P", "x", date="2024-01-01")},
        config="base_url: https://example.org/\nmarkup:\n  emoji: 1\n",
        ok=False,
    )
    assert "markup.emoji: expected true or false, got int 1" in built.result.stderr


def test_hugo_s_key_name_points_to_it(build_site: Callable[..., Built]) -> None:
    built = build_site(
        {"content/posts/p.md": page("P", "Hi :smile:\n", date="2024-01-01")},
        config="base_url: https://example.org/\nenableEmoji: true\n",
    )
    assert (
        "blog.yaml:2: warning: unknown key 'enableEmoji' (ignored): did you mean markup.emoji? "
        "(enableEmoji is Hugo's name for it)"
    ) in built.result.stderr
    assert article(built, "/posts/p/").xpath("string(p)") == "Hi :smile:"
