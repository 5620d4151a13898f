"""LoveIt's exampleSite (English + Simplified Chinese, hundreds of shortcode calls, many of them
escaped in its documentation): every call parses, and the whole site builds with stubs for the
shortcodes polyblog has no built-in for (tests/sites/loveit-shortcodes/).

The content is read from ../shared/corpus/loveit relative to the repository, never copied into
tests/; the tests are skipped when that folder is missing.
"""

from __future__ import annotations

import re
import shutil
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from polyblog.content.discover import read_text
from polyblog.content.frontmatter import split
from polyblog.shortcodes.builtins import BUILTINS
from polyblog.shortcodes.parse import Call, Literal, Node, ShortcodeSyntaxError, parse
from sitekit import REPO, SITES, Built, SiteFactory, ensure_theme, run_site

LOVEIT = (REPO / ".." / "shared" / "corpus" / "loveit").resolve()
FIXTURE = SITES / "loveit-shortcodes"
STUBS = FIXTURE / "layouts" / "shortcodes"

pytestmark = pytest.mark.skipif(
    not (LOVEIT / "content").is_dir(),
    reason=f"LoveIt corpus not found at {LOVEIT} (expected ../shared/corpus/loveit)",
)


@dataclass
class FileCount:
    calls: int = 0
    escaped: int = 0
    names: Counter[str] = field(default_factory=Counter)


def _count(nodes: list[Node], into: FileCount) -> None:
    for node in nodes:
        if isinstance(node, Literal):
            into.escaped += 1
        elif isinstance(node, Call):
            into.calls += 1
            into.names[node.name] += 1
            if node.inner is not None:
                _count(node.inner, into)


def content_files() -> list[Path]:
    return sorted((LOVEIT / "content").rglob("*.md"))


def body_of(path: Path) -> tuple[str, int]:
    """The Markdown body after front matter, read as polyblog reads it, and its first line."""
    rel = path.relative_to(LOVEIT).as_posix()
    parts = split(read_text(path, rel), rel)
    return parts.body, parts.body_line


def count_all() -> tuple[dict[str, FileCount], dict[str, str]]:
    counts: dict[str, FileCount] = {}
    failures: dict[str, str] = {}
    for path in content_files():
        rel = path.relative_to(LOVEIT).as_posix()
        body, body_line = body_of(path)
        try:
            nodes = parse(body)
        except ShortcodeSyntaxError as exc:
            line = body_line + body.count("\n", 0, exc.offset)
            failures[rel] = f"{rel}:{line}: {exc.message}"
            continue
        counts[rel] = FileCount()
        _count(nodes, counts[rel])
    return counts, failures


# opening tags that are not escapes or closing tags; closing tags; escapes
OPEN_RE = re.compile(r"\{\{([<%])\s*(?![/*\s])")
CLOSE_RE = re.compile(r"\{\{([<%])\s*/\s*(?!\*)")
ESCAPE_RE = re.compile(r"\{\{([<%])\s*/\*.*?\*/\s*\1?[>%]\}\}", re.S)


def test_every_shortcode_call_in_loveit_parses(record_property: pytest.RecordProperty) -> None:
    counts, failures = count_all()
    files = content_files()
    total_calls = sum(c.calls for c in counts.values())
    total_escaped = sum(c.escaped for c in counts.values())
    names: Counter[str] = Counter()
    for c in counts.values():
        names.update(c.names)
    summary = (
        f"LoveIt: {len(files)} content files, {len(counts)} parsed, "
        f"{total_calls} calls, {total_escaped} escaped calls, {len(names)} names: "
        + ", ".join(f"{n}={k}" for n, k in sorted(names.items()))
    )
    print(summary)
    for rel, c in sorted(counts.items()):
        if c.calls or c.escaped:
            print(f"  {rel}: {c.calls} calls, {c.escaped} escaped, names {sorted(c.names)}")
    record_property("loveit_counts", summary)

    assert not failures, "LoveIt content that does not parse:\n" + "\n".join(failures.values())
    assert len(files) >= 30
    # LoveIt's docs are big on shortcodes: hundreds of calls, over a hundred escaped examples
    assert total_calls >= 300, summary
    assert total_escaped >= 100, summary
    assert {"admonition", "version", "link", "mermaid", "youtube", "figure", "gist"} <= set(names)


