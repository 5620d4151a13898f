"""The seedlike fixture site (tests/sites/seedlike, the oracle's smoke-test site as blog.yaml):
the Hugo facts its README lists, checked on our output."""

from __future__ import annotations

import pytest

from sitekit import Built, SiteFactory, hreflangs, switcher


@pytest.fixture(scope="module")
def seed(site_factory: SiteFactory) -> Built:
    return site_factory.fixture("seedlike")


def test_slug_changes_only_the_translation(seed: Built) -> None:
    assert seed.exists("/posts/hello-world/")
    assert seed.exists("/fr/posts/bonjour-le-monde/")
    links = hreflangs(seed.html("/posts/hello-world/"))
    assert links["fr-FR"] == "https://example.org/fr/posts/bonjour-le-monde/"
    assert switcher(seed.html("/fr/posts/bonjour-le-monde/"))["en"] == "/posts/hello-world/"


def test_bundle_resource_in_both_languages(seed: Built) -> None:
    assert seed.exists("/posts/hello-world/cover.svg")
    assert seed.exists("/fr/posts/bonjour-le-monde/cover.svg")


def test_draft_original_leaves_french_untranslated(seed: Built) -> None:
    assert not seed.exists("/posts/draft-post/")
    assert seed.exists("/fr/posts/draft-post/")
    assert set(hreflangs(seed.html("/fr/posts/draft-post/"))) <= {"fr-FR"}
    assert not seed.exists("/tags/wip/")
    assert not seed.exists("/categories/notes/")


def test_unicode_term_and_term_translations(seed: Built) -> None:
    assert (seed.public / "fr" / "tags" / "référencement" / "index.html").is_file()
    hrefs = seed.html("/fr/posts/bonjour-le-monde/").xpath('//a[@rel="tag"]/@href')
    assert "/fr/tags/r%C3%A9f%C3%A9rencement/" in hrefs
    assert hreflangs(seed.html("/tags/hugo/"))["fr-FR"] == "https://example.org/fr/tags/hugo/"


def test_pagers_and_aliases(seed: Built) -> None:
    assert seed.exists("/fr/posts/page/2/")
    assert seed.exists("/fr/page/2/")
    for alias in ("/old-hello/", "/posts/page/1/", "/en/"):
        assert seed.html(alias).xpath('//meta[@http-equiv="refresh"]'), alias
