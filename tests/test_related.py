"""Related posts (`related:`): the pages of the same language sharing a page's series, tags and
categories, ranked by the weights of the shared terms, then newest, then by path; shown at the
end of a post by the default theme, and kept up to date by incremental rebuilds."""

from __future__ import annotations

import gc
import os
import random
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from polyblog.build import BuildRequest, build
from polyblog.config import load_config
from polyblog.engine import Session
from polyblog.errors import ConfigError
from polyblog.site import BuildOptions, Page, PageKind, TermRef
from polyblog.site.related import related_pages
from sitekit import Built, page, snapshot, without_search, write_files

CONFIG = """\
title: Related
base_url: https://example.org/
languages:
  en: {locale: en_US}
  fr: {locale: fr_FR}
"""


def post(title: str, date: str, **front: Any) -> str:
    return page(title, f"Body of {title}.\n", date=date, **front)


# P shares: with Q1 its series (100), with Q2 two tags (160), with Q3 a tag and a category
# (140), with Q4 a category (60); Q5 nothing
RANKED = {
    "content/posts/p.md": post("P", "2024-06-01", series=["S"], tags=["a", "b"], categories=["k"]),
    "content/posts/q1.md": post("Q1", "2024-01-01", series=["S"]),
    "content/posts/q2.md": post("Q2", "2024-01-02", tags=["a", "b"]),
    "content/posts/q3.md": post("Q3", "2024-01-03", tags=["a"], categories=["k"]),
    "content/posts/q4.md": post("Q4", "2024-01-04", categories=["k"]),
    "content/posts/q5.md": post("Q5", "2024-01-05", tags=["z"]),
}


def related_links(built: Built, url: str) -> list[str]:
    tree = built.html(url)
    return [str(a.get("href")) for a in tree.xpath("//aside[@class='related']//a")]


def test_ranked_by_the_weights_of_shared_terms(build_site: Callable[..., Built]) -> None:
    built = build_site(RANKED, config=CONFIG)
    assert related_links(built, "/posts/p/") == ["/posts/q2/", "/posts/q3/", "/posts/q1/"]
    aside = built.html("/posts/p/").xpath("//aside[@class='related']")[0]
    assert aside.xpath("string(h2)") == "Related posts"
    assert aside.get("aria-labelledby") == aside.xpath("h2")[0].get("id")
    times = aside.xpath(".//li/time")
    assert [t.get("datetime")[:10] for t in times] == ["2024-01-02", "2024-01-03", "2024-01-01"]
    assert times[0].text == "January 2, 2024"
    # the aside comes after the post's footer, at the end of the post's column
    post_column = built.html("/posts/p/").xpath(
        "//div[contains(concat(' ', @class, ' '), ' post ')]"
    )[0]
    children = [c.get("class") for c in post_column]
    assert children.index("related") > children.index("post-footer")
    # a page without any shared term has no related posts, and no heading
    assert related_links(built, "/posts/q5/") == []
    assert not built.html("/posts/q5/").xpath("//*[@class='related']")
    # never the page itself
    assert "/posts/q1/" not in related_links(built, "/posts/q1/")
    assert related_links(built, "/posts/q1/") == ["/posts/p/"]


def test_count(build_site: Callable[..., Built]) -> None:
    built = build_site(RANKED, config=CONFIG + "related: {count: 5}\n")
    assert related_links(built, "/posts/p/") == [
        "/posts/q2/",
        "/posts/q3/",
        "/posts/q1/",
        "/posts/q4/",
    ]
    built = build_site(RANKED, config=CONFIG + "related: {count: 1}\n")
    assert related_links(built, "/posts/p/") == ["/posts/q2/"]


def test_count_zero_turns_it_off(build_site: Callable[..., Built]) -> None:
    built = build_site(RANKED, config=CONFIG + "related:\n  count: 0\n")
    assert not built.html("/posts/p/").xpath("//*[@class='related']")


def test_own_weights(build_site: Callable[..., Built]) -> None:
    """`indices` replaces the defaults: here only categories count, then the series."""
    config = CONFIG + (
        "related:\n  count: 5\n  indices:\n"
        "    - {name: categories, weight: 50}\n    - {name: series, weight: 10}\n"
    )
    built = build_site(RANKED, config=config)
    # Q3 and Q4 share the category (50): Q4 is newer; then Q1 (series, 10)
    assert related_links(built, "/posts/p/") == ["/posts/q4/", "/posts/q3/", "/posts/q1/"]


def test_ties_newest_first_then_by_path(build_site: Callable[..., Built]) -> None:
    files = {
        "content/posts/me.md": post("Me", "2024-05-01", tags=["t"]),
        "content/posts/old.md": post("Old", "2024-01-01", tags=["t"]),
        "content/posts/new.md": post("New", "2024-04-01", tags=["t"]),
        "content/posts/b-same.md": post("B", "2024-02-01", tags=["t"]),
        "content/posts/a-same.md": post("A", "2024-02-01", tags=["t"]),
    }
    built = build_site(files, config=CONFIG + "related: {count: 4}\n")
    assert related_links(built, "/posts/me/") == [
        "/posts/new/",
        "/posts/a-same/",
        "/posts/b-same/",
        "/posts/old/",
    ]
    # the same input, built again: the same bytes
    again = build_site(files, config=CONFIG + "related: {count: 4}\n")
    assert (built.public / "posts/me/index.html").read_bytes() == (
        again.public / "posts/me/index.html"
    ).read_bytes()


