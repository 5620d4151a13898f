"""Markdown -> HTML: the one MarkdownIt with plugins, Pygments, heading ids, TOC, summary, words.

`render_markdown` is a pure function of its inputs; one parser per process is created lazily.
"""

from __future__ import annotations

import hashlib
import html
import itertools
import math
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from mdit_py_plugins.attrs import attrs_block_plugin, attrs_plugin
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.tasklists import tasklists_plugin
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import get_lexer_by_name
from pygments.util import ClassNotFound

from polyblog import markup_fast
from polyblog.config import MarkupConfig, MathConfig
from polyblog.errors import ErrorList, ShortcodeError, Warning_
from polyblog.mathml import MATH_FAILURES, MathFailure, math_as_tex, math_plugin
from polyblog.shortcodes.expand import DeferredCard, Expander
from polyblog.shortcodes.parse import Call, Node, ShortcodeSyntaxError, Text, has_shortcodes
from polyblog.shortcodes.parse import parse as parse_shortcodes

MORE = "<!--more-->"
# `{.class #id}` attributes allowed when raw HTML is off (no style, no event handlers)
SAFE_ATTRIBUTES = {"id", "class", "title", "lang", "dir", "width", "height", "alt", "start"}
PLACEHOLDER = re.compile(r"pbsc[0-9a-f]{8}n\d+e")
CJK_LANGS = frozenset({"ja", "zh", "ko"})
_TAG = re.compile(r"<[^>]*>")
_BLOCK_TAG = re.compile(
    r"</?(?:p|div|li|h[1-6]|br|tr|td|th|blockquote|pre|ul|ol|dl|dt|dd|section|table|hr)\b[^>]*>"
)
_BLOCK_PLACEHOLDER = re.compile(r"<p>(pbsc[0-9a-f]{8}n\d+e)</p>\n?")
# output with one of these is block-level: it may not stand inside a paragraph (flow content
# that is not phrasing content)
_BLOCK_OUTPUT = re.compile(
    r"<(?:address|article|aside|blockquote|details|dialog|div|dl|fieldset|figcaption|figure"
    r"|footer|form|h[1-6]|header|hgroup|hr|main|menu|nav|ol|p|pre|search|section|table|ul)"
    r"[\s/>]",
    re.I,
)
# elements whose content is phrasing only: block output inside them is split out of them
_PHRASING_ONLY = frozenset(
    re.findall(
        r"\w+",
        "p h1 h2 h3 h4 h5 h6 pre em strong span code b i u s small mark abbr cite dfn kbd q "
        "samp sub sup time var bdi bdo data label",
    )
)
_VOID = frozenset(
    re.findall(r"\w+", "area base br col embed hr img input link meta source track wbr")
)
_HTML_TOKEN = re.compile(
    r"<!--.*?-->|<(script|style)\b[^>]*>.*?</\1\s*>|<(/?)([A-Za-z][A-Za-z0-9-]*)\b[^>]*>"
    r"|pbsc[0-9a-f]{8}n\d+e",
    re.S | re.I,
)
_ID_ATTR = re.compile(r"""\s+id=(?:"[^"]*"|'[^']*'|[^\s>]+)""", re.I)
_HEADING_ATTRS = re.compile(r"\s*\{((?:\s*[#.][\w-]+)+)\s*\}\s*$")
# inline tokens whose text makes a heading's id and TOC entry (a formula gives its TeX)
_HEADING_TEXT = frozenset({"text", "code_inline", "math_inline", "math_inline_double"})
_SPACE = re.compile(r"\s+")
_CJK = re.compile(
    r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af\uff66-\uff9f]"
)


@dataclass(frozen=True, kw_only=True)
class TocEntry:
    level: int
    id: str
    text: str


@dataclass(frozen=True, kw_only=True)
class RenderedBody:
    html: str
    toc: tuple[TocEntry, ...]
    summary_html: str
    truncated: bool
    plain_summary: str
    words: int
    reading_time: int
    cards: tuple[DeferredCard, ...] = ()  # `article` cards to fill in when pages render
    diagrams: bool = False  # the HTML has a Mermaid diagram: the page loads the script
    warnings: tuple[Warning_, ...] = ()  # formulas that did not convert (`body_warnings`)


def is_cjk(lang: str) -> bool:
    return lang.split("-")[0].lower() in CJK_LANGS


