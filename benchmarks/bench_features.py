#!/usr/bin/env python3
"""What each blogger feature costs a cold build: search (Pagefind), math, responsive images.

    python benchmarks/bench_features.py                        # 1000 posts x en,fr,de
    python benchmarks/bench_features.py --images 100 --runs 3  # 100 posts get a 1600 px photo

The corpus is bench_build.py's (../shared/bench/gen_corpus.py). With --images N, N posts (every
k-th, deterministic) get a 1600x1067 JPEG of seeded noise in their bundle and a Markdown image in
their body, so the images feature has work to do. Every variant is a cold `blog build --no-cache
--drafts -v` of a fresh copy (search, math and images each turned off by one line appended to
blog.yaml), then, for the variant with everything on, a second build with the cache after one
body edit, to show that images are not encoded again. The table gives median wall and CPU
seconds per variant and the difference to "everything on". Stdlib + Pillow.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
GEN = REPO.parent / "shared" / "bench" / "gen_corpus.py"
VARIANTS = {
    "everything on (defaults)": "",
    "search off": "search: {enabled: false}\n",
    "math off": "markup: {math: {enabled: false}}\n",
    "images off": "images: {enabled: false}\n",
    "all three off": (
        "search: {enabled: false}\nmarkup: {math: {enabled: false}}\nimages: {enabled: false}\n"
    ),
}


def add_images(site: Path, count: int) -> None:
    from PIL import Image

    posts = sorted((site / "content").rglob("index.md"))
    step = max(1, len(posts) // max(count, 1))
    rng = random.Random(1)
    for post in posts[::step][:count]:
        noise = bytes(rng.getrandbits(8) for _ in range(200 * 133 * 3))
        small = Image.frombytes("RGB", (200, 133), noise)
        small.resize((1600, 1067), Image.Resampling.BICUBIC).save(
            post.parent / "photo.jpg", "JPEG", quality=85
        )
        post.write_text(post.read_text(encoding="utf-8") + "\n![A photo](photo.jpg)\n", "utf-8")


def timed(cmd: list[str]) -> tuple[float, float, str]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(REPO / "src")})  # fmt: skip
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{proc.stdout}\n{proc.stderr}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, proc.stdout


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--posts", type=int, default=1000)
    ap.add_argument("--langs", default="en,fr,de")
    ap.add_argument("--images", type=int, default=100, help="posts that get a photo")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--python", default=sys.executable)
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="polyblog-features-"))
    blog = [args.python, "-m", "polyblog", "build", "--drafts", "-v"]
    try:
        corpus = work / "corpus"
        subprocess.run([sys.executable, str(GEN), str(corpus), "--posts", str(args.posts),
                        "--langs", args.langs, "--seed", "1"], check=True,
                       stdout=subprocess.DEVNULL)  # fmt: skip
        if args.images:
            add_images(corpus, args.images)
        rows: dict[str, list[tuple[float, float]]] = {}
        for label, extra in VARIANTS.items():
            for run in range(args.runs):
                site = work / "site"
                shutil.rmtree(site, ignore_errors=True)
                shutil.copytree(corpus, site)
                with (site / "blog.yaml").open("a", encoding="utf-8") as fh:
                    fh.write(extra)
                wall, cpu, out = timed([*blog, "--no-cache", "--source", str(site)])
                rows.setdefault(label, []).append((wall, cpu))
                stages = re.findall(r"([\w-]+) (\d+) ms", out)
                print(f"{label} run {run + 1}: {wall:.2f} s wall, {cpu:.2f} s cpu {stages}",
                      file=sys.stderr)  # fmt: skip
        base = statistics.median(w for w, _ in rows["everything on (defaults)"])
        print("| variant | wall s (median) | CPU s (median) | vs everything on |")
        print("|---|---|---|---|")
        for label, values in rows.items():
            wall = statistics.median(w for w, _ in values)
            cpu = statistics.median(c for _, c in values)
            print(f"| {label} | {wall:.2f} | {cpu:.2f} | {wall - base:+.2f} s |")
        # warm: the cache written, then one body edit: no image is encoded again
        site = work / "site"
        shutil.rmtree(site, ignore_errors=True)
        shutil.copytree(corpus, site)
        first = timed([*blog, "--source", str(site)])
        post = sorted((site / "content").rglob("index.md"))[7]
        post.write_text(post.read_text(encoding="utf-8") + "\nOne more line.\n", "utf-8")
        again = timed([*blog, "--source", str(site)])
        said = next((ln.strip() for ln in again[2].splitlines() if "cache:" in ln), "")
        print(f"\nwith the cache: first build {first[0]:.2f} s; after one body edit "
              f"{again[0]:.2f} s ({said})")  # fmt: skip
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
