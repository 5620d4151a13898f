"""Inherited front matter (`translations.inherit`): a translation that leaves out `date`, `tags`,
`categories`, `series`, `images`, `cover` or `weight` takes them from its original (the default
language's version); its own value always wins, even an empty list. `blog translations` shows
what is inherited."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from polyblog.build import BuildRequest, build
from polyblog.engine import Session
from polyblog.site import BuildOptions
from sitekit import (
    Built,
    SiteFactory,
    image_bytes,
    page,
    run_cli,
    snapshot,
    without_search,
    write_files,
)

CONFIG = """\
title: Blog
base_url: https://example.org/
default_language: en
languages:
  en: {name: English, locale: en_US}
  fr: {name: Français, locale: fr_FR}
taxonomies: [tags, categories, series]
terms:
  series:
    Building a blog: {fr: Construire un blog}
"""
INHERIT = "translations:\n  inherit: [date, tags, categories, series, images, cover, weight]\n"
PNG = image_bytes()

POSTS: dict[str, str | bytes] = {
    "content/posts/one/index.md": page(
        "One",
        "One.\n",
        date="2024-01-10",
        tags=["python"],
        categories=["code"],
        series=["Building a blog"],
        series_order=1,
        images=["cover.png"],
        cover="cover.png",
    ),
    "content/posts/one/cover.png": PNG,
    "content/posts/one/index.fr.md": page("Premier", 'Cover: {{< param "cover" >}}.\n'),
    "content/posts/two/index.md": page(
        "Two", "Two.\n", date="2024-02-10", tags=["python"], series=["Building a blog"]
    ),
    # explicit values win: no tags at all (an empty list), its own series order
    "content/posts/two/index.fr.md": page("Second", "Second.\n", tags=[], series_order=2),
    "content/posts/three/index.md": page("Three", "Three.\n", date="2024-03-01", weight=1),
    # its own date wins; the weight is inherited
    "content/posts/three/index.fr.md": page("Troisième", "Troisième.\n", date="2023-01-01"),
}


@pytest.fixture(scope="module")
def inherited(site_factory: SiteFactory) -> Built:
    return site_factory.build(POSTS, config=CONFIG + INHERIT)


@pytest.fixture(scope="module")
def plain(site_factory: SiteFactory) -> Built:
    return site_factory.build(POSTS, config=CONFIG)


def titles(site: Built, url: str) -> list[str]:
    return [str(t) for t in site.html(url).xpath("//article//h2/a/text()")]


def post_date(site: Built, url: str) -> str | None:
    found = site.html(url).xpath("//main//p[@class='post-meta']//time/@datetime")
    return str(found[0]) if found else None


def test_date_and_weight_order_lists(inherited: Built, plain: Built) -> None:
    assert post_date(inherited, "/fr/posts/one/") == "2024-01-10T00:00:00+00:00"
    assert post_date(inherited, "/fr/posts/three/") == "2023-01-01T00:00:00+00:00"  # its own
    # Troisième first (weight 1, inherited), then newest first
    assert titles(inherited, "/fr/posts/") == ["Troisième", "Second", "Premier"]
    assert titles(inherited, "/fr/") == ["Troisième", "Second", "Premier"]
    assert post_date(plain, "/fr/posts/one/") is None
    # without: the dated page first, then the undated ones by title
    assert titles(plain, "/fr/posts/") == ["Troisième", "Premier", "Second"]


def test_terms_of_the_original(inherited: Built, plain: Built) -> None:
    assert titles(inherited, "/fr/tags/python/") == ["Premier"]  # Second says tags: []
    assert titles(inherited, "/fr/categories/code/") == ["Premier"]
    assert not plain.exists("/fr/tags/python/")
    assert not plain.exists("/fr/categories/code/")
    tags = inherited.html("/fr/posts/two/").xpath("//a[@rel='tag']/text()")
    assert "python" not in tags


def test_series_is_translated_and_navigates(inherited: Built, plain: Built) -> None:
    """The series comes in French (`terms:` in blog.yaml), ordered by the original's
    `series_order` (Premier) and the translation's own (Second)."""
    assert titles(inherited, "/fr/series/construire-un-blog/") == ["Premier", "Second"]
    nav = inherited.html("/fr/posts/one/").xpath("//div[@class='series-nav']/a")
    assert {(a.get("rel"), a.get("href")) for a in nav} == {("next", "/fr/posts/two/")}
    prev = inherited.html("/fr/posts/two/").xpath("//div[@class='series-nav']/a")
    assert {(a.get("rel"), a.get("href")) for a in prev} == {("prev", "/fr/posts/one/")}
    assert not plain.exists("/fr/series/construire-un-blog/")
    assert not plain.exists("/fr/series/building-a-blog/")