@lru_cache(maxsize=2)
def _formatter(line_numbers: bool) -> HtmlFormatter:
    return HtmlFormatter(
        cssclass="highlight", wrapcode=True, linenos="table" if line_numbers else False
    )


@lru_cache(maxsize=2048)
def highlight_code(code: str, lang: str, line_numbers: bool = False) -> str:
    """A code block as Pygments HTML (`<div class="highlight">`), or plain when unknown."""
    name = lang.strip().split()[0] if lang.strip() else ""
    try:
        lexer = get_lexer_by_name(name, stripnl=False) if name else None
    except ClassNotFound:
        lexer = None
    if lexer is None:
        cls = f' class="language-{html.escape(name)}"' if name else ""
        return f"<pre><code{cls}>{html.escape(code)}</code></pre>\n"
    out: str = highlight(code, lexer, _formatter(line_numbers))
    return out


def _restore(text: str, env: Any) -> str:
    """Shortcodes inside code are not run: put their source text back."""
    literals = env.get("pb_literals") if isinstance(env, dict) else None
    if not literals or "pbsc" not in text:
        return text
    return PLACEHOLDER.sub(lambda m: literals.get(m.group(0), m.group(0)), text)


def highlight_options(code: str, lang: str, options: dict[str, Any]) -> str:
    """The `highlight` shortcode: Pygments with `linenos`, `hl_lines`, `linenostart`."""
    try:
        lexer = get_lexer_by_name(lang.strip(), stripnl=False) if lang.strip() else None
    except ClassNotFound:
        lexer = None
    if lexer is None:
        return highlight_code(code, lang)
    formatter = HtmlFormatter(
        cssclass="highlight",
        wrapcode=True,
        linenos=options.get("linenos") or False,
        hl_lines=options.get("hl_lines", []),
        linenostart=options.get("linenostart", 1),
    )
    out: str = highlight(code, lexer, formatter)
    return out


def _fence_rule(line_numbers: bool) -> Any:
    def render_fence(self: Any, tokens: list[Token], idx: int, options: Any, env: Any) -> str:
        token = tokens[idx]
        info = token.info.strip()
        lang = info.split()[0] if info else ""
        code = _restore(token.content, env)
        if lang == "mermaid":
            return mermaid_block(code)
        return code_frame(highlight_code(code, lang, line_numbers), lang)

    return render_fence


# -- code blocks: the language label, Mermaid diagrams --------------------------------------------

_HIGHLIGHT_DIV = '<div class="highlight">'
# an element with the class `mermaid` (a fence, the `mermaid` shortcode, raw HTML)
_DIAGRAM = re.compile(
    r"""<[a-z][a-z0-9]*\s[^>]*\bclass\s*=\s*["']?(?:[^"'>]*\s)?mermaid[\s"'>]""", re.I
)


def code_frame(highlighted: str, lang: str) -> str:
    """A fenced block in `<div class="highlight">` (also when Pygments does not know the
    language), with `data-lang` naming the language as written: the theme shows it as a label
    and its script puts a copy button on the block."""
    attr = f' data-lang="{html.escape(lang)}"' if lang else ""
    if highlighted.startswith(_HIGHLIGHT_DIV):
        return f'<div class="highlight"{attr}>' + highlighted[len(_HIGHLIGHT_DIV) :]
    return f'<div class="highlight"{attr}>{highlighted.rstrip()}</div>\n'


def mermaid_block(code: str) -> str:
    """A `mermaid` fence: the diagram's source as escaped text, readable as it is, which the
    theme's script draws."""
    return f'<pre class="mermaid">{html.escape(code.strip(chr(10)))}</pre>\n'


def has_diagrams(rendered: str) -> bool:
    """Whether rendered HTML has a Mermaid diagram (an element of class `mermaid`)."""
    return "mermaid" in rendered and _DIAGRAM.search(rendered) is not None


# -- heading anchors ------------------------------------------------------------------------------

ANCHOR_LEVELS = (2, 3, 4)
# the id of the element with the localized words of the anchors' names ("Link to this
# section"), which the page template provides; a heading id never has a colon
ANCHOR_LABEL_ID = "pb:anchor-label"
_ANCHOR = re.compile(
    r'<div class="anchored-heading">(<h[1-6][ >].*?</h[1-6]>)'
    r'<a class="header-anchor" [^>]*></a></div>',
    re.S,
)