def test_same_language_only_with_a_localized_heading(build_site: Callable[..., Built]) -> None:
    files = {
        "content/posts/one.md": post("One", "2024-01-01", tags=["shared"]),
        "content/posts/one.fr.md": post("Un", "2024-01-01", tags=["shared"]),
        "content/posts/two.fr.md": post("Deux", "2024-02-01", tags=["shared"]),
        "content/posts/solo.md": post("Solo", "2024-03-01", tags=["other"]),
    }
    built = build_site(files, config=CONFIG)
    # the English post shares its tag with French posts only: it has no related posts
    assert related_links(built, "/posts/one/") == []
    assert related_links(built, "/fr/posts/one/") == ["/fr/posts/two/"]
    assert related_links(built, "/fr/posts/two/") == ["/fr/posts/one/"]
    heading = built.html("/fr/posts/two/").xpath("//aside[@class='related']/h2")[0]
    assert heading.text == "Articles similaires"
    assert built.html("/fr/posts/two/").xpath("//aside[@class='related']//time")[0].text == (
        "1 janvier 2024"
    )


def test_drafts_and_future_posts_only_when_built(build_site: Callable[..., Built]) -> None:
    files = {
        "content/posts/me.md": post("Me", "2024-01-01", tags=["t"]),
        "content/posts/draft.md": post("Draft", "2024-02-01", tags=["t"], draft=True),
        "content/posts/later.md": post("Later", "2999-01-01", tags=["t"]),
    }
    built = build_site(files, config=CONFIG)
    assert related_links(built, "/posts/me/") == []
    built = build_site(files, "--drafts", "--future", config=CONFIG)
    assert related_links(built, "/posts/me/") == ["/posts/later/", "/posts/draft/"]


def test_include_newer_false_as_hugos_default(build_site: Callable[..., Built]) -> None:
    files = {
        "content/posts/first.md": post("First", "2024-01-01", tags=["t"]),
        "content/posts/second.md": post("Second", "2024-02-01", tags=["t"]),
        "content/posts/twin.md": post("Twin", "2024-02-01", tags=["t"]),
        "content/posts/third.md": post("Third", "2024-03-01", tags=["t"]),
    }
    built = build_site(files, config=CONFIG + "related: {include_newer: false}\n")
    assert related_links(built, "/posts/first/") == []
    # a page of the same date is not newer (Hugo: `PublishDate().After(...)`)
    assert related_links(built, "/posts/second/") == ["/posts/twin/", "/posts/first/"]
    assert related_links(built, "/posts/third/") == [
        "/posts/second/",
        "/posts/twin/",
        "/posts/first/",
    ]


def test_threshold_drops_weak_matches_as_hugo(build_site: Callable[..., Built]) -> None:
    """Hugo's rule: the average weight of the shared terms, normalised to 0-100 against the
    highest weight (series: 100), must reach threshold / number of shared terms. With 80, one
    category (60) is too weak, one tag (80) is enough, and two categories (avg 60 >= 40) too."""
    files = {
        **RANKED,
        "content/posts/q6.md": post("Q6", "2024-01-06", categories=["k", "m"]),
        "content/posts/p2.md": post("P2", "2024-06-02", categories=["k", "m"], tags=["a"]),
    }
    built = build_site(files, config=CONFIG + "related: {count: 10, threshold: 80}\n")
    links = related_links(built, "/posts/p/")
    assert "/posts/q4/" not in links  # one category only
    # P2 shares a tag and a category (140) like Q3, and is newer
    assert links == ["/posts/q2/", "/posts/p2/", "/posts/q3/", "/posts/q1/"]
    assert "/posts/q6/" in related_links(built, "/posts/p2/")  # two categories


@pytest.mark.parametrize(
    ("yaml", "message"),
    [
        ("related: {count: -1}", "related.count: must be 0 (no related posts) or more"),
        ("related: {threshold: 101}", "related.threshold: 101 is not from 0 to 100"),
        (
            "related: {indices: [{name: authors, weight: 3}]}",
            "related.indices.0.name: 'authors' is not a taxonomy of this site",
        ),
        ("related: {indices: [{weight: 3}]}", "related.indices.0: needs a name"),
        ("related: {count: yes}", "related.count: expected an integer, got True"),
    ],
)
def test_bad_values_name_the_key(tmp_path: Path, yaml: str, message: str) -> None:
    write_files(tmp_path, {"blog.yaml": CONFIG + yaml + "\n"})
    with pytest.raises(ConfigError) as info:
        load_config(tmp_path)
    assert message in str(info.value)
    assert info.value.pos is not None and info.value.pos.line == 6


