"""blog.yaml -> Config: defaults, languages, menus, markup, and errors naming file, key and line."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from polyblog.config import load_config
from polyblog.errors import BlogError, ConfigError


def load(root: Path, text: str | bytes, **kw: object):
    path = root / "blog.yaml"
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return load_config(root, **kw)


def error(root: Path, text: str | bytes) -> ConfigError:
    with pytest.raises(ConfigError) as info:
        load(root, text)
    assert isinstance(info.value, BlogError)
    return info.value


def test_minimal_config_has_documented_defaults(tmp_path: Path) -> None:
    config = load(tmp_path, "title: T\nbase_url: https://example.org\n")
    assert config.title == "T"
    assert config.base_url == "https://example.org/"  # trailing slash added
    assert config.base_path == "/"
    assert config.default_language == "en"
    assert config.lang_codes == ("en",)
    assert config.taxonomies == ("tags", "categories", "series")
    assert config.page_size == 10
    assert config.theme == "default"
    assert config.markup.unsafe_html is True
    assert config.summary_length == 70
    assert config.warnings == ()


def test_base_path_of_a_subfolder_site(tmp_path: Path) -> None:
    config = load(tmp_path, "base_url: https://example.org/blog\n")
    assert config.base_url == "https://example.org/blog/"
    assert config.base_path == "/blog/"


def test_base_url_override_from_cli(tmp_path: Path) -> None:
    config = load(tmp_path, "base_url: https://example.org/\n", base_url="http://localhost:1313")
    assert config.base_url == "http://localhost:1313/"


def test_languages_keep_display_order_and_settings(tmp_path: Path) -> None:
    config = load(
        tmp_path,
        """\
title: Signal
base_url: https://example.org/
default_language: fr
languages:
  fr:
    name: Français
    locale: fr_FR
    title: Signal FR
    description: En français
  en:
    name: English
  ja:
    locale: ja_JP
    content_dir: content/ja
  ar: {}
""",
    )
    assert config.lang_codes == ("fr", "en", "ja", "ar")
    fr, en, ja, ar = config.languages
    assert (fr.name, fr.locale, fr.title, fr.description) == (
        "Français",
        "fr_FR",
        "Signal FR",
        "En français",
    )
    assert en.title == "Signal"  # falls back to the site title
    assert en.locale.startswith("en")
    assert ja.content_dir == "content/ja"
    assert ja.name.startswith("日本語")  # Babel's own name when none is given
    assert ar.direction == "rtl"
    assert {fr.direction, en.direction, ja.direction} == {"ltr"}
    assert config.default_language == "fr"
    for lang in config.languages:
        assert lang.hreflang.split("-")[0] == lang.code


def test_taxonomies_pagination_theme_params(tmp_path: Path) -> None:
    config = load(
        tmp_path,
        """\
base_url: https://example.org/
taxonomies: [tags, topics]
pagination:
  page_size: 3
theme: mytheme
params:
  author: Alex
  avatar: /a.svg
languages:
  en: {}
  fr:
    params:
      author: Alexandre
""",
    )
    assert config.taxonomies == ("tags", "topics")
    assert config.page_size == 3
    assert config.theme == "mytheme"
    assert config.params["author"] == "Alex"
    assert config.language("en").params["author"] == "Alex"
    assert config.language("fr").params == {"author": "Alexandre", "avatar": "/a.svg"}


def test_menus_per_language(tmp_path: Path) -> None:
    config = load(
        tmp_path,
        """\
base_url: https://example.org/
languages:
  en: {}
  fr: {}
menus:
  en:
    - {name: Tags, url: /tags/, weight: 2}
    - {name: Posts, url: /posts/, weight: 1}
  fr:
    - {name: Articles, url: /fr/posts/}
