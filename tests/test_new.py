"""`blog new`: archetype lookup (site section, site default, theme section, theme default),
title from the slug, date with the site's zone, language suffix or folder, bundles, refusing
to overwrite or leave the content folder, and translations pinned to their original."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from polyblog.archetypes import new_page
from polyblog.config import load_config
from polyblog.content import load_content
from polyblog.content.model import SourcePage
from polyblog.translations import content_hash, translation_report
from sitekit import MULTI_CONFIG, page, run_cli, write_files

CONFIG = MULTI_CONFIG + "timezone: Europe/Paris\n"


@pytest.fixture
def site(tmp_path: Path) -> Path:
    write_files(
        tmp_path,
        {
            "blog.yaml": CONFIG,
            "content/posts/hello/index.md": page(
                "Hello",
                "The original body.\n",
                date="2024-03-05T10:00:00+01:00",
                tags=["x"],
                aliases=["/old-hello/"],
            ),
            "content/notes/n.md": page("N", "A note.\n"),
        },
    )
    return tmp_path


def load(root: Path, rel: str) -> SourcePage:
    config = load_config(root)
    content = load_content(config)
    assert not content.errors, content.errors
    return next(p for p in content.pages if p.path == rel)


def new(root: Path, *args: str) -> Any:
    return run_cli(["new", "--source", str(root), *args])


def test_default_archetype_from_the_theme(site: Path) -> None:
    outcome = new(site, "posts/my-first-post")
    assert outcome.exit_code == 0, outcome.output
    assert outcome.stdout.strip() == (
        "Created content/posts/my-first-post.md from themes/default/archetypes/default.md"
    )
    created = load(site, "content/posts/my-first-post.md")
    assert created.title == "My First Post"
    assert created.draft is True
    assert created.date is not None and created.date.utcoffset() is not None
    assert abs((datetime.now(created.date.tzinfo) - created.date).total_seconds()) < 120
    assert created.lang == "en"


def test_bundle_and_language_suffix(site: Path) -> None:
    assert new(site, "posts/deux", "--bundle", "--lang", "fr").exit_code == 0
    created = load(site, "content/posts/deux/index.fr.md")
    assert (created.lang, created.title, created.draft) == ("fr", "Deux", True)


def test_language_with_its_own_content_folder(tmp_path: Path) -> None:
    config = CONFIG.replace(
        "    title: ブログ\n", "    title: ブログ\n    content_dir: content/ja\n"
    )
    write_files(tmp_path, {"blog.yaml": config})
    assert new(tmp_path, "posts/nihon", "--lang", "ja").exit_code == 0
    assert load(tmp_path, "content/ja/posts/nihon.md").lang == "ja"


def test_archetype_lookup_order(site: Path) -> None:
    theme = "---\ntitle: theme {{ title }}\n---\n"
    write_files(site, {"themes/plain/archetypes/notes.md": theme, "themes/plain/templates/x": ""})
    (site / "blog.yaml").write_text(CONFIG + "theme: plain\n", encoding="utf-8")
    new_page(site, "notes/a", None, False)
    assert load(site, "content/notes/a.md").title == "theme A"  # theme section
    write_files(site, {"archetypes/default.md": "---\ntitle: site default {{ title }}\n---\n"})
    new_page(site, "notes/b", None, False)
    assert load(site, "content/notes/b.md").title == "site default B"  # site before theme
    write_files(site, {"archetypes/notes.md": "---\ntitle: site notes {{ name }}\n---\n"})
    new_page(site, "notes/c-d", None, False)
    assert load(site, "content/notes/c-d.md").title == "site notes c-d"  # section first
    new_page(site, "posts/e", None, False)
    assert load(site, "content/posts/e.md").title == "site default E"


def test_hugo_archetype_expressions(site: Path) -> None:
    hugo = (
        '---\ntitle: "{{ replace .File.ContentBaseName "-" " " | title }}"\n'
        "date: {{ .Date }}\ndraft: true\nslug: {{ .Name }}\n---\n"
    )
    write_files(site, {"archetypes/default.md": hugo})
    assert new(site, "posts/go-style").exit_code == 0
    created = load(site, "content/posts/go-style.md")
    assert (created.title, created.slug, created.draft) == ("Go Style", "go-style", True)
    assert created.date is not None


def test_broken_archetype_is_a_positioned_error(site: Path) -> None:
    write_files(site, {"archetypes/default.md": "---\ntitle: x\n{% if %}\n---\n"})
    outcome = new(site, "posts/x")
    outcome.assert_clean_failure()
    assert outcome.stderr.startswith("archetypes/default.md:3: error: archetype:")
    assert not (site / "content/posts/x.md").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["posts/hello", "--bundle"], "content/posts/hello/index.md: already exists"),
        (["../outside"], "'.' and '..' are not allowed"),
        (["/etc/x"], "give a path inside the content folder"),
        (["posts/x", "--lang", "de"], "'de' is not a language of the site"),
        (["--translate", "posts/nope", "--lang", "fr"], "no page with this path"),
        (["--translate", "posts/hello"], "--translate needs --lang"),
    ],
)
def test_refusals(site: Path, args: list[str], message: str) -> None:
    before = (site / "content/posts/hello/index.md").read_bytes()
    outcome = new(site, *args)
    assert outcome.exit_code != 0 and "Traceback" not in outcome.output
    assert message in outcome.output
    assert (site / "content/posts/hello/index.md").read_bytes() == before


def test_symlinked_folder_out_of_content_is_refused(site: Path, tmp_path_factory: Any) -> None:
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    (site / "content/escape").symlink_to(elsewhere, target_is_directory=True)
    outcome = new(site, "escape/x")
    outcome.assert_clean_failure()
    assert "outside the content folder" in outcome.stderr
    assert list(elsewhere.iterdir()) == []


def test_translate_copies_front_matter_draft_and_pins(site: Path) -> None:
    outcome = new(site, "--translate", "posts/hello", "--lang", "fr")
    assert outcome.exit_code == 0, outcome.output
    assert outcome.stdout.strip() == "Created content/posts/hello/index.fr.md"
    original = load(site, "content/posts/hello/index.md")
    made = load(site, "content/posts/hello/index.fr.md")
    assert (made.lang, made.title, made.draft) == ("fr", "Hello", True)
    assert made.terms["tags"] == ("x",) and made.date == original.date
    assert made.aliases == ()  # would collide with the original's
    assert made.params["translation_of"] == content_hash(original)
    assert made.body == original.body
    report = translation_report(site)
    (status,) = [s for s in report.pages if s.page == "posts/hello"]
    (fr,) = status.translations
    assert (fr.stale, fr.method, fr.draft) == (False, "pin", True)
    again = new(site, "--translate", "posts/hello", "--lang", "fr")
    assert again.exit_code != 0 and "the fr version already exists" in again.output
