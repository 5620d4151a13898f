"""`blog translations --pin PATH`: a translation's `translation_of` set to its original's current
hash, only that line of the front matter rewritten (YAML, TOML, JSON; BOM and CRLF kept)."""

from __future__ import annotations

import difflib
import json
from pathlib import Path

import pytest

from polyblog.config import load_config
from polyblog.content import load_content
from polyblog.errors import ContentError
from polyblog.translations import content_hash
from polyblog.translations.pin import rewrite_pin
from sitekit import MULTI_CONFIG, page, run_cli, write_files

PIN = "0a1b2c3d4e5f"


def changed_lines(before: str, after: str) -> list[str]:
    """The lines added or removed between two texts (line ends kept)."""
    diff = difflib.ndiff(before.splitlines(keepends=True), after.splitlines(keepends=True))
    return [line for line in diff if line[:2] in {"+ ", "- "}]


@pytest.mark.parametrize(
    ("text", "old_line", "new_line"),
    [
        (
            "---\ntitle: A\ntranslation_of: 111111aaaaaa  # by hand\ndraft: true\n---\nBody.\n",
            "translation_of: 111111aaaaaa  # by hand\n",
            f"translation_of: {PIN}  # by hand\n",
        ),
        (  # BOM, CRLF and the quotes as they were
            "\ufeff---\r\ntitle: A\r\ntranslation_of: '111111aaaaaa'\r\n---\r\nBody.\r\n",
            "translation_of: '111111aaaaaa'\r\n",
            f"translation_of: '{PIN}'\r\n",
        ),
        (
            '+++\ntitle = "A"\ntranslation_of = "111111aaaaaa"\n[params]\nx = 1\n+++\nBody.\n',
            'translation_of = "111111aaaaaa"\n',
            f'translation_of = "{PIN}"\n',
        ),
        (
            '{\r\n  "title": "A",\r\n  "translation_of": "111111aaaaaa"\r\n}\r\nBody.\r\n',
            '  "translation_of": "111111aaaaaa"\r\n',
            f'  "translation_of": "{PIN}"\r\n',
        ),
        (
            "---\n{title: A, translation_of: 111111aaaaaa, tags: [x]}\n---\nBody.\n",
            "{title: A, translation_of: 111111aaaaaa, tags: [x]}\n",
            f"{{title: A, translation_of: {PIN}, tags: [x]}}\n",
        ),
    ],
    ids=["yaml", "yaml-bom-crlf", "toml", "json-crlf", "yaml-flow"],
)
def test_an_existing_pin_line_is_the_only_line_rewritten(
    text: str, old_line: str, new_line: str
) -> None:
    after = rewrite_pin(text, "x.md", PIN)
    assert changed_lines(text, after) == ["- " + old_line, "+ " + new_line]
    assert after.startswith("\ufeff") == text.startswith("\ufeff")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # at the end of YAML front matter, after a block scalar
            "---\ntitle: A\ndescription: |\n  two\n  lines\n---\nBody.\n",
            f"---\ntitle: A\ndescription: |\n  two\n  lines\ntranslation_of: {PIN}\n---\nBody.\n",
        ),
        (  # TOML: before the first table, where top-level keys must be
            '+++\ntitle = "A"\n[params]\nx = 1\n+++\nBody.\n',
            f'+++\ntitle = "A"\ntranslation_of = "{PIN}"\n[params]\nx = 1\n+++\nBody.\n',
        ),
        (
            '{\n  "title": "A",\n  "tags": ["x"]\n}\nBody.\n',
            f'{{\n  "title": "A",\n  "tags": ["x"],\n  "translation_of": "{PIN}"\n}}\nBody.\n',
        ),
        ('{"title": "A"}\nBody.\n', f'{{"title": "A", "translation_of": "{PIN}"}}\nBody.\n'),
        ("{}\nBody.\n", f'{{"translation_of": "{PIN}"}}\nBody.\n'),
        ("Body only.\r\n", f"---\r\ntranslation_of: {PIN}\r\n---\r\nBody only.\r\n"),
    ],
    ids=["yaml", "toml-table", "json", "json-one-line", "json-empty", "none"],
)
def test_a_missing_pin_is_added_as_one_line(text: str, expected: str) -> None:
    assert rewrite_pin(text, "x.md", PIN) == expected


def test_a_pin_of_digits_is_quoted_so_yaml_keeps_it_text() -> None:
    after = rewrite_pin("---\ntitle: A\n---\n", "x.md", "012345678901")
    assert after == '---\ntitle: A\ntranslation_of: "012345678901"\n---\n'


def test_a_pin_it_cannot_rewrite_safely_is_an_error_at_its_line() -> None:
    text = "---\ntitle: A\ntranslation_of: >\n  111111aaaaaa\n---\n"
    with pytest.raises(ContentError) as info:
        rewrite_pin(text, "x.md", PIN)
    assert info.value.pos is not None and info.value.pos.line == 3
    assert f"set it to {PIN} by hand" in info.value.message


