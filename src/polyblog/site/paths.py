"""Where each kind of page lives: Hugo's URL rules for pages, sections, taxonomies and terms."""

from __future__ import annotations

import unicodedata

from polyblog.config import Config
from polyblog.content.model import SourcePage
from polyblog.errors import ContentError, SourcePos
from polyblog.urls import (
    MAX_SEGMENT_BYTES,
    clean_path,
    expand_permalink,
    has_dot_segments,
    join,
    lang_prefix,
    long_segment,
    urlize,
)


class PathRules:
    def __init__(self, config: Config) -> None:
        self.config = config
        self.lower = not config.disable_path_to_lower
        self.accents = config.remove_path_accents

    def prefix(self, lang: str) -> str:
        c = self.config
        return lang_prefix(lang, c.default_language, c.default_language_in_subdir)

    def seg(self, text: str) -> str:
        return urlize(text, self.lower, self.accents)

    def home(self, lang: str) -> str:
        return join(self.prefix(lang))

    def section(self, lang: str, folder: str) -> str:
        return join(self.prefix(lang), *(self.seg(s) for s in folder.split("/")))

    def taxonomy(self, lang: str, taxonomy: str) -> str:
        return join(self.prefix(lang), self.seg(taxonomy))

    def term_key(self, term: str) -> str:
        return urlize(term, self.lower, self.accents)

    def term(self, lang: str, taxonomy: str, key: str) -> str:
        return join(self.prefix(lang), self.seg(taxonomy), key)

    def not_found(self, lang: str) -> str:
        prefix = self.prefix(lang)
        return f"/{prefix}/404.html" if prefix else "/404.html"

    def pager(self, list_path: str, number: int) -> str:
        return (
            list_path if number == 1 else join(list_path, self.config.pagination_path, str(number))
        )

    def user_path(self, value: str, src: SourcePage, key: str) -> str:
        """A `url` or alias from front matter; `..` segments are an error naming the line."""
        if any(unicodedata.category(ch) == "Cc" for ch in value):
            raise ContentError(
                f"{key}: {value!r} must not contain control characters",
                SourcePos(src.path, src.key_lines.get(key, 0)),
            )
        if has_dot_segments(value) or "\\" in value:
            raise ContentError(
                f"{key}: {value!r} must not contain '..', '.' or '\\' segments",
                SourcePos(src.path, src.key_lines.get(key, 0)),
            )
        if "://" in value or value.startswith("//"):
            raise ContentError(
                f"{key}: {value!r} must be a site path such as /old/path/",
                SourcePos(src.path, src.key_lines.get(key, 0)),
            )
        return self._short(clean_path(value), src, key)

    def list_page(self, src: SourcePage | None, path: str) -> str:
        """A section, taxonomy or term page: at `path`, unless its `_index.md` has a `url`.
        Hugo 0.111 (`CreateTargetPaths`): the `url` replaces the path, a relative one gets the
        language prefix, and the result is sanitized like any generated path (lower case,
        spaces -> `-`, accents with `remove_path_accents`), unlike a regular page's `url`.
        `slug` does not move a list page."""
        if src is None or not src.url:
            return path
        value = self.user_path(src.url, src, "url")
        prefix = self.prefix(src.lang)
        if prefix and not src.url.startswith("/"):
            value = f"/{prefix}{value}"
        return self._short(clean_path(self.seg(value)), src, "url")

    def page(self, src: SourcePage) -> str:
        prefix = self.prefix(src.lang)
        if src.url:
            # Hugo: an absolute `url` is used as written; a relative one gets the language prefix.
            path = self.user_path(src.url, src, "url")
            return path if src.url.startswith("/") else join(prefix, path)
        parts = [p for p in src.bundle_dir.split("/") if p]
        section = parts[0] if len(parts) > 1 else ""
        pattern = self.config.permalinks.get(section)
        if pattern:
            return self._checked(
                join(prefix, self._permalink(pattern, src, section, parts)), src, "slug"
            )
        if src.slug:
            slug = self.seg(src.slug)
            if not slug or slug in {".", ".."}:
                raise ContentError(
                    f"slug: {src.slug!r} gives an empty URL segment",
                    SourcePos(src.path, src.key_lines.get("slug", 0)),
                )
            parts = [*parts[:-1], src.slug] if parts else [src.slug]
        return self._checked(join(prefix, *(self.seg(p) for p in parts)), src, "slug")

    def _checked(self, path: str, src: SourcePage, key: str) -> str:
        if has_dot_segments(path) or "\\" in path:
            raise ContentError(
                f"{key}: gives the URL {path!r}, which leaves the site ('.', '..' or '\\')",
                SourcePos(src.path, src.key_lines.get(key, 0)),
            )
        return self._short(path, src, key)

    @staticmethod
    def _short(path: str, src: SourcePage, key: str) -> str:
        """A URL segment becomes a file or folder name: refuse what no file system can hold."""
        seg = long_segment(path)
        if seg is not None:
            raise ContentError(
                f"{key}: gives a URL segment of {len(seg.encode())} bytes, longer than the "
                f"{MAX_SEGMENT_BYTES} a file name can have: {seg[:40]}…",
                SourcePos(src.path, src.key_lines.get(key, 0)),
            )
        return path

    def alias(self, value: str, src: SourcePage, page_path: str) -> str:
        """Hugo: an absolute alias is used as written, a relative one sits beside the page."""
        path = self.user_path(value, src, "aliases")
        if value.startswith("/"):
            return path
        folder = page_path.rstrip("/").rsplit("/", 1)[0]
        return join(folder, path)

    def _permalink(self, pattern: str, src: SourcePage, section: str, parts: list[str]) -> str:
        date = src.date
        filename = parts[-1] if parts else src.name
        slug = src.slug or src.title or filename
        tokens = {
            "year": f"{date.year:04d}" if date else "0001",
            "month": f"{date.month:02d}" if date else "01",
            "day": f"{date.day:02d}" if date else "01",
            "section": self.seg(section),
            "sections": "/".join(self.seg(p) for p in parts[:-1]),
            "title": self.seg(src.title or filename),
            "slug": self.seg(slug),
            "filename": self.seg(filename),
            "contentbasename": self.seg(filename),
            "slugorfilename": self.seg(src.slug or filename),
            "slugorcontentbasename": self.seg(src.slug or filename),
        }
        try:
            return expand_permalink(pattern, tokens)
        except KeyError as exc:
            raise ContentError(
                f"permalinks: unknown token :{exc.args[0]} in {pattern!r}", SourcePos("blog.yaml")
            ) from None
