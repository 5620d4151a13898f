"""`blog build`'s progress line: shown on a terminal for builds longer than a second, redrawn at
most ten times a second, erased before the summary; never in a pipe, in CI or with --quiet."""

from __future__ import annotations

import io
import os
import pty
import re
import subprocess
import sys
from pathlib import Path

import pytest

from polyblog.build import BuildRequest, build
from polyblog.cli import ProgressLine
from sitekit import page, write_files


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_nothing_before_the_delay_then_throttled_then_erased() -> None:
    clock, out = Clock(), io.StringIO()
    line = ProgressLine(out, clock=clock, delay=1.0, interval=0.1)
    line("markdown", 1, 10)
    clock.now += 0.5
    line("markdown", 2, 10)
    assert out.getvalue() == ""  # a fast build shows nothing
    clock.now += 0.6
    line("markdown", 3, 10)
    clock.now += 0.01
    line("markdown", 4, 10)  # too soon: not redrawn
    line("markdown", 10, 10)  # the end of a stage is always drawn
    drawn = [part for part in out.getvalue().split("\r") if part]
    assert drawn == [
        "Markdown  [#######-----------------] 3/10\x1b[K",
        "Markdown  [########################] 10/10\x1b[K",
    ]
    line.finish()
    assert out.getvalue().endswith("\r\x1b[K")
    line.finish()  # once only
    assert out.getvalue().count("\r\x1b[K") == 1


def test_never_in_a_pipe_in_ci_or_quiet(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    assert ProgressLine.wanted(quiet=False)
    assert not ProgressLine.wanted(quiet=True)
    monkeypatch.setenv("CI", "true")
    assert not ProgressLine.wanted(quiet=False)
    monkeypatch.delenv("CI")
    monkeypatch.setattr(sys.stderr, "isatty", lambda: False)
    assert not ProgressLine.wanted(quiet=False)


def many_posts(root: Path, count: int) -> None:
    body = "\n\n".join(f"Paragraph {i} with **bold** and `code`." for i in range(60))
    files: dict[str, str | bytes] = {
        "blog.yaml": "title: T\nbase_url: https://example.org/\n",
        **{f"content/posts/p{i}.md": page(f"Post {i}", body) for i in range(count)},
    }
    write_files(root, files)


@pytest.mark.parametrize("jobs", [1, 2])
def test_the_build_reports_every_page_of_both_stages(tmp_path: Path, jobs: int) -> None:
    many_posts(tmp_path, 80)
    seen: list[tuple[str, int, int]] = []
    build(
        BuildRequest(
            source=tmp_path,
            jobs=jobs,
            progress=lambda stage, done, total: seen.append((stage, done, total)),
        )
    )
    for stage in ("markdown", "pages"):
        counts = [(done, total) for s, done, total in seen if s == stage]
        total = counts[0][1]
        assert [done for done, _ in counts] == list(range(1, total + 1))
        assert all(t == total for _, t in counts)
    assert [s for s, _, _ in seen] == sorted(s for s, _, _ in seen)  # markdown, then pages


@pytest.mark.skipif(not hasattr(pty, "openpty"), reason="needs a pseudo-terminal")
def test_on_a_terminal_the_line_ends_erased_before_the_summary(tmp_path: Path) -> None:
    many_posts(tmp_path, 600)
    leader, follower = pty.openpty()
    env = {k: v for k, v in os.environ.items() if k != "CI"} | {"TERM": "xterm"}
    done = subprocess.run(
        [sys.executable, "-m", "polyblog", "build", "--source", str(tmp_path), "--jobs", "1"],
        stdout=subprocess.PIPE,
        stderr=follower,
        env=env,
        check=False,
        timeout=120,
    )
    os.close(follower)
    chunks = []
    while True:
        try:
            data = os.read(leader, 65536)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    os.close(leader)
    err = b"".join(chunks).decode()
    assert done.returncode == 0
    assert done.stdout.decode().startswith("Built ")
    if "[" not in err:
        pytest.skip("this machine built 600 posts in under a second: nothing to show")
    counts = re.findall(r"\] (\d+)/(\d+)", err)  # pages done of the stage's total (the
    assert counts and all(int(a) <= int(b) for a, b in counts)  # stages shown depend on speed)
    assert counts[-1][0] == counts[-1][1]  # the last stage shown ran to its end
    assert err.endswith("\r\x1b[K")  # erased: the summary stands alone
