"""SourcePage* -> Site: URLs, translations, sections, terms, series, pagination, collisions,
drafts/future/expired. Pure: no templates, no output."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from polyblog.config import load_config
from polyblog.content import load_content
from polyblog.errors import CollisionError, ContentError, ErrorList
from polyblog.site import BuildOptions, PageKey, PageKind, Site, build_site
from sitekit import page, write_files

NOW = datetime(2025, 1, 1, tzinfo=UTC)
BASE = "base_url: https://example.org/\n"
CONFIG = (
    BASE
    + """\
languages:
  en: {}
  fr: {}
pagination:
  page_size: 2
"""
)


def assemble(root: Path, files: dict[str, str | bytes], config: str = CONFIG, **opts: bool) -> Site:
    write_files(root, {"blog.yaml": config, **files})
    cfg = load_config(root)
    content = load_content(cfg)
    assert not content.errors, [str(e) for e in content.errors]
    return build_site(cfg, content.pages, BuildOptions(now=NOW, **opts))


def fails(root: Path, files: dict[str, str | bytes], config: str = CONFIG) -> list[str]:
    with pytest.raises(ErrorList) as info:
        assemble(root, files, config)
    return [str(e) for e in info.value.errors]


def paths(site: Site, kind: PageKind | None = None, lang: str | None = None) -> set[str]:
    return {
        p.path
        for p in site.pages.values()
        if (kind is None or p.kind is kind) and (lang is None or p.lang == lang)
    }


def at(site: Site, path: str):
    return site.pages[site.by_path[path]]


# -- URLs ---------------------------------------------------------------------------------------


def test_page_urls_default_language_at_root_others_prefixed(tmp_path: Path) -> None:
    site = assemble(
        tmp_path,
        {
            "content/posts/bundle/index.md": page("B", date="2024-01-01"),
            "content/posts/bundle/index.fr.md": page("B fr", date="2024-01-01"),
            "content/posts/single.md": page("S"),
            "content/posts/single.fr.md": page("S fr"),
            "content/about.md": page("About"),
            "content/posts/Été Chaud.md": page("Unicode"),
        },
    )
    assert paths(site, PageKind.PAGE) == {
        "/posts/bundle/",
        "/fr/posts/bundle/",
        "/posts/single/",
        "/fr/posts/single/",
        "/about/",
        "/posts/été-chaud/",
    }
    assert paths(site, PageKind.HOME) == {"/", "/fr/"}
    assert paths(site, PageKind.NOT_FOUND) == {"/404.html", "/fr/404.html"}
    assert {"/posts/", "/fr/posts/"} <= paths(site, PageKind.SECTION)
    assert paths(site, PageKind.TAXONOMY) == {
        "/tags/",
        "/categories/",
        "/series/",
        "/fr/tags/",
        "/fr/categories/",
        "/fr/series/",
    }


def test_slug_replaces_the_last_segment(tmp_path: Path) -> None:
    site = assemble(
        tmp_path,
        {
            "content/posts/hello-world/index.md": page("Hello"),
            "content/posts/hello-world/index.fr.md": page("Bonjour", slug="Bonjour le Monde"),
            "content/posts/note.md": page("Note", slug="my-note"),
        },
    )
    assert "/fr/posts/bonjour-le-monde/" in site.by_path
    assert "/posts/hello-world/" in site.by_path
    assert "/posts/my-note/" in site.by_path
    assert "/posts/note/" not in site.by_path


def test_url_overrides_the_whole_path(tmp_path: Path) -> None:
    site = assemble(
        tmp_path,
        {
            "content/posts/x.md": page("X", url="/custom/path/"),
            "content/posts/x.fr.md": page("X fr", url="chemin"),
            "content/posts/y.fr.md": page("Y fr", url="/fr/deja/"),
            "content/posts/z.md": page("Z", url="no-slashes"),
            "content/posts/w.fr.md": page("W fr", url="/racine/"),
        },
    )
    assert at(site, "/custom/path/").title == "X"
    assert at(site, "/fr/chemin/").title == "X fr"  # a relative url gets the language prefix
    assert at(site, "/fr/deja/").title == "Y fr"
    assert at(site, "/no-slashes/").title == "Z"
    assert at(site, "/racine/").title == "W fr"  # Hugo: an absolute url is used as written


@pytest.mark.parametrize("bad", ["/../escape/", "/a/./b/", "https://evil.example/x/", "//evil/"])
def test_url_must_be_a_site_path(tmp_path: Path, bad: str) -> None:
    errors = fails(tmp_path, {"content/x.md": f"---\ntitle: X\nurl: '{bad}'\n---\n"})
    assert len(errors) == 1
    assert errors[0].startswith("content/x.md:3:")
    assert "url" in errors[0]


def test_default_language_in_subdir(tmp_path: Path) -> None:
    site = assemble(
        tmp_path,
        {"content/x.md": page("X"), "content/x.fr.md": page("X fr")},
        CONFIG + "default_language_in_subdir: true\n",
    )
    assert {"/en/x/", "/fr/x/", "/en/", "/fr/"} <= set(site.by_path)
    assert "/x/" not in site.by_path


def test_base_path_is_not_part_of_site_paths(tmp_path: Path) -> None:
    site = assemble(
        tmp_path,
        {"content/x.md": page("X")},
        CONFIG.replace("https://example.org/", "https://example.org/blog/"),
    )
    assert "/x/" in site.by_path


# -- translations -------------------------------------------------------------------------------


def _translations(site: Site, path: str) -> set[str]:
    return {site.pages[k].path for k in at(site, path).translations}


def test_translations_by_suffix(tmp_path: Path) -> None:
    site = assemble(
        tmp_path,
        {
            "content/posts/x/index.md": page("X"),
            "content/posts/x/index.fr.md": page("X fr", slug="ixe"),
            "content/posts/y.md": page("Y"),
            "content/posts/y.fr.md": page("Y fr"),
            "content/posts/only-en.md": page("Only en"),
        },
    )
    assert _translations(site, "/posts/x/") == {"/fr/posts/ixe/"}
    assert _translations(site, "/fr/posts/ixe/") == {"/posts/x/"}
    assert _translations(site, "/posts/y/") == {"/fr/posts/y/"}
    assert _translations(site, "/posts/only-en/") == set()
    assert _translations(site, "/") == {"/fr/"}
    assert _translations(site, "/posts/") == {"/fr/posts/"}
    assert _translations(site, "/tags/") == {"/fr/tags/"}


def test_translations_by_translation_key(tmp_path: Path) -> None:
    site = assemble(
        tmp_path,
        {
            "content/about.md": page("About", translationKey="about"),
            "content/a-propos.fr.md": page("À propos", translationKey="about"),
            "content/posts/x.md": page("X"),
            "content/posts/x.fr.md": page("X fr", translationKey="something-else"),
        },
    )
    assert _translations(site, "/about/") == {"/fr/a-propos/"}
    assert _translations(site, "/posts/x/") == set()  # the key wins over the path


def test_translations_by_language_folder(tmp_path: Path) -> None:
    config = CONFIG.replace("  fr: {}", "  fr:\n    content_dir: content/fr")
    site = assemble(
        tmp_path,
        {
            "content/posts/x/index.md": page("X"),
            "content/fr/posts/x/index.md": page("X fr"),
            "content/fr/posts/y.md": page("Y fr"),
        },
        config,
    )
    assert _translations(site, "/posts/x/") == {"/fr/posts/x/"}
    assert _translations(site, "/fr/posts/y/") == set()
    assert at(site, "/fr/posts/x/").lang == "fr"


def test_translations_are_in_language_order(tmp_path: Path) -> None:
    config = BASE + "languages:\n  en: {}\n  ja: {}\n  fr: {}\n"
    site = assemble(
        tmp_path,
        {
            "content/x.md": page("X"),
            "content/x.fr.md": page("X fr"),
            "content/x.ja.md": page("X ja"),
        },
        config,
    )
    assert [site.pages[k].lang for k in at(site, "/x/").translations] == ["ja", "fr"]


def test_two_pages_of_one_language_in_one_translation_group(tmp_path: Path) -> None:
    errors = fails(
        tmp_path,
        {
            "content/a.fr.md": page("A", translationKey="k"),
            "content/b.fr.md": page("B", translationKey="k"),
        },
    )
    text = "\n".join(errors)
    assert "content/a.fr.md" in text and "content/b.fr.md" in text


def test_draft_original_leaves_translation_alone(tmp_path: Path) -> None:
    site = assemble(
        tmp_path,
        {
            "content/posts/d/index.md": page("D", draft=True),
            "content/posts/d/index.fr.md": page("D fr"),
        },
    )
    assert "/posts/d/" not in site.by_path
    assert _translations(site, "/fr/posts/d/") == set()


# -- drafts, future, expired --------------------------------------------------------------------


FILTER_FILES = {
    "content/posts/draft.md": page("Draft", draft=True, tags=["wip"]),
    "content/posts/future.md": page("Future", date="2030-01-01"),
    "content/posts/publish-later.md": page("Later", date="2020-01-01", publishDate="2031-01-01"),
    "content/posts/expired.md": page("Expired", date="2020-01-01", expiryDate="2024-06-01"),
    "content/posts/live.md": page("Live", date="2024-01-01", expiryDate="2030-01-01"),
}


@pytest.mark.parametrize(
    ("opts", "expected"),
    [
        ({}, {"live"}),
        ({"drafts": True}, {"live", "draft"}),
        ({"future": True}, {"live", "future", "publish-later"}),
        ({"expired": True}, {"live", "expired"}),
        (
            {"drafts": True, "future": True, "expired": True},
            {"live", "draft", "future", "publish-later", "expired"},
        ),
    ],
)
def test_drafts_future_expired(tmp_path: Path, opts: dict[str, bool], expected: set[str]) -> None:
    site = assemble(tmp_path, FILTER_FILES, **opts)
    names = {p.path.strip("/").split("/")[-1] for p in site.regular_pages("en")}
    assert names == expected
    assert ("/tags/wip/" in site.by_path) is ("draft" in expected)


def test_excluded_pages_are_not_listed(tmp_path: Path) -> None:
    site = assemble(tmp_path, FILTER_FILES)
    section = at(site, "/posts/")
    assert [site.pages[k].title for k in section.listed] == ["Live"]


# -- sections, lists, pagination -----------------------------------------------------------------


def _posts(n: int, lang_suffix: str = "", **extra: object) -> dict[str, str]:
    return {
        f"content/posts/p{i}{lang_suffix}.md": page(f"Post {i}", date=f"2024-01-{i:02d}", **extra)
        for i in range(1, n + 1)
    }


def test_section_title_and_listing_newest_first(tmp_path: Path) -> None:
    site = assemble(
        tmp_path,
        {
            "content/posts/_index.md": page("All the posts"),
            **_posts(3),
        },
    )
    section = at(site, "/posts/")
    assert section.kind is PageKind.SECTION
    assert section.title == "All the posts"
    assert [site.pages[k].title for k in section.listed] == ["Post 3", "Post 2", "Post 1"]


def test_section_without_index_is_titled_from_folder(tmp_path: Path) -> None:
    site = assemble(tmp_path, _posts(1))
    assert at(site, "/posts/").title == "Posts"


def test_nested_sections(tmp_path: Path) -> None:
    site = assemble(
        tmp_path,
        {
            "content/docs/_index.md": page("Docs"),
            "content/docs/guide/_index.md": page("Guide"),
            "content/docs/guide/install.md": page("Install"),
            "content/docs/intro.md": page("Intro"),
        },
    )
    assert at(site, "/docs/guide/").kind is PageKind.SECTION
    assert at(site, "/docs/guide/install/").kind is PageKind.PAGE
    guide = at(site, "/docs/guide/")
    assert [site.pages[k].title for k in guide.listed] == ["Install"]
    docs_titles = {site.pages[k].title for k in at(site, "/docs/").listed}
    assert "Intro" in docs_titles
    assert "Install" not in docs_titles


def test_pagination(tmp_path: Path) -> None:
    site = assemble(tmp_path, _posts(5))
    key = site.by_path["/posts/"]
    pagers = site.pagers[key]
    assert [p.path for p in pagers] == ["/posts/", "/posts/page/2/", "/posts/page/3/"]
    assert [len(p.items) for p in pagers] == [2, 2, 1]
    assert [site.pages[k].title for p in pagers for k in p.items] == [
        "Post 5",
        "Post 4",
        "Post 3",
        "Post 2",
        "Post 1",
    ]
    assert site.by_path["/posts/page/2/"] == key
    # page 1 redirects to the list itself
    aliases = {a.path: a.target for a in site.aliases}
    assert aliases["/posts/page/1/"] == "/posts/"
    home = site.pagers[site.by_path["/"]]
    assert [p.path for p in home] == ["/", "/page/2/", "/page/3/"]
    fr_home = site.pagers[site.by_path["/fr/"]]
    assert [p.path for p in fr_home] == ["/fr/"]  # an empty list still has its page 1


def test_pagination_per_language(tmp_path: Path) -> None:
    site = assemble(tmp_path, {**_posts(3), **_posts(3, ".fr")})
    assert [p.path for p in site.pagers[site.by_path["/fr/posts/"]]] == [
        "/fr/posts/",
        "/fr/posts/page/2/",
    ]
    assert [p.path for p in site.pagers[site.by_path["/fr/"]]] == ["/fr/", "/fr/page/2/"]


def test_home_lists_the_main_section(tmp_path: Path) -> None:
    site = assemble(tmp_path, {**_posts(3), "content/about.md": page("About")})
    home = site.home("en")
    titles = {site.pages[k].title for k in home.listed}
    assert titles == {"Post 1", "Post 2", "Post 3"}


# -- taxonomies ---------------------------------------------------------------------------------


def test_terms_are_normalised(tmp_path: Path) -> None:
    site = assemble(
        tmp_path,
        {
            "content/posts/a.md": page("A", date="2024-01-02", tags=["Machine Learning", "Python"]),
            "content/posts/b.md": page("B", date="2024-01-01", tags=["machine-learning"]),
            "content/posts/c.md": page("C", tags=["machine learning", "MACHINE LEARNING"]),
            "content/posts/d.fr.md": page("D", tags=["Machine Learning", "Référencement"]),
        },
    )
    term = at(site, "/tags/machine-learning/")
    assert term.kind is PageKind.TERM
    assert {site.pages[k].title for k in term.listed} == {"A", "B", "C"}
    assert term.title == "Machine Learning"  # as first written
    tag_terms = {
        p.path
        for p in site.pages.values()
        if p.kind is PageKind.TERM and p.lang == "en" and p.taxonomy == "tags"
    }
    assert tag_terms == {"/tags/machine-learning/", "/tags/python/"}
    assert "/fr/tags/machine-learning/" in site.by_path
    assert "/fr/tags/référencement/" in site.by_path
    c = at(site, "/posts/c/")
    assert [r.key for r in c.terms] == ["machine-learning"]  # no duplicate
    taxonomy = at(site, "/tags/")
    assert {site.pages[k].path for k in taxonomy.listed} == tag_terms


def test_same_term_in_two_languages_are_translations(tmp_path: Path) -> None:
    site = assemble(
        tmp_path,
        {
            "content/a.md": page("A", tags=["Hugo", "Tutorials"]),
            "content/a.fr.md": page("A fr", tags=["Hugo", "Tutoriels"]),
        },
    )
    assert _translations(site, "/tags/hugo/") == {"/fr/tags/hugo/"}
    assert _translations(site, "/tags/tutorials/") == set()


def test_custom_taxonomies(tmp_path: Path) -> None:
    config = CONFIG + "taxonomies: [tags, topics]\n"
    site = assemble(
        tmp_path, {"content/a.md": page("A", topics=["Rust"], categories=["x"])}, config
    )
    assert "/topics/rust/" in site.by_path
    assert "/categories/" not in site.by_path
    assert at(site, "/a/").source.params["categories"] == ["x"]


# -- series ----------------------------------------------------------------------------------------


def test_series_parts_ordered_by_series_order_then_date(tmp_path: Path) -> None:
    site = assemble(
        tmp_path,
        {
            "content/posts/c.md": page("Third", date="2024-01-01", series=["Saga"], series_order=3),
            "content/posts/a.md": page("First", date="2024-03-01", series=["Saga"], series_order=1),
            "content/posts/b.md": page(
                "Second", date="2024-02-01", series=["Saga"], series_order=2
            ),
            "content/posts/e.md": page("Unnumbered later", date="2024-05-01", series=["Saga"]),
            "content/posts/d.md": page("Unnumbered earlier", date="2024-04-01", series=["saga"]),
        },
    )
    parts = site.series_parts[("en", "saga")]
    assert [site.pages[k].title for k in parts] == [
        "First",
        "Second",
        "Third",
        "Unnumbered earlier",
        "Unnumbered later",
    ]


def test_series_is_per_language(tmp_path: Path) -> None:
    site = assemble(
        tmp_path,
        {
            "content/a.md": page("A", series=["S"], series_order=1),
            "content/b.md": page("B", series=["S"], series_order=2),
            "content/a.fr.md": page("A fr", series=["S"], series_order=1),
        },
    )
    assert len(site.series_parts[("en", "s")]) == 2
    assert len(site.series_parts[("fr", "s")]) == 1


# -- collisions and aliases -----------------------------------------------------------------------


def test_two_pages_on_one_url_name_both_files(tmp_path: Path) -> None:
    errors = fails(
        tmp_path,
        {
            "content/posts/a.md": page("A", url="/same/"),
            "content/posts/b.md": page("B", url="/same/"),
        },
    )
    assert len(errors) == 1
    assert "content/posts/a.md" in errors[0] and "content/posts/b.md" in errors[0]
    assert "/same/" in errors[0]


def test_slug_collision(tmp_path: Path) -> None:
    errors = fails(
        tmp_path,
        {
            "content/posts/a.md": page("A", slug="b"),
            "content/posts/b.md": page("B"),
        },
    )
    assert any("content/posts/a.md" in e and "content/posts/b.md" in e for e in errors)


def test_bundle_and_single_file_collision(tmp_path: Path) -> None:
    errors = fails(
        tmp_path,
        {
            "content/posts/x.md": page("Single"),
            "content/posts/x/index.md": page("Bundle"),
        },
    )
    assert any("content/posts/x.md" in e and "content/posts/x/index.md" in e for e in errors)


def test_page_on_a_generated_url(tmp_path: Path) -> None:
    errors = fails(tmp_path, {"content/x.md": page("X", url="/tags/")})
    assert any("content/x.md" in e and "/tags/" in e for e in errors)


def test_page_on_a_pager_url(tmp_path: Path) -> None:
    errors = fails(tmp_path, {**_posts(3), "content/x.md": page("X", url="/posts/page/2/")})
    assert any("content/x.md" in e and "/posts/page/2/" in e for e in errors)


def test_collision_error_type(tmp_path: Path) -> None:
    write_files(
        tmp_path,
        {
            "blog.yaml": CONFIG,
            "content/a.md": page("A", url="/x/"),
            "content/b.md": page("B", url="/x/"),
        },
    )
    cfg = load_config(tmp_path)
    with pytest.raises(ErrorList) as info:
        build_site(cfg, load_content(cfg).pages, BuildOptions(now=NOW))
    assert all(isinstance(e, CollisionError) for e in info.value.errors)


def test_aliases(tmp_path: Path) -> None:
    site = assemble(
        tmp_path,
        {
            "content/posts/x.md": page("X", aliases=["/old-x/", "/legacy/x.html"]),
            "content/posts/x.fr.md": page("X fr", aliases=["/fr/ancien-x/", "tres-ancien"]),
        },
    )
    aliases = {a.path: a.target for a in site.aliases}
    assert aliases["/old-x/"] == "/posts/x/"
    assert aliases["/legacy/x.html"] == "/posts/x/"
    assert aliases["/fr/ancien-x/"] == "/fr/posts/x/"
    assert aliases["/fr/posts/tres-ancien/"] == "/fr/posts/x/"  # relative: beside the page
    assert aliases["/en/"] == "/"


def test_alias_with_dot_segments_is_an_error(tmp_path: Path) -> None:
    errors = fails(tmp_path, {"content/x.md": "---\ntitle: X\naliases: ['/../../etc/']\n---\n"})
    assert errors and errors[0].startswith("content/x.md:3:")


def test_same_alias_for_two_pages(tmp_path: Path) -> None:
    errors = fails(
        tmp_path,
        {
            "content/a.md": page("A", aliases=["/old/"]),
            "content/b.md": page("B", aliases=["/old/"]),
        },
    )
    assert any("/old/" in e for e in errors)


def test_site_is_deterministic(tmp_path: Path) -> None:
    files = {**_posts(4, tags=["T"]), **_posts(2, ".fr", tags=["T"])}
    one = assemble(tmp_path, files)
    two = assemble(tmp_path, files)
    assert list(one.pages) == list(two.pages)
    assert one.pagers == two.pagers
    assert one.aliases == two.aliases
    assert one.series_parts == two.series_parts


def test_page_keys_are_stable(tmp_path: Path) -> None:
    site = assemble(tmp_path, {"content/posts/x/index.md": page("X")})
    assert PageKey("en:page:posts/x/index.md") in site.pages
    assert PageKey("en:home") in site.pages


def test_content_error_type_for_bad_url(tmp_path: Path) -> None:
    write_files(tmp_path, {"blog.yaml": CONFIG, "content/a.md": page("A", url="/../x/")})
    cfg = load_config(tmp_path)
    with pytest.raises(ErrorList) as info:
        build_site(cfg, load_content(cfg).pages, BuildOptions(now=NOW))
    assert isinstance(info.value.errors[0], ContentError)
