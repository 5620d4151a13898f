#!/usr/bin/env python3
"""Dev-server benchmark: time from saving a source file to the rebuilt page on disk.

    python benchmarks/bench_serve.py                       # polyblog, Hugo full and fast render
    TMPDIR=/dev/shm python benchmarks/bench_serve.py       # the same on tmpfs
    python benchmarks/bench_serve.py --tools polyblog --body 0 --template 0   # tag edits only
    python benchmarks/bench_serve.py --json /tmp/serve.json --work /tmp/serve-work

The corpus is the one of bench_build.py (../shared/bench/gen_corpus.py, 1000 posts x en,fr,de,
seed 1, drafts included). Each tool runs as a real dev server in a subprocess, writing its output
to a folder; the script edits sources the way an editor saving in place does, and polls the
output file until it holds the edit:

- body: append a paragraph with a unique marker to one post's index.md; until that post's
  index.html contains the marker;
- tags: add a unique tag to one post's front matter; until that post's page contains the tag's
  name (the tag's term page is checked too, after the page, not timed);
- tags-existing: add a tag that other posts already have (one the post does not have yet) to
  the front matter; until the post's page links to that term (`/tags/KEY/"`): the term's lists
  get one more post, the new term page of the other edits is not needed;
- categories: replace the post's first category by another existing one; until the page links to
  the new category's term (`/categories/KEY/"`): two term lists change;
- template: rewrite a site-level partial that every page includes with a new marker comment;
  until one post's page contains it. polyblog: layouts/partials/footer.html in the site (a copy
  of the default theme's, so it overrides it). Hugo: layouts/partials/oracle-hreflang.html of the
  oracle layouts, included by baseof.html on every page.

The clock starts just after the write is closed; the output file is stat'ed every `--poll` s and
read only when its mtime, size or inode changed. Between edits the script waits until the server
is quiet (its rebuild line printed, then no output for `--quiet` s), so edits never merge into one
burst. Before each edit the post's URL is fetched over HTTP, as an open browser tab would: Hugo's
default "fast render" mode only re-renders pages it has served.

polyblog: `python -m polyblog serve --source SITE --port P --destination OUT`, this checkout's
src/ first on PYTHONPATH (--src). Its rebuild lines (`... in X ms`) are collected per edit, so the
report can show the rebuild itself against the watcher/debounce/write overhead.

Hugo: `hugo server --source SITE --config CFG --port P --bind 127.0.0.1 --renderToDisk
--destination OUT --buildDrafts [--disableFastRender]` on the copy made by the oracle's
hugo_manifest.py (see bench_build.py). Its `Total in X ms` lines are collected the same way.

Stdlib only (the oracle scripts it calls as subprocesses need PyYAML).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import re
import resource
import shlex
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from dataclasses import asdict, dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_build import (  # a sibling script, not a package
    DEFAULT_ORACLE,
    REPO,
    add_corpus_args,
    code_state,
    copy_site,
    corpus_stats,
    generate_corpus,
    log,
    machine_info,
    prepare_hugo,
    system_busy,
    tool_version,
    wait_idle,
)

SCENARIOS = ("body", "tags", "tags-existing", "categories", "template")
TERM_EDITS = ("tags", "tags-existing", "categories")  # the "tag edit saved -> page on disk" rows
TOOLS = ("polyblog", "hugo", "hugo-fast")
BLOG_REBUILD_RE = re.compile(  # "1 part, 1 body rendered, 1 file written" too
    r"^\d\d:\d\d:\d\d (?P<what>.*): (?P<parts>\d+) parts?, (?P<bodies>\d+) bod(?:y|ies) "
    r"rendered, (?P<written>\d+) files? written, (?P<deleted>\d+) deleted in (?P<ms>\d+) ms"
)
HUGO_REBUILD_RE = re.compile(r"^Total in (?P<ms>\d+(?:\.\d+)?) ms")
BLOG_READY = "watching for changes"
HUGO_READY = "Web Server is available"
TAGS_LINE_RE = re.compile(r"^tags: \[", re.M)
TERMS_LINE_RE = {
    "tags-existing": re.compile(r"^tags: \[(?P<names>.*)\]$", re.M),
    "categories": re.compile(r"^categories: \[(?P<names>.*)\]$", re.M),
}
# existing terms of the corpus (gen_corpus.py), tried in this order
EXISTING = {
    "tags-existing": ("Python Tips", "Data Patterns", "Web Career", "Cloud Tooling", "Go Tips"),
    "categories": ("Tutorial", "Research", "Engineering", "Design", "Opinion"),
}
THEME_FOOTER = Path("polyblog/themes/default/templates/partials/footer.html")
HUGO_PARTIAL = Path("layouts/partials/oracle-hreflang.html")


@dataclass
class Edit:
    scenario: str
    post: str
    ms: float | None  # save -> page on disk; None: timed out
    rebuild_ms: list[float] = field(default_factory=list)  # the server's own rebuild lines
    lines: list[str] = field(default_factory=list)  # polyblog's rebuild lines, for the record
    term_page: bool | None = None  # tags: the term page existed once the server was quiet
    others_cpu: float = 0.0  # CPUs used by other processes meanwhile (average)


@dataclass
class ToolRun:
    tool: str
    command: list[str]
    startup_s: float = 0.0
    startup_line: str = ""
    edits: list[Edit] = field(default_factory=list)


# -- helpers ------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def group_cpu(pgid: int) -> float:
    """CPU seconds used so far by the processes of a process group (and their reaped children)."""
    total = 0
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            raw = Path(entry.path, "stat").read_text(encoding="ascii", errors="replace")
        except OSError:
            continue
        fields = raw.rsplit(")", 1)[1].split()
        # fields[0] is the state (field 3); pgrp is field 5, utime..cstime fields 14-17
        if int(fields[2]) == pgid:
            total += sum(int(v) for v in fields[11:15])
    return total / os.sysconf("SC_CLK_TCK")


def self_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def percentile(values: list[float], pct: float) -> float:
    """Nearest-rank percentile (p95 of 30 values is the 29th smallest)."""
    ordered = sorted(values)
    rank = max(1, min(len(ordered), -(-len(ordered) * pct // 100)))
    return ordered[int(rank) - 1]


class Server:
    """A dev server in its own process group; its output lines are read by a thread."""

    def __init__(self, cmd: list[str], env: dict[str, str] | None = None) -> None:
        self.cmd = cmd
        self.lines: list[tuple[float, str]] = []  # (perf_counter, line)
        self.changed = threading.Condition()
        self.started = time.perf_counter()
        self.proc = subprocess.Popen(
            cmd,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            text=True,
            encoding="utf-8",
            errors="replace",
            env=env,
            start_new_session=True,
        )
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            with self.changed:
                self.lines.append((time.perf_counter(), line.rstrip("\n")))
                self.changed.notify_all()
        with self.changed:
            self.changed.notify_all()

    def wait_for(self, text: str, timeout: float) -> tuple[float, str]:
        """Seconds from start to the first line containing text, and that line."""
        deadline = time.monotonic() + timeout
        seen = 0
        with self.changed:
            while True:
                for stamp, line in self.lines[seen:]:
                    if text in line:
                        return stamp - self.started, line
                seen = len(self.lines)
                if self.proc.poll() is not None and not self.reader.is_alive():
                    raise SystemExit(f"server exited:\n{self.tail()}")
                left = deadline - time.monotonic()
                if left <= 0:
                    raise SystemExit(f"no {text!r} after {timeout:g} s:\n{self.tail()}")
                self.changed.wait(min(left, 0.5))

    def wait_quiet(self, since: int, pattern: re.Pattern[str], quiet: float, limit: float) -> None:
        """Wait until a line matching pattern was printed after line `since`, then until the
        server printed nothing for `quiet` seconds (at most `limit` seconds in all)."""
        deadline = time.monotonic() + limit
        with self.changed:
            while time.monotonic() < deadline:
                done = any(pattern.search(line) for _, line in self.lines[since:])
                last = self.lines[-1][0] if len(self.lines) > since else 0.0
                idle = time.perf_counter() - last
                if done and idle >= quiet:
                    return
                self.changed.wait(max(0.005, quiet - idle) if done else 0.5)

    def tail(self, n: int = 20) -> str:
        return "\n".join(line for _, line in self.lines[-n:])

    def stop(self) -> None:
        if self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGINT)
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
            except ProcessLookupError:
                pass
        self.reader.join(timeout=5)


def fetch(url: str) -> None:
    """GET a page as an open browser tab would (Hugo's fast render re-renders served pages)."""
    try:
        with urllib.request.urlopen(url, timeout=30) as answer:
            answer.read()
    except (urllib.error.URLError, OSError) as exc:
        log(f"  warning: GET {url}: {exc}")


def wait_for_text(
    path: Path, needle: bytes, start: float, timeout: float, poll: float
) -> float | None:
    """Poll path until it contains needle; return seconds since `start` (a perf_counter value;
    None: timed out). The file is read only when its stat (inode, size, mtime) changed."""
    deadline = start + timeout
    last: tuple[int, int, int] | None = None
    while True:
        try:
            st = os.stat(path)  # noqa: PTH116  (polled every ms: no Path objects)
            key = (st.st_ino, st.st_size, st.st_mtime_ns)
            if key != last:
                last = key
                with open(path, "rb") as handle:  # noqa: PTH123  (the fastest read)
                    if needle in handle.read():
                        return time.perf_counter() - start
        except OSError:
            last = None
        now = time.perf_counter()
        if now > deadline:
            return None
        time.sleep(poll)


# -- corpus edits -------------------------------------------------------------------------------


def pick_posts(site: Path, count: int, offset: int, with_tags: bool = False) -> list[str]:
    """`count` posts spread over the corpus (every k-th folder, starting at `offset`)."""
    folders = sorted(p.name for p in (site / "content" / "posts").iterdir() if p.is_dir())
    if with_tags:
        folders = [
            f
            for f in folders
            if TAGS_LINE_RE.search(
                (site / "content" / "posts" / f / "index.md").read_text(encoding="utf-8")
            )
        ]
    step = max(1, len(folders) // max(1, count))
    chosen = folders[offset % step :: step]
    return (chosen * (count // max(1, len(chosen)) + 1))[:count]


def write_in_place(path: Path, text: str) -> float:
    """Save like an editor writing in place; the clock starts when the file is closed."""
    with open(path, "w", encoding="utf-8") as handle:  # noqa: PTH123
        handle.write(text)
    return time.perf_counter()


# -- one tool -----------------------------------------------------------------------------------


@dataclass
class Setup:
    tool: str
    command: list[str]
    env: dict[str, str] | None
    ready: str
    rebuild: re.Pattern[str]
    site: Path
    out: Path
    template: Path  # the partial the template scenario rewrites
    template_base: str  # its content before the marker
    template_mark: str  # what is appended, MARKER replaced by the marker


def run_tool(setup: Setup, args: argparse.Namespace, nonce: str) -> ToolRun:
    run = ToolRun(tool=setup.tool, command=setup.command)
    setup.template.write_text(setup.template_base, encoding="utf-8")
    shutil.rmtree(setup.out, ignore_errors=True)
    wait_idle(args.wait_idle)
    log(f"{setup.tool}: {shlex.join(setup.command)}")
    server = Server(setup.command, setup.env)
    try:
        run.startup_s, run.startup_line = server.wait_for(setup.ready, args.startup_timeout)
        log(f"  ready in {run.startup_s:.1f} s")
        base = f"http://127.0.0.1:{setup.command[setup.command.index('--port') + 1]}"
        time.sleep(args.quiet)
        counts = {
            "body": args.body,
            "tags": args.tags,
            "tags-existing": args.tags_existing,
            "categories": args.categories,
            "template": args.template,
        }
        for offset, scenario in enumerate(SCENARIOS):
            n = counts[scenario]
            if n <= 0:
                continue
            posts = pick_posts(setup.site, n, offset, with_tags=scenario in TERM_EDITS)
            for i, post in enumerate(posts):
                marker = f"bench{nonce}{setup.tool.replace('-', '')}{scenario}{i}"
                edit = one_edit(setup, server, base, scenario, post, marker, args)
                run.edits.append(edit)
                shown = f"{edit.ms:.0f} ms" if edit.ms is not None else "TIMEOUT"
                rebuilt = ", ".join(f"{v:.0f}" for v in edit.rebuild_ms)
                extra = "" if edit.term_page in (None, True) else " (term page missing)"
                busy = f", others {edit.others_cpu:.1f} CPUs" if edit.others_cpu >= 0.2 else ""
                log(f"  {scenario} {i + 1}/{n} {post}: {shown} (rebuild {rebuilt} ms){extra}{busy}")
    finally:
        server.stop()
        setup.template.write_text(setup.template_base, encoding="utf-8")
    return run


def one_edit(
    setup: Setup,
    server: Server,
    base: str,
    scenario: str,
    post: str,
    marker: str,
    args: argparse.Namespace,
) -> Edit:
    source = setup.site / "content" / "posts" / post / "index.md"
    page = setup.out / "posts" / post / "index.html"
    if not page.is_file():
        raise SystemExit(f"{setup.tool}: no {page} after the first build")
    fetch(f"{base}/posts/{post}/")
    text = source.read_text(encoding="utf-8")
    if scenario == "body":
        new_text, needle, target = (
            text.rstrip("\n") + f"\n\nBench paragraph {marker}.\n",
            marker,
            source,
        )
    elif scenario == "tags":
        new_text, count = TAGS_LINE_RE.subn(f'tags: ["{marker}", ', text, count=1)
        if not count:
            raise SystemExit(f"{source}: no `tags: [` line")
        needle, target = marker, source
    elif scenario in TERMS_LINE_RE:
        new_text, needle = term_edit(scenario, text, page.read_text(encoding="utf-8"), source)
        target = source
    else:
        new_text = (
            setup.template_base.rstrip("\n") + "\n" + setup.template_mark.replace("MARKER", marker)
        )
        needle, target = marker, setup.template
    since = len(server.lines)
    busy0, group0, self0 = system_busy(), group_cpu(server.proc.pid), self_cpu()
    wall0 = time.perf_counter()
    saved = write_in_place(target, new_text)
    found = wait_for_text(page, needle.encode(), saved, args.timeout, args.poll)
    edit = Edit(scenario=scenario, post=post, ms=None if found is None else found * 1000)
    server.wait_quiet(since, setup.rebuild, args.quiet, args.timeout)
    if scenario == "tags":
        edit.term_page = (setup.out / "tags" / marker / "index.html").is_file()
    wall = time.perf_counter() - wall0
    used = system_busy() - busy0 - (group_cpu(server.proc.pid) - group0) - (self_cpu() - self0)
    edit.others_cpu = max(0.0, used / wall) if wall > 0 else 0.0
    with server.changed:
        new_lines = [line for _, line in server.lines[since:]]
    for line in new_lines:
        found_line = setup.rebuild.search(line)
        if found_line:
            edit.rebuild_ms.append(float(found_line.group("ms")))
            if setup.tool == "polyblog":
                edit.lines.append(line)
    return edit


def term_edit(scenario: str, text: str, page: str, source: Path) -> tuple[str, str]:
    """The source with an existing term added (tags) or swapped in for the first category, and
    the needle: the term's URL path, which the page does not contain yet."""
    found = TERMS_LINE_RE[scenario].search(text)
    if found is None:
        raise SystemExit(f"{source}: no `{scenario.split('-')[0]}: [...]` line")
    names = [n.strip().strip('"') for n in found.group("names").split(",") if n.strip()]
    taxonomy = "tags" if scenario == "tags-existing" else "categories"
    for name in EXISTING[scenario]:
        needle = f'/{taxonomy}/{name.lower().replace(" ", "-")}/"'
        if name not in names and needle not in page:
            break
    else:
        raise SystemExit(f"{source}: every candidate term is on the page already")
    if scenario == "tags-existing":
        names.append(name)
    else:
        names[:1] = [name]
    line = f"{taxonomy}: [{', '.join(json.dumps(n, ensure_ascii=False) for n in names)}]"
    return text[: found.start()] + line + text[found.end() :], needle


def blog_setup(work: Path, corpus: Path, src: Path | None, python: str) -> Setup:
    site, out = work / "site-blog", work / "out-blog"
    copy_site(corpus, site)
    env = dict(os.environ)
    if src is not None:
        env["PYTHONPATH"] = os.pathsep.join(p for p in (str(src), env.get("PYTHONPATH", "")) if p)
    found = subprocess.run(
        [python, "-c", "import polyblog, pathlib; print(pathlib.Path(polyblog.__file__).parent)"],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )
    theme_footer = Path(found.stdout.strip()).parent / THEME_FOOTER
    template = site / "layouts" / "partials" / "footer.html"
    template.parent.mkdir(parents=True, exist_ok=True)
    cmd = [python, "-m", "polyblog", "serve", "--source", str(site)]
    cmd += ["--port", str(free_port()), "--destination", str(out)]
    return Setup(
        tool="polyblog",
        command=cmd,
        env=env,
        ready=BLOG_READY,
        rebuild=BLOG_REBUILD_RE,
        site=site,
        out=out,
        template=template,
        template_base=theme_footer.read_text(encoding="utf-8"),
        template_mark="<!-- MARKER -->\n",
    )


def hugo_setup(hugo: str, site: Path, config: Path, work: Path, fast: bool) -> Setup:
    out = work / ("out-hugo-fast" if fast else "out-hugo")
    cmd = [hugo, "server", "--source", str(site), "--config", str(config)]
    cmd += ["--port", str(free_port()), "--bind", "127.0.0.1", "--renderToDisk"]
    cmd += ["--destination", str(out), "--buildDrafts"]
    if not fast:
        cmd.append("--disableFastRender")
    template = site / HUGO_PARTIAL
    return Setup(
        tool="hugo-fast" if fast else "hugo",
        command=cmd,
        env=None,
        ready=HUGO_READY,
        rebuild=HUGO_REBUILD_RE,
        site=site,
        out=out,
        template=template,
        template_base=template.read_text(encoding="utf-8"),
        template_mark='{{ "<!-- MARKER -->" | safeHTML }}\n',  # html/template drops comments
    )


# -- report -------------------------------------------------------------------------------------


def summarize(run: ToolRun, scenario: str) -> dict[str, object] | None:
    edits = [e for e in run.edits if e.scenario == scenario]
    if not edits:
        return None
    times = [e.ms for e in edits if e.ms is not None]
    rebuilds = [sum(e.rebuild_ms) for e in edits if e.rebuild_ms]
    row: dict[str, object] = {
        "tool": run.tool,
        "scenario": scenario,
        "n": len(edits),
        "failures": len(edits) - len(times),
        "median_ms": round(statistics.median(times), 1) if times else None,
        "p95_ms": round(percentile(times, 95), 1) if times else None,
        "min_ms": round(min(times), 1) if times else None,
        "max_ms": round(max(times), 1) if times else None,
        "rebuild_median_ms": round(statistics.median(rebuilds), 1) if rebuilds else None,
        "rebuilds_per_edit": max((len(e.rebuild_ms) for e in edits), default=0),
        "others_max_cpus": round(max(e.others_cpu for e in edits), 2),
    }
    if scenario == "tags":
        row["term_pages_missing"] = sum(1 for e in edits if e.term_page is False)
    return row


def report(runs: list[ToolRun], target: float) -> str:
    head = ["tool", "scenario", "n", "median", "p95", "min", "max", "fail", "rebuild", "others"]
    rows = [head]

    def ms(value: object) -> str:
        return "-" if value is None else f"{value:.0f}"

    for run in runs:
        for scenario in SCENARIOS:
            row = summarize(run, scenario)
            if row is None:
                continue
            fail = str(row["failures"])
            if row.get("term_pages_missing"):
                fail += f" (+{row['term_pages_missing']} no term page)"
            rows.append(
                [
                    run.tool,
                    scenario,
                    str(row["n"]),
                    ms(row["median_ms"]),
                    ms(row["p95_ms"]),
                    ms(row["min_ms"]),
                    ms(row["max_ms"]),
                    fail,
                    ms(row["rebuild_median_ms"]),
                    f"{row['others_max_cpus']:.1f}",
                ]
            )
    widths = [max(len(r[i]) for r in rows) for i in range(len(head))]
    lines = [
        "  ".join(
            c.ljust(w) if i < 2 else c.rjust(w)
            for i, (c, w) in enumerate(zip(r, widths, strict=True))
        )
        for r in rows
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    lines.append(
        "(ms from the save to the page on disk; rebuild = median of the server's own rebuild "
        "time per edit; others = most CPUs other processes used during one edit)"
    )
    for run in runs:
        lines.append(f"{run.tool}: ready in {run.startup_s:.1f} s ({run.startup_line.strip()})")
        if run.tool != "polyblog":
            continue
        for label, scenarios in (("body edit", ("body",)), ("tag edit", TERM_EDITS)):
            times = [e.ms for e in run.edits if e.scenario in scenarios and e.ms is not None]
            if times:
                median = statistics.median(times)
                verdict = "meets" if median <= target else "misses"
                lines.append(
                    f"polyblog {label} saved -> page on disk: median {median:.0f} ms over "
                    f"{len(times)} edits ({', '.join(scenarios)}), {verdict} the {target:g} ms "
                    "target"
                )
    return "\n".join(lines)


def term_summary(runs: list[ToolRun]) -> dict[str, object]:
    """The "tag edit saved -> page on disk" figure: every tag and category edit of polyblog."""
    out: dict[str, object] = {}
    for run in runs:
        times = [e.ms for e in run.edits if e.scenario in TERM_EDITS and e.ms is not None]
        if times:
            out[run.tool] = {"n": len(times), "median_ms": round(statistics.median(times), 1)}
    return out


# -- main ---------------------------------------------------------------------------------------


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(
        description="Save-to-page-on-disk benchmark of `blog serve` (and `hugo server`).",
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    add_corpus_args(ap)
    ap.add_argument(
        "--tools",
        default=",".join(TOOLS),
        help="comma-separated: polyblog, hugo (--disableFastRender), hugo-fast (Hugo's default)",
    )
    ap.add_argument("--body", type=int, default=30, help="body edits per tool")
    ap.add_argument("--tags", type=int, default=15, help="new-tag edits per tool")
    ap.add_argument("--tags-existing", type=int, default=15, help="existing-tag edits per tool")
    ap.add_argument("--categories", type=int, default=15, help="category edits per tool")
    ap.add_argument("--template", type=int, default=5, help="template edits per tool")
    ap.add_argument("--timeout", type=float, default=60.0, help="seconds before an edit fails")
    ap.add_argument("--poll", type=float, default=0.001, help="seconds between stats of the page")
    ap.add_argument(
        "--quiet",
        type=float,
        default=0.3,
        help="after the page updated and the rebuild line, wait until the server printed "
        "nothing for this many seconds before the next edit",
    )
    ap.add_argument("--startup-timeout", type=float, default=300.0, help="seconds")
    ap.add_argument("--python", default=sys.executable, help="Python that runs `-m polyblog serve`")
    ap.add_argument(
        "--src",
        type=lambda v: Path(v) if v else None,
        default=REPO / "src",
        help="put this folder first on polyblog's PYTHONPATH ('' = the installed polyblog)",
    )
    ap.add_argument("--hugo-bin", default=shutil.which("hugo") or "hugo", help="hugo binary")
    ap.add_argument(
        "--oracle-dir", type=Path, default=DEFAULT_ORACLE, help="folder with hugo_manifest.py"
    )
    ap.add_argument(
        "--wait-idle",
        type=float,
        default=120.0,
        help="before each tool's server starts, wait up to this many seconds for other "
        "processes to go quiet (0: don't wait)",
    )
    ap.add_argument(
        "--target", type=float, default=150.0, help="body-edit and tag-edit median goal, ms"
    )
    ap.add_argument("--work", type=Path, default=None, help="work folder (kept); default: temp")
    ap.add_argument("--json", type=Path, default=None, help="write all results here as JSON")
    args = ap.parse_args(argv)
    tools = [t for t in args.tools.split(",") if t]
    unknown = [t for t in tools if t not in TOOLS]
    if unknown or not tools:
        ap.error(f"--tools: unknown {unknown}; choose from {', '.join(TOOLS)}")
    args.tool_list = tools
    if min(args.body, args.tags, args.tags_existing, args.categories, args.template) < 0:
        ap.error("edit counts must not be negative")
    return args


def file_system(path: Path) -> str:
    """The type of the file system holding path, from /proc/mounts (longest mount point)."""
    best, kind = "", "?"
    try:
        mounts = Path("/proc/mounts").read_text(encoding="utf-8").splitlines()
    except OSError:
        return kind
    resolved = str(path.resolve())
    for line in mounts:
        parts = line.split()
        inside = len(parts) >= 3 and (resolved + "/").startswith(parts[1].rstrip("/") + "/")
        if inside and len(parts[1]) >= len(best):
            best, kind = parts[1], f"{parts[2]} on {parts[1]}"
    return kind


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if isinstance(sys.stdout, io.TextIOWrapper):
        sys.stdout.reconfigure(line_buffering=True)
    own_work = args.work is None
    work = Path(tempfile.mkdtemp(prefix="polyblog-serve-bench-")) if own_work else args.work
    work = work.resolve()
    work.mkdir(parents=True, exist_ok=True)
    src = args.src.resolve() if args.src else None
    nonce = f"{int(time.time()) % 100000:05d}"
    try:
        if args.corpus is not None:
            corpus = args.corpus.resolve()
        else:
            corpus = work / "corpus"
            shutil.rmtree(corpus, ignore_errors=True)
            generate_corpus(args.corpus_script.resolve(), corpus, args.posts, args.langs, args.seed)
        env_python = args.python
        if src is not None:
            os.environ["PYTHONPATH"] = os.pathsep.join(
                p for p in (str(src), os.environ.get("PYTHONPATH", "")) if p
            )
        info: dict[str, object] = {
            "machine": machine_info(),
            "file_system": file_system(work),
            "work": str(work),
            "polyblog": code_state(env_python),
            "corpus": {
                "posts": args.posts,
                "langs": args.langs,
                "seed": args.seed,
                **corpus_stats(corpus),
            },
            "settings": {
                "poll_s": args.poll,
                "quiet_s": args.quiet,
                "timeout_s": args.timeout,
                "edits": {
                    "body": args.body,
                    "tags": args.tags,
                    "tags-existing": args.tags_existing,
                    "categories": args.categories,
                    "template": args.template,
                },
            },
        }
        if any(t.startswith("hugo") for t in args.tool_list):
            info["hugo"] = tool_version([args.hugo_bin, "version"])
        for key, value in info.items():
            log(f"{key}: {json.dumps(value, ensure_ascii=False)}")

        runs: list[ToolRun] = []
        hugo_site: tuple[Path, Path] | None = None
        for tool in args.tool_list:
            if tool == "polyblog":
                setup = blog_setup(work, corpus, src, env_python)
            else:
                if hugo_site is None:
                    site, config, _, _ = prepare_hugo(
                        args.oracle_dir.resolve(), corpus, work, True, False
                    )
                    hugo_site = (site, config)
                setup = hugo_setup(args.hugo_bin, *hugo_site, work, tool == "hugo-fast")
            runs.append(run_tool(setup, args, nonce))
        print()
        print(report(runs, args.target))
        if args.json:
            data = {
                **info,
                "results": [
                    row for run in runs for s in SCENARIOS if (row := summarize(run, s)) is not None
                ],
                "tag_edit": term_summary(runs),
                "runs": [asdict(run) for run in runs],
            }
            args.json.write_text(
                json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
            )
            log(f"wrote {args.json}")
    finally:
        if own_work:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
