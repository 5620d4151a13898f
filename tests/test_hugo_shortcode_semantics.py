"""Hugo's shortcode semantics: `.Inner` holds nested calls' output, `{{% %}}` output is read as
Markdown with the text around it, a site template replaces a built-in entirely, and `ref`/`relref`
find pages the way Hugo's `.GetPage` does.

Expected HTML marked "hugo 0.111.3" was produced by running Hugo 0.111.3 on the same content and
the same templates written as Go templates (`{{ .Inner }}` for `{{ inner }}`); whitespace is
normalised before comparing, because polyblog trims the ends of a shortcode's output.
"""

from __future__ import annotations

import re
from pathlib import Path

import lxml.html
import pytest

import polyblog
from sitekit import Built, image_bytes, page

TEMPLATES = {
    "layouts/shortcodes/bare.html": "{{ inner }}\n",
    "layouts/shortcodes/sig.html": "**Alex**\n",
    "layouts/shortcodes/outer.html": '<div class="outer">{{ inner }}</div>\n',
    "layouts/shortcodes/child.html": '<span class="child">{{ inner }}</span>\n',
    "layouts/shortcodes/show.html": "[{{ inner }}]\n",
}


def content(built: Built, url: str) -> str:
    article = built.html(url).xpath('//article[@class="content"]')[0]
    inner = (article.text or "") + "".join(
        lxml.html.tostring(child, encoding="unicode") for child in article
    )
    return normal(inner)


def normal(markup: str) -> str:
    return re.sub(r"\s+", " ", markup).replace("> <", "><").strip()


CASES = [
    # (markdown, hugo 0.111.3's HTML for it)
    ("A {{% bare %}}**b**{{% /bare %}} c", "<p>A <strong>b</strong>\nc</p>"),
    ("{{% sig %}}", "<p><strong>Alex</strong></p>"),
    ("{{% outer %}}**o**{{% /outer %}}", '<div class="outer">**o**</div>'),
    (
        "{{< show >}}x {{% child %}}*i*{{% /child %}} y{{< /show >}}",
        '[x <span class="child"><em>i</em></span>\n y]',
    ),
    (
        "{{< show >}}x {{< child >}}*i*{{< /child >}} y{{< /show >}}",
        '[x <span class="child">*i*</span>\n y]',
    ),
    (
        "{{% show %}}x {{% child %}}*i*\nmore{{% /child %}} y{{% /show %}}",
        '<p>[x <span class="child"><p><em>i</em>\nmore</p>\n</span>\ny]</p>',
    ),
    ("{{< show >}}**raw**{{< /show >}}", "[**raw**]"),
]


@pytest.mark.parametrize(("markdown", "hugo"), CASES, ids=[c[0][:40] for c in CASES])
def test_inner_and_markdown_calls_render_as_hugo(build_site, markdown: str, hugo: str) -> None:
    built = build_site({**TEMPLATES, "content/posts/p.md": page("P", markdown + "\n")})
    assert content(built, "/posts/p/") == normal(hugo)


def test_markdown_call_output_joins_the_paragraph_and_reference_links(build_site) -> None:
    body = "See {{% bare %}}[the docs][d]{{% /bare %}} now.\n\n[d]: https://example.org/docs\n"
    built = build_site({**TEMPLATES, "content/posts/p.md": page("P", body)})
    assert content(built, "/posts/p/") == normal(
        '<p>See <a href="https://example.org/docs">the docs</a> now.</p>'
    )


def test_markdown_calls_in_code_stay_source(build_site) -> None:
    body = "`{{% sig %}}`\n\n```\n{{% sig %}}\n```\n\n{{% sig %}}\n"
    built = build_site({**TEMPLATES, "content/posts/p.md": page("P", body)})
    article = built.html("/posts/p/").xpath('//article[@class="content"]')[0]
    assert [c.text for c in article.xpath(".//code")] == ["{{% sig %}}", "{{% sig %}}\n"]
    assert [s.text for s in article.xpath("p/strong")] == ["Alex"]


