"""Front-matter splitting and parsing: YAML, TOML, JSON, BOM, CRLF, positions, unclosed blocks."""

from __future__ import annotations

from pathlib import Path

import pytest

from polyblog.content.discover import read_text
from polyblog.content.frontmatter import parse, split
from polyblog.errors import ContentError

P = "content/posts/x.md"


def both(text: str) -> tuple[dict, str, int]:
    sp = split(text, P)
    data, _lines = parse(sp, P)
    return data, sp.body, sp.body_line


@pytest.mark.parametrize(
    ("text", "fmt"),
    [
        ("---\ntitle: Hello\ntags: [a, b]\n---\nBody\n", "yaml"),
        ('+++\ntitle = "Hello"\ntags = ["a", "b"]\n+++\nBody\n', "toml"),
        ('{\n  "title": "Hello",\n  "tags": ["a", "b"]\n}\nBody\n', "json"),
    ],
)
def test_three_formats(text: str, fmt: str) -> None:
    sp = split(text, P)
    assert sp.format == fmt
    data, lines = parse(sp, P)
    assert data == {"title": "Hello", "tags": ["a", "b"]}
    assert sp.body == "Body\n"
    assert sp.body_line == text[: text.index("Body")].count("\n") + 1
    assert lines[("title",)] == 2


def test_no_front_matter_is_all_body() -> None:
    sp = split("# Title\n\nText\n", P)
    assert sp.format == ""
    assert sp.body == "# Title\n\nText\n"
    assert sp.body_line == 1
    assert parse(sp, P) == ({}, {})


def test_empty_front_matter() -> None:
    data, body, body_line = both("---\n---\nText\n")
    assert data == {}
    assert body == "Text\n"
    assert body_line == 3


def test_front_matter_without_body_or_final_newline() -> None:
    data, body, _ = both("---\ntitle: Only\n---")
    assert data == {"title": "Only"}
    assert body == ""


def test_closing_fence_may_have_trailing_spaces() -> None:
    data, body, body_line = both("---  \ntitle: A\n---   \nBody\n")
    assert data == {"title": "A"}
    assert body == "Body\n"
    assert body_line == 4


def test_dashes_inside_yaml_values_do_not_close() -> None:
    data, body, _ = both("---\ntitle: a --- b\nsummary: '---'\n---\nBody ---\n")
    assert data == {"title": "a --- b", "summary": "---"}
    assert body == "Body ---\n"


def test_thematic_break_in_body_is_kept() -> None:
    data, body, body_line = both("---\ntitle: A\n---\nOne\n\n---\n\nTwo\n")
    assert data == {"title": "A"}
    assert body == "One\n\n---\n\nTwo\n"
    assert body_line == 4


def test_body_keeps_leading_blank_lines_for_line_numbers() -> None:
    sp = split("---\ntitle: A\n---\n\n\nText\n", P)
    assert sp.body == "\n\nText\n"
    assert sp.body_line == 4


@pytest.mark.parametrize("fence", ["---", "+++"])
def test_unclosed_block_is_an_error_on_line_1(fence: str) -> None:
    with pytest.raises(ContentError) as info:
        split(f"{fence}\ntitle: x\n\nbody without a closing fence\n", P)
    assert info.value.pos is not None
    assert (info.value.pos.path, info.value.pos.line) == (P, 1)
    assert "never closed" in info.value.message


def test_fence_alone_is_unclosed() -> None:
    with pytest.raises(ContentError) as info:
        split("---", P)
    assert info.value.pos is not None and info.value.pos.line == 1


def test_yaml_error_line_is_a_file_line() -> None:
    text = "---\ntitle: ok\ntags: [a, b\ndate: 2024-01-01\n---\nBody\n"
    with pytest.raises(ContentError) as info:
        both(text)
    pos = info.value.pos
    assert pos is not None and pos.path == P
    assert pos.line in (4, 5)  # the bracket is never closed: PyYAML notices on the next key
    assert "YAML" in info.value.message


def test_yaml_error_on_exact_line() -> None:
    text = "---\ntitle: ok\nsummary: fine\nbad: : :\n---\n"
    with pytest.raises(ContentError) as info:
        both(text)
    assert info.value.pos is not None
    assert info.value.pos.line == 4


def test_toml_error_line_is_a_file_line() -> None:
    text = '+++\ntitle = "ok"\ndate = 2024-01-01\nbroken = \n+++\nBody\n'
    with pytest.raises(ContentError) as info:
        both(text)
    pos = info.value.pos
    assert pos is not None and pos.line == 4, str(info.value)
    assert "TOML" in info.value.message
    assert "at line" not in info.value.message  # the position lives in pos, not the text