def _mark_anchors(tokens: list[Token]) -> None:
    """Give each h2-h4 of a page body (with its id) an anchor link after it."""
    for i, token in enumerate(tokens):
        if token.type == "heading_open" and int(token.tag[1]) in ANCHOR_LEVELS:
            ident = str(token.attrs.get("id") or "")
            if ident and tokens[i + 2].type == "heading_close":
                token.meta["pb_anchor"] = ident
                tokens[i + 2].meta["pb_anchor"] = ident


def _heading_open(self: Any, tokens: list[Token], idx: int, options: Any, env: Any) -> str:
    out: str = self.renderToken(tokens, idx, options, env)
    return '<div class="anchored-heading">' + out if tokens[idx].meta.get("pb_anchor") else out


def _heading_close(self: Any, tokens: list[Token], idx: int, options: Any, env: Any) -> str:
    out: str = self.renderToken(tokens, idx, options, env)
    ident = tokens[idx].meta.get("pb_anchor")
    if not ident:
        return out
    ident = html.escape(ident)
    link = (
        f'<a class="header-anchor" href="#{ident}" aria-labelledby="{ANCHOR_LABEL_ID} {ident}"></a>'
    )
    return f"{out.rstrip()}{link}</div>\n"


def without_anchors(rendered: str) -> str:
    """A page body without its heading anchors (for a feed that shows whole pages)."""
    if "header-anchor" not in rendered:
        return rendered
    return _ANCHOR.sub(r"\1", rendered)


# -- emoji ----------------------------------------------------------------------------------------


def _emoji_rule(state: StateCore) -> None:
    """`:smile:` -> 😄 in text (GitHub's names, as Hugo's enableEmoji), never in code, raw
    HTML, link targets or the text of an autolink, nor after a backslash (`\\:smile:`)."""
    for token in state.tokens:
        if token.type == "inline" and token.children:
            _emojify(token.children)


def _emojify(children: list[Token]) -> None:
    autolink = False
    for child in children:
        if child.type == "link_open":
            autolink = child.markup == "autolink"
        elif child.type == "link_close":
            autolink = False
        elif child.type == "text" and not autolink and ":" in child.content:
            from emoji import emojize  # only for sites with `emoji: true` (18 ms to import)

            child.content = emojize(child.content, language="alias")
        elif child.type == "image" and child.children:  # its alt text
            _emojify(child.children)


def _code_block(self: Any, tokens: list[Token], idx: int, options: Any, env: Any) -> str:
    return f"<pre><code>{html.escape(_restore(tokens[idx].content, env))}</code></pre>\n"


def _code_inline(self: Any, tokens: list[Token], idx: int, options: Any, env: Any) -> str:
    token = tokens[idx]
    return f"<code{self.renderAttrs(token)}>{html.escape(_restore(token.content, env))}</code>"


@lru_cache(maxsize=8)
def parser(
    unsafe_html: bool, line_numbers: bool, emoji: bool = False, math: MathConfig | None = None
) -> MarkdownIt:
    """The Markdown parser (one per process and setting)."""
    md = MarkdownIt("commonmark", {"html": unsafe_html})
    md.add_render_rule("fence", _fence_rule(line_numbers))
    md.add_render_rule("code_block", _code_block)
    md.add_render_rule("code_inline", _code_inline)
    md.add_render_rule("heading_open", _heading_open)
    md.add_render_rule("heading_close", _heading_close)
    if emoji:  # before text_join: an escaped colon (`\\:smile:`) stays a separate token
        md.core.ruler.before("text_join", "pb_emoji", _emoji_rule)
        markup_fast.declare(md, ["pb_emoji"], _EMOJI_TRIGGER, needs=":")
    md.enable(["table", "strikethrough"])
    md.use(footnote_plugin).use(deflist_plugin).use(tasklists_plugin)
    allowed = None if unsafe_html else SAFE_ATTRIBUTES
    md.use(attrs_plugin, allowed=allowed).use(attrs_block_plugin, allowed=allowed)
    if math is not None and math.enabled:
        md.use(math_plugin, inline_dollar=math.inline_dollar)
        markup_fast.declare(md, _MATH_RULES, _MATH_TRIGGER, needs="$\\")
    return md


