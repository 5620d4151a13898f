#!/usr/bin/env python3
"""CPU time of `blog serve`'s rebuild after a tag or category edit, stage by stage.

    python benchmarks/serve_edits.py                          # 5 rounds of 4 edits
    python benchmarks/serve_edits.py --rounds 3 --check       # and compare with a clean build
    python benchmarks/serve_edits.py --profile /tmp/edits.prof
    python benchmarks/serve_edits.py --src /path/to/another/checkout/src   # another version

Drives the engine in-process, as `blog serve` does: `engine.Session.full()` once (jobs 2),
then, per round, four front-matter edits of different posts of the benchmark corpus
(../shared/bench/gen_corpus.py, 1000 posts x en,fr,de, seed 1, drafts included), each followed
by `Session.update([path], first=[the post's page])` (the post open in a browser):

- existing: add a tag other posts have ("Python Tips"), or drop it if the post has it;
- new: add a tag no post has;
- removed: drop the first tag;
- category: switch to another existing category.

The machine is shared, so wall time is noise: every figure is CPU time (`time.process_time`)
of this process. The stage timings of `Report.timings` are taken in CPU time too (the engine's
clock is swapped for `process_time` here); "early" is when the open page was written, "rest"
what no stage covers (mostly the cycle collector, after the writes). Stdlib and polyblog only.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import pstats
import random
import re
import shutil
import statistics
import sys
import tempfile
import time
import types
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_build import REPO, add_corpus_args, generate_corpus  # a sibling script

KINDS = ("existing", "new", "removed", "category")
TAGS = re.compile(r"^tags: \[(.*)\]$", re.M)
CATEGORIES = re.compile(r"^categories: \[(.*)\]$", re.M)


def edit(post: Path, kind: str, step: int) -> None:
    text = post.read_text(encoding="utf-8")
    tags, cats = TAGS.search(text), CATEGORIES.search(text)
    assert tags is not None and cats is not None
    names = [n.strip() for n in tags.group(1).split(",") if n.strip()]
    if kind == "existing":
        if '"Python Tips"' in names:
            names.remove('"Python Tips"')
        else:
            names.append('"Python Tips"')
    elif kind == "new":
        names.append(f'"Fresh {step}"')
    elif kind == "removed":
        names = names[1:]
    if kind == "category":
        new = '["Tutorial"]' if '"Tutorial"' not in cats.group(1) else '["Opinion"]'
        text = text[: cats.start()] + f"categories: {new}" + text[cats.end() :]
    else:
        text = text[: tags.start()] + f"tags: [{', '.join(names)}]" + text[tags.end() :]
    post.write_text(text, encoding="utf-8")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_corpus_args(ap)
    ap.add_argument("--rounds", type=int, default=5, help="rounds of the four edits")
    ap.add_argument("--edit-seed", type=int, default=7, help="which posts are edited")
    ap.add_argument("--profile", type=Path, default=None, help="cProfile the updates into this")
    ap.add_argument("--check", action="store_true", help="compare with a clean build at the end")
    ap.add_argument(
        "--src", type=Path, default=REPO / "src", help="polyblog sources to import (first on path)"
    )
    args = ap.parse_args()
    sys.path.insert(0, str(args.src.resolve()))
    from polyblog.engine import Session
    from polyblog.engine import session as engine_session
    from polyblog.site import BuildOptions

    work = Path(tempfile.mkdtemp(prefix="polyblog-serve-edits-"))
    try:
        site, out = work / "site", work / "out"
        if args.corpus is not None:
            shutil.copytree(args.corpus, site)
        else:
            generate_corpus(args.corpus_script, site, args.posts, args.langs, args.seed)
        engine_session.time = types.SimpleNamespace(perf_counter=time.process_time)  # type: ignore[assignment]
        options = BuildOptions(drafts=True)
        session = Session(site, out, options, base_url="http://localhost:1313/", jobs=2)
        started = time.perf_counter()
        session.full()
        print(f"full build: {time.perf_counter() - started:.1f} s wall", flush=True)
        posts = sorted(p for p in (site / "content/posts").iterdir() if p.is_dir())
        posts = [p for p in posts if TAGS.search((p / "index.md").read_text(encoding="utf-8"))]
        rng = random.Random(args.edit_seed)
        profile = cProfile.Profile() if args.profile else None
        totals: dict[str, list[float]] = {k: [] for k in KINDS}
        stages: dict[str, list[float]] = {}
        for step in range(args.rounds):
            for kind in KINDS:
                folder = rng.choice(posts)
                edit(folder / "index.md", kind, step)
                first = f"{folder.relative_to(site / 'content').as_posix()}/index.html"
                early: list[float] = []
                session.early = lambda _files, early=early: early.append(time.process_time())
                gc_before = gc.get_stats()
                cpu = time.process_time()
                if profile:
                    profile.enable()
                report = session.update([folder / "index.md"], first=[first])
                if profile:
                    profile.disable()
                ms = (time.process_time() - cpu) * 1000
                collections = sum(
                    a["collections"] - b["collections"]
                    for a, b in zip(gc.get_stats(), gc_before, strict=True)
                )
                row = {k: v * 1000 for k, v in report.timings.items()}
                row["rest"] = ms - sum(row.values())
                if early:
                    row["early"] = (early[0] - cpu) * 1000
                for stage, value in row.items():
                    stages.setdefault(stage, []).append(value)
                totals[kind].append(ms)
                shown = " ".join(f"{k} {v:.0f}" for k, v in row.items())
                print(
                    f"{kind:9} {ms:4.0f} ms: {report.rendered} parts, {report.bodies} bodies, "
                    f"{len(report.written)} written ({shown}; {collections} gc)",
                    flush=True,
                )
        every = [v for values in totals.values() for v in values]
        print(
            "median CPU ms per edit:",
            {k: round(statistics.median(v)) for k, v in totals.items()},
            "all",
            round(statistics.median(every)),
        )
        print(
            "median CPU ms per stage:",
            {k: round(statistics.median(v), 1) for k, v in stages.items()},
        )
        if profile and args.profile:
            profile.dump_stats(args.profile)
            pstats.Stats(str(args.profile)).sort_stats("cumulative").print_stats(30)
        if args.check:
            clean = work / "clean"
            fresh = Session(site, clean, options, base_url="http://localhost:1313/", jobs=2)
            fresh.options = session.options  # the same "now"
            fresh.full()
            want = {p.relative_to(clean): p.read_bytes() for p in clean.rglob("*") if p.is_file()}
            got = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
            differ = sorted(
                str(rel) for rel in want.keys() | got.keys() if want.get(rel) != got.get(rel)
            )
            print(f"equal to a clean build: {not differ} {differ[:5]}")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
