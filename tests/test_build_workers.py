"""A build's pool workers never outlive it: `kill -9` on `blog build` takes its workers with it,
and nothing prints a traceback."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from sitekit import page, write_files

pytestmark = pytest.mark.skipif(
    not Path("/proc/self/stat").exists(), reason="reads the process tree from /proc"
)


def children(pid: int) -> set[int]:
    out: set[int] = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            out.add(int(stat.parent.name))
    return out


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_workers_die_with_a_killed_build(tmp_path: Path) -> None:
    body = "\n\n".join(f"Paragraph {i} with **bold** and `code`." for i in range(400))
    files: dict[str, str | bytes] = {
        "blog.yaml": "title: T\nbase_url: https://example.org/\n",
        **{f"content/posts/p{i}.md": page(f"Post {i}", body) for i in range(400)},
    }
    write_files(tmp_path, files)
    build = subprocess.Popen(
        [sys.executable, "-m", "polyblog", "build", "--source", str(tmp_path), "--jobs", "2"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    workers: set[int] = set()
    deadline = time.monotonic() + 60
    while len(workers) < 2 and build.poll() is None and time.monotonic() < deadline:
        workers = children(build.pid)
        time.sleep(0.01)
    assert len(workers) >= 2, "the build never started its pool"
    os.kill(build.pid, signal.SIGKILL)
    build.wait()
    deadline = time.monotonic() + 10
    while any(alive(w) for w in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not [w for w in workers if alive(w)]
    err = build.stderr.read().decode() if build.stderr else ""
    assert "Traceback" not in err and "BrokenPipeError" not in err


def test_a_pooled_build_leaves_the_collector_as_it_found_it(tmp_path: Path) -> None:
    """The pool's results join the frozen heap while the engine renders; once the build is done
    nothing stays frozen and the collector is on (a long `blog serve` collects its garbage)."""
    import gc

    from polyblog.engine import Session
    from polyblog.site import BuildOptions

    posts = {f"content/posts/p{i}.md": page(f"P{i}", f"Body {i}.\n") for i in range(80)}
    write_files(tmp_path / "site", {"blog.yaml": "base_url: https://example.org/\n", **posts})
    assert gc.get_freeze_count() == 0 and gc.isenabled()
    session = Session(tmp_path / "site", tmp_path / "out", BuildOptions(), jobs=2)
    report = session.full()
    assert report.bodies == 80  # rendered by the pool (80 items: above its threshold)
    assert gc.get_freeze_count() == 0 and gc.isenabled()