# Parsing: `markup_fast` (markdown-it-pyrs) gives markdown-it-py's tokens for most texts, much
# faster; markdown-it-py parses the rest. A plugin that adds parse rules to `parser` declares
# them there with `markup_fast.declare` (the text that may trigger them), or every text uses
# markdown-it-py; token passes after `_parse` and render rules work with both.
_EMOJI_TRIGGER = re.compile(r":[^\s:]+:")
_MATH_RULES = ("math_lines", "math_block", "amsmath", "math_inline", "math_inline_bracket")
_MATH_TRIGGER = re.compile(r"\$|\\(?:\(|\[|begin\{)")


def _parse(md: MarkdownIt, text: str, env: dict[str, Any]) -> list[Token]:
    """`md.parse(text, env)`, by markdown-it-pyrs where it gives the same tokens."""
    tokens = markup_fast.parse(md, text, env)
    return md.parse(text, env) if tokens is None else tokens


def heading_id(text: str) -> str:
    """A unicode-safe heading id like Hugo's: lower case, letters and digits kept, spaces -> -."""
    out: list[str] = []
    for ch in text.strip().lower():
        cat = unicodedata.category(ch)
        if cat[0] in {"L", "M"} or cat == "Nd" or ch in "-_":
            out.append(ch)
        elif ch.isspace():
            out.append("-")
    return "".join(out) or "section"


def _assign_ids(
    tokens: list[Token], cfg: MarkupConfig, plain: Callable[[str], str] = lambda t: t
) -> tuple[TocEntry, ...]:
    seen: dict[str, int] = {}
    toc: list[TocEntry] = []
    for i, token in enumerate(tokens):
        if token.type != "heading_open":
            continue
        inline = tokens[i + 1]
        _heading_attrs(token, inline)
        text = plain(
            "".join(c.content for c in inline.children or [] if c.type in _HEADING_TEXT)
        ).strip()
        ident = str(token.attrs.get("id") or heading_id(text))
        if ident in seen:
            seen[ident] += 1
            ident = f"{ident}-{seen[ident]}"
        else:
            seen[ident] = 0
        token.attrSet("id", ident)
        level = int(token.tag[1])
        if cfg.toc_start <= level <= cfg.toc_end:
            toc.append(TocEntry(level=level, id=ident, text=text))
    return tuple(toc)


def _heading_attrs(heading: Token, inline: Token) -> None:
    """Goldmark's `## Title {#id .class}`: set the attributes and drop the braces."""
    children = inline.children or []
    if not children or children[-1].type != "text":
        return
    match = _HEADING_ATTRS.search(children[-1].content)
    if match is None:
        return
    children[-1].content = children[-1].content[: match.start()]
    classes = []
    for part in match.group(1).split():
        if part.startswith("#"):
            heading.attrSet("id", part[1:])
        else:
            classes.append(part[1:])
    if classes:
        heading.attrSet("class", " ".join(classes))


def toc_html(toc: tuple[TocEntry, ...]) -> str:
    """Nested <ul> lists for the table of contents."""
    if not toc:
        return ""
    base = min(e.level for e in toc)
    out = ['<nav class="toc"><ul>']
    depth = 0
    first = True
    for entry in toc:
        level = entry.level - base
        if first:
            first = False
        elif level > depth:
            out.append("<ul>" * (level - depth))
        else:
            out.append("</li>")
            out.append("</ul></li>" * (depth - level))
        depth = max(level, 0)
        out.append(f'<li><a href="#{html.escape(entry.id)}">{html.escape(entry.text)}</a>')
    out.append("</li>" + "</ul></li>" * depth + "</ul></nav>")
    return "".join(out)


def plain_text(rendered: str) -> str:
    return _SPACE.sub(" ", _loose_text(rendered)).strip()


def _loose_text(rendered: str) -> str:
    """`plain_text` with its white space as it comes (enough to count words)."""
    return html.unescape(_TAG.sub("", _BLOCK_TAG.sub(" ", math_as_tex(rendered))))


def count_words(text: str, lang: str) -> int:
    return _words(text)[0]


def _words(text: str) -> tuple[int, int]:
    """Words (each CJK character one) and CJK characters."""
    if text.isascii() or _CJK.search(text) is None:
        return len(text.split()), 0
    cjk = len(_CJK.findall(text))
    return cjk + len(_CJK.sub(" ", text).split()), cjk


