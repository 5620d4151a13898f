"""`blog build` with the persistent cache: a warm build's output is byte-identical to a cold
one after any sequence of edits; a damaged, foreign or unsigned cache is a miss with a warning;
a warm build rewrites only the files that changed."""

from __future__ import annotations

import os
import random
import re
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from polyblog.build import BuildRequest, BuildResult, build
from polyblog.engine.store import DEFAULT_NAME, Store
from polyblog.errors import ErrorList
from polyblog.site import BuildOptions
from sitekit import run_cli, snapshot, write_files

NOW = datetime(2026, 11, 27, 12, tzinfo=UTC)
OPTIONS = BuildOptions(drafts=True, now=NOW)
POST = "content/posts/202303-ssg-content-model/index.md"


@pytest.fixture
def site(example_site: Path) -> Path:
    """The example site without search (Pagefind takes seconds per build with Japanese pages);
    `test_search_index_follows_edits` has it on."""
    config = example_site / "blog.yaml"
    config.write_text(config.read_text() + "search: false\n")
    return example_site


def warm(site: Path, **kw: object) -> BuildResult:
    return build(BuildRequest(source=site, options=kw.pop("options", OPTIONS), jobs=1, **kw))  # type: ignore[arg-type]


def cold_equals(site: Path, tmp_path: Path, label: str, options: BuildOptions = OPTIONS) -> None:
    clean = tmp_path / f"clean-{label}"
    build(BuildRequest(source=site, destination=clean, options=options, jobs=1, cache=False))
    got, expected = snapshot(site / "public"), snapshot(clean)
    assert sorted(got) == sorted(expected), label
    differ = [rel for rel in expected if got[rel] != expected[rel]]
    assert not differ, f"{label}: {differ[:5]}"


def touch_write(path: Path, text: str | bytes) -> None:
    before = path.stat().st_mtime_ns if path.exists() else 0
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    if path.stat().st_mtime_ns == before:
        os.utime(path, ns=(before + 1_000_000, before + 1_000_000))


def cache_warnings(result: BuildResult) -> list[str]:
    return [w.message for w in result.warnings if w.message.startswith("cache:")]


def test_second_build_does_nothing_and_one_edit_rewrites_only_its_files(
    site: Path, tmp_path: Path
) -> None:
    first = warm(site)
    assert first.cache.startswith("cold")
    public = site / "public"
    inodes = {p: p.stat().st_ino for p in public.rglob("*") if p.is_file()}
    again = warm(site)
    assert again.cache == "warm: nothing changed"
    assert again.files == first.files
    assert {p: p.stat().st_ino for p in public.rglob("*") if p.is_file()} == inodes

    path = site / POST
    touch_write(path, path.read_text() + "\nA closing paragraph.\n")
    edited = warm(site)
    assert edited.cache.startswith("warm: content/posts/202303-ssg-content-model/index.md")
    after = {p: p.stat().st_ino for p in public.rglob("*") if p.is_file()}
    rewritten = {p.relative_to(public).as_posix() for p in after if after[p] != inodes.get(p)}
    assert rewritten == {"posts/202303-ssg-content-model/index.html"}
    assert edited.written == 1
    cold_equals(site, tmp_path, "one-edit")