def test_images_and_cover(inherited: Built, plain: Built) -> None:
    og = inherited.html("/fr/posts/one/").xpath("//meta[@property='og:image']/@content")
    # the social card made from the inherited image (docs/content.md#images)
    assert og == ["https://example.org/fr/posts/one/cover-social.jpg"]
    assert inherited.exists("/fr/posts/one/cover.png")
    assert inherited.exists("/fr/posts/one/cover-social.jpg")
    # the cover param reaches the page's params (here through the `param` shortcode)
    body = inherited.html("/fr/posts/one/").xpath("string(//main//p[starts-with(., 'Cover')])")
    assert body == "Cover: cover.png."
    plain_body = plain.html("/fr/posts/one/").xpath("string(//main//p[starts-with(., 'Cover')])")
    assert plain_body == "Cover: ."


def test_an_inherited_future_date_hides_the_translation(build_site: Callable[..., Built]) -> None:
    files = {
        "content/posts/later.md": page("Later", date="2999-01-01"),
        "content/posts/later.fr.md": page("Plus tard"),
    }
    site = build_site(files, config=CONFIG + INHERIT)
    assert not site.exists("/fr/posts/later/")
    assert build_site(files, config=CONFIG).exists("/fr/posts/later/")


def test_who_inherits_from_whom(build_site: Callable[..., Built]) -> None:
    """The original (the default language's version) never inherits from a translation; a
    page without a default-language version is inherited from its first language's."""
    files = {
        "content/posts/x.fr.md": page("X fr", date="2024-05-05", tags=["rouille"]),
        "content/posts/x.md": page("X"),
        "content/posts/y.fr.md": page("Y fr", date="2024-06-06", tags=["rouille"]),
        "content/posts/y.ja.md": page("Y ja"),
    }
    config = CONFIG.replace(
        "  fr: {name: Français, locale: fr_FR}\n",
        "  fr: {name: Français, locale: fr_FR}\n  ja: {name: 日本語, locale: ja_JP}\n",
    )
    site = build_site(files, config=config + INHERIT)
    assert post_date(site, "/posts/x/") is None
    assert not site.exists("/tags/rouille/")
    assert post_date(site, "/ja/posts/y/") == "2024-06-06T00:00:00+00:00"
    assert titles(site, "/ja/tags/rouille/") == ["Y ja"]


# -- config errors -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (
            "translations:\n  inherit: [date, author]\n",
            "blog.yaml:12: error: translations.inherit.1: 'author' cannot be inherited (one of: "
            "date, tags, categories, series, images, cover, weight)",
        ),
        (
            "translations:\n  inherit: [tag]\n",
            "blog.yaml:12: error: translations.inherit.0: 'tag' cannot be inherited (one of: "
            "date, tags, categories, series, images, cover, weight): did you mean tags?",
        ),
        (
            "translations:\n  inherit: date\n",
            "blog.yaml:12: error: translations.inherit: expected a list, got str 'date'",
        ),
        (
            "translations:\n  untranslated: hide\n",
            "blog.yaml:12: error: translations.untranslated: expected skip or show, got 'hide'",
        ),
    ],
)
def test_config_errors(build_site: Callable[..., Built], extra: str, message: str) -> None:
    site = build_site({}, config=CONFIG + extra, ok=False)
    assert message in site.result.stderr