def reading_minutes(words: int, text: str) -> int:
    return _minutes(words, _words(text)[1])


def _minutes(words: int, cjk: int) -> int:
    minutes = (words - cjk) / 213 + cjk / 500
    return max(1, math.ceil(minutes)) if words else 0


def truncate_words(text: str, limit: int, lang: str) -> tuple[str, bool]:
    """The first `limit` words; for CJK text, about twice as many characters."""
    if is_cjk(lang):
        chars = limit * 2
        if len(text) <= chars:
            return text, False
        return text[:chars].rstrip() + "…", True
    words = text.split()
    if len(words) <= limit:
        return text, False
    return " ".join(words[:limit]) + " …", True


def render_markdown(
    source: str,
    lang: str,
    cfg: MarkupConfig,
    summary: str | None,
    summary_length: int,
    expander: Expander | None = None,
    base_path: str = "/",
    markup: str = "markdown",
) -> RenderedBody:
    """Render a page body. With an `expander`, shortcodes run (outside code) first.

    Markdown links and images to a site path (`/posts/x/`) get the base path in front. An
    `html` body (a `.html` content file) is kept as written when raw HTML is allowed."""
    md = parser(cfg.unsafe_html, cfg.line_numbers, cfg.emoji, cfg.math)
    failures: list[MathFailure] = []
    env: dict[str, Any] = {"pb_base_path": base_path, MATH_FAILURES: failures}
    as_html = markup == "html" and cfg.unsafe_html
    text, swapper = _swap_calls(md, env, source, expander, splice=not as_html)
    body_text = text.replace(MORE, "")  # an HTML comment; shown as text when raw HTML is off
    toc: tuple[TocEntry, ...] = ()
    if as_html:  # a `.html` content file: its HTML as written, no Markdown, no TOC
        raw_html = body_text
    else:
        tokens = _parse(md, body_text, env)
        rebase_links(tokens, base_path)
        toc = _assign_ids(tokens, cfg, swapper.plain if swapper else _no_placeholders)
        if cfg.anchors:
            _mark_anchors(tokens)
        raw_html = md.renderer.render(tokens, md.options, env)
    # words and reading time from the body's text (collapsing its white space only for an
    # automatic summary)
    loose = _loose_text(swapper.plain(raw_html, escape=True) if swapper else raw_html)
    words, cjk = _words(loose)
    body_html = swapper.substitute(raw_html) if swapper else raw_html
    if summary is not None:
        summary_html = render_rebased(md, summary, {}, base_path)
        plain = plain_text(summary_html)
        truncated = True
    elif MORE in text:
        head = text.split(MORE, 1)[0]
        head_html = head if as_html else render_rebased(md, head, dict(env), base_path)
        plain = plain_text(swapper.plain(head_html, escape=True) if swapper else head_html)
        summary_html = swapper.substitute(head_html) if swapper else head_html
        truncated = True
    else:
        plain, truncated = truncate_words(_SPACE.sub(" ", loose).strip(), summary_length, lang)
        summary_html = f"<p>{html.escape(plain)}</p>" if plain else ""
    if swapper is not None:
        swapper.check()
    return RenderedBody(
        html=body_html,
        toc=toc,
        summary_html=summary_html,
        truncated=truncated,
        plain_summary=plain,
        words=words,
        reading_time=_minutes(words, cjk),
        cards=tuple(expander.cards) if expander is not None else (),
        diagrams=has_diagrams(body_html),
        warnings=math_warnings(failures, source, expander),
    )


def math_warnings(
    failures: list[MathFailure], source: str, expander: Expander | None
) -> tuple[Warning_, ...]:
    """A warning for each formula that did not convert (once, though a summary renders it
    again), at its line in the content file when the page is known (through `expander`)."""
    out: list[Warning_] = []
    seen: set[tuple[int, str]] = set()
    for failure in sorted(failures, key=lambda f: f.line):
        if (failure.line, failure.tex) in seen:
            continue
        seen.add((failure.line, failure.tex))
        pos = expander.pos(_math_offset(source, failure)) if expander is not None else None
        tex = failure.tex.split("\n")[0]
        tex = tex if len(tex) <= 60 and "\n" not in failure.tex else tex[:60] + " …"
        message = f"TeX that does not convert ({failure.message}), shown as code: {tex}"
        out.append(Warning_(message, pos))
    return tuple(out)


