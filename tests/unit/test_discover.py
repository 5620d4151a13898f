"""Content discovery: bundles, resources, sections, languages by suffix and by folder, errors."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from polyblog.config import load_config
from polyblog.content import ContentResult, ReadCache, SourcePage, discover, load_content
from polyblog.content.model import SourceKind
from polyblog.errors import ContentError
from sitekit import page, write_files

BASE = "base_url: https://example.org/\n"
TWO_LANGS = BASE + "languages:\n  en: {}\n  fr: {}\n"


def load(root: Path, files: dict[str, str | bytes], config: str = TWO_LANGS) -> ContentResult:
    write_files(root, {"blog.yaml": config, **files})
    return load_content(load_config(root))


def by_path(result: ContentResult) -> dict[str, SourcePage]:
    assert not result.errors, [str(e) for e in result.errors]
    return {p.path: p for p in result.pages}


def test_leaf_bundle_single_file_and_sections(tmp_path: Path) -> None:
    pages = by_path(
        load(
            tmp_path,
            {
                "content/_index.md": page("Home"),
                "content/posts/_index.md": page("All posts"),
                "content/posts/bundle/index.md": page("Bundle"),
                "content/posts/bundle/photo.jpg": b"\xff\xd8jpeg",
                "content/posts/bundle/thumbnails/a.webp": b"RIFF",
                "content/posts/bundle/data/nested/deep.txt": "deep",
                "content/posts/single.md": page("Single"),
                "content/about.md": page("About"),
            },
        )
    )
    assert set(pages) == {
        "content/_index.md",
        "content/posts/_index.md",
        "content/posts/bundle/index.md",
        "content/posts/single.md",
        "content/about.md",
    }
    home = pages["content/_index.md"]
    assert home.kind is SourceKind.HOME
    assert pages["content/posts/_index.md"].kind is SourceKind.SECTION
    bundle = pages["content/posts/bundle/index.md"]
    assert bundle.kind is SourceKind.PAGE and bundle.is_leaf_bundle
    assert bundle.bundle_dir == "posts/bundle"
    assert set(bundle.resource_names) == {"photo.jpg", "thumbnails/a.webp", "data/nested/deep.txt"}
    assert set(bundle.resources) == {
        "content/posts/bundle/photo.jpg",
        "content/posts/bundle/thumbnails/a.webp",
        "content/posts/bundle/data/nested/deep.txt",
    }
    single = pages["content/posts/single.md"]
    assert single.kind is SourceKind.PAGE and not single.is_leaf_bundle
    assert single.bundle_dir == "posts/single"
    assert single.resources == ()
    assert pages["content/about.md"].bundle_dir == "about"


def test_markdown_inside_a_leaf_bundle_is_not_a_page(tmp_path: Path) -> None:
    pages = by_path(
        load(
            tmp_path,
            {
                "content/posts/b/index.md": page("B"),
                "content/posts/b/notes.md": page("Notes"),
                "content/posts/b/sub/other.md": page("Other"),
            },
        )
    )
    assert set(pages) == {"content/posts/b/index.md"}


def test_language_by_suffix(tmp_path: Path) -> None:
    pages = by_path(
        load(
            tmp_path,
            {
                "content/posts/x/index.md": page("X"),
                "content/posts/x/index.fr.md": page("X fr"),
                "content/posts/y.md": page("Y"),
                "content/posts/y.fr.md": page("Y fr"),
                "content/posts/_index.fr.md": page("Articles"),
                "content/posts/v1.2.md": page("Version"),  # a dot that is not a language
                "content/posts/notes.de.md": page("Unknown language suffix"),
            },
        )
    )
    assert pages["content/posts/x/index.md"].lang == "en"
    x_fr = pages["content/posts/x/index.fr.md"]
    assert x_fr.lang == "fr"
    assert x_fr.logical == pages["content/posts/x/index.md"].logical == "posts/x/index.md"
    assert x_fr.bundle_dir == "posts/x"
    assert pages["content/posts/y.fr.md"].lang == "fr"
    assert pages["content/posts/y.fr.md"].logical == "posts/y.md"
    assert pages["content/posts/_index.fr.md"].kind is SourceKind.SECTION
    assert pages["content/posts/v1.2.md"].lang == "en"
    # `de` is a language, just not one of this site's: skipped (see tests/test_hugo_rules.py)
    assert "content/posts/notes.de.md" not in pages


def test_bundle_resources_are_shared_by_every_language(tmp_path: Path) -> None:
    pages = by_path(
        load(
            tmp_path,
            {
                "content/posts/x/index.md": page("X"),
                "content/posts/x/index.fr.md": page("X fr"),
                "content/posts/x/featured.png": b"png",
            },
        )
    )
    for path in ("content/posts/x/index.md", "content/posts/x/index.fr.md"):
        assert pages[path].resource_names == ("featured.png",)


def test_language_by_content_folder(tmp_path: Path) -> None:
    config = (
        BASE
        + """\