def test_config_errors_per_language_and_taxonomies(build_site: Callable[..., Built]) -> None:
    config = CONFIG.replace(
        "  fr: {name: Français, locale: fr_FR}",
        "  fr:\n    translations: {untranslated: maybe}",
    )
    site = build_site({}, config=config, ok=False)
    assert (
        "blog.yaml:7: error: languages.fr.translations.untranslated: expected skip or show, "
        "got 'maybe'"
    ) in site.result.stderr
    config = CONFIG.replace("taxonomies: [tags, categories, series]", "taxonomies: [tags]")
    config = config.replace(
        "terms:\n  series:\n    Building a blog: {fr: Construire un blog}\n", ""
    )
    site = build_site({}, config=config + "translations:\n  inherit: [series]\n", ok=False)
    assert (
        "blog.yaml:9: error: translations.inherit.0: 'series' is not a taxonomy of this site "
        "(taxonomies: tags)"
    ) in site.result.stderr


def test_unknown_translations_key_is_a_warning(build_site: Callable[..., Built]) -> None:
    site = build_site({}, config=CONFIG + "translations:\n  inherits: [date]\n")
    assert "blog.yaml:12: warning: unknown key translations.inherits (ignored)" in (
        site.result.stderr
    )


# -- blog translations ---------------------------------------------------------------------------


def test_blog_translations_shows_inherited_values(tmp_path: Path) -> None:
    write_files(tmp_path, {"blog.yaml": CONFIG + INHERIT, **POSTS})
    table = run_cli(["translations", "--source", str(tmp_path)])
    assert table.exit_code == 0, table.output
    lines = table.stdout.splitlines()
    assert (
        "content/posts/one/index.fr.md inherits from content/posts/one/index.md: "
        "date: 2024-01-10T00:00:00+00:00; tags: python; categories: code; "
        "series: Construire un blog; series_order: 1; images: cover.png; cover: cover.png"
    ) in lines
    assert (
        "content/posts/two/index.fr.md inherits from content/posts/two/index.md: "
        "date: 2024-02-10T00:00:00+00:00; series: Construire un blog"
    ) in lines
    assert (
        "content/posts/three/index.fr.md inherits from content/posts/three/index.md: weight: 1"
    ) in lines
    data = json.loads(
        run_cli(["translations", "--source", str(tmp_path), "--format", "json"]).stdout
    )
    by_page = {p["page"]: p["translations"]["fr"]["inherited"] for p in data["pages"]}
    assert by_page["posts/one"] == {
        "date": "2024-01-10T00:00:00+00:00",
        "tags": ["python"],
        "categories": ["code"],
        "series": ["Construire un blog"],
        "series_order": 1,
        "images": ["cover.png"],
        "cover": "cover.png",
    }
    assert by_page["posts/three"] == {"weight": 1}
    # without `inherit`, nothing is inherited
    (tmp_path / "blog.yaml").write_text(CONFIG, encoding="utf-8")
    plain = run_cli(["translations", "--source", str(tmp_path)])
    assert "inherits" not in plain.stdout
    data = json.loads(
        run_cli(["translations", "--source", str(tmp_path), "--format", "json"]).stdout
    )
    assert all(p["translations"]["fr"]["inherited"] == {} for p in data["pages"])


# -- blog serve ------------------------------------------------------------------------------


def test_serve_keeps_inherited_values_after_edits(tmp_path: Path) -> None:
    """A body-only edit of a translation (the model is patched, not assembled again) keeps what
    it inherited; a change of the original's front matter reaches the translation."""
    site = tmp_path / "site"
    write_files(site, {"blog.yaml": CONFIG + INHERIT, **POSTS})
    options = BuildOptions(now=datetime(2026, 1, 1, tzinfo=UTC))
    session = Session(site, tmp_path / "served", options, jobs=1)
    session.full()

    def same_as_clean(label: str) -> None:
        clean = tmp_path / f"clean-{label}"
        build(
            BuildRequest(
                source=site, destination=clean, options=options, live_reload=True, cache=False
            )
        )
        assert snapshot(session.destination) == without_search(snapshot(clean)), label

    fr = site / "content/posts/one/index.fr.md"
    fr.write_text(fr.read_text(encoding="utf-8") + "\nEncore.\n", encoding="utf-8")
    report = session.update([fr])
    assert not report.full
    same_as_clean("body")
    en = site / "content/posts/one/index.md"
    en.write_text(en.read_text(encoding="utf-8").replace("[python]", "[rust]"), encoding="utf-8")
    session.update([en])
    same_as_clean("tags")
    assert (session.destination / "fr/tags/rust/index.html").is_file()
    assert not (session.destination / "fr/tags/python/index.html").exists()
