"""Incremental rebuilds (`polyblog.engine`): after any sequence of edits the served output equals
a clean build of the same files, and an edit renders only what depends on it."""

from __future__ import annotations

import os
import random
import re
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from polyblog.build import BuildRequest, build
from polyblog.engine import Session
from polyblog.engine.state import Renderer
from polyblog.errors import BlogError, ErrorList
from polyblog.site import BuildOptions, PageKey
from sitekit import snapshot

NOW = datetime(2026, 11, 27, 12, tzinfo=UTC)
OPTIONS = BuildOptions(drafts=True, now=NOW)


@pytest.fixture
def site(example_site: Path) -> Path:
    # the search index is `blog serve`'s step after a rebuild (tests/test_search.py), not the
    # session's: off here, so every clean build below is only pages
    config = example_site / "blog.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "search: false\n", encoding="utf-8")
    return example_site


def assert_same_as_clean(session: Session, site: Path, tmp_path: Path, label: str) -> None:
    clean = tmp_path / f"clean-{label}"
    build(
        BuildRequest(
            source=site, destination=clean, options=OPTIONS, live_reload=True, jobs=1, cache=False
        )
    )
    served, expected = snapshot(session.destination), snapshot(clean)
    expected = {k: v for k, v in expected.items() if not k.startswith("pagefind/")}  # serve's
    assert sorted(served) == sorted(expected), label
    differ = [rel for rel in expected if served[rel] != expected[rel]]
    assert not differ, f"{label}: {differ[:5]}"


def touch_write(path: Path, text: str) -> None:
    """Write and make sure the stat changes even on coarse clocks."""
    before = path.stat().st_mtime_ns if path.exists() else 0
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    if path.stat().st_mtime_ns == before:
        os.utime(path, ns=(before + 1_000_000, before + 1_000_000))


def new_session(site: Path, tmp_path: Path) -> Session:
    session = Session(site, tmp_path / "served", OPTIONS, jobs=1)
    session.full()
    return session


POST = "content/posts/202303-ssg-content-model/index.md"
POST_FR = "content/posts/202303-ssg-content-model/index.fr.md"


def test_full_equals_clean_build(site: Path, tmp_path: Path) -> None:
    session = new_session(site, tmp_path)
    assert_same_as_clean(session, site, tmp_path, "full")


def test_body_edit_renders_only_what_shows_the_post(site: Path, tmp_path: Path) -> None:
    session = new_session(site, tmp_path)
    path = site / POST
    touch_write(path, path.read_text() + "\nA brand new closing paragraph.\n")
    report = session.update([path])
    assert not report.full
    assert report.bodies == 1
    written = set(report.written)
    assert "posts/202303-ssg-content-model/index.html" in written
    # the French translation does not show the English body
    assert "fr/posts/202303-ssg-content-model/index.html" not in written
    # no model change: sitemaps are not rendered again
    assert not any(rel.startswith("sitemap") for rel in written)
    assert report.rendered < 40, report.rendered
    html = (session.destination / "posts/202303-ssg-content-model/index.html").read_text()
    assert "A brand new closing paragraph." in html
    assert_same_as_clean(session, site, tmp_path, "body")


def test_same_length_edits_inside_and_before_the_summary(site: Path, tmp_path: Path) -> None:
    """Word count and reading time unchanged: a typo fixed after `<!--more-->` changes only
    the page; one fixed in the summary changes every list that shows it."""
    session = new_session(site, tmp_path)
    path = site / POST
    text = path.read_text()
    late = text.replace("most useful test oracle", "most useful test baseline")
    assert late != text
    touch_write(path, late)
    report = session.update([path])
    assert report.written == ["posts/202303-ssg-content-model/index.html"]
    assert "test baseline" in (session.destination / report.written[0]).read_text()
    assert_same_as_clean(session, site, tmp_path, "late-typo")

    early = late.replace("annoyed enough at my blogging", "irritated enough at my blogging")
    assert early != late
    touch_write(path, early)
    report = session.update([path])
    assert "posts/index.html" in report.written or any(
        rel.startswith("posts/page/") for rel in report.written
    )
    assert_same_as_clean(session, site, tmp_path, "summary-typo")