languages:
  en: {}
  fr:
    content_dir: content.fr
  ja:
    content_dir: content/ja
"""
    )
    pages = by_path(
        load(
            tmp_path,
            {
                "content/posts/x/index.md": page("X"),
                "content.fr/posts/x/index.md": page("X fr"),
                "content/ja/posts/x/index.md": page("X ja"),
                "content/ja/_index.md": page("ホーム"),
            },
            config,
        )
    )
    assert pages["content/posts/x/index.md"].lang == "en"
    assert pages["content.fr/posts/x/index.md"].lang == "fr"
    ja = pages["content/ja/posts/x/index.md"]
    assert ja.lang == "ja"
    assert ja.logical == "posts/x/index.md"  # relative to its own content folder
    assert pages["content/ja/_index.md"].kind is SourceKind.HOME
    # the nested ja folder is not also read as English content
    assert all(p.lang == "ja" for p in pages.values() if p.path.startswith("content/ja/"))
    assert len(pages) == 4


def test_missing_language_folder_is_a_warning(tmp_path: Path) -> None:
    config = BASE + "languages:\n  en: {}\n  fr:\n    content_dir: content.fr\n"
    result = load(tmp_path, {"content/x.md": page("X")}, config)
    assert not result.errors
    assert any("content.fr" in w.message for w in result.warnings)


def test_hidden_and_backup_files_are_ignored(tmp_path: Path) -> None:
    pages = by_path(
        load(
            tmp_path,
            {
                "content/posts/x.md": page("X"),
                "content/posts/.hidden.md": page("Hidden"),
                "content/posts/x.md~": page("Backup"),
                "content/.drafts/y.md": page("Hidden folder"),
                "content/posts/#x.md#": page("Emacs"),
            },
        )
    )
    assert set(pages) == {"content/posts/x.md"}


def test_front_matter_fields(tmp_path: Path) -> None:
    pages = by_path(
        load(
            tmp_path,
            {
                "content/posts/x.md": """\
