"""markdown-it-pyrs through `markup_fast`: the same tokens, `env` and HTML as markdown-it-py on
real pages (the example site, LoveIt, DoIt, a generated corpus), markdown-it-py whenever that
is not proven, and inputs that would crash or stop the Rust parser never reach it.

The full comparison, on every parse of whole site builds, is benchmarks/markdown_parity.py.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from markdown_it import MarkdownIt

from mdkit import compare
from polyblog import markup_fast
from polyblog.config import MarkupConfig
from polyblog.content.discover import read_text
from polyblog.content.frontmatter import split
from polyblog.markup import parser, render_markdown
from sitekit import REPO

SHARED = (REPO / ".." / "shared").resolve()

pytestmark = pytest.mark.skipif(
    not markup_fast.available(), reason="markdown-it-pyrs (proven version) not installed"
)


DEFAULT = MarkupConfig()


def md_for(cfg: MarkupConfig = DEFAULT) -> MarkdownIt:
    return parser(cfg.unsafe_html, cfg.line_numbers, cfg.emoji, cfg.math)


# shortcode calls, which polyblog swaps for placeholders like this one before parsing
SHORTCODE = re.compile(r"\{\{([<%]).*?\1?[>%]\}\}", re.S)


def bodies(folder: Path) -> list[tuple[str, str]]:
    out = []
    for path in sorted(folder.rglob("*.md")):
        rel = path.relative_to(folder).as_posix()
        body = split(read_text(path, rel), rel).body
        out.append((rel, SHORTCODE.sub("pbsc0123abcdn0e", body)))
    return out


def check_all(pages: list[tuple[str, str]]) -> tuple[int, dict[str, int]]:
    md = md_for()
    fast = 0
    reasons: dict[str, int] = {}
    for _, body in pages:
        reason = compare(md, body)
        if reason is None:
            fast += 1
        else:
            reasons[reason] = reasons.get(reason, 0) + 1
    return fast, reasons


def test_the_example_site_parses_fast_and_identically() -> None:
    pages = bodies(REPO / "content")
    fast, reasons = check_all(pages)
    assert len(pages) >= 30
    assert fast >= 0.8 * len(pages), reasons


@pytest.mark.parametrize("name", ["loveit", "doit"])
def test_hugo_theme_documentation_parses_identically(name: str) -> None:
    folder = SHARED / "corpus" / name / "content"
    if not folder.is_dir():
        pytest.skip(f"{folder} not found (expected ../shared/corpus)")
    pages = bodies(folder)
    fast, reasons = check_all(pages)  # their shortcodes unexpanded: plain Markdown text
    assert fast >= len(pages) // 3, reasons  # documentation of every Markdown oddity


def test_the_generated_corpus_parses_fast_and_identically(tmp_path: Path) -> None:
    script = SHARED / "bench" / "gen_corpus.py"
    if not script.is_file():
        pytest.skip(f"{script} not found")
    out = tmp_path / "corpus"
    command = [sys.executable, str(script), str(out), "--posts", "12", "--langs", "en,fr,de"]
    subprocess.run([*command, "--seed", "1"], check=True, capture_output=True)
    pages = bodies(out / "content")
    fast, reasons = check_all(pages)
    assert fast == len(pages), reasons


CASES = {
    "blocks": "# T {#id}\n\nPara *em* **b** `c` [l](/a 'T') ![i](i.png)\n\n> q\n\n---\n",
    "lists": "- a\n  b\n- [ ] task\n- [x] done\n\n1. x\n\n   y\n2) z\n",
    "nested": "> - a\n>   b\n>\n> 1. c\n>    d\n\n- > e\n  > f\n",
    "table": "| a | b\\|c |\n|:--|--:|\n| 1 | `x` |\n| 2 |\n",
    "footnotes": "x[^b] y[^a] z[^b]\n\n[^a]: A\n[^b]: B *b*\n",
    "references": "[a][r] [R] [b][]\n\n[r]: /r 'T'\n[b]: <b c>\n",
    "definition list": "Term\n: one\n  more\n\nOther\n: two\n",
    "html": "<div>\nx\n</div>\n\nText <span>y</span> &amp; &copy;\n",
    "code": "```python\nx = 1\n```\n\n    indented\n\n~~~\n~~~\n",
    "no final line end": "```\ncode",
    "emphasis": "**a** *b* ***c*** _d_ __e__ ~~f~~ \\*g\\*",
}


@pytest.mark.parametrize("text", CASES.values(), ids=CASES.keys())
def test_constructs_parse_fast_and_identically(text: str) -> None:
    assert compare(md_for(), text) is None
    assert compare(md_for(MarkupConfig(unsafe_html=False)), text) is None


FALLBACKS = {
    "attributes": "![a](b){.wide}\n",
    "block attributes": "{.note}\nPara\n",
    "math": "Energy $E = mc^2$\n",
    "CommonMark 0.31 symbols": "*€*x\n",
    "comment with --": "a <!-- b -- c -->\n",
    "lazy quote line": "> a\n- b\n",
    "footnote interrupting": "x[^1]\ny\n[^1]: z\n",
    "table without pipes": "|a\n--\n",
    "empty list item": "> a\n-\n",
    "punycode host": "[a](http://ä.example/)\n",
    "open code span in a label": "[a `b\n",
    "inline footnote": "a^[note]\n",
    "indented closing fence on the last line": "```\ncode\n    ```",
    "closing fence on the last line in a list": "- a\n\n  ```\n  x\n  ```",
}


@pytest.mark.parametrize("text", FALLBACKS.values(), ids=FALLBACKS.keys())
def test_what_the_parsers_may_read_differently_goes_to_markdown_it_py(text: str) -> None:
    assert compare(md_for(), text) is not None


def test_an_env_from_an_earlier_parse_goes_to_markdown_it_py() -> None:
    md = md_for()
    env: dict[str, Any] = {}
    md.parse("a[^1] [b][r]\n\n[^1]: n\n\n[r]: /r\n", env)
    # a summary or a shortcode's inner text, parsed with the page's references
    assert compare(md, "[b][r] and [^1]", env) is not None
    assert compare(md, "no links here", {"references": env["references"]}) is None


def test_an_undeclared_parse_rule_keeps_markdown_it_py() -> None:
    md = parser(True, False)  # a fresh set-up (no math): the fast path applies
    assert markup_fast.supports(md)
    other = MarkdownIt("commonmark")
    other.inline.ruler.push("mine", lambda state, silent: False)
    assert not markup_fast.supports(other)


def test_a_declared_rule_goes_to_markdown_it_py_only_where_its_trigger_is() -> None:
    md = md_for()  # math is on by default and declared with its triggers
    assert markup_fast.supports(md)
    assert compare(md, "Price: 5 euros\n") is None
    assert compare(md, "Price: $5\n") == "rule math_lines"
    assert compare(md, "```sh\necho $HOME\n```\n") is None  # fenced code is not Markdown
    assert compare(md, "Inline \\(x^2\\) and more\n") == "rule math_lines"
    assert compare(md, "\\begin{align}\nx\n\\end{align}\n") == "rule math_lines"
    assert compare(md, "A backslash \\ alone, no dollar\n") is None


def test_a_trigger_is_searched_only_in_texts_with_one_of_the_characters_it_needs() -> None:
    """Several rules share one trigger, searched once per text, and not at all in a text
    without any of the characters every match has (`needs`)."""
    md = parser.__wrapped__(True, False)  # its own parser, not the shared one
    searched: list[str] = []

    class Counting:
        def search(self, text: str) -> re.Match[str] | None:
            searched.append(text)
            return re.search("x", text)

    markup_fast.declare(md, ["one", "two"], Counting(), needs="x@")  # type: ignore[arg-type]
    assert compare(md, "no such letter here\n") is None
    assert searched == []
    assert compare(md, "an x here\n") == "rule one"
    assert searched == ["an x here\n"]


def test_require_reference() -> None:
    md = MarkdownIt("commonmark")
    markup_fast.require_reference(md)
    assert not markup_fast.supports(md)


def test_render_markdown_is_the_same_without_the_fast_parser(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    text = "\n".join(CASES.values()) + "\n\n<!--more-->\n\nafter [r]\n"
    fast = render_markdown(text, "en", MarkupConfig(), None, 70)
    monkeypatch.setattr(markup_fast, "parse", lambda md, text, env: None)
    assert render_markdown(text, "en", MarkupConfig(), None, 70) == fast


HOSTILE = (  # built in the child process
    '">" * 100_000 + " x"',
    '"- " * 50_000 + "x"',
    '"*a " * 30_000 + "x" + " a*" * 30_000',
    '"[" * 20_000 + "x" + "]" * 20_000',
    '"![" * 20_000 + "x" + "](y)" * 20_000',
    '"^[" * 300 + "x" + "]" * 300',
    '"[`"',
    '"a [b ``c"',
    '"`|`[`"',
    '"[\\n    ```"',
    '"\\\\`[`"',
)


def test_hostile_input_never_reaches_the_rust_parser() -> None:
    """Nesting that would overflow the Rust parser's stack (a crash) and inputs that make it
    panic (a message on stderr) go to markdown-it-py: in a child process, which survives and
    prints nothing."""
    script = (
        "import sys\n"
        "from polyblog import markup_fast\n"
        "from polyblog.markup import parser\n"
        "md = parser(True, False)\n"
        f"for text in [{', '.join(HOSTILE)}]:\n"
        "    assert isinstance(markup_fast.attempt(md, text, {}), str), text[:40]\n"
        "print('ok')\n"
    )
    env = {"PYTHONPATH": str(REPO / "src"), "PATH": "/usr/bin:/bin"}
    run = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, check=False
    )
    assert run.returncode == 0, run.stderr[-2000:]
    assert run.stdout == "ok\n"
    assert run.stderr == ""