def test_inner_is_escaped_text_when_raw_html_is_off(build_site) -> None:
    config = "title: T\nbase_url: https://example.org/\nmarkup:\n  unsafe_html: false\n"
    body = "{{< show >}}<b>x</b> {{< child >}}y{{< /child >}}{{< /show >}}\n"
    built = build_site({**TEMPLATES, "content/posts/p.md": page("P", body)}, config=config)
    article = built.html("/posts/p/").xpath('//article[@class="content"]')[0]
    assert not article.xpath(".//b")
    assert "<b>x</b>" in article.text_content()
    # the nested call's output is the template's own markup: kept
    assert [s.text for s in article.xpath(".//span[@class='child']")] == ["y"]


def test_unspliced_markdown_call_gets_rendered_inner_when_raw_html_is_off(build_site) -> None:
    config = "title: T\nbase_url: https://example.org/\nmarkup:\n  unsafe_html: false\n"
    body = "{{% outer %}}**o**{{% /outer %}}\n"
    built = build_site({**TEMPLATES, "content/posts/p.md": page("P", body)}, config=config)
    outer = built.html("/posts/p/").xpath('//div[@class="outer"]')
    assert len(outer) == 1
    assert [s.text for s in outer[0].xpath(".//strong")] == ["o"]


def test_site_template_replaces_a_builtin_and_its_argument_rules(build_site) -> None:
    files = {
        # hugo-book's details: two positional arguments, which the built-in does not take
        "layouts/shortcodes/details.html": (
            '<details class="book"{% if args[1] == "open" %} open{% endif %}>'
            "<summary>{{ args[0] }}</summary>{{ inner_html | safe }}</details>\n"
        ),
        "content/posts/p.md": page("P", '{{< details "Title" open >}}\n*x*\n{{< /details >}}\n'),
    }
    built = build_site(files)
    details = built.html("/posts/p/").xpath("//details")
    assert len(details) == 1
    assert details[0].get("class") == "book"
    assert details[0].get("open") is not None
    assert details[0].xpath("summary")[0].text == "Title"
    assert details[0].xpath(".//em")[0].text == "x"


def test_builtin_rules_still_apply_to_the_builtin(build_site) -> None:
    built = build_site(
        {"content/posts/p.md": page("P", '{{< youtube "x\\"><script>" >}}\n')}, ok=False
    )
    assert "youtube" in built.result.output
    assert "is not valid" in built.result.output


def test_builtins_exist_with_a_theme_that_lacks_them(build_site) -> None:
    templates = Path(polyblog.__file__).parent / "themes" / "default" / "templates"
    files: dict[str, str | bytes] = {
        f"themes/plain/templates/{f.relative_to(templates).as_posix()}": f.read_bytes()
        for f in templates.rglob("*")
        if f.is_file() and "shortcodes" not in f.parts
    }
    files["content/posts/p.md"] = page("P", "{{< alert >}}\nHi\n{{< /alert >}}\n")
    config = "title: T\nbase_url: https://example.org/\ntheme: plain\n"
    built = build_site(files, config=config)
    assert built.html("/posts/p/").xpath("//aside[contains(@class, 'sc-alert')]")


# -- ref / relref: Hugo's GetPage ------------------------------------------------------------

REF_SITE = {
    "content/posts/series/part-one.md": page("One", 'Next: {{< relref "part-two" >}}\n'),
    "content/posts/series/part-two.md": page("Two", 'Up: {{< relref "../other/bundle" >}}\n'),
    "content/posts/other/bundle/index.md": page(
        "Bundle", 'Side: {{< relref "sibling" >}} Root: {{< relref "/about" >}}\n', slug="b-slug"
    ),
    "content/posts/other/sibling.md": page("Sibling", 'Named: {{< relref "part-one" >}}\n'),
    "content/about.md": page("About", "x\n"),
}


def ref_text(built: Built, url: str) -> str:
    return " ".join(built.html(url).xpath('//article[@class="content"]')[0].text_content().split())


def test_relref_resolves_relative_paths_and_unique_names(build_site) -> None:
    built = build_site(REF_SITE)
    assert ref_text(built, "/posts/series/part-one/") == "Next: /posts/series/part-two/"
    assert ref_text(built, "/posts/series/part-two/") == "Up: /posts/other/b-slug/"
    # a leaf bundle looks beside itself; an absolute path starts at the content root
    assert ref_text(built, "/posts/other/b-slug/") == "Side: /posts/other/sibling/ Root: /about/"
    assert ref_text(built, "/posts/other/sibling/") == "Named: /posts/series/part-one/"


