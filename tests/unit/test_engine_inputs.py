"""The input snapshot of the engine: what changed between two builds, and the snapshot an update
leaves (only the files it read again are taken anew)."""

from __future__ import annotations

import os
from pathlib import Path

from polyblog.config import load_config
from polyblog.engine import inputs
from sitekit import write_files


def bump(path: Path, text: str) -> None:
    before = path.stat().st_mtime_ns
    path.write_text(text)
    if path.stat().st_mtime_ns == before:
        os.utime(path, ns=(before + 1_000_000, before + 1_000_000))


def test_refresh_takes_only_the_files_read_again(tmp_path: Path) -> None:
    write_files(
        tmp_path,
        {
            "blog.yaml": "title: T\nbase_url: https://example.org/\n",
            "content/a.md": "---\ntitle: A\n---\nA\n",
            "content/b.md": "---\ntitle: B\n---\nB\n",
        },
    )
    config = load_config(tmp_path)
    before = inputs.take(config)
    a, b, c = (tmp_path / "content" / name for name in ("a.md", "b.md", "c.md"))
    bump(a, "---\ntitle: A2\n---\nA\n")
    c.write_text("---\ntitle: C\n---\nC\n")
    changes, now = inputs.compare(before, inputs.roots_of(before))
    assert set(changes.changed) == {a, c}
    bump(b, "---\ntitle: B2\n---\nB\n")  # edited after the comparison, never read
    outside = tmp_path.parent / "elsewhere.md"
    after = inputs.refresh(now, [a, c, outside])
    assert str(outside) not in after.files
    assert after.files[str(a)] == inputs.take(config).files[str(a)]
    changes, _ = inputs.compare(after, inputs.roots_of(after))
    assert changes.changed == (b,)  # still a change for the next build
    c.unlink()
    gone = inputs.refresh(after, [c])
    assert str(c) not in gone.files
    changes, _ = inputs.compare(gone, inputs.roots_of(gone))
    assert set(changes.changed) == {b}


def test_the_snapshot_walks_symlinked_folders_once_and_sees_edits_through_them(
    tmp_path: Path,
) -> None:
    """A folder reached twice (a symlink to a folder of the site) is walked once; a symlink
    loop ends; a file under a linked folder outside the site is an input, and its edit a
    change."""
    site = tmp_path / "site"
    write_files(
        site,
        {
            "blog.yaml": "title: T\nbase_url: https://example.org/\n",
            "content/posts/a.md": "---\ntitle: A\n---\nA\n",
            "content/posts/deep/b.md": "---\ntitle: B\n---\nB\n",
        },
    )
    shared = tmp_path / "shared"
    write_files(shared, {"c.md": "---\ntitle: C\n---\nC\n"})
    (site / "content" / "again").symlink_to(site / "content" / "posts")
    (site / "content" / "posts" / "deep" / "loop").symlink_to(site / "content")
    (site / "content" / "shared").symlink_to(shared)
    before = inputs.take(load_config(site))
    content = [p for p in before.files if "/content/" in p]
    names = sorted(Path(p).name for p in content)
    assert names == ["a.md", "b.md", "c.md"]  # the posts folder once, through one of its names
    linked = site / "content" / "shared" / "c.md"
    assert str(linked) in before.files
    bump(shared / "c.md", "---\ntitle: C2\n---\nC\n")
    changes, _ = inputs.compare(before, inputs.roots_of(before))
    assert changes.changed == (linked,)