def test_title_edit_reaches_lists_switchers_and_translations(site: Path, tmp_path: Path) -> None:
    session = new_session(site, tmp_path)
    path = site / POST
    text = path.read_text()
    new = re.sub(r"(?m)^title: .*$", 'title: "A renamed post"', text, count=1)
    assert new != text
    touch_write(path, new)
    report = session.update([path])
    assert "fr/posts/202303-ssg-content-model/index.html" in report.written  # hreflang/switcher
    assert_same_as_clean(session, site, tmp_path, "title")


@pytest.mark.parametrize(
    ("label", "edit"),
    [
        ("tags", lambda text: text.replace("tags:", "tags:\n  - brand-new-tag", 1)),
        ("draft", lambda text: text.replace("---\n", "---\ndraft: true\n", 1)),
        ("date", lambda text: re.sub(r"(?m)^date: .*$", "date: 2019-01-02", text, count=1)),
        ("slug", lambda text: text.replace("---\n", "---\nslug: moved-here\n", 1)),
        ("alias", lambda text: text.replace("---\n", "---\naliases: [/old/path/]\n", 1)),
        ("series", lambda text: text.replace("---\n", "---\nseries: [A new series]\n", 1)),
    ],
)
def test_front_matter_edits(
    site: Path, tmp_path: Path, label: str, edit: Callable[[str], str]
) -> None:
    session = new_session(site, tmp_path)
    path = site / POST
    text = path.read_text()
    assert edit(text) != text
    touch_write(path, edit(text))
    session.update([path])
    assert_same_as_clean(session, site, tmp_path, label)


def rendered_parts(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, object]]:
    """Every part an update renders, as (page key, part)."""
    seen: list[tuple[str, object]] = []
    part = Renderer.part

    def spy(self: Renderer, unit: tuple[PageKey, object]) -> object:
        seen.append(unit)
        return part(self, unit)  # type: ignore[arg-type]

    monkeypatch.setattr(Renderer, "part", spy)
    return seen


@pytest.mark.parametrize(
    ("label", "edit", "terms"),
    [
        ("existing tag", lambda t: t.replace('tags: ["Python",', 'tags: ["AI", "Python",', 1),
         ["en:term:tags/ai"]),
        ("new tag", lambda t: t.replace('tags: ["Python",', 'tags: ["Brand New", "Python",', 1),
         ["en:term:tags/brand-new"]),
        ("category", lambda t: t.replace('categories: ["Engineering"]', 'categories: ["Notes"]'),
         ["en:term:categories/engineering", "en:term:categories/notes"]),
    ],
)  # fmt: skip
def test_a_tag_edit_renders_only_the_lists_it_changes(
    site: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    label: str,
    edit: Callable[[str], str],
    terms: list[str],
) -> None:
    """The post, the pagers that show it, every pager of the terms it joins or leaves (their
    counts change), the taxonomy's page, feeds that show it and the posts whose related posts
    change: nothing in other languages, no other list, no Markdown, and no sitemap unless a
    page appeared."""
    session = new_session(site, tmp_path)
    assert session.model is not None
    related_before = dict(session.model.site.related)
    path = site / POST
    text = path.read_text()
    assert edit(text) != text
    touch_write(path, edit(text))
    seen = rendered_parts(monkeypatch)
    report = session.update([path])
    assert not report.full and report.bodies == 0, label
    model = session.model
    assert model is not None
    post = "en:page:posts/202303-ssg-content-model/index.md"
    assert (post, "page") in seen
    for key, part in seen:
        assert key.startswith("en:"), (label, key)  # the other languages' pages stay
        page = model.site.pages[key]
        if key == post or key in terms or page.kind.value == "taxonomy":
            continue
        if page.kind.value == "page":  # a post whose related posts change or show the post
            related = model.site.related.get(key, ())
            assert related_before.get(key) != related or post in related, (label, key)
            continue
        # any other part is a list showing the post: the pager that has it, or a feed
        assert post in page.listed, (label, key, part)
        if isinstance(part, int):
            assert post in model.site.pagers[key][part - 1].items, (label, key, part)
    for key, related in model.site.related.items():
        if related_before.get(key) != related:
            assert (key, "page") in seen, (label, key)
    for term in terms:  # the lists it changes, all their pagers (each shows the count)
        pagers = model.site.pagers.get(term, ())
        assert all((term, pager.number) in seen for pager in pagers), (label, term)
    sitemaps = [rel for rel in report.written if rel.endswith("sitemap.xml")]
    assert sitemaps == (["en/sitemap.xml"] if label == "new tag" else []), (label, sitemaps)
    assert_same_as_clean(session, site, tmp_path, label.replace(" ", "-"))


