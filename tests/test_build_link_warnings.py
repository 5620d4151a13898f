"""`blog build` warns about broken internal links, missing images and broken anchors in the
pages' content, at the line that wrote them; `--strict` makes them errors (nothing is swapped
in). Links in templates, and links to other sites, are `blog check`'s (docs/checking.md)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from sitekit import Built, copy_example_site, image_bytes, page, run_site

CONFIG = "title: T\nbase_url: https://example.org/blog/\n"
BODY = """\
A [good link](/posts/y/) and [a bad one](/posts/nope/) and [anchor](/posts/y/#second).

A [broken anchor](/posts/y/#nope), [self](#intro), [bad self](#missing), [theme id](#main).

![an image](missing.png) and ![good](pic.png) and [relative](../y/)

{{< figure src="figure-missing.png" caption="x" >}}

[other site](https://other.example/x) [mail](mailto:a@example.org) [top](#top)

## Intro
"""
FILES = {
    "content/posts/x/index.md": page("X", BODY),
    "content/posts/x/pic.png": image_bytes(),
    "content/posts/y/index.md": page("Y", "## Second\n\ntext\n"),
}
WARNINGS = [
    "content/posts/x/index.md:4: warning: broken link to /blog/posts/nope/: no such page or file",
    "content/posts/x/index.md:6: warning: broken anchor /blog/posts/y/#nope: no id 'nope' in "
    "https://example.org/blog/posts/y/",
    "content/posts/x/index.md:6: warning: broken anchor #missing: no id 'missing' in this page",
    "content/posts/x/index.md:8: warning: missing image missing.png",
    "content/posts/x/index.md:10: warning: missing image /blog/posts/x/figure-missing.png",
]


def warnings(built: Built) -> list[str]:
    return [line for line in built.result.stderr.splitlines() if ": warning: " in line]


def test_broken_links_and_images_are_warnings_at_their_line(
    build_site: Callable[..., Built],
) -> None:
    built = build_site(FILES, config=CONFIG)
    assert warnings(built) == WARNINGS
    assert built.exists("/posts/x/")
    assert built.result.stdout.startswith("Built 9 pages in 1 language, ")  # archive included


def test_strict_makes_them_errors_and_keeps_the_previous_output(
    build_site: Callable[..., Built],
) -> None:
    built = build_site(FILES, "--strict", config=CONFIG, ok=False)
    err = built.result.stderr.splitlines()
    errors = [line for line in err if ": error: " in line]
    assert errors == [
        line.replace(": warning: ", ": error: warning (--strict): ")
        for line in sorted(WARNINGS, key=lambda w: (int(w.split(":")[1]), w))
    ]
    assert err[-1] == "5 errors; nothing was written."
    assert not built.public.exists()
    built.write({"content/posts/x/index.md": page("X", "Fixed.\n")})
    built.rebuild("--strict")
    built.write({"content/posts/x/index.md": page("X", "[bad](/nope/)\n")})
    again = built.rebuild("--strict", ok=False)
    assert again.result.stderr.splitlines()[-1] == (
        "Build failed; the previous output was left as it was."
    )
    assert "Fixed." in built.text("/posts/x/")


def test_a_link_to_a_draft_is_broken_without_drafts(build_site: Callable[..., Built]) -> None:
    files = {
        "content/posts/a.md": page("A", "See [the draft](/posts/b/).\n"),
        "content/posts/b.md": page("B", "Soon.\n", draft=True),
    }
    assert warnings(build_site(files)) == [
        "content/posts/a.md:4: warning: broken link to /posts/b/: no such page or file"
    ]
    assert warnings(build_site(files, "--drafts")) == []


def test_the_example_site_builds_without_a_warning(tmp_path: Path) -> None:
    site = copy_example_site(tmp_path / "site")
    built = run_site(site, tmp_path / "public", ["--strict"])
    assert built.result.stderr == ""
