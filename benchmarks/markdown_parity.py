#!/usr/bin/env python3
"""Markdown parity: markdown-it-pyrs (polyblog.markup_fast) against markdown-it-py on whole sites.

    python benchmarks/markdown_parity.py                  # every site below, corpus of 1000 posts
    python benchmarks/markdown_parity.py --posts 100      # a smaller generated corpus
    python benchmarks/markdown_parity.py SITE [SITE ...]  # these site folders only

markdown-it-py is the reference: polyblog parses a text with the Rust parser only where
`markup_fast` can prove it gives the same tokens, and with markdown-it-py otherwise. This
script checks that claim on real builds. For each site:

1. One build (`--jobs 1 --drafts --no-cache`, in this process) in which every Markdown parse
   (page bodies, summaries, shortcode inner text, `markdownify`) runs both parsers on the same
   text and `env`: the tokens (every field but `map`), what the parse leaves in `env`
   (link references, footnotes) and the HTML they render to must be equal. The build itself
   goes on with markdown-it-py's tokens. It counts the texts parsed fast and why the others
   were not (`markup_fast.attempt` gives the reason).
2. Two more builds into fresh folders, one with the fast parser switched off: every output file
   must be byte-identical.

The sites: this repository's example site (its root), tests/sites/*, tests/oracle/rules/*,
LoveIt and DoIt from ../shared/corpus (copied to a temporary folder and imported with
`blog import hugo`, as tests/test_oracle.py does) and a generated corpus
(../shared/bench/gen_corpus.py, --posts posts in en, fr and de, seed 1; see --corpus).

Exit status 1 on any difference; the report lists the first ones.
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import copy
import filecmp
import io
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))

from markdown_it import MarkdownIt  # noqa: E402
from markdown_it.token import Token  # noqa: E402

from polyblog import markup, markup_fast  # noqa: E402
from polyblog.cli import main as blog  # noqa: E402

SHARED = REPO.parent / "shared"
FIELDS = ("type", "tag", "nesting", "attrs", "level", "content", "markup", "info", "meta")
FIELDS += ("block", "hidden")
ENV_KEYS = ("references", "duplicate_refs")


class Stats:
    def __init__(self) -> None:
        self.parses = 0
        self.fast = 0
        self.reasons: collections.Counter[str] = collections.Counter()
        self.differences: list[str] = []


def token_difference(ref: list[Token], fast: list[Token], path: str = "") -> str:
    """The first difference between two token streams ("" if none)."""
    if len(ref) != len(fast):
        return f"{path}: {len(ref)} tokens against {len(fast)}"
    for i, (a, b) in enumerate(zip(ref, fast, strict=True)):
        for name in FIELDS:
            if getattr(a, name) != getattr(b, name):
                return f"{path}[{i}] {a.type}.{name}: {getattr(a, name)!r} != {getattr(b, name)!r}"
        if bool(a.children) != bool(b.children):
            return f"{path}[{i}] {a.type}.children"
        if a.children and b.children:
            found = token_difference(a.children, b.children, f"{path}[{i}]")
            if found:
                return found
    return ""


def footnotes(env: dict[str, Any]) -> Any:
    notes = env.get("footnotes") or {}
    return notes if notes.get("list") else None


def checking_parse(stats: Stats) -> Any:
    """A stand-in for `markup._parse` that parses with both and records differences."""

    def parse(md: MarkdownIt, text: str, env: dict[str, Any]) -> list[Token]:
        before = {k: copy.deepcopy(v) for k, v in env.items() if k in (*ENV_KEYS, "footnotes")}
        fast_env = {**env, **before}
        ref = md.parse(text, env)  # the build goes on with these
        stats.parses += 1
        fast = markup_fast.attempt(md, text, fast_env)
        if isinstance(fast, str):
            stats.reasons[fast] += 1
            return ref
        stats.fast += 1
        found = token_difference(ref, fast)
        if not found:
            for key in ENV_KEYS:
                if env.get(key) != fast_env.get(key):
                    found = f"env[{key!r}]: {env.get(key)!r} != {fast_env.get(key)!r}"
            if footnotes(env) != footnotes(fast_env):
                found = f"env['footnotes']: {footnotes(env)!r} != {footnotes(fast_env)!r}"
        if not found:
            html_ref = md.renderer.render(ref, md.options, {**env, markup.MATH_FAILURES: []})
            html_fast = md.renderer.render(fast, md.options, {**fast_env, markup.MATH_FAILURES: []})
            if html_ref != html_fast:
                found = f"HTML: {html_ref[:200]!r} != {html_fast[:200]!r}"
        if found:
            stats.differences.append(f"{found}\n    in text: {text[:300]!r}")
        return ref

    return parse


def build(site: Path, dest: Path) -> str:
    """`blog build` in this process (one job, drafts, no cache); its output."""
    out = io.StringIO()
    argv = ["build", "--source", str(site), "--destination", str(dest)]
    argv += ["--jobs", "1", "--drafts", "--no-cache", "--quiet"]
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        try:
            blog(argv, standalone_mode=False)
        except SystemExit:
            pass
        except Exception as exc:  # a failed build is reported, not hidden
            print(f"build failed: {exc!r}", file=out)
    return out.getvalue()


def different_files(a: Path, b: Path) -> list[str]:
    out: list[str] = []

    def walk(cmp: filecmp.dircmp[str], rel: str) -> None:
        out.extend(f"{rel}{name}: only in one" for name in cmp.left_only + cmp.right_only)
        left, right = Path(cmp.left), Path(cmp.right)
        out.extend(
            f"{rel}{name}"
            for name in cmp.common_files
            if not filecmp.cmp(left / name, right / name, shallow=False)
        )
        for name, sub in cmp.subdirs.items():
            walk(sub, f"{rel}{name}/")

    walk(filecmp.dircmp(a, b), "")
    return out


def check_site(site: Path, work: Path, compare_files: bool) -> tuple[Stats, list[str], float]:
    stats = Stats()
    started = time.perf_counter()
    original = markup._parse
    markup._parse = checking_parse(stats)  # type: ignore[assignment]
    try:
        build(site, work / "checked")
    finally:
        markup._parse = original  # type: ignore[assignment]
    files: list[str] = []
    if compare_files:
        fast_parse = markup_fast.parse
        markup_fast.parse = lambda md, text, env: None  # type: ignore[assignment]
        try:
            build(site, work / "reference")
        finally:
            markup_fast.parse = fast_parse  # type: ignore[assignment]
        build(site, work / "fast")
        files = different_files(work / "reference", work / "fast")
    return stats, files, time.perf_counter() - started


def hugo_site(name: str, work: Path) -> Path | None:
    import shutil

    source = SHARED / "corpus" / name
    if not source.is_dir():
        return None
    site = work / name
    shutil.copytree(source, site)
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        blog(["import", "hugo", "--source", str(site)], standalone_mode=False)
    return site


def corpus(posts: int, work: Path, script: Path) -> Path | None:
    if not script.is_file():
        return None
    out = work / "corpus"
    cmd = [sys.executable, str(script), str(out), "--posts", str(posts)]
    subprocess.run([*cmd, "--langs", "en,fr,de", "--seed", "1"], check=True, capture_output=True)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("sites", nargs="*", type=Path, help="site folders (default: all)")
    parser.add_argument("--posts", type=int, default=1000, help="generated corpus size")
    parser.add_argument("--corpus", type=Path, help="an already generated corpus to use")
    parser.add_argument("--corpus-script", type=Path, default=SHARED / "bench" / "gen_corpus.py")
    parser.add_argument("--no-files", action="store_true", help="skip the byte comparison")
    parser.add_argument("--show", type=int, default=10, help="differences to print")
    args = parser.parse_args()
    if not markup_fast.available():
        print("markdown-it-pyrs (of the proven version) is not installed: nothing to compare")
        return 1
    with tempfile.TemporaryDirectory(prefix="md-parity-") as tmp:
        work = Path(tmp)
        sites: list[Path] = list(args.sites)
        if not sites:
            sites = [REPO]
            sites += sorted(
                p for p in (REPO / "tests" / "sites").iterdir() if (p / "blog.yaml").is_file()
            )
            rules = REPO / "tests" / "oracle" / "rules"
            sites += sorted(p for p in rules.iterdir() if (p / "blog.yaml").is_file())
            for name in ("loveit", "doit"):
                site = hugo_site(name, work)
                if site is not None:
                    sites.append(site)
            generated = args.corpus or corpus(args.posts, work, args.corpus_script)
            if generated is not None:
                sites.append(generated)
        failed = False
        print(f"{'site':42} {'parses':>7} {'fast':>7} {'diffs':>5} {'files':>6} {'s':>6}")
        for n, site in enumerate(sites):
            site_work = work / f"site-{n}"
            site_work.mkdir()
            stats, files, seconds = check_site(site, site_work, not args.no_files)
            name = site.name if site != REPO else "(example site)"
            print(
                f"{name[:42]:42} {stats.parses:7} {stats.fast:7} {len(stats.differences):5} "
                f"{len(files):6} {seconds:6.1f}"
            )
            if stats.reasons:
                reasons = ", ".join(f"{r} {k}" for r, k in stats.reasons.most_common())
                print(f"    markdown-it-py: {reasons}")
            for line in stats.differences[: args.show] + files[: args.show]:
                print(f"    DIFFERENT {line}")
            failed = failed or bool(stats.differences or files)
    print("FAILED: the parsers differ" if failed else "OK: identical tokens, HTML and files")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
