"""blog.yaml keys layouts_dir, disable_kinds, languages.<code>.date_format and menu entries;
messages for Hugo sites and Hugo key names, with their exact wording and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from polyblog.config import Config, load_config
from polyblog.config_hints import hugo_config
from polyblog.errors import ConfigError

BASE = "base_url: https://example.org/\n"


def load(root: Path, text: str) -> Config:
    (root / "blog.yaml").write_text(text, encoding="utf-8")
    return load_config(root)


def error(root: Path, text: str) -> ConfigError:
    with pytest.raises(ConfigError) as info:
        load(root, text)
    return info.value


def warnings(root: Path, text: str) -> list[tuple[int, str]]:
    return [(w.pos.line if w.pos else 0, w.message) for w in load(root, text).warnings]


# -- a Hugo site without blog.yaml ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("files", "named"),
    [
        (["hugo.toml"], "hugo.toml"),
        (["hugo.yaml"], "hugo.yaml"),
        (["config.yml"], "config.yml"),
        (["config.json"], "config.json"),
        (["config.toml", "hugo.toml"], "hugo.toml"),  # Hugo's own order: hugo.* first
        (["config/_default/hugo.toml"], "config/_default/"),
    ],
)
def test_hugo_site_without_blog_yaml_says_to_import(
    tmp_path: Path, files: list[str], named: str
) -> None:
    for name in files:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("", encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_config(tmp_path)
    assert info.value.message == (
        f"no blog.yaml in {tmp_path}, but {named} is a Hugo configuration: run "
        "`blog import hugo` to write a blog.yaml from it"
    )
    assert hugo_config(tmp_path) == named


def test_folder_without_any_config_keeps_its_message(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as info:
        load_config(tmp_path)
    assert info.value.message == f"no blog.yaml in {tmp_path} (is --source the site folder?)"


def test_a_blog_yaml_wins_over_a_hugo_config(tmp_path: Path) -> None:
    (tmp_path / "hugo.toml").write_text('baseURL = "https://x.org/"\n', encoding="utf-8")
    assert load(tmp_path, BASE).base_url == "https://example.org/"


def test_base_url_missing_but_hugo_baseurl_present(tmp_path: Path) -> None:
    exc = error(tmp_path, "title: T\nbaseURL: https://example.org/\n")
    assert exc.message == (
        "base_url: required (e.g. https://example.org/); this file has baseURL:, which is "
        "Hugo's name for it: rename it to base_url"
    )
    assert exc.pos is not None and (exc.pos.path, exc.pos.line) == ("blog.yaml", 2)
    assert error(tmp_path, "baseurl: https://example.org/\n").message.startswith(
        "base_url: required (e.g. https://example.org/); this file has baseurl:"
    )
    assert error(tmp_path, "title: T\n").message == "base_url: required (e.g. https://example.org/)"


# -- unknown keys: Hugo's names and typos ---------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("baseurl: x", "did you mean base_url? (baseurl is Hugo's name for it)"),
        ("languageCode: en-us", "did you mean languages.<code>.locale? (languageCode is Hugo's"),
        ("defaultContentLanguage: en", "did you mean default_language? (defaultContentLanguage"),
        ("defaultContentLanguageInSubdir: true", "did you mean default_language_in_subdir?"),
        ("contentDir: content", "did you mean content_dir? (contentDir is Hugo's name for it)"),
        ("paginate: 5", "did you mean pagination.page_size? (paginate is Hugo's name for it)"),
        ("rssLimit: 5", "did you mean feeds.limit? (rssLimit is Hugo's name for it)"),
        ("summaryLength: 5", "did you mean summary_length? (summaryLength is Hugo's name"),
        ("removePathAccents: true", "did you mean remove_path_accents? (removePathAccents"),
        ("disableLanguages: [fr]", "did you mean disabled_languages? (disableLanguages"),
        ("disableKinds: [RSS]", "did you mean disable_kinds? (disableKinds is Hugo's name"),
        ("enableRobotsTXT: true", "did you mean robots_txt? (enableRobotsTXT is Hugo's name"),
        ("timeZone: UTC", "did you mean timezone? (timeZone is Hugo's name for it)"),
        ("languageName: English", "did you mean languages.<code>.name? (languageName is"),
        ("languageDirection: rtl", "did you mean languages.<code>.direction? (languageDirection"),
        ("disablePathToLower: true", "did you mean disable_path_to_lower? (disablePathToLower"),
        ("mainSections: [posts]", "did you mean main_sections? (mainSections is Hugo's name"),
        ("menu: {}", "did you mean menus? (menu is Hugo's name for it)"),
        ("page_sise: 3", "did you mean pagination.page_size?"),
        ("titel: T", "did you mean title?"),
        ("layout_dir: x", "did you mean layouts_dir?"),
        ("disable_kind: [rss]", "did you mean disable_kinds?"),
    ],
)
def test_unknown_top_level_key_suggests_ours(tmp_path: Path, line: str, expected: str) -> None:
    key = line.split(":", 1)[0]
    ((where, message),) = warnings(tmp_path, f"{BASE}{line}\n")
    assert where == 2
    assert message.startswith(f"unknown key {key!r} (ignored): {expected}"), message


def test_exact_messages_of_hugo_key_and_typo(tmp_path: Path) -> None:
    assert warnings(tmp_path, f"{BASE}baseURL: https://x.org/\npage_sise: 3\nzzz: 1\n") == [
        (2, "unknown key 'baseURL' (ignored): did you mean base_url? "
            "(baseURL is Hugo's name for it)"),
        (3, "unknown key 'page_sise' (ignored): did you mean pagination.page_size?"),
        (4, "unknown key 'zzz' (ignored)"),
    ]  # fmt: skip


def test_unknown_keys_inside_a_language(tmp_path: Path) -> None:
    text = (
        f"{BASE}default_language: fr\nlanguages:\n  fr:\n    languageCode: fr-FR\n"
        "    languageName: Français\n"
        "    contentDir: content/fr\n    date_fromat: long\n    menu: {}\n    timeZone: UTC\n"
    )
    assert warnings(tmp_path, text) == [
        (5, "unknown key languages.fr.languageCode (ignored): did you mean languages.fr.locale? "
            "(languageCode is Hugo's name for it)"),
        (6, "unknown key languages.fr.languageName (ignored): did you mean languages.fr.name? "
            "(languageName is Hugo's name for it)"),
        (7, "unknown key languages.fr.contentDir (ignored): did you mean "
            "languages.fr.content_dir? (contentDir is Hugo's name for it)"),
        (8, "unknown key languages.fr.date_fromat (ignored): did you mean "
            "languages.fr.date_format?"),
        (9, "unknown key languages.fr.menu (ignored): did you mean languages.fr.menus? "
            "(menu is Hugo's name for it)"),
        (10, "unknown key languages.fr.timeZone (ignored): did you mean timezone? "
             "(timeZone is Hugo's name for it)"),
    ]  # fmt: skip


def test_pagination_pager_size_and_params_main_sections(tmp_path: Path) -> None:
    text = f"{BASE}pagination:\n  pagerSize: 5\nparams:\n  mainSections: [posts]\n"
    assert warnings(tmp_path, text) == [
        (3, "unknown key pagination.pagerSize (ignored): did you mean pagination.page_size? "
            "(pagerSize is Hugo's name for it)"),
        (5, "params.mainSections is Hugo's setting and is not read here: did you mean "
            "main_sections (at the top level)?"),
    ]  # fmt: skip


# -- layouts_dir ----------------------------------------------------------------------------------


def test_layouts_dir_default_and_value(tmp_path: Path) -> None:
    assert load(tmp_path, BASE).layouts_dir == "layouts"
    assert load(tmp_path, f"{BASE}layouts_dir: layouts-polyblog/\n").layouts_dir == (
        "layouts-polyblog"
    )


@pytest.mark.parametrize("value", ["../elsewhere", "/etc", "a/../../b", "''", "."])
def test_layouts_dir_must_stay_in_the_site(tmp_path: Path, value: str) -> None:
    exc = error(tmp_path, f"{BASE}layouts_dir: {value}\n")
    assert exc.message.startswith("layouts_dir: ")
    assert exc.message.endswith(
        "is not a folder inside the site (such as layouts or layouts-polyblog)"
    )
    assert exc.pos is not None and exc.pos.line == 2


# -- disable_kinds --------------------------------------------------------------------------------


def test_disable_kinds(tmp_path: Path) -> None:
    config = load(tmp_path, f"{BASE}disable_kinds: [rss, 404, robots_txt]\n")
    assert config.disable_kinds == frozenset({"rss", "404", "robots_txt"})
    assert not config.builds("rss") and not config.builds("404")
    assert config.builds("page") and config.builds("sitemap")
    assert load(tmp_path, BASE).disable_kinds == frozenset()


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("RSS", "disable_kinds.0: unknown kind 'RSS' (one of: rss, sitemap, robots_txt, taxonomy, "
                "term, 404, section, home, page): did you mean rss? (RSS is Hugo's name for it)"),
        ("robotsTXT", "disable_kinds.0: unknown kind 'robotsTXT' (one of: rss, sitemap, "
                      "robots_txt, taxonomy, term, 404, section, home, page): did you mean "
                      "robots_txt? (robotsTXT is Hugo's name for it)"),
        ("pages", "disable_kinds.0: unknown kind 'pages' (one of: rss, sitemap, robots_txt, "
                  "taxonomy, term, 404, section, home, page): did you mean page?"),
    ],
)  # fmt: skip
def test_disable_kinds_unknown_value(tmp_path: Path, value: str, message: str) -> None:
    exc = error(tmp_path, f"{BASE}disable_kinds:\n  - {value}\n")
    assert exc.message == message
    assert exc.pos is not None and exc.pos.line == 3


# -- date_format ----------------------------------------------------------------------------------


def test_date_format_default_style_and_pattern(tmp_path: Path) -> None:
    config = load(
        tmp_path,
        f'{BASE}languages:\n  en: {{}}\n  fr: {{date_format: "d MMMM y"}}\n'
        "  de: {date_format: short}\n",
    )
    assert [lang.date_format for lang in config.languages] == ["long", "d MMMM y", "short"]


@pytest.mark.parametrize(
    ("pattern", "problem"),
    [
        ("2 January 2006", "'a' is a time field (quote letters meant as text: 'de')"),
        ("HH:mm", "'H' is a time field (quote letters meant as text: 'de')"),
        ("d 'de MMMM", "a quote (') is not closed"),
        ("MMMMMM y", "'MMMMMM' is not a valid length for 'M'"),
        ("'only text'", "no date field (d, M, y, E, ...)"),
    ],
)
def test_invalid_date_format_names_key_and_line(tmp_path: Path, pattern: str, problem: str) -> None:
    quoted = pattern.replace("'", "''")
    exc = error(tmp_path, f"{BASE}languages:\n  fr:\n    date_format: '{quoted}'\n")
    go = (
        " (a Go layout such as '2 January 2006' is written 'd MMMM y')" if "2006" in pattern else ""
    )
    assert exc.message == (
        f"languages.fr.date_format: {problem} in {pattern!r}: use short, medium, long, full or "
        f"a CLDR date pattern such as 'd MMMM y'{go}"
    )
    assert exc.pos is not None and (exc.pos.path, exc.pos.line) == ("blog.yaml", 4)


# -- menu entries ---------------------------------------------------------------------------------


def test_menu_entry_keys(tmp_path: Path) -> None:
    config = load(
        tmp_path,
        f"""{BASE}menus:
  main:
    - name: Docs
      page_ref: /docs
      identifier: docs
      weight: 2
      pre: "<i>"
      post: "</i>"
      title: All the docs
    - {{name: Guide, url: /docs/guide/, parent: docs}}
    - {{page_ref: /about}}
