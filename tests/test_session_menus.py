"""`blog serve` and menus: a page a menu entry points at (`page_ref`, with the page's title as
its name) changes, and every page's menu follows, as a clean build would show it."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

from polyblog.build import BuildRequest, build
from polyblog.engine import Session
from polyblog.site import BuildOptions
from sitekit import snapshot

OPTIONS = BuildOptions(drafts=True, now=datetime(2026, 11, 27, 12, tzinfo=UTC))
POST = "posts/202303-ssg-content-model/index.html"


def test_menu_entry_follows_its_page(example_site: Path, tmp_path: Path) -> None:
    config = example_site / "blog.yaml"
    text = config.read_text(encoding="utf-8")
    assert "\nmenus:" not in text  # the example uses the theme's default menus
    config.write_text(
        text + "menus:\n  en:\n    - {name: Posts, url: /posts/, weight: 1}\n"
        "    - {page_ref: /about, weight: 4}\n"
        "  fr:\n    - {name: À propos, url: /fr/about/, weight: 4}\n",
        encoding="utf-8",
    )
    session = Session(example_site, tmp_path / "served", OPTIONS, jobs=1)
    session.full()
    post = session.destination / POST
    assert ">About</a>" in post.read_text(encoding="utf-8")

    about = example_site / "content/about/index.md"
    about.write_text(
        re.sub(r"(?m)^title: .*$", 'title: "Who I am"', about.read_text(encoding="utf-8")),
        encoding="utf-8",
    )
    report = session.update([about])
    assert not report.full
    assert POST in report.written
    assert ">Who I am</a>" in post.read_text(encoding="utf-8")
    assert "fr/" + POST not in report.written  # the French menu has its own entries

    clean = tmp_path / "clean"
    build(BuildRequest(source=example_site, destination=clean, options=OPTIONS, jobs=1,
                       live_reload=True))  # fmt: skip
    served, expected = snapshot(session.destination), snapshot(clean)
    expected = {k: v for k, v in expected.items() if not k.startswith("pagefind/")}  # serve's
    assert sorted(served) == sorted(expected)
    assert [rel for rel in expected if served[rel] != expected[rel]] == []


def test_default_menu_follows_the_about_page(example_site: Path, tmp_path: Path) -> None:
    """The theme's default menu names the about page by its title: an edit of that title
    reaches every page of its language, not the others, as a clean build would show it."""
    session = Session(example_site, tmp_path / "served", OPTIONS, jobs=1)
    session.full()
    about = example_site / "content/about/index.md"
    about.write_text(
        re.sub(r"(?m)^title: .*$", 'title: "Who I am"', about.read_text(encoding="utf-8")),
        encoding="utf-8",
    )
    report = session.update([about])
    assert not report.full
    assert POST in report.written and "fr/" + POST not in report.written
    assert ">Who I am</a>" in (session.destination / POST).read_text(encoding="utf-8")

    clean = tmp_path / "clean"
    build(BuildRequest(source=example_site, destination=clean, options=OPTIONS, jobs=1,
                       live_reload=True))  # fmt: skip
    served, expected = snapshot(session.destination), snapshot(clean)
    expected = {k: v for k, v in expected.items() if not k.startswith("pagefind/")}  # serve's
    assert [rel for rel in expected if served.get(rel) != expected[rel]] == []
