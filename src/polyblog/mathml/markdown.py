"""Math in Markdown: markdown-it rules for `$…$`, `$$…$$`, `\\(…\\)`, `\\[…\\]` and amsmath
environments, read before Markdown's escapes and rendered to MathML; failures go to `env`.

Inline dollars are mdit-py-plugins' dollarmath rule with pandoc's digit rules around it, amsmath
environments its amsmath rule; display blocks and `\\(…\\)` are rules of this module.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from mdit_py_plugins.amsmath import amsmath_plugin
from mdit_py_plugins.dollarmath import dollarmath_plugin
from mdit_py_plugins.dollarmath.index import math_inline_dollar
from mdit_py_plugins.utils import is_code_block

from polyblog.mathml.tex import formula_html

MATH_FAILURES = "pb_math_failures"  # the `env` key of the list of `MathFailure`s, when given
# token types: dollarmath's (which the rules of this module make too) and amsmath's
INLINE, INLINE_DISPLAY, BLOCK = "math_inline", "math_inline_double", "math_block"
AMSMATH = "amsmath"
# display blocks: `$$`, `\[`, and `\\[` (the doubled form of KaTeX setups under Hugo's Markdown)
_BLOCK_DELIMITERS = (("$$", "$$"), ("\\\\[", "\\\\]"), ("\\[", "\\]"))
_INLINE_DELIMITERS = (("\\\\(", "\\\\)"), ("\\(", "\\)"))
_ALT = ["paragraph", "reference", "blockquote", "list"]  # blocks math may interrupt
_ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")  # a Markdown backslash escape


@dataclass(frozen=True, slots=True)
class MathFailure:
    """A formula that did not convert: its line (0-based, in the Markdown parsed), its TeX and
    why."""

    line: int
    tex: str
    message: str


def math_plugin(md: MarkdownIt, inline_dollar: bool = True) -> None:
    """Math syntax for `md`: `$$…$$`, `\\[…\\]` and amsmath environments as display blocks,
    `\\(…\\)` inline, `$…$` inline unless `inline_dollar` is false, `$$…$$` in a paragraph as
    display math."""
    md.use(
        dollarmath_plugin,
        allow_labels=False,
        allow_space=False,
        allow_digits=True,
        double_inline=True,
        allow_blank_lines=False,
    )
    dollars = math_inline_dollar(allow_space=False, allow_digits=True, allow_double=True)
    md.inline.ruler.at("math_inline", _digit_rules(dollars, inline_dollar))
    md.block.ruler.at("math_block", _display_block, {"alt": _ALT})
    md.inline.ruler.before("escape", "math_inline_bracket", _bracket_inline)
    md.use(amsmath_plugin)
    md.core.ruler.after("inline", "math_lines", _inline_lines)
    for kind, display, tag in (
        (INLINE, False, "span"),
        (INLINE_DISPLAY, True, "span"),
        (BLOCK, True, "div"),
        (AMSMATH, True, "div"),
    ):
        md.add_render_rule(kind, _renderer(display, tag))


def _digit_rules(inner: Any, single: bool) -> Any:
    """dollarmath's inline rule with pandoc's rules for prices: no digit right before the
    opening `$` nor right after the closing one (`$5 and $6`, `3$x$`, `$x$4` are text). With
    `single` false only `$$…$$` is math."""

    def rule(state: StateInline, silent: bool) -> bool:
        src, start = state.src, state.pos
        if src[start] != "$" or (not single and not src.startswith("$$", start)):
            return False
        if start > 0 and src[start - 1].isdigit():
            return False
        if not inner(state, True):
            return False
        end, state.pos = state.pos, start
        if end < state.posMax and src[end].isdigit():
            return False
        if silent:
            state.pos = end
            return True
        inner(state, False)
        state.tokens[-1].meta["pb_offset"] = src.count("\n", 0, start)
        return True

    return rule


def _bracket_inline(state: StateInline, silent: bool) -> bool:
    """`\\(…\\)` inline; `\\\\(…\\\\)` too, its TeX unescaped as Markdown would have (so a page
    written for KaTeX under Hugo gives the formula KaTeX saw)."""
    src, start = state.src, state.pos
    if src[start] != "\\":
        return False
    for opener, closer in _INLINE_DELIMITERS:
        if src.startswith(opener, start):
            end = src.find(closer, start + len(opener), state.posMax)
            tex = src[start + len(opener) : end]
            if end < 0 or not tex.strip():
                return False
            if not silent:
                token = state.push(INLINE, "math", 0)
                token.content = tex if opener == "\\(" else _ESCAPED.sub(r"\1", tex)
                token.markup = opener
                token.meta["pb_offset"] = src.count("\n", 0, start)
            state.pos = end + len(closer)
            return True
    return False


def _display_block(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    """A display block: `$$`, `\\[` or `\\\\[` at the start of a line, its closing delimiter at
    the end of that line or of a later one, no blank line between. It may interrupt a
    paragraph; a first line with text after the closing delimiter is not a block."""
    if is_code_block(state, start_line):
        return False
    first = _line_text(state, start_line)
    delimiters = next((d for d in _BLOCK_DELIMITERS if first.startswith(d[0])), None)
    if delimiters is None:
        return False
    opener, closer = delimiters
    rest = first[len(opener) :].rstrip()
    line = start_line
    if rest.endswith(closer) and rest[: -len(closer)].strip():
        lines = [rest[: -len(closer)]]
    elif closer in rest:
        return False  # `$$a$$ b`: inline math in a paragraph
    else:
        lines = [rest]
        while True:
            line += 1
            if line >= end_line or state.isEmpty(line) or state.sCount[line] < state.blkIndent:
                return False
            text = _line_text(state, line).rstrip()
            if text.endswith(closer):
                lines.append(text[: -len(closer)])
                break
            lines.append(text)
    if silent:
        return True
    state.line = line + 1
    token = state.push(BLOCK, "math", 0)
    token.block = True
    tex = "\n".join(lines).strip()
    token.content = _ESCAPED.sub(r"\1", tex) if opener == "\\\\[" else tex
    token.markup = opener
    token.map = [start_line, state.line]
    return True


def _line_text(state: StateBlock, line: int) -> str:
    return state.src[state.bMarks[line] + state.tShift[line] : state.eMarks[line]]


def _inline_lines(state: StateCore) -> None:
    """Give each inline formula its line (its block's first line plus the lines before it)."""
    for token in state.tokens:
        if token.type == "inline" and token.map and token.children:
            for child in token.children:
                if child.type in {INLINE, INLINE_DISPLAY}:
                    child.meta["pb_line"] = token.map[0] + child.meta.get("pb_offset", 0)


def _renderer(display: bool, tag: str) -> Any:
    def render(self: Any, tokens: list[Token], idx: int, options: Any, env: Any) -> str:
        token = tokens[idx]
        out, error = formula_html(token.content, display, tag)
        failures = env.get(MATH_FAILURES) if isinstance(env, dict) else None
        if error is not None and isinstance(failures, list):
            line = token.map[0] if token.map else int(token.meta.get("pb_line", 0))
            failures.append(MathFailure(line, token.content.strip(), error))
        return out + "\n" if tag == "div" else out

    return render
