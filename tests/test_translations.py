"""`blog translations`: present, missing and stale translations, by a pinned content hash, by a
real temporary git history (commit dates set through GIT_*_DATE), or by file times."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from polyblog.config import load_config
from polyblog.content import load_content
from polyblog.translations import content_hash, translation_report
from sitekit import MULTI_CONFIG, page, run_cli, write_files

needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

FILES = {
    "blog.yaml": MULTI_CONFIG,
    "content/posts/a/index.md": page("A", "The original text.\n"),
    "content/posts/a/index.fr.md": page("A fr", "Le texte traduit.\n"),
    "content/posts/b.md": page("B", "Only in English.\n"),
    "content/posts/c.fr.md": page("C", "Seulement en français.\n"),
    "content/about.md": page("About", "Us.\n", translationKey="about"),
    "content/a-propos.fr.md": page("À propos", "Nous.\n", translationKey="about"),
}


def git(root: Path, *args: str, when: str | None = None) -> None:
    env = dict(os.environ)
    if when is not None:
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = when
    subprocess.run(["git", "-C", str(root), *args], check=True, env=env, capture_output=True)


def init_repo(root: Path) -> None:
    git(root, "init", "-q")
    git(root, "config", "user.name", "Test")
    git(root, "config", "user.email", "test@example.org")
    git(root, "config", "commit.gpgsign", "false")


def commit(root: Path, message: str, when: str, *paths: str) -> None:
    git(root, "add", *(paths or ["-A"]))
    git(root, "commit", "-q", "-m", message, when=when)


def status_json(root: Path, *args: str) -> tuple[int, dict[str, Any]]:
    outcome = run_cli(["translations", "--source", str(root), "--format", "json", *args])
    assert outcome.exception is None, outcome.output
    return outcome.exit_code, json.loads(outcome.stdout)


def by_page(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {p["page"]: p for p in data["pages"]}


def test_present_and_missing_languages(tmp_path: Path) -> None:
    write_files(tmp_path, FILES)
    code, data = status_json(tmp_path)
    assert code == 0
    pages = by_page(data)
    assert set(pages) == {"posts/a", "posts/b", "posts/c", "about"}
    assert pages["posts/a"]["original"]["lang"] == "en"
    assert list(pages["posts/a"]["translations"]) == ["fr"]
    assert pages["posts/a"]["missing"] == ["ja"]
    assert pages["posts/b"]["missing"] == ["fr", "ja"]
    assert pages["posts/c"]["original"]["lang"] == "fr"  # no English version: French is it
    assert pages["posts/c"]["missing"] == ["en", "ja"]
    assert pages["about"]["translations"]["fr"]["path"] == "content/a-propos.fr.md"
    assert data["summary"] == {"pages": 4, "missing": 6, "stale": 0}
    code, _ = status_json(tmp_path, "--fail-on", "missing")
    assert code == 1


def test_one_language_and_the_table(tmp_path: Path) -> None:
    write_files(tmp_path, FILES)
    _, data = status_json(tmp_path, "--lang", "ja")
    assert data["languages"] == ["ja"]
    assert all(p["missing"] == ["ja"] for p in data["pages"])
    outcome = run_cli(["translations", "--source", str(tmp_path)])
    rows = [line.split() for line in outcome.stdout.splitlines()]
    assert rows[0] == ["page", "en", "fr", "ja"]
    table = {row[0]: row[1:] for row in rows[1:-1]}
    assert table["posts/a"] == ["original", "ok", "missing"]
    assert table["posts/c"] == ["missing", "original", "missing"]
    bad = run_cli(["translations", "--source", str(tmp_path), "--lang", "xx"])
    bad.assert_clean_failure()


@needs_git
def test_git_history_with_an_edited_original_reports_the_translation_stale(
    tmp_path: Path,
) -> None:
    write_files(tmp_path, FILES)
    init_repo(tmp_path)
    commit(tmp_path, "original", "2024-01-01T10:00:00+00:00")
    fr = tmp_path / "content/posts/a/index.fr.md"
    fr.write_text(page("A fr", "Le texte traduit, relu.\n"), encoding="utf-8")
    commit(tmp_path, "translation", "2024-01-02T10:00:00+00:00")
    code, data = status_json(tmp_path, "--fail-on", "stale")
    assert code == 0 and data["method"] == "git"
    assert by_page(data)["posts/a"]["stale"] == []

    original = tmp_path / "content/posts/a/index.md"
    original.write_text(page("A", "The original text, now longer.\n"), encoding="utf-8")
    commit(tmp_path, "edit the original", "2024-01-03T10:00:00+00:00")
    code, data = status_json(tmp_path, "--fail-on", "stale")
    assert code == 1
    entry = by_page(data)["posts/a"]["translations"]["fr"]
    assert entry["status"] == "stale" and entry["method"] == "git"
    assert entry["reason"].startswith("content/posts/a/index.md changed on 2024-01-03")
    assert by_page(data)["about"]["stale"] == []


@needs_git
def test_git_order_not_clock_decides_within_one_second(tmp_path: Path) -> None:
    write_files(tmp_path, FILES)
    init_repo(tmp_path)
    same = "2024-01-01T10:00:00+00:00"
    commit(tmp_path, "all", same)
    (tmp_path / "content/posts/a/index.md").write_text(page("A", "Edited.\n"), encoding="utf-8")
    commit(tmp_path, "edit", same)
    assert by_page(status_json(tmp_path)[1])["posts/a"]["stale"] == ["fr"]


@needs_git
def test_worktree_changes_count_as_newest(tmp_path: Path) -> None:
    write_files(tmp_path, FILES)
    init_repo(tmp_path)
    commit(tmp_path, "all", "2024-01-01T10:00:00+00:00")
    # an uncommitted new translation is newer than its committed original
    (tmp_path / "content/posts/b.fr.md").write_text(page("B fr", "Neuf.\n"), encoding="utf-8")
    pages = by_page(status_json(tmp_path)[1])
    assert pages["posts/b"]["translations"]["fr"]["status"] == "ok"
    # an uncommitted edit of an original makes its committed translation stale
    (tmp_path / "content/posts/a/index.md").write_text(page("A", "Draft edit.\n"), "utf-8")
    entry = by_page(status_json(tmp_path)[1])["posts/a"]["translations"]["fr"]
    assert entry["status"] == "stale" and "not committed" in entry["reason"]


def test_without_git_file_times_decide(tmp_path: Path) -> None:
    write_files(tmp_path, FILES)
    original = tmp_path / "content/posts/a/index.md"
    translation = tmp_path / "content/posts/a/index.fr.md"
    os.utime(original, (1_000_000, 1_000_000))
    os.utime(translation, (2_000_000, 2_000_000))
    report = translation_report(tmp_path)
    assert report.method == "mtime"
    assert {s.page: s.stale for s in report.pages}["posts/a"] == ()
    os.utime(original, (3_000_000, 3_000_000))
    assert {s.page: s.stale for s in translation_report(tmp_path).pages}["posts/a"] == ("fr",)


def test_pinned_hash_is_exact_whatever_the_times(tmp_path: Path) -> None:
    write_files(tmp_path, FILES)
    config = load_config(tmp_path)
    original = next(p for p in load_content(config).pages if p.path == "content/posts/a/index.md")
    pin = content_hash(original)
    translation = tmp_path / "content/posts/a/index.fr.md"
    translation.write_text(page("A fr", "Texte.\n", translation_of=pin), encoding="utf-8")
    os.utime(translation, (1_000_000, 1_000_000))  # older than the original: the pin wins
    _, data = status_json(tmp_path)
    entry = by_page(data)["posts/a"]["translations"]["fr"]
    assert (entry["status"], entry["method"], entry["pinned"]) == ("ok", "pin", pin)
    assert by_page(data)["posts/a"]["original"]["hash"] == pin
    # front matter other than the text (dates, tags, draft) does not change the hash
    orig_file = tmp_path / "content/posts/a/index.md"
    orig_file.write_text(page("A", "The original text.\n", tags=["x"]), encoding="utf-8")
    assert by_page(status_json(tmp_path)[1])["posts/a"]["stale"] == []
    orig_file.write_text(page("A", "The original text, changed.\n"), encoding="utf-8")
    entry = by_page(status_json(tmp_path)[1])["posts/a"]["translations"]["fr"]
    assert entry["status"] == "stale" and entry["pinned"] == pin
    assert "changed since this translation was pinned" in entry["reason"]
