"""Search (`polyblog.search`, `search:` in blog.yaml): the Pagefind index written into the output's
`pagefind/` after a successful build, one per language, of the titles and articles of regular
pages that are not drafts; the default theme's search button and dialog; `search: false`; a
failed index leaves the previous output as it was; `blog serve`'s refresh after an edit.

The index is read back from Pagefind's own files: `pagefind-entry.json` (languages and page
counts) and the fragments (gzip, `pagefind_dcd` then JSON: url, content, meta) of each page.
"""

from __future__ import annotations

import gzip
import json
import os
import shutil
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from polyblog import search
from polyblog.build import BuildRequest, build
from polyblog.config import load_config
from polyblog.engine import Session
from polyblog.errors import BlogError
from polyblog.site import BuildOptions
from sitekit import MULTI_CONFIG, Built, SiteFactory, page, snapshot, write_files

FILES: dict[str, str | bytes] = {
    "content/posts/cheese/index.md": page(
        "Cheese in Grenoble", "The market sells cheese and walnuts.\n", date="2024-01-02"
    ),
    "content/posts/cheese/index.fr.md": page(
        "Le fromage à Grenoble", "Le marché vend du fromage et des noix.\n", date="2024-01-02"
    ),
    "content/posts/cheese/index.ja.md": page(
        "東京の天気", "東京の天気は晴れです。市場でチーズを買いました。\n", date="2024-01-02"
    ),
    "content/posts/secret/index.md": page(
        "Secret plans", "Unreleased zeppelin roadmap.\n", date="2024-01-03", draft=True
    ),
    "content/posts/secret/index.fr.md": page(
        "Plans secrets", "La feuille de route du zeppelin.\n", date="2024-01-03", draft=True
    ),
    "content/about.md": page("About", "A blog about walnuts.\n"),
}
LANGS = {"en-us", "fr-fr", "ja-jp"}  # `<html lang>` of MULTI_CONFIG's locales, lower-cased
REGULAR = {"/posts/cheese/", "/fr/posts/cheese/", "/ja/posts/cheese/", "/about/"}


