"""Markdown -> HTML: each feature, heading ids, TOC, highlighting, summaries, words, reading
time."""

from __future__ import annotations

import lxml.html
import pytest

from polyblog.config import MarkupConfig
from polyblog.markup import (
    RenderedBody,
    count_words,
    heading_id,
    reading_minutes,
    render_markdown,
    toc_html,
)

CFG = MarkupConfig()


def render(
    source: str,
    lang: str = "en",
    cfg: MarkupConfig = CFG,
    summary: str | None = None,
    length: int = 70,
) -> RenderedBody:
    return render_markdown(source, lang, cfg, summary, length)


def tree(html: str) -> lxml.html.HtmlElement:
    return lxml.html.fragment_fromstring(html, create_parent="div")


def body(source: str, **kw: object) -> lxml.html.HtmlElement:
    return tree(render(source, **kw).html)  # type: ignore[arg-type]


# -- raw HTML ---------------------------------------------------------------------------------


RAW = (
    '<div class="gallery"><img class="thumb" src="/a.webp"/></div>\n\n'
    'Text <span class="x">inline</span>.\n'
)


def test_raw_html_allowed_by_default() -> None:
    root = body(RAW)
    assert root.xpath('//div[@class="gallery"]/img[@class="thumb"]/@src') == ["/a.webp"]
    assert root.xpath('//span[@class="x"]/text()') == ["inline"]


def test_raw_html_can_be_turned_off() -> None:
    html = render(RAW, cfg=MarkupConfig(unsafe_html=False)).html
    root = tree(html)
    assert root.xpath("//img") == []
    assert root.xpath("//span") == []
    assert "&lt;span" in html or "&lt;div" in html  # escaped, shown as text


def test_unsafe_off_still_renders_markdown() -> None:
    root = body("**bold** and [link](https://example.org)", cfg=MarkupConfig(unsafe_html=False))
    assert root.xpath("//strong/text()") == ["bold"]
    assert root.xpath("//a/@href") == ["https://example.org"]


# -- GFM and extensions ---------------------------------------------------------------------------


def test_table() -> None:
    root = body("| a | b |\n|---|:-:|\n| 1 | 2 |\n| 3 | 4 |\n")
    assert root.xpath("//table/thead/tr/th/text()") == ["a", "b"]
    assert root.xpath("//table/tbody/tr/td/text()") == ["1", "2", "3", "4"]


def test_strikethrough() -> None:
    root = body("~~gone~~ kept")
    assert [el.text for el in root.xpath("//s | //del")] == ["gone"]


def test_task_list() -> None:
    root = body("- [x] done\n- [ ] todo\n")
    boxes = root.xpath('//li//input[@type="checkbox"]')
    assert len(boxes) == 2
    assert boxes[0].get("checked") is not None
    assert boxes[1].get("checked") is None


def test_footnotes() -> None:
    root = body("Claim.[^1] Other.[^note]\n\n[^1]: Source one.\n[^note]: Source two.\n")
    refs = root.xpath("//sup//a/@href")
    assert len(refs) == 2
    targets = {r.lstrip("#") for r in refs}
    for target in targets:
        (note,) = root.xpath(f'//*[@id="{target}"]')
        assert "Source" in note.text_content()
    assert "Source one." in root.text_content() and "Source two." in root.text_content()


def test_definition_list() -> None:
    root = body("Term\n: Definition one\n\nOther\n: Definition two\n")
    assert root.xpath("//dl/dt/text()") == ["Term", "Other"]
    assert [dd.text_content().strip() for dd in root.xpath("//dl/dd")] == [
        "Definition one",
        "Definition two",
    ]


def test_reference_links_with_tab_separator() -> None:
    source = (
        "See [OpenAI][1] and [Google][2] and [Go][go].\n\n"
        "[1]:\thttps://openai.com/about/\n[2]:\thttps://about.google\n"
        '[go]: https://go.dev "Go site"\n'
    )
    root = body(source)
    assert root.xpath("//a/@href") == [
        "https://openai.com/about/",
        "https://about.google",
        "https://go.dev",
    ]
    assert root.xpath("//a/text()") == ["OpenAI", "Google", "Go"]
    assert "[1]" not in root.text_content()


def test_autolink_and_inline_code() -> None:
    root = body("Use `a < b` and <https://example.org>.")
    assert root.xpath("//code/text()") == ["a < b"]
    assert root.xpath("//a/@href") == ["https://example.org"]


def test_typographic_text_is_escaped() -> None:
    root = body("Fish & chips <3")
    assert "Fish & chips <3" in root.text_content()


# -- headings, ids, TOC ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "ident"),
    [
        ("Hello World", "hello-world"),
        ("Où en sommes-nous ?", "où-en-sommes-nous"),
        ("機械学習とは", "機械学習とは"),
        ("C'est l'été", "cest-lété"),
        ("Step 2: install", "step-2-install"),
    ],
)
def test_heading_ids_are_unicode_safe(text: str, ident: str) -> None:
    root = body(f"## {text}\n")
    (h2,) = root.xpath("//h2")
    assert h2.get("id").strip("-") == ident
    assert heading_id(text).strip("-") == ident


def test_custom_heading_id() -> None:
    root = body("## Title {#custom-id}\n\n### Other {#x .note}\n")
    (h2,) = root.xpath("//h2")
    assert h2.get("id") == "custom-id"
    assert h2.text_content().strip() == "Title"
    (h3,) = root.xpath("//h3")
    assert h3.get("id") == "x"
    assert "note" in h3.get("class", "")
    assert "{" not in root.text_content()


