"""Run parsed shortcode calls: built-in rules, page lookups (article, ref), then the template.

`shortcodes` never imports `render`: templates run through the `ShortcodeTemplates` protocol.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from polyblog.errors import BlogError, ShortcodeError, SourcePos
from polyblog.shortcodes.builtins import BUILTINS, ArgError, normalise
from polyblog.shortcodes.parse import Call, Literal, Node, Text
from polyblog.site import Page, PageKey, PageKind, Site
from polyblog.urls import absolute, clean_path, site_url


class ShortcodeTemplates(Protocol):
    """What the expander needs from the template layer."""

    def names(self) -> frozenset[str]: ...

    def render(self, name: str, context: dict[str, Any], lang: str) -> str: ...


@dataclass(frozen=True, slots=True)
class DeferredCard:
    """An `article` card left as `marker` in the body: it is rendered when pages are, once every
    body (and so the linked page's summary and reading time) exists."""

    marker: str
    target: PageKey
    context: dict[str, Any]


@dataclass(slots=True)
class Expander:
    """Expands the calls of one page's body. `render_fragment` renders Markdown (with the
    page's reference links) and expands nested calls through this expander."""

    site: Site
    page: Page
    body: str
    body_line: int
    templates: ShortcodeTemplates
    render_fragment: Callable[[list[Node], str], str]
    highlight: Callable[[str, str, dict[str, Any]], str]
    parents: list[dict[str, Any]] = field(default_factory=list)
    cards: list[DeferredCard] = field(default_factory=list)
    # lookups of other pages, so an incremental rebuild knows when to expand again:
    # ("path", site path), ("logical", "lang:content path"), ("m", page key)
    reads: set[tuple[str, str]] = field(default_factory=set)

    def pos(self, offset: int) -> SourcePos:
        src = self.page.source
        path = src.path if src else self.page.path
        line = self.body_line + self.body.count("\n", 0, offset)
        col = offset - (self.body.rfind("\n", 0, offset) + 1) + 1
        return SourcePos(path, line, col)

    def literal(self, node: Literal | Call) -> str:
        if isinstance(node, Literal):
            return node.text
        return self.body[node.start : node.end]

    def run(self, call: Call, parent: dict[str, Any] | None = None) -> str:
        name = call.name
        available = self.templates.names()
        if name not in available:
            close = difflib.get_close_matches(name, sorted(available), n=3, cutoff=0.6)
            hint = f" (did you mean {', '.join(close)}?)" if close else ""
            raise ShortcodeError(f"unknown shortcode {name!r}{hint}", self.pos(call.start))
        spec = BUILTINS.get(name)
        if (
            spec is not None
            and spec.requires_inner
            and call.inner is None
            and not call.self_closing
        ):
            raise ShortcodeError(
                f"shortcode {name!r} is never closed (expected {{{{< /{name} >}}}})",
                self.pos(call.start),
            )
        try:
            values = normalise(name, call.args, call.kwargs) if spec else dict(call.kwargs)
        except ArgError as exc:
            raise ShortcodeError(f"{name}: {exc}", self.pos(call.start)) from None
        inner_raw = self.body[call.inner_start : call.inner_end] if call.inner is not None else ""
        this = {
            "name": name,
            "args": list(call.args),
            "kwargs": dict(call.kwargs),
            "parent": parent,
        }
        inner_html = ""
        if name == "highlight" and call.inner is not None:
            inner_raw = "".join(
                n.text if isinstance(n, Text | Literal) else self.literal(n) for n in call.inner
            )
        elif call.inner is not None and inner_raw.strip():
            self.parents.append(this)
            try:
                inner_html = self.render_fragment(call.inner, inner_raw)
            finally:
                self.parents.pop()
        context: dict[str, Any] = {
            "name": name,
            "args": list(call.args),
            "kwargs": values,
            "inner": inner_raw,
            "inner_html": inner_html,
            "is_markdown": call.markdown,
            "parent": parent,
            "page": self.page_info(self.page),
            "lang": self.page.lang,
            "position": str(self.pos(call.start)),
        }
        try:
            self._special(name, values, context, inner_raw, call)
            if name == "article":
                marker = f"<!--pbcard:{len(self.cards)}:{self.page.key}-->"
                self.cards.append(DeferredCard(marker, context["target"]["key"], context))
                return marker
            return self.templates.render(name, context, self.page.lang)
        except ArgError as exc:
            raise ShortcodeError(f"{name}: {exc}", self.pos(call.start)) from None
        except ShortcodeError:
            raise
        except BlogError as exc:
            raise ShortcodeError(f"in shortcode {name!r}: {exc}", self.pos(call.start)) from None

    def _special(
        self, name: str, values: dict[str, Any], context: dict[str, Any], inner: str, call: Call
    ) -> None:
        if name == "article":
            target = self.resolve(str(values["link"]))
            if target is None:
                raise ArgError(f"link {values['link']!r} matches no page")
            target = self.translated(target)
            context["target"] = {**self.page_info(target), "key": target.key}
        elif name in {"ref", "relref"}:
            path = str(values.get("path", ""))
            anchor = ""
            if "#" in path:
                path, anchor = path.split("#", 1)
                anchor = "#" + anchor
            target = self.resolve(path) if path else self.page
            if target is None:
                raise ArgError(f"{path!r} matches no page")
            target = self.translated(target)
            url = (
                absolute(self.site.config.base_url, target.path)
                if name == "ref"
                else site_url(self.site.config.base_path, target.path)
            )
            context["url"] = url + anchor
        elif name == "figure":
            context["src_url"] = self.resource_url(str(values["src"]))
            if values.get("link"):
                context["link_url"] = self.resource_url(str(values["link"]))
        elif name == "highlight":
            options = _options(str(values.get("options", "")))
            context["highlighted"] = self.highlight(
                inner.strip("\n") + "\n", str(values.get("lang", "")), options
            )
        elif name == "param":
            key = str(values.get("name", ""))
            src = self.page.source
            value = src.params.get(key) if src else None
            if value is None and src is not None:
                value = {
                    "title": src.title,
                    "description": src.description,
                    "summary": src.summary,
                    "slug": src.slug,
                }.get(key.lower()) or None
            if value is None:
                value = self.site.config.language(self.page.lang).params.get(key)
            context["value"] = "" if value is None else value
        del call

    def resource_url(self, value: str) -> str:
        if value.startswith(("http://", "https://")):
            return value
        if value.startswith("/"):
            return site_url(self.site.config.base_path, value)
        return site_url(self.site.config.base_path, self.page.path + value)

    def resolve(self, link: str) -> Page | None:
        """A page by URL (`/posts/x/`, with or without language prefix) or content path."""
        site = self.site
        base = site.config.base_path
        link = link.split("?", 1)[0]
        if link.startswith(("http://", "https://")):
            prefix = site.config.base_url
            if not link.startswith(prefix):
                return None
            link = "/" + link[len(prefix) :]
        elif base != "/" and link.startswith(base):
            link = "/" + link[len(base) :]
        candidates: list[str] = []
        if not link.endswith(".md"):
            path = clean_path(link)
            lang = self.page.lang
            prefix = "" if lang == site.config.default_language else f"/{lang}"
            candidates += [prefix + path, path] if prefix else [path]
        for candidate in candidates:
            self.reads.add(("path", candidate))
            key = site.by_path.get(candidate)
            if key is not None:
                return site.pages[key]
        logical = link.strip("/")
        if logical:
            options = (
                [logical]
                if logical.endswith(".md")
                else [f"{logical}/index.md", f"{logical}.md", f"{logical}/_index.md"]
            )
            for lang in (self.page.lang, site.config.default_language):
                for option in options:
                    self.reads.add(("logical", f"{lang}:{option}"))
                    key = site.by_logical.get((lang, option))
                    if key is not None:
                        return site.pages[key]
        return None

    def translated(self, target: Page) -> Page:
        self.reads.add(("m", target.key))
        if target.lang == self.page.lang:
            return target
        for key in target.translations:
            other = self.site.pages[key]
            if other.lang == self.page.lang:
                return other
        return target

    def page_info(self, page: Page) -> dict[str, Any]:
        self.reads.add(("m", page.key))
        config = self.site.config
        src = page.source
        resources = {
            out[len(page.path) :]: site_url(config.base_path, out) for _res, out in page.resources
        }
        cover = next(
            (
                url
                for name, url in sorted(resources.items())
                if name.lower().startswith(("featured", "cover", "thumbnail"))
            ),
            None,
        )
        return {
            "title": page.title,
            "url": site_url(config.base_path, page.path),
            "permalink": absolute(config.base_url, page.path),
            "lang": page.lang,
            "date": page.date,
            "section": page.section,
            "params": dict(src.params) if src else {},
            "description": src.description if src else "",
            "resources": resources,
            "cover": cover,
            "kind": page.kind.value,
            "is_page": page.kind is PageKind.PAGE,
        }


def _options(text: str) -> dict[str, Any]:
    """Hugo's highlight options: `linenos=table,hl_lines=2 3,linenostart=10`."""
    out: dict[str, Any] = {}
    for part in text.split(","):
        if "=" not in part:
            continue
        key, value = (s.strip() for s in part.split("=", 1))
        if key == "hl_lines":
            lines: list[int] = []
            for piece in value.split():
                if "-" in piece:
                    a, b = piece.split("-", 1)
                    if a.isdigit() and b.isdigit() and len(lines) < 1000:
                        lines += range(int(a), min(int(b), int(a) + 1000) + 1)
                elif piece.isdigit():
                    lines.append(int(piece))
            out["hl_lines"] = lines[:1000]
        elif key == "linenos":
            out["linenos"] = value in {"table", "inline", "true"} and value
        elif key == "linenostart" and value.isdigit():
            out["linenostart"] = int(value)
    return out
