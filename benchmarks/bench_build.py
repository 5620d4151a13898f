#!/usr/bin/env python3
"""Build benchmark: polyblog (and optionally Hugo) on a generated multilingual corpus.

    python benchmarks/bench_build.py                 # 1000 posts x en,fr,de; jobs auto and 1
    python benchmarks/bench_build.py --hugo          # the same, plus Hugo 0.111 on that corpus
    python benchmarks/bench_build.py --hugo --hugo-light --hugo-twin --warm --jobs auto
                                                     # cold and warm polyblog against Hugo
    python benchmarks/bench_build.py --profile       # one in-process build under cProfile
    python benchmarks/bench_build.py --jobs 2 --runs 5 --json /tmp/bench.json

The corpus comes from ../shared/bench/gen_corpus.py (beside the repository; see --corpus-script),
which is deterministic: the same --posts/--langs/--seed always give the same bytes.

Cold runs pass `--no-cache`. With --warm, each run also builds a fresh copy with the cache
(the first, cold build writes it), then again with nothing changed, after one post's body edit,
after one post's tags edit, after a template edit and after `public/` was removed; every step is
timed alone (the edit itself is outside the timer). The report ends with each polyblog median
as a multiple of Hugo's cold build.

With --interleave the cold builds run in rounds, one run of each configuration in turn,
instead of one configuration after the other: Hugo's times vary from one spell to the next on a
shared machine more than polyblog's, and rounds give every configuration the same spells.

Every cold run is cold: a fresh copy of the corpus (no state a previous build could have left
in the site folder) and a destination that does not exist yet. Only the build command itself is
timed (wall clock around the subprocess); copying and deleting happen outside the timer. The OS
page cache is warm (the corpus was just written): "cold" means no generator state, not a cold
disk.

polyblog runs as `blog build --source COPY --destination NEW -v [--jobs N] [--drafts]`; the
stage timings come from the `-v` summary. `--jobs` takes a comma-separated list; `auto` means
"no --jobs flag" (polyblog then uses one worker per CPU).

Hugo (--hugo) builds the same corpus through the conformance oracle's neutral layouts
(../shared/oracle): `hugo_manifest.py` prepares the Hugo copy once (blog.yaml translated by
blog2hugo.py, config patched for 0.111, oracle layouts, empty stubs for every shortcode used)
and builds it once, which doubles as a warm-up and gives Hugo's page count. Each timed run is
then `hugo --source SITE --config CFG --destination NEW --quiet --noBuildLock`. The oracle's
layouts embed a JSON record of every page (translations, terms, every listed page) in each HTML
file; --hugo-light adds a second Hugo row with that record stubbed out (`{{ return dict }}`),
which is closer to what a normal theme asks of Hugo. Neither does the work polyblog's default
theme does: their shortcodes are empty stubs, and their pages have no header, language
switcher, Open Graph and JSON-LD, series box, table of contents, related posts or pager bar.
--hugo-twin adds a row for Hugo doing the same job ("hugo (polyblog theme twin)"): the layouts
and shortcodes of benchmarks/hugo_twin/layouts/ make, from the same content, the files
polyblog's default theme makes (the same 5,780 paths on the 1000-post corpus; HTML pages within
3 % in size, with the same <head> items, the same visible words and the same <body> elements
but for the highlighter's and footnotes' own markup: benchmarks/hugo_twin_check.py compares two
outputs). prepare_hugo copies the oracle's site, replaces its layouts with the twin's and adds
what polyblog applies by default: the theme's translations (its i18n/*.yaml, placeholders
rewritten for Hugo's i18n), static files and colour-scheme script; an archive page per language;
and in the config, language codes from the locales, 10 posts per pager, related posts by series,
tags and categories, CSS classes for highlighting, RSS and Atom feeds of 20 entries on every
list and taxonomy, robots.txt. Written the way a Hugo theme author would: cards, a series' sorted
parts, a list's pages and the static colour-scheme markup through `partialCached`, summaries
from Hugo's `.Summary`, the pager bar from a window of numbers. --hugo-light and --hugo-twin
imply --hugo. --related-off adds polyblog without related posts (`related: {count: 0}` in its
copy of blog.yaml) and, with --hugo-twin, the twin without its `.Related` list.

Search: polyblog makes a Pagefind search index by default and Hugo makes none, so each copy
gets `search: false` (unless its blog.yaml says otherwise, or with --search);
benchmarks/bench_features.py times what search costs.

Drafts: the generated corpus links `article` shortcodes to draft posts, which polyblog reports
as errors ("link ... matches no page"), so by default both generators build with drafts
(`--drafts` / `--buildDrafts`); --no-drafts builds the published site only.

Stdlib only (the oracle scripts it calls as subprocesses need PyYAML).
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import os
import platform
import pstats
import re
import resource
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
DEFAULT_CORPUS_SCRIPT = SHARED / "bench" / "gen_corpus.py"
DEFAULT_ORACLE = SHARED / "oracle"

BUILT_RE = re.compile(r"Built (\d+) pages in (\d+) languages, (\d+) files")
STAGE_RE = re.compile(r"([A-Za-z_][\w-]*) (\d+(?:\.\d+)?) ms")
MANIFEST_RE = re.compile(r": (\d+) pages \(.*?\); (\d+) pagers, (\d+) aliases")
SKIP_COPY = {"public", "resources", ".git"}
WRAPPER_FRAMES = (
    "<frozen runpy>",
    "builtins.exec",
    "<string>:1(<module>)",
    "click/",
    "polyblog/__main__.py",
    "polyblog/cli.py",
)
# --hugo-light: the oracle's per-page record replaced by the pagination alone (same files written)
LIGHT_RECORD = """{{- /* bench_build.py --hugo-light: pagination only, no JSON record */ -}}
{{- $on := slice -}}
{{- if in (slice "home" "section" "term") .Kind -}}
  {{- $pager := "" -}}
  {{- if eq .Kind "home" }}{{ $pager = .Paginate (where site.RegularPages "Type" "in" \
site.Params.mainSections) }}{{ else }}{{ $pager = .Paginator }}{{ end -}}
  {{- range $pager.Pages }}{{ $on = $on | append .RelPermalink }}{{ end -}}
{{- end -}}
{{- return (dict "pages" $on) -}}
"""
# --hugo-light: list pages show their pager's posts as cards (title, date, reading time, summary,
# tags) like a blog theme, instead of every page of the list on every pager
LIGHT_LIST = """{{ define "main" }}<article>{{ .Content }}</article>
<ul>{{ $list := .Pages }}{{ if in (slice "home" "section" "term") .Kind }}\
{{ $list = .Paginator.Pages }}{{ end }}
{{- range $list }}<li><h2><a href="{{ .RelPermalink }}">{{ .Title }}</a></h2>\
<time>{{ .Date.Format "2 January 2006" }}</time> {{ .ReadingTime }} min
<div>{{ .Summary }}</div>{{ range .GetTerms "tags" }}<a href="{{ .RelPermalink }}">\
{{ .LinkTitle }}</a> {{ end }}</li>{{ end }}</ul>{{ end }}
"""


TWIN_LAYOUTS = REPO / "benchmarks" / "hugo_twin" / "layouts"
THEME = REPO / "src" / "polyblog" / "themes" / "default"
# the default theme's inline colour-scheme script, which the twin writes as it is (the theme's
# file is a Jinja comment and the script: the twin takes the script from it)
THEME_SCRIPT = THEME / "templates" / "partials" / "color-scheme.html"
JINJA_COMMENT_RE = re.compile(r"\A\s*\{#.*?#\}\s*", re.S)
# the theme's static files a page of the corpus links to (not Mermaid, which no post uses)
THEME_STATIC_SKIP = {"vendor", "diagrams.js"}
# polyblog's feeds: RSS (index.xml) and Atom (atom.xml) beside every list and taxonomy page
TWIN_OUTPUTS = {kind: ["html", "rss", "atom"] for kind in ("home", "section", "taxonomy", "term")}
TWIN_ATOM = {"mediaType": "application/atom+xml", "baseName": "atom", "rel": "alternate"}
I18N_PLACEHOLDER_RE = re.compile(r"\{(\w+)\}")


def twin_config(oracle_config: Path, site: Any, out: Path) -> Path:
    """The oracle's Hugo config with what polyblog does by default, read from the site's
    configuration as polyblog reads it (`site`: its `Config`): each language's code (from its
    locale), the page size, related posts, CSS classes for highlighted code, RSS and Atom
    feeds of the same length, robots.txt."""
    config = json.loads(oracle_config.read_text(encoding="utf-8"))
    locales = {lang.code: lang.locale.replace("_", "-") for lang in site.languages}
    for key, language in config.get("languages", {}).items():
        language["languagecode"] = locales.get(key, key)
    config["paginate"] = site.page_size
    related = site.related
    config["related"] = {
        "threshold": related.threshold,
        "includeNewer": related.include_newer,
        "toLower": False,
        "indices": [{"name": i.name, "weight": i.weight} for i in related.indices],
    }
    config.setdefault("markup", {}).setdefault("highlight", {})["noClasses"] = False
    config["mediaTypes"] = {"application/atom+xml": {"suffixes": ["xml"]}}
    config["outputFormats"] = {"atom": TWIN_ATOM}
    config["outputs"] = TWIN_OUTPUTS
    config["enableRobotsTXT"] = site.robots_txt
    config.setdefault("params", {})["twinFeedLimit"] = site.feed_limit
    out.write_text(json.dumps(config, indent=1), encoding="utf-8")
    return out


def twin_i18n(theme_i18n: Path, languages: list[str], out: Path) -> dict[str, dict[str, str]]:
    """Hugo translation files made from the theme's own (the same strings, `{name}` written
    `{{ .name }}` and `{count}` `{{ .Count }}`), one per language of the site; returns the
    one-line strings of each language."""
    out.mkdir(parents=True, exist_ok=True)
    strings: dict[str, dict[str, str]] = {}
    for key in languages:
        base = key.lower().replace("_", "-")
        names = (base, base.split("-")[0], "en")
        source = next(
            (theme_i18n / f"{n}.yaml" for n in names if (theme_i18n / f"{n}.yaml").is_file()), None
        )
        if source is None:
            continue
        text = source.read_text(encoding="utf-8")
        loaded = yaml.safe_load(text) or {}
        strings[key] = {k: v for k, v in loaded.items() if isinstance(v, str)}

        def field(match: re.Match[str]) -> str:
            name = match.group(1)
            return "{{ .Count }}" if name == "count" else "{{ ." + name + " }}"

        (out / f"{key}.yaml").write_text(I18N_PLACEHOLDER_RE.sub(field, text), encoding="utf-8")
    return strings


def prepare_twin(site: Path, config: Path, corpus: Path, hwork: Path) -> tuple[Path, Path]:
    """The twin's Hugo site: a copy of the oracle's with the twin's layouts, the theme's
    colour-scheme script, translations and static files, and an archive page per language
    (polyblog makes one by default); and its config."""
    twin_dir = hwork / "site-twin"
    shutil.rmtree(twin_dir, ignore_errors=True)
    shutil.copytree(site, twin_dir)
    shutil.rmtree(twin_dir / "layouts")
    shutil.copytree(TWIN_LAYOUTS, twin_dir / "layouts")
    inline = JINJA_COMMENT_RE.sub("", THEME_SCRIPT.read_text(encoding="utf-8"), count=1)
    (twin_dir / "layouts" / "partials" / "color-scheme.html").write_text(inline, "utf-8")
    shutil.copytree(
        THEME / "static",
        twin_dir / "static",
        dirs_exist_ok=True,
        ignore=lambda d, names: [n for n in names if n in THEME_STATIC_SKIP],
    )
    from polyblog.config import load_config  # the measured checkout's (see --src)
    from polyblog.errors import BlogError

    try:
        ours = load_config(corpus)
    except BlogError as exc:  # path:line: message, as `blog build` says it
        raise SystemExit(str(exc)) from None
    twin_cfg = twin_config(config, ours, hwork / "twin-config.json")
    settings = json.loads(twin_cfg.read_text(encoding="utf-8"))
    languages = list(settings.get("languages", {}))
    strings = twin_i18n(THEME / "i18n", languages, twin_dir / "i18n")
    if ours.archive.enabled:
        for lang in languages:
            title = strings.get(lang, {}).get("archive", "Archive")
            path = ours.archive.path
            name = f"{path}.md" if lang == ours.default_language else f"{path}.{lang}.md"
            page = f"---\ntitle: {json.dumps(title, ensure_ascii=False)}\ntype: archive\n---\n"
            (twin_dir / "content" / name).write_text(page, encoding="utf-8")
    return twin_dir, twin_cfg


@dataclass
class Run:
    wall: float
    cpu: float  # user + sys of the build process and its children
    foreign: float  # CPU seconds other processes used on the machine during the run
    files: int
    pages: int | None
    stages: dict[str, float] = field(default_factory=dict)  # seconds


@dataclass
class Series:
    label: str
    command: list[str]
    runs: list[Run] = field(default_factory=list)
    pages_note: str = ""

    @property
    def walls(self) -> list[float]:
        return [r.wall for r in self.runs]

    def summary(self) -> dict[str, object]:
        stages: dict[str, float] = {}
        for name in self.runs[0].stages if self.runs else {}:
            values = [r.stages[name] for r in self.runs if name in r.stages]
            stages[name] = round(statistics.median(values), 3)
        return {
            "label": self.label,
            "command": shlex.join(self.command),
            "runs": len(self.runs),
            "wall_min": round(min(self.walls), 3),
            "wall_median": round(statistics.median(self.walls), 3),
            "cpu_median": round(statistics.median(r.cpu for r in self.runs), 3),
            "files": self.runs[-1].files,
            "pages": self.runs[-1].pages,
            "pages_note": self.pages_note,
            "stages_median": stages,
            "all": [asdict(r) for r in self.runs],
        }


# -- helpers ------------------------------------------------------------------------------------


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def count_files(folder: Path) -> int:
    return sum(len(files) for _, _, files in os.walk(folder))


SEARCH = {"keep": False}  # --search: keep the site's search setting (else off, as in Hugo)


def copy_site(source: Path, target: Path) -> None:
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(
        source,
        target,
        symlinks=False,
        ignore=lambda d, names: [n for n in names if Path(d) == source and n in SKIP_COPY],
    )
    config = target / "blog.yaml"
    if not SEARCH["keep"] and config.is_file():
        text = config.read_text(encoding="utf-8")
        if not re.search(r"(?m)^search:", text):  # Hugo makes no search index
            config.write_text(text.rstrip("\n") + "\nsearch: false\n", encoding="utf-8")


RELATED_OFF_LABEL = ", related posts off"
TWIN_RELATED_CALL = "{{- with first 3 (site.RegularPages.Related .) }}"


def without_related(blog_yaml: Path) -> None:
    """--related-off: no related posts (`related: {count: 0}`) in a copy's blog.yaml."""
    text = blog_yaml.read_text(encoding="utf-8") if blog_yaml.is_file() else ""
    if re.search(r"(?m)^related:", text):
        raise SystemExit(f"{blog_yaml} sets related: --related-off needs a corpus that does not")
    blog_yaml.write_text(text.rstrip("\n") + "\nrelated: {count: 0}\n", encoding="utf-8")


