"""`blog check`: one small site per defect, each containing exactly that defect; findings are
asserted as values (severity, position, message) and the CLI's exit status and format."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest

from polyblog.check import CheckReport, CheckRequest, Finding, LinkStatus, Severity, run_check
from polyblog.site import BuildOptions
from sitekit import MULTI_CONFIG, REPO, ensure_theme, page, run_cli, write_files

BASE = {
    "content/posts/_index.md": page("Posts"),
    "content/posts/a.md": page(
        "Alpha", "Intro text.\n\n## Setup\n\nSee [Beta](/posts/b/) and [setup](#setup).\n"
    ),
    "content/posts/b.md": page("Beta", "Beta text with [alpha's setup](/posts/a/#setup).\n"),
}

Check = Callable[..., CheckReport]


@pytest.fixture
def check(tmp_path: Path) -> Check:
    """Write a site (BASE, updated by `files`; None removes a file) and run the check on it."""

    def run(
        files: Mapping[str, str | bytes | None] | None = None,
        config: str | None = None,
        **request: object,
    ) -> CheckReport:
        root = tmp_path / "site"
        all_files: dict[str, str | bytes | None] = {**BASE, **(files or {})}
        all_files.setdefault("blog.yaml", config or "title: T\nbase_url: https://example.org/\n")
        write_files(root, {k: v for k, v in all_files.items() if v is not None})
        ensure_theme(root)
        request.setdefault("jobs", 1)
        return run_check(CheckRequest(source=root, **request))  # type: ignore[arg-type]

    return run


def errors(report: CheckReport) -> list[Finding]:
    return report.errors


def where(finding: Finding) -> str:
    return str(finding.pos) if finding.pos else ""


def test_clean_site_has_no_findings(check: Check) -> None:
    report = check()
    assert report.built and report.findings == ()
    assert report.pages >= 4 and report.links > 10


def test_broken_internal_link_at_its_line(check: Check) -> None:
    body = "Line one.\n\nA [dead link](/posts/nope/) here.\n"
    report = check({"content/posts/c.md": page("Gamma", body)})
    (found,) = errors(report)
    assert where(found) == "content/posts/c.md:6"  # 3 lines of front matter, then the body
    assert found.message == "broken link to /posts/nope/: no such page or file"


def test_broken_anchors_on_the_same_and_another_page(check: Check) -> None:
    body = "## Real heading\n\n[ok](#real-heading) [bad](#missing) [far](/posts/a/#nowhere)\n"
    report = check({"content/posts/c.md": page("Gamma", body)})
    messages = sorted(f.message for f in errors(report))
    assert messages == [
        "broken anchor #missing: no id 'missing' in this page",
        "broken anchor /posts/a/#nowhere: no id 'nowhere' in https://example.org/posts/a/",
    ]
    assert {where(f) for f in errors(report)} == {"content/posts/c.md:6"}


def test_broken_link_in_a_summary_is_reported_once_at_its_line(check: Check) -> None:
    body = "Intro with a [dead link](/posts/nope/).\n\n<!--more-->\n\nRest.\n"
    report = check({"content/posts/c.md": page("Gamma", body)})
    (found,) = errors(report)  # the list pages show the summary too
    assert where(found) == "content/posts/c.md:4"


def test_missing_image_and_resource(check: Check) -> None:
    body = "![a chart](chart.png)\n\n[the data](data.csv) [kept](kept.txt)\n"
    report = check(
        {
            "content/posts/c/index.md": page("Gamma", body),
            "content/posts/c/kept.txt": "here",
        }
    )
    found = {(where(f), f.message) for f in errors(report)}
    assert found == {
        ("content/posts/c/index.md:4", "missing image chart.png"),
        ("content/posts/c/index.md:6", "broken link to data.csv: no such page or file"),
    }


def test_ref_to_a_missing_page_is_reported_as_a_check_error(check: Check) -> None:
    body = 'Intro.\n\n[x]({{< ref "posts/nope" >}})\n'
    report = check({"content/posts/c.md": page("Gamma", body)})
    assert not report.built
    (found,) = report.findings
    assert found.severity is Severity.ERROR
    assert where(found).startswith("content/posts/c.md:6")
    assert "posts/nope" in found.message


def test_non_reciprocal_hreflang(check: Check) -> None:
    """An English page claims a French alternate that does not name it back."""
    layout = (
        '<!doctype html><html lang="en"><head>'
        '<link rel="alternate" hreflang="en" href="{{ page.permalink }}">'
        '<link rel="alternate" hreflang="fr" href="https://example.org/fr/posts/other/">'
        "</head><body>{{ page.content }}</body></html>"
    )
    report = check(
        {
            "layouts/claims.html": layout,
            "content/posts/c.md": page("Gamma", "Text.", layout="claims"),
            "content/posts/other.fr.md": page("Autre", "Texte."),
        },
        config=MULTI_CONFIG,
    )
    (found,) = errors(report)
    assert where(found) == "content/posts/c.md"
    assert found.message.startswith(
        "hreflang fr alternate https://example.org/fr/posts/other/ does not link back"
    )


def test_switcher_pointing_nowhere(check: Check) -> None:
    layout = (
        '<!doctype html><html lang="en"><body><nav class="lang-switcher"><ul>'
        '<li><a hreflang="fr" lang="fr" href="/fr/posts/gone/">Français</a></li>'
        '<li><a hreflang="ja" lang="ja" href="/ja/">日本語</a></li>'
        "</ul></nav>{{ page.content }}</body></html>"
    )
    report = check(
        {
            "layouts/switch.html": layout,
            "content/posts/c.md": page("Gamma", "Text.", layout="switch"),
        },
        config=MULTI_CONFIG,
    )
    (found,) = errors(report)
    assert where(found) == "content/posts/c.md"
    assert found.message == "language switcher entry fr points nowhere: /fr/posts/gone/"


def test_duplicate_titles_within_a_language_warn(check: Check) -> None:
    report = check(
        {
            "content/posts/c.md": page("Alpha", "Another alpha."),
            "content/posts/c.fr.md": page("Alpha", "Le même titre, une autre langue."),
        },
        config=MULTI_CONFIG,
    )
    assert errors(report) == []
    (found,) = report.warnings
    assert where(found) == "content/posts/c.md:2"  # the title line
    assert found.message == "duplicate title in en: content/posts/a.md has the same title"


def test_empty_summary_warns(check: Check) -> None:
    report = check({"content/posts/c.md": page("Gamma", "")})
    assert errors(report) == []
    (found,) = report.warnings
    assert where(found) == "content/posts/c.md"
    assert found.message.startswith("empty summary")


def test_broken_menu_link_points_at_the_config(check: Check) -> None:
    config = (
        "title: T\nbase_url: https://example.org/\nmenus:\n"
        "  en:\n    - {name: Posts, url: /posts/}\n    - {name: Gone, url: /contact/}\n"
    )
    report = check(config=config)
    (found,) = errors(report)
    assert where(found) == "blog.yaml:6"
    assert re.fullmatch(
        r"broken link to /contact/: no such page or file \(on \d+ pages\)", found.message
    )


def test_template_link_is_reported_once_with_a_page_count(check: Check) -> None:
    footer = '<footer><a href="/legal/">Legal</a></footer>'
    report = check({"layouts/partials/footer.html": footer})
    (found,) = errors(report)
    assert found.pos is None
    assert re.fullmatch(
        r"broken link to /legal/: no such page or file \(on https://example\.org/\S* "
        r"and \d+ more pages\)",
        found.message,
    ), found.message


SUB = "https://user.github.io/blog/"


def test_sub_path_site_has_no_broken_links(check: Check) -> None:
    files = {
        "content/posts/c/index.md": page(
            "Gamma",
            "![chart](chart.svg) ![root image](/images/logo.svg) [alpha](/posts/a/)\n"
            '[ref]({{< ref "posts/b" >}}) [rel](../a/) [anchor](/posts/a/#setup)\n',
            aliases=["/old-gamma/"],
        ),
        "content/posts/c/chart.svg": "<svg xmlns='http://www.w3.org/2000/svg'/>",
        "static/images/logo.svg": "<svg xmlns='http://www.w3.org/2000/svg'/>",
    }
    report = check(files, base_url=SUB)
    assert report.built and errors(report) == [], [str(f) for f in errors(report)]
    assert report.links > 20


def test_sub_path_raw_html_root_link_is_outside_the_base_path(check: Check) -> None:
    body = 'Text.\n\n<a href="/posts/a/">raw</a>\n'
    report = check({"content/posts/c.md": page("Gamma", body)}, base_url=SUB)
    (found,) = errors(report)
    assert where(found) == "content/posts/c.md:6"
    assert "outside the site's base path /blog/" in found.message


def test_external_links_with_a_fake_fetcher_and_the_cache(check: Check, tmp_path: Path) -> None:
    calls: list[str] = []

    def fetch(url: str, timeout: float) -> LinkStatus:
        calls.append(url)
        return LinkStatus(status=404 if "gone" in url else 200)

    body = "[ok](https://ok.example/) [gone](https://gone.example/x) [dup](https://ok.example/)\n"
    files = {"content/posts/c.md": page("Gamma", body)}
    report = check(files, external=True, fetch=fetch)
    assert sorted(calls) == ["https://gone.example/x", "https://ok.example/"]
    (found,) = errors(report)
    assert where(found) == "content/posts/c.md:4"
    assert found.message == "outside link https://gone.example/x: HTTP 404"
    assert report.external == 2
    cache = tmp_path / "site" / ".blog-cache" / "external-links.json"
    assert cache.is_file()
    calls.clear()
    again = check(files, external=True, fetch=fetch)
    assert calls == ["https://gone.example/x"]  # the working link came from the cache
    assert len(errors(again)) == 1


def test_without_external_no_outside_link_is_fetched(check: Check) -> None:
    def fetch(url: str, timeout: float) -> LinkStatus:
        raise AssertionError("fetched without --external")

    report = check({"content/posts/c.md": page("Gamma", "[x](https://x.example/)")}, fetch=fetch)
    assert report.external == 0 and errors(report) == []


# -- the command ---------------------------------------------------------------------------

LINE = re.compile(r"^(?P<pos>[^\s:]+(?::\d+)*): (?P<severity>error|warning): (?P<message>.*)$")


def parsed(stderr: str) -> list[tuple[str, str, str]]:
    out = []
    for line in stderr.splitlines():
        match = LINE.match(line)
        if match:
            out.append((match["pos"], match["severity"], match["message"]))
    return out


def test_cli_exit_status_and_format(tmp_path: Path) -> None:
    root = tmp_path / "site"
    write_files(
        root,
        {
            **BASE,
            "blog.yaml": "title: T\nbase_url: https://example.org/\n",
            "content/posts/c.md": page("Gamma", "[dead](/nope/)\n"),
        },
    )
    ensure_theme(root)
    outcome = run_cli(["check", "--source", str(root), "--jobs", "1"])
    assert outcome.exit_code == 1 and outcome.exception is None
    assert parsed(outcome.stderr) == [
        ("content/posts/c.md:4", "error", "broken link to /nope/: no such page or file")
    ]
    assert "    [dead](/nope/)" in outcome.stderr.splitlines()  # the offending line
    assert re.match(r"Checked \d+ pages, \d+ links in \d+ ms: 1 error, 0 warnings", outcome.stdout)
    assert not (root / "public").exists()  # the check builds into a temporary folder
    (root / "content/posts/c.md").write_text(page("Gamma", "Fine.\n"), encoding="utf-8")
    (root / "content/posts/d.md").write_text(page("Delta", ""), encoding="utf-8")
    outcome = run_cli(["check", "--source", str(root), "--jobs", "1"])
    assert outcome.exit_code == 0, outcome.output  # warnings only
    assert [s for _, s, _ in parsed(outcome.stderr)] == ["warning"]


def test_cli_build_error_is_clean(tmp_path: Path) -> None:
    root = tmp_path / "site"
    write_files(
        root,
        {
            "blog.yaml": "title: T\nbase_url: https://example.org/\n",
            "content/x.md": "---\ntitle: [unclosed\n---\n",
        },
    )
    ensure_theme(root)
    outcome = run_cli(["check", "--source", str(root)])
    outcome.assert_clean_failure()
    assert parsed(outcome.stderr)[0][0].startswith("content/x.md:")


def test_drafts_are_checked_with_drafts(check: Check) -> None:
    files = {"content/posts/c.md": page("Gamma", "[dead](/nope/)", draft=True)}
    assert errors(check(files)) == []
    assert len(errors(check(files, options=BuildOptions(drafts=True)))) == 1


def test_example_site_under_a_sub_path_has_no_errors(tmp_path: Path) -> None:
    report = run_check(CheckRequest(source=REPO, base_url=SUB))
    assert report.built
    assert errors(report) == [], [f"{f.pos}: {f.message}" for f in errors(report)]
    assert report.pages > 100


def test_check_reads_the_build_cache_and_writes_nothing_in_it(tmp_path: Path) -> None:
    """`blog check` builds with the cache of `blog build` (image derivatives included) but
    leaves the cache folder as it found it: nothing created, nothing added."""
    from polyblog.build import BuildRequest, build
    from sitekit import image_bytes

    root = tmp_path / "site"
    write_files(
        root,
        {
            "blog.yaml": "title: T\nbase_url: https://example.org/\n",
            "content/posts/a/index.md": "---\ntitle: A\n---\n![photo](photo.jpg)\n",
            "content/posts/a/photo.jpg": image_bytes("JPEG", (1200, 800)),
        },
    )
    cache = root / ".blog-cache"
    assert errors(run_check(CheckRequest(source=root, jobs=1))) == []
    assert not cache.exists()
    build(BuildRequest(source=root, options=BuildOptions(), jobs=1))
    before = sorted(p.relative_to(cache).as_posix() for p in cache.rglob("*") if p.is_file())
    assert any(name.startswith("images/") for name in before)
    assert errors(run_check(CheckRequest(source=root, jobs=1))) == []
    after = sorted(p.relative_to(cache).as_posix() for p in cache.rglob("*") if p.is_file())
    assert after == before
