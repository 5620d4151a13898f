"""polyblog's output against Hugo 0.111.3's, through the manifests saved in tests/oracle/ and the
oracle's own scorer (`../shared/oracle/compare.py`): URLs, aliases and hreflang translation links.

LoveIt and DoIt are the real Hugo sites in `../shared/corpus/`: each is copied untouched, turned
into a polyblog site by `blog import hugo` and built; `compare.py --strict` must find no missing,
wrong or extra page. The differences documented in docs/hugo-compatibility.md are the only ones
tolerated, each listed here by name.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from sitekit import REPO, image_bytes

SHARED = (REPO / ".." / "shared").resolve()
COMPARE = SHARED / "oracle" / "compare.py"
MANIFESTS = REPO / "tests" / "oracle"

needs_shared = pytest.mark.skipif(
    not COMPARE.is_file(), reason=f"the Hugo oracle is not at {COMPARE} (expected ../shared/)"
)

# docs/hugo-compatibility.md, "Remaining differences": the only extra outputs accepted
ROOT_404 = "/404.html"  # written for hosts even when the default language is in a subfolder
HASH_TERM = "/tags/c#/"  # Hugo's manifest cannot hold a raw `#` (oracle limitation) ...
HASH_ALIAS = "tags/c/index.html"  # ... so its /page/1/ alias reads as /tags/c/
# the archive page of each language (`archive:`, on by default; Hugo has none): the extra pages
# of a blog.yaml site whose URL ends in the default archive path. Imported sites have none.
ARCHIVE_PATH = "/archives/"


def blog(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "polyblog", *args], capture_output=True, text=True, check=False
    )


def compare(manifest: Path, public: Path, tmp: Path) -> dict[str, object]:
    out = tmp / "compare.json"
    run = subprocess.run(
        [sys.executable, str(COMPARE), str(manifest), str(public), "--json", str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert out.is_file(), run.stdout + run.stderr
    result: dict[str, object] = json.loads(out.read_text(encoding="utf-8"))
    return result


def assert_matches(
    result: dict[str, object], allowed: frozenset[str] = frozenset(), archives: bool = False
) -> None:
    """No page, alias or translation link missing or wrong, no extra page but `allowed` (and,
    with `archives`, the archive pages: one per language, at least one)."""
    summary = result["summary"]
    if archives:
        extra = [str(url) for url in result["extra"]]  # type: ignore[attr-defined]
        assert any(url.endswith(ARCHIVE_PATH) for url in extra), summary
        result = {**result, "extra": [url for url in extra if not url.endswith(ARCHIVE_PATH)]}
    assert result["missing"] == [], summary
    assert {str(a).split(" ")[0] for a in result["aliasesMissing"]} <= allowed, summary  # type: ignore[attr-defined]
    assert result["translationMissing"] == [], summary
    assert result["translationWrong"] == [], summary
    assert result["translationExtra"] == [], summary
    assert set(result["extra"]) <= allowed, summary  # type: ignore[arg-type]
    assert result["matched"] == result["expected"], summary


@needs_shared
@pytest.mark.parametrize("name", ["loveit", "doit"])
def test_an_untouched_hugo_site_imports_and_builds_as_hugo_does(tmp_path: Path, name: str) -> None:
    site = tmp_path / name
    shutil.copytree(SHARED / "corpus" / name, site)
    imported = blog("import", "hugo", "--source", str(site))
    assert imported.returncode == 0, imported.stdout + imported.stderr
    public = tmp_path / "public"
    built = blog("build", "--source", str(site), "--destination", str(public))
    assert built.returncode == 0, built.stdout + built.stderr
    assert "error" not in built.stderr.lower(), built.stderr
    result = compare(MANIFESTS / f"{name}.json", public, tmp_path)
    assert_matches(result)
    assert result["translationLinks"] == result["translationLinksMatched"]
    assert int(result["translationLinks"]) > 50  # type: ignore[call-overload]


RULES = sorted(p.name for p in (MANIFESTS / "rules").iterdir() if p.is_dir())
EXTRA = {
    "basepath-terms-sections": frozenset({HASH_TERM, HASH_ALIAS}),
    "subdir-mainsections": frozenset({ROOT_404}),
}


@needs_shared
@pytest.mark.parametrize("name", RULES)
def test_rule_site_matches_hugo(tmp_path: Path, name: str) -> None:
    public = tmp_path / "public"
    rule = MANIFESTS / "rules" / name  # built without a cache: nothing written into the repo
    built = blog("build", "--source", str(rule), "--destination", str(public), "--no-cache")
    assert built.returncode == 0, built.stdout + built.stderr
    result = compare(MANIFESTS / "rules" / f"{name}.json", public, tmp_path)
    assert_matches(result, EXTRA.get(name, frozenset()), archives=True)


@needs_shared
def test_seedlike_matches_hugo(tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(REPO / "tests" / "sites" / "seedlike", site)
    public = tmp_path / "public"
    built = blog("build", "--source", str(site), "--destination", str(public))
    assert built.returncode == 0, built.stdout + built.stderr
    assert_matches(compare(MANIFESTS / "seedlike.json", public, tmp_path), archives=True)


@needs_shared
def test_example_site_matches_hugo(tmp_path: Path) -> None:
    public = tmp_path / "public"
    built = blog("build", "--source", str(REPO), "--destination", str(public), "--no-cache")
    assert built.returncode == 0, built.stdout + built.stderr
    assert_matches(compare(MANIFESTS / "example.json", public, tmp_path), archives=True)


def blowfish_site(dest: Path) -> Path:
    """The founding post's stack: a Blowfish-style Hugo config (`config/_default/` with
    per-language files, `pageRef` menus, `disableLanguages = ["pt-pt"]`), the founding post
    (French, part 1 of a series, alert/youtube/x/article shortcodes, reference links) with an
    English translation and a Portuguese one in the disabled language."""
    shutil.copytree(MANIFESTS / "blowfish-seed", dest)
    seed = (SHARED / "seeds" / "000_fdc3936be3aa697b.txt").read_text(encoding="utf-8")
    bundle = dest / "content" / "posts" / "202210-ai-hype"
    bundle.mkdir(parents=True)
    (bundle / "index.fr.md").write_text(seed, encoding="utf-8")
    english = re.sub(r"(?m)^title: .*$", 'title: "The New AI Hype"', seed)
    english = re.sub(r"(?m)^series: .*$", 'series: ["The New AI Hype"]', english)
    (bundle / "index.md").write_text(english, encoding="utf-8")
    portuguese = re.sub(r"(?m)^title: .*$", 'title: "O novo hype"', seed)
    (bundle / "index.pt-pt.md").write_text(portuguese, encoding="utf-8")
    # the images its raw HTML shows, at the URLs it names (`blog build` warns about missing
    # images); the seed holds only the text
    for url in sorted(set(re.findall(r'src="/(posts/[^"]+\.webp)"', seed))):
        (dest / "static" / url).parent.mkdir(parents=True, exist_ok=True)
        (dest / "static" / url).write_bytes(image_bytes("WEBP"))
    return dest


@needs_shared
def test_the_founding_posts_blog_imports_and_builds_as_hugo_does(tmp_path: Path) -> None:
    site = blowfish_site(tmp_path / "blog")
    refused = blog("build", "--source", str(site))
    assert refused.returncode == 1
    assert "config/_default/ is a Hugo configuration: run `blog import hugo`" in refused.stderr
    imported = blog("import", "hugo", "--source", str(site))
    assert imported.returncode == 0, imported.stdout + imported.stderr
    public = tmp_path / "public"
    built = blog("build", "--source", str(site), "--destination", str(public))
    assert built.returncode == 0, built.stdout + built.stderr
    assert "warning" not in built.stderr, built.stderr
    result = compare(MANIFESTS / "blowfish-seed.json", public, tmp_path)
    assert_matches(result)
    assert result["translationLinks"] == 32
    # the disabled language left nothing behind
    assert not (public / "pt-pt").exists()
    assert not list(public.rglob("index.pt-pt*"))