def test_parse_counts_agree_with_a_plain_scan() -> None:
    """Independent check of the counts: openings, closings and escapes found by regex."""
    counts, failures = count_all()
    assert not failures, "\n".join(failures.values())
    for rel, c in counts.items():
        body, _ = body_of(LOVEIT / rel)
        escapes = ESCAPE_RE.findall(body)
        rest = ESCAPE_RE.sub("", body)
        assert len(escapes) == c.escaped, rel
        assert len(OPEN_RE.findall(rest)) == c.calls, rel


def test_every_name_loveit_uses_has_a_builtin_or_a_stub() -> None:
    counts, failures = count_all()
    assert not failures, "\n".join(failures.values())
    used = set().union(*(c.names for c in counts.values()))
    stubs = {p.stem for p in STUBS.glob("*.html")}
    missing = used - set(BUILTINS) - stubs
    assert not missing, f"add stubs to {STUBS}: {sorted(missing)}"
    # stubs only for what polyblog lacks: a stub must not hide a built-in
    assert not stubs & set(BUILTINS)


# -- building the site ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def loveit(site_factory: SiteFactory) -> Built:
    root = site_factory.new_root("loveit")
    shutil.copytree(FIXTURE, root, dirs_exist_ok=True)
    (root / "README.md").unlink(missing_ok=True)
    shutil.copytree(LOVEIT / "content", root / "content")
    if (LOVEIT / "static").is_dir():
        shutil.copytree(LOVEIT / "static", root / "static")
    ensure_theme(root)
    return run_site(root, root / "public", ok=None)


def test_loveit_builds(loveit: Built) -> None:
    result = loveit.result
    assert result.exit_code == 0, result.output
    assert result.exception is None
    assert "Traceback" not in result.output


def test_loveit_built_in_shortcodes_render(loveit: Built) -> None:
    assert loveit.result.exit_code == 0, loveit.result.output
    for prefix in ("", "/zh-cn"):
        url = f"{prefix}/theme-documentation-built-in-shortcodes/"
        doc = loveit.html(url)
        article = doc.xpath('//article[@class="content"]')[0]
        hrefs = {a.get("href") for a in article.xpath(".//a")}
        assert "https://www.youtube.com/watch?v=w7Ft2ymGmfc" in hrefs
        assert "https://x.com/GoHugoIO/status/917359331535966209" in hrefs
        assert "https://www.instagram.com/p/CxOWiQNP2MO/" in hrefs
        assert any(h and h.startswith("https://gist.github.com/spf13/7896402") for h in hrefs)
        assert "https://vimeo.com/146022717" in hrefs
        assert not doc.xpath("//iframe")
        code = " ".join(pre.text_content() for pre in article.xpath(".//pre"))
        # the escaped examples of the docs show as source
        assert "{{< youtube w7Ft2ymGmfc >}}" in code
        assert "{{< gist spf13 7896402 >}}" in code


def test_loveit_stubs_render_with_inner_content(loveit: Built) -> None:
    assert loveit.result.exit_code == 0, loveit.result.output
    doc = loveit.html("/theme-documentation-extended-shortcodes/")
    stubs = doc.xpath('//div[@class="sc-stub"]')
    names = Counter(s.get("data-name") for s in stubs)
    assert names["admonition"] > 5
    assert names["link"] >= 1 and names["image"] >= 1 and names["person"] >= 1
    assert set(names) <= {p.stem for p in STUBS.glob("*.html")}
    mermaid = loveit.html("/zh-cn/theme-documentation-mermaid-shortcode/")
    assert mermaid.xpath('//div[@class="sc-stub"][@data-name="mermaid"]')
    admonitions = [s for s in stubs if s.get("data-name") == "admonition"]
    assert any(s.text_content().strip() for s in admonitions)


def test_loveit_output_has_no_placeholders(loveit: Built) -> None:
    assert loveit.result.exit_code == 0, loveit.result.output
    leaked = [
        rel for rel, data in loveit.files().items() if rel.endswith(".html") and b"pbsc" in data
    ]
    assert not leaked


def test_loveit_both_languages_built(loveit: Built) -> None:
    assert loveit.result.exit_code == 0, loveit.result.output
    for slug in ("basic-markdown-syntax", "theme-documentation-content", "emoji-support"):
        assert loveit.exists(f"/{slug}/")
        assert loveit.exists(f"/zh-cn/{slug}/")