def test_add_delete_and_rename_posts(site: Path, tmp_path: Path) -> None:
    session = new_session(site, tmp_path)
    new = site / "content/posts/a-new-post/index.md"
    touch_write(
        new,
        '---\ntitle: "Fresh"\ndate: 2026-01-01\ntags: [python]\n---\nHello {{< ref "/about/" >}}\n',
    )
    report = session.update([new])
    assert "posts/a-new-post/index.html" in report.written
    assert_same_as_clean(session, site, tmp_path, "add")

    # a translation appears: both switchers change
    fr = new.with_name("index.fr.md")
    touch_write(fr, '---\ntitle: "Frais"\ndate: 2026-01-01\n---\nBonjour\n')
    session.update([fr])
    assert_same_as_clean(session, site, tmp_path, "add-translation")

    # delete the original: it leaves lists, taxonomies, feeds and the switcher
    new.unlink()
    report = session.update([new])
    assert "posts/a-new-post/index.html" in report.deleted
    assert not (session.destination / "posts/a-new-post/index.html").exists()
    assert_same_as_clean(session, site, tmp_path, "delete")

    # rename a bundle folder: the page moves
    folder = site / "content/posts/a-new-post"
    moved = site / "content/posts/renamed-post"
    folder.rename(moved)
    session.update([folder, moved, moved / "index.fr.md"])
    assert (session.destination / "fr/posts/renamed-post/index.html").exists()
    assert not (session.destination / "fr/posts/a-new-post/index.html").exists()
    assert_same_as_clean(session, site, tmp_path, "rename")


def test_article_card_follows_the_linked_post(site: Path, tmp_path: Path) -> None:
    session = new_session(site, tmp_path)
    linker = site / "content/posts/linker/index.md"
    touch_write(
        linker,
        '---\ntitle: "Linker"\ndate: 2026-01-01\n---\n'
        '{{< article link="/posts/202303-ssg-content-model/" >}}\n',
    )
    session.update([linker])
    path = site / POST
    text = path.read_text()
    new = re.sub(r"(?m)^title: .*$", 'title: "Card title changed"', text, count=1)
    new = re.sub(r"(?m)^summary: .*$", 'summary: "A new card summary"', new, count=1)
    touch_write(path, new)
    report = session.update([path])
    assert "posts/linker/index.html" in report.written
    assert "Card title changed" in (session.destination / "posts/linker/index.html").read_text()
    assert_same_as_clean(session, site, tmp_path, "card")


