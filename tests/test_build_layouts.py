"""`layouts_dir` (a Hugo site's own `layouts/` is never read), `layout:` falling back to the
kind's template, `<html lang>`/`hreflang` from the language's `hreflang`, and
`languages.<code>.date_format` in the theme's dates."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from polyblog.config import load_config
from polyblog.engine import Session
from polyblog.site import BuildOptions
from sitekit import Built, hreflangs, page, write_files

HUGO_SINGLE = '{{ define "main" }}<h1>HUGO {{ .Title }}</h1>{{ end }}\n'
OURS_FOOTER = '<footer class="site-footer">our own footer</footer>\n'


def hugo_side_by_side(**extra: str) -> dict[str, str]:
    """A site with Hugo's Go templates in layouts/ and polyblog's in layouts-polyblog/."""
    return {
        "blog.yaml": "title: T\nbase_url: https://example.org/\nlayouts_dir: layouts-polyblog\n",
        "content/posts/x.md": page("X", "Body", date="2024-03-05"),
        "layouts/single.html": HUGO_SINGLE,
        "layouts/_default/single.html": HUGO_SINGLE,
        "layouts/partials/footer.html": '{{ partial "hugo-only" . }}\n',
        "layouts/shortcodes/note.html": "{{ .Inner }}\n",
        "layouts-polyblog/partials/footer.html": OURS_FOOTER,
        **extra,
    }


def test_layouts_dir_replaces_layouts(build_site: Callable[..., Built]) -> None:
    built = build_site(hugo_side_by_side())
    tree = built.html("/posts/x/")
    assert tree.xpath("//main//h1/text()") == ["X"]  # the theme's single.html, not Hugo's
    assert tree.xpath("//footer[@class='site-footer']/text()") == ["our own footer"]
    assert b"HUGO" not in built.read("/posts/x/")
    assert b"{{" not in built.read("/")


def test_layouts_dir_shortcodes(build_site: Callable[..., Built]) -> None:
    files = hugo_side_by_side(
        **{
            "content/posts/x.md": page("X", "{{< note >}}inner{{< /note >}}"),
            "layouts/shortcodes/note.html": "HUGO {{ .Inner }}\n",
            "layouts-polyblog/shortcodes/note.html": "<aside class=note>{{ inner }}</aside>\n",
        }
    )
    built = build_site(files)
    assert built.html("/posts/x/").xpath("//aside[@class='note']/text()") == ["inner"]


def test_symlinks_are_checked_in_layouts_dir_only(
    build_site: Callable[..., Built], tmp_path: Path
) -> None:
    outside = tmp_path / "outside.html"
    outside.write_text("secret", encoding="utf-8")
    built = build_site(hugo_side_by_side(), ok=None)
    for folder in ("layouts", "layouts-polyblog"):
        (built.root / folder / "partials/leak.html").symlink_to(outside)
    rebuilt = built.rebuild()
    assert "layouts-polyblog/partials/leak.html: warning: symlink points outside" in (
        rebuilt.result.stderr
    )
    assert "layouts/partials/leak.html" not in rebuilt.result.stderr


def test_a_missing_template_names_layouts_dir(build_site: Callable[..., Built]) -> None:
    files = hugo_side_by_side(
        **{
            "blog.yaml": "base_url: https://example.org/\nlayouts_dir: layouts-polyblog\n"
            "theme: bare\n",
            "themes/bare/templates/home.html": "home",
        }
    )
    built = build_site(files, ok=False)
    assert (
        "error: no template found: looked for single.html in layouts-polyblog/ and the theme's "
        "templates/" in built.result.stderr
    )


def test_serve_watches_layouts_dir_not_layouts(tmp_path: Path) -> None:
    root = tmp_path / "site"
    write_files(root, hugo_side_by_side())
    session = Session(root, tmp_path / "out", BuildOptions(now=datetime(2026, 1, 1, tzinfo=UTC)))
    session.full()
    hugo = root / "layouts/partials/footer.html"
    hugo.write_text("<footer>changed hugo footer</footer>\n", encoding="utf-8")
    report = session.update([hugo])
    assert not report.full and report.written == []
    ours = root / "layouts-polyblog/partials/footer.html"
    ours.write_text('<footer class="site-footer">second footer</footer>\n', encoding="utf-8")
    report = session.update([ours])
    assert report.full
    assert "second footer" in (tmp_path / "out/posts/x/index.html").read_text(encoding="utf-8")


# -- layout: falls back like Hugo -----------------------------------------------------------------


def test_missing_layout_falls_back_with_a_warning(build_site: Callable[..., Built]) -> None:
    files = {
        "content/posts/x.md": page("X", "Body", layout="wide"),
        "content/posts/_index.md": page("Posts", layout="gallery"),
    }
    built = build_site(files)
    err = built.result.stderr
    assert (
        "content/posts/x.md:2: warning: layout: no template wide.html in layouts/ or the theme; "
        "the page uses single.html" in err
    )
    assert (
        "content/posts/_index.md:2: warning: layout: no template gallery.html in layouts/ or the "
        "theme; the page uses list.html" in err
    )
    assert built.html("/posts/x/").xpath("//main//h1/text()") == ["X"]
    assert built.html("/posts/").xpath("//main//h1/text()") == ["Posts"]
    strict = built.rebuild("--strict", ok=False)
    assert strict.result.stderr.startswith(
        "content/posts/_index.md:2: error: warning (--strict): layout: no template gallery.html"
    )


def test_existing_layout_is_used_without_warning(build_site: Callable[..., Built]) -> None:
    built = build_site(
        {
            "content/x.md": page("X", "Body", layout="wide"),
            "layouts/wide.html": "{% extends 'base.html' %}{% block main %}<p id=w>wide</p>"
            "{% endblock %}",
        }
    )
    assert built.html("/x/").xpath("//p[@id='w']/text()") == ["wide"]
    assert "warning" not in built.result.stderr


# -- hreflang -------------------------------------------------------------------------------------

LANGS = """\
title: T
base_url: https://example.org/
taxonomies: [tags]
languages:
  en: {locale: en_US}
  pt-br: {locale: pt_BR}
