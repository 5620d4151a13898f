#!/usr/bin/env python3
"""`blog serve` start-up: seconds from launching the server to the first page served, cold
(no build cache) and warm (the cache a previous `blog serve` saved).

    python benchmarks/bench_serve_start.py                 # 1000 posts x en,fr,de
    python benchmarks/bench_serve_start.py --runs 5 --corpus /dev/shm/corpus

Each run copies the corpus (bench_build.py's: ../shared/bench/gen_corpus.py), starts
`python -m polyblog serve --source COPY --port P --destination OUT --no-watch` and polls
`http://127.0.0.1:P/` until it answers 200 with the home page (the clock starts just before the
process is launched). Then the server is stopped with SIGINT (it saves its session in the
cache) and started again on the same port (same URLs, so the same cache entry): the second
start is the warm one. "ready" is when the server printed its first rebuild line (every page
written). Stdlib only.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
GEN = REPO.parent / "shared" / "bench" / "gen_corpus.py"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start(
    site: Path, out: Path, port: int, python: str
) -> tuple[float, float, subprocess.Popen[str]]:
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    cmd = [python, "-m", "polyblog", "serve", "--source", str(site), "--port", str(port),
           "--destination", str(out), "--no-watch"]  # fmt: skip
    began = time.perf_counter()
    proc = subprocess.Popen(
        cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    first = None
    while first is None:
        if proc.poll() is not None:
            raise SystemExit(f"serve exited: {proc.stdout.read() if proc.stdout else ''}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=1) as resp:
                if resp.status == 200 and b"<html" in resp.read(2000):
                    first = time.perf_counter() - began
        except OSError:
            time.sleep(0.01)
    assert proc.stdout is not None
    for line in proc.stdout:
        if " ms" in line and ("full build" in line or "rendered" in line):
            break
    return first, time.perf_counter() - began, proc


def stop(proc: subprocess.Popen[str]) -> None:
    proc.send_signal(signal.SIGINT)
    try:
        proc.wait(timeout=120)
    except subprocess.TimeoutExpired:
        proc.kill()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--posts", type=int, default=1000)
    ap.add_argument("--langs", default="en,fr,de")
    ap.add_argument("--corpus", type=Path, default=None, help="an already generated corpus")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--python", default=sys.executable)
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="polyblog-serve-start-"))
    try:
        corpus = args.corpus
        if corpus is None:
            corpus = work / "corpus"
            subprocess.run([sys.executable, str(GEN), str(corpus), "--posts", str(args.posts),
                            "--langs", args.langs, "--seed", "1"], check=True,
                           stdout=subprocess.DEVNULL)  # fmt: skip
        rows: dict[str, list[tuple[float, float]]] = {"cold": [], "warm": []}
        for run in range(args.runs):
            site = work / "site"
            shutil.rmtree(site, ignore_errors=True)
            shutil.copytree(corpus, site)
            port = free_port()
            for kind in ("cold", "warm"):
                out = work / f"out-{kind}"
                shutil.rmtree(out, ignore_errors=True)
                first, ready, proc = start(site, out, port, args.python)
                stop(proc)
                rows[kind].append((first, ready))
                print(f"run {run + 1} {kind}: first page {first:.2f} s, all written {ready:.2f} s",
                      file=sys.stderr)  # fmt: skip
        print("| serve start | first page, median s | all pages written, median s |")
        print("|---|---|---|")
        for kind, values in rows.items():
            firsts = statistics.median(v[0] for v in values)
            readies = statistics.median(v[1] for v in values)
            print(f"| {kind} | {firsts:.2f} | {readies:.2f} |")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