def test_ambiguous_name_is_an_error_listing_the_candidates(build_site) -> None:
    files = {
        "content/a/dup.md": page("A", "x\n"),
        "content/b/dup.md": page("B", "x\n"),
        "content/posts/p.md": page("P", 'See {{< relref "dup" >}}\n'),
    }
    built = build_site(files, ok=False)
    out = built.result.output
    assert "content/posts/p.md:" in out
    assert "'dup' is ambiguous" in out
    assert "content/a/dup.md" in out and "content/b/dup.md" in out


@pytest.mark.parametrize("subdir", [False, True])
def test_ref_to_a_page_with_a_slug_in_every_subdir_setting(build_site, subdir: bool) -> None:
    config = (
        "title: T\nbase_url: https://example.org/\ndefault_language: en\n"
        f"default_language_in_subdir: {str(subdir).lower()}\n"
        "languages:\n  en: {name: English}\n  fr: {name: Français}\n"
    )
    files = {
        "content/posts/x.md": page("X", "x\n", slug="ex"),
        "content/posts/x.fr.md": page("X fr", "x\n", slug="ex-fr"),
        "content/posts/p.md": page(
            "P", 'A {{< relref "/posts/x/" >}} B {{< relref "/posts/x.md" >}}\n'
        ),
        "content/posts/p.fr.md": page("P fr", 'A {{< relref "/posts/x/" >}}\n'),
    }
    built = build_site(files, config=config)
    en = "/en" if subdir else ""
    assert ref_text(built, f"{en}/posts/p/") == f"A {en}/posts/ex/ B {en}/posts/ex/"
    assert ref_text(built, "/fr/posts/p/") == "A /fr/posts/ex-fr/"


def test_an_import_stub_is_warned_about_and_renders_its_inner(build_site) -> None:
    from polyblog.render.shortcodes import STUB_MARKER

    stub = (
        f"{STUB_MARKER}: uses partial (line 3) -#}}\n"
        '<div class="sc-unported" data-shortcode="card">{{ inner_html | safe }}</div>\n'
    )
    files = {
        "layouts/shortcodes/card.html": stub,
        "content/posts/p.md": page("P", "{{< card >}}\n*kept*\n{{< /card >}}\n"),
    }
    built = build_site(files)
    assert "layouts/shortcodes/card.html:1: warning: shortcode 'card' is an unported stub" in (
        built.result.output
    )
    assert built.html("/posts/p/").xpath("//div[@data-shortcode='card']//em")[0].text == "kept"
    strict = build_site(files, "--strict", ok=False)
    assert "unported stub" in strict.result.output


def test_inline_shortcodes_render_nothing_as_in_hugo_by_default(build_site) -> None:
    body = "A {{< time.inline >}}{{ now }}{{< /time.inline >}} B\n"
    built = build_site({"content/posts/p.md": page("P", body)})
    assert content(built, "/posts/p/") == "<p>A B</p>"


def test_booleans_print_as_hugo_prints_them(build_site) -> None:
    files = {
        "layouts/shortcodes/flags.html": "{{ args[0] }}|{{ args[1] }}|{{ is_markdown }}\n",
        "content/posts/p.md": page("P", "{{< flags true false >}}\n"),
    }
    assert content(build_site(files), "/posts/p/") == "true|false|false"


def test_figure_finds_a_bundle_resource_by_its_name(build_site) -> None:
    png = image_bytes()
    files = {
        "content/posts/b/index.md": page(
            "B",
            '{{< figure src="chart" alt="A chart" >}}\n{{< figure src="IMG/o*" >}}\n',
            resources=[{"src": "img/data-2024.png", "name": "chart"}],
        ),
        "content/posts/b/img/data-2024.png": png,
        "content/posts/b/img/other.png": png,  # no front-matter name: its path is its name
    }
    built = build_site(files)
    srcs = [i.get("src") for i in built.html("/posts/b/").xpath("//figure//img")]
    assert srcs == ["/posts/b/img/data-2024.png", "/posts/b/img/other.png"]