---
title: "Full"
summary: "Short"
description: "Desc"
date: 2024-03-05T10:00:00+01:00
lastmod: 2024-04-01
draft: true
tags: [Python, "Machine Learning"]
categories: Tech
series: ["My Series"]
series_order: 2
slug: custom
url: /custom/url/
aliases: [/old/, /older/]
weight: 5
translationKey: full-key
expiryDate: 2030-01-01
cover_alt: "A cover"
Custom_Param: 42
---
Body
"""
            },
        )
    )
    src = pages["content/posts/x.md"]
    assert src.title == "Full"
    assert src.summary == "Short"
    assert src.description == "Desc"
    assert src.date is not None and src.date.isoformat() == "2024-03-05T10:00:00+01:00"
    assert src.lastmod is not None and src.lastmod.date().isoformat() == "2024-04-01"
    assert src.draft is True
    assert src.terms["tags"] == ("Python", "Machine Learning")
    assert src.terms["categories"] == ("Tech",)
    assert src.terms["series"] == ("My Series",)
    assert src.series_order == 2
    assert src.slug == "custom"
    assert src.url == "/custom/url/"
    assert src.aliases == ("/old/", "/older/")
    assert src.weight == 5
    assert src.translation_key == "full-key"
    assert src.expiry_date is not None and src.expiry_date.year == 2030
    assert src.params["cover_alt"] == "A cover"
    assert src.params["Custom_Param"] == 42
    for known in ("title", "tags", "date", "slug", "translationKey", "series_order", "draft"):
        assert known not in src.params
    assert src.body == "Body\n"
    assert src.body_line == 21
    assert src.key_lines["slug"] == 12


@pytest.mark.parametrize(
    ("raw", "fmt"),
    [
        (b"\xef\xbb\xbf---\r\ntitle: BOM CRLF\r\ntags: [a]\r\n---\r\nBody\r\n", "yaml"),
        (b'\xef\xbb\xbf+++\r\ntitle = "BOM CRLF"\r\ntags = ["a"]\r\n+++\r\nBody\r\n', "toml"),
        (b'\xef\xbb\xbf{\r\n"title": "BOM CRLF",\r\n"tags": ["a"]\r\n}\r\nBody\r\n', "json"),
        (b"---\rtitle: BOM CRLF\rtags: [a]\r---\rBody\r", "yaml-cr"),
    ],
)
def test_formats_with_bom_and_crlf(tmp_path: Path, raw: bytes, fmt: str) -> None:
    pages = by_path(load(tmp_path, {"content/x.md": raw}))
    src = pages["content/x.md"]
    assert src.title == "BOM CRLF"
    assert src.terms["tags"] == ("a",)
    assert src.body == "Body\n"
    assert "\r" not in src.body


def test_errors_are_collected_from_every_file(tmp_path: Path) -> None:
    result = load(
        tmp_path,
        {
            "content/good.md": page("Good"),
            "content/a.md": "---\ntitle: [unclosed\n---\n",
            "content/b.md": b"---\ntitle: x\n---\n\x00\x01",
            "content/c.md": b"---\ntitle: x\n---\ncaf\xe9\n",
            "content/d.md": "---\ntitle: x\ndraft: perhaps\n---\n",
            "content/e.md": "---\ntitle: x\ntags: {a: 1}\n---\n",
            "content/f.md": "---\ntitle: x\nweight: heavy\n---\n",
            "content/g.md": "---\ntitle: x\n",
        },
    )
    assert [p.path for p in result.pages] == ["content/good.md"]
    errors = {e.pos.path: e for e in result.errors if e.pos}
    assert set(errors) == {f"content/{n}.md" for n in "abcdefg"}
    assert all(isinstance(e, ContentError) for e in result.errors)
    assert errors["content/c.md"].pos.line == 4
    assert errors["content/d.md"].pos.line == 3 and "draft" in errors["content/d.md"].message
    assert errors["content/e.md"].pos.line == 3 and "tags" in errors["content/e.md"].message
    assert errors["content/f.md"].pos.line == 3 and "weight" in errors["content/f.md"].message
    assert errors["content/g.md"].pos.line == 1


def test_front_matter_keys_are_case_insensitive(tmp_path: Path) -> None:
    pages = by_path(
        load(
            tmp_path,
            {
                "content/x.md": "---\nTitle: T\nTranslationKey: k\nDraft: true\nTags: [a]\n---\n",
            },
        )
    )
    src = pages["content/x.md"]
    assert (src.title, src.translation_key, src.draft) == ("T", "k", True)
    assert src.terms["tags"] == ("a",)


def test_scalar_tags_become_a_list(tmp_path: Path) -> None:
    pages = by_path(load(tmp_path, {"content/x.md": "---\ntitle: T\ntags: Solo\n---\n"}))
    assert pages["content/x.md"].terms["tags"] == ("Solo",)


def test_results_are_sorted_and_stable(tmp_path: Path) -> None:
    files = {f"content/posts/p{i}.md": page(f"P{i}") for i in (3, 1, 2)}
    files["content/posts/p1.fr.md"] = page("P1 fr")
    first = [p.path for p in load(tmp_path, files).pages]
    second = [p.path for p in load_content(load_config(tmp_path)).pages]
    assert first == second
    assert first == sorted(first)


def test_many_files_are_parsed_in_forked_readers_with_the_same_result(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With more than one job and PARALLEL_READS files or more, shares of the files are
    parsed in forked readers: the pages, the errors (in the files' order, at their lines) and
    the read cache are those of one process."""
    files: dict[str, str | bytes] = {}
    for n in range(discover.PARALLEL_READS + 30):
        lang = "" if n % 3 else ".fr"
        files[f"content/posts/p{n:03d}/index{lang}.md"] = (
            f"---\ntitle: Post {n}\ndate: 2024-01-{n % 28 + 1:02d}\ntags: [t{n % 7}]\n"
            f"series_order: {n}\nextra: {{n: {n}}}\n---\nBody {n}.\n"
        )
    files["content/posts/p007/index.md"] = "---\ntitle: [unclosed\n---\nBody\n"
    files["content/posts/p100/index.md"] = "---\ntitle: Bad date\ndate: 2024-02-30\n---\n"
    files["content/posts/p333/index.fr.md"] = b"---\ntitle: x\n---\n\xff\n"
    write_files(tmp_path, {"blog.yaml": TWO_LANGS, **files})
    config = load_config(tmp_path)
    shared: list[int] = []
    real = discover.fork_shares

    def counted(function: Any, shares: Any) -> list[Any]:
        shared.append(len(shares))
        return real(function, shares)

    monkeypatch.setattr(discover, "fork_shares", counted)
    serial_cache, forked_cache = ReadCache(), ReadCache()
    serial = load_content(config, serial_cache, jobs=1)
    assert shared == []
    forked = load_content(config, forked_cache, jobs=2)
    assert shared == [2]
    assert forked.pages == serial.pages
    assert len(forked.pages) == discover.PARALLEL_READS + 27
    assert [(e.message, e.pos) for e in forked.errors] == [
        (e.message, e.pos) for e in serial.errors
    ]
    assert [e.pos.path for e in forked.errors if e.pos] == [
        "content/posts/p007/index.md",
        "content/posts/p100/index.md",
        "content/posts/p333/index.fr.md",
    ]
    assert forked_cache == serial_cache
