"""`blog new PATH --all-languages [--bundle]`: the page in the default language from its
archetype and, in every other language, a draft translation pinned to it (the pin `blog new
--translate` writes); existing files are reported and skipped, never overwritten."""

from __future__ import annotations

from pathlib import Path

from polyblog.config import load_config
from polyblog.content import load_content
from polyblog.content.model import SourcePage
from polyblog.translations import PIN_KEY, content_hash
from sitekit import MULTI_CONFIG, page, run_cli, write_files

FOLDERS_CONFIG = MULTI_CONFIG.replace(
    "    title: ブログ\n", "    title: ブログ\n    content_dir: content-ja\n"
)


def pages(root: Path) -> dict[str, SourcePage]:
    config = load_config(root)
    content = load_content(config)
    assert not content.errors, content.errors
    return {p.path: p for p in content.pages}


def new(root: Path, *args: str) -> tuple[int, str, str]:
    outcome = run_cli(["new", "--source", str(root), *args])
    assert outcome.exception is None, outcome.output
    return outcome.exit_code, outcome.stdout, outcome.stderr


def test_a_bundle_in_every_language_pinned_to_the_original(tmp_path: Path) -> None:
    write_files(tmp_path, {"blog.yaml": MULTI_CONFIG})
    code, out, _ = new(tmp_path, "posts/hello", "--all-languages", "--bundle")
    assert code == 0
    assert out.splitlines() == [
        "Created content/posts/hello/index.md from themes/default/archetypes/default.md",
        "Created content/posts/hello/index.fr.md (fr, pinned to content/posts/hello/index.md)",
        "Created content/posts/hello/index.ja.md (ja, pinned to content/posts/hello/index.md)",
    ]
    found = pages(tmp_path)
    original = found["content/posts/hello/index.md"]
    for lang in ("fr", "ja"):
        translation = found[f"content/posts/hello/index.{lang}.md"]
        assert translation.lang == lang and translation.draft
        assert translation.params[PIN_KEY] == content_hash(original)
        assert translation.title == original.title == "Hello"
    report = run_cli(["translations", "--source", str(tmp_path)])
    assert report.stdout.splitlines()[1].split() == [
        "posts/hello", "original", "ok", "(draft)", "ok", "(draft)",
    ]  # fmt: skip


def test_single_files_and_a_language_with_its_own_folder(tmp_path: Path) -> None:
    write_files(tmp_path, {"blog.yaml": FOLDERS_CONFIG})
    code, out, _ = new(tmp_path, "notes/idea", "--all-languages")
    assert code == 0
    assert [line.split()[1] for line in out.splitlines()] == [
        "content/notes/idea.md",
        "content/notes/idea.fr.md",
        "content-ja/notes/idea.md",
    ]
    assert pages(tmp_path)["content-ja/notes/idea.md"].lang == "ja"


def test_existing_files_are_skipped_and_reported(tmp_path: Path) -> None:
    french = page("Bonjour", "Déjà traduit.\n", translationKey="hello")
    write_files(
        tmp_path,
        {
            "blog.yaml": MULTI_CONFIG,
            "content/posts/hello.md": page("Hello", "Already written.\n", translationKey="hello"),
            "content/posts/bonjour.fr.md": french,  # its French version, by translationKey
        },
    )
    code, out, _ = new(tmp_path, "posts/hello", "--all-languages")
    assert code == 0
    assert out.splitlines() == [
        "Created content/posts/hello.ja.md (ja, pinned to content/posts/hello.md)",
        "Skipped content/posts/hello.md: it already exists (not overwritten)",
        "Skipped content/posts/bonjour.fr.md: it already exists (not overwritten)",
    ]
    assert (tmp_path / "content/posts/bonjour.fr.md").read_text(encoding="utf-8") == french
    assert not (tmp_path / "content/posts/hello.fr.md").exists()
    # the original's text is the translation's starting point
    assert "Already written." in (tmp_path / "content/posts/hello.ja.md").read_text("utf-8")
    # again: nothing left to create is a failure, with every file named
    code, out, err = new(tmp_path, "posts/hello", "--all-languages")
    assert code == 1
    assert len([line for line in out.splitlines() if line.startswith("Skipped")]) == 3
    assert "Nothing was created: every language already has this page." in err


def test_all_languages_with_lang_is_a_usage_error(tmp_path: Path) -> None:
    write_files(tmp_path, {"blog.yaml": MULTI_CONFIG})
    outcome = run_cli(["new", "--source", str(tmp_path), "x", "--all-languages", "--lang", "fr"])
    assert outcome.exit_code == 2
    assert "--all-languages makes every language" in outcome.stderr
    assert not (tmp_path / "content").exists()