"""


@pytest.fixture(scope="module")
def two_langs(site_factory) -> Built:  # type: ignore[no-untyped-def]
    return site_factory.build(
        {
            "content/posts/x.md": page("X", "Body", date="2024-03-05", tags=["a"], aliases=["/o/"]),
            "content/posts/x.pt-br.md": page("Xis", "Corpo", date="2024-03-05", tags=["a"]),
            "content/only.md": page("Only", "Only en"),
        },
        config=LANGS,
    )


def test_lang_and_hreflang_come_from_the_language_config(two_langs: Built) -> None:
    config = load_config(two_langs.root)
    en, pt = config.language("en").hreflang, config.language("pt-br").hreflang
    assert pt != "pt-br"  # the key is never used as the language tag
    post = two_langs.html("/pt-br/posts/x/")
    assert post.xpath("/html/@lang") == [pt]
    assert hreflangs(post) == {
        en: "https://example.org/posts/x/",
        pt: "https://example.org/pt-br/posts/x/",
        "x-default": "https://example.org/posts/x/",
    }
    switch = post.xpath('//nav[contains(@class,"lang-switcher")]//*[@lang]')
    assert [(e.get("lang"), e.get("hreflang")) for e in switch] == [(en, en), (pt, None)]
    trans = post.xpath('//aside[@class="translations"]//a')
    assert [(a.get("lang"), a.get("hreflang")) for a in trans] == [(en, en)]
    cards = two_langs.html("/pt-br/").xpath("//article[contains(@class,'post-card')]/@lang")
    assert cards and set(cards) == {pt}
    assert two_langs.html("/only/").xpath("/html/@lang") == [en]
    feed = two_langs.xml("/pt-br/index.xml")
    assert feed.findtext("channel/language") == pt
    sitemap = two_langs.xml("/pt-br/sitemap.xml")
    links = sitemap.iter("{http://www.w3.org/1999/xhtml}link")
    assert {link.get("hreflang") for link in links} == {en, pt, "x-default"}
    assert two_langs.html("/o/").xpath("/html/@lang") == [en]  # an alias redirect


# -- date_format ----------------------------------------------------------------------------------


def test_date_format_per_language(build_site: Callable[..., Built]) -> None:
    config = (
        "title: T\nbase_url: https://example.org/\nlanguages:\n  en: {locale: en_US}\n"
        '  fr: {locale: fr_FR, date_format: "EEEE d MMMM y"}\n  de: {date_format: short}\n'
    )
    files = {
        "content/posts/x.md": page("X", "Body", date="2024-03-05T10:00:00Z"),
        "content/posts/x.fr.md": page("X", "Corps", date="2024-03-05T10:00:00Z"),
        "content/posts/x.de.md": page("X", "Text", date="2024-03-05T10:00:00Z"),
    }
    built = build_site(files, config=config)

    def shown(url: str) -> list[str]:
        return [t.text_content() for t in built.html(url).xpath("//main//time")]

    assert shown("/posts/x/") == ["March 5, 2024"]  # the default: long
    assert shown("/fr/posts/x/") == ["mardi 5 mars 2024"]
    assert shown("/de/posts/x/") == ["05.03.24"]
    assert shown("/fr/posts/") == ["mardi 5 mars 2024"]  # list cards too
    assert built.html("/fr/posts/x/").xpath("//main//time/@datetime") == [
        "2024-03-05T10:00:00+00:00"
    ]


def test_invalid_date_format_stops_the_build(build_site: Callable[..., Built]) -> None:
    config = "title: T\nbase_url: https://example.org/\nlanguages:\n  en: {date_format: 'HH:mm'}\n"
    built = build_site({"content/x.md": page("X")}, config=config, ok=False)
    assert built.result.stderr.startswith(
        "blog.yaml:4: error: languages.en.date_format: 'H' is a time field"
    )


def test_absolute_url_and_taxonomy_label_helpers(build_site: Callable[..., Built]) -> None:
    """The helpers behind the default theme's canonical links and term labels (they replace
    the `m.absolute` and `m.taxonomy_label` macros of `partials/macros.html`)."""
    single = (
        '{% extends "base.html" %}{% block main %}'
        '<p id="a">{{ absolute_url(page.url) }}</p><p id="b">{{ absolute_url("https://x.org/") }}'
        '</p><p id="c">{{ taxonomy_label("tags") }}|{{ taxonomy_label("genres") }}</p>'
        "{% endblock %}\n"
    )
    built = build_site(
        {
            "blog.yaml": "title: T\nbase_url: https://example.org/blog/\n"
            "taxonomies: [tags, genres]\n",
            "content/posts/x.md": page("X", "Body", tags=["a"], genres=["b"]),
            "layouts/single.html": single,
        }
    )
    tree = built.html("/posts/x/")
    assert tree.xpath("//p[@id='a']/text()") == ["https://example.org/blog/posts/x/"]
    assert tree.xpath("//p[@id='b']/text()") == ["https://x.org/"]
    assert tree.xpath("//p[@id='c']/text()") == ["Tags|Genres"]
    assert tree.xpath("//link[@rel='canonical']/@href") == ["https://example.org/blog/posts/x/"]
