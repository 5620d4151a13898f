"""Markdown parity for tests: markdown-it-py's parse against `markup_fast`'s on one text."""

from __future__ import annotations

from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token

from polyblog import markup_fast

FIELDS = ("type", "tag", "nesting", "attrs", "level", "content", "markup", "info", "meta")
FIELDS += ("block", "hidden")


def difference(ref: list[Token], fast: list[Token], path: str = "") -> str:
    if len(ref) != len(fast):
        return f"{path}: {[t.type for t in ref]} != {[t.type for t in fast]}"
    for i, (a, b) in enumerate(zip(ref, fast, strict=True)):
        for name in FIELDS:
            if getattr(a, name) != getattr(b, name):
                return f"{path}[{i}] {a.type}.{name}: {getattr(a, name)!r} != {getattr(b, name)!r}"
        found = difference(a.children or [], b.children or [], f"{path}[{i}]")
        if found:
            return found
    return ""


def compare(md: MarkdownIt, text: str, env: dict[str, Any] | None = None) -> str | None:
    """None if the fast parse gave markdown-it-py's tokens, env and HTML; the reason it was
    not used; or raises AssertionError on a difference."""
    ref_env = dict(env or {})
    fast_env = dict(env or {})
    ref = md.parse(text, ref_env)
    fast = markup_fast.attempt(md, text, fast_env)
    if isinstance(fast, str):
        assert fast_env == (env or {}), "a fallback left something in env"
        return fast
    assert not difference(ref, fast), difference(ref, fast) + f"\nin {text[:300]!r}"
    assert ref_env.get("references") == fast_env.get("references")
    notes = [(e.get("footnotes") or {}).get("list") or None for e in (ref_env, fast_env)]
    assert notes[0] == notes[1]
    html = md.renderer.render(ref, md.options, ref_env)
    assert html == md.renderer.render(fast, md.options, fast_env)
    return None