""",
    )
    docs, about, guide = config.language("en").menus["main"]  # weight 0 last, then by name
    assert (docs.name, docs.page_ref, docs.identifier, docs.weight) == ("Docs", "/docs", "docs", 2)
    assert (docs.pre, docs.post, docs.title, docs.line) == ("<i>", "</i>", "All the docs", 4)
    assert (guide.url, guide.parent, guide.weight, guide.where) == (
        "/docs/guide/", "docs", 0, "menus.main[1]"
    )  # fmt: skip
    assert (about.name, about.page_ref, about.line) == ("", "/about", 12)


def test_menu_order_is_hugos(tmp_path: Path) -> None:
    config = load(
        tmp_path,
        f"{BASE}menus:\n  main:\n"
        "    - {name: b, url: /b/}\n    - {name: A, url: /a/}\n"
        "    - {name: Z, url: /z/, weight: 3}\n"
        "    - {name: Y, url: /y/, weight: -1}\n    - {name: a, url: /a2/}\n",
    )
    assert [e.name for e in config.language("en").menus["main"]] == ["Y", "Z", "A", "a", "b"]


@pytest.mark.parametrize(
    ("entry", "message", "line"),
    [
        ("{name: X}", "menus.main[0]: a menu entry needs a name and a url, or a page_ref", 4),
        ("{url: /x/}", "menus.main[0]: a menu entry needs a name and a url, or a page_ref", 4),
        ("{name: X, page_ref: 'https://x.org/'}",
         "menus.main.0.page_ref: 'https://x.org/' is not a content path such as /posts or /about "
         "(use url for a link to another site)", 4),
        ("{name: X, url: /x/, weight: heavy}",
         "menus.main.0.weight: expected an integer, got str 'heavy'", 4),
    ],
)  # fmt: skip
def test_bad_menu_entry(tmp_path: Path, entry: str, message: str, line: int) -> None:
    exc = error(tmp_path, f"{BASE}menus:\n  main:\n    - {entry}\n")
    assert exc.message == message
    assert exc.pos is not None and exc.pos.line == line


def test_hugo_page_ref_spelling_is_a_warning(tmp_path: Path) -> None:
    text = f"{BASE}menus:\n  main:\n    - {{name: X, url: /x/, pageRef: /x}}\n"
    assert warnings(tmp_path, text) == [
        (4, "unknown key menus.main[0].pageRef (ignored): did you mean page_ref? "
            "(pageRef is Hugo's name for it)")
    ]  # fmt: skip