def test_static_template_and_config_changes(site: Path, tmp_path: Path) -> None:
    session = new_session(site, tmp_path)
    css = site / "static/extra.css"
    touch_write(css, "body { color: red }\n")
    report = session.update([css])
    assert report.written == ["extra.css"]
    assert report.rendered == 0
    css.unlink()
    session.update([css])
    assert_same_as_clean(session, site, tmp_path, "static")

    layout = site / "layouts/partials/footer.html"
    touch_write(layout, "<footer>custom footer</footer>\n")
    early: list[list[str]] = []
    session.early = early.append
    page = "posts/202303-ssg-content-model/index.html"
    report = session.update([layout], first=[page, "fr/index.html"])
    # the pages open in a browser were written first, and said so
    assert early == [sorted([page, "fr/index.html"])] or early == [[page, "fr/index.html"]]
    assert "custom footer" in (session.destination / page).read_text()
    assert report.full
    assert report.bodies == 0  # a layout cannot change a Markdown body
    assert "custom footer" in (session.destination / "index.html").read_text()
    assert_same_as_clean(session, site, tmp_path, "layout")

    shortcode = site / "layouts/shortcodes/alert.html"
    touch_write(shortcode, '<aside class="my-alert">{{ inner_html }}</aside>\n')
    report = session.update([shortcode])
    assert report.full and report.bodies > 0
    assert_same_as_clean(session, site, tmp_path, "shortcode-template")

    theme_css = site / "themes/mine/static/css/theme.css"
    touch_write(theme_css, "p { margin: 0 }\n")
    report = session.update([theme_css])
    assert not report.full  # a theme's static file is a copy, not a template

    config = site / "blog.yaml"
    touch_write(config, config.read_text().replace("page_size: 5", "page_size: 2"))
    report = session.update([config])
    assert report.full
    assert_same_as_clean(session, site, tmp_path, "config")


def test_a_failed_rebuild_keeps_the_output_and_recovers(site: Path, tmp_path: Path) -> None:
    session = new_session(site, tmp_path)
    before = snapshot(session.destination)
    path = site / POST
    good = path.read_text()
    touch_write(path, good.replace("---\n", "---\ndate: 2023-02-30\n", 1))
    with pytest.raises((BlogError, ErrorList)) as info:
        session.update([path])
    assert "202303-ssg-content-model/index.md" in str(info.value)
    assert snapshot(session.destination) == before
    # another file changes while the first is still broken, then the first is fixed
    other = site / POST_FR
    touch_write(other, other.read_text() + "\nUne phrase de plus.\n")
    with pytest.raises((BlogError, ErrorList)):
        session.update([other])
    touch_write(path, good + "\nFixed.\n")
    session.update([path])
    assert_same_as_clean(session, site, tmp_path, "recovered")


def test_a_failed_template_rebuild_puts_back_the_pages_written_first(
    site: Path, tmp_path: Path
) -> None:
    """A template edit that breaks only some pages (here the home pages), saved while a post
    is open in a browser: the post is rendered and written first with the new template, then
    the home page fails; the post is put back, and no file keeps the broken template."""
    session = new_session(site, tmp_path)
    before = snapshot(session.destination)
    page = "posts/202303-ssg-content-model/index.html"
    layout = site / "layouts/partials/footer.html"
    touch_write(
        layout,
        '<footer>broken-{{ page.kind }}{% if page.kind == "home" %}{{ 1 // 0 }}{% endif %}'
        "</footer>\n",
    )
    early: dict[str, bytes] = {}
    session.early = lambda files: early.update(
        {rel: (session.destination / rel).read_bytes() for rel in files}
    )
    with pytest.raises((BlogError, ErrorList)) as info:
        session.update([layout], first=[page])
    assert "ZeroDivisionError" in str(info.value)
    assert b"broken-page" in early[page]  # it was written with the new template
    after = snapshot(session.destination)
    assert after[page] == before[page]  # and put back
    assert [rel for rel in before if after.get(rel) != before[rel]] == []
    assert not any(b"broken-" in data for data in after.values())
    assert not list(tmp_path.glob(".served.*"))  # the render folder is gone
    touch_write(layout, "<footer>fixed-{{ page.kind }}</footer>\n")
    session.update([layout], first=[page])
    assert b"fixed-page" in (session.destination / page).read_bytes()
    assert_same_as_clean(session, site, tmp_path, "template-fixed")