def _math_offset(source: str, failure: MathFailure) -> int:
    """Where a formula is in the body: the occurrence of its TeX (or of its first line) nearest
    to the line the Markdown parser saw it on (shortcodes may have shifted lines), else that
    line."""
    for needle in dict.fromkeys([failure.tex, failure.tex.split("\n")[0].strip()]):
        starts = [m.start() for m in re.finditer(re.escape(needle), source)] if needle else []
        if starts:
            return min(starts, key=lambda at: abs(source.count("\n", 0, at) - failure.line))
    lines = source.split("\n")[: failure.line]
    return min(sum(len(line) + 1 for line in lines), len(source))


def body_warnings(bodies: Iterable[RenderedBody]) -> list[Warning_]:
    """The warnings of rendered bodies, in the order given (for the build's warnings)."""
    return [warning for body in bodies for warning in body.warnings]


def _swap_calls(
    md: MarkdownIt, env: dict[str, Any], source: str, expander: Expander | None, splice: bool
) -> tuple[str, _Swapper | None]:
    """The body with its calls swapped for placeholders (and, with `splice`, the output of
    top-level `{{% %}}` calls put in as Markdown), and the swapper that puts them back."""
    if expander is None or not has_shortcodes(source):
        return source, None
    try:
        nodes = _parse_calls(source)
    except ShortcodeSyntaxError as exc:
        raise ShortcodeError(exc.message, expander.pos(exc.offset)) from None
    swapper = _Swapper(md, env, expander, source)
    expander.render_fragment = swapper.fragment
    expander.number(nodes)
    text = swapper.swap(nodes)
    if splice and swapper.splicing:
        text = swapper.splice(text)
    return text, swapper


def markdownify(text: str, cfg: MarkupConfig) -> str:
    """Hugo's `markdownify` for templates: the text as Markdown with the site's settings, and
    the `<p>` around a single paragraph dropped (Hugo's TrimShortHTML)."""
    md = parser(cfg.unsafe_html, cfg.line_numbers, cfg.emoji, cfg.math)
    env: dict[str, Any] = {}
    out: str = md.renderer.render(_parse(md, text, env), md.options, env).strip()
    if out.startswith("<p>") and out.endswith("</p>") and out.count("<p>") == 1:
        out = out[3:-4]
    return out


def rebase_links(tokens: list[Token], base_path: str) -> None:
    """Put the base path in front of Markdown link and image targets that are site paths
    (`/posts/x/` -> `/blog/posts/x/`); targets that already start with it are left alone."""
    if base_path in {"", "/"}:
        return
    prefix = base_path.rstrip("/")
    for token in tokens:
        for child in token.children or ():
            attr = "href" if child.type == "link_open" else "src" if child.type == "image" else ""
            value = str(child.attrs.get(attr, "")) if attr else ""
            site_path = value.startswith("/") and not value.startswith("//")
            if site_path and not (value + "/").startswith(base_path):
                child.attrSet(attr, prefix + value)


def render_rebased(md: MarkdownIt, text: str, env: dict[str, Any], base_path: str) -> str:
    """`md.render` with `rebase_links` applied."""
    tokens = _parse(md, text, env)
    rebase_links(tokens, base_path)
    out: str = md.renderer.render(tokens, md.options, env)
    return out


_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})[^\n]*\n(.*?)^ {0,3}\1[`~]*[ \t]*$", re.M | re.S)


def _parse_calls(source: str) -> list[Node]:
    """Shortcode nodes of a body. Broken shortcode syntax inside a fenced code block (which is
    never expanded) is not an error: that block is blanked for the parse and kept as text."""
    masked = source
    fences = (
        [m.span(2) for m in _FENCE.finditer(source)] if "```" in source or "~~~" in source else []
    )
    while True:
        try:
            nodes = parse_shortcodes(masked)
        except ShortcodeSyntaxError as exc:
            span = next((s for s in fences if s[0] <= exc.offset < s[1]), None)
            if span is None:
                raise
            fences.remove(span)
            start, end = span
            masked = masked[:start] + re.sub(r"[^\n]", " ", masked[start:end]) + masked[end:]
            continue
        return nodes if masked is source else _restore_text(nodes, source)