def test_random_edit_sequences_warm_equals_cold(site: Path, tmp_path: Path) -> None:
    """Content, front matter, templates, i18n, config, static files, deletions and renames,
    each followed by a warm build; compared with a cold build every few steps."""
    site = site
    rng = random.Random(12)
    warm(site)
    posts = sorted((site / "content").rglob("index*.md"))
    created: list[Path] = []
    for step in range(30):
        choice = rng.choice(
            [
                "body",
                "title",
                "tags",
                "date",
                "new",
                "delete",
                "rename",
                "template",
                "shortcode",
                "i18n",
                "config",
                "static",
                "draft",
            ]
        )
        if choice == "new" or (choice in ("delete", "rename") and not created):
            path = site / f"content/posts/random-{step}/index{rng.choice(['', '.fr'])}.md"
            tags = rng.sample(["python", "ai", "web", "notes"], k=2)
            touch_write(
                path,
                f'---\ntitle: "Random {step}"\ndate: 2025-0{rng.randint(1, 9)}-1{step % 10}\n'
                f"tags: {tags}\n---\nBody {step}.\n",
            )
            created.append(path)
        elif choice == "delete":
            created.pop(rng.randrange(len(created))).unlink()
        elif choice == "rename":
            old = created.pop(rng.randrange(len(created)))
            new = old.parent.with_name(old.parent.name + "-moved") / old.name
            new.parent.mkdir(parents=True, exist_ok=True)
            old.rename(new)
            created.append(new)
        elif choice == "template":
            footer = site / "layouts/partials/footer.html"
            touch_write(footer, f"<footer>footer {step}</footer>\n")
        elif choice == "shortcode":
            touch_write(
                site / "layouts/shortcodes/alert.html",
                f'<aside class="a{step}">{{{{ inner_html }}}}</aside>\n',
            )
        elif choice == "i18n":
            touch_write(site / "i18n/fr.yaml", f'read_more: "Lire {step}"\n')
        elif choice == "config":
            config = site / "blog.yaml"
            text = config.read_text()
            size = 4 + step % 3
            touch_write(config, re.sub(r"(?m)^page_size: \d+", f"page_size: {size}", text))
        elif choice == "static":
            css = site / "static/extra.css"
            if css.exists() and rng.random() < 0.4:
                css.unlink()
            else:
                touch_write(css, f"body {{ --step: {step} }}\n")
        else:
            path = rng.choice(posts)
            text = path.read_text()
            if choice == "body":
                text += f"\nParagraph {step}.\n"
            elif choice == "title":
                text = re.sub(r"(?m)^title: .*$", f'title: "Title {step}"', text, count=1)
            elif choice == "tags":
                text = re.sub(r"(?m)^tags:.*$", f"tags: [step-{step % 3}]", text, count=1)
            elif choice == "date":
                text = re.sub(r"(?m)^date: .*$", f"date: 2024-0{1 + step % 9}-02", text, count=1)
            else:
                text = text.replace("---\n", "---\ndraft: true\n", 1)
            touch_write(path, text)
        result = warm(site)
        assert not cache_warnings(result), (step, choice)
        if step % 5 == 4:
            cold_equals(site, tmp_path, f"step-{step}-{choice}")
    cold_equals(site, tmp_path, "end")


def test_a_fresh_checkout_reuses_everything(site: Path, tmp_path: Path) -> None:
    """Every file touched (new mtimes, as after `git clone`) but none changed: nothing is
    rendered again."""
    warm(site)
    later = time.time() + 5
    for path in site.rglob("*"):
        if path.is_file() and ".blog-cache" not in path.parts and "public" not in path.parts:
            os.utime(path, (later, later))
    result = warm(site)
    assert result.cache == "warm: nothing changed"


def test_public_removed_or_edited_is_written_again(site: Path, tmp_path: Path) -> None:
    warm(site)
    public = site / "public"
    (public / "index.html").write_text("edited by hand")
    result = warm(site)
    assert "bodies: 0 rendered" in result.cache
    cold_equals(site, tmp_path, "hand-edit")
    import shutil

    shutil.rmtree(public)
    result = warm(site)
    assert "bodies: 0 rendered" in result.cache
    cold_equals(site, tmp_path, "removed")
    # after a warm build that rewrote one page, a hand edit of a page it kept is seen too
    path = site / POST
    touch_write(path, path.read_text() + "\nOne more line.\n")
    result = warm(site)
    assert "bodies: 1 rendered" in result.cache
    about = public / "about" / "index.html"
    assert about.is_file()
    about.write_text("edited by hand again")
    result = warm(site)
    assert "output changed" in result.cache
    cold_equals(site, tmp_path, "hand-edit-after-warm")


