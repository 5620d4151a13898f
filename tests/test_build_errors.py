"""Every user error prints `path:line: error: message`, exits non-zero, shows no traceback and
writes nothing. One folder per case in tests/sites/invalid/, expected text in expected.txt."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from sitekit import SITES, Built, page

CASES = sorted(p.name for p in (SITES / "invalid").iterdir() if p.is_dir())
ERROR_LINE = re.compile(r"^(?:[^\s:][^:]*(?::\d+){0,2}: )?error: \S")


def expected_fragments(name: str) -> list[str]:
    text = (SITES / "invalid" / name / "expected.txt").read_text(encoding="utf-8")
    return [line for line in text.splitlines() if line.strip()]


def extra_args(name: str) -> list[str]:
    """Command-line options for a case (`args.txt`, e.g. `--strict`), if any."""
    path = SITES / "invalid" / name / "args.txt"
    return path.read_text(encoding="utf-8").split() if path.is_file() else []


def test_every_case_has_expected_text() -> None:
    assert CASES
    for name in CASES:
        assert expected_fragments(name), f"{name}/expected.txt is empty"


@pytest.mark.parametrize("name", CASES)
def test_invalid_site(build_fixture: Callable[..., Built], name: str) -> None:
    built = build_fixture(f"invalid/{name}", *extra_args(name), ok=False)
    err = built.result.stderr
    for fragment in expected_fragments(name):
        assert fragment in err, f"{fragment!r} not in:\n{err}"
    first = err.splitlines()[0]
    assert ERROR_LINE.match(first), f"first line is not 'path:line: error: ...': {first!r}"
    assert built.result.stdout == "", "nothing but the error should be printed"
    assert not built.public.exists(), "a failed build must not create the destination"
    assert not list(built.root.glob(".public.staging-*"))


@pytest.mark.parametrize("name", [n for n in CASES if n != "missing-config"])
def test_error_paths_are_relative_to_the_site(
    build_fixture: Callable[..., Built], name: str
) -> None:
    built = build_fixture(f"invalid/{name}", *extra_args(name), ok=False)
    assert str(built.root) not in built.result.stderr, built.result.stderr


@pytest.mark.parametrize("name", ["bad-date", "template-runtime", "non-utf8", "url-collision"])
def test_invalid_site_end_to_end(build_fixture: Callable[..., Built], name: str) -> None:
    built = build_fixture(f"invalid/{name}", ok=False, use_subprocess=True)
    for fragment in expected_fragments(name):
        assert fragment in built.result.stderr


def test_debug_shows_the_traceback(build_fixture: Callable[..., Built]) -> None:
    built = build_fixture("invalid/bad-draft-flag", "--debug", ok=None, use_subprocess=True)
    assert built.result.exit_code != 0
    assert "Traceback" in built.result.stderr


def test_errors_of_every_broken_file_are_reported_together(
    build_site: Callable[..., Built],
) -> None:
    built = build_site(
        {
            "content/posts/good.md": page("Good"),
            "content/posts/a.md": "---\ntitle: A\ndate: 2023-02-30\n---\n",
            "content/posts/b.md": "---\ntitle: B\ndraft: perhaps\n---\n",
            "content/posts/c.md": b"---\ntitle: C\n---\n\xff\n",
        },
        ok=False,
    )
    err = built.result.stderr
    for prefix in ("content/posts/a.md:3:", "content/posts/b.md:3:", "content/posts/c.md:4:"):
        assert prefix in err
    assert "3 errors" in err


def test_error_line_in_crlf_bom_file(build_site: Callable[..., Built]) -> None:
    built = build_site(
        {
            "content/posts/x.md": b"\xef\xbb\xbf---\r\ntitle: X\r\ndraft: maybe\r\n---\r\nBody\r\n",
        },
        ok=False,
    )
    assert "content/posts/x.md:3: error: draft" in built.result.stderr


def test_template_error_in_theme_names_the_template(build_site: Callable[..., Built]) -> None:
    built = build_site(
        {
            "blog.yaml": "base_url: https://example.org/\ntheme: mine\n",
            "content/x.md": page("X"),
            "themes/mine/templates/single.html": (
                "<html>\n{{ page.title | nosuchfilter }}\n</html>\n"
            ),
            "themes/mine/templates/list.html": "<html></html>\n",
            "themes/mine/templates/404.html": "<html></html>\n",
        },
        ok=False,
    )
    assert "themes/mine/templates/single.html:2" in built.result.stderr
    assert "nosuchfilter" in built.result.stderr


def test_shortcode_like_template_error_in_page_does_not_crash(
    build_site: Callable[..., Built],
) -> None:
    built = build_site({"content/x.md": page("X", body="{{< nosuchshortcode >}}\n")}, ok=None)
    assert "Traceback" not in built.result.output
    assert built.result.exception is None
    if built.result.exit_code:
        assert "content/x.md" in built.result.stderr


def test_destination_inside_content_is_refused(
    build_site: Callable[..., Built], tmp_path: Path
) -> None:
    built = build_site({"content/x.md": page("X")}, ok=None)
    again = built.rebuild("--destination", str(built.root / "content" / "out"), ok=False)
    assert "destination" in again.result.stderr
    assert not (built.root / "content" / "out").exists()


@pytest.mark.parametrize(
    ("front", "key"),
    [
        ({"slug": "../../../evil"}, "slug"),
        ({"tags": ["../../../evil"]}, "tags"),
        ({"tags": [".."]}, "tags"),
    ],
)
def test_paths_leaving_the_output_name_the_content_file(
    build_site: Callable[..., Built], front: dict[str, object], key: str
) -> None:
    built = build_site({"content/posts/x.md": page("X", **front)}, ok=False)
    assert "content/posts/x.md" in built.result.stderr, built.result.stderr
    assert not (built.root.parent / "evil").exists()
