"""`blog import hugo`, reading and mapping: which Hugo config files are read and how they merge
(checked against `hugo config` 0.111.3 on the same trees), the line of every key in TOML, YAML
and JSON, case-insensitive keys, Go layouts -> CLDR, permalink tokens, and the mapping of each
Hugo key with its report entry."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from polyblog.errors import ConfigError, SourcePos
from polyblog.importer.golayout import go_to_cldr
from polyblog.importer.hugo_config import HugoConfig, read_hugo_config
from polyblog.importer.mapping import map_config
from polyblog.importer.structure import convert_permalink
from polyblog.importer.toml_lines import toml_key_lines
from polyblog.importer.write import render_yaml
from sitekit import write_files


def read(tmp_path: Path, files: dict[str, str]) -> HugoConfig:
    write_files(tmp_path, files)
    return read_hugo_config(tmp_path)


def report(cfg: HugoConfig, has_layouts: bool = False) -> list[str]:
    return [str(e) for e in map_config(cfg, has_layouts=has_layouts).entries]


def values(cfg: HugoConfig) -> dict[str, Any]:
    return map_config(cfg, has_layouts=False).values


# -- which files, merged how ------------------------------------------------------------------


def test_toml_keys_are_lower_cased_with_lines_and_spellings(tmp_path: Path) -> None:
    cfg = read(
        tmp_path,
        {
            "hugo.toml": 'baseURL = "https://example.org/"\n'
            "# a comment\n"
            "[Params]\n"
            '  mainSections = ["posts"]\n'
            "  [Params.Author]\n"
            '    Name = "Ada"\n'
            "[[menu.main]]\n"
            '  name = "Posts"\n'
            "[[menu.main]]\n"
            '  name = "Tags"\n',
        },
    )
    assert cfg.files == ("hugo.toml",)
    assert cfg.data["params"] == {"mainsections": ["posts"], "author": {"name": "Ada"}}
    assert cfg.data["menus"]["main"][1] == {"name": "Tags"}  # `menu` is Hugo's alias
    assert cfg.pos(("baseurl",)) == SourcePos("hugo.toml", 1)
    assert cfg.pos(("params", "author", "name")) == SourcePos("hugo.toml", 6)
    assert cfg.pos(("menus", "main", 1)) == SourcePos("hugo.toml", 9)
    assert cfg.pos(("menus", "main", 1, "name")) == SourcePos("hugo.toml", 10)
    assert cfg.display(("params", "author", "name")) == "Params.Author.Name"
    assert cfg.display(("menus", "main", 1)) == "menu.main[1]"


def test_yaml_and_json_configs_record_lines(tmp_path: Path) -> None:
    yaml_cfg = read(
        tmp_path / "y",
        {"config.yaml": "baseURL: https://example.org/\nparams:\n  dateFormat: Jan 2, 2006\n"},
    )
    assert yaml_cfg.pos(("params", "dateformat")) == SourcePos("config.yaml", 3)
    json_cfg = read(
        tmp_path / "j",
        {"hugo.json": '{\n  "baseURL": "https://example.org/",\n  "Params": {\n'
         '    "color": "teal"\n  }\n}\n'},
    )  # fmt: skip
    assert json_cfg.data["params"] == {"color": "teal"}
    assert json_cfg.pos(("params", "color")) == SourcePos("hugo.json", 4)
    assert json_cfg.display(("params", "color")) == "Params.color"


def test_hugo_toml_wins_over_hugo_yaml_and_config_toml(tmp_path: Path) -> None:
    # `hugo config` 0.111.3 on this tree: title = "From hugo.toml"
    cfg = read(
        tmp_path,
        {
            "hugo.toml": 'title = "From hugo.toml"\n',
            "hugo.yaml": "title: From hugo.yaml\n",
            "config.toml": 'title = "From config.toml"\n',
        },
    )
    assert cfg.data["title"] == "From hugo.toml"
    assert cfg.files == ("hugo.toml",)
    assert {f for f, _ in cfg.ignored} == {"hugo.yaml", "config.toml"}
    lines = report(cfg)
    assert (
        "config.toml: dropped: (whole file): Hugo reads only hugo.toml when several config "
        "files exist" in lines
    )


def test_config_dir_sections_languages_and_production(tmp_path: Path) -> None:
    # the same tree through `hugo config` 0.111.3: params.color = prod, params.author has both
    # name (hugo.toml) and email (params.toml); markup.en.toml lands in languages.en itself
    cfg = read(
        tmp_path,
        {
            "hugo.toml": '[Params]\n  Color = "red"\n  [Params.Author]\n    Name = "A"\n',
            "config/_default/params.toml": 'color = "blue"\n[author]\nemail = "x@y"\n',
            "config/production/params.toml": 'color = "prod"\n',
            "config/development/params.toml": 'color = "dev"\n',
            "config/_default/languages.toml": "[en]\nweight = 1\n[fr]\nweight = 2\n",
            "config/_default/params.fr.toml": 'dateFormat = "2 January 2006"\n',
            "config/_default/menus.en.toml": '[[main]]\nname = "Posts"\nurl = "/posts/"\n',
            "config/_default/menu.fr.toml": '[[main]]\nname = "Articles"\nurl = "/posts/"\n',
            "config/_default/hugo.fr.toml": 'languageName = "Français"\n',
            "config/_default/config.de.toml": "weight = 3\n",
            "config/_default/markup.en.toml": "foo = 1\n",
        },
    )
    assert cfg.data["params"] == {"color": "prod", "author": {"name": "A", "email": "x@y"}}
    assert cfg.pos(("params", "color")) == SourcePos("config/production/params.toml", 1)
    assert cfg.pos(("params", "author", "email")) == SourcePos("config/_default/params.toml", 3)
    langs = cfg.data["languages"]
    assert langs["fr"]["params"] == {"dateformat": "2 January 2006"}
    assert langs["fr"]["languagename"] == "Français"
    assert langs["en"]["menus"]["main"][0]["name"] == "Posts"
    assert langs["fr"]["menus"]["main"][0]["name"] == "Articles"
    assert langs["de"] == {"weight": 3}
    assert langs["en"]["foo"] == 1
    assert cfg.pos(("languages", "fr", "params", "dateformat")) == SourcePos(
        "config/_default/params.fr.toml", 1
    )
    assert cfg.display(("languages", "fr", "menus", "main", 0)) == "languages.fr.menus.main[0]"
    assert [f for f, _ in cfg.ignored] == ["config/development/"]


def test_whole_file_sections_keep_the_file_name_spelling(tmp_path: Path) -> None:
    cfg = read(tmp_path, {"config/_default/mediaTypes.toml": '["text/plain"]\nsuffixes = ["md"]\n'})
    assert cfg.data == {"mediatypes": {"text/plain": {"suffixes": ["md"]}}}
    assert "config/_default/mediaTypes.toml:1: dropped: mediaTypes.text/plain" not in report(cfg)
    assert cfg.display(("mediatypes",)) == "mediaTypes"
    assert cfg.pos(("mediatypes",)) == SourcePos("config/_default/mediaTypes.toml")


def test_case_insensitive_keys_merge_across_files(tmp_path: Path) -> None:
    cfg = read(
        tmp_path,
        {
            "hugo.toml": 'BaseURL = "https://example.org/"\nDefaultContentLanguage = "FR"\n'
            "[Languages.FR]\nWeight = 1\n",
            "config/_default/languages.toml": '[fr]\nlanguageName = "Français"\n',
        },
    )
    assert cfg.data["languages"] == {"fr": {"weight": 1, "languagename": "Français"}}
    out = values(cfg)
    assert out["base_url"] == "https://example.org/"
    assert out["default_language"] == "fr"
    assert out["languages"] == {"fr": {"name": "Français", "weight": 1}}


@pytest.mark.parametrize(
    ("name", "text", "where", "message"),
    [
        ("hugo.toml", 'title = "x"\nbaseURL = \n', SourcePos("hugo.toml", 2, 11), "invalid TOML: "),
        ("hugo.toml", 'title = "x"\n[params\n', SourcePos("hugo.toml", 2, 8), "invalid TOML: "),
        ("hugo.yaml", "title: x\nparams: [\n", SourcePos("hugo.yaml", 3, 1), "invalid YAML: "),
        # (not a trailing comma: Python 3.13 reports that one at another place)
        (
            "hugo.json",
            '{"title": "x",\n  "baseURL" 1}\n',
            SourcePos("hugo.json", 2, 13),
            "invalid JSON: ",
        ),
        ("hugo.toml", "", None, "no Hugo configuration"),
    ],
)
def test_malformed_config_is_an_error_with_its_line(
    tmp_path: Path, name: str, text: str, where: SourcePos | None, message: str
) -> None:
    if text:
        write_files(tmp_path, {name: text})
    with pytest.raises(ConfigError) as caught:
        read_hugo_config(tmp_path)
    assert caught.value.pos == where
    assert caught.value.message.startswith(message)


def test_a_config_file_linking_outside_the_site_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "outside.toml"
    outside.write_text('title = "secret"\n', encoding="utf-8")
    site = tmp_path / "site"
    site.mkdir()
    (site / "hugo.toml").symlink_to(outside)
    with pytest.raises(ConfigError) as caught:
        read_hugo_config(site)
    assert caught.value.pos == SourcePos("hugo.toml")
    assert "outside the site folder" in caught.value.message


# -- TOML lines -------------------------------------------------------------------------------


def test_toml_lines_skip_multiline_values_and_read_quoted_and_dotted_keys() -> None:
    text = (
        'a = """\nb = 1\n"""\n'  # 1-3: not a key b
        "list = [\n  1,\n  # c = 2\n  3,\n]\n"  # 4-8
        '"quoted.key" = 1\n'  # 9
        "x.y = 'z' # note\n"  # 10
        "[t]\n"  # 11
        "inline = { p = 1, q = [1, 2] }\n"  # 12
        "[[t.arr]]\n"  # 13
        "k = 1\n"  # 14
        "[[t.arr]]\n"  # 15
        "k = '''\nmulti\n'''\n"  # 16-18
        "[t.arr.sub]\n"  # 19
        "m = 1\n"  # 20
    )
    lines = toml_key_lines(text)
    assert lines[("a",)] == 1
    assert ("b",) not in lines
    assert lines[("list",)] == 4
    assert ("c",) not in lines
    assert lines[("quoted.key",)] == 9
    assert lines[("x", "y")] == 10
    assert lines[("t", "inline")] == 12
    assert lines[("t", "arr", 0, "k")] == 14
    assert lines[("t", "arr", 1)] == 15
    assert lines[("t", "arr", 1, "k")] == 16
    assert lines[("t", "arr", 1, "sub", "m")] == 20


# -- Go layouts and permalinks ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("layout", "pattern", "exact"),
    [
        ("2 January 2006", "d MMMM y", True),
        ("2006-01-02", "y-MM-dd", True),
        ("Jan 2, 2006", "MMM d, y", True),
        ("Monday, 02-Jan-06 15:04:05 MST", "EEEE, dd-MMM-yy HH:mm:ss z", True),
        ("3:04PM", "h:mma", True),
        ("2006-01-02T15:04:05.000Z07:00", "y-MM-dd'T'HH:mm:ss.SSSXXX", True),
        ("-0700 -07:00 Z0700", "xx xxx XX", True),
        ("2006年1月2日", "y年M月d日", True),
        ("Jan _2", "MMM d", False),
        ("3pm", "ha", False),
        ("2 Jan '06", "d MMM ''yy", True),
        ("Janet", "'Janet'", True),  # `Jan` followed by a lower-case letter is text in Go
        ("day 002", "'day' DDD", True),
    ],
)
def test_go_layouts_become_cldr_patterns(layout: str, pattern: str, exact: bool) -> None:
    converted = go_to_cldr(layout)
    assert (converted.pattern, converted.exact) == (pattern, exact)


@pytest.mark.parametrize(
    ("hugo", "ours", "notes"),
    [
        ("/:year/:month/:slug/", "/:year/:month/:slug/", 0),
        (":contentbasename", ":contentbasename", 0),
        ("/:2006/:01/:filename/", "/:year/:month/:filename/", 0),
        ("/:year/:monthname/:slug/", "/:year/:month/:slug/", 1),
        ("/:sections[1:]/:slug/", "/:sections/:slug/", 1),
        ("/:yearday/:slug/", None, 1),
        ("/:foo/", None, 1),
    ],
)
def test_permalink_tokens(hugo: str, ours: str | None, notes: int) -> None:
    converted, found = convert_permalink(hugo)
    assert converted == ours
    assert len(found) == notes


# -- mapping ----------------------------------------------------------------------------------


def test_hugo_defaults_are_written_explicitly(tmp_path: Path) -> None:
    cfg = read(tmp_path, {"hugo.toml": 'baseURL = "https://example.org/"\n'})
    out = values(cfg)
    assert out["default_language"] == "en"
    assert out["languages"] == {"en": {}}
    assert out["taxonomies"] == ["tags", "categories"]
    assert out["robots_txt"] is False
    assert out["feeds"] == {"limit": 0}
    assert out["markup"] == {"unsafe_html": False}
    assert out["theme"] == "default"
    lines = report(cfg)
    assert (
        "(not set): mapped: taxonomies -> taxonomies (Hugo's default: tags and categories, "
        "no series)" in lines
    )
    assert (
        "(not set): approximated: markup.goldmark.renderer.unsafe -> markup.unsafe_html: false "
        "(Hugo replaces raw HTML in Markdown with <!-- raw HTML omitted -->; polyblog shows it "
        "as escaped text instead; set true if you trust your content)" in lines
    )


def test_blowfish_style_languages_params_and_menus(tmp_path: Path) -> None:
    cfg = read(
        tmp_path,
        {
            "config/_default/hugo.toml": 'baseURL = "https://example.org/blog"\n'
            'defaultContentLanguage = "en"\npaginate = 5\nsummaryLength = 30\n',
            "config/_default/languages.en.toml": 'languageCode = "en-GB"\n'
            'languageName = "English"\nweight = 1\ntitle = "Blog"\n'
            'dateFormat = "2 January 2006"\ndescription = "About things"\n'
            '[author]\n  name = "Nuno"\n',
            "config/_default/languages.fr.toml": 'languageCode = "fr"\nweight = 2\n'
            'contentDir = "content/fr"\n[params]\n  dateFormat = "2 Jan 2006"\n'
            '  description = "À propos"\n',
            "config/_default/params.toml": 'colorScheme = "blowfish"\nmainSections = ["posts"]\n',
            "config/_default/menus.en.toml": '[[main]]\n  name = "Docs"\n  pageRef = "docs"\n'
            "  weight = 10\n",
            "config/_default/menus.fr.toml": '[[main]]\n  name = "Tags"\n  url = "/tags/"\n',
        },
    )
    out = values(cfg)
    assert out["base_url"] == "https://example.org/blog"
    assert out["main_sections"] == ["posts"]
    assert out["pagination"] == {"page_size": 5}
    assert out["summary_length"] == 30
    assert out["params"] == {"colorScheme": "blowfish"}
    assert out["author"] == "Nuno"
    en, fr = out["languages"]["en"], out["languages"]["fr"]
    assert list(out["languages"]) == ["en", "fr"]
    assert en["name"] == "English"
    assert en["locale"] == "en-GB"
    assert en["title"] == "Blog"
    assert en["description"] == "About things"
    assert en["date_format"] == "d MMMM y"
    assert en["params"] == {"author": {"name": "Nuno"}}
    assert en["menus"] == {"main": [{"name": "Docs", "page_ref": "/docs", "weight": 10}]}
    assert fr["content_dir"] == "content/fr"
    assert fr["date_format"] == "d MMM y"
    assert fr["description"] == "À propos"
    assert fr["menus"] == {"main": [{"name": "Tags", "url": "/fr/tags/"}]}
    lines = report(cfg)
    assert (
        "config/_default/languages.en.toml:5: mapped: languages.en.dateFormat -> "
        "languages.en.date_format (Go layout '2 January 2006' as the CLDR pattern 'd MMMM y')"
        in lines
    )
    assert (
        "config/_default/menus.fr.toml:1: approximated: languages.fr.menus.main[0] -> "
        "languages.fr.menus.main[0] (Tags: url /tags/ -> /fr/tags/, as relLangURL in Hugo "
        "themes does; polyblog uses a menu URL as written)" in lines
    )
    assert (
        "config/_default/languages.en.toml:7: approximated: languages.en.author -> author "
        "(one default author for every language: the default language's; the params stay "
        "with the language)" in lines
    )


def test_taxonomies_permalinks_kinds_and_outputs(tmp_path: Path) -> None:
    cfg = read(
        tmp_path,
        {
            "hugo.toml": 'baseURL = "https://example.org/"\n'
            'disableKinds = ["taxonomyTerm", "RSS", "robotsTXT"]\n'
            "rssLimit = 15\n"
            '[taxonomies]\n  tag = "tags"\n  series = "series"\n'
            '[permalinks]\n  posts = "/:year/:monthname/:slug/"\n  tags = "/t/:slug/"\n'
            '  notes = "/:yearday/"\n'
            '[outputs]\n  home = ["HTML", "RSS", "JSON"]\n  section = ["HTML"]\n',
        },
    )
    out = values(cfg)
    assert out["taxonomies"] == ["tags", "series"]
    assert out["permalinks"] == {"posts": "/:year/:month/:slug/"}
    assert out["disable_kinds"] == ["taxonomy", "rss", "robots_txt"]
    assert out["feeds"] == {"limit": 15}
    lines = report(cfg)
    assert (
        "hugo.toml:2: mapped: disableKinds[0] -> disable_kinds: taxonomy (Hugo's old name for "
        "taxonomy)" in lines
    )
    assert (
        "hugo.toml:8: approximated: permalinks.posts -> permalinks.posts ('/:year/:month/:slug/'; "
        ":monthname becomes :month: the month's number instead of its name (03, not march))"
        in lines
    )
    assert (
        "hugo.toml:9: dropped: permalinks.tags: term pages keep their default URLs "
        "(/tags/TERM/); permalinks apply to regular pages in a section" in lines
    )
    assert (
        "hugo.toml:10: dropped: permalinks.notes: '/:yearday/': no equivalent for :yearday; "
        "the section's pages keep their default URLs" in lines
    )
    assert (
        "hugo.toml:12: dropped: outputs.home: output format JSON is not produced (polyblog "
        "writes HTML pages and RSS feeds)" in lines
    )
    assert "hugo.toml:12: mapped: outputs.home -> (feeds) (home pages with RSS)" in lines
    assert (
        "hugo.toml:13: approximated: outputs.section -> (feeds) (polyblog writes the section "
        "feeds too: disable_kinds: [rss] would also remove the home, taxonomy, term feeds)" in lines
    )


def test_no_kind_with_rss_disables_feeds(tmp_path: Path) -> None:
    cfg = read(
        tmp_path,
        {
            "hugo.toml": "[outputs]\n"
            + "".join(f'  {k} = ["HTML"]\n' for k in ("home", "section", "taxonomy", "term"))
        },
    )
    assert values(cfg)["disable_kinds"] == ["rss"]
    assert (
        "hugo.toml:2: approximated: outputs.home -> disable_kinds: [rss] (no kind has RSS: no "
        "feed at all)" in report(cfg)
    )


def test_every_key_is_reported_never_silently_dropped(tmp_path: Path) -> None:
    cfg = read(
        tmp_path,
        {
            "hugo.toml": 'baseURL = "https://example.org/"\n'
            "uglyURLs = true\n"
            "enableEmoji = true\n"
            "somethingNew = 1\n"
            "enableGitInfo = true\n"
            "[markup.goldmark.renderer]\n  unsafe = true\n  noSuchOption = true\n"
            "[imaging]\n  quality = 80\n",
        },
    )
    lines = report(cfg)
    assert "hugo.toml:4: dropped: somethingNew: not understood" in lines
    assert "hugo.toml:8: dropped: markup.goldmark.renderer.noSuchOption: not understood" in lines
    assert "hugo.toml:7: mapped: markup.goldmark.renderer.unsafe -> markup.unsafe_html" in lines
    assert any(line.startswith("hugo.toml:2: dropped: uglyURLs: polyblog always writes pretty")
               for line in lines)  # fmt: skip
    assert "hugo.toml:3: mapped: enableEmoji -> markup.emoji" in lines
    assert any(line.startswith("hugo.toml:5: dropped: enableGitInfo: ") for line in lines)
    assert any(line.startswith("hugo.toml:9: dropped: imaging: ") for line in lines)
    written = {line.split(": ")[0] for line in lines}
    assert {f"hugo.toml:{n}" for n in range(1, 10)} - {"hugo.toml:6"} <= written


def test_a_language_code_polyblog_cannot_use_is_an_error_at_its_line(tmp_path: Path) -> None:
    cfg = read(tmp_path, {"hugo.toml": "[languages.en]\nweight = 1\n[languages.en_US]\n"})
    with pytest.raises(ConfigError) as caught:
        map_config(cfg, has_layouts=False)
    assert caught.value.pos == SourcePos("hugo.toml", 3)


def test_rendered_yaml_round_trips_with_comments_in_schema_order(tmp_path: Path) -> None:
    cfg = read(
        tmp_path,
        {
            "hugo.toml": 'title = "T: a title"\nbaseURL = "https://example.org/"\n'
            'theme = "ananke"\nenableRobotsTXT = true\n'
            '[params]\n  note = "line one\\nline two"\n  yes = "no"\n  when = 1979-05-27\n'
            '[[languages.fr.menus.main]]\n  name = "Accueil"\n  url = "/"\n'
            "[languages.fr]\n  weight = 2\n[languages.en]\n  weight = 1\n",
        },
    )
    mapped = map_config(cfg, has_layouts=True)
    text = render_yaml(mapped.values, mapped.comments, cfg.files)
    assert yaml.safe_load(text) == mapped.values
    top = [line.split(":")[0] for line in text.splitlines() if line[:1].isalpha()]
    assert top == [
        "title", "base_url", "default_language", "languages", "taxonomies", "theme",
        "layouts_dir", "params", "markup", "feeds", "robots_txt", "archive",
    ]  # fmt: skip
    assert "# Hugo theme: ananke\ntheme: default\n" in text
    assert "      # / in Hugo: its themes add the language (relLangURL)\n" in text
    assert text.startswith("# Generated by `blog import hugo` from the Hugo configuration in:\n")


def test_a_month_name_written_as_text_in_a_go_layout_becomes_the_month_field(
    tmp_path: Path,
) -> None:
    # Go prints `janvier` in every date of "2 janvier 2006": the author meant the month's name
    cfg = read(
        tmp_path,
        {
            "config/_default/languages.fr.toml": 'languageCode = "fr"\n[params]\n'
            '  dateFormat = "2 janvier 2006"\n',
            "config/_default/hugo.toml": 'defaultContentLanguage = "fr"\n',
        },
    )
    assert values(cfg)["languages"]["fr"]["date_format"] == "d MMMM y"
    assert (
        "config/_default/languages.fr.toml:3: approximated: languages.fr.params.dateFormat -> "
        "languages.fr.date_format (Go layout '2 janvier 2006' as the CLDR pattern 'd MMMM y'; "
        "'janvier' is text to Go, the same in every date; MMMM writes each date's own name)"
        in report(cfg)
    )


def test_site_menus_get_a_language_prefixed_copy_for_other_languages(tmp_path: Path) -> None:
    cfg = read(
        tmp_path,
        {
            "hugo.toml": "[languages.en]\n  weight = 1\n[languages.fr]\n  weight = 2\n"
            '[[menu.main]]\n  name = "Posts"\n  url = "/posts/"\n'
            '[[menu.main]]\n  name = "Source"\n  url = "https://example.com/src"\n',
        },
    )
    out = values(cfg)
    shared = [
        {"name": "Posts", "url": "/posts/"},
        {"name": "Source", "url": "https://example.com/src"},
    ]
    assert out["menus"] == {"main": shared}
    assert "menus" not in out["languages"]["en"]
    assert out["languages"]["fr"]["menus"] == {
        "main": [{"name": "Posts", "url": "/fr/posts/"}, shared[1]]
    }
    assert (
        "hugo.toml:5: approximated: menu -> languages.fr.menus (a copy with /fr/ in front of "
        "site paths, as relLangURL in Hugo themes does)" in report(cfg)
    )


def test_a_language_param_replaces_the_site_param_of_any_spelling(tmp_path: Path) -> None:
    # Hugo: a language's params replace the site's key by key, case-insensitively
    cfg = read(
        tmp_path,
        {
            "hugo.toml": '[Params]\n  LogoText = "Site"\n  color = "red"\n'
            '[languages.en.params]\n  logotext = "English"\n',
        },
    )
    out = values(cfg)
    assert out["params"] == {"LogoText": "Site", "color": "red"}
    assert out["languages"]["en"]["params"] == {"LogoText": "English"}
