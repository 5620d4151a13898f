"""Units behind the Hugo content-model rules: accent removal, language suffixes, resource globs
and metadata, front-matter menus, disabled languages and hreflang in the config."""

from __future__ import annotations

from pathlib import Path

import pytest

from polyblog.config import load_config
from polyblog.content.discover import is_locale_code, is_page_file, split_language
from polyblog.content.menus import menu_specs
from polyblog.content.model import ResourceSpec
from polyblog.content.resources import GlobError, glob_match, resource_specs
from polyblog.errors import ConfigError, ContentError
from polyblog.site.model import Page, PageKind
from polyblog.site.resources import hugo_sort, name_resources, resource_by_name, resource_type
from polyblog.urls import make_path, remove_accents, urlize

# -- remove_path_accents ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "out"),
    [
        ("Été à Noël", "Ete a Noel"),
        ("Crème Brûlée", "Creme Brulee"),
        ("Ñandú", "Nandu"),
        ("Straße øre", "Straße øre"),  # no decomposition: kept (Hugo's NFD + drop Mn)
        ("日本語", "日本語"),
        ("ば", "は"),  # the dakuten is a combining mark (Mn) after NFD, as in Go
    ],
)
def test_remove_accents(text: str, out: str) -> None:
    assert remove_accents(text) == out


def test_urlize_strips_accents_only_when_asked() -> None:
    assert urlize("Référencement SEO", strip_accents=True) == "referencement-seo"
    assert urlize("Référencement SEO") == "référencement-seo"
    assert make_path("Über Uns", True) == "Uber-Uns"


# -- language suffixes ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "known", "out"),
    [
        ("index.fr.md", {"en", "fr"}, ("index", "fr")),
        ("index.de.md", {"en"}, ("index", "de")),  # a locale Babel knows
        ("post.pt-pt.md", {"en"}, ("post", "pt-pt")),
        ("post.zh-cn.md", {"en"}, ("post", "zh-cn")),
        ("notes.old.md", {"en"}, ("notes.old", None)),
        ("v1.2.md", {"en"}, ("v1.2", None)),
        ("api.v2.md", {"en"}, ("api.v2", None)),
        ("data.eng.md", {"en"}, ("data.eng", None)),  # Babel maps eng to en: not a suffix
        ("post.FR.md", {"en"}, ("post.FR", None)),  # language keys are lower case
        ("x.klingon.md", {"en", "klingon"}, ("x", "klingon")),  # a configured key always is
        ("about.md", {"en"}, ("about", None)),
    ],
)
def test_split_language(name: str, known: set[str], out: tuple[str, str | None]) -> None:
    assert split_language(name, known) == out


def test_is_locale_code() -> None:
    assert is_locale_code("es") and is_locale_code("pt-br") and is_locale_code("zh-hans")
    assert not any(is_locale_code(c) for c in ("old", "v1", "draft", "min", "eng", "und", "EN"))


def test_html_files_with_front_matter_or_text_are_pages(tmp_path: Path) -> None:
    files = {
        "fm.html": "---\ntitle: X\n---\n<p>x</p>",
        "text.htm": "Just text",
        "bom.html": "\ufeff  \n<!DOCTYPE html><html></html>",
        "raw.html": "\n\n  <html><body></body></html>",
        "comment.html": "<!-- a comment -->\n<p>x</p>",
        "empty.html": "   \n",
        "a.md": "<div>markdown is always a page</div>",
    }
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    pages = {name for name in files if is_page_file(tmp_path / name)}
    assert pages == {"fm.html", "text.htm", "comment.html", "a.md"}