def test_default_indices_follow_the_sites_taxonomies(tmp_path: Path) -> None:
    write_files(tmp_path, {"blog.yaml": CONFIG + "taxonomies: [tags, topics]\n"})
    related = load_config(tmp_path).related
    assert [(i.name, i.weight) for i in related.indices] == [("tags", 80)]
    assert (related.count, related.include_newer, related.threshold) == (3, True, 0)


# -- the inverted index against a brute-force reference --------------------------------------


def brute_force(pages: list[Page], weights: dict[str, int], count: int) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for me in pages:
        mine = {(r.taxonomy, r.key) for r in me.terms}
        scored = []
        for other in pages:
            if other is me or other.lang != me.lang:
                continue
            shared = mine & {(r.taxonomy, r.key) for r in other.terms}
            score = sum(weights[tax] for tax, _key in shared)
            if shared:
                assert other.date is not None
                scored.append((-score, -other.date.timestamp(), other.path, other.key))
        if scored:
            out[me.key] = [key for *_rank, key in sorted(scored)[:count]]
    return out


def test_the_index_ranks_as_comparing_every_pair(tmp_path: Path) -> None:
    write_files(tmp_path, {"blog.yaml": CONFIG + "related: {count: 4}\n"})
    config = load_config(tmp_path)
    rng = random.Random(13)
    start = datetime(2020, 1, 1, tzinfo=UTC)
    pages: list[Page] = []
    for n in range(300):
        lang = rng.choice(["en", "fr"])
        terms = [TermRef(taxonomy="tags", key=t, name=t) for t in rng.sample("abcdefghij", 3)]
        terms += [TermRef(taxonomy="categories", key=rng.choice("xyz"), name="c")]
        if rng.random() < 0.3:
            terms.append(TermRef(taxonomy="series", key=rng.choice("pq"), name="s"))
        pages.append(
            Page(
                kind=PageKind.PAGE,
                lang=lang,
                ident=f"posts/p{n}.md",
                path=f"/posts/p{n}/",
                title=f"P{n}",
                link_title=f"P{n}",
                section="posts",
                date=start + timedelta(days=rng.randrange(60)),  # many equal dates
                terms=tuple(terms),
            )
        )
    collecting = gc.isenabled()
    gc.collect()
    gc.disable()
    try:
        found = related_pages(config, {p.key: p for p in pages})
        # ranking a page leaves no reference cycle behind (a 10,000-post site would make
        # millions of objects for the cyclic collector)
        assert gc.collect() == 0
    finally:
        if collecting:
            gc.enable()
    weights = {"series": 100, "tags": 80, "categories": 60}
    assert {k: list(v) for k, v in found.items()} == brute_force(pages, weights, 4)


# -- incremental rebuilds ---------------------------------------------------------------------

NOW = datetime(2026, 1, 1, tzinfo=UTC)
OPTIONS = BuildOptions(now=NOW)


def rewrite(path: Path, text: str) -> None:
    """Write, making sure the file's stat changes even on a coarse clock."""
    before = path.stat().st_mtime_ns
    path.write_text(text, encoding="utf-8")
    if path.stat().st_mtime_ns == before:
        os.utime(path, ns=(before + 1_000_000, before + 1_000_000))


def test_a_tag_edit_updates_the_related_posts_of_other_pages(tmp_path: Path) -> None:
    site = tmp_path / "site"
    write_files(
        site,
        {
            "blog.yaml": CONFIG,
            "content/posts/a.md": post("A", "2024-01-01", tags=["x"]),
            "content/posts/b.md": post("B", "2024-02-01", tags=["y"]),
            "content/posts/c.md": post("C", "2024-03-01", tags=["z"]),
            "content/posts/d.md": post("D", "2024-04-01", tags=["w"]),
        },
    )
    session = Session(site, tmp_path / "served", OPTIONS, jobs=1)
    session.full()
    assert "related" not in (session.destination / "posts/a/index.html").read_text()
    edited = site / "content/posts/b.md"
    rewrite(edited, post("B", "2024-02-01", tags=["y", "x"]))
    report = session.update([edited])
    assert not report.full
    written = set(report.written)
    # A's related posts changed, so A was rendered again; D shares nothing and was not
    assert "posts/a/index.html" in written
    assert "posts/d/index.html" not in written
    html = (session.destination / "posts/a/index.html").read_text()
    assert 'href="/posts/b/"' in html and 'class="related"' in html
    clean = tmp_path / "clean"
    build(
        BuildRequest(
            source=site, destination=clean, options=OPTIONS, live_reload=True, jobs=1, cache=False
        )
    )
    assert snapshot(session.destination) == without_search(snapshot(clean))
    # a title edit reaches the pages that show the post as related
    rewrite(edited, post("B renamed", "2024-02-01", tags=["y", "x"]))
    report = session.update([edited])
    assert "posts/a/index.html" in report.written
    assert "B renamed" in (session.destination / "posts/a/index.html").read_text()