def twin_without_related(twin_dir: Path, target: Path) -> Path:
    """--related-off: a copy of the twin's site whose posts list no related posts."""
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(twin_dir, target)
    single = target / "layouts" / "_default" / "single.html"
    text = single.read_text(encoding="utf-8")
    if TWIN_RELATED_CALL not in text:
        raise SystemExit(f"{single} no longer calls .Related as {TWIN_RELATED_CALL!r}")
    single.write_text(text.replace(TWIN_RELATED_CALL, "{{- with false }}"), encoding="utf-8")
    return target


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def system_busy() -> float:
    """CPU seconds all processes have used since boot (0.0 where /proc/stat is missing)."""
    try:
        fields = Path("/proc/stat").read_text(encoding="ascii").split("\n", 1)[0].split()
    except OSError:
        return 0.0
    # user nice system idle iowait irq softirq steal: everything but idle and iowait
    busy = sum(int(v) for i, v in enumerate(fields[1:9]) if i not in (3, 4))
    return busy / os.sysconf("SC_CLK_TCK")


def wait_idle(limit: float, threshold: float = 0.2) -> None:
    """Before a timed run, wait (at most `limit` s) until other processes use < threshold CPUs.
    On a shared machine another job (a test suite...) skews parallel timings badly."""
    if limit <= 0:
        return
    deadline = time.monotonic() + limit
    while True:
        before = system_busy()
        time.sleep(1.0)
        used = system_busy() - before
        if used < threshold or time.monotonic() > deadline:
            if used >= threshold:
                log(f"  machine still busy ({used:.1f} CPUs in use by others); timing anyway")
            return
        log(f"  waiting: other processes use {used:.1f} CPUs")