# -- resource globs and metadata -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pattern", "name", "matches"),
    [
        ("*.png", "a.png", True),
        ("*.png", "img/a.png", False),  # `*` stops at `/`
        ("**.png", "img/deep/a.png", True),
        ("images/*", "images/a.jpg", True),
        ("IMAGES/*.JPG", "images/a.jpg", True),  # case-insensitive both ways
        ("*.{png,jpg}", "b.jpg", True),
        ("{a,b/*}", "b/c", True),
        ("?.txt", "a.txt", True),
        ("?.txt", "ab.txt", False),
        ("[a-c]*", "cat", True),
        ("[!a-c]*", "cat", False),
        ("\\*.md", "*.md", True),
        ("chart", "chart.png", False),
    ],
)
def test_glob(pattern: str, name: str, matches: bool) -> None:
    assert glob_match(pattern, name) is matches


@pytest.mark.parametrize("pattern", ["[abc", "{a,b", "a\\"])
def test_bad_globs(pattern: str) -> None:
    with pytest.raises(GlobError):
        glob_match(pattern, "x")


def bundle(*names: str, path: str = "/p/") -> Page:
    return Page(
        kind=PageKind.PAGE,
        lang="en",
        ident="p/index.md",
        path=path,
        title="P",
        link_title="P",
        section="",
        resources=tuple((f"content/p/{n}", path + n) for n in names),
    )


def test_counters_count_per_src_in_hugos_order() -> None:
    page = bundle("b.jpg", "a.jpg", "c.png", "sub/d.jpg")
    specs = (
        ResourceSpec(src="a.jpg", title="First"),
        ResourceSpec(src="**.jpg", name="gallery-:counter", title="Image :counter"),
        ResourceSpec(src="*", params={"Credit": "me"}),
    )
    named = name_resources(page, specs)
    got = {r.path: (r.name, r.title, dict(r.params)) for r in named}
    assert got == {
        "/p/a.jpg": ("gallery-1", "First", {"credit": "me"}),
        "/p/b.jpg": ("gallery-2", "Image 1", {"credit": "me"}),
        "/p/c.png": ("c.png", "c.png", {"credit": "me"}),
        "/p/sub/d.jpg": ("gallery-3", "Image 2", {}),  # `*` does not reach into sub/
    }
    placed = replace_meta(page, named)
    assert resource_by_name(placed, "gallery-*") == "/p/a.jpg"
    assert resource_by_name(placed, "GALLERY-3") == "/p/sub/d.jpg"


def replace_meta(page: Page, named: tuple) -> Page:  # type: ignore[type-arg]
    from dataclasses import replace

    return replace(page, resource_meta=named)


def test_hugo_sort_replays_gos_insertion_sort() -> None:
    """Hugo's comparator (type before, else name before) is not a strict order: an image
    moves before a text file whose name sorts first, as Go's insertion sort does."""
    items = ["a.txt", "b.png"]
    assert hugo_sort(items, resource_type, lambda n: n) == ["b.png", "a.txt"]
    assert resource_type("x.PNG") == "image" and resource_type("x.yaml") == "application"
    assert resource_type("noext") == "application" and resource_type("f.woff2") == "font"


def test_resource_specs_errors_have_lines() -> None:
    lines = {("resources",): 3, ("resources", 0): 4, ("resources", 1): 6}
    with pytest.raises(ContentError) as info:
        resource_specs([{"src": "a"}, {"name": "x"}], "resources", lines, "c/x.md")
    assert info.value.pos is not None and info.value.pos.line == 6
    with pytest.raises(ContentError, match=r"resources\[0\]\.src: unclosed"):
        resource_specs([{"src": "[a"}], "resources", lines, "c/x.md")
    with pytest.raises(ContentError, match="expected a list"):
        resource_specs("*.png", "resources", lines, "c/x.md")
    assert resource_specs(None, "resources", lines, "c/x.md") == ()


# -- front-matter menus ------------------------------------------------------------------------


