"""Which texts the Rust parser may see, and which it reads as markdown-it-py does: plain tests on
the source text, before it is parsed (safety) and after (agreement, fenced code blanked).
"""

from __future__ import annotations

import re
import unicodedata

# -- safety: the Rust parser recurses without a limit (its stack overflows on some ten thousand
# nested blocks, which kills the process) and panics on a few inputs (an error printed on
# stderr): such texts never reach it.
INLINE_DELIMITERS = 1000  # at most this many `*_~[` in a paragraph: inline nesting stays low
_DEEP_PREFIX = re.compile(r"\n[ \t>*+\-.):0-9]{200}")  # 200 characters of block markers
_BACKTICKS = re.compile(r"`+")
# a fence's opening or closing line (at most in quotes): no inline content
_FENCE_LINE = re.compile(r" {0,3}(?:> ? {0,3})*(?:`{3,}[^`\n]*|~{3,}.*)$")

# -- agreement
# CommonMark 0.31 (markdown-it-py) reads `<!x` (lower case) as a declaration too, and allows
# `--` in comments, `<!-->` and `<!--->`
_DECLARATION = re.compile(r"<![a-z]")
_COMMENT = re.compile(r"<!--(?:(.*?)-->|)", re.S)
_DELIMITER_RUN = re.compile(r"[*_~]+")
# tabs in the indentation or the markers of a block (expanded to columns differently)
_TAB_PREFIX = re.compile(r"\n[ \t>]*(?:(?:[-+*]|\d{1,9}[.)])[ \t]*)*\t")
# footnote definitions: only `[^label]: text` on a line of its own
NOTE_DEF = re.compile(r"\[\^[^\]\n]*\]:")
_PLAIN_NOTE_DEF = re.compile(r"\[\^[^\]\s]+\]: \S")
NOTE_LABEL = re.compile(r"\n\[\^([^\]\s]+)\]: ")
_TILDES = re.compile(r"\n(?! {0,3}~~~)[^\n]*~~~")  # `~~~` that is no fence
# a line continuing a quote without its `>` that does not start with a letter (after at most
# three spaces)
_LAZY_LINE = re.compile(r"\n[ \t]*>[^\n]*\n(?![ \t]*>)(?! {0,3}[^\W\d_])[ \t]*\S")
# a description that starts with a block (list, quote, heading, code) or is empty, or one
# under a term that starts like a block (HTML, heading, quote, table, list)
_DEFINITION_BLOCK = re.compile(
    r"\n[ \t>]*[:~][ \t]+(?:[-+*>#`~\[]|\d{1,9}[.)]|[ \t]*(?=\n|\Z))"
    r"|\n[ \t]*(?:[<#>|~]|[-+*] |\d{1,9}[.)] )[^\n]*\n(?:[ \t]*\n)?[ \t>]*[:~][ \t]"
)
# lines of block markers only: the parsers differ on some (empty list items, setext underlines
# after quotes or descriptions, tables without pipes...); `_plain_marker_line` accepts the rest
_MARKERS_ONLY = re.compile(r"\n([ \t>]*[-=+*_:|.)~#0-9][-=+*_:|.)~#0-9 \t]*)(?=\n|\Z)")
_THEMATIC_BREAK = re.compile(r" {0,3}([-*_])[ \t]*(?:\1[ \t]*){2,}")
_TABLE_DELIMITER = re.compile(r"\|(?:[ \t]*:?-+:?[ \t]*\|)+[ \t]*")
_CLOSING_FENCE = re.compile(r" {0,3}~{3,}[ \t]*")
_SETEXT = re.compile(r" {0,3}(?:=+|-+)[ \t]*")
# lines that may be link reference definitions, counted against the Rust parser's
REFERENCE_LINE = re.compile(
    r"\n[ \t>]*(?:(?:[-+*]|\d{1,9}[.)])[ \t]+)*\[(?!\^)(?:[^\]\n\\]|\\.)*\]:"
)


def screen(text: str) -> str:
    """Why the Rust parser must not see the text, or "": blocks or inline markup that could
    nest deeply, inline footnotes (nested ones make it panic), a link label before a code span
    that is not closed (it panics)."""
    if "^[" in text:
        return "inline footnote"
    if "`" in text and "[" in text and _open_code_after_bracket(text):
        return "open code span"
    if _DEEP_PREFIX.search("\n" + text) is not None:
        return "deep nesting"
    count = text.count
    if count("*") + count("_") + count("~") + count("[") > INLINE_DELIMITERS:
        for chunk in text.split("\n\n"):  # inline nesting stays within one paragraph
            count = chunk.count
            if count("*") + count("_") + count("~") + count("[") > INLINE_DELIMITERS:
                return "deep nesting"
    return ""


def _open_code_after_bracket(text: str) -> bool:
    """Whether a backtick run after a `[` has no run of the same length after it on its line
    (or in its table cell), which may leave a code span open in a link label."""
    if "\\`" in text:  # an escaped backtick is no run: the pairs are not what they seem
        return True
    bracket = text.find("[")
    pos = text.find("`")
    while pos >= 0:
        start = text.rfind("\n", 0, pos) + 1
        end = text.find("\n", pos)
        end = len(text) if end < 0 else end
        line = text[start:end]
        simple = "``" not in line and not line.count("`") % 2 and "|" not in line  # `x` pairs
        if end > bracket and not simple and _FENCE_LINE.match(line) is None:
            if _unclosed_run(line, start, bracket):
                return True
            at = start
            for cell in line.split("|") if "|" in line else ():  # cells are parsed alone
                if _unclosed_run(cell, at, bracket):
                    return True
                at += len(cell) + 1
        pos = text.find("`", end)
    return False


