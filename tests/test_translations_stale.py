"""The stale report in words: which original changed, when (against when the translation was
pinned or last changed) and what changed, from a real temporary git history (commit dates set
through GIT_*_DATE); and what is said without the earlier text or without git."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from polyblog.translations import translation_report
from polyblog.translations.textdiff import PageText, blocks, compare
from sitekit import MULTI_CONFIG, run_cli, write_files

needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

ORIGINAL = "content/posts/x/index.md"
FR = "content/posts/x/index.fr.md"
V1 = "---\ntitle: Hello\ntags: [python]\n---\nFirst paragraph.\n\nSecond paragraph.\n\nThird.\n"
V2 = (
    "---\ntitle: Hello world\ntags: [python, rust]\n---\nFirst paragraph, edited.\n\n"
    "Second paragraph.\n\nThird, edited.\n\nA new one.\n"
)


def git(root: Path, *args: str, when: str | None = None) -> None:
    env = dict(os.environ)
    if when is not None:
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = when
    subprocess.run(["git", "-C", str(root), *args], check=True, env=env, capture_output=True)


def commit(root: Path, day: str) -> None:
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", day, when=f"{day}T10:00:00+00:00")


def init(root: Path) -> None:
    git(root, "init", "-q")
    git(root, "config", "user.name", "Test")
    git(root, "config", "user.email", "test@example.org")
    git(root, "config", "commit.gpgsign", "false")


def write(root: Path, rel: str, text: str) -> None:
    write_files(root, {rel: text})


def translate(root: Path) -> None:
    outcome = run_cli(["new", "--source", str(root), "--translate", "posts/x", "--lang", "fr"])
    assert outcome.exit_code == 0, outcome.output


def fr_entry(root: Path) -> dict[str, Any]:
    outcome = run_cli(["translations", "--source", str(root), "--format", "json"])
    assert outcome.exit_code == 0, outcome.output
    page = next(p for p in json.loads(outcome.stdout)["pages"] if p["page"] == "posts/x")
    entry: dict[str, Any] = page["translations"]["fr"]
    return entry


@pytest.fixture
def pinned_site(tmp_path: Path) -> Path:
    """Original on 2026-11-10, pinned translation on 11-17, the original edited on 11-20 and
    11-22."""
    write_files(tmp_path, {"blog.yaml": MULTI_CONFIG, ORIGINAL: V1})
    init(tmp_path)
    commit(tmp_path, "2026-11-10")
    translate(tmp_path)
    commit(tmp_path, "2026-11-17")
    write(tmp_path, ORIGINAL, V2)
    commit(tmp_path, "2026-11-20")
    write(tmp_path, ORIGINAL, V2.replace("A new one.", "A new one!"))
    commit(tmp_path, "2026-11-22")
    return tmp_path


SENTENCE = (
    "content/posts/x/index.md changed on 2026-11-20 (3 days after this translation was pinned; "
    "1 more change since): title changed; 2 paragraphs edited, 1 added; tags: +rust"
)


@needs_git
def test_a_pinned_translation_says_which_original_changed_when_and_what(
    pinned_site: Path,
) -> None:
    entry = fr_entry(pinned_site)
    assert entry["status"] == "stale" and entry["method"] == "pin"
    assert entry["reason"] == SENTENCE
    change = entry["change"]
    assert change["original"] == ORIGINAL
    assert (change["changed"], change["days_after"], change["changes"]) == ("2026-11-20", 3, 2)
    assert change["translation"] == {
        "event": "pinned",
        "date": "2026-11-17",
        "at": "2026-11-17T10:00:00+00:00",
    }
    assert len(change["commit"]) == 40
    assert change["known"] is True
    assert change["diff"] == {
        "title": True,
        "description": False,
        "summary": False,
        "paragraphs": {"edited": 2, "added": 1, "removed": 0},
        "terms": {"tags": {"added": ["rust"], "removed": []}},
    }
    assert change["text"] == SENTENCE


@needs_git
def test_the_table_carries_the_sentence_and_re_pinning_clears_it(pinned_site: Path) -> None:
    outcome = run_cli(["translations", "--source", str(pinned_site)])
    lines = outcome.stdout.splitlines()
    assert lines[1].split() == ["posts/x", "original", "STALE", "(draft)", "missing"]
    assert lines[-1] == f"{FR} is stale: {SENTENCE}"
    assert outcome.stderr == ""
    run_cli(["translations", "--source", str(pinned_site), "--pin", FR])
    assert fr_entry(pinned_site)["change"] is None


@needs_git
def test_an_uncommitted_edit_is_dated_by_the_file_and_said_not_committed(
    pinned_site: Path,
) -> None:
    run_cli(["translations", "--source", str(pinned_site), "--pin", FR])
    commit(pinned_site, "2026-11-23")
    original = pinned_site / ORIGINAL
    original.write_text(original.read_text(encoding="utf-8") + "\nOne more.\n", encoding="utf-8")
    os.utime(original, (1_796_000_000, 1_796_000_000))  # 2026-11-30 (UTC)
    change = fr_entry(pinned_site)["change"]
    assert change["text"] == (
        "content/posts/x/index.md changed on 2026-11-30, not committed (7 days after this "
        "translation was pinned): 1 paragraph added"
    )
    assert change["commit"] is None


@needs_git
def test_a_pin_whose_text_is_not_in_the_history_says_what_is_known(pinned_site: Path) -> None:
    fr = pinned_site / FR
    text = fr.read_text(encoding="utf-8")
    fr.write_text(
        "\n".join(
            "translation_of: ffffffffffff" if line.startswith("translation_of:") else line
            for line in text.split("\n")
        ),
        encoding="utf-8",
    )
    commit(pinned_site, "2026-11-25")
    change = fr_entry(pinned_site)["change"]
    assert change["text"] == (
        "content/posts/x/index.md changed since this translation was pinned (last on "
        "2026-11-22): no version of it in the git history has the pinned text (ffffffffffff), "
        "so what changed is unknown"
    )
    assert (change["known"], change["diff"]) == (False, None)


@needs_git
def test_without_a_pin_the_history_gives_the_earlier_text(tmp_path: Path) -> None:
    write_files(
        tmp_path, {"blog.yaml": MULTI_CONFIG, ORIGINAL: V1, FR: V1.replace("Hello", "Salut")}
    )
    init(tmp_path)
    commit(tmp_path, "2024-01-01")
    write(tmp_path, ORIGINAL, V1.replace("[python]", "[python, rust]"))
    commit(tmp_path, "2024-01-05")
    entry = fr_entry(tmp_path)
    assert entry["method"] == "git"
    assert entry["reason"] == (
        "content/posts/x/index.md changed on 2024-01-05 (4 days after this translation was last "
        "changed): the text did not change, only front matter; tags: +rust"
    )
    assert entry["change"]["translation"]["event"] == "changed"


@needs_git
def test_a_site_in_a_subfolder_of_the_repository_reads_its_history(tmp_path: Path) -> None:
    site = tmp_path / "blog"
    write_files(site, {"blog.yaml": MULTI_CONFIG, ORIGINAL: "\ufeff" + V1.replace("\n", "\r\n")})
    init(tmp_path)
    commit(tmp_path, "2024-02-01")
    translate(site)
    commit(tmp_path, "2024-02-02")
    write(site, ORIGINAL, V1.replace("Third.", "Third, longer."))
    commit(tmp_path, "2024-02-03")
    assert fr_entry(site)["reason"] == (
        "content/posts/x/index.md changed on 2024-02-03 (1 day after this translation was "
        "pinned): 1 paragraph edited"
    )


def test_without_git_the_file_times_are_all_that_is_known(tmp_path: Path) -> None:
    write_files(tmp_path, {"blog.yaml": MULTI_CONFIG, ORIGINAL: V1, FR: V1})
    os.utime(tmp_path / FR, (1_700_000_000, 1_700_000_000))  # 2023-11-14
    os.utime(tmp_path / ORIGINAL, (1_700_500_000, 1_700_500_000))  # 2023-11-20
    report = translation_report(tmp_path)
    if report.method == "git":  # the temporary folder is inside a repository
        pytest.skip("tmp_path is inside a git repository")
    (page,) = report.pages
    (fr,) = page.translations
    assert fr.reason == (
        "content/posts/x/index.md was modified on 2023-11-20 (6 days after this translation was "
        "last changed): without git history, what changed is unknown"
    )
    assert fr.change is not None and fr.change.diff is None


def test_blocks_keep_a_fenced_code_block_whole() -> None:
    body = "Intro.\n\n```python\na = 1\n\nb = 2\n```\n\nEnd\nof it.\n"
    assert blocks(body) == ["Intro.", "```python\na = 1\n\nb = 2\n```", "End\nof it."]


@pytest.mark.parametrize(
    ("old", "new", "words"),
    [
        ("A.\n\nB.\n\nC.\n", "A.\n\nC.\n", "1 paragraph removed"),
        ("A.\n\nB.\n", "A!\n\nB!\n\nC.\n\nD.\n", "2 paragraphs edited, 2 added"),
        ("A.\n", "A.\n", "the text did not change, only front matter"),
    ],
)
def test_paragraph_counts_in_words(old: str, new: str, words: str) -> None:
    def text(body: str) -> PageText:
        return PageText(title="T", description="", summary="", body=body)

    assert compare(text(old), text(new)).words() == words


def test_term_changes_and_other_fields_in_words() -> None:
    old = PageText(
        title="T", description="d", summary="", body="A.\n", terms=(("tags", ("go", "x")),)
    )
    new = PageText(
        title="T",
        description="e",
        summary="s",
        body="A.\n",
        terms=(("series", ("s1",)), ("tags", ("x", "rust"))),
    )
    assert compare(old, new).words() == (
        "description changed; summary changed; series: +s1; tags: +rust -go"
    )