def test_duplicate_heading_ids_are_made_unique() -> None:
    root = body("## Setup\n\n## Setup\n\n## Setup\n")
    ids = root.xpath("//h2/@id")
    assert len(set(ids)) == 3
    assert ids[0] == "setup"


def test_toc() -> None:
    result = render("# Title\n\n## One\n\n### One A\n\n## Two\n\n##### Too deep\n")
    assert [(e.level, e.id, e.text) for e in result.toc] == [
        (2, "one", "One"),
        (3, "one-a", "One A"),
        (2, "two", "Two"),
    ]
    nav = tree(toc_html(result.toc))
    assert nav.xpath("//nav/ul/li/a/@href") == ["#one", "#two"]
    assert nav.xpath("//nav/ul/li/ul/li/a/@href") == ["#one-a"]


def test_toc_html_escapes() -> None:
    result = render("## A <b> & C\n")
    nav = tree(toc_html(result.toc))
    assert nav.xpath("//a")[0].text_content().strip()
    assert nav.xpath("//b") == []


def test_empty_toc() -> None:
    assert render("Just text").toc == ()
    assert toc_html(()) == ""


# -- code ------------------------------------------------------------------------------------------


def test_pygments_highlighting_is_class_based() -> None:
    root = body('```python\ndef f(x):\n    return "s"\n```\n')
    (div,) = root.xpath('//div[contains(concat(" ", @class, " "), " highlight ")]')
    assert div.xpath(".//pre")
    spans = div.xpath(".//span[@class]")
    assert spans, "expected Pygments token spans"
    assert not div.xpath(".//*[@style]"), "highlighting must use classes, not inline styles"
    assert "def f(x):" in div.text_content()


def test_unknown_language_is_plain_escaped_code() -> None:
    root = body("```nosuchlang\n<tag> & x\n```\n")
    (code,) = root.xpath("//pre/code")
    assert code.text_content() == "<tag> & x\n"


def test_fence_without_language() -> None:
    root = body("```\nplain <b>\n```\n")
    assert root.xpath("//b") == []
    assert "plain <b>" in root.xpath("//pre")[0].text_content()


def test_code_is_not_treated_as_html() -> None:
    root = body("```html\n<script>alert(1)</script>\n```\n")
    assert root.xpath("//script") == []


# -- summaries ------------------------------------------------------------------------------------


LONG = " ".join(f"word{i}" for i in range(200))


def test_summary_from_front_matter() -> None:
    result = render("Body text here.", summary="A **short** summary.")
    assert tree(result.summary_html).xpath("//strong/text()") == ["short"]
    assert result.plain_summary == "A short summary."
    assert result.truncated


def test_summary_before_more_marker() -> None:
    result = render("Intro *part*.\n\n<!--more-->\n\nThe rest.\n")
    assert tree(result.summary_html).xpath("//em/text()") == ["part"]
    assert "The rest" not in result.summary_html
    assert result.plain_summary == "Intro part."
    assert result.truncated
    assert "The rest" in result.html


def test_automatic_summary_is_about_70_words() -> None:
    result = render(LONG)
    words = result.plain_summary.replace("…", "").split()
    assert 60 <= len(words) <= 75
    assert words[0] == "word0"
    assert result.truncated


def test_short_body_is_its_own_summary() -> None:
    result = render("Only a few words here.")
    assert result.plain_summary == "Only a few words here."
    assert not result.truncated


def test_summary_length_is_configurable() -> None:
    result = render(LONG, length=10)
    assert len(result.plain_summary.replace("…", "").split()) == 10


def test_cjk_summary_counts_characters() -> None:
    text = "これは日本語の文章です。" * 40  # 480 characters, no spaces
    result = render(text, lang="ja")
    assert result.truncated
    plain = result.plain_summary.rstrip("…").strip()
    assert 50 <= len(plain) <= 150, len(plain)
    assert text.startswith(plain)


def test_summary_is_plain_of_markup() -> None:
    result = render("**Bold** start " + LONG)
    assert "<strong>" not in result.plain_summary
    assert result.plain_summary.startswith("Bold start")


# -- words and reading time -----------------------------------------------------------------------


def test_word_count_latin() -> None:
    assert render("one two three, four. Five!").words == 5
    assert render(LONG).words == 200


def test_word_count_ignores_markup() -> None:
    assert render("**one** [two](https://x.org) `three`\n\n- four\n- five\n").words == 5


def test_word_count_cjk_counts_characters() -> None:
    assert count_words("日本語の文章", "ja") == 6
    assert count_words("Hello 世界", "ja") == 3
    assert render("機械学習は面白い", lang="ja").words == 8


def test_word_count_korean_and_chinese() -> None:
    assert count_words("机器学习", "zh") == 4
    assert count_words("한국어", "ko") == 3


@pytest.mark.parametrize(("words", "minutes"), [(1, 1), (213, 1), (214, 2), (426, 2), (427, 3)])
def test_reading_time_latin(words: int, minutes: int) -> None:
    text = " ".join(["w"] * words)
    assert reading_minutes(words, text) == minutes
    assert render(text).reading_time == minutes


def test_reading_time_cjk_is_faster_per_character() -> None:
    text = "字" * 1000
    result = render(text, lang="ja")
    assert result.words == 1000
    assert result.reading_time == 2  # ~500 characters a minute, not 213 words a minute


def test_empty_body() -> None:
    result = render("")
    assert result.html == ""
    assert result.words == 0
    assert result.reading_time == 0
    assert result.summary_html == ""
    assert not result.truncated