def _unclosed_run(text: str, start: int, bracket: int) -> bool:
    """Whether a backtick run of `text` (at `start` in the whole text) after `bracket` has no
    run of the same length after it."""
    runs = [(m.start(), len(m.group(0))) for m in _BACKTICKS.finditer(text)]
    i = 0
    while i < len(runs):
        at, length = runs[i]
        close = next((j for j in range(i + 1, len(runs)) if runs[j][1] == length), None)
        if close is None:
            if start + at > bracket:
                return True
            i += 1
        else:
            i = close + 1
    return False


def disagreement(text: str, html: bool) -> str:
    """What in the text (fenced code blanked) the two parsers may read differently, or "":
    they follow different versions of CommonMark (0.31 counts Unicode symbols as punctuation
    next to `*` and `_`, and changed HTML comments and declarations), and differ on rare block
    constructs (footnotes interrupting paragraphs, lazy quote lines, tabs in block markers,
    empty list items, setext underlines after other blocks, tables without pipes, blocks in
    descriptions)."""
    if not text.isascii() and _symbol_by_delimiter(text):
        return "symbol next to a delimiter"
    if html and "<!" in text:
        for match in _COMMENT.finditer(text):
            inner = match.group(1)
            if inner is None or inner.startswith((">", "->")) or "--" in inner or inner[-1:] == "-":
                return "HTML comment"
        if _DECLARATION.search(text) is not None:
            return "HTML declaration"
    lined = "\n" + text  # line starts are after a line end
    if "\t" in text and _TAB_PREFIX.search(lined) is not None:
        return "tab in a block prefix"
    if "[^" in text and not _plain_notes(text):
        return "footnote definition"
    if "~~~" in text and _TILDES.search(lined) is not None:
        return "tildes"
    if ">" in text and _LAZY_LINE.search(lined) is not None:
        return "lazy quote line"
    if (":" in text or "~" in text) and _DEFINITION_BLOCK.search(lined) is not None:
        return "definition list"
    for match in _MARKERS_ONLY.finditer(lined):
        if not _plain_marker_line(text, match.start(1) - 1, match.group(1)):
            return "marker line"
    return ""


def _symbol_by_delimiter(text: str) -> bool:
    """Whether a Unicode symbol (a currency sign, an arrow, an emoji) touches a run of `*`,
    `_` or `~`."""
    size = len(text)
    for match in _DELIMITER_RUN.finditer(text):
        start, end = match.span()
        for pos in (start - 1, end):
            char = text[pos] if 0 <= pos < size else ""
            if char > "\x7f" and unicodedata.category(char)[0] == "S":
                return True
    return False


def _plain_notes(text: str) -> bool:
    """Whether every footnote definition is one line with text after the colon, between
    blank lines or other definitions' lines."""
    for match in NOTE_DEF.finditer(text):
        start = match.start()
        if _PLAIN_NOTE_DEF.match(text, start) is None:
            return False
        if start > 0 and text[start - 1] != "\n":
            return False
        for line in (_previous_line(text, start), _next_line(text, start)):
            if line.strip() and _PLAIN_NOTE_DEF.match(line) is None:
                return False
    return True


def _plain_marker_line(text: str, start: int, line: str) -> bool:
    """Whether a line of block markers only is one the parsers agree on: a thematic break
    after a blank line, a table's delimiter row or digits row under a `|` line, a closing
    `~~~` fence, or a setext underline under a paragraph of plain lines."""
    if _CLOSING_FENCE.fullmatch(line) is not None:
        return True
    previous = _previous_line(text, start)
    if _THEMATIC_BREAK.fullmatch(line) is not None and not previous.strip():
        return True
    if line.startswith("|") and previous.startswith("|") and "-" not in line:
        return True  # a row of a table (whose delimiter row is checked)
    if _TABLE_DELIMITER.fullmatch(line) is not None and previous.startswith("|"):
        pos = start + len(line) + 1  # every row below starts with a pipe
        while pos < len(text):
            row = _next_line(text, pos - 1)
            if not row.strip():
                break
            if not row.startswith("|"):
                return False
            pos += len(row) + 1
        return True
    if _SETEXT.fullmatch(line) is None:
        return False
    pos = start - 1  # the end of the line above
    lines = 0
    while pos >= 0:  # every line of the paragraph above starts with a letter
        begin = text.rfind("\n", 0, pos) + 1
        above = text[begin:pos]
        stripped = above.lstrip(" ")
        if not stripped.strip():
            break
        if len(above) - len(stripped) > 3 or not stripped[0].isalpha() or "|" in stripped:
            return False
        lines += 1
        pos = begin - 1
    return lines > 0


def _previous_line(text: str, start: int) -> str:
    """The line before the one starting at `start`."""
    if start == 0:
        return ""
    begin = text.rfind("\n", 0, start - 1) + 1
    return text[begin : start - 1]


def _next_line(text: str, pos: int) -> str:
    """The line after the one `pos` is on ("" at the end)."""
    end = text.find("\n", pos)
    if end < 0:
        return ""
    after = text.find("\n", end + 1)
    return text[end + 1 : after if after >= 0 else len(text)]