""",
    )
    en_menu = config.language("en").menus["main"]
    assert [e.name for e in en_menu] == ["Posts", "Tags"]  # sorted by weight
    assert [e.url for e in en_menu] == ["/posts/", "/tags/"]
    assert [e.name for e in config.language("fr").menus["main"]] == ["Articles"]


def test_markup_settings(tmp_path: Path) -> None:
    config = load(tmp_path, "base_url: https://example.org/\nmarkup: {unsafe_html: false}\n")
    assert config.markup.unsafe_html is False


def test_bom_is_accepted(tmp_path: Path) -> None:
    config = load(tmp_path, "\ufefftitle: T\nbase_url: https://example.org/\n".encode())
    assert config.title == "T"


def test_crlf_is_accepted(tmp_path: Path) -> None:
    config = load(tmp_path, b"title: T\r\nbase_url: https://example.org/\r\n")
    assert config.title == "T"


def test_unknown_key_is_a_warning_with_line(tmp_path: Path) -> None:
    config = load(tmp_path, "base_url: https://example.org/\ntitel: Typo\n")
    assert len(config.warnings) == 1
    warning = config.warnings[0]
    assert "titel" in warning.message
    assert warning.pos is not None and warning.pos.line == 2


# -- errors ---------------------------------------------------------------------------------


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as info:
        load_config(tmp_path)
    assert "blog.yaml" in str(info.value)


def test_invalid_yaml_names_line(tmp_path: Path) -> None:
    exc = error(tmp_path, "title: T\nbase_url: https://example.org/\nlanguages: [en\n")
    assert exc.pos is not None
    assert exc.pos.path == "blog.yaml"
    assert exc.pos.line >= 3
    assert "YAML" in exc.message


def test_top_level_must_be_a_mapping(tmp_path: Path) -> None:
    exc = error(tmp_path, "- a\n- b\n")
    assert exc.pos is not None and exc.pos.path == "blog.yaml"


@pytest.mark.parametrize(
    ("text", "key", "line"),
    [
        ("title: T\n", "base_url", 0),
        ("base_url: example.org\n", "base_url", 1),
        (
            "base_url: https://example.org/\npagination:\n  page_size: ten\n",
            "pagination.page_size",
            3,
        ),
        (
            "base_url: https://example.org/\npagination:\n  page_size: 0\n",
            "pagination.page_size",
            3,
        ),
        ("base_url: https://example.org/\ntitle: [a, b]\n", "title", 2),
        (
            "base_url: https://example.org/\ndefault_language: de\nlanguages:\n  en: {}\n",
            "default_language",
            2,
        ),
        (
            "base_url: https://example.org/\nlanguages:\n  en:\n    locale: xx_YY_ZZ\n",
            "languages.en.locale",
            4,
        ),
        (
            "base_url: https://example.org/\nlanguages:\n  'not a code': {}\n",
            "languages.not a code",
            3,
        ),
        ("base_url: https://example.org/\ntimezone: Mars/Olympus\n", "timezone", 2),
        ("base_url: https://example.org/\nmenus:\n  en:\n    - {url: /x/}\n", "menus.en.main", 4),
        (
            "base_url: https://example.org/\nmarkup:\n  unsafe_html: maybe\n",
            "markup.unsafe_html",
            3,
        ),
        ("base_url: https://example.org/\ntaxonomies: [tags, 'bad name!']\n", "taxonomies", 2),
        ("base_url: https://example.org/\nlanguages: {}\n", "languages", 2),
    ],
)
def test_bad_value_names_key_and_line(tmp_path: Path, text: str, key: str, line: int) -> None:
    exc = error(tmp_path, text)
    assert key.split(".")[0] in exc.message
    if line:
        assert exc.pos is not None
        assert exc.pos.path == "blog.yaml"
        assert exc.pos.line == line, str(exc)


def test_non_utf8_file(tmp_path: Path) -> None:
    exc = error(tmp_path, b"title: Caf\xe9\nbase_url: https://example.org/\n")
    assert "UTF-8" in exc.message
    assert exc.pos is not None and exc.pos.path == "blog.yaml"


def _alias_bomb(levels: int, fanout: int) -> str:
    lines = ["base_url: https://example.org/", "a: &a [" + ", ".join(["x"] * fanout) + "]"]
    for i in range(1, levels):
        prev, cur = chr(ord("a") + i - 1), chr(ord("a") + i)
        lines.append(f"{cur}: &{cur} [" + ", ".join([f"*{prev}"] * fanout) + "]")
    return "\n".join(lines) + "\n"


def test_yaml_alias_bomb_is_refused(tmp_path: Path) -> None:
    exc = error(tmp_path, _alias_bomb(levels=13, fanout=9))  # 108 aliases
    assert exc.pos is not None and exc.pos.path == "blog.yaml"


def test_yaml_with_few_aliases_but_huge_expansion_finishes(tmp_path: Path) -> None:
    """96 aliases (under the guard's limit) that expand to 12**8 nodes: must not hang."""
    (tmp_path / "blog.yaml").write_text(_alias_bomb(levels=9, fanout=12), encoding="utf-8")
    code = (
        "import sys\nfrom pathlib import Path\nfrom polyblog.config import load_config\n"
        "from polyblog.errors import BlogError\n"
        "try:\n    load_config(Path(sys.argv[1]))\nexcept BlogError:\n    pass\n"
    )
    try:
        proc = subprocess.run(
            [sys.executable, "-c", code, str(tmp_path)],
            timeout=5,
            capture_output=True,
            text=True,
            check=False,
        )
    except subprocess.TimeoutExpired:
        pytest.fail("loading a YAML file with 96 aliases did not finish in 5 s (alias expansion)")
    assert proc.returncode == 0, proc.stderr


def test_language_weight_sets_the_display_order(tmp_path: Path) -> None:
    (tmp_path / "blog.yaml").write_text(
        "base_url: https://example.org/\nlanguages:\n  en: {weight: 2}\n  fr: {weight: 1}\n"
        "  de: {weight: 3}\n",
        encoding="utf-8",
    )
    assert load_config(tmp_path).lang_codes == ("fr", "en", "de")
