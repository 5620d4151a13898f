"""The commands' messages: one format for errors (`error:`, click's usage errors too), closing
lines that say whether an earlier output is still there, counts with the right plural."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from sitekit import Built, page, run_cli, write_files

BROKEN = "---\ntitle: X\ndate: 2023-02-30\n---\n"


def test_a_first_failed_build_says_nothing_was_written(build_site: Callable[..., Built]) -> None:
    built = build_site({"content/posts/x.md": BROKEN}, ok=False)
    assert built.result.stderr.splitlines()[-1] == "Build failed; nothing was written."
    two = build_site({"content/posts/x.md": BROKEN, "content/posts/y.md": BROKEN}, ok=False)
    assert two.result.stderr.splitlines()[-1] == "2 errors; nothing was written."


def test_a_failed_rebuild_says_the_previous_output_is_kept(
    build_site: Callable[..., Built],
) -> None:
    built = build_site({"content/posts/x.md": page("X", "Body.\n")})
    built.write({"content/posts/x.md": BROKEN})
    again = built.rebuild(ok=False)
    assert again.result.stderr.splitlines()[-1] == (
        "Build failed; the previous output was left as it was."
    )
    built.write({"content/posts/y.md": BROKEN})
    again = built.rebuild(ok=False)
    assert again.result.stderr.splitlines()[-1] == (
        "2 errors; the previous output was left as it was."
    )
    assert built.exists("/posts/x/")


def test_counts_have_the_right_plural(build_site: Callable[..., Built]) -> None:
    files = {"content/_index.md": page("Home"), "content/posts/x.md": page("X", "Body.\n")}
    built = build_site(files, "--verbose")
    head = built.result.stdout.splitlines()[0]
    assert head.startswith("Built ") and " in 1 language, " in head
    assert "languages" not in head
    one = build_site(
        {"content/x.md": page("X", "Body.\n")},
        config="title: T\nbase_url: https://example.org/\n"
        "disable_kinds: [section, taxonomy, term, rss, sitemap, robots_txt, 404]\n"
        "archive: false\n",
    )
    assert one.result.stdout.startswith("Built 2 pages in 1 language, ")


def test_check_summary_plurals(tmp_path: Path) -> None:
    write_files(
        tmp_path,
        {
            "blog.yaml": "title: T\nbase_url: https://example.org/\n",
            "content/posts/x.md": page("X", "[bad](/nope/)\n"),
        },
    )
    outcome = run_cli(["check", "--source", str(tmp_path)])
    last = outcome.stdout.strip().splitlines()[-1]
    assert last.startswith("Checked ") and last.endswith(": 1 error, 0 warnings"), last


def test_a_template_error_on_two_pages_says_one_more_page(
    build_site: Callable[..., Built],
) -> None:
    files = {
        "content/posts/a.md": page("A", "A."),
        "content/posts/b.md": page("B", "B."),
        "layouts/single.html": "{{ 1 // 0 }}\n",
    }
    err = build_site(files, ok=False).result.stderr
    assert "(and 1 more page)" in err and "more pages" not in err


def test_blog_new_prints_errors_like_build(tmp_path: Path) -> None:
    write_files(tmp_path, {"blog.yaml": "title: T\nbase_url: https://example.org/\n"})
    outcome = run_cli(["new", "--source", str(tmp_path), "--translate", "posts/x"])
    assert outcome.exit_code == 1
    assert outcome.stderr.splitlines() == [
        "error: --translate needs --lang (the language to translate into)",
        "Nothing was created.",
    ]
    missing = run_cli(["new", "--source", str(tmp_path)])
    assert missing.exit_code == 2
    assert missing.stderr.splitlines()[-1] == "error: Missing argument 'PATH'."
    assert "Error:" not in missing.output


def test_usage_errors_print_error_in_lower_case() -> None:
    outcome = run_cli(["build", "--no-such-option"])
    assert outcome.exit_code == 2
    assert outcome.stderr.splitlines() == [
        "Usage: main build [OPTIONS]",
        "Try 'main build --help' for help.",
        "error: No such option '--no-such-option'.",
    ]


def test_help_and_version_exit_zero() -> None:
    assert run_cli(["--version"]).exit_code == 0
    helped = run_cli(["build", "--help"])
    assert helped.exit_code == 0 and helped.stdout.startswith("Usage: ")
