"""Run parsed shortcode calls: built-in rules, page lookups (article, ref), then the template.

`shortcodes` never imports `render`: templates run through the `ShortcodeTemplates` protocol.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from markupsafe import Markup, escape

from polyblog.content.resources import GlobError
from polyblog.errors import BlogError, ShortcodeError, SourcePos
from polyblog.shortcodes.builtins import BUILTINS, ArgError, normalise
from polyblog.shortcodes.parse import Call, Literal, Node, Text
from polyblog.site import Page, PageKey, PageKind, Site
from polyblog.site.covers import cover
from polyblog.site.lookup import AmbiguousRef, get_page
from polyblog.site.resources import resource_by_name
from polyblog.urls import absolute, clean_path, lang_prefix, site_url

_ONE_PARAGRAPH = re.compile(r"<p>(.*)</p>\n?", re.S)


class ShortcodeTemplates(Protocol):
    """What the expander needs from the template layer."""

    def names(self) -> frozenset[str]: ...

    def render(self, name: str, context: dict[str, Any], lang: str) -> str: ...

    def is_builtin(self, name: str) -> bool: ...

    def variables(self, name: str) -> frozenset[str]: ...


@dataclass(frozen=True)
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
    outputs: dict[int, str] = field(default_factory=dict)  # call offset -> its output
    ordinals: dict[int, int] = field(default_factory=dict)  # call offset -> place among siblings
    infos: dict[PageKey, dict[str, Any]] = field(default_factory=dict)  # `page_info`, made once

    def number(self, nodes: list[Node]) -> None:
        """Hugo's `.Ordinal`: a call's 0-based place among the calls beside it."""
        calls = (n for n in nodes if isinstance(n, Call))
        for i, call in enumerate(calls):
            self.ordinals.setdefault(call.start, i)

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

    def output(self, call: Call) -> str:
        """A call's output, rendered once: nested calls are reached both through their
        parent's `inner` and its `inner_html`."""
        done = self.outputs.get(call.start)
        if done is None:
            done = self.run(call, self.parents[-1] if self.parents else None)
            self.outputs[call.start] = done
        return done

    def builtin(self, name: str) -> bool:
        """Whether `name` runs polyblog's own template (a site's or theme's template of the
        same name replaces the built-in entirely, argument rules included)."""
        return name in BUILTINS and self.templates.is_builtin(name)

    def splices(self, call: Call) -> bool:
        """Whether a top-level `{{% %}}` call's output is read as Markdown with the text around
        it (Hugo). Built-ins and templates that render `inner_html` themselves give finished
        HTML; with raw HTML off, the output is kept as HTML too (Hugo would drop it)."""
        return (
            call.markdown
            and not self.parents
            and self.site.config.markup.unsafe_html
            and call.name in self.templates.names()
            and not self.templates.is_builtin(call.name)
            and "inner_html" not in self.templates.variables(call.name)
        )

    def run(self, call: Call, parent: dict[str, Any] | None = None) -> str:
        name = call.name
        if name.endswith(".inline"):
            return ""  # Hugo's inline shortcodes: off by default there, never run here
        available = self.templates.names()
        if name not in available:
            close = difflib.get_close_matches(name, sorted(available), n=3, cutoff=0.6)
            hint = f" (did you mean {', '.join(close)}?)" if close else ""
            raise ShortcodeError(f"unknown shortcode {name!r}{hint}", self.pos(call.start))
        spec = BUILTINS.get(name) if self.builtin(name) else None
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
        source = self.body[call.inner_start : call.inner_end] if call.inner is not None else ""
        this = {
            "name": name,
            "args": list(call.args),
            "kwargs": dict(call.kwargs),
            "parent": parent,
        }
        inner, inner_html = self._inner(call, this, spec is not None)
        context: dict[str, Any] = {
            "name": name,
            "args": list(call.args),
            "kwargs": values,
            "inner": inner,
            "inner_source": source,
            "inner_html": inner_html,
            "is_markdown": call.markdown,
            "parent": parent,
            "ordinal": self.ordinals.get(call.start, 0),
            "page": self.page_info(self.page),
            "lang": self.page.lang,
            "position": str(self.pos(call.start)),
        }
        try:
            self._special(name if spec else "", values, context, str(inner), call)
            if name == "article" and spec is not None:
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

    def _inner(self, call: Call, this: dict[str, Any], builtin: bool) -> tuple[Markup, str]:
        """Hugo's `.Inner` (the inner text with nested calls replaced by their output) and the
        inner content rendered as Markdown (`inner_html`)."""
        if call.inner is None:
            return Markup(""), ""
        source = self.body[call.inner_start : call.inner_end]
        if builtin and call.name == "highlight":
            code = "".join(
                n.text if isinstance(n, Text | Literal) else self.literal(n) for n in call.inner
            )
            return Markup(code), ""
        unsafe = self.site.config.markup.unsafe_html
        as_markdown = call.markdown and (bool(self.parents) or not self.splices(call))
        self.number(call.inner)
        self.parents.append(this)
        try:
            parts: list[str] = []
            for node in call.inner:
                if isinstance(node, Call):
                    parts.append(self.output(node))
                else:
                    parts.append(node.text if unsafe else str(escape(node.text)))
            inner = Markup("".join(parts))
            wanted = as_markdown or "inner_html" in self.templates.variables(call.name)
            rendered = wanted and bool(source.strip())
            inner_html = self.render_fragment(call.inner, source) if rendered else ""
        finally:
            self.parents.pop()
        if as_markdown:
            # Hugo renders a nested (or, here, unspliced) `{{% %}}` call's inner as Markdown,
            # without the <p> around a single line
            single = "\n" not in inner
            match = _ONE_PARAGRAPH.fullmatch(inner_html) if single else None
            inner = Markup(match.group(1) if match else inner_html)
        return inner, inner_html

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
            lang = str(values.get("lang") or self.page.lang)
            target = self.resolve(path, lang) if path else self.page
            if target is None:
                raise ArgError(f"{path!r} matches no page")
            target = self.translated(target, lang)
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
            value = self.page.params.get(key) if src else None
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
        """An image or link target: a URL as written, or a page resource found by its name
        (front-matter `resources: [{src: chart.png, name: chart}]` makes `chart` work), as
        `.Resources.GetMatch` finds it; else a path beside the page."""
        if value.startswith(("http://", "https://")):
            return value
        if value.startswith("/"):
            return site_url(self.site.config.base_path, value)
        try:
            found = resource_by_name(self.page, value)
        except GlobError:
            found = None
        if found is not None:
            return site_url(self.site.config.base_path, found)
        return site_url(self.site.config.base_path, self.page.path + value)

    def resolve(self, link: str, lang: str = "") -> Page | None:
        """A page by content path as Hugo's `ref` finds it (relative to this page, from the
        content root, then a unique base name), else by URL (`/posts/x/`, with or without the
        language prefix), in `lang` and then in the default language."""
        site = self.site
        config = site.config
        lang = lang or self.page.lang
        link = link.split("?", 1)[0]
        if link.startswith(("http://", "https://")):
            if not link.startswith(config.base_url):
                return None
            link = "/" + link[len(config.base_url) :]
        elif config.base_path != "/" and link.startswith(config.base_path):
            link = "/" + link[len(config.base_path) :]
        for option in dict.fromkeys((lang, config.default_language)):
            try:
                found = get_page(site, option, link, self.page, self.reads)
            except AmbiguousRef as exc:
                listed = ", ".join(exc.candidates)
                raise ArgError(f"{exc.ref!r} is ambiguous: it could be {listed}") from None
            if found is not None:
                return found
        path = clean_path(link)
        prefix = lang_prefix(lang, config.default_language, config.default_language_in_subdir)
        for candidate in dict.fromkeys((f"/{prefix}{path}" if prefix else path, path)):
            self.reads.add(("path", candidate))
            key = site.by_path.get(candidate)
            if key is not None:
                return site.pages[key]
        return None

    def translated(self, target: Page, lang: str = "") -> Page:
        lang = lang or self.page.lang
        self.reads.add(("m", target.key))
        if target.lang == lang:
            return target
        for key in target.translations:
            other = self.site.pages[key]
            if other.lang == lang:
                return other
        return target

    def page_info(self, page: Page) -> dict[str, Any]:
        """What shortcode templates see of a page (made once per page and expander; each call
        gets its own copy)."""
        self.reads.add(("m", page.key))
        info = self.infos.get(page.key)
        if info is None:
            info = self.infos[page.key] = self._page_info(page)
        return {**info, "params": dict(info["params"]), "resources": dict(info["resources"])}

    def _page_info(self, page: Page) -> dict[str, Any]:
        config = self.site.config
        src = page.source
        resources = {
            out[len(page.path) :]: site_url(config.base_path, out) for _res, out in page.resources
        }
        image = cover(page)
        return {
            "title": page.title,
            "url": site_url(config.base_path, page.path),
            "permalink": absolute(config.base_url, page.path),
            "lang": page.lang,
            "date": page.date,
            "section": page.section,
            "params": dict(page.params),
            "description": src.description if src else "",
            "resources": resources,
            "cover": site_url(config.base_path, image) if image else None,
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
