"""The Rust parser's syntax tree as markdown-it-py's token stream: the tokens its `parse` gives
with our plugins (tables, footnotes, definition lists, task lists), and what it puts in `env`.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Sequence
from typing import Any, NamedTuple

from markdown_it import MarkdownIt
from markdown_it.common.utils import normalizeReference
from markdown_it.token import Token

from polyblog.markup_fast.checks import NOTE_LABEL, REFERENCE_LINE, disagreement

MAX_LEVEL = 12  # deeper trees go to markdown-it-py (which stops nesting at 20 levels)
_CHECKBOX = '<input class="task-list-item-checkbox" {}disabled="disabled" type="checkbox">'
_HOST_PROTOCOLS = ("http:", "https:", "mailto:")
# URL escapes of the white space that markdown-it-py trims from a `<destination>`
_URL_SPACE_END = re.compile(
    r"%(?:0[9A-D]|1[C-F]|20|C2%(?:85|A0)|E1%9A%80|E2%80%(?:8[0-9A]|A8|A9|AF)|E2%81%9F"
    r"|E3%80%80)$",
    re.I,
)
_HOST_END = re.compile(r"[/?#]")
_DIGITS = re.compile(rb"[0-9]+")
_BLANK = re.compile(r"[^\n]+")
_TASK = re.compile(r"\[[ xX]\]")
_QUOTE_MARKER = re.compile(r" {0,3}> ?")
_LIST_MARKER = re.compile(r"[-+*]|\d{1,9}[.)]")
_DESCRIPTION_MARKER = re.compile(r"[:~]")
_DESCRIPTION_LINE = re.compile(r"[ >]*[:~] ")
_NOTE_MARKER = re.compile(r"\[\^[^\]\s]+\]:")
_ATTRIBUTES_AFTER = frozenset({"link", "image", "code_inline", "autolink"})
_BLOCKS = frozenset(
    [
        "paragraph",
        "heading",
        "lheading",
        "blockquote",
        "bullet_list",
        "ordered_list",
        "fence",
        "code_block",
        "html_block",
        "hr",
        "table",
        "definition_list",
    ]
)


class Trigger(NamedTuple):
    """Declared plugin rules' trigger (`markup_fast.declare`): a text where `pattern` finds a
    match goes to markdown-it-py. Every match has one of the characters of `needs` (when
    given), so a text without any is not searched."""

    rules: tuple[str, ...]  # at least one
    pattern: re.Pattern[str]
    needs: str = ""


class Fallback(Exception):
    """The text has something this module does not reproduce: markdown-it-py parses it."""


_FIELDS = [
    "type",
    "tag",
    "nesting",
    "attrs",
    "map",
    "level",
    "children",
    "content",
    "markup",
    "info",
    "meta",
    "block",
    "hidden",
]
_new = object.__new__


def _token(
    type_: str,
    tag: str,
    nesting: int,
    level: int,
    content: str = "",
    block: bool = False,
    hidden: bool = False,
    markup: str = "",
    info: str = "",
    attrs: dict[str, Any] | None = None,
    children: list[Token] | None = None,
    meta: dict[Any, Any] | None = None,
) -> Token:
    """A Token without the dataclass constructor (a third of the time)."""
    token: Token = _new(Token)
    token.type = type_
    token.tag = tag
    token.nesting = nesting  # type: ignore[assignment]
    token.attrs = {} if attrs is None else attrs
    token.map = None
    token.level = level
    token.children = children
    token.content = content
    token.markup = markup
    token.info = info
    token.meta = {} if meta is None else meta
    token.block = block
    token.hidden = hidden
    return token


def _constructor(
    type_: str,
    tag: str,
    nesting: int,
    level: int,
    content: str = "",
    block: bool = False,
    hidden: bool = False,
    markup: str = "",
    info: str = "",
    attrs: dict[str, Any] | None = None,
    children: list[Token] | None = None,
    meta: dict[Any, Any] | None = None,
) -> Token:
    return Token(
        type_,
        tag,
        nesting,  # type: ignore[arg-type]
        attrs={} if attrs is None else attrs,
        level=level,
        children=children,
        content=content,
        markup=markup,
        info=info,
        meta={} if meta is None else meta,
        block=block,
        hidden=hidden,
    )


# the fast factory only for the Token this module knows (its fields, all set)
new_token: Callable[..., Token] = (
    _token if [f.name for f in dataclasses.fields(Token)] == _FIELDS else _constructor
)


class Converter:
    """One tree into tokens; raises `Fallback` on anything markdown-it-py may read otherwise."""

    def __init__(self, md: MarkdownIt, text: str, env: dict[str, Any]) -> None:
        self.md = md
        self.text = text
        self.env = env
        self.raw = text.encode()  # the tree's offsets are in bytes
        self.tokens: list[Token] = []
        self.references: dict[str, dict[str, Any]] = {}
        self.duplicates: list[dict[str, Any]] = []
        self.definitions = 0
        # the containers around the current block, outermost first, for the content of inline
        # tokens: (None, 0) for a quote, (indentation of its content, offset of its first
        # line) for a list item or description
        self.containers: list[tuple[int | None, int]] = []
        # footnotes: definition id -> [markdown-it-py id, label, reference ids]
        self.notes: dict[int, list[Any]] = {}
        self.note_order: dict[int, int] = {}  # reference id -> its rank among its note's
        self.footnotes: dict[str, Any] = {"refs": {}, "list": {}}

    def run(self, root: Any, triggers: Sequence[Trigger]) -> list[Token]:
        """The tokens, after the checks on the text with its top-level fences blanked."""
        children = root.children
        fences = [node for node in children if node.name == "fence"]
        text = self._masked(fences) if fences else self.text
        reason = disagreement(text, bool(self.md.options.get("html")))
        if reason:
            raise Fallback(reason)
        for rules, trigger, needs in triggers:
            if (not needs or any(c in text for c in needs)) and trigger.search(text):
                raise Fallback("rule " + rules[0])
        container = None
        if children and children[-1].name == "footnote_container":
            container = children[-1]
            children = children[:-1]
            self._number_notes(container)
        if "[^" in text:  # every definition is in the tree once (the Rust parser drops unused
            # ones and keeps the first of two with one label; markdown-it-py keeps the last)
            labels = NOTE_LABEL.findall("\n" + text)
            if len(set(labels)) != len(labels) or len(labels) != len(self.notes):
                raise Fallback("footnote definitions")
        self._blocks(children, 0, None)
        if container is not None:
            self._footnote_block(container)
        if "]:" in text and len(REFERENCE_LINE.findall("\n" + text)) != self.definitions:
            raise Fallback("reference definitions")
        self._store_env()
        return self.tokens

    def _store_env(self) -> None:
        env = self.env
        if self.references:
            refs = env.setdefault("references", {})
            for key, value in self.references.items():
                refs.setdefault(key, value)
        if self.duplicates:
            env.setdefault("duplicate_refs", []).extend(self.duplicates)
        if self.footnotes["list"]:
            notes = env.setdefault("footnotes", {"refs": {}, "list": {}})
            notes.setdefault("refs", {}).update(self.footnotes["refs"])
            notes.setdefault("list", {}).update(self.footnotes["list"])

    def _masked(self, fences: list[Any]) -> str:
        """The text with the lines inside top-level fences blanked: code is not Markdown."""
        text, raw = self.text, self.raw
        ascii_ = len(raw) == len(text)
        parts = []
        done = 0
        for node in fences:
            span = node.srcmap
            if span is None:
                raise Fallback("fence span")
            start, end = span
            if not ascii_:
                start, end = len(raw[:start].decode()), len(raw[:end].decode())
            first = text.find("\n", start, end)  # the end of the opening line
            if first < 0:
                continue
            last = text.rfind("\n", first + 1, end)  # before the closing line, if any
            stop = last if last > first else end
            parts.append(text[done : first + 1])
            parts.append(_BLANK.sub("", text[first + 1 : stop]))
            done = stop
        parts.append(text[done:])
        return "".join(parts)

    # -- blocks ------------------------------------------------------------------------------

    def _push(self, type_: str, tag: str, nesting: int, level: int, **fields: Any) -> None:
        if fields:
            self.tokens.append(new_token(type_, tag, nesting, level, block=True, **fields))
        else:
            self.tokens.append(new_token(type_, tag, nesting, level, "", True))

    def _blocks(
        self, nodes: Any, level: int, tight: Any = None, checkbox: Token | None = None
    ) -> None:
        """Block nodes. In a list item or a description, `tight` is its span: its bare inline
        nodes are a hidden paragraph (markdown-it-py hides the paragraphs of tight lists), of
        the lines between the blocks around them. A task's `checkbox` starts the first
        paragraph."""
        if level > MAX_LEVEL:
            raise Fallback("nesting")
        run: list[Any] = []
        begin = tight[0] if tight is not None else 0
        for node in nodes:
            name = node.name
            if name in _BLOCKS:
                if run:
                    span = (begin, self._run_end(run, _start(node)))
                    self._paragraph(run, level, span, True, checkbox)
                    run, checkbox = [], None
                if checkbox is not None:
                    if name != "paragraph":
                        raise Fallback("task list item")
                    self._paragraph(node.children, level, node.srcmap, False, checkbox)
                    checkbox = None
                else:
                    _BLOCK_RULES[name](self, node, level)
                begin = self._line_after(_end(node))
            elif name == "definition":
                self._definition(node)
                begin = self._line_after(_end(node))
            elif tight is not None:
                run.append(node)
            else:
                raise Fallback("inline node among blocks")
        if run:
            self._paragraph(run, level, (begin, self._run_end(run, tight[1])), True, checkbox)
        elif checkbox is not None:
            raise Fallback("empty task")

    def _run_end(self, run: list[Any], limit: int) -> int:
        """Where a hidden paragraph ends: at the end of its last node's line, before `limit`
        (the next block's start, which a tree may give a line late)."""
        span = run[-1].srcmap
        if span is None:
            return limit
        found = self.raw.find(b"\n", max(span[1] - 1, 0))
        return limit if found < 0 else min(limit, found + 1)

    def _line_after(self, end: int) -> int:
        """The start of the line after a block that ends at `end`."""
        raw = self.raw
        if end == 0 or raw[end - 1 : end] == b"\n":
            return end
        found = raw.find(b"\n", end)
        return len(raw) if found < 0 else found + 1

    def _paragraph(
        self,
        children: Any,
        level: int,
        span: Any,
        hidden: bool = False,
        checkbox: Token | None = None,
    ) -> None:
        tokens = self.tokens
        tokens.append(new_token("paragraph_open", "p", 1, level, block=True, hidden=hidden))
        self._inline(children, level + 1, span, first=True, prefix=checkbox)
        tokens.append(new_token("paragraph_close", "p", -1, level, block=True, hidden=hidden))

    def _b_paragraph(self, node: Any, level: int) -> None:
        self._paragraph(node.children, level, node.srcmap)

    def _b_heading(self, node: Any, level: int) -> None:
        n = node.meta["level"]
        tag, markup = f"h{n}", "#" * n
        self._push("heading_open", tag, 1, level, markup=markup)
        self._inline(node.children, level + 1, node.srcmap, heading=True)
        self._push("heading_close", tag, -1, level, markup=markup)

    def _b_lheading(self, node: Any, level: int) -> None:
        meta = node.meta
        tag, markup = f"h{meta['level']}", meta["marker"]
        span = node.srcmap  # without its underline
        if span is None:
            raise Fallback("heading span")
        span = (span[0], self.raw.rfind(b"\n", span[0], span[1] - 1))
        self._push("heading_open", tag, 1, level, markup=markup)
        self._inline(node.children, level + 1, span, first=True)
        self._push("heading_close", tag, -1, level, markup=markup)

    def _b_blockquote(self, node: Any, level: int) -> None:
        self._push("blockquote_open", "blockquote", 1, level, markup=">")
        self.containers.append((None, 0))
        self._blocks(node.children, level + 1, None)
        self.containers.pop()
        self._push("blockquote_close", "blockquote", -1, level, markup=">")

    def _b_bullet_list(self, node: Any, level: int) -> None:
        self._list(node, "bullet_list", "ul", node.meta["marker"], level, None)

    def _b_ordered_list(self, node: Any, level: int) -> None:
        meta = node.meta
        self._list(node, "ordered_list", "ol", meta["marker"], level, meta["start"])

    def _list(self, node: Any, kind: str, tag: str, marker: str, level: int, start: Any) -> None:
        attrs: dict[str, Any] = {}
        if start is not None and start != 1:
            attrs["start"] = start
        attrs.update(node.attrs)
        self._push(kind + "_open", tag, 1, level, markup=marker, attrs=attrs)
        for item in node.children:
            info = "" if start is None else self._number(item)
            self._push(
                "list_item_open",
                "li",
                1,
                level + 1,
                markup=marker,
                info=info,
                attrs=dict(item.attrs),
            )
            children = item.children
            self.containers.append(self._indent(item, _LIST_MARKER))
            if children and children[0].name == "todo_checkbox":
                self._todo(item, children, level + 2)
            else:
                if children and _looks_like_task(children[0]):
                    raise Fallback("task list item")
                self._blocks(children, level + 2, item.srcmap)
            self.containers.pop()
            self._push("list_item_close", "li", -1, level + 1, markup=marker)
        self._push(kind + "_close", tag, -1, level, markup=marker)

    def _indent(self, item: Any, marker: re.Pattern[str]) -> tuple[int, int]:
        """A list item's or description's container entry: the indentation of its content
        (spaces, marker and the spaces after it, as markdown-it-py counts them) and where its
        first line starts."""
        span = item.srcmap
        if span is None:
            raise Fallback("item span")
        raw = self.raw
        first = raw.rfind(b"\n", 0, span[0]) + 1
        end = raw.find(b"\n", span[0])
        line = raw[first : end if end >= 0 else len(raw)].decode()
        at = len(raw[first : span[0]].decode())
        if marker is _DESCRIPTION_MARKER:  # its span may start on the lines before its marker
            while end >= 0 and _DESCRIPTION_LINE.match(line) is None:
                first = end + 1
                end = raw.find(b"\n", first)
                line = raw[first : end if end >= 0 else len(raw)].decode()
                at = len(line) - len(line.lstrip(" >"))
        before = _strip_line(line[:at], self.containers, first)
        if before is None:
            raise Fallback("item layout")
        if before.strip(" "):  # the span starts after the marker (descriptions)
            found = marker.search(before)
            if found is None or before[: found.start()].strip(" "):
                raise Fallback("item layout")
            at -= len(before) - found.start()
            before = before[: found.start()]
        match = marker.match(line, at)
        if match is None:
            raise Fallback("item layout")
        spaces = len(line) - len(line[match.end() :].lstrip(" ")) - match.end()
        if spaces > 4 or match.end() + spaces == len(line):
            spaces = 1  # code or nothing after the marker
        return len(before) + match.end() - at + spaces, first

    def _number(self, item: Any) -> str:
        """An ordered list item's number as written (markdown-it-py's `info`)."""
        span = item.srcmap
        match = _DIGITS.match(self.raw, span[0]) if span is not None else None
        if match is None:
            raise Fallback("list item number")
        return match.group(0).decode()

    def _todo(self, item: Any, children: Any, level: int) -> None:
        """A task: markdown-it-py's checkbox first in its first paragraph (hidden or not)."""
        box, rest = children[0], children[1:]
        first = rest[0] if rest else box
        if first.name == "paragraph":
            first = first.children[0] if first.children else first
        if first.name != "text" or first.meta["content"][:1] != " ":
            raise Fallback("task list item")  # the plugin reads "[ ] " only
        meta = box.meta
        if meta.get("disabled") is not False:
            raise Fallback("task checkbox")
        html = _CHECKBOX.format('checked="checked" ' if meta.get("checked") else "")
        checkbox = new_token("html_inline", "", 0, 0, content=html)
        self._blocks(rest, level, item.srcmap, checkbox)

    def _content(self, node: Any, fence: bool = False) -> str:
        """A fence's or HTML block's content; markdown-it-py's has no line end when it runs to
        the end of a text without one."""
        content: str = node.meta["content"]
        text = self.text
        if text[-1:] == "\n" or content[-1:] != "\n" or node.srcmap is None:
            return content
        if node.srcmap[1] != len(self.raw):
            return content
        if fence:  # closed by the last line: the content ends with its line end
            marker = node.meta["marker"] * node.meta["marker_len"]
            last = text[text.rfind("\n") + 1 :]
            if last[:1] in (" ", ">") or self.containers:
                raise Fallback("fence at the end")  # closed or not: indentation decides
            if last.startswith(marker) and not last.strip(marker[0] + " \t"):
                return content
        return content[:-1]

    def _b_fence(self, node: Any, level: int) -> None:
        meta = node.meta
        content = self._content(node, fence=True)
        markup = meta["marker"] * meta["marker_len"]
        self._push("fence", "code", 0, level, content=content, info=meta["info"], markup=markup)

    def _b_code_block(self, node: Any, level: int) -> None:
        self._push("code_block", "code", 0, level, content=node.meta["content"])

    def _b_html_block(self, node: Any, level: int) -> None:
        self._push("html_block", "", 0, level, content=self._content(node))

    def _b_hr(self, node: Any, level: int) -> None:
        meta = node.meta  # markdown-it-py's markup has one marker more than the line
        self._push("hr", "hr", 0, level, markup=meta["marker"] * (meta["marker_len"] + 1))

    def _b_table(self, node: Any, level: int) -> None:
        aligns = [None if a == "none" else f"text-align:{a}" for a in node.meta["alignments"]]
        self._push("table_open", "table", 1, level)
        for part in node.children:
            head = part.name == "thead"
            if not head and part.name != "tbody":
                raise Fallback("table section")
            section, cell = ("thead", "th") if head else ("tbody", "td")
            self._push(section + "_open", section, 1, level + 1)
            for row in part.children:
                self._push("tr_open", "tr", 1, level + 2)
                cells = row.children
                if len(cells) != len(aligns):
                    raise Fallback("table row width")
                for align, tcell in zip(aligns, cells, strict=True):
                    attrs = {} if align is None else {"style": align}
                    self._push(cell + "_open", cell, 1, level + 3, attrs=attrs)
                    self._cell(tcell, level + 4)
                    self._push(cell + "_close", cell, -1, level + 3)
                self._push("tr_close", "tr", -1, level + 2)
            self._push(section + "_close", section, -1, level + 1)
        self._push("table_close", "table", -1, level)

    def _cell(self, cell: Any, level: int) -> None:
        """A table cell's inline token: its content is the cell's text, trimmed."""
        children: list[Token] = []
        self._children(cell.children, children, 0, True)
        span = cell.srcmap
        content = "" if span is None else self.raw[span[0] : span[1]].decode().strip()
        if "\\\\" in content:
            raise Fallback("backslashes in a cell")
        content = content.replace("\\|", "|")  # an escaped pipe is no cell border
        if span is None and cell.children:
            raise Fallback("cell span")
        self.tokens.append(
            new_token("inline", "", 0, level, content=content, block=True, children=children)
        )

    def _b_definition_list(self, node: Any, level: int) -> None:
        self._push("dl_open", "dl", 1, level)
        for part in node.children:
            if part.name == "definition_term":
                self._push("dt_open", "dt", 1, level + 1)
                self._inline(part.children, level + 2, part.srcmap, first=True)
                self._push("dt_close", "dt", -1, level + 1)
            elif part.name == "definition_description":
                self._push("dd_open", "dd", 1, level + 1)
                self.containers.append(self._indent(part, _DESCRIPTION_MARKER))
                self._blocks(part.children, level + 2, part.srcmap)
                self.containers.pop()
                self._push("dd_close", "dd", -1, level + 1)
            else:
                raise Fallback("definition list part")
        self._push("dl_close", "dl", -1, level)

    def _definition(self, node: Any) -> None:
        """A link reference definition, for `env["references"]` (the first one wins)."""
        meta = node.meta
        self.definitions += 1
        title = meta.get("title", "")
        if "\n" in meta["label"] or "\n" in title:
            raise Fallback("reference on several lines")
        label = normalizeReference(meta["label"])
        url = meta["destination"]
        if not label or not url_ok(url):
            raise Fallback("reference")
        entry = {"title": title, "href": url, "map": self._lines(node)}
        if label in self.references or label in self.env.get("references", {}):
            self.duplicates.append({**entry, "label": label})
        else:
            self.references[label] = entry

    def _lines(self, node: Any) -> list[int]:
        """A block's first line and the line after it (markdown-it-py's `map`)."""
        span = node.srcmap
        if span is None:
            raise Fallback("reference span")
        raw = self.raw
        start, end = span
        first = raw.count(b"\n", 0, start)
        last = first + raw.count(b"\n", start, end)
        if end > start and raw[end - 1 : end] != b"\n":
            last += 1
        return [first, last]

    # -- footnotes -----------------------------------------------------------------------------

    def _number_notes(self, container: Any) -> None:
        """markdown-it-py numbers footnotes in the order of their first reference."""
        defs = []
        for note in container.children:
            meta = note.meta
            if note.name != "footnote_def" or meta.get("inline"):
                raise Fallback("inline footnote")
            refs = None
            for child in note.walk(include_self=False):
                if child.name == "footnote_ref":
                    raise Fallback("reference in a footnote")  # numbered otherwise
                if child.name == "footnote_ref_anchor":
                    refs = list(child.meta["ref_ids"])
            if not refs:
                raise Fallback("unreferenced footnote")
            defs.append((min(refs), meta["def_id"], meta["label"], refs))
        defs.sort()
        for index, (_, def_id, label, refs) in enumerate(defs):
            self.notes[def_id] = [index, label, refs]
            for sub, ref in enumerate(refs):
                self.note_order[ref] = sub
            self.footnotes["list"][index] = {"label": label, "count": len(refs)}
            self.footnotes["refs"][":" + label] = index

    def _footnote_block(self, container: Any) -> None:
        by_id = {self.notes[n.meta["def_id"]][0]: n for n in container.children}
        tokens = self.tokens
        tokens.append(new_token("footnote_block_open", "", 1, 0))
        for index in sorted(by_id):
            note = by_id[index]
            _, label, refs = self.notes[note.meta["def_id"]]
            tokens.append(new_token("footnote_open", "", 1, 0, meta={"id": index, "label": label}))
            start = len(tokens)
            self.containers.append(self._indent(note, _NOTE_MARKER))
            self._blocks(note.children, 1, None)
            self.containers.pop()
            last = tokens.pop() if tokens[-1].type == "paragraph_close" else None
            if len(tokens) < start:
                raise Fallback("footnote without blocks")
            for sub in range(len(refs)):
                meta = {"id": index, "subId": sub, "label": label}
                tokens.append(new_token("footnote_anchor", "", 0, 0, meta=meta))
            if last is not None:
                tokens.append(last)
            tokens.append(new_token("footnote_close", "", -1, 0))
        tokens.append(new_token("footnote_block_close", "", -1, 0))

    # -- inline --------------------------------------------------------------------------------

    def _inline(
        self,
        nodes: Any,
        level: int,
        span: Any,
        first: bool = False,
        prefix: Token | None = None,
        heading: bool = False,
    ) -> None:
        """An inline token for `nodes`, its content the lines of `span` (bytes) as
        markdown-it-py gives them: the containers' markers and indentation removed."""
        children: list[Token] = [] if prefix is None else [prefix]
        self._children(nodes, children, 0, first)
        content = self._lines_of(span, heading)
        if prefix is not None:  # a task: the tasklists plugin drops "[ ]" from the content
            content = content[3:]
        self.tokens.append(
            new_token("inline", "", 0, level, content=content, block=True, children=children)
        )

    def _lines_of(self, span: Any, heading: bool = False) -> str:
        if span is None:
            raise Fallback("source span")
        raw = self.raw
        begin = raw.rfind(b"\n", 0, span[0]) + 1
        if self.containers and self.containers[-1][0] is not None:  # (spans of descriptions
            begin = max(begin, self.containers[-1][1])  # may start at their term)
        end = span[1]
        if end > begin and raw[end - 1 : end] == b"\n":
            end -= 1
        text = raw[begin:end].decode()
        if not self.containers and not heading:  # the lines as they are
            return text.strip()
        lines = text.split("\n")
        start = begin
        out = []
        for i, line in enumerate(lines):
            stripped = _strip_line(line, self.containers, start, lazy=i > 0)
            if stripped is None:
                raise Fallback("item layout")
            out.append(stripped)
            start += len(line.encode()) + 1
        if heading:  # `## text ##`: markers and closing sequence off
            if len(out) != 1:
                raise Fallback("heading lines")
            return _heading_text(out[0])
        return "\n".join(out).strip()

    def _children(self, nodes: Any, out: list[Token], level: int, first: bool) -> None:
        """Inline nodes into `out`, adjacent text joined (markdown-it-py's text_join; a text
        token keeps the markup and info of an escape or entity it starts with)."""
        if level > MAX_LEVEL:
            raise Fallback("nesting")
        previous = "" if first else "text"
        text: list[str] = []
        special: Any = None
        rules = _INLINE_RULES
        for node in nodes:
            name = node.name
            if name == "text" or name == "text_special":
                meta = node.meta
                content = meta["content"]
                if not text:
                    if content[:1] == "{" and (not previous or previous in _ATTRIBUTES_AFTER):
                        raise Fallback("attributes")  # markdown-it-py's attrs plugin
                    if name == "text_special":
                        special = meta
                text.append(content)
                previous = "text"
                continue
            if name == "footnote_ref_anchor":  # the back links: `_footnote_block` makes them
                continue
            strong = name == "strong"
            if strong:  # markdown-it-py keeps an empty text token on each side
                text.append("")
            if text:
                out.append(_text(text, special, level))
                text = []
                special = None
            previous = name
            rule = rules.get(name)
            if rule is None:
                raise Fallback("inline node " + name)
            rule(self, node, out, level)
            if strong:
                text.append("")
        if text:
            out.append(_text(text, special, level))

    def _pair(self, node: Any, out: list[Token], level: int, kind: str, tag: str, mk: str) -> None:
        out.append(new_token(kind + "_open", tag, 1, level, markup=mk))
        self._children(node.children, out, level + 1, False)
        out.append(new_token(kind + "_close", tag, -1, level, markup=mk))

    def _i_em(self, node: Any, out: list[Token], level: int) -> None:
        self._pair(node, out, level, "em", "em", node.meta["marker"])

    def _i_strong(self, node: Any, out: list[Token], level: int) -> None:
        self._pair(node, out, level, "strong", "strong", node.meta["marker"] * 2)

    def _i_strikethrough(self, node: Any, out: list[Token], level: int) -> None:
        self._pair(node, out, level, "s", "s", "~~")

    def _i_softbreak(self, node: Any, out: list[Token], level: int) -> None:
        out.append(new_token("softbreak", "br", 0, level))

    def _i_hardbreak(self, node: Any, out: list[Token], level: int) -> None:
        out.append(new_token("hardbreak", "br", 0, level))

    def _i_html_inline(self, node: Any, out: list[Token], level: int) -> None:
        out.append(new_token("html_inline", "", 0, level, content=node.meta["content"]))

    def _i_code_inline(self, node: Any, out: list[Token], level: int) -> None:
        meta = node.meta
        content = "".join(c.meta["content"] for c in node.children)
        markup = meta["marker"] * meta["marker_len"]
        out.append(new_token("code_inline", "code", 0, level, content=content, markup=markup))

    def _i_link(self, node: Any, out: list[Token], level: int) -> None:
        meta = node.meta
        url = meta["url"]
        if not url_ok(url):
            raise Fallback("link URL")
        attrs: dict[str, Any] = {"href": url}
        if meta.get("title"):
            attrs["title"] = meta["title"]
        out.append(new_token("link_open", "a", 1, level, attrs=attrs))
        self._children(node.children, out, level + 1, False)
        out.append(new_token("link_close", "a", -1, level))

    def _i_autolink(self, node: Any, out: list[Token], level: int) -> None:
        children = node.children
        if len(children) != 1 or children[0].name != "text_special":
            raise Fallback("autolink")
        raw = children[0].meta["content"]
        md = self.md
        href = md.normalizeLink(raw if "@" not in raw or ":" in raw else "mailto:" + raw)
        if not md.validateLink(href) or href != node.meta["url"]:
            raise Fallback("autolink URL")
        auto = {"markup": "autolink", "info": "auto"}
        out.append(new_token("link_open", "a", 1, level, attrs={"href": href}, **auto))
        out.append(new_token("text", "", 0, level + 1, content=md.normalizeLinkText(raw)))
        out.append(new_token("link_close", "a", -1, level, **auto))

    def _i_image(self, node: Any, out: list[Token], level: int) -> None:
        meta = node.meta
        url = meta["url"]
        if not url_ok(url):
            raise Fallback("image URL")
        attrs: dict[str, Any] = {"src": url, "alt": ""}
        if meta.get("title"):
            attrs["title"] = meta["title"]
        children: list[Token] = []
        self._children(node.children, children, 0, False)
        content = self._source(node.children)
        if "\n" in content:  # markdown-it-py's lines lose their indentation in containers
            raise Fallback("image label on several lines")
        out.append(
            new_token("image", "img", 0, level, attrs=attrs, children=children, content=content)
        )

    def _source(self, nodes: Any) -> str:
        """The source text from the first node to the last (the content of inline tokens)."""
        if not nodes:
            return ""
        first, last = nodes[0].srcmap, nodes[-1].srcmap
        if first is None or last is None:
            raise Fallback("source span")
        return self.raw[first[0] : last[1]].decode()

    def _i_footnote_ref(self, node: Any, out: list[Token], level: int) -> None:
        meta = node.meta
        note = self.notes.get(meta["def_id"])
        if note is None:
            raise Fallback("footnote reference")
        meta = {"id": note[0], "subId": self.note_order[meta["ref_id"]], "label": note[1]}
        out.append(new_token("footnote_ref", "", 0, level, meta=meta))


def _strip_line(
    line: str, containers: list[tuple[int | None, int]], start: int, lazy: bool = False
) -> str | None:
    """A line (at byte `start`) as markdown-it-py's `getLines` gives it inside `containers`:
    after each quote's `>`, up to each list item's indentation (on the item's first line its
    marker counts as indentation). With `lazy`, a line missing a quote's `>` continues a
    paragraph: from the last `>` found, up to the indentation inside the innermost quote.
    None when a list item's first line does not start as expected, or a first line of a
    block misses a quote's `>`."""
    at = 0
    after_quote = 0
    for indent, item_start in containers:
        if indent is None:
            match = _QUOTE_MARKER.match(line, at)
            if match is None:  # lazy
                if not lazy:
                    return None
                inner = 0
                for later, _ in reversed(containers):
                    if later is None:
                        break
                    inner += later
                spaces = len(line) - after_quote - len(line[after_quote:].lstrip(" "))
                return line[after_quote + min(spaces, inner) :]
            at = after_quote = match.end()
        elif item_start == start:
            if len(line) - at < indent and line[at:].strip():
                return None
            at += indent  # the item's first line: its marker and spaces
        else:
            spaces = len(line) - at - len(line[at:].lstrip(" "))
            at += min(spaces, indent)
    return line[at:]


def _heading_text(line: str) -> str:
    """An ATX heading's text as markdown-it-py's content: no `#` markers, no closing
    sequence."""
    text = line.lstrip(" ").lstrip("#")
    text = text.rstrip(" \t")
    closing = text.rstrip("#")
    if closing != text and (not closing or closing[-1] in " \t"):
        text = closing
    return text.strip()


def _start(node: Any) -> int:
    span = node.srcmap
    if span is None:
        raise Fallback("block span")
    return int(span[0])


def _end(node: Any) -> int:
    span = node.srcmap
    if span is None:
        raise Fallback("block span")
    return int(span[1])


def _looks_like_task(node: Any) -> bool:
    """Whether markdown-it-py's tasklists plugin may see a task in a list item that the Rust
    parser did not read as one."""
    if node.name == "paragraph":
        if not node.children:
            return False
        node = node.children[0]
    if node.name == "link":  # `[x]` defined as a link reference elsewhere
        children = node.children
        return len(children) == 1 and children[0].meta.get("content") in {"x", "X"}
    return node.name == "text" and _TASK.match(node.meta["content"]) is not None


def _text(parts: list[str], special: Any, level: int) -> Token:
    if special is None:
        return new_token("text", "", 0, level, parts[0] if len(parts) == 1 else "".join(parts))
    markup, info = special["markup"], special["info"]
    return new_token("text", "", 0, level, content="".join(parts), markup=markup, info=info)


def url_ok(url: str) -> bool:
    """Whether the Rust parser's URL is markdown-it-py's: it does not punycode host names and
    keeps the white space at the ends of a `<destination>`, which markdown-it-py trims."""
    if not url:
        return True
    if url[0] == "%" or ("%" in url[-9:] and _URL_SPACE_END.search(url) is not None):
        return False
    if "%" not in url and "[" not in url:
        return True
    if url.startswith("//"):
        host = url[2:]
    elif url[:8].lower().startswith(_HOST_PROTOCOLS):
        host = url.split(":", 1)[1].lstrip("/")
    else:
        return True
    host = _HOST_END.split(host, maxsplit=1)[0]
    return "%" not in host and "[" not in host


_BLOCK_RULES: dict[str, Callable[[Converter, Any, int], None]] = {
    name: getattr(Converter, "_b_" + name) for name in _BLOCKS
}
_INLINE_RULES: dict[str, Callable[[Converter, Any, list[Token], int], None]] = {
    name[3:]: getattr(Converter, name) for name in dir(Converter) if name.startswith("_i_")
}