FILES = {
    "blog.yaml": MULTI_CONFIG,
    "content/posts/a/index.md": page("A", "The original text, edited.\n"),
    "content/posts/a/index.fr.md": "---\ntitle: A fr\ntranslation_of: 111111aaaaaa\n---\nTexte.\n",
    "content/posts/a/index.ja.md": '+++\ntitle = "A ja"\n[params]\nx = 1\n+++\nテキスト\n',
    "content/posts/b.md": page("B", "Only English.\n"),
}


def current_hash(root: Path) -> str:
    config = load_config(root)
    pages = {p.path: p for p in load_content(config).pages}
    return content_hash(pages["content/posts/a/index.md"])


def stale(root: Path) -> list[str]:
    outcome = run_cli(["translations", "--source", str(root), "--format", "json"])
    data = json.loads(outcome.stdout)
    return next(p["stale"] for p in data["pages"] if p["page"] == "posts/a")


def pin(root: Path, *args: str) -> tuple[int, str, str]:
    outcome = run_cli(["translations", "--source", str(root), *args])
    assert outcome.exception is None, outcome.output
    return outcome.exit_code, outcome.stdout, outcome.stderr


def test_pin_one_translation_by_its_file(tmp_path: Path) -> None:
    write_files(tmp_path, FILES)
    digest = current_hash(tmp_path)
    fr = tmp_path / "content/posts/a/index.fr.md"
    before = fr.read_text(encoding="utf-8")
    assert "fr" in stale(tmp_path)
    code, out, _ = pin(tmp_path, "--pin", "content/posts/a/index.fr.md")
    assert code == 0
    assert out == (
        f"content/posts/a/index.fr.md: translation_of 111111aaaaaa -> {digest} "
        "(content/posts/a/index.md as it is now)\n"
    )
    after = fr.read_text(encoding="utf-8")
    assert changed_lines(before, after) == [
        "- translation_of: 111111aaaaaa\n",
        f"+ translation_of: {digest}\n",
    ]
    assert "fr" not in stale(tmp_path)
    # again: nothing to do, the file is not touched
    code, out, _ = pin(tmp_path, "--pin", "posts/a/index.fr.md")  # relative to content/
    assert out.strip().endswith(f"already pinned to content/posts/a/index.md as it is now "
                                f"({digest}); not changed")  # fmt: skip
    assert fr.read_text(encoding="utf-8") == after


def test_pin_every_translation_of_an_original(tmp_path: Path) -> None:
    write_files(tmp_path, FILES)
    digest = current_hash(tmp_path)
    code, out, _ = pin(tmp_path, "--pin", "posts/a")  # the page as the report names it
    assert code == 0
    assert out.splitlines() == [
        f"content/posts/a/index.fr.md: translation_of 111111aaaaaa -> {digest} "
        "(content/posts/a/index.md as it is now)",
        f"content/posts/a/index.ja.md: translation_of added: {digest} "
        "(content/posts/a/index.md as it is now)",
    ]
    ja = (tmp_path / "content/posts/a/index.ja.md").read_text(encoding="utf-8")
    assert (
        ja == f'+++\ntitle = "A ja"\ntranslation_of = "{digest}"\n[params]\nx = 1\n+++\nテキスト\n'
    )
    assert stale(tmp_path) == []


def test_pin_by_the_original_file_and_one_language_as_json(tmp_path: Path) -> None:
    write_files(tmp_path, FILES)
    ja = tmp_path / "content/posts/a/index.ja.md"
    before = ja.read_bytes()
    code, out, _ = pin(
        tmp_path, "--pin", "content/posts/a/index.md", "--lang", "fr", "--format", "json"
    )
    assert code == 0
    (entry,) = json.loads(out)
    assert entry["path"] == "content/posts/a/index.fr.md"
    assert (entry["old"], entry["new"], entry["written"]) == (
        "111111aaaaaa",
        current_hash(tmp_path),
        True,
    )
    assert ja.read_bytes() == before


@pytest.mark.parametrize(
    ("target", "message"),
    [
        ("posts/nope", "'posts/nope': no page with this path"),
        ("content/posts/b.md", "content/posts/b.md: is an original with no translation to pin"),
    ],
)
def test_pin_errors(tmp_path: Path, target: str, message: str) -> None:
    write_files(tmp_path, FILES)
    outcome = run_cli(["translations", "--source", str(tmp_path), "--pin", target])
    outcome.assert_clean_failure()
    assert message in outcome.stderr
    assert "Nothing was pinned." in outcome.stderr


def test_nothing_is_written_when_one_of_several_files_cannot_be_pinned(tmp_path: Path) -> None:
    files = dict(FILES)
    files["content/posts/b.fr.md"] = (
        "---\ntitle: B fr\ntranslation_of: >\n  111111aaaaaa\n---\nB.\n"
    )
    write_files(tmp_path, files)
    before = {rel: (tmp_path / rel).read_bytes() for rel in files}
    outcome = run_cli(
        ["translations", "--source", str(tmp_path), "--pin", "posts/a", "--pin", "posts/b"]
    )
    outcome.assert_clean_failure()
    assert "content/posts/b.fr.md:3: error: cannot rewrite translation_of safely" in outcome.stderr
    assert {rel: (tmp_path / rel).read_bytes() for rel in files} == before
