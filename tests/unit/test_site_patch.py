"""Incremental assembly (`site.patch.patch_site`): after front-matter edits of regular pages,
the patched model equals, page for page and in the same order, the model `build_site`
assembles from scratch; edits it cannot patch give None."""

from __future__ import annotations

import dataclasses
import os
import random
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

from polyblog.config import load_config
from polyblog.content import ReadCache, SourcePage, load_content
from polyblog.site import BuildOptions, Site, build_site
from polyblog.site.assemble import Memo
from polyblog.site.lookup import ref_index
from polyblog.site.patch import patch_site, patchable
from sitekit import write_files

NOW = datetime(2025, 6, 1, tzinfo=UTC)
OPTIONS = BuildOptions(now=NOW)
CONFIG = """\
base_url: https://example.org/
default_language: en
languages:
  en: {}
  fr: {}
  de: {}
taxonomies: [tags, categories, series]
pagination:
  page_size: 2
"""
TAGS = ["python", "Python", "web", "go", "rust", "notes", "a b", "Web"]
CATEGORIES = ["tutorial", "opinion", "news"]


def post(i: int, rng: random.Random, lang: str = "") -> str:
    tags = rng.sample(TAGS, k=rng.randint(0, 3))
    lines = [
        "---",
        f'title: "Post {i}{lang}"',
        f"date: 2024-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}",
        f"tags: {tags}",
        f"categories: [{rng.choice(CATEGORIES)}]",
    ]
    if rng.random() < 0.3:
        lines.append(f"series: [{rng.choice(['s1', 's2'])}]")
        lines.append(f"series_order: {rng.randint(1, 4)}")
    if rng.random() < 0.2:
        lines.append(f"lastmod: 2025-0{rng.randint(1, 5)}-01")
    lines += ["---", f"Body {i}.", ""]
    return "\n".join(lines)


def site_files(rng: random.Random) -> dict[str, str]:
    files = {
        "blog.yaml": CONFIG,
        "content/posts/_index.md": "---\ntitle: Posts\n---\n",
        "content/posts/deep/_index.md": "---\ntitle: Deep\ndate: 2023-01-01\n---\n",
        "content/notes/_index.md": "---\ntitle: Notes\n---\n",
        "content/tags/python/_index.md": "---\ntitle: The Python tag\n---\n",
        "content/tags/go/_index.fr.md": "---\ntitle: Go\n---\n",
        "content/tags/rust/_index.md": "---\ntitle: Rust\ndraft: true\n---\n",
        # redirects that a new term page or pager can take the place of (warnings)
        "content/about.md": (
            "---\ntitle: About\naliases: [/about-me/, /tags/fresh-1/, /tags/web/page/2/]\n"
            "---\nAbout.\n"
        ),
    }
    for i in range(14):
        folder = ["posts", "posts/deep", "notes"][i % 3]
        files[f"content/{folder}/p{i}/index.md"] = post(i, rng)
        for lang in ("fr", "de"):
            if rng.random() < 0.6:
                files[f"content/{folder}/p{i}/index.{lang}.md"] = post(i, rng, lang)
    return files


def edit(text: str, rng: random.Random, step: int) -> str:
    kind = rng.choice(
        ["add-tag", "new-tag", "drop-tags", "category", "series", "title", "date", "weight",
         "lastmod", "summary", "draft", "slug"]
    )  # fmt: skip
    if kind == "add-tag":
        return re.sub(r"(?m)^tags: \[", f"tags: ['{rng.choice(TAGS)}', ", text, count=1)
    if kind == "new-tag":
        return re.sub(r"(?m)^tags: \[", f"tags: ['fresh {step % 4}', ", text, count=1)
    if kind == "drop-tags":
        return re.sub(r"(?m)^tags: .*$", "tags: []", text, count=1)
    if kind == "category":
        return re.sub(r"(?m)^categories: .*$", f"categories: [{rng.choice(CATEGORIES)}]", text)
    if kind == "series":
        if "series:" in text:
            return re.sub(r"(?m)^series_order: .*$", f"series_order: {rng.randint(1, 5)}", text)
        return text.replace("---\n", "---\nseries: [s3]\n", 1)
    if kind == "title":
        return re.sub(r'(?m)^title: "', f'title: "{rng.choice("AZm")}', text, count=1)
    if kind == "date":
        return re.sub(r"(?m)^date: .*$", f"date: 2024-1{rng.randint(0, 2)}-0{step % 9 + 1}", text)
    if kind == "weight":
        return text.replace("---\n", f"---\nweight: {rng.randint(1, 3)}\n", 1)
    if kind == "lastmod":
        return text.replace("---\n", f"---\nlastmod: 2025-05-{step % 20 + 10}\n", 1)
    if kind == "summary":
        return text.replace("---\n", f"---\nsummary: changed {step}\n", 1)
    if kind == "draft":
        return text.replace("---\n", "---\ndraft: true\n", 1)
    return text.replace("---\n", f"---\nslug: moved-{step}\n", 1)  # a new URL: not patched


