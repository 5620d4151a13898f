"""Fields and methods of Hugo's objects in a shortcode (`.Get`, `.Inner`, `.Page.Title`,
`.Site.Params.x`, ...) mapped onto what polyblog passes to a shortcode template."""

from __future__ import annotations

from polyblog.importer.gotemplate_jinja import string
from polyblog.importer.gotemplate_time import format_time
from polyblog.importer.gotemplate_values import (
    ANY,
    BOOL,
    HTML,
    INT,
    LANGUAGE,
    LIST,
    MAP,
    NAMESPACE,
    PAGE,
    RESOURCE,
    SHORTCODE,
    SITE,
    STR,
    SYMBOLIC,
    TIME,
    Macros,
    Unsupported,
    Val,
    lookup,
)

RESOURCES = "resources"  # .Page.Resources


def _no_args(args: list[Val] | None, what: str) -> None:
    if args:
        raise Unsupported(f"{what} takes no arguments")


def _prefixed(sc: Val, name: str) -> str:
    return f"{sc.code}.{name}" if sc.code else name


def field(recv: Val, name: str, args: list[Val] | None, m: Macros) -> Val:
    """`recv.name` (called with `args` when not None)."""
    if recv.kind == "broken":
        return recv
    if recv.kind == SHORTCODE:
        return _shortcode(recv, name, args, m)
    if recv.kind == PAGE:
        return _page(name, args, m)
    if recv.kind == SITE:
        _no_args(args, f".Site.{name}")
        return _site(name)
    if recv.kind == LANGUAGE:
        _no_args(args, f".Language.{name}")
        return _language(name)
    if recv.kind == RESOURCES:
        return _resources(name, args, m)
    if recv.kind == RESOURCE:
        _no_args(args, name)
        return _resource(recv, name)
    if recv.kind == TIME:
        return _time(recv, name, args)
    if recv.kind == NAMESPACE:
        raise Unsupported(f"{recv.code}.{name} used as a value")
    if recv.kind in {ANY, MAP}:
        if args:
            raise Unsupported(f"method {name} of a value")
        return lookup(recv, name, m)
    raise Unsupported(f"field {name} of a {recv.kind} value")


def _shortcode(sc: Val, name: str, args: list[Val] | None, m: Macros) -> Val:
    at_root = not sc.code
    args_code, kwargs_code = _prefixed(sc, "args"), _prefixed(sc, "kwargs")
    if name == "Get":
        if not args or len(args) != 1:
            raise Unsupported(".Get takes one argument")
        # Hugo: a position reads positional parameters ("" past the end), a name reads
        # named ones ("" when absent); the other kind, or no parameters, gives nil
        key = args[0]
        if key.is_const and isinstance(key.const, int) and not isinstance(key.const, bool):
            if key.const < 0:
                raise Unsupported(".Get with a negative position")
            return Val(f'(({args_code}[{key.code}] | default("")) if {args_code} else none)', ANY)
        if key.is_const and isinstance(key.const, str):
            found = lookup(Val(kwargs_code, MAP), key.const, m)
            return Val(f'(({found.code} | default("")) if {kwargs_code} else none)', ANY)
        k = key.code
        by_pos = f'({args_code}[{k}:{k} + 1] | first | default(""))'
        by_name = (
            f'({kwargs_code} | items | selectattr("0", "equalto", {k})'
            ' | map(attribute="1") | first | default(""))'
        )
        return Val(
            f"(({by_pos} if {args_code} else none) if {k} is integer else "
            f"({by_name} if {kwargs_code} else none))",
            ANY,
        )
    _no_args(args, f".{name}")
    if name == "Params":
        return Val(f"({kwargs_code} if {kwargs_code} else {args_code})", ANY)
    if name == "IsNamedParams":
        return Val(f"({kwargs_code} | length > 0)", BOOL)
    if name == "Name":
        return Val(_prefixed(sc, "name"), STR)
    if name == "Parent":
        return Val(_prefixed(sc, "parent"), SHORTCODE)
    if name == "Page":
        return Val("page", PAGE)
    if name == "Site":
        return Val("site", SITE)
    if at_root and name in {"Inner", "InnerDeindent"}:
        return Val("(inner | safe)", HTML, name="inner")
    if at_root and name == "Position":
        return Val("position", STR)
    if at_root and name == "Ordinal":
        return Val("ordinal", INT)
    if name in {"Scratch", "Store"}:
        raise Unsupported(f".{name}: scratch pads are not translated")
    what = ".Parent" if not at_root else ""
    raise Unsupported(f"{what}.{name} is not available to polyblog shortcodes")


_PAGE_STRINGS = {
    "Title": "page.title",
    "Permalink": "page.permalink",
    "RelPermalink": "page.url",
    "Lang": "page.lang",
    "Section": "page.section",
    "Description": "page.description",
    "Kind": "page.kind",
}