def test_menu_forms() -> None:
    assert [s.menu for s in menu_specs("main", "menu", {}, "x.md")] == ["main"]
    assert [s.menu for s in menu_specs(["main", "footer"], "menu", {}, "x.md")] == [
        "main",
        "footer",
    ]
    specs = menu_specs(
        {"main": {"Weight": 2, "name": "X", "parent": "p", "identifier": "i", "pre": "<b>"},
         "footer": None},
        "menus",
        {("menus",): 3, ("menus", "main"): 4, ("menus", "footer"): 9},
        "x.md",
    )  # fmt: skip
    main, footer = specs
    assert (main.menu, main.weight, main.name, main.parent, main.identifier, main.pre) == (
        "main",
        2,
        "X",
        "p",
        "i",
        "<b>",
    )
    assert (footer.menu, footer.name, footer.weight, footer.line) == ("footer", None, None, 9)


@pytest.mark.parametrize(
    ("value", "message", "line"),
    [
        ({"main": {"weight": "x"}}, "menu.main.weight: expected a whole number", 5),
        ({"main": {"name": ["a"]}}, "menu.main.name: expected text", 4),
        ({"main": "oops"}, "menu.main: expected a mapping", 4),
        ([["a"]], r"menu\[0\]: expected a menu name", 3),
        (3.5, "menu: expected a menu name", 3),
    ],
)
def test_menu_errors_name_key_and_line(value: object, message: str, line: int) -> None:
    lines = {("menu",): 3, ("menu", "main"): 4, ("menu", "main", "weight"): 5}
    with pytest.raises(ContentError, match=message) as info:
        menu_specs(value, "menu", lines, "x.md")
    assert info.value.pos is not None and info.value.pos.line == line


# -- config: disabled languages, hreflang --------------------------------------------------------


def config_of(root: Path, text: str):  # type: ignore[no-untyped-def]
    (root / "blog.yaml").write_text(text, encoding="utf-8")
    return load_config(root)


BASE = "base_url: https://example.org/\n"


def test_disabled_languages_leave_the_site(tmp_path: Path) -> None:
    config = config_of(
        tmp_path,
        BASE
        + "disabled_languages: [de, es]\nlanguages:\n  en: {}\n  fr: {}\n  de: {}\n"
        + "  it: {disabled: true, content_dir: content-it/}\n",
    )
    assert config.lang_codes == ("en", "fr")
    assert config.disabled_languages == ("de", "es", "it")
    assert config.disabled_dirs == ("content-it",)
    assert not config.warnings


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        (BASE + "languages:\n  en: {}\n  fr: {}\ndisabled_languages:\n  - fr\n  - en\n", 7,
         "disabled_languages.1: 'en' is the default language"),
        (BASE + "languages:\n  en:\n    disabled: true\n", 4, "languages.en.disabled"),
        (BASE + "disabled_languages: [Fr-]\n", 2, "not a language code"),
        (BASE + "languages:\n  en:\n    disabled: yes please\n", 4, "expected true or false"),
    ],
)  # fmt: skip
def test_disabled_language_errors(tmp_path: Path, text: str, line: int, message: str) -> None:
    with pytest.raises(ConfigError, match=message) as info:
        config_of(tmp_path, text)
    assert info.value.pos is not None and info.value.pos.line == line


@pytest.mark.parametrize(
    ("spec", "hreflang"),
    [
        ("pt-br: {locale: pt_BR}", "pt-BR"),
        ("pt-br: {locale: pt-br}", "pt-BR"),
        ("cat: {locale: ca}", "ca"),
        ("en: {locale: en_GB}", "en-GB"),
        ("zh: {locale: zh_Hans_CN}", "zh-Hans-CN"),
        ("zh-cn: {locale: zh_CN}", "zh-CN"),  # as written (Babel would add the script)
        ("es-419: {locale: es_419}", "es-419"),
        ("zh-cn: {}", "zh-CN"),  # no locale: the key
        ("sr-latn: {}", "sr-Latn"),
    ],
)
def test_hreflang_is_the_locale_in_bcp47(tmp_path: Path, spec: str, hreflang: str) -> None:
    code = spec.split(":")[0]
    config = config_of(tmp_path, BASE + f"default_language: {code}\nlanguages:\n  {spec}\n")
    assert config.language(code).hreflang == hreflang