def test_a_page_that_becomes_due_appears_on_a_warm_build(site: Path, tmp_path: Path) -> None:
    touch_write(
        site / "content/posts/soon.md",
        "---\ntitle: Soon\ndate: 2026-11-28T00:00:00Z\n---\nTomorrow.\n",
    )
    warm(site)
    assert not (site / "public/posts/soon/index.html").exists()
    later = BuildOptions(drafts=True, now=NOW + timedelta(days=2))
    result = warm(site, options=later)
    assert not cache_warnings(result)
    assert (site / "public/posts/soon/index.html").exists()
    cold_equals(site, tmp_path, "due", later)


def entry(site: Path, part: str) -> Path:
    files = sorted((site / DEFAULT_NAME / "engine").glob(f"*-{part}.bin"))
    assert len(files) == 1, files
    return files[0]


@pytest.mark.parametrize("part", ["head", "delta", "model"])
@pytest.mark.parametrize(
    ("label", "damage", "said"),
    [
        ("truncated", lambda b: b[: len(b) // 2], "damaged"),
        ("garbage", lambda b: b"not a cache at all", "not a polyblog cache"),
        ("empty", lambda b: b"", "not a polyblog cache"),
        (
            "version",
            lambda b: b.replace(b'"polyblog": "', b'"polyblog": "0.0.1-', 1),
            "written by polyblog",
        ),
        ("flipped", lambda b: b[:-10] + bytes(x ^ 0xFF for x in b[-10:]), "key differs"),
    ],
)
def test_a_damaged_or_foreign_cache_is_a_miss_with_one_warning(
    site: Path, tmp_path: Path, label: str, damage: object, said: str, part: str
) -> None:
    warm(site)
    path = entry(site, part)
    touch_write(path, damage(path.read_bytes()))  # type: ignore[operator]
    post = site / POST
    touch_write(post, post.read_text() + "\nAfter the damage.\n")
    result = warm(site)
    messages = cache_warnings(result)
    assert len(messages) == 1 and said in messages[0], messages
    assert result.cache.startswith("cold")
    cold_equals(site, tmp_path, label)
    assert warm(site).cache == "warm: nothing changed"  # written anew


def test_a_cache_signed_with_another_key_is_never_loaded(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A cache file that arrives with the site (a pull request) is not unpickled."""
    monkeypatch.setenv("POLYBLOG_CACHE_KEY", "someone else")
    warm(site)
    monkeypatch.setenv("POLYBLOG_CACHE_KEY", "this machine")
    import pickle

    loaded: list[object] = []
    real = pickle.loads
    monkeypatch.setattr(pickle, "loads", lambda data: loaded.append(1) or real(data))
    monkeypatch.setattr(pickle, "Unpickler", lambda *a: loaded.append(2))
    result = warm(site)
    assert loaded == []
    assert "key differs" in " ".join(cache_warnings(result))


def test_a_build_killed_midway_leaves_a_usable_cache(site: Path, tmp_path: Path) -> None:
    """kill -9 during a warm build (after a template edit): the next build is correct."""
    run_cli(["build", "--source", str(site), "--drafts"])
    footer = site / "layouts/partials/footer.html"
    touch_write(footer, "<footer>after the kill</footer>\n")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "polyblog", "build", "--source", str(site), "--drafts"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    time.sleep(0.4)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    outcome = run_cli(["build", "--source", str(site), "--drafts"])
    assert outcome.exit_code == 0, outcome.output
    assert "after the kill" in (site / "public/index.html").read_text()
    clean = tmp_path / "clean"
    run_cli(["build", "--source", str(site), "--drafts", "--no-cache", "-d", str(clean)])
    assert snapshot(site / "public") == snapshot(clean)


def test_strict_fails_on_a_warm_build_with_nothing_changed(site: Path) -> None:
    touch_write(site / "content/posts/warned.md", "---\ntitle: W\nlayout: nosuch\n---\nx\n")
    result = warm(site)
    assert any("nosuch" in w.message for w in result.warnings)
    with pytest.raises(ErrorList) as info:
        warm(site, strict=True)
    assert any("nosuch" in e.message for e in info.value.errors)


def test_no_cache_and_cache_dir(site: Path, tmp_path: Path) -> None:
    out = run_cli(["build", "--source", str(site), "--no-cache", "-q"])
    assert out.exit_code == 0, out.output
    assert not (site / DEFAULT_NAME).exists()
    elsewhere = tmp_path / "cache"
    out = run_cli(["build", "--source", str(site), "--cache-dir", str(elsewhere), "-v"])
    assert "cache: cold" in out.output
    assert not (site / DEFAULT_NAME).exists()
    out = run_cli(["build", "--source", str(site), "--cache-dir", str(elsewhere), "-v"])
    assert "cache: warm: nothing changed" in out.output
    info = run_cli(["cache", "info", "--source", str(site), "--cache-dir", str(elsewhere)])
    assert re.search(r"engine: [\d.]+ (KiB|MiB) in 3 files", info.output), info.output
    cleared = run_cli(["cache", "clear", "--source", str(site), "--cache-dir", str(elsewhere)])
    assert cleared.output.startswith("removed ")
    assert not elsewhere.exists()


def test_a_cache_folder_linking_out_of_the_site_is_not_used(site: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (site / DEFAULT_NAME).symlink_to(outside)
    result = warm(site)
    assert any("points outside the site folder" in m for m in cache_warnings(result))
    assert list(outside.iterdir()) == []


def test_entries_are_bounded(site: Path, tmp_path: Path) -> None:
    from polyblog.engine.store import KEEP

    for index in range(KEEP + 2):
        warm(site, base_url=f"https://example{index}.org/")
    store = Store(site / DEFAULT_NAME)
    entries = [e[0] for e in store.usage().entries if e[0].endswith(".bin")]
    assert len(entries) == 3 * KEEP  # a head, a delta and a base each


def test_cache_notes_never_fail_strict(site: Path) -> None:
    """A cache that cannot be used is said, but it is not the site's fault: --strict passes."""
    warm(site)
    for path in (site / DEFAULT_NAME / "engine").glob("*.bin"):
        path.write_bytes(b"junk")
    result = warm(site, strict=True)
    assert len(cache_warnings(result)) == 1


def test_image_edits_warm_equals_cold(site: Path, tmp_path: Path) -> None:
    """An image replaced by one of another size, added, then removed: the warm build writes
    the new sizes and derivatives, and equals a cold build each time."""
    from sitekit import image_bytes

    bundle = site / "content/posts/202303-ssg-content-model"
    post = bundle / "index.md"
    touch_write(post, post.read_text() + "\n![A diagram](shot.png)\n")
    touch_write(bundle / "shot.png", image_bytes(size=(900, 500)))
    warm(site)
    cold_equals(site, tmp_path, "image-added")
    touch_write(bundle / "shot.png", image_bytes(size=(640, 320), color=(10, 20, 30)))
    result = warm(site)
    assert not cache_warnings(result)
    html = (site / "public/posts/202303-ssg-content-model/index.html").read_text()
    assert 'width="640"' in html and "shot-480.webp" in html
    cold_equals(site, tmp_path, "image-resized")
    (bundle / "shot.png").unlink()
    touch_write(post, post.read_text().replace("\n![A diagram](shot.png)\n", "\n"))
    warm(site)
    cold_equals(site, tmp_path, "image-removed")


def test_search_index_follows_edits(example_site: Path, tmp_path: Path) -> None:
    """With search on: nothing changed keeps the index as it is; an edited body is indexed
    again; either way the output equals a cold build's, index included."""
    warm(example_site)
    index = {p: p.stat().st_ino for p in (example_site / "public/pagefind").rglob("*")}
    assert index
    assert warm(example_site).cache == "warm: nothing changed"
    post = example_site / POST
    touch_write(post, post.read_text() + "\nA word nobody wrote before: quixotically.\n")
    warm(example_site)
    again = {p: p.stat().st_ino for p in (example_site / "public/pagefind").rglob("*")}
    assert again != index
    cold_equals(example_site, tmp_path, "search")


LINK_SITE = {
    "blog.yaml": "title: Links\nbase_url: https://example.org/\nsearch: false\n",
    "content/a.md": "---\ntitle: A\n---\nSee [b](/b/#sec), [c](/c/) and [notes](/notes.txt).\n",
    "content/b.md": "---\ntitle: B\ntags: [x]\n---\n## Sec\n\nText.\n",
    "content/c.md": "---\ntitle: C\n---\nBack to [a](/a/) and [d](/d/#top).\n",
    "content/d.md": "---\ntitle: D\n---\nD.\n",
}


def test_link_warnings_of_warm_builds_equal_a_cold_build(tmp_path: Path) -> None:
    """The link check of a warm build checks again only the pages whose result can change
    (their body, or a file they link to, changed): after each edit its warnings, at their source
    lines, are those of a cold build."""
    from polyblog.check.staged import content_link_warnings

    site = tmp_path / "site"
    write_files(site, LINK_SITE)

    def found(**kw: object) -> list[tuple[str, str]]:
        result = build(
            BuildRequest(source=site, options=OPTIONS, jobs=1, inspect=content_link_warnings, **kw)  # type: ignore[arg-type]
        )
        return sorted((w.message, str(w.pos)) for w in result.warnings if "cache:" not in w.message)

    def same() -> list[tuple[str, str]]:
        got = found()
        assert got == found(destination=tmp_path / "clean", cache=False)
        return got

    first = same()
    assert any("notes.txt" in m for m, _ in first)
    assert not any("#sec" in m for m, _ in first)
    edits = [
        ("content/b.md", lambda t: t.replace("## Sec", "## Other")),  # a's anchor breaks
        ("content/a.md", lambda t: t.replace("title: A\n", "title: A\nsummary: moved\n")),
        ("content/b.md", lambda t: t.replace("tags: [x]", "tags: [y]")),
        ("content/d.md", None),  # deleted: c's link breaks
        ("static/notes.txt", lambda t: "notes"),  # created: a's link is found
        ("content/d.md", lambda t: "---\ntitle: D\n---\n## Top\n"),
        ("content/b.md", lambda t: t.replace("## Other", "## Sec")),
        ("content/c.md", lambda t: t + "\nAnd [nowhere](/nowhere/).\n"),
    ]
    seen = [first]
    for rel, edit in edits:
        path = site / rel
        if edit is None:
            path.unlink()
        else:
            touch_write(path, edit(path.read_text() if path.exists() else ""))
        seen.append(same())
    messages = [" ".join(m for m, _ in step) for step in seen]
    assert "#sec" in messages[1] and "#sec" not in messages[-1]
    assert "/d/" in messages[4] and "notes.txt" not in messages[5]
    assert any("/nowhere/" in m for m, _ in seen[-1])
    moved = [pos for m, pos in seen[2] if "#sec" in m]
    assert moved and moved != [pos for m, pos in seen[1] if "#sec" in m]  # a's line moved


def test_the_link_check_in_worker_processes_finds_what_one_process_finds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A large site's pages are checked in forked workers (`--jobs`): the same warnings, at
    the same lines, as a check in one process, and a memo the next warm build can use."""
    import polyblog.check.staged as staged
    from polyblog.check.staged import content_link_warnings

    site = tmp_path / "site"
    write_files(site, LINK_SITE)
    forks: list[int] = []

    def fork_map(function: Any, items: list[str], workers: int) -> list[Any]:
        forks.append(len(items))
        return real_fork_map(function, items, workers)

    real_fork_map = staged.fork_map
    monkeypatch.setattr(staged, "PARALLEL_CHECKS", 3)  # the four pages, not two
    monkeypatch.setattr(staged, "fork_map", fork_map)

    def found(jobs: int, **kw: object) -> list[tuple[str, str]]:
        inspect = content_link_warnings
        request = BuildRequest(source=site, options=OPTIONS, jobs=jobs, inspect=inspect, **kw)  # type: ignore[arg-type]
        result = build(request)
        return sorted((w.message, str(w.pos)) for w in result.warnings if "cache:" not in w.message)

    serial = found(1, destination=tmp_path / "one", cache=False)
    assert not forks and any("notes.txt" in m for m, _ in serial)
    assert found(2) == serial and forks  # cold, in workers
    c = site / "content/c.md"
    touch_write(c, c.read_text() + "\nAnd [nowhere](/nowhere/).\n")
    forks.clear()
    warm = found(2)
    assert warm == found(1, destination=tmp_path / "two", cache=False)
    assert warm != serial and not forks  # fewer pages to check again: in this process


def test_the_console_script_ends_fast_with_its_status_and_a_whole_cache(
    site: Path, tmp_path: Path
) -> None:
    """`blog` ends without freeing its objects one by one (`cli.entry`): the summary is still
    printed whole, the status is the command's, and the cache entry it saved is complete (the
    next build is warm and rewrites nothing)."""
    argv = [sys.executable, "-m", "polyblog", "build", "--source", str(site), "--drafts", "-v"]
    first = subprocess.run(argv, capture_output=True, text=True, timeout=300)
    assert first.returncode == 0, first.stderr
    assert "cache: cold" in first.stdout and first.stdout.endswith("\n")
    again = subprocess.run(argv, capture_output=True, text=True, timeout=300)
    assert again.returncode == 0, again.stderr
    assert "cache: warm: nothing changed" in again.stdout
    touch_write(site / POST, (site / POST).read_text() + "\nOne more line.\n")
    edited = subprocess.run(argv, capture_output=True, text=True, timeout=300)
    assert "bodies: 1 rendered" in edited.stdout, edited.stdout + edited.stderr
    assert "cache:" not in edited.stderr  # no "unusable entry" note: the entry was whole
    broken = site / "blog.yaml"
    broken.write_text(broken.read_text() + "languages: [\n")
    failed = subprocess.run(argv, capture_output=True, text=True, timeout=300)
    assert failed.returncode == 1
    assert "blog.yaml" in failed.stderr and failed.stderr.endswith("\n")


def test_a_warm_build_writes_in_place_and_a_failed_one_puts_every_file_back(
    tmp_path: Path,
) -> None:
    """Without a search index, a warm build replaces the changed files of the output itself
    (the output folder stays the same folder); one that fails after writing (--strict and a broken
    link) leaves every file as it was and no undo folder; a search index keeps the staging
    folder."""
    from polyblog.check.staged import content_link_warnings

    site = tmp_path / "site"
    write_files(site, LINK_SITE)  # its blog.yaml says `search: false`

    def run(**kw: object) -> BuildResult:
        return build(
            BuildRequest(source=site, options=OPTIONS, jobs=1, inspect=content_link_warnings, **kw)  # type: ignore[arg-type]
        )

    run()
    public = site / "public"
    before = snapshot(public)
    folder = public.stat().st_ino  # a staging folder swapped in would be another folder
    a = site / "content/a.md"
    touch_write(a, a.read_text() + "\nNow [broken](/missing/).\n")
    with pytest.raises(ErrorList, match="missing"):
        run(strict=True)
    assert snapshot(public) == before
    assert not list(tmp_path.glob(".public.*")) and not list(site.glob(".public.*"))
    result = run()
    assert "warm" in result.cache and result.written >= 1
    after = snapshot(public)
    assert after["a/index.html"] != before["a/index.html"]
    assert public.stat().st_ino == folder  # written in place: not a new tree
    assert not list(site.glob(".public.*"))
    cold_equals(site, tmp_path, "in place")
    touch_write(site / "blog.yaml", (site / "blog.yaml").read_text().replace("search: false", ""))
    run()  # search on: the staging folder, swapped in
    folder = public.stat().st_ino
    touch_write(a, a.read_text() + "\nMore.\n")
    assert "warm" in run().cache
    assert public.stat().st_ino != folder  # made beside it while it existed: another folder


def test_a_warm_build_writes_a_small_delta_and_a_new_base_once_it_grew(
    site: Path, tmp_path: Path
) -> None:
    """After one post changed, only the head and the delta are written again (the base, the
    big part, stays the same file); once the delta has grown past a quarter of the base (after
    `blog.yaml` changed, nothing is shared), the next build writes a new base. A head and delta
    whose base was replaced are a miss with one warning, never a wrong page."""
    warm(site)
    base = entry(site, "model")
    first = base.stat().st_ino
    old_head, old_delta = entry(site, "head").read_bytes(), entry(site, "delta").read_bytes()
    post = site / POST
    touch_write(post, post.read_text() + "\nA small edit.\n")
    result = warm(site)
    assert "bodies: 1 rendered" in result.cache
    assert entry(site, "model").stat().st_ino == first  # the base was not written again
    assert entry(site, "delta").stat().st_size * 4 < base.stat().st_size
    cold_equals(site, tmp_path, "delta")
    config = site / "blog.yaml"
    touch_write(config, config.read_text().replace("title:", "title: New", 1))
    warm(site)  # everything assembled again: the delta holds it all
    assert entry(site, "delta").stat().st_size * 4 > entry(site, "model").stat().st_size
    touch_write(post, post.read_text() + "\nAnother edit.\n")
    warm(site)
    assert entry(site, "model").stat().st_ino != first  # a new base
    cold_equals(site, tmp_path, "new base")
    entry(site, "head").write_bytes(old_head)  # an old head and delta: their base is gone
    entry(site, "delta").write_bytes(old_delta)
    result = warm(site)
    messages = cache_warnings(result)
    assert len(messages) == 1 and "unusable entry" in messages[0], messages
    cold_equals(site, tmp_path, "stale base")


def test_an_undo_folder_left_by_a_killed_build_is_removed(tmp_path: Path) -> None:
    """A warm build killed while writing into `public/` leaves its undo folder; the next
    in-place build removes it (its process is gone) and the output equals a cold build's."""
    site = tmp_path / "site"
    write_files(site, LINK_SITE)
    warm(site)
    leftover = site / ".public.undo-999999999"  # no such process
    write_files(leftover, {"a/index.html": "old"})
    a = site / "content/a.md"
    touch_write(a, a.read_text() + "\nEdited.\n")
    assert "warm" in warm(site).cache
    assert not leftover.exists()
    cold_equals(site, tmp_path, "leftover")


def test_a_check_build_after_an_edit_reuses_the_cached_bodies(site: Path, tmp_path: Path) -> None:
    """`blog check` builds into a folder of its own from `blog build`'s cache without saving
    it: every part is rendered there, but the bodies of unchanged posts come from the cache."""
    warm(site)
    path = site / POST
    touch_write(path, path.read_text() + "\nA closing paragraph.\n")
    checked = warm(site, destination=tmp_path / "checked", save_cache=False)
    assert checked.cache.startswith("warm: "), checked.cache
    found = re.search(r"bodies: (\d+) rendered, (\d+) reused", checked.cache)
    assert found is not None, checked.cache
    assert int(found.group(1)) == 1 and int(found.group(2)) > 10
    assert warm(site).cache.startswith("warm: content/posts/202303")  # the entry was not saved