def _page(name: str, args: list[Val] | None, m: Macros) -> Val:
    if name == "RenderString":
        return _render_string(args or [], m)
    if name == "Param":
        if not args or len(args) != 1 or not (args[0].is_const and isinstance(args[0].const, str)):
            raise Unsupported(".Page.Param with a key that is not a constant")
        key = str(args[0].const)
        if "." in key:
            raise Unsupported(".Page.Param with a dotted key")
        mine = lookup(Val("page.params", MAP, lower_keys=True), key, m).code
        site = lookup(Val("site.params", MAP, lower_keys=True), key, m).code
        return Val(
            f"({mine} if {mine} is defined and {mine} is not none else {site})",
            ANY,
            lower_keys=True,
        )
    _no_args(args, f".Page.{name}")
    if name in _PAGE_STRINGS:
        return Val(_PAGE_STRINGS[name], STR)
    if name == "Date":
        return Val("page.date", TIME)
    if name == "Params":
        return Val("page.params", MAP, lower_keys=True)
    if name == "Site":
        return Val("site", SITE)
    if name == "Language":
        return Val("page.lang", LANGUAGE)
    if name == "Resources":
        return Val("page.resources", RESOURCES)
    if name == "IsPage":
        return Val("page.is_page", BOOL)
    if name == "IsHome":
        return Val('(page.kind == "home")', BOOL)
    if name == "IsSection":
        return Val('(page.kind == "section")', BOOL)
    if name == "IsNode":
        return Val('(page.kind != "page")', BOOL)
    raise Unsupported(f".Page.{name} is not available to polyblog shortcodes")


def _render_string(args: list[Val], m: Macros) -> Val:
    if not args or len(args) > 2 or args[-1].name != "inner":
        raise Unsupported(".Page.RenderString of a value other than .Inner")
    block = False
    if len(args) == 2:
        opts = args[0]
        display = opts.const if opts.is_const else None
        if display is None and opts.kind == MAP and opts.code.startswith("{"):
            body = opts.code
            if body in {'{"display": "block"}', '{"display": "inline"}'}:
                display = "block" if "block" in body else "inline"
        if display not in {"block", "inline"}:
            raise Unsupported(".Page.RenderString with options other than display")
        block = display == "block"
    if block:
        return Val("(inner_html | safe)", HTML)
    return Val(m.call("go_trim_p", "inner_html"), HTML)


_SITE = {
    "Title": Val("site.title", STR),
    "BaseURL": Val("site.base_url", STR),
    "Copyright": Val("site.copyright", STR),
    "Params": Val("site.params", MAP, lower_keys=True),
    "Language": Val("lang", LANGUAGE),
}


def _site(name: str) -> Val:
    if name in _SITE:
        return _SITE[name]
    raise Unsupported(f".Site.{name} is not available to polyblog shortcodes")


_LANGUAGE = {
    "Lang": Val("lang", STR),
    "LanguageName": Val("site.lang.name", STR),
    "LanguageDirection": Val("site.lang.dir", STR),
}


def _language(name: str) -> Val:
    if name in _LANGUAGE:
        return _LANGUAGE[name]
    raise Unsupported(f".Language.{name} is not available to polyblog shortcodes")


_GLOB = frozenset("*?[{")


def _resources(name: str, args: list[Val] | None, m: Macros) -> Val:
    if name != "GetMatch":
        raise Unsupported(f".Resources.{name} is not translated")
    if not args or len(args) != 1 or not (args[0].is_const and isinstance(args[0].const, str)):
        raise Unsupported(".Resources.GetMatch with a pattern that is not a constant")
    pattern = str(args[0].const)
    if any(ch in _GLOB for ch in pattern):
        raise Unsupported(f".Resources.GetMatch {pattern!r}: glob patterns are not translated")
    found = lookup(Val("page.resources", MAP), pattern, m)
    return Val(found.code, RESOURCE, name=pattern)


_HOST = "site.base_url[:(site.base_url | length) - (site.base_path | length)]"


def _resource(res: Val, name: str) -> Val:
    if name == "RelPermalink":
        return Val(res.code, STR)
    if name == "Permalink":
        return Val(f'({_HOST} ~ {res.code} if {res.code} else "")', STR)
    if name in {"Name", "Title"}:
        return Val(string(res.name), STR)
    raise Unsupported(f"resource .{name} is not translated")


def _time(date: Val, name: str, args: list[Val] | None) -> Val:
    if name == "Format":
        if not args or len(args) != 1 or not (args[0].is_const and isinstance(args[0].const, str)):
            raise Unsupported(".Format with a layout that is not a constant")
        return Val(format_time(date.code, str(args[0].const), localized=False), STR)
    _no_args(args, f"date .{name}")
    if name == "Year":
        return Val(f'({date.code}.strftime("%Y") | int)', INT)
    if name == "Day":
        return Val(f'({date.code}.strftime("%d") | int)', INT)
    if name == "YearDay":
        return Val(f'({date.code}.strftime("%j") | int)', INT)
    if name == "IsZero":
        return Val(f"(not {date.code})", BOOL)
    raise Unsupported(f"date .{name} is not translated")


__all__ = ["LIST", "RESOURCES", "SYMBOLIC", "field"]