def _restore_text(nodes: list[Node], source: str) -> list[Node]:
    out: list[Node] = []
    for node in nodes:
        if isinstance(node, Text):
            out.append(Text(source[node.start : node.start + len(node.text)], node.start))
        else:
            if isinstance(node, Call) and node.inner is not None:
                node.inner = _restore_text(node.inner, source)
            out.append(node)
    return out


@dataclass(slots=True)
class _Open:
    """An element open at some point of the rendered HTML: its name, its start tag, the index
    of that tag in the output being built, and whether `place_blocks` opened it again."""

    name: str
    tag: str
    at: int
    reopened: bool = False


def place_blocks(rendered: str, outputs: dict[str, str]) -> str:
    """Substitute placeholders; where a block-level output lands inside a paragraph, heading
    or inline element, close those elements before it and reopen them after it, so the HTML
    stays valid (`<p>a </p><aside>…</aside><p> b</p>`, not `<p>a <aside>…</aside> b</p>`).
    Elements left empty by the split are dropped; a reopened element does not repeat its id."""
    out: list[str] = []
    stack: list[_Open] = []
    pos = 0
    for match in _HTML_TOKEN.finditer(rendered):
        out.append(rendered[pos : match.start()])
        pos = match.end()
        token = match.group(0)
        if match.group(3) is None and not token.startswith("<"):  # a placeholder in text
            _place(out, stack, outputs.get(token, token))
            continue
        token = PLACEHOLDER.sub(lambda m: outputs.get(m.group(0), m.group(0)), token)
        name = (match.group(3) or "").lower()
        if not name or token.startswith("<!--") or match.group(1):
            out.append(token)  # a comment, or a script or style element as a whole
        elif match.group(2):
            _close(out, stack, name, token)
        else:
            out.append(token)
            if name not in _VOID and not token.endswith("/>"):
                stack.append(_Open(name, token, len(out) - 1))
    out.append(rendered[pos:])
    return "".join(out)


def _place(out: list[str], stack: list[_Open], value: str) -> None:
    first = next((i for i, e in enumerate(stack) if e.name in _PHRASING_ONLY), None)
    if first is None or not _BLOCK_OUTPUT.search(value):
        out.append(value)
        return
    opened = stack[first:]
    start = opened[0].at
    tags = {e.at for e in opened}
    if all(i in tags or not out[i].strip() for i in range(start, len(out))):
        del out[start:]  # nothing before the block in these elements: drop them
    else:
        out.append("".join(f"</{e.name}>" for e in reversed(opened)))
    out.append(value)
    reopened = []
    for entry in opened:
        out.append(_ID_ATTR.sub("", entry.tag, count=1))
        reopened.append(_Open(entry.name, entry.tag, len(out) - 1, reopened=True))
    stack[first:] = reopened


def _close(out: list[str], stack: list[_Open], name: str, token: str) -> None:
    index = next((i for i in range(len(stack) - 1, -1, -1) if stack[i].name == name), None)
    if index is None:
        out.append(token)  # an end tag without its start: kept as written
        return
    popped = stack[index:]
    del stack[index:]
    entry = popped[0]
    tags = {e.at for e in popped if e.reopened}
    if entry.reopened and all(i in tags or not out[i].strip() for i in range(entry.at, len(out))):
        del out[entry.at :]  # reopened after a block but nothing followed: drop it
    else:
        out.append(token)


def _no_placeholders(text: str) -> str:
    return text


