"""The Hugo twin of the benchmark (`benchmarks/hugo_twin/`, `bench_build.py --hugo-twin`) still
makes the pages the default theme makes: on a small generated corpus, Hugo with the twin's
layouts and polyblog write the same pages, of the same size within 5 %, with the same
elements (`benchmarks/hugo_twin_check.py`). When the theme changes what a page shows, this test
fails until the twin is brought in step, so that the benchmark keeps comparing the same job.

Needs Hugo (`apt-get install hugo`) and the oracle and corpus generator in `../shared/`; skipped
without them.
"""

from __future__ import annotations

import importlib
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from sitekit import REPO

SHARED = (REPO / ".." / "shared").resolve()
ORACLE = SHARED / "oracle"
GENERATOR = SHARED / "bench" / "gen_corpus.py"
HUGO = shutil.which("hugo")

pytestmark = pytest.mark.skipif(
    HUGO is None or not (ORACLE / "hugo_manifest.py").is_file() or not GENERATOR.is_file(),
    reason="needs hugo on PATH and the oracle and corpus generator in ../shared/",
)


def _benchmark(name: str) -> Any:
    """A module of benchmarks/ (not a package)."""
    folder = str(REPO / "benchmarks")
    sys.path.insert(0, folder)
    try:
        return importlib.import_module(name)
    finally:
        sys.path.remove(folder)


def _run(cmd: list[str]) -> None:
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr


def _builds(site: Path, hugo_site: Path, config: Path, out: Path) -> tuple[Path, Path]:
    """polyblog's and Hugo's outputs of the same content."""
    hugo_out, ours = out / "hugo-out", out / "ours"
    hugo_cmd = [str(HUGO), "--source", str(hugo_site), "--config", str(config)]
    _run([*hugo_cmd, "--destination", str(hugo_out), "--buildDrafts", "--quiet"])
    blog_cmd = [sys.executable, "-m", "polyblog", "build", "--source", str(site)]
    _run([*blog_cmd, "--destination", str(ours), "--drafts", "--no-cache", "--quiet"])
    return ours, hugo_out


def _related(root: Path) -> int:
    """How many posts list related posts."""
    return sum('class="related"' in p.read_text("utf-8") for p in root.glob("posts/*/index.html"))


def test_the_twin_makes_the_pages_the_default_theme_makes(tmp_path: Path) -> None:
    bench_build, check = _benchmark("bench_build"), _benchmark("hugo_twin_check")
    corpus, site = tmp_path / "corpus", tmp_path / "site"
    _run([sys.executable, str(GENERATOR), str(corpus), "--posts", "40", "--langs", "en,fr,de"])
    bench_build.copy_site(corpus, site)  # search off, as the benchmark builds it
    *_, twin = bench_build.prepare_hugo(ORACLE, site, tmp_path / "work", True, False, True)
    ours, hugo_out = _builds(site, twin[0], twin[1], tmp_path)
    assert check.main([str(ours), str(hugo_out), "--per-kind", "5"]) == 0
    assert _related(ours) > 20 and _related(hugo_out) > 20

    # --related-off: both without related posts, still the same pages otherwise
    bench_build.without_related(site / "blog.yaml")
    bare = bench_build.twin_without_related(twin[0], tmp_path / "twin-bare")
    ours, hugo_out = _builds(site, bare, twin[1], tmp_path / "related-off")
    assert check.main([str(ours), str(hugo_out), "--per-kind", "5"]) == 0
    assert _related(ours) == 0 and _related(hugo_out) == 0