def touch_write(path: Path, text: str) -> None:
    before = path.stat().st_mtime_ns
    path.write_text(text, encoding="utf-8")
    if path.stat().st_mtime_ns == before:
        os.utime(path, ns=(before + 1_000_000, before + 1_000_000))


def same_model(got: Site, want: Site) -> None:
    assert list(got.pages) == list(want.pages)  # the same order
    for key, page in want.pages.items():
        assert got.pages[key] == page, key
    assert list(got.pagers.items()) == list(want.pagers.items())
    assert list(got.by_path.items()) == list(want.by_path.items())
    assert got.by_logical == want.by_logical
    assert list(got.series_parts.items()) == list(want.series_parts.items())
    assert got.aliases == want.aliases
    assert got.main_sections == want.main_sections
    assert list(got.related.items()) == list(want.related.items())
    assert got.warnings == want.warnings
    compared = {"config", "pages", "pagers", "by_path", "by_logical", "series_parts", "aliases"}
    compared |= {"main_sections", "related", "warnings"}
    assert {f.name for f in dataclasses.fields(Site)} == compared  # a new field: compare it
    # the page lookups (`ref`, `article`): carried from the previous model's index
    assert ref_index(got).by_key == ref_index(want).by_key
    assert ref_index(got).by_name == ref_index(want).by_name


def load(root: Path, cache: ReadCache) -> tuple[SourcePage, ...]:
    content = load_content(load_config(root), cache)
    assert not content.errors, [str(e) for e in content.errors]
    return content.pages


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_patched_model_equals_a_full_assembly(tmp_path: Path, seed: int) -> None:
    rng = random.Random(seed)
    root = tmp_path / "site"
    write_files(root, site_files(rng))
    config = load_config(root)
    assert patchable(config)
    cache: ReadCache = {}
    memo: Memo = {}
    sources = load(root, cache)
    site = build_site(config, sources, OPTIONS, memo)
    posts = sorted((root / "content").rglob("p*/index*.md"))
    patched = 0
    for step in range(40):
        batch = rng.sample(posts, k=rng.choice([1, 1, 1, 2]))
        for path in batch:
            touch_write(path, edit(path.read_text(encoding="utf-8"), rng, step))
        new = load(root, cache)
        assert sum(a is not b for a, b in zip(sources, new, strict=True)) == len(batch)
        got = patch_site(site, sources, new, OPTIONS, memo)
        want = build_site(config, new, OPTIONS, {})
        if got is not None:
            patched += 1
            same_model(got, want)
        site = got or build_site(config, new, OPTIONS, memo)
        sources = new
    assert patched >= 20, patched  # most edits are patched


def test_edits_it_cannot_patch(tmp_path: Path) -> None:
    rng = random.Random(5)
    root = tmp_path / "site"
    write_files(root, site_files(rng))
    config = load_config(root)
    cache: ReadCache = {}
    sources = load(root, cache)
    site = build_site(config, sources, OPTIONS, {})
    path = root / "content/posts/p0/index.md"
    text = path.read_text(encoding="utf-8")
    for changed in (
        text.replace("---\n", "---\nslug: elsewhere\n", 1),  # a new URL
        text.replace("---\n", "---\ndraft: true\n", 1),  # leaves the model
        text.replace("---\n", "---\naliases: [/old/]\n", 1),  # new redirects
        text.replace("---\n", "---\ntranslationKey: other\n", 1),  # another translation group
    ):
        touch_write(path, changed)
        new = load(root, cache)
        assert patch_site(site, sources, new, OPTIONS, {}) is None
    touch_write(path, text.replace("---\n", "---\nweight: 3\n", 1))
    new = load(root, cache)
    assert patch_site(site, sources, new, OPTIONS, {}) is not None


@pytest.mark.parametrize(
    "extra",
    [
        "translations:\n  untranslated: show\n",
        "translations:\n  inherit: [tags]\n",
        "disable_kinds: [taxonomy]\n",
    ],
)
def test_sites_it_never_patches(tmp_path: Path, extra: str) -> None:
    write_files(tmp_path, {"blog.yaml": CONFIG + extra})
    assert not patchable(load_config(tmp_path))
