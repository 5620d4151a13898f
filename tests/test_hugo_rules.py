"""Hugo 0.111 content-model rules real blogs rely on, built end to end: disabled and unknown
languages, `remove_path_accents`, list pages moved by `url`, `.html` content files, a summary
without a body, bundle resources named in front matter, front-matter menus, hreflang.

The Hugo side of each rule is a rule site in tests/oracle/rules/ (hugo.toml + blog.yaml, same
content) with its manifest from ../shared/oracle/hugo_manifest.sh; `test_rule_site_matches_hugo`
proves 100% of URLs and translation links against it with compare.py --strict.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from polyblog.build import load_site
from polyblog.site import BuildOptions, Site
from polyblog.site.menus import menus_from_pages
from polyblog.site.resources import resource_by_name
from sitekit import MULTI_CONFIG, REPO, Built, hreflangs, page, switcher

RULES = REPO / "tests" / "oracle" / "rules"

TWO = """\
title: Two
base_url: https://example.org/
languages:
  en: {locale: en}
  fr: {locale: fr}
pagination: {page_size: 1}
"""


def warnings_of(built: Built) -> list[str]:
    return [line for line in built.result.stderr.splitlines() if ": warning: " in line]


def model(root: Path) -> Site:
    site, _warnings = load_site(root, BuildOptions(), None)
    return site


# The rule sites (tests/oracle/rules/) against Hugo's manifests: tests/test_oracle.py.


# -- 1. disabled languages, and languages the site does not have ------------------------------

DISABLED = """\
title: D
base_url: https://example.org/
disabled_languages: [de]
languages:
  en: {locale: en}
  fr: {locale: fr}
  de: {locale: de}
  it: {locale: it, content_dir: content-it, disabled: true}
"""


def test_disabled_language_files_are_never_pages_terms_or_sections(build_site) -> None:
    """Hugo: `disableLanguages = ["de"]` and `languages.it.disabled = true` skip those files
    entirely (rule site disabled-languages: no /de/ or /it/ page, no `nur-deutsch` term, no
    `deonly` section, /posts/a/ translated into fr only)."""
    built = build_site(
        {
            "blog.yaml": DISABLED,
            "content/posts/a/index.md": page("A", tags=["common"]),
            "content/posts/a/index.fr.md": page("A fr", tags=["common"]),
            "content/posts/a/index.de.md": page("A de", tags=["nur-deutsch"]),
            "content/posts/a/index.it.md": page("A it", tags=["solo"]),
            "content/deonly/x.de.md": page("X de", categories=["kategorie"]),
            "content/deonly/_index.de.md": page("Nur Deutsch"),
            "content-it/itonly/y.md": page("Y it"),
            "content-it/posts/a/index.md": page("A it folder", tags=["cartella"]),
        }
    )
    assert built.exists("/posts/a/") and built.exists("/fr/posts/a/")
    for url in ("/de/", "/it/", "/de/posts/a/", "/tags/nur-deutsch/", "/tags/solo/",
                "/tags/cartella/", "/deonly/", "/de/deonly/", "/itonly/", "/it/itonly/",
                "/categories/kategorie/"):  # fmt: skip
        assert not built.exists(url), url
    assert set(hreflangs(built.html("/posts/a/"))) == {"en", "fr", "x-default"}
    assert set(switcher(built.html("/posts/a/"))) == {"en", "fr"}
    assert not warnings_of(built)  # disabled on purpose: nothing to warn about


def test_unknown_language_suffix_is_skipped_with_one_warning_per_language(build_site) -> None:
    """`index.es.md` on a site without `es`: Hugo 0.111 makes it the English page instead of
    `index.md` (rule site notes); we skip it, warn once per language, and the bundle stays a
    leaf bundle, so top-level bundles do not become sections that collide with themselves."""
    files = {
        "blog.yaml": TWO,
        "content/posts/a/index.md": page("A"),
        "content/posts/a/index.es.md": page("A es", tags=["solo-es"]),
        "content/posts/a/index.pt-pt.md": page("A pt"),
        "content/posts/c.md": page("C"),
        "content/posts/c.es.md": page("C es"),
        "content/essec/y.es.md": page("Y es"),
        "content/notes.old.md": page("Old notes"),
        "content/v1.2.md": page("Version 1.2"),
    }
    for name in ("about", "one", "two", "three", "four"):
        files[f"content/{name}/index.md"] = page(name.title())
        files[f"content/{name}/index.es.md"] = page(f"{name} es")
    built = build_site(files)
    assert built.html("/about/").xpath("//h1/text()") == ["About"]
    assert built.html("/posts/a/").xpath("//h1/text()") == ["A"]
    for url in ("/posts/a/index.es/", "/about/index.es/", "/posts/c.es/", "/essec/",
                "/essec/y.es/", "/tags/solo-es/", "/es/"):  # fmt: skip
        assert not built.exists(url), url
    assert built.exists("/notes.old/") and built.exists("/v1.2/")
    warned = warnings_of(built)
    es = [w for w in warned if "'es'" in w]
    pt = [w for w in warned if "'pt-pt'" in w]
    assert len(es) == 1 and len(pt) == 1, warned
    assert es[0].startswith("content/about/index.es.md:") and "and 7 more" in es[0]
    assert pt[0].startswith("content/posts/a/index.pt-pt.md:") and "and" not in pt[0].split(":")[2]


FOLDERS = """\
title: F
base_url: https://example.org/
disabled_languages: [de]
languages:
  en: {locale: en, content_dir: content/en}
  fr: {locale: fr, content_dir: content/fr}
