"""Values of the Go-template translator: a Jinja expression with what is known of its Go type,
and the conversions Go applies implicitly (to a string, to a truth value)."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from polyblog.importer.gotemplate_jinja import NAMESPACE as GV
from polyblog.importer.gotemplate_jinja import literal, safe_key, string

# kinds of runtime values
STR = "str"  # a plain Python str
HTML = "html"  # Markup (template.HTML)
INT = "int"
FLOAT = "float"
BOOL = "bool"
NIL = "nil"
LIST = "list"
MAP = "map"
TIME = "time"  # a datetime, or None
ANY = "any"
URL = "url"  # template.URL, CSS, HTMLAttr: plain str at runtime, known typed here
CSS = "css"
ATTR = "attr"
# symbolic receivers: fields and methods are resolved while translating
SHORTCODE = "shortcode"  # code: "" for the call itself, else the Jinja path of a parent dict
PAGE = "page"
SITE = "site"
LANGUAGE = "language"  # code: expression of the language code
RESOURCE = "resource"  # code: expression of the resource's URL; name: its name
NAMESPACE = "namespace"  # a Hugo function namespace such as `strings`; code: its name

SYMBOLIC = frozenset({SHORTCODE, PAGE, SITE, LANGUAGE, RESOURCE, NAMESPACE})
STRINGY = frozenset({STR, URL, CSS, ATTR})


class Unsupported(Exception):
    """A construct with no faithful translation; the message names it."""


@dataclass(frozen=True, slots=True)
class Val:
    """A translated value: Jinja expression `code` (atomic or parenthesized), Go-ish `kind`."""

    code: str
    kind: str = ANY
    const: object = None  # the Python value, when a constant
    is_const: bool = False
    lower_keys: bool = False  # a Hugo Params map: keys are looked up in lower case
    name: str = ""  # a resource's name


def const(value: object) -> Val:
    if isinstance(value, bool):
        kind = BOOL
    elif isinstance(value, int):
        kind = INT
    elif isinstance(value, float):
        kind = FLOAT
    elif isinstance(value, str):
        kind = STR
    else:
        kind = NIL
    return Val(literal(value), kind, value, True)


@dataclass(slots=True)
class Macros:
    """What a translation needs besides expressions: the helper macros it calls, and
    statements to run before the current one (`pre`, e.g. a case-insensitive lookup)."""

    used: set[str] = field(default_factory=set)
    pre: list[str] = field(default_factory=list)
    new_attr: Callable[[str], str] = lambda base: base
    loops: Iterator[int] = field(default_factory=lambda: itertools.count(1))

    def call(self, name: str, *args: str) -> str:
        self.used.add(name)
        return f"{name}({', '.join(args)})"


Func = Callable[[list[Val], Macros], Val]


def registry(table: dict[str, Func]) -> Callable[..., Callable[[Func], Func]]:
    """A decorator registering a function in `table` under Hugo names."""

    def func(*names: str) -> Callable[[Func], Func]:
        def register(f: Func) -> Func:
            for name in names:
                table[name] = f
            return f

        return register

    return func


def arity(args: list[Val], low: int, high: int | None, name: str) -> None:
    if len(args) < low or (high is not None and len(args) > high):
        raise Unsupported(f"wrong number of arguments for {name}")
    for a in args:
        require_value(a, name)


def text(code: str) -> Val:
    return Val(code, STR)


def join_kinds(*kinds: str) -> str:
    first = kinds[0] if kinds else ANY
    return first if all(k == first for k in kinds) else ANY


def require_value(v: Val, what: str) -> None:
    if v.kind in SYMBOLIC:
        raise Unsupported(f"{what}: a {v.kind} object used as a value")


def plain(v: Val, m: Macros) -> str:
    """A plain-str expression for Hugo's conversion of an argument to a string
    (cast.ToString: nil is "", 2.0 is "2"); autoescaping will escape it."""
    require_value(v, "string conversion")
    if v.is_const:
        return string(_const_str(v.const, cast=True))
    if v.kind in STRINGY or v.kind == INT:
        return f"({v.code} | string)"
    if v.kind == BOOL:
        return f'("true" if {v.code} else "false")'
    return f'("%s" | format({m.call("go_cast", v.code)}))'


def sprint(v: Val, m: Macros) -> str:
    """Like `plain`, with fmt.Sprint's rules (print, printf): nil is "<nil>", 1e6 "1e+06"."""
    require_value(v, "string conversion")
    if v.is_const:
        return string(_const_str(v.const, cast=False))
    if v.kind in STRINGY | {INT, BOOL}:
        return plain(v, m)
    return f'("%s" | format({m.call("go_str", v.code)}))'


def _const_str(value: object, cast: bool) -> str:
    if value is None:
        return "" if cast else "<nil>"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, float):
        if value == int(value) and abs(value) < (1e21 if cast else 1e6):
            return str(int(value))
        return repr(value)
    return str(value)


def truth(v: Val) -> str:
    """A Jinja condition with Go's truth (text/template's `truth`)."""
    if v.kind == SHORTCODE:
        return v.code or "true"  # .Parent may be nil
    if v.kind in {SITE, NAMESPACE}:
        return "true"
    if v.kind == PAGE:
        return "true"
    return v.code


def lookup(base: Val, key: str, m: Macros) -> Val:
    """`base.key` on a map (Go's field access on a map, `index m "key"`). Hugo's Params
    maps ignore case: polyblog keeps front-matter keys as written, so the key is looked up
    without case by a loop run just before the current statement."""
    require_value(base, f"field {key}")
    if base.lower_keys:
        attr = m.new_attr("ci")
        n = next(m.loops)
        m.pre += [
            f"set {GV}.{attr} = none",
            f"for k_{n}, x_{n} in ({base.code} | items if {base.code} is mapping else [])"
            f" if k_{n} is string and k_{n} | lower == {string(key.lower())}",
            f"set {GV}.{attr} = x_{n}",
            "endfor",
        ]
        return Val(f"{GV}.{attr}", ANY, lower_keys=True)
    if safe_key(key, base.code):
        code = f"{base.code}[{string(key)}]"
    else:
        code = (
            f'({base.code} | items | selectattr("0", "equalto", {string(key)})'
            ' | map(attribute="1") | first)'
        )
    return Val(code, ANY)


def index_dynamic(base: Val, key: Val) -> Val:
    """`index base key` with a key known only when the page is built: a map entry (never an
    attribute), or a list element by number."""
    require_value(base, "index")
    k = key.code
    by_key = f'({base.code} | items | selectattr("0", "equalto", {k}) | map(attribute="1") | first)'
    by_pos = f"({base.code}[{k}:{k} + 1] | first)"
    if base.kind == MAP:
        return Val(by_key, ANY, lower_keys=base.lower_keys)
    if base.kind == LIST:
        return Val(f"({by_pos} if {k} is integer and {k} >= 0 else none)", ANY)
    return Val(
        f"({by_key} if {base.code} is mapping else "
        f"({by_pos} if {k} is integer and {k} >= 0 else none))",
        ANY,
        lower_keys=base.lower_keys,
    )
