"""Translated term titles: a term's `_index.LANG.md` with a `translationKey` (Hugo's rule: the
same kind and key, `hugolib/page.go` TranslationKey in 0.111.3, pinned by the rule site
tests/oracle/rules/term-translations) or `terms:` in blog.yaml links "Construire un blog" and
"Building a blog": hreflang links, the language switcher and the sitemap alternates."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from polyblog.config import load_config
from polyblog.content import load_content
from polyblog.errors import ConfigError
from polyblog.site import BuildOptions, PageKey, build_site
from polyblog.site.assemble import regular_translation_group
from polyblog.translations.status import translation_groups
from sitekit import MULTI_CONFIG, Built, hreflangs, page, switcher, write_files

SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"
EN = "https://example.org/series/building-a-blog/"
FR = "https://example.org/fr/series/construire-un-blog/"
LINES = MULTI_CONFIG.count("\n")  # blog.yaml lines before `terms:`

POSTS = {
    "content/posts/a.md": page(
        "A", "Text.\n", date="2024-01-01", series=["Building a blog"], tags=["rust"]
    ),
    "content/posts/a.fr.md": page(
        "A fr", "Texte.\n", date="2024-01-01", series=["Construire un blog"], tags=["rouille"]
    ),
}
KEYED = {
    **POSTS,
    "content/series/building-a-blog/_index.md": page("Building a blog", translationKey="blog"),
    "content/series/construire-un-blog/_index.fr.md": page(
        "Construire un blog", translationKey="blog"
    ),
}
MAPPED_CONFIG = MULTI_CONFIG + (
    "terms:\n"
    "  series:\n"
    "    Building a blog: {fr: Construire un blog}\n"  # as written in front matter
    "  tags:\n"
    "    rust: {fr: rouille, ja: ラスト}\n"  # ja: no page uses it
)


def _by_lang(links: dict[str, str]) -> dict[str, str]:
    return {k if k == "x-default" else k.split("-")[0]: v for k, v in links.items()}


def sitemap_alternates(site: Built, path: str, loc: str) -> dict[str, str]:
    for url in site.xml(path).iter(f"{SM}url"):
        if url.findtext(f"{SM}loc") == loc:
            return _by_lang(
                {
                    str(link.get("hreflang")): str(link.get("href"))
                    for link in url.iter(f"{XHTML}link")
                }
            )
    raise AssertionError(f"{loc} is not in {path}")


def assert_linked(site: Built) -> None:
    expected = {"en": EN, "fr": FR, "x-default": EN}
    assert _by_lang(hreflangs(site.html("/series/building-a-blog/"))) == expected
    assert _by_lang(hreflangs(site.html("/fr/series/construire-un-blog/"))) == expected
    # the switcher goes to the translated term, not to the other language's home page
    assert switcher(site.html("/series/building-a-blog/"))["fr"] == "/fr/series/construire-un-blog/"
    assert switcher(site.html("/fr/series/construire-un-blog/"))["en"] == "/series/building-a-blog/"
    assert sitemap_alternates(site, "/fr/sitemap.xml", FR) == expected
    assert sitemap_alternates(site, "/en/sitemap.xml", EN) == expected


def test_term_index_files_with_one_translation_key_link_the_terms(
    build_site: Callable[..., Built],
) -> None:
    site = build_site(KEYED, config=MULTI_CONFIG)
    assert_linked(site)
    title = site.html("/fr/series/construire-un-blog/").xpath("//h1//text()")
    assert "Construire un blog" in " ".join(title)


def test_without_a_key_or_mapping_the_switcher_goes_home(build_site: Callable[..., Built]) -> None:
    site = build_site(POSTS, config=MULTI_CONFIG)
    assert _by_lang(hreflangs(site.html("/series/building-a-blog/"))).keys() <= {"en"}
    assert switcher(site.html("/series/building-a-blog/"))["fr"] == "/fr/"


def test_terms_mapping_in_blog_yaml_links_the_terms(build_site: Callable[..., Built]) -> None:
    site = build_site(POSTS, config=MAPPED_CONFIG)
    assert_linked(site)
    assert _by_lang(hreflangs(site.html("/fr/tags/rouille/"))) == {
        "en": "https://example.org/tags/rust/",
        "fr": "https://example.org/fr/tags/rouille/",
        "x-default": "https://example.org/tags/rust/",
    }
    assert switcher(site.html("/tags/rust/"))["fr"] == "/fr/tags/rouille/"
    # a translated term that no ja page uses is named, at its line in blog.yaml
    assert (
        f"blog.yaml:{LINES + 5}: warning: terms.tags.rust.ja: no ja page uses the tags term "
        "'ラスト'" in site.result.stderr
    )


def test_terms_mapping_accepts_url_keys_and_joins_the_default_terms_key(
    build_site: Callable[..., Built],
) -> None:
    config = MULTI_CONFIG + "terms:\n  series:\n    building-a-blog: {fr: construire-un-blog}\n"
    files = {
        **POSTS,  # the English term also has a translationKey: the French term joins its group
        "content/series/building-a-blog/_index.md": page("Building a blog", translationKey="b"),
    }
    site = build_site(files, config=config)
    assert_linked(site)
    assert "warning" not in site.result.stderr


def test_a_mapped_term_clashing_with_a_term_of_its_own_language_is_an_error(
    build_site: Callable[..., Built],
) -> None:
    files = {**POSTS, "content/posts/b.fr.md": page("B fr", "x\n", series=["Building a blog"])}
    config = MULTI_CONFIG + "terms:\n  series:\n    building-a-blog: {fr: construire-un-blog}\n"
    site = build_site(files, config=config, ok=False)
    assert "two fr pages are translations of the same page" in site.result.stderr
    assert "/fr/series/building-a-blog/" in site.result.stderr
    assert "/fr/series/construire-un-blog/" in site.result.stderr
    assert "or see terms: in blog.yaml" in site.result.stderr


@pytest.mark.parametrize(
    ("terms", "message"),
    [
        (
            "  topics: {a: {fr: b}}\n",
            f"blog.yaml:{LINES + 2}: error: terms.topics: 'topics' is not a taxonomy",
        ),
        (
            "  tags: {a: {de: b}}\n",
            f"blog.yaml:{LINES + 2}: error: terms.tags.a.de: 'de' is not a language",
        ),
        ("  tags: {a: {en: b}}\n", "terms.tags.a.en: 'a' is already the en term"),
        ("  tags: {a: [fr, b]}\n", "terms.tags.a: expected a mapping"),
    ],
)
def test_terms_mapping_errors_name_the_key_and_line(
    tmp_path: Path, terms: str, message: str
) -> None:
    write_files(tmp_path, {"blog.yaml": MULTI_CONFIG + "terms:\n" + terms})
    with pytest.raises(ConfigError) as info:
        load_config(tmp_path)
    from polyblog.cli import format_any

    assert message in format_any(info.value, tmp_path)


def test_terms_mapping_skips_disabled_languages(tmp_path: Path) -> None:
    config = (
        MULTI_CONFIG + "disabled_languages: [ja]\nterms:\n  tags: {rust: {fr: rouille, ja: x}}\n"
    )
    write_files(tmp_path, {"blog.yaml": config})
    entries = load_config(tmp_path).term_translations
    assert [(e.taxonomy, e.term, e.lang, e.translated) for e in entries] == [
        ("tags", "rust", "fr", "rouille")
    ]


def test_a_page_and_a_term_with_one_translation_key_are_not_linked(tmp_path: Path) -> None:
    """Hugo prefixes the key with the kind (`page/x`, `term/x`, `section/x`)."""
    write_files(
        tmp_path,
        {
            "blog.yaml": MULTI_CONFIG,
            "content/posts/b.md": page("B", "b\n", translationKey="x", tags=["go"]),
            "content/posts/b-fr.fr.md": page("B fr", "b\n", translationKey="x", tags=["aller"]),
            "content/tags/aller/_index.fr.md": page("Aller", translationKey="x"),
            "content/guides/_index.fr.md": page("Guides", translationKey="x"),
            "content/guides/g.fr.md": page("G", "g\n"),
        },
    )
    config = load_config(tmp_path)
    site = build_site(config, load_content(config).pages, BuildOptions())
    assert site.pages[PageKey("en:page:posts/b.md")].translations == (
        PageKey("fr:page:posts/b-fr.md"),
    )
    assert site.pages[PageKey("fr:term:tags/aller")].translations == ()
    assert site.pages[PageKey("fr:section:guides")].translations == ()


def test_blog_translations_groups_pages_by_the_sites_own_rule(tmp_path: Path) -> None:
    write_files(
        tmp_path,
        {
            "blog.yaml": MULTI_CONFIG,
            "content/posts/a.md": page("A", "a\n"),
            "content/posts/a.fr.md": page("A fr", "a\n"),
            "content/posts/b.md": page("B", "b\n", translationKey="k"),
            "content/posts/c.fr.md": page("C", "c\n", translationKey="k"),
            "content/posts/d.ja.md": page("D", "d\n"),
        },
    )
    config = load_config(tmp_path)
    sources = list(load_content(config).pages)
    site = build_site(config, sources, BuildOptions())
    linked = {
        frozenset({p.source.path, *(site.pages[k].source.path for k in p.translations)})  # type: ignore[union-attr]
        for p in site.pages.values()
        if p.source is not None and p.kind.value == "page"
    }
    grouped = {frozenset(p.path for p in g) for g in translation_groups(config, sources)}
    assert grouped == linked
    assert len({regular_translation_group(p) for p in sources}) == 3


def test_blog_serve_links_terms_as_their_index_files_and_blog_yaml_change(
    tmp_path: Path,
) -> None:
    from datetime import UTC, datetime

    from polyblog.build import BuildRequest
    from polyblog.build import build as clean_build
    from polyblog.engine import Session
    from sitekit import ensure_theme, snapshot

    site = tmp_path / "site"
    write_files(site, {"blog.yaml": MULTI_CONFIG, **POSTS})
    ensure_theme(site)
    options = BuildOptions(drafts=True, now=datetime(2026, 11, 27, tzinfo=UTC))
    session = Session(site, tmp_path / "served", options, jobs=1)
    session.full()

    def served_equals_clean(label: str) -> None:
        clean = tmp_path / f"clean-{label}"
        request = BuildRequest(
            source=site, destination=clean, options=options, live_reload=True, jobs=1
        )
        clean_build(request)
        expected = {k: v for k, v in snapshot(clean).items() if not k.startswith("pagefind/")}
        assert snapshot(session.destination) == expected, label  # the index is serve's step

    def switcher_of(url: str) -> dict[str, str | None]:
        import lxml.html

        return switcher(lxml.html.parse(str(session.destination / url / "index.html")).getroot())

    assert switcher_of("series/building-a-blog")["fr"] == "/fr/"
    keyed = {k: v for k, v in KEYED.items() if k not in POSTS}
    write_files(site, keyed)
    session.update([site / rel for rel in keyed])
    assert switcher_of("series/building-a-blog")["fr"] == "/fr/series/construire-un-blog/"
    served_equals_clean("index-files")
    for rel in keyed:
        (site / rel).unlink()
    write_files(site, {"blog.yaml": MAPPED_CONFIG})
    session.update([site / rel for rel in keyed] + [site / "blog.yaml"])
    assert switcher_of("fr/tags/rouille")["en"] == "/tags/rust/"
    served_equals_clean("blog-yaml")