"""


def test_language_folders_of_languages_the_site_does_not_build(build_site) -> None:
    """Every language in its own folder: `content/es` (no such language) and `content/de`
    (disabled) are not read as English pages at /es/... and /de/...; only `es` is warned."""
    built = build_site(
        {
            "blog.yaml": FOLDERS,
            "content/en/posts/a.md": page("A"),
            "content/fr/posts/a.md": page("A fr"),
            "content/es/posts/a.md": page("A es", tags=["solo-es"]),
            "content/de/posts/a.md": page("A de"),
        }
    )
    assert built.exists("/posts/a/") and built.exists("/fr/posts/a/")
    for url in ("/es/posts/a/", "/de/posts/a/", "/es/", "/de/", "/tags/solo-es/"):
        assert not built.exists(url), url
    warned = warnings_of(built)
    assert len(warned) == 1 and warned[0].startswith("content/es: warning: language 'es'")


def test_a_section_named_like_a_locale_is_still_a_section(build_site) -> None:
    """With the default language at the content root, `content/ml/` is a section (only a
    layout with every language in a folder treats such folders as languages)."""
    files = {"blog.yaml": TWO, "content/ml/x.md": page("X"), "content/io/y.md": page("Y")}
    built = build_site(files)
    assert built.exists("/ml/x/") and built.exists("/io/y/") and not warnings_of(built)


@pytest.mark.parametrize(
    ("config", "line"),
    [
        (TWO + "disabled_languages: [fr, en]\n", 7),
        (TWO.replace("en: {locale: en}", "en: {locale: en, disabled: true}"), 4),
    ],
)
def test_the_default_language_cannot_be_disabled(build_site, config: str, line: int) -> None:
    built = build_site({"blog.yaml": config, "content/a.md": page("A")}, ok=False)
    assert f"blog.yaml:{line}" in built.result.stderr
    assert "default language" in built.result.stderr


# -- 2. remove_path_accents ---------------------------------------------------------------------

ACCENTS = {
    "content/théâtre/été.md": page("Été", tags=["Référencement", "Ça va"], date="2023-01-02"),
    "content/théâtre/crème/index.md": page("Crème", slug="Crème Brûlée", date="2023-01-03"),
    "content/billets/naïve.md": page("Naïve Élan", date="2022-05-01"),
    "content/über-url.md": page("U", url="/Über/Straße/"),
    "content/Ñandú.md": page("N", aliases=["/alias-é/"]),
}


def test_remove_path_accents(build_site) -> None:
    """Hugo's removePathAccents (rule site remove-path-accents): accents go from paths made
    of folder and file names, slugs, permalink titles and term keys; a page's own `url` and
    aliases are kept as written, and term titles keep their accents."""
    config = TWO + "remove_path_accents: true\npermalinks: {billets: '/:year/:title/'}\n"
    built = build_site({**ACCENTS, "blog.yaml": config})
    for url in ("/theatre/", "/theatre/ete/", "/theatre/creme-brulee/", "/2022/naive-elan/",
                "/nandu/", "/tags/referencement/", "/tags/ca-va/", "/Über/Straße/"):  # fmt: skip
        assert built.exists(url), url
    assert "Référencement" in built.html("/tags/referencement/").xpath("string(//h1)")
    assert "/tags/referencement/" in built.html("/theatre/ete/").xpath("//a/@href")
    assert built.exists("/alias-é/")  # the redirect, where the alias says
    assert not built.exists("/théâtre/été/")


def test_accents_stay_without_remove_path_accents(build_site) -> None:
    built = build_site({**ACCENTS, "blog.yaml": TWO})
    assert built.exists("/théâtre/été/") and built.exists("/tags/référencement/")
    assert not built.exists("/theatre/ete/")


# -- 3. sections (and taxonomies, terms) moved by `url` -----------------------------------------


def section_site() -> dict[str, str]:
    return {
        "blog.yaml": TWO + "taxonomies: [tags]\n",
        "content/posts/_index.md": page("Posts", url="/archives"),
        "content/posts/_index.fr.md": page("Articles", url="/archives-fr/"),
        **{f"content/posts/p{i}.md": page(f"P{i}", date=f"2023-01-0{i}") for i in (1, 2)},
        **{f"content/posts/p{i}.fr.md": page(f"P{i} fr", date=f"2023-01-0{i}") for i in (1, 2)},
        "content/blog/_index.md": page("Blog", slug="journal"),
        "content/blog/b1.md": page("B1"),
        "content/rel/_index.md": page("Rel", url="Relative/Sec"),
        "content/rel/_index.fr.md": page("Rel fr", url="relatif/"),
        "content/rel/r1.md": page("R1"),
        "content/rel/r1.fr.md": page("R1 fr"),
        "content/tags/_index.md": page("Tags", url="/labels/"),
        "content/tags/go/_index.md": page("Go", url="/golang/"),
        "content/posts/p3.md": page("P3", tags=["go"], date="2023-01-03"),
    }


def test_section_url_moves_the_section_its_pagers_and_feed(build_site) -> None:
    """Hugo 0.111 writes a section whose `_index.md` has `url: /archives` at /archives/, with
    /archives/page/N/ and /archives/index.xml; a relative `url` gets the language prefix and
    is lower-cased; `slug` does not move a section; taxonomy and term `_index.md` `url`s move
    those pages (rule site section-url)."""
    built = build_site(section_site())
    assert built.html("/archives/").xpath("//h1/text()") == ["Posts"]
    assert built.exists("/archives/page/2/") and built.exists("/archives/page/3/")
    assert built.xml("/archives/index.xml") is not None
    assert not built.exists("/posts/") and not built.exists("/posts/page/2/")
    assert built.exists("/posts/p1/")  # the section's pages stay where they were
    assert hreflangs(built.html("/archives/"))["fr"] == "https://example.org/archives-fr/"
    assert hreflangs(built.html("/archives-fr/"))["en"] == "https://example.org/archives/"
    assert built.exists("/relative/sec/") and built.exists("/fr/relatif/")
    assert built.exists("/blog/") and not built.exists("/journal/")
    assert built.exists("/labels/") and built.exists("/golang/")
    assert not built.exists("/tags/") and not built.exists("/tags/go/")
    assert "/golang/" in built.html("/posts/p3/").xpath("//a/@href")
    assert any("content/blog/_index.md:" in w and "slug" in w for w in warnings_of(built))


# -- 4. .html content files ---------------------------------------------------------------------


ABOUT_HTML = '<p id="x">Hi <a href="{{< relref "/posts/p" >}}">p</a></p>'


def html_site() -> dict[str, str]:
    return {
        "blog.yaml": TWO + "taxonomies: [tags]\n",
        "content/_index.md": page("Home", "Home text."),
        "content/about.html": page("About", ABOUT_HTML, tags=["html"]),
        "content/raw.html": "<!DOCTYPE html>\n<html><body>raw</body></html>\n",
        "content/plain.htm": "Text first, no front matter.\n",
        "content/posts/h/index.html": page("H", "<div>bundle</div>\n"),
        "content/posts/h/frag.html": "<div>frag</div>\n",
        "content/docs/_index.html": page("Docs", "<p>docs list</p>\n"),
        "content/docs/d1.mdown": page("D1", "d1"),
        "content/docs/d2.adoc": "= AsciiDoc\n",
        "content/docs/d3.org": "#+TITLE: Org\n",
        "content/posts/p.md": page("P", "# md"),
    }


def test_html_content_files_are_pages(build_site) -> None:
    """Hugo 0.111 (rule site html-content): `.html`/`.htm` with front matter (or text first)
    are pages, bundle headers and section `_index`es; one starting with `<` is a plain file,
    copied; `.mdown` is Markdown; AsciiDoc/Org files need tools we do not run: skipped, with
    one warning."""
    built = build_site(html_site())
    about = built.html("/about/")
    assert about.xpath("//h1/text()") == ["About"]
    assert about.xpath('//p[@id="x"]/a/@href') == ["/posts/p/"]  # shortcodes still run
    assert built.exists("/tags/html/")
    assert built.html("/plain/") is not None
    assert built.html("/posts/h/").xpath("//h1/text()") == ["H"]
    assert built.html("/docs/").xpath("//h1/text()") == ["Docs"]
    assert built.exists("/docs/d1/")
    assert built.text("/raw.html").startswith("<!DOCTYPE html>")
    assert built.text("/posts/h/frag.html") == "<div>frag</div>\n"
    for url in ("/raw/", "/posts/h/frag/", "/docs/d2/", "/docs/d2.adoc", "/docs/d3.org"):
        assert not built.exists(url), url
    skipped = [w for w in warnings_of(built) if "AsciiDoc" in w]
    assert len(skipped) == 1 and skipped[0].startswith("content/docs/d2.adoc:")
    assert "and 1 more" in skipped[0]


def test_html_source_pages_say_so(tmp_path: Path) -> None:
    root = tmp_path / "s"
    from sitekit import write_files

    write_files(root, html_site())
    pages = {p.source.path: p.source for p in model(root).pages.values() if p.source}
    assert pages["content/about.html"].markup == "html"
    assert pages["content/posts/h/index.html"].markup == "html"
    assert pages["content/docs/_index.html"].markup == "html"
    assert pages["content/docs/d1.mdown"].markup == "markdown"


def test_html_body_is_not_read_as_markdown(build_site) -> None:
    body = "<div>\n\n    <p>indented four spaces: not a code block</p>\n\n*not emphasis*\n</div>\n"
    built = build_site({"content/a.html": page("A", body)})
    main = built.html("/a/")
    assert not main.xpath("//pre") and not main.xpath("//em")
    assert "*not emphasis*" in main.text_content()


def test_html_body_runs_shortcodes_and_splits_at_more(build_site) -> None:
    body = "<p>Intro {{< param colour >}}</p>\n<!--more-->\n<p>Rest</p>\n"
    built = build_site({"content/posts/a.html": page("A", body, colour="mint")})
    article = built.html("/posts/a/").xpath('//article[@class="content"]')[0]
    assert [p.text_content() for p in article.xpath("p")] == ["Intro mint", "Rest"]
    item = built.xml("/index.xml").xpath("//item/description")[0].text
    assert "Intro mint" in item and "Rest" not in item


def test_html_pages_obey_unsafe_html_false(build_site) -> None:
    """An HTML page is raw HTML: with `markup: {unsafe_html: false}` (content not trusted) its
    markup must not reach the output (docs/security.md)."""
    config = "title: T\nbase_url: https://example.org/\nmarkup: {unsafe_html: false}\n"
    body = '<script>alert(1)</script><p onclick="x()">hi</p>\n'
    built = build_site({"blog.yaml": config, "content/a.html": page("A", body)})
    main = built.html("/a/").xpath("//main")[0]
    assert not main.xpath(".//script") and not main.xpath(".//*[@onclick]")
    assert "alert(1)" in main.text_content()  # shown as text


# -- 5. a front-matter summary on a page without a body ----------------------------------------


def test_front_matter_summary_is_kept_without_a_body(build_site) -> None:
    """Hugo 0.111 shows `summary:` (as Markdown) for a page with an empty body (rule site
    resources-menus-summary: `.Summary` of posts/empty.md is `The <em>front</em> summary`)."""
    built = build_site(
        {"content/posts/empty.md": page("Empty", summary="The *front* summary", date="2024-01-01")}
    )
    cards = built.html("/posts/").xpath('//div[@class="post-card-summary"]')
    assert [c.xpath("string(.)").strip() for c in cards] == ["The front summary"]
    assert cards[0].xpath(".//em/text()") == ["front"]
    assert "The <em>front</em> summary" in built.text("/index.xml").replace("&lt;", "<").replace(
        "&gt;", ">"
    )


# -- 6. bundle resources: names, titles, params, GetMatch ---------------------------------------


def test_resource_metadata_and_get_match_as_hugo(tmp_path: Path) -> None:
    """What Hugo 0.111.3 printed for posts/b of the rule site resources-menus-summary (with
    its hugo-layouts/): `.Resources` in this order with these names, titles and params, and
    `.Resources.GetMatch` finding by name, case-insensitively, not by file name."""
    site = model(RULES / "resources-menus-summary")
    page_b = site.pages[next(k for k in site.pages if k.endswith("posts/b/index.md"))]
    got = [(r.name, r.title, dict(r.params), r.path) for r in page_b.resource_meta]
    assert got == [
        ("chart", "The chart", {"credit": "Ann", "kind": "png"}, "/posts/b/images/chart-2023.png"),
        ("data.json", "data.json", {}, "/posts/b/data.json"),
        ("docs/one.pdf", "Doc #1", {}, "/posts/b/docs/one.pdf"),
        ("docs/two.txt", "Doc #2", {}, "/posts/b/docs/two.txt"),
        ("photo-1", "Photo 1", {"credit": "Bob", "kind": "png"}, "/posts/b/a.PNG"),
        ("photo-2", "Photo 2", {"credit": "Bob", "kind": "png"}, "/posts/b/images/other.png"),
        ("photo-3", "Photo 3", {"credit": "Bob", "kind": "png"}, "/posts/b/z.png"),
    ]
    assert resource_by_name(page_b, "chart") == "/posts/b/images/chart-2023.png"
    assert resource_by_name(page_b, "CHART") == "/posts/b/images/chart-2023.png"
    assert resource_by_name(page_b, "{x,photo-*}") == "/posts/b/a.PNG"
    for pattern in ("*.png", "**.png", "images/*", "missing"):
        assert resource_by_name(page_b, pattern) is None, pattern


def test_resources_without_metadata_are_named_by_their_path(tmp_path: Path) -> None:
    from sitekit import write_files

    write_files(
        tmp_path,
        {
            "blog.yaml": TWO,
            "content/posts/x/index.md": page("X"),
            "content/posts/x/index.fr.md": page(
                "X fr", resources=[{"src": "*.png", "name": "pic"}]
            ),
            "content/posts/x/chart.png": "png",
            "content/posts/x/img/Photo.JPG": "jpg",
        },
    )
    site = model(tmp_path)
    en = site.pages[next(k for k in site.pages if k.startswith("en:page:posts/x"))]
    fr = site.pages[next(k for k in site.pages if k.startswith("fr:page:posts/x"))]
    assert [(r.name, r.title) for r in en.resource_meta] == [
        ("chart.png", "chart.png"),
        ("img/Photo.JPG", "img/Photo.JPG"),
    ]
    assert resource_by_name(en, "chart*") == "/posts/x/chart.png"
    assert resource_by_name(en, "**.jpg") == "/posts/x/img/Photo.JPG"
    assert resource_by_name(fr, "pic") == "/fr/posts/x/chart.png"  # each language its own names
    assert resource_by_name(en, "pic") is None


def test_bad_resources_front_matter_is_an_error_with_its_line(build_site) -> None:
    text = "---\ntitle: X\nresources:\n  - name: no-src\n---\nbody\n"
    built = build_site({"content/posts/x/index.md": text, "content/posts/x/a.png": "png"}, ok=False)
    assert "content/posts/x/index.md:4" in built.result.stderr
    assert "needs src" in built.result.stderr


# -- 7. front-matter menus ------------------------------------------------------------------------


def test_menus_from_pages_as_hugo(tmp_path: Path) -> None:
    """Hugo 0.111.3 on the rule site resources-menus-summary: `.Site.Menus.main` is Posts (1),
    The bundle (2, identifier bun, pre `<i>`, title Tip, with About us as its child), Empty (3,
    the page's weight), then Alpha and Zed (weight 0, by name); fr has Empty fr (`menus:`)."""
    menus = menus_from_pages(model(RULES / "resources-menus-summary"))
    main = [(e.name, e.url, e.weight, e.identifier, e.title, e.pre, e.parent)
            for e in menus["en"]["main"]]  # fmt: skip
    assert main == [
        ("Posts", "/posts/", 1, "", "Posts", "", ""),
        ("The bundle", "/posts/b/", 2, "bun", "Tip", "<i>", ""),
        ("Empty", "/posts/empty/", 3, "", "Empty", "", ""),
        ("About us", "/about/", 0, "", "About us", "", "bun"),
        ("Alpha", "/alpha/", 0, "", "Alpha", "", ""),
        ("Zed", "/zed/", 0, "", "Zed", "", ""),
    ]
    assert [(e.name, e.url) for e in menus["en"]["footer"]] == [("Empty", "/posts/empty/")]
    assert [(e.name, e.url) for e in menus["fr"]["main"]] == [("Empty fr", "/fr/posts/empty/")]
    about = menus["en"]["main"][3]
    assert about.source == "content/about.md" and about.page_key.endswith(":page:about.md")
    assert about.line == 5 and about.key_name == "About us"


def test_menu_entries_of_pages_left_out_are_not_there(tmp_path: Path) -> None:
    from sitekit import write_files

    write_files(
        tmp_path,
        {
            "blog.yaml": TWO,
            "content/a.md": page("A", menu="main", draft=True),
            "content/b.md": page("B", menu={"main": {"name": "Bee"}}),
        },
    )
    assert [e.name for e in menus_from_pages(model(tmp_path))["en"]["main"]] == ["Bee"]


def test_bad_menu_front_matter_is_an_error_with_its_line(build_site) -> None:
    text = "---\ntitle: X\nmenu:\n  main:\n    weight: heavy\n---\nbody\n"
    built = build_site({"content/x.md": text}, ok=False)
    assert "content/x.md:5" in built.result.stderr and "menu.main.weight" in built.result.stderr


# -- hreflang and <html lang> from the locale ------------------------------------------------------


def test_hreflang_is_the_locale_in_bcp47_and_the_key_keeps_the_urls(build_site) -> None:
    config = """\
title: L
base_url: https://example.org/
languages:
  en: {locale: en_GB}
  pt-br: {locale: pt_BR}
  cat: {locale: ca}
  zh-cn: {}
"""
    built = build_site(
        {
            "blog.yaml": config,
            "content/a.md": page("A"),
            "content/a.pt-br.md": page("A pt"),
            "content/a.cat.md": page("A ca"),
            "content/a.zh-cn.md": page("A zh"),
        }
    )
    assert built.html("/pt-br/a/").get("lang") == "pt-BR"
    assert built.html("/cat/a/").get("lang") == "ca"
    assert built.html("/a/").get("lang") == "en-GB"
    assert hreflangs(built.html("/a/")) == {
        "en-GB": "https://example.org/a/",
        "pt-BR": "https://example.org/pt-br/a/",
        "ca": "https://example.org/cat/a/",
        "zh-CN": "https://example.org/zh-cn/a/",  # no locale: the key, in BCP 47 case
        "x-default": "https://example.org/a/",
    }


def test_multi_config_pages_declare_their_locale(build_site) -> None:
    built = build_site(
        {"content/a.md": page("A"), "content/a.fr.md": page("A")}, config=MULTI_CONFIG
    )
    assert built.html("/fr/a/").get("lang") == "fr-FR"
