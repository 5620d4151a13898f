#!/usr/bin/env python3
"""CPU seconds per build stage: one `blog build --jobs 1 -v` in this process, its stage timer
reading CPU time (`time.process_time`) instead of the wall clock.

    python benchmarks/cpu_stages.py SITE [--runs 3] [--src src] [-- extra blog build options]

On a machine shared with other work the wall clock says little; the CPU time of a serial build
does not depend on what else runs (much). Each run builds into a fresh temporary folder with
`--drafts --no-cache`; the report gives every run and the median of each stage. Compare two
checkouts with --src (each run is a new process, so both can be interleaved by a shell loop).

The output goes to a temporary folder on tmpfs (/dev/shm) when there is one, else --tmp: on a
disk, the kernel's work of writing 140 MB of pages is counted as CPU time of the stage that
writes them (templates), and it varied from 0.1 to 9 CPU s from one run to the next on the
benchmark machine.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CHILD = """
import contextlib, io, sys, time
time.perf_counter = time.process_time  # the stage timer reads CPU time
from polyblog.cli import main
out = io.StringIO()
start = time.process_time()
with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
    try:
        main(sys.argv[1:], standalone_mode=False)
    except SystemExit:
        pass
print(time.process_time() - start)
print(out.getvalue())
"""


def run(site: Path, src: Path, extra: list[str], tmp_root: Path | None) -> dict[str, float]:
    with tempfile.TemporaryDirectory(prefix="cpu-stages-", dir=tmp_root) as tmp:
        argv = ["build", "--source", str(site), "--destination", str(Path(tmp) / "out")]
        argv += ["--jobs", "1", "-v", "--drafts", "--no-cache", *extra]
        env = {**os.environ, "PYTHONPATH": str(src)}
        done = subprocess.run(
            [sys.executable, "-c", CHILD, *argv], capture_output=True, text=True, env=env
        )
    lines = done.stdout.splitlines()
    if done.returncode or not lines:
        raise SystemExit(f"build failed:\n{done.stdout}{done.stderr}")
    stages = {"total": float(lines[0])}
    for line in lines:
        if re.search(r"\bmarkdown \d+ ms", line):
            stages.update((k, int(v) / 1000) for k, v in re.findall(r"([\w-]+) (\d+) ms", line))
    return stages


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--src", type=Path, default=REPO / "src", help="the polyblog to run")
    parser.add_argument("--json", type=Path, help="write every run here")
    shm = Path("/dev/shm")
    parser.add_argument(
        "--tmp",
        type=Path,
        default=shm if shm.is_dir() else None,
        help="where to build (default: /dev/shm if there is one, else the system's temp folder)",
    )
    parser.add_argument("extra", nargs="*", help="more `blog build` options (after --)")
    args = parser.parse_args()
    runs = []
    for n in range(args.runs):
        stages = run(args.site.resolve(), args.src.resolve(), args.extra, args.tmp)
        runs.append(stages)
        print(f"run {n + 1}: " + ", ".join(f"{k} {v:.2f}" for k, v in stages.items()))
    keys = list(runs[0])
    median = {k: statistics.median(r.get(k, 0.0) for r in runs) for k in keys}
    print("median: " + ", ".join(f"{k} {v:.2f}" for k, v in median.items()) + " (CPU s)")
    if args.json:
        args.json.write_text(json.dumps({"runs": runs, "median": median}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