def entry(public: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((public / "pagefind" / "pagefind-entry.json").read_bytes())
    return data


def fragments(public: Path) -> dict[str, dict[str, Any]]:
    """URL -> what Pagefind keeps of the page (content, meta)."""
    out: dict[str, dict[str, Any]] = {}
    for path in sorted((public / "pagefind" / "fragment").iterdir()):
        raw = gzip.decompress(path.read_bytes())
        assert raw.startswith(b"pagefind_dcd"), path.name
        data = json.loads(raw[len(b"pagefind_dcd") :])
        out[data["url"]] = data
    return out


@pytest.fixture(scope="module")
def drafts(site_factory: SiteFactory) -> Built:
    """The site built with --drafts (as `blog serve` does): drafts are rendered, not indexed."""
    return site_factory.build(FILES, "--drafts", config=MULTI_CONFIG)


def test_one_index_per_language(drafts: Built) -> None:
    langs = entry(drafts.public)["languages"]
    assert set(langs) == LANGS
    assert {code: lang["page_count"] for code, lang in langs.items()} == {
        "en-us": 2,
        "fr-fr": 1,
        "ja-jp": 1,
    }
    assert list(langs) == sorted(langs)  # sorted: the same site gives the same bytes
    assert (drafts.public / "pagefind" / "pagefind.js").is_file()
    for code in ("en-us", "fr-fr"):  # stemming for these two; none for Japanese
        assert (drafts.public / "pagefind" / f"wasm.{code}.pagefind").is_file()


def test_only_titles_and_articles_of_regular_pages(drafts: Built) -> None:
    found = fragments(drafts.public)
    assert set(found) == REGULAR  # no home, section, taxonomy, term or 404 page
    french = found["/fr/posts/cheese/"]
    assert french["meta"]["title"] == "Le fromage à Grenoble"
    assert french["content"].strip() == "Le marché vend du fromage et des noix."
    # nothing of the header, menus, dates, terms or footer
    assert "Le Blog" not in french["content"]


def test_japanese_is_segmented(drafts: Built) -> None:
    """The extended binary splits Japanese into words (shown with zero-width spaces)."""
    content = fragments(drafts.public)["/ja/posts/cheese/"]["content"]
    words = [w for w in content.replace("。", "").split("\u200b") if w]
    assert "天気" in words and "東京" in words


def test_drafts_are_never_indexed(drafts: Built) -> None:
    tree = drafts.html("/posts/secret/")  # built with --drafts ...
    assert tree.xpath("//article[contains(@class, 'content')]")
    assert not tree.xpath("//*[@data-pagefind-body]")  # ... but not marked
    found = fragments(drafts.public)
    assert "/posts/secret/" not in found and "/fr/posts/secret/" not in found
    assert not any("zeppelin" in f["content"] for f in found.values())


def test_regular_page_is_marked(drafts: Built) -> None:
    tree = drafts.html("/fr/posts/cheese/")
    assert tree.xpath("//article[@data-pagefind-body]/p/text()") == [
        "Le marché vend du fromage et des noix."
    ]
    assert tree.xpath("//h1[@data-pagefind-meta='title']/text()") == ["Le fromage à Grenoble"]
    assert not drafts.html("/fr/").xpath("//*[@data-pagefind-body]")  # lists are not indexed


def test_search_button_and_dialog_in_the_page_language(drafts: Built) -> None:
    tree = drafts.html("/fr/")
    button = tree.xpath("//header//button[@data-search-open]")[0]
    assert button.get("hidden") is not None  # shown by the script: no search without it
    assert button.get("aria-keyshortcuts") == "/"
    assert button.xpath("string(.//*[@class='visually-hidden'])") == "Rechercher"
    dialog = tree.xpath("//dialog[@id='search-dialog']")[0]
    assert dialog.get("data-no-results") == "Aucun résultat pour « {query} »"
    assert dialog.get("data-results") == "Résultats : {number}"
    assert dialog.xpath("string(.//input[@type='search']/@placeholder)") == (
        "Rechercher dans ce blog"
    )
    assert tree.xpath("//script[contains(@src, 'search.js')]/@src") == ["/js/search.js"]
    ja = drafts.html("/ja/").xpath("//dialog[@id='search-dialog']")[0]
    assert ja.xpath("string(.//input/@placeholder)") == "このブログを検索"


def test_search_false_writes_no_index_and_no_dialog(build_site: Callable[..., Built]) -> None:
    for value in ("false", "{enabled: false}"):
        built = build_site(FILES, config=MULTI_CONFIG + f"search: {value}\n")
        assert not (built.public / "pagefind").exists(), value
        for url in ("/fr/", "/fr/posts/cheese/"):
            tree = built.html(url)
            assert not tree.xpath("//*[@data-search-open] | //dialog"), (value, url)
            assert not tree.xpath("//*[@data-pagefind-body or @data-pagefind-meta]")
            assert not tree.xpath("//script[contains(@src, 'search.js')]")


def test_search_key_errors(build_site: Callable[..., Built]) -> None:
    built = build_site({}, config="base_url: https://example.org/\nsearch: 3\n", ok=False)
    assert "blog.yaml:2: error: search: expected bool/dict, got int 3" in built.result.stderr
    built = build_site({}, config="base_url: https://example.org/\nsearch: {enable: true}\n")
    assert "blog.yaml:2: warning: unknown key search.enable (ignored)" in built.result.stderr


def test_sub_path_base_url(build_site: Callable[..., Built]) -> None:
    """Pagefind's URLs are paths in the output folder; the script makes them absolute from
    its own address, so the index is the same and the page points at /blog/js/search.js."""
    built = build_site(FILES, "--base-url", "https://example.org/blog/", config=MULTI_CONFIG)
    assert set(fragments(built.public)) == {"/posts/cheese/", "/fr/posts/cheese/",
                                            "/ja/posts/cheese/", "/about/"}  # fmt: skip
    tree = built.html("/fr/")
    assert tree.xpath("//script[contains(@src, 'search.js')]/@src") == ["/blog/js/search.js"]


def test_relative_urls(build_site: Callable[..., Built]) -> None:
    built = build_site(FILES, "--relative-urls", config=MULTI_CONFIG)
    assert set(fragments(built.public)) == REGULAR
    src = built.html("/fr/posts/cheese/").xpath("//script[contains(@src, 'search.js')]/@src")
    assert src == ["../../../js/search.js"]


def test_same_input_same_index(site_factory: SiteFactory, drafts: Built) -> None:
    again = site_factory.build(FILES, "--drafts", config=MULTI_CONFIG)
    first = {k: v for k, v in drafts.files().items() if k.startswith("pagefind/")}
    second = {k: v for k, v in again.files().items() if k.startswith("pagefind/")}
    assert first and first == second


def test_pagefind_folder_in_static_is_an_error(build_site: Callable[..., Built]) -> None:
    built = build_site({**FILES, "static/pagefind/note.txt": "mine"}, config=MULTI_CONFIG, ok=False)
    assert "search: the output already has pagefind/" in built.result.stderr


def test_failed_index_leaves_the_previous_output(
    build_site: Callable[..., Built], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    built = build_site(FILES, config=MULTI_CONFIG)
    before = built.files()
    assert any(rel.startswith("pagefind/") for rel in before)
    built.write({"content/posts/new.md": page("New", "Fresh text.\n", date="2024-02-01")})
    fails = tmp_path / "pagefind-fails"
    fails.write_text("#!/bin/sh\necho 'Error: disk on fire' >&2\nexit 3\n", encoding="utf-8")
    fails.chmod(0o755)
    monkeypatch.setattr(search, "binary", lambda: fails)
    again = built.rebuild(ok=False)
    assert "error: search: Pagefind failed: disk on fire" in again.result.stderr
    assert built.files() == before


def test_theme_that_marks_nothing_gets_no_index(build_site: Callable[..., Built]) -> None:
    """Without any data-pagefind-body Pagefind would index every page whole (lists, drafts):
    a theme without search gets no index instead, and no warning (nothing to fix)."""
    single = (
        '<!DOCTYPE html><html lang="{{ page.lang.hreflang }}">'
        "<body>{{ page.content }}</body></html>"
    )
    built = build_site({**FILES, "layouts/single.html": single}, config=MULTI_CONFIG)
    assert built.html("/posts/cheese/").xpath("//p/text()") == [
        "The market sells cheese and walnuts."
    ]
    assert not (built.public / "pagefind").exists()
    assert "warning" not in built.result.stderr


def test_pages_without_words_give_no_index(build_site: Callable[..., Built]) -> None:
    built = build_site({"content/empty.md": page("Empty", "")})
    assert not (built.public / "pagefind").exists()
    assert "warning" not in built.result.stderr


def test_serve_refresh_after_an_edit(site_factory: SiteFactory, tmp_path: Path) -> None:
    """`blog serve` calls `refresh_index` after each rebuild: the served folder then equals a
    clean build, index included, and an edit is found by the next search."""
    root = site_factory.new_root("serve-search")
    write_files(root, {**FILES, "blog.yaml": MULTI_CONFIG})
    options = BuildOptions(drafts=True, now=datetime(2026, 1, 1, tzinfo=UTC))
    session = Session(root, tmp_path / "served", options, jobs=1)
    served = session.destination
    report = session.full()
    assert report.site is not None
    search.refresh_index(served, report.site.config)
    assert "walnuts" in fragments(served)["/about/"]["content"]

    (root / "content/about.md").write_text(page("About", "A blog about hazelnuts.\n"), "utf-8")
    report = session.update([root / "content/about.md"])
    assert report.site is not None
    refreshed = search.refresh_index(served, report.site.config)
    assert refreshed.pages == 4  # en: the post and about; fr, ja: the post
    assert "hazelnuts" in fragments(served)["/about/"]["content"]
    assert not list(served.glob(".pagefind*"))  # no temporary folder left

    clean = tmp_path / "clean"
    build(
        BuildRequest(
            source=root, destination=clean, options=options, live_reload=True, jobs=1, cache=False
        )
    )
    mine = {k: v for k, v in snapshot(served).items() if k.startswith("pagefind/")}
    theirs = {k: v for k, v in snapshot(clean).items() if k.startswith("pagefind/")}
    assert mine == theirs


def test_a_stop_kills_a_pagefind_run_under_way(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`blog serve` refreshes the index in a background thread; when the server stops, the
    Pagefind run under way is killed and no other starts (none may write into the output after
    the server)."""
    import threading

    slow = tmp_path / "pagefind"
    slow.write_text("#!/bin/sh\nexec sleep 60\n")
    slow.chmod(0o755)
    monkeypatch.setattr(search, "binary", lambda: slow)
    out = tmp_path / "out"
    out.mkdir()
    (out / "index.html").write_text("<html><body data-pagefind-body>words</body></html>")
    write_files(tmp_path / "site", {"blog.yaml": "title: T\nbase_url: https://example.org/\n"})
    config = load_config(tmp_path / "site")
    assert config.search.enabled
    stop = search.Stop()
    failed: list[BlogError] = []

    def run() -> None:
        try:
            search.refresh_index(out, config, stop)
        except BlogError as exc:
            failed.append(exc)

    thread = threading.Thread(target=run)
    thread.start()
    deadline = time.monotonic() + 10
    while not stop.running and time.monotonic() < deadline:
        time.sleep(0.01)
    running = list(stop.running)
    assert len(running) == 1
    stop.stop()
    thread.join(5)
    assert not thread.is_alive()
    assert running[0].returncode is not None and running[0].returncode < 0  # killed
    assert failed and "Pagefind failed" in failed[0].message
    assert not (out / "pagefind").exists()
    with pytest.raises(BlogError, match="stopped"):  # and none starts after the stop
        search.refresh_index(out, config, stop)


def _scratch_dirs(tmp_path: Path) -> list[Path]:
    """Folders to write the same output into: on tmpfs, where the order files are made in is
    the order a folder walk meets them (on ext4 the walk order hashes the names), and here."""
    places = [tmp_path]
    shm = Path("/dev/shm")
    if shm.is_dir() and os.access(shm, os.W_OK):
        places.append(Path(tempfile.mkdtemp(prefix="polyblog-test-", dir=shm)))
    return places


def test_the_index_does_not_depend_on_the_order_pages_were_written(
    drafts: Built, tmp_path: Path
) -> None:
    """A build's workers write the pages in any order: the index must not follow it."""
    pages = sorted(
        p.relative_to(drafts.public)
        for p in drafts.public.rglob("*.html")
        if not p.relative_to(drafts.public).as_posix().startswith("pagefind/")
    )
    assert len(pages) > 10
    for place in _scratch_dirs(tmp_path):
        try:
            indexes = []
            for name, order in (("forward", pages), ("backward", pages[::-1])):
                out = place / name
                for rel in order:
                    (out / rel).parent.mkdir(parents=True, exist_ok=True)
                    (out / rel).write_bytes((drafts.public / rel).read_bytes())
                made = search.index_site(out)
                indexes.append({rel: (out / rel).read_bytes() for rel in made.files})
                assert not [p for p in out.iterdir() if p.name.startswith(".")]  # cleaned up
            assert indexes[0] == indexes[1]
            assert indexes[0] == {
                k: v for k, v in drafts.files().items() if k.startswith("pagefind/")
            }
        finally:
            if place != tmp_path:
                shutil.rmtree(place, ignore_errors=True)
