"""Fast Markdown parsing: markdown-it-pyrs (Rust) read into markdown-it-py's own token stream,
for the parser set-up of `polyblog.markup`; markdown-it-py stays the reference and fallback.

`parse(md, text, env)` gives what `md.parse(text, env)` gives, or None when it cannot prove it
would: another rule set, a text the Rust parser must not see (`screen`), a construct the two
read differently (`disagreement`), or a tree this package does not convert (`Converter`).
Parse rules that plugins add are declared with `declare` (with the text that triggers them);
`require_reference` keeps a parser on markdown-it-py. benchmarks/markdown_parity.py compares
both parsers on whole sites.
"""

from __future__ import annotations

import functools
import importlib.metadata
import re
import weakref
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token

from polyblog.markup_fast.checks import screen
from polyblog.markup_fast.convert import Converter, Fallback, Trigger

markdown_it_pyrs: Any
try:  # an accelerator: without it every text is parsed by markdown-it-py
    import markdown_it_pyrs
except ImportError:  # pragma: no cover
    markdown_it_pyrs = None

# the versions the parity was proven with (benchmarks/markdown_parity.py): with others, every
# text is parsed by markdown-it-py
PROVEN = {"markdown-it-py": "4.", "mdit-py-plugins": "0.7.", "markdown-it-pyrs": "0.4."}

__all__ = ["attempt", "available", "declare", "parse", "require_reference", "supports"]

# The rule chains (core, block, inline, inline post-processing) of `markup.parser` without
# optional plugins: the set-up this package reproduces, with the options below.
CHAINS = (
    ("normalize", "block", "attr", "inline", "github-tasklists", "footnote_tail", "text_join"),
    [
        "table",
        "code",
        "attr",
        "fence",
        "blockquote",
        "hr",
        "list",
        "footnote_def",
        "reference",
        "html_block",
        "heading",
        "lheading",
        "deflist",
        "paragraph",
    ],
    [
        "text",
        "newline",
        "escape",
        "backticks",
        "strikethrough",
        "emphasis",
        "link",
        "image",
        "footnote_inline",
        "footnote_ref",
        "autolink",
        "html_inline",
        "entity",
        "attr",
    ],
    ("balance_pairs", "strikethrough", "emphasis", "fragments_join"),
)
_OPTIONS = {"maxNesting": 20, "linkify": False, "typographer": False, "breaks": False}
# the Rust parser's rules for the same syntax (`html` adds html_block and html_inline)
_RUST_RULES = [
    "blockquote",
    "code",
    "fence",
    "heading",
    "hr",
    "lheading",
    "list",
    "paragraph",
    "reference",
    "autolink",
    "backticks",
    "emphasis",
    "entity",
    "escape",
    "image",
    "link",
    "newline",
    "table",
    "strikethrough",
    "footnote",
    "deflist",
    "tasklist",
]


@dataclass(slots=True)
class _Plan:
    """What one parser allows: the fast path or not, and its declared rules' triggers."""

    fast: bool = True
    decided: bool = False
    # each declared trigger once, with the rules it stands for (several share one)
    triggers: list[Trigger] = field(default_factory=list)


_PLANS: weakref.WeakKeyDictionary[MarkdownIt, _Plan] = weakref.WeakKeyDictionary()
_RUST: dict[bool, Any] = {}


def available() -> bool:
    """Whether markdown-it-pyrs is installed, with the versions of `PROVEN`."""
    return markdown_it_pyrs is not None and all(
        _version(name).startswith(prefix) for name, prefix in PROVEN.items()
    )


@functools.cache
def _version(name: str) -> str:
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:  # pragma: no cover
        return ""


def _plan(md: MarkdownIt) -> _Plan:
    plan = _PLANS.get(md)
    if plan is None:
        plan = _PLANS[md] = _Plan()
    return plan


def declare(
    md: MarkdownIt, rules: Iterable[str], trigger: re.Pattern[str], needs: str = ""
) -> None:
    """Declare parse rules a plugin added to `md` that act only on text where `trigger` finds
    a match (top-level fenced code excepted): texts without a match parse fast as if the rules
    were not there, the others with markdown-it-py. `needs`: characters one of which every
    match of `trigger` contains (a text with none of them is not searched). Call it while
    building the parser; a parse rule that is not declared sends every text to
    markdown-it-py."""
    names = tuple(rules)
    if names:
        _plan(md).triggers.append(Trigger(names, trigger, needs))


def require_reference(md: MarkdownIt) -> None:
    """Keep `md` on markdown-it-py: for a feature that needs what the fast tokens lack (their
    `map`, and the exact `content` of inline tokens in quotes and lists)."""
    plan = _plan(md)
    plan.fast, plan.decided = False, True


def supports(md: MarkdownIt) -> bool:
    """Whether `parse` may stand in for `md.parse`: markdown-it-pyrs is there, and `md` has the
    rule chains of `CHAINS` (plus declared rules) and the same options."""
    plan = _plan(md)
    if not plan.decided:
        rulers = (md.core.ruler, md.block.ruler, md.inline.ruler, md.inline.ruler2)
        declared = {rule for trigger in plan.triggers for rule in trigger.rules}
        chains = tuple(
            tuple(r.name for r in ruler.__rules__ if r.enabled and r.name not in declared)
            for ruler in rulers
        )
        options = all(md.options.get(k) == v for k, v in _OPTIONS.items())
        expected = tuple(tuple(c) for c in CHAINS)
        plan.fast, plan.decided = available() and chains == expected and options, True
    return plan.fast


def _rust_parser(html: bool) -> Any:
    rust = _RUST.get(html)
    if rust is None:
        assert markdown_it_pyrs is not None
        rules = _RUST_RULES + (["html_block", "html_inline"] if html else [])
        rust = _RUST[html] = markdown_it_pyrs.MarkdownIt("zero").enable_many(rules)
    return rust


def parse(md: MarkdownIt, text: str, env: dict[str, Any]) -> list[Token] | None:
    """`md.parse(text, env)` by the Rust parser: the same tokens (but no `map`) and the same
    `references` and `footnotes` in `env`; None, with `env` untouched, when not proven."""
    out = attempt(md, text, env)
    return None if isinstance(out, str) else out


def attempt(md: MarkdownIt, text: str, env: dict[str, Any]) -> list[Token] | str:
    """`parse`, or why markdown-it-py must parse this text."""
    if not supports(md):
        return "parser"
    notes = env.get("footnotes")  # from an earlier parse: markdown-it-py goes on numbering
    if notes and (notes.get("list") or (notes.get("refs") and "[^" in text)):
        return "footnotes in env"
    if env.get("references") and "[" in text:  # links to definitions the text does not have
        return "references in env"
    if "\r" in text or "\0" in text:  # markdown-it-py's normalize rule
        text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\0", "\ufffd")
    reason = screen(text)
    if reason:
        return reason
    try:
        tree = _rust_parser(bool(md.options.get("html"))).tree(text)
    except BaseException as exc:  # a Rust panic is a BaseException
        if isinstance(exc, (KeyboardInterrupt, SystemExit, GeneratorExit)):
            raise
        return "panic"
    try:
        return Converter(md, text, env).run(tree, _plan(md).triggers)
    except Fallback as exc:
        return str(exc)