def test_an_edit_writes_the_page_open_in_a_browser_first(site: Path, tmp_path: Path) -> None:
    """A tag edit saved while the post is open: the post is written (and said) before the lists;
    when a list then fails (a template that breaks on one term page), the post is put back."""
    touch_write(
        site / "layouts/partials/footer.html",
        '<footer>{% if page.title == "Boom" %}{{ 1 // 0 }}{% endif %}</footer>\n',
    )
    session = new_session(site, tmp_path)
    page = "posts/202303-ssg-content-model/index.html"
    path = site / POST
    text = path.read_text()
    early: list[tuple[list[str], bytes]] = []
    session.early = lambda files: early.append((files, (session.destination / page).read_bytes()))
    touch_write(path, text.replace('tags: ["Python",', 'tags: ["AI", "Python",', 1))
    report = session.update([path], first=[page, "index.html"])
    assert early and early[0][0] == [page]  # the home page shows no tags: unchanged
    assert b"/tags/ai/" in early[0][1]
    assert page in report.written
    assert_same_as_clean(session, site, tmp_path, "early")

    before = snapshot(session.destination)
    early.clear()
    touch_write(path, text.replace('tags: ["Python",', 'tags: ["Boom", "Python",', 1))
    with pytest.raises((BlogError, ErrorList)) as info:
        session.update([path], first=[page])
    assert "ZeroDivisionError" in str(info.value)
    assert early and b"/tags/boom/" in early[0][1]  # written first, then put back
    assert snapshot(session.destination) == before


# blog.yaml additions the random sequences also run with: untranslated posts shown in every
# language's lists and feeds, translations inheriting front matter from their original
TRANSLATIONS_CONFIG = (
    "translations:\n  untranslated: show\n"
    "  inherit: [date, tags, categories, series, images, cover, weight]\n"
)


@pytest.mark.parametrize("extra", ["", TRANSLATIONS_CONFIG], ids=["default", "translations"])
def test_random_edit_sequences_equal_a_clean_build(site: Path, tmp_path: Path, extra: str) -> None:
    """Random edits, additions and deletions; compared with a clean build every few steps.
    With `translations:`, also translations written without (or losing) their front matter."""
    rng = random.Random(7)
    config = site / "blog.yaml"
    config.write_text(config.read_text() + extra)
    session = new_session(site, tmp_path)
    posts = sorted((site / "content").rglob("index*.md"))
    created: list[Path] = []
    translations: list[Path] = []
    kinds = ["body", "title", "tags", "new", "delete", "weight", "add-tag", "untag-one", "category"]
    if extra:
        kinds += ["translate", "untag"]
    for step in range(30):
        choice = rng.choice(kinds)
        if choice == "translate":
            # a French translation with a title only (it inherits date, tags, series...), or
            # one of those deleted again (its original is shown untranslated again)
            untranslated = [
                p.with_name("index.fr.md")
                for p in posts
                if p.name == "index.md"
                and "ja" not in p.relative_to(site).parts
                and not p.with_name("index.fr.md").exists()
            ]
            if translations and (not untranslated or rng.random() < 0.3):
                path = translations.pop(rng.randrange(len(translations)))
                path.unlink()
            else:
                path = rng.choice(untranslated)
                touch_write(path, f'---\ntitle: "Traduction {step}"\n---\nCorps {step}.\n')
                translations.append(path)
        elif choice == "untag":  # a page loses one of the keys a translation may inherit
            path = rng.choice(posts)
            text = re.sub(r"(?m)^(tags|date|series|weight):.*\n", "", path.read_text(), count=1)
            touch_write(path, text)
        elif choice == "new" or (choice == "delete" and not created):
            name = f"content/posts/random-{step}/index{rng.choice(['', '.fr'])}.md"
            path = site / name
            tags = rng.sample(["python", "ai", "web", "notes"], k=2)
            touch_write(
                path,
                f'---\ntitle: "Random {step}"\ndate: 2025-0{rng.randint(1, 9)}-1{step % 10}\n'
                f"tags: {tags}\n---\nBody {step}.\n",
            )
            created.append(path)
        elif choice == "delete":
            path = created.pop(rng.randrange(len(created)))
            path.unlink()
        else:
            path = rng.choice(posts)
            text = path.read_text()
            if choice == "body":
                text += f"\nParagraph {step}.\n"
            elif choice == "title":
                text = re.sub(r"(?m)^title: .*$", f'title: "Title {step}"', text, count=1)
            elif choice == "tags":
                text = text.replace("---\n", f"---\nkeywords: [k{step}]\n", 1)
                text = re.sub(r"(?m)^tags:.*$", f"tags: [step-{step % 3}]", text, count=1)
            elif choice == "add-tag":  # a tag other posts have (YAML or TOML front matter)
                tag = rng.choice(["Python", "AI", "notes", "i18n"])
                text = re.sub(r"(?m)^(tags ?[:=] ?\[)", rf'\1"{tag}", ', text, count=1)
            elif choice == "untag-one":  # the first tag goes (a term may lose its last page)
                text = re.sub(r'(?m)^(tags ?[:=] ?\[)\s*"[^"]*",?\s*', r"\1", text, count=1)
            elif choice == "category":  # another category, existing or not
                name = rng.choice(["Engineering", "Notes", "Technology", f"Cat {step % 2}"])
                text = re.sub(
                    r"(?m)^categories ?([:=]) ?\[.*\]$", rf'categories\1 ["{name}"]', text, count=1
                )
            else:
                text = text.replace("---\n", f"---\nweight: {step}\n", 1)
            touch_write(path, text)
        session.update([path])
        if step % 6 == 5:
            assert_same_as_clean(session, site, tmp_path, f"step-{step}")