class _Swapper:
    """Replaces calls and escapes by alphanumeric placeholders that Markdown leaves alone, then
    puts each call's output back (calls inside code are restored as source text instead)."""

    def __init__(
        self, md: MarkdownIt, env: dict[str, Any], expander: Expander, source: str
    ) -> None:
        self.md = md
        self.env = env
        self.expander = expander
        self.nonce = hashlib.sha1(source.encode(), usedforsecurity=False).hexdigest()[:8]
        self.counter = itertools.count()
        self.calls: dict[str, Call] = {}
        self.literals: dict[str, str] = {}
        self.done: dict[str, str] = {}
        self.splicing: list[str] = []  # placeholders of calls whose output is Markdown
        self.errors: list[ShortcodeError] = []  # calls that failed, in the order they ran
        env["pb_literals"] = self.literals

    def swap(self, nodes: list[Node]) -> str:
        parts: list[str] = []
        for node in nodes:
            if isinstance(node, Text):
                parts.append(node.text)
                continue
            key = f"pbsc{self.nonce}n{next(self.counter)}e"
            self.literals[key] = self.expander.literal(node)
            if isinstance(node, Call):
                self.calls[key] = node
                if self.expander.splices(node):
                    self.splicing.append(key)
            parts.append(key)
        return "".join(parts)

    def splice(self, text: str) -> str:
        """Put the output of top-level `{{% %}}` calls into the Markdown (Hugo reads it with the
        text around it), except calls inside code, which stay as their source. A first parse
        finds code and collects the page's reference links for inner content."""
        in_code: set[str] = set()
        probe: dict[str, Any] = {"pb_literals": self.literals}
        tokens = _parse(self.md, text, probe)
        self.env["references"] = dict(probe.get("references", {}))
        for token in tokens:
            for tok in [token, *(token.children or ())]:
                if tok.type in {"fence", "code_block", "code_inline"} and "pbsc" in tok.content:
                    in_code.update(PLACEHOLDER.findall(tok.content))
        for key in self.splicing:
            if key not in in_code:
                text = text.replace(key, self.output(key), 1)
        return text

    def output(self, key: str) -> str:
        if key not in self.done:
            call = self.calls.get(key)
            if call is None:
                self.done[key] = html.escape(self.literals.get(key, key))
            else:
                try:
                    self.done[key] = self.expander.output(call)
                except ShortcodeError as exc:  # go on: report every broken call of the page
                    self.errors.append(exc)
                    self.errors += self._unknown_inside(call, exc)
                    self.done[key] = ""
        return self.done[key]

    def _unknown_inside(self, call: Call, reported: ShortcodeError) -> list[ShortcodeError]:
        """The unknown shortcodes nested in a failed call (nested calls always run, code or
        not), besides the error it stopped at."""
        out: list[ShortcodeError] = []
        known = self.expander.templates.names()
        stack = list(call.inner or ())
        while stack:
            node = stack.pop()
            if not isinstance(node, Call):
                continue
            stack += node.inner or ()
            if node.name in known or node.name.endswith(".inline"):
                continue
            try:
                self.expander.run(node)
            except ShortcodeError as exc:
                if exc.pos != reported.pos:
                    out.append(exc)
        return out

    def check(self) -> None:
        """Raise the errors of every call that failed (one page's calls are all reported)."""
        if len(self.errors) == 1:
            raise self.errors[0]
        if self.errors:
            key = lambda e: (e.pos.line, e.pos.col) if e.pos else (0, 0)  # noqa: E731
            raise ErrorList(sorted(self.errors, key=key))

    def plain(self, text: str, escape: bool = False) -> str:
        """Text for summaries, word counts and heading ids: escapes as written, calls dropped
        (`escape` when `text` is HTML)."""
        if "pbsc" not in text:
            return text

        def literal(match: re.Match[str]) -> str:
            key = match.group(0)
            value = "" if key in self.calls else self.literals.get(key, "")
            return html.escape(value) if escape else value

        return PLACEHOLDER.sub(literal, text)

    def substitute(self, rendered: str) -> str:
        """Put each call's output in place of its placeholder. A call alone in a paragraph
        replaces the paragraph; block output in the middle of one closes and reopens it."""
        if "pbsc" not in rendered:
            return rendered
        rendered = _BLOCK_PLACEHOLDER.sub(lambda m: self.output(m.group(1)) + "\n", rendered)
        outputs = {key: self.output(key) for key in PLACEHOLDER.findall(rendered)}
        if not any(_BLOCK_OUTPUT.search(value) for value in outputs.values()):
            return PLACEHOLDER.sub(lambda m: outputs[m.group(0)], rendered)
        return place_blocks(rendered, outputs)

    def fragment(self, nodes: list[Node], raw: str) -> str:
        """A call's inner Markdown, rendered in the page's context (its reference links)."""
        text = self.swap(nodes)
        env = {"pb_literals": self.literals, "references": self.env.get("references", {})}
        env[MATH_FAILURES] = self.env.get(MATH_FAILURES)
        base_path = str(self.env.get("pb_base_path", "/"))
        return self.substitute(render_rebased(self.md, text, env, base_path))
