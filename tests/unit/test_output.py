"""The staging folder: writes stay inside it, commit swaps atomically, discard leaves no trace."""

from __future__ import annotations

from pathlib import Path

import pytest

from polyblog.errors import BlogError
from polyblog.output import Staging, check_destination
from sitekit import snapshot


def leftovers(parent: Path) -> list[str]:
    return sorted(p.name for p in parent.iterdir() if ".staging-" in p.name or ".old-" in p.name)


def test_commit_creates_destination(tmp_path: Path) -> None:
    dest = tmp_path / "public"
    staging = Staging(dest)
    assert staging.path.parent == tmp_path.resolve()
    assert staging.path.name.startswith(".public.staging-")
    staging.write("index.html", b"<html></html>")
    staging.write("fr/posts/x/index.html", b"fr")
    staging.commit()
    staging.discard()
    assert snapshot(dest) == {"index.html": b"<html></html>", "fr/posts/x/index.html": b"fr"}
    assert leftovers(tmp_path) == []


def test_commit_replaces_old_output_entirely(tmp_path: Path) -> None:
    dest = tmp_path / "public"
    (dest / "stale").mkdir(parents=True)
    (dest / "stale" / "old.html").write_text("old")
    (dest / "index.html").write_text("old index")
    staging = Staging(dest)
    staging.write("index.html", b"new")
    staging.commit()
    assert snapshot(dest) == {"index.html": b"new"}
    assert leftovers(tmp_path) == []


def test_commit_keeps_dot_files_of_old_output(tmp_path: Path) -> None:
    dest = tmp_path / "public"
    (dest / ".git").mkdir(parents=True)
    (dest / ".git" / "HEAD").write_text("ref")
    (dest / ".nojekyll").write_text("")
    staging = Staging(dest)
    staging.write("index.html", b"new")
    staging.commit()
    assert (dest / ".git" / "HEAD").read_text() == "ref"
    assert (dest / ".nojekyll").exists()


def test_discard_leaves_previous_output_untouched(tmp_path: Path) -> None:
    dest = tmp_path / "public"
    dest.mkdir()
    (dest / "index.html").write_bytes(b"previous")
    before = snapshot(dest)
    staging = Staging(dest)
    staging.write("index.html", b"half-built")
    staging.write("other.html", b"x")
    staging.discard()
    assert snapshot(dest) == before
    assert leftovers(tmp_path) == []


def test_copy(tmp_path: Path) -> None:
    src = tmp_path / "img.webp"
    src.write_bytes(b"RIFFdata")
    dest = tmp_path / "out"
    staging = Staging(dest)
    staging.copy(src, "posts/x/img.webp", origin="content/posts/x/img.webp")
    staging.commit()
    assert (dest / "posts/x/img.webp").read_bytes() == b"RIFFdata"
    assert staging.written == {"posts/x/img.webp": "content/posts/x/img.webp"}


@pytest.mark.parametrize(
    "rel",
    ["../escape.html", "a/../../escape.html", "/etc/passwd", "..", "a\\..\\b.html"],
)
def test_paths_that_escape_are_rejected(tmp_path: Path, rel: str) -> None:
    staging = Staging(tmp_path / "public")
    try:
        with pytest.raises(BlogError) as info:
            staging.write(rel, b"x", origin="content/evil.md")
        assert "destination" in info.value.message
        assert info.value.pos is not None and info.value.pos.path == "content/evil.md"
        assert not (tmp_path / "escape.html").exists()
    finally:
        staging.discard()


def test_overlong_file_name_is_a_clean_error(tmp_path: Path) -> None:
    staging = Staging(tmp_path / "public")
    try:
        with pytest.raises(BlogError):
            staging.write("posts/" + "x" * 300 + "/index.html", b"x")
    finally:
        staging.discard()


def test_stale_staging_folder_of_same_process_is_replaced(tmp_path: Path) -> None:
    first = Staging(tmp_path / "public")
    first.write("junk.html", b"junk")
    second = Staging(tmp_path / "public")
    assert not (second.path / "junk.html").exists()
    second.discard()


@pytest.mark.parametrize(
    ("dest", "ok"),
    [
        ("site", False),  # the site itself
        (".", False),  # a folder holding the site
        ("site/content/out", False),  # inside a source folder
        ("site/static", False),
        ("site/public", True),
        ("elsewhere", True),
    ],
)
def test_check_destination(tmp_path: Path, dest: str, ok: bool) -> None:
    root = tmp_path / "site"
    sources = [root / "content", root / "static", root / "layouts", root / "themes"]
    for folder in sources:
        folder.mkdir(parents=True)
    if ok:
        check_destination(tmp_path / dest, root, sources)
    else:
        with pytest.raises(BlogError) as info:
            check_destination(tmp_path / dest, root, sources)
        assert "destination" in info.value.message


def test_journal_rollback_puts_back_replaced_deleted_and_created_files(tmp_path: Path) -> None:
    from polyblog.output import Journal, remove_file, replace_file

    out = tmp_path / "public"
    replace_file(out, "a/index.html", b"old a")
    replace_file(out, "b.txt", b"old b")
    journal = Journal(out)
    for rel in ("a/index.html", "b.txt", "new/c.html"):
        journal.keep(rel)
    replace_file(out, "a/index.html", b"new a")
    remove_file(out, "b.txt")
    replace_file(out, "new/c.html", b"c")
    journal.keep("a/index.html")  # kept once: the first state counts
    assert journal.path.is_dir()
    journal.rollback()
    assert (out / "a/index.html").read_bytes() == b"old a"
    assert (out / "b.txt").read_bytes() == b"old b"
    assert not (out / "new").exists()
    assert not journal.path.exists()


def test_journal_close_keeps_the_update(tmp_path: Path) -> None:
    from polyblog.output import Journal, replace_file

    out = tmp_path / "public"
    replace_file(out, "a.html", b"old")
    journal = Journal(out)
    journal.keep("a.html")
    replace_file(out, "a.html", b"new")
    journal.close()
    journal.rollback()  # nothing left to undo
    assert (out / "a.html").read_bytes() == b"new"
    assert not journal.path.exists()