def test_single_language_site(tmp_path: Path) -> None:
    site = tmp_path / "mono"
    (site / "content/posts").mkdir(parents=True)
    (site / "blog.yaml").write_text(
        'title: Mono\nbase_url: "https://example.org/"\ndefault_language: en\n'
        "languages:\n  en: {name: English, locale: en_US}\n"
    )
    post = site / "content/posts/one.md"
    touch_write(post, '---\ntitle: "One"\ndate: 2024-01-01\ntags: [a]\n---\nBody one.\n')
    touch_write(site / "content/posts/two.md", '---\ntitle: "Two"\ndate: 2024-02-01\n---\nTwo.\n')
    session = new_session(site, tmp_path)
    for step, tags in enumerate(["[a, b]", "[c]", "[]"]):
        touch_write(
            post, f'---\ntitle: "One {step}"\ndate: 2024-01-0{step + 2}\ntags: {tags}\n---\nBody.\n'
        )
        session.update([post])
        assert (session.destination / "sitemap.xml").is_file()
        assert_same_as_clean(session, site, tmp_path, f"mono-{step}")


def test_content_warnings_stay_after_a_body_only_edit(site: Path, tmp_path: Path) -> None:
    """A warning from reading the content folder (here a file in a language the site does not
    have) is reported by every rebuild until it is fixed, body-only edits included."""
    touch_write(site / "content/posts/stray.es.md", "---\ntitle: Hola\n---\nhola\n")
    session = new_session(site, tmp_path)
    path = site / POST
    touch_write(path, path.read_text() + "\nOne more paragraph.\n")
    report = session.update([path])
    assert not report.full
    assert any("stray.es.md" in str(w.pos) or "stray.es.md" in w.message for w in report.warnings)


def test_a_session_that_keeps_no_reads_sends_none_and_renders_everything_again(
    site: Path, tmp_path: Path
) -> None:
    """`blog build --no-cache` renders once and keeps no engine state: its parts come back
    without their reads (fewer bytes from each worker). Should such a session be updated, it
    renders everything again instead of planning from reads it does not have."""
    session = Session(site, tmp_path / "served", OPTIONS, jobs=1)
    session.keep_reads = False
    session.full()
    model = session.model
    assert model is not None and model.units
    assert all(not record.reads for record in model.units.values())
    assert_same_as_clean(session, site, tmp_path, "no reads")
    path = site / POST
    touch_write(path, path.read_text() + "\nA closing paragraph.\n")
    report = session.update([path])
    assert report.full
    assert_same_as_clean(session, site, tmp_path, "no reads, updated")
    kept = new_session(site, tmp_path / "kept")  # the default keeps them
    assert kept.model is not None
    assert any(record.reads for record in kept.model.units.values())