def test_json_error_line() -> None:
    text = '{\n  "title": "ok",\n  "tags": [1, 2,]\n}\nBody\n'
    with pytest.raises(ContentError) as info:
        both(text)
    pos = info.value.pos
    assert pos is not None and pos.line == 3
    assert "JSON" in info.value.message


def test_json_body_follows_object() -> None:
    data, body, body_line = both('{"title": "J"}\nBody\n')
    assert data == {"title": "J"}
    assert body == "Body\n"
    assert body_line == 2


@pytest.mark.parametrize(
    "text", ["---\n- a\n- b\n---\n", "---\njust a string\n---\n", "---\n42\n---\n", "[1, 2]\n"]
)
def test_front_matter_must_be_a_mapping(text: str) -> None:
    if text.startswith("["):  # not front matter at all: the whole file is body
        assert both(text) == ({}, text, 1)
        return
    with pytest.raises(ContentError) as info:
        both(text)
    assert info.value.pos is not None
    assert (info.value.pos.path, info.value.pos.line) == (P, 2)


def test_empty_toml_block_then_body() -> None:
    assert both('+++\n+++\n["x"]\n') == ({}, '["x"]\n', 3)


def test_yaml_key_lines_are_file_lines() -> None:
    sp = split("---\ntitle: A\n\ndate: 2024-01-01\ntags:\n  - x\n---\n", P)
    _, lines = parse(sp, P)
    assert lines[("title",)] == 2
    assert lines[("date",)] == 4
    assert lines[("tags",)] == 5


def test_toml_key_lines() -> None:
    sp = split('+++\ntitle = "A"\n\nslug = "b"\n+++\n', P)
    _, lines = parse(sp, P)
    assert lines[("title",)] == 2
    assert lines[("slug",)] == 4


# -- reading files: BOM, CRLF, binary --------------------------------------------------------


@pytest.mark.parametrize(
    "raw",
    [
        b"---\ntitle: A\n---\nBody\n",
        b"\xef\xbb\xbf---\ntitle: A\n---\nBody\n",
        b"---\r\ntitle: A\r\n---\r\nBody\r\n",
        b"\xef\xbb\xbf---\r\ntitle: A\r\n---\r\nBody\r\n",
        b"\xef\xbb\xbf+++\r\ntitle = 'A'\r\n+++\r\nBody\r\n",
        b'\xef\xbb\xbf{"title": "A"}\r\nBody\r\n',
    ],
    ids=["lf", "bom", "crlf", "bom-crlf", "toml-bom-crlf", "json-bom-crlf"],
)
def test_bom_and_crlf(tmp_path: Path, raw: bytes) -> None:
    file = tmp_path / "x.md"
    file.write_bytes(raw)
    text = read_text(file, P)
    data, body, body_line = both(text)
    assert data == {"title": "A"}
    assert body == "Body\n"
    assert body_line in (2, 4)


def test_nul_bytes_are_an_error(tmp_path: Path) -> None:
    file = tmp_path / "x.md"
    file.write_bytes(b"---\ntitle: A\n---\nBo\x00dy\n")
    with pytest.raises(ContentError) as info:
        read_text(file, P)
    assert info.value.pos is not None and info.value.pos.path == P
    assert "NUL" in info.value.message


def test_non_utf8_names_the_line(tmp_path: Path) -> None:
    file = tmp_path / "x.md"
    file.write_bytes(b"---\ntitle: A\n---\nCaf\xe9\n")
    with pytest.raises(ContentError) as info:
        read_text(file, P)
    assert info.value.pos is not None
    assert (info.value.pos.path, info.value.pos.line) == (P, 4)
    assert "UTF-8" in info.value.message


def test_keys_that_are_not_text() -> None:
    """Found by the property test: `?` alone is a YAML mapping with a null key (an error);
    numbers and booleans as keys become text, as in Hugo."""
    from polyblog.content.frontmatter import parse, split
    from polyblog.errors import ContentError

    with pytest.raises(ContentError, match="empty key"):
        parse(split("---\n?\n---\nbody\n", "x.md"), "x.md")
    data, _lines = parse(split("---\n1: x\n2.5: y\n---\n", "x.md"), "x.md")
    assert data == {"1": "x", "2.5": "y"}
    data, _lines = parse(split("---\nfalse: n\n---\n", "x.md"), "x.md")
    assert data == {"false": "n"}