def timed(cmd: list[str], cwd: Path | None = None) -> tuple[float, float, float, str]:
    """Run cmd; return (wall s, cpu s of it and its children, cpu s used by all other processes
    meanwhile, stdout+stderr)."""
    cpu0 = children_cpu()
    busy0 = system_busy()
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - start
    cpu = children_cpu() - cpu0
    foreign = max(0.0, system_busy() - busy0 - cpu)
    out = proc.stdout + proc.stderr
    if proc.returncode != 0:
        tail = "\n".join(out.splitlines()[-25:])
        raise SystemExit(f"command failed (exit {proc.returncode}): {shlex.join(cmd)}\n{tail}")
    return wall, cpu, foreign, out


def parse_blog_output(text: str) -> tuple[int | None, dict[str, float]]:
    """Pages from the `Built N pages` line, stage seconds from the `-v` timings line."""
    built = BUILT_RE.search(text)
    pages = int(built.group(1)) if built else None
    stages: dict[str, float] = {}
    for line in text.splitlines():
        found = STAGE_RE.findall(line)
        if len(found) >= 2 and line.strip().startswith(found[0][0]):
            stages = {name: float(ms) / 1000 for name, ms in found}
    return pages, stages


def machine_info() -> dict[str, str]:
    model = ""
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.is_file():
        for line in cpuinfo.read_text(encoding="utf-8", errors="replace").splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    try:
        usable = str(len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        usable = "?"
    return {
        "nproc": usable,
        "cpu_count": str(os.cpu_count()),
        "cpu_model": model or platform.processor() or "?",
        "python": platform.python_version(),
        "platform": platform.platform(),
    }


def code_state(python: str) -> dict[str, str]:
    """Which polyblog the builds import (an editable install may point at another checkout):
    its folder, the git HEAD there, whether its tree is dirty, and a digest of its files."""
    probe = "import pathlib, polyblog; print(pathlib.Path(polyblog.__file__).resolve().parent)"
    found = subprocess.run([python, "-c", probe], capture_output=True, text=True, check=False)
    if found.returncode != 0 or not found.stdout.strip():
        return {"imported_from": "?"}
    package = Path(found.stdout.strip())
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(path.relative_to(package).as_posix().encode())
            digest.update(path.read_bytes())
    head = dirty = "?"
    try:
        head = subprocess.run(
            ["git", "-C", str(package), "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        status = subprocess.run(
            ["git", "-C", str(package), "status", "--porcelain", "--", "."],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        dirty = "dirty" if status.strip() else "clean"
    except (OSError, subprocess.CalledProcessError):
        pass
    return {
        "imported_from": str(package),
        "git_head": head,
        "tree": dirty,
        "sha256": digest.hexdigest()[:12],
    }


def tool_version(cmd: list[str]) -> str:
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, check=False, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return "?"
    return (out.stdout or out.stderr).strip().splitlines()[0] if (out.stdout or out.stderr) else "?"


# -- corpus -------------------------------------------------------------------------------------


def generate_corpus(script: Path, out: Path, posts: int, langs: str, seed: int) -> None:
    if not script.is_file():
        raise SystemExit(f"corpus script not found: {script} (use --corpus-script)")
    cmd = [
        sys.executable,
        str(script),
        str(out),
        "--posts",
        str(posts),
        "--langs",
        langs,
        "--seed",
        str(seed),
    ]
    log(f"generating corpus: {shlex.join(cmd)}")
    wall, _, _, _ = timed(cmd)
    log(f"  {count_files(out / 'content')} content files in {wall:.1f} s")


def corpus_stats(corpus: Path) -> dict[str, object]:
    content = corpus / "content"
    md = [p for p in content.rglob("*.md") if p.is_file()]
    by_lang: dict[str, int] = {}
    drafts = 0
    for path in md:
        parts = path.name.split(".")
        lang = parts[1] if len(parts) == 3 else "default"
        by_lang[lang] = by_lang.get(lang, 0) + 1
        with path.open(encoding="utf-8") as handle:
            head = handle.read(2048)
        drafts += "\ndraft: true\n" in head
    return {
        "content_files": len(md),
        "files_per_language_suffix": dict(sorted(by_lang.items())),
        "draft_files": drafts,
        "markdown_bytes": sum(p.stat().st_size for p in md),
    }


# -- polyblog -----------------------------------------------------------------------------------


Step = Callable[[int], None]  # one timed run (its number), added to its series


def bench_blog(
    blog: list[str],
    corpus: Path,
    work: Path,
    jobs: str,
    runs: int,
    drafts: bool,
    idle: float,
    related_off: bool = False,
) -> tuple[Series, Step]:
    """polyblog's cold builds with `jobs` (with `related_off`, of a copy whose blog.yaml has
    `related: {count: 0}`): the series and the step that times run i."""
    extra = ["--no-cache"] + ([] if jobs == "auto" else ["--jobs", jobs])
    if drafts:
        extra.append("--drafts")
    label = f"polyblog jobs={jobs}" + (f" ({os.cpu_count()} CPUs)" if jobs == "auto" else "")
    label += RELATED_OFF_LABEL if related_off else ""
    series = Series(
        label=label,
        command=[*blog, "build", "--source", "SITE", "--destination", "OUT", "-v", *extra],
    )
    site = work / (f"site-blog-{jobs}" + ("-related-off" if related_off else ""))

    def step(i: int) -> None:
        dest = work / f"out-blog-{i}"
        copy_site(corpus, site)
        if related_off:
            without_related(site / "blog.yaml")
        shutil.rmtree(dest, ignore_errors=True)
        cmd = [*blog, "build", "--source", str(site), "--destination", str(dest), "-v", *extra]
        wait_idle(idle)
        wall, cpu, foreign, out = timed(cmd)
        pages, stages = parse_blog_output(out)
        run = Run(
            wall=wall, cpu=cpu, foreign=foreign, files=count_files(dest), pages=pages, stages=stages
        )
        series.runs.append(run)
        shown = ", ".join(f"{k} {v:.2f}" for k, v in stages.items())
        log(
            f"  {label} run {i + 1}/{runs}: {wall:.2f} s wall, {cpu:.2f} s cpu "
            f"(others {foreign:.2f}), {run.files} files, {pages} pages [{shown}]"
        )
        shutil.rmtree(dest, ignore_errors=True)
        shutil.rmtree(site, ignore_errors=True)

    return series, step


def run_all(steps: list[tuple[Series, Step]], runs: int, interleave: bool) -> list[Series]:
    """Every step `runs` times: one series after the other, or with `interleave` in rounds
    (one run of each in turn), so that a slower spell of a shared machine falls on all of
    them alike."""
    if interleave:
        for i in range(runs):
            for _series, step in steps:
                step(i)
    else:
        for _series, step in steps:
            for i in range(runs):
                step(i)
    return [series for series, _step in steps]


WARM_STEPS = (
    ("cold, cache written", None),
    ("again, nothing changed", None),
    ("one post's body edited", "body"),
    ("one post's tags edited", "tags"),
    ("a template edited", "template"),
    ("public/ removed", "public"),
)


def _edit(site: Path, dest: Path, what: str) -> None:
    """The edit made before a warm step (outside the timer)."""
    posts = sorted((site / "content").rglob("index.md"))
    post = posts[len(posts) // 2]
    if what == "body":
        post.write_text(post.read_text(encoding="utf-8") + "\nOne more paragraph.\n", "utf-8")
    elif what == "tags":
        text = post.read_text(encoding="utf-8")
        new = re.sub(r"(?m)^tags:.*$", "tags: [benchmark-edit]", text, count=1)
        if new == text:
            new = text.replace("---\n", "---\ntags: [benchmark-edit]\n", 1)
        post.write_text(new, encoding="utf-8")
    elif what == "template":
        layout = site / "layouts" / "partials" / "footer.html"
        layout.parent.mkdir(parents=True, exist_ok=True)
        layout.write_text("<footer>edited for the benchmark</footer>\n", encoding="utf-8")
    elif what == "public":
        shutil.rmtree(dest, ignore_errors=True)


def bench_warm(
    blog: list[str], corpus: Path, work: Path, runs: int, drafts: bool, idle: float
) -> list[Series]:
    """`blog build` with its cache: a cold build that writes the cache, then the same
    destination again after no change and after each kind of edit (each timed alone)."""
    extra = ["--drafts"] if drafts else []
    series = [
        Series(label=f"warm: {label}", command=[*blog, "build", "--source", "SITE", "-v", *extra])
        for label, _ in WARM_STEPS
    ]
    for i in range(runs):
        site = work / "site-warm"
        dest = work / "out-warm"
        copy_site(corpus, site)
        shutil.rmtree(dest, ignore_errors=True)
        for (label, edit), serie in zip(WARM_STEPS, series, strict=True):
            if edit is not None:
                _edit(site, dest, edit)
            cmd = [*blog, "build", "--source", str(site), "--destination", str(dest), "-v"]
            wait_idle(idle)
            wall, cpu, foreign, out = timed([*cmd, *extra])
            pages, stages = parse_blog_output(out)
            run = Run(wall=wall, cpu=cpu, foreign=foreign, files=count_files(dest),
                      pages=pages, stages=stages)  # fmt: skip
            serie.runs.append(run)
            said = next((ln.strip() for ln in out.splitlines() if "cache:" in ln), "")
            log(f"  {label} run {i + 1}/{runs}: {wall:.2f} s wall, {cpu:.2f} s cpu "
                f"(others {foreign:.2f}) {said[:110]}")  # fmt: skip
        shutil.rmtree(site, ignore_errors=True)
        shutil.rmtree(dest, ignore_errors=True)
    return series


def ratios(series: list[Series]) -> str:
    """Each polyblog row's median as a multiple of each Hugo row's median cold build: the
    twin (the same pages) is the like-for-like reference; the other layouts do less."""
    lines: list[str] = []
    width = max((len(s.label) for s in series), default=40)
    for ref in (s for s in series if s.label.startswith("hugo")):
        base = statistics.median(ref.walls)
        lines.append(f"against {ref.label}, median {base:.2f} s:")
        for s in series:
            if s.label.startswith(("polyblog", "warm")):
                median = statistics.median(s.walls)
                lines.append(f"  {s.label:<{width}} {median:7.2f} s  {median / base:5.2f}x Hugo")
    return "\n".join(lines)


def profile_blog(
    blog_python: str,
    corpus: Path,
    work: Path,
    out: Path,
    jobs: str,
    drafts: bool,
    top: int,
    sort: str,
) -> None:
    """One build in-process under cProfile. Pool workers are separate processes that cProfile
    does not see, so the profile uses --jobs 1 unless --profile-jobs says otherwise."""
    site = work / "site-profile"
    dest = work / "out-profile"
    copy_site(corpus, site)
    shutil.rmtree(dest, ignore_errors=True)
    extra = [] if jobs == "auto" else ["--jobs", jobs]
    if drafts:
        extra.append("--drafts")
    cmd = [
        blog_python,
        "-m",
        "cProfile",
        "-o",
        str(out),
        "-m",
        "polyblog",
        "build",
        "--source",
        str(site),
        "--destination",
        str(dest),
        "-v",
        *extra,
    ]
    log(f"profiling: {shlex.join(cmd)}")
    wall, _, _, text = timed(cmd)
    pages, stages = parse_blog_output(text)
    print(
        f"\nprofiled build (jobs={jobs}): {wall:.2f} s wall under cProfile, {pages} pages; "
        "stages " + ", ".join(f"{k} {v:.2f} s" for k, v in stages.items())
    )
    print(f"profile data: {out}  (python -m pstats {out})\n")
    print_profile(out, top, sort)
    shutil.rmtree(dest, ignore_errors=True)
    shutil.rmtree(site, ignore_errors=True)


def _where(func: tuple[str, int, str]) -> str:
    filename, line, name = func
    if filename == "~":
        return name  # a built-in
    short = re.sub(r"^.*(?:/site-packages/|/src/|/lib/python3\.\d+/)", "", filename)
    return f"{short}:{line}({name})"


def print_profile(path: Path, top: int, sort: str) -> None:
    """The top functions, without the entry-point frames (runpy, click, the CLI) above build()."""
    stats = pstats.Stats(str(path))
    table: dict[tuple[str, int, str], tuple[int, int, float, float, object]] = getattr(
        stats, "stats", {}
    )
    total = getattr(stats, "total_tt", 0.0) or 1.0
    column = {"cumulative": 2, "cumtime": 2, "tottime": 1, "time": 1, "ncalls": 0, "calls": 0}
    index = column.get(sort, 2)
    rows: list[tuple[tuple[float, float, float], str]] = []  # (ncalls, tottime, cumtime), where
    for func, (_cc, calls, own, cum, _callers) in table.items():
        where = _where(func)
        if not any(skip in where for skip in WRAPPER_FRAMES):
            rows.append(((calls, own, cum), where))
    rows.sort(key=lambda r: -r[0][index])
    print(f"top {top} by {sort} of {total:.2f} s profiled (entry-point wrappers left out):")
    print(f"{'ncalls':>10} {'tottime':>8} {'cumtime':>8} {'cum %':>6}  function")
    for (ncalls, tottime, cumtime), where in rows[:top]:
        print(
            f"{ncalls:>10.0f} {tottime:8.3f} {cumtime:8.3f} {100 * cumtime / total:5.1f}%  {where}"
        )


# -- Hugo ---------------------------------------------------------------------------------------


def prepare_hugo(
    oracle: Path, corpus: Path, work: Path, drafts: bool, light: bool, twin: bool = False
) -> tuple[Path, Path, Path | None, str, tuple[Path, Path] | None]:
    """hugo_manifest.py builds the Hugo copy (and Hugo once); return site, config, light site,
    the manifest's summary, and the twin's site and config."""
    script = oracle / "hugo_manifest.py"
    if not script.is_file():
        raise SystemExit(f"oracle not found: {script} (use --oracle-dir)")
    hwork = work / "hugo"
    manifest = work / "hugo-manifest.json"
    cmd = [
        sys.executable,
        str(script),
        str(corpus),
        str(manifest),
        "--work",
        str(hwork),
        "--no-excluded",
    ]
    if drafts:
        cmd += ["--", "--buildDrafts"]
    log(f"preparing the Hugo copy: {shlex.join(cmd)}")
    wall, _, _, out = timed(cmd)
    summary = out.strip().splitlines()[-1] if out.strip() else ""
    log(f"  {wall:.1f} s (includes one untimed Hugo build and the manifest scan)\n  {summary}")
    site, config = hwork / "site", hwork / "oracle-config.json"
    shutil.rmtree(hwork / "public", ignore_errors=True)
    light_site = None
    if light:
        light_site = hwork / "site-light"
        shutil.rmtree(light_site, ignore_errors=True)
        shutil.copytree(site, light_site)
        record = light_site / "layouts" / "partials" / "oracle-data.html"
        record.write_text(LIGHT_RECORD.replace("\\\n", ""), encoding="utf-8")
        listing = light_site / "layouts" / "_default" / "list.html"
        listing.write_text(LIGHT_LIST.replace("\\\n", ""), encoding="utf-8")
    twin_site = prepare_twin(site, config, corpus, hwork) if twin else None
    return site, config, light_site, summary, twin_site


def bench_hugo(
    hugo: str,
    site: Path,
    config: Path,
    work: Path,
    runs: int,
    drafts: bool,
    label: str,
    pages_note: str,
    idle: float,
) -> tuple[Series, Step]:
    """Hugo's cold builds of `site`: the series and the step that times run i."""
    extra = ["--buildDrafts"] if drafts else []
    series = Series(
        label=label,
        command=[
            hugo,
            "--source",
            "SITE",
            "--config",
            "CFG",
            "--destination",
            "OUT",
            "--quiet",
            "--noBuildLock",
            *extra,
        ],
        pages_note=pages_note,
    )
    pages = None
    found = MANIFEST_RE.search(pages_note)
    if found:
        pages = int(found.group(1))  # like polyblog's count: pagers (group 2) not included

    def step(i: int) -> None:
        dest = work / f"out-hugo-{i}"
        shutil.rmtree(dest, ignore_errors=True)
        shutil.rmtree(site / "resources", ignore_errors=True)
        cmd = [
            hugo,
            "--source",
            str(site),
            "--config",
            str(config),
            "--destination",
            str(dest),
            "--quiet",
            "--noBuildLock",
            *extra,
        ]
        wait_idle(idle)
        wall, cpu, foreign, _ = timed(cmd)
        run = Run(wall=wall, cpu=cpu, foreign=foreign, files=count_files(dest), pages=pages)
        series.runs.append(run)
        log(
            f"  {label} run {i + 1}/{runs}: {wall:.2f} s wall, {cpu:.2f} s cpu "
            f"(others {foreign:.2f}), {run.files} files"
        )
        shutil.rmtree(dest, ignore_errors=True)

    return series, step


# -- report -------------------------------------------------------------------------------------


def report(series: list[Series], target: float | None) -> str:
    stage_names: list[str] = []
    for s in series:
        for run in s.runs:
            for name in run.stages:
                if name not in stage_names:
                    stage_names.append(name)
    head = ["build", "runs", "min s", "median s", "cpu s", "others s", "files", "pages"]
    head += stage_names
    rows = [head]
    for s in series:
        summ = s.summary()
        stages = summ["stages_median"]
        assert isinstance(stages, dict)
        rows.append(
            [
                s.label,
                str(len(s.runs)),
                f"{min(s.walls):.2f}",
                f"{statistics.median(s.walls):.2f}",
                f"{statistics.median(r.cpu for r in s.runs):.2f}",
                f"{max(r.foreign for r in s.runs):.2f}",
                str(summ["files"]),
                str(summ["pages"] if summ["pages"] is not None else "?"),
                *(f"{stages[n]:.2f}" if n in stages else "-" for n in stage_names),
            ]
        )
    widths = [max(len(r[i]) for r in rows) for i in range(len(head))]
    lines = [
        "  ".join(
            c.ljust(w) if i == 0 else c.rjust(w)
            for i, (c, w) in enumerate(zip(r, widths, strict=True))
        )
        for r in rows
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    if stage_names:
        lines.append(
            "(stage columns: median seconds from `blog build -v`; cpu = median user+sys of the "
            "build and its workers; others = most CPU seconds other processes used during one run)"
        )
    if target is not None:
        for s in series:
            if s.label.startswith("polyblog"):
                best = min(s.walls)
                verdict = "meets" if best <= target else "misses"
                lines.append(f"{s.label}: min {best:.2f} s {verdict} the {target:g} s target")
    return "\n".join(lines)


# -- main ---------------------------------------------------------------------------------------


def add_corpus_args(ap: argparse.ArgumentParser) -> None:
    """The corpus options both benchmarks take."""
    ap.add_argument("--posts", type=int, default=1000, help="posts in the corpus")
    ap.add_argument("--langs", default="en,fr,de", help="corpus languages (first = default)")
    ap.add_argument("--seed", type=int, default=1, help="corpus seed")
    ap.add_argument(
        "--corpus-script", type=Path, default=DEFAULT_CORPUS_SCRIPT, help="gen_corpus.py to run"
    )
    ap.add_argument(
        "--corpus",
        type=Path,
        default=None,
        help="use this already generated corpus instead of generating one",
    )


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(
        description="Cold-build benchmark of polyblog (and Hugo) on a generated corpus.",
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    add_corpus_args(ap)
    ap.add_argument("--runs", type=int, default=3, help="timed cold builds per configuration")
    ap.add_argument(
        "--jobs",
        default="auto,1",
        help="comma-separated --jobs values for polyblog; 'auto' = no --jobs flag",
    )
    ap.add_argument(
        "--blog",
        default=None,
        help="polyblog command (default: `blog` on PATH, else python -m polyblog)",
    )
    ap.add_argument(
        "--src",
        type=lambda v: Path(v) if v else None,
        default=REPO / "src",
        help="put this folder first on PYTHONPATH, so the builds import this checkout's polyblog "
        "even when the editable install points elsewhere; '' = use the installed polyblog",
    )
    ap.add_argument(
        "--drafts",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="build drafts too (the corpus links article shortcodes to drafts)",
    )
    ap.add_argument("--hugo", action="store_true", help="also time Hugo on the same corpus")
    ap.add_argument(
        "--search",
        action="store_true",
        help="keep the corpus's search setting (by default the copies build without the "
        "Pagefind index, which Hugo does not make; benchmarks/bench_features.py times it)",
    )
    ap.add_argument(
        "--warm",
        action="store_true",
        help="also time builds with the cache: nothing changed, one body edit, one tag edit, "
        "a template edit, public/ removed",
    )
    ap.add_argument(
        "--hugo-light",
        action="store_true",
        help="also time Hugo with theme-like layouts: no per-page JSON record, list pages "
        "show their pager's 10 posts as cards (implies --hugo)",
    )
    ap.add_argument(
        "--hugo-twin",
        action="store_true",
        help="also time Hugo making the pages polyblog's default theme makes, with the "
        "layouts of benchmarks/hugo_twin/ (implies --hugo)",
    )
    ap.add_argument(
        "--related-off",
        action="store_true",
        help="also time polyblog without related posts (`related: {count: 0}` in its copy of "
        "blog.yaml) and, with --hugo-twin, the twin without its .Related list",
    )
    ap.add_argument(
        "--interleave",
        action="store_true",
        help="time the cold builds in rounds (one run of each configuration in turn) instead "
        "of one configuration after the other: on a shared machine, a slower spell then falls "
        "on every configuration alike",
    )
    ap.add_argument("--hugo-bin", default=shutil.which("hugo") or "hugo", help="hugo binary")
    ap.add_argument(
        "--oracle-dir",
        type=Path,
        default=DEFAULT_ORACLE,
        help="folder with hugo_manifest.py and layouts/",
    )
    ap.add_argument(
        "--profile",
        action="store_true",
        help="also run one build in-process under cProfile and print the top functions",
    )
    ap.add_argument(
        "--profile-only", action="store_true", help="only the cProfile build (no timed runs)"
    )
    ap.add_argument(
        "--profile-jobs",
        default="1",
        help="--jobs for the profiled build (workers are invisible to cProfile)",
    )
    ap.add_argument(
        "--profile-out",
        type=Path,
        default=None,
        help="where to keep the cProfile data (default: WORK/build.pstats, or a "
        "temporary file when WORK is temporary)",
    )
    ap.add_argument("--profile-top", type=int, default=25, help="functions to print")
    ap.add_argument(
        "--profile-sort", default="cumulative", help="pstats sort key (cumulative, tottime, ...)"
    )
    ap.add_argument(
        "--wait-idle",
        type=float,
        default=120.0,
        help="before each timed run, wait up to this many seconds for other processes to go "
        "quiet (0: don't wait)",
    )
    ap.add_argument(
        "--target",
        type=float,
        default=8.0,
        help="wall-time goal in seconds to check polyblog against",
    )
    ap.add_argument(
        "--work",
        type=Path,
        default=None,
        help="work folder (kept); default: a temporary folder, removed at the end",
    )
    ap.add_argument("--json", type=Path, default=None, help="write all results here as JSON")
    args = ap.parse_args(argv)
    if args.runs < 1:
        ap.error("--runs must be at least 1")
    for value in args.jobs.split(","):
        if value != "auto" and not (value.isdigit() and int(value) >= 1):
            ap.error(f"--jobs: {value!r} is neither 'auto' nor a positive integer")
    return args


def blog_command(option: str | None) -> tuple[list[str], str]:
    """The polyblog command, and the Python that runs it (for the cProfile build)."""
    if option:
        cmd = shlex.split(option)
    else:
        found = shutil.which("blog")
        cmd = [found] if found else [sys.executable, "-m", "polyblog"]
    python = cmd[0] if len(cmd) >= 3 and cmd[1:3] == ["-m", "polyblog"] else sys.executable
    return cmd, python


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    args.hugo = args.hugo or args.hugo_light or args.hugo_twin
    SEARCH["keep"] = args.search
    if isinstance(sys.stdout, io.TextIOWrapper):
        sys.stdout.reconfigure(line_buffering=True)  # keep stdout and the stderr log in order
    blog, blog_python = blog_command(args.blog)
    if args.src:
        # measure this checkout, whatever `pip install -e` currently points at
        src = str(args.src.resolve())
        os.environ["PYTHONPATH"] = os.pathsep.join(
            p for p in (src, os.environ.get("PYTHONPATH", "")) if p
        )
        sys.path.insert(0, src)  # the twin reads blog.yaml with this checkout's loader
    own_work = args.work is None
    work = Path(tempfile.mkdtemp(prefix="polyblog-bench-")) if own_work else args.work.resolve()
    work.mkdir(parents=True, exist_ok=True)
    try:
        if args.corpus is not None:
            corpus = args.corpus.resolve()
        else:
            corpus = work / "corpus"
            shutil.rmtree(corpus, ignore_errors=True)
            generate_corpus(args.corpus_script.resolve(), corpus, args.posts, args.langs, args.seed)
        info: dict[str, object] = {
            "machine": machine_info(),
            "polyblog": {
                "command": shlex.join(blog),
                "version": tool_version([*blog, "--version"]),
                **code_state(blog_python),
            },
            "corpus": {
                "posts": args.posts,
                "langs": args.langs,
                "seed": args.seed,
                "path": str(corpus),
                **corpus_stats(corpus),
            },
            "drafts": args.drafts,
        }
        if args.hugo:
            info["hugo"] = {"version": tool_version([args.hugo_bin, "version"])}
        for key, value in info.items():
            log(f"{key}: {json.dumps(value, ensure_ascii=False)}")

        series: list[Series] = []
        if not args.profile_only:
            steps = [
                bench_blog(blog, corpus, work, jobs, args.runs, args.drafts, args.wait_idle)
                for jobs in args.jobs.split(",")
            ]
            if args.related_off:
                first = args.jobs.split(",")[0]
                steps.append(
                    bench_blog(
                        blog, corpus, work, first, args.runs, args.drafts, args.wait_idle, True
                    )
                )
            if args.hugo:
                site, config, light, note, twin = prepare_hugo(
                    args.oracle_dir.resolve(),
                    corpus,
                    work,
                    args.drafts,
                    args.hugo_light,
                    args.hugo_twin,
                )
                hugo_sites = [(site, config, "hugo (oracle layouts)")]
                if light is not None:
                    hugo_sites.append((light, config, "hugo (theme-like lists)"))
                if twin is not None:
                    hugo_sites.append((twin[0], twin[1], "hugo (polyblog theme twin)"))
                if twin is not None and args.related_off:
                    bare = twin_without_related(twin[0], work / "hugo" / "site-twin-related-off")
                    label = "hugo (polyblog theme twin" + RELATED_OFF_LABEL + ")"
                    hugo_sites.append((bare, twin[1], label))
                steps += [
                    bench_hugo(
                        args.hugo_bin,
                        hugo_site,
                        hugo_config,
                        work,
                        args.runs,
                        args.drafts,
                        label,
                        note,
                        args.wait_idle,
                    )
                    for hugo_site, hugo_config, label in hugo_sites
                ]
            series.extend(run_all(steps, args.runs, args.interleave))
            if args.warm:
                series.extend(
                    bench_warm(blog, corpus, work, args.runs, args.drafts, args.wait_idle)
                )
            print()
            print(report(series, args.target))
            print(ratios(series))
        profile_path = None
        if args.profile or args.profile_only:
            profile_path = args.profile_out
            if profile_path is None and own_work:
                handle, name = tempfile.mkstemp(prefix="polyblog-build-", suffix=".pstats")
                os.close(handle)
                profile_path = Path(name)
            elif profile_path is None:
                profile_path = work / "build.pstats"
            profile_blog(
                blog_python,
                corpus,
                work,
                profile_path.resolve(),
                args.profile_jobs,
                args.drafts,
                args.profile_top,
                args.profile_sort,
            )
        if args.json:
            data = {
                **info,
                "results": [s.summary() for s in series],
                "profile": str(profile_path) if profile_path else None,
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
