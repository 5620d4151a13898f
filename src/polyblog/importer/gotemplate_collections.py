"""Hugo's number, collection, URL and date functions as Jinja expressions (see
`gotemplate_funcs`): each takes the translated arguments, the piped value last."""

from __future__ import annotations

from polyblog.importer.gotemplate_jinja import safe_key, string
from polyblog.importer.gotemplate_time import format_time
from polyblog.importer.gotemplate_values import (
    ANY,
    BOOL,
    FLOAT,
    HTML,
    INT,
    LIST,
    MAP,
    SITE,
    STR,
    STRINGY,
    TIME,
    Func,
    Macros,
    Unsupported,
    Val,
    arity,
    index_dynamic,
    lookup,
    plain,
    registry,
    require_value,
    text,
)

FUNCS: dict[str, Func] = {}
func = registry(FUNCS)


# -- numbers -------------------------------------------------------------------------------


def _number_kind(args: list[Val]) -> str:
    kinds = {a.kind for a in args}
    if kinds == {INT}:
        return INT
    if kinds <= {INT, FLOAT}:
        return FLOAT
    return ANY


@func("add", "math.Add")
def _add(args: list[Val], m: Macros) -> Val:
    arity(args, 2, 2, "add")
    a, b = args
    return Val(f"({a.code} + {b.code})", _number_kind(args) if a.kind != STR else STR)


@func("sub", "math.Sub")
def _sub(args: list[Val], m: Macros) -> Val:
    arity(args, 2, 2, "sub")
    return Val(f"({args[0].code} - {args[1].code})", _number_kind(args))


@func("mul", "math.Mul")
def _mul(args: list[Val], m: Macros) -> Val:
    arity(args, 2, 2, "mul")
    a, b = (x.code for x in args)
    # numbers only: a string times a number is an error in Hugo, a repetition in Python
    return Val(f"({a} * {b} if {a} is number and {b} is number else none)", _number_kind(args))


@func("div", "math.Div")
def _div(args: list[Val], m: Macros) -> Val:
    arity(args, 2, 2, "div")
    a, b = (x.code for x in args)
    kind = _number_kind(args)
    if kind == INT:
        return Val(f"(({a} / {b}) | int)", INT)
    if kind == FLOAT:
        return Val(f"({a} / {b})", FLOAT)
    return Val(f"((({a} / {b}) | int) if {a} is integer and {b} is integer else {a} / {b})", ANY)


@func("mod", "math.Mod")
def _mod(args: list[Val], m: Macros) -> Val:
    arity(args, 2, 2, "mod")
    a, b = (f"({x.code} | int)" for x in args)
    # Go's remainder takes the sign of the dividend
    return Val(f"({a} - {b} * (({a} / {b}) | int))", INT)


@func("math.Floor")
def _floor(args: list[Val], m: Macros) -> Val:
    arity(args, 1, 1, "math.Floor")
    return Val(f"({args[0].code} | float | round(0, 'floor'))", FLOAT)


@func("math.Ceil")
def _ceil(args: list[Val], m: Macros) -> Val:
    arity(args, 1, 1, "math.Ceil")
    return Val(f"({args[0].code} | float | round(0, 'ceil'))", FLOAT)


# -- collections ---------------------------------------------------------------------------


@func("len")
def _len(args: list[Val], m: Macros) -> Val:
    arity(args, 1, 1, "len")
    v = args[0]
    if v.kind in {LIST, MAP}:
        return Val(f"({v.code} | length)", INT)
    if v.kind in STRINGY | {HTML}:
        return Val(f'({plain(v, m)}.encode("utf-8") | length)', INT)
    # Go's len of a string counts bytes
    return Val(
        f'(({v.code} | string).encode("utf-8") | length if {v.code} is string'
        f" else {v.code} | length)",
        INT,
    )


@func("index", "collections.Index")
def _index(args: list[Val], m: Macros) -> Val:
    if not args:
        raise Unsupported("wrong number of arguments for index")
    value = args[0]
    for key in args[1:]:
        require_value(key, "index")
        if key.is_const and isinstance(key.const, str):
            value = lookup(value, key.const, m)
        elif key.is_const and isinstance(key.const, int) and not isinstance(key.const, bool):
            if key.const < 0:
                raise Unsupported("index with a negative position")
            require_value(value, "index")
            value = Val(f"{value.code}[{key.code}]", ANY)
        else:
            value = index_dynamic(value, key)
    return value


@func("isset", "collections.IsSet")
def _isset(args: list[Val], m: Macros) -> Val:
    arity(args, 2, 2, "isset")
    c, k = args
    key = k.code
    by_key = f"({key} in {c.code})"
    if c.lower_keys:
        by_key = f'(({key} | lower) in ({c.code} | map("lower") | list))'

    by_pos = f"({key} is integer and {key} < {c.code} | length)"
    if c.kind == MAP:
        return Val(by_key, BOOL)
    if c.kind == LIST:
        return Val(by_pos, BOOL)
    return Val(f"({by_key} if {c.code} is mapping else {by_pos})", BOOL)


@func("in", "collections.In")
def _in(args: list[Val], m: Macros) -> Val:
    arity(args, 2, 2, "in")
    c, item = args
    if c.kind in STRINGY | {HTML}:
        return Val(f"({plain(item, m)} in {plain(c, m)})", BOOL)
    if c.kind == LIST:
        return Val(f"({item.code} in {c.code})", BOOL)
    return Val(
        f"(({plain(item, m)} in {c.code}) if {c.code} is string"
        f" else ({item.code} in {c.code} if {c.code} is not mapping else false))",
        BOOL,
    )


@func("dict", "collections.Dictionary")
def _dict(args: list[Val], m: Macros) -> Val:
    if len(args) % 2:
        raise Unsupported("dict with an odd number of arguments")
    pairs = []
    for key, value in zip(args[::2], args[1::2], strict=True):
        require_value(value, "dict")
        if not (key.is_const and isinstance(key.const, str)):
            raise Unsupported("dict with a key that is not a constant string")
        pairs.append(f"{key.code}: {value.code}")
    return Val("{" + ", ".join(pairs) + "}", MAP)


@func("slice", "collections.Slice")
def _slice(args: list[Val], m: Macros) -> Val:
    for a in args:
        require_value(a, "slice")
    return Val("[" + ", ".join(a.code for a in args) + "]", LIST)


@func("first", "collections.First")
def _first(args: list[Val], m: Macros) -> Val:
    arity(args, 2, 2, "first")
    n, c = args
    return Val(f"({c.code} | list)[:{n.code}]", LIST)


@func("last", "collections.Last")
def _last(args: list[Val], m: Macros) -> Val:
    arity(args, 2, 2, "last")
    n, c = args
    return Val(f"({c.code} | list)[([0, ({c.code} | length) - {n.code}] | max):]", LIST)


@func("after", "collections.After")
def _after(args: list[Val], m: Macros) -> Val:
    arity(args, 2, 2, "after")
    n, c = args
    return Val(f"({c.code} | list)[{n.code}:]", LIST)


@func("append", "collections.Append")
def _append(args: list[Val], m: Macros) -> Val:
    if len(args) < 2:
        raise Unsupported("wrong number of arguments for append")
    *items, target = args
    if len(items) == 1 and items[0].kind == LIST:
        return Val(f"(({target.code} | list) + {items[0].code})", LIST)
    if len(items) == 1 and items[0].kind == ANY:
        # Hugo appends the elements of a single list argument
        one = items[0].code
        listed = (
            f"({one} if {one} is sequence and {one} is not string"
            f" and {one} is not mapping else [{one}])"
        )
        return Val(f"(({target.code} | list) + {listed})", LIST)
    return Val(f"(({target.code} | list) + [{', '.join(i.code for i in items)}])", LIST)


@func("merge", "collections.Merge")
def _merge(args: list[Val], m: Macros) -> Val:
    if len(args) < 2:
        raise Unsupported("wrong number of arguments for merge")
    if any(a.kind != MAP or a.lower_keys for a in args):
        raise Unsupported("merge of maps not built with dict (Hugo merges nested maps)")
    code = args[-1].code
    for src in reversed(args[:-1]):
        code = f"dict({src.code}, **{code})"
    return Val(code, MAP)


@func("seq", "collections.Seq")
def _seq(args: list[Val], m: Macros) -> Val:
    arity(args, 1, 2, "seq")
    for a in args:
        if a.kind != INT:
            raise Unsupported("seq of values not known to be integers")
    if len(args) == 1:
        n = args[0].code
        return Val(f"(range(1, ([{n}, 2000] | min) + 1) | list)", LIST)
    low, high = (x.code for x in args)
    return Val(f"(range({low}, ([{high}, {low} + 2000] | min) + 1) | list)", LIST)


@func("uniq", "collections.Uniq")
def _uniq(args: list[Val], m: Macros) -> Val:
    arity(args, 1, 1, "uniq")
    return Val(f"({args[0].code} | unique(true) | list)", LIST)


@func("collections.Reverse")
def _reverse(args: list[Val], m: Macros) -> Val:
    arity(args, 1, 1, "collections.Reverse")
    return Val(f"({args[0].code} | reverse | list)", LIST)


@func("sort", "collections.Sort")
def _sort(args: list[Val], m: Macros) -> Val:
    arity(args, 1, 3, "sort")
    c = args[0]
    if c.kind != LIST:
        raise Unsupported("sort of a value not known to be a list")
    key = args[1] if len(args) > 1 else None
    order = args[2] if len(args) > 2 else None
    if order is not None and not (order.is_const and order.const in {"asc", "desc"}):
        raise Unsupported("sort order that is not a constant asc/desc")
    reverse = "true" if order is not None and order.const == "desc" else "false"
    if key is None or (key.is_const and key.const == "value"):
        # Hugo sorts strings by the language's collation: for ASCII, case-insensitive with
        # lower case first among equals (two stable sorts)
        return Val(
            f"({c.code} | sort(true, true) | sort({reverse}, false) | list)"
            if reverse == "false"
            else f"({c.code} | sort(false, true) | sort(true, false) | list)",
            LIST,
        )
    if not (key.is_const and isinstance(key.const, str) and _attr_path(key.const)):
        raise Unsupported("sort key that is not a constant map key")
    return Val(f"({c.code} | sort({reverse}, true, attribute={string(key.const)}) | list)", LIST)


def _attr_path(path: str) -> bool:
    return all(safe_key(part) for part in path.split("."))


_WHERE_TESTS = {
    "=": ("select", "equalto"),
    "==": ("select", "equalto"),
    "eq": ("select", "equalto"),
    "!=": ("reject", "equalto"),
    "<>": ("reject", "equalto"),
    "ne": ("reject", "equalto"),
    "<": ("select", "lt"),
    "lt": ("select", "lt"),
    "<=": ("select", "le"),
    "le": ("select", "le"),
    ">": ("select", "gt"),
    "gt": ("select", "gt"),
    ">=": ("select", "ge"),
    "ge": ("select", "ge"),
    "in": ("select", "in"),
    "not in": ("reject", "in"),
}


@func("where", "collections.Where")
def _where(args: list[Val], m: Macros) -> Val:
    arity(args, 3, 4, "where")
    c, key = args[0], args[1]
    op = args[2] if len(args) == 4 else None
    value = args[-1]
    if c.kind != LIST:
        raise Unsupported("where over a value not known to be a list of maps")
    if not (key.is_const and isinstance(key.const, str)):
        raise Unsupported("where with a key that is not a constant")
    path = key.const.lstrip(".")
    if not _attr_path(path) or any(part[:1].isupper() for part in path.split(".")):
        raise Unsupported(f"where on {key.const!r} (only map keys are translated)")
    operator = "=" if op is None else op.const if op.is_const else None
    if operator not in _WHERE_TESTS:
        raise Unsupported("where with an operator that is not translated")
    action, test = _WHERE_TESTS[str(operator)]
    return Val(
        f"({c.code} | {action}attr({string(path)}, {string(test)}, {value.code}) | list)", LIST
    )


@func("delimit", "collections.Delimit")
def _delimit(args: list[Val], m: Macros) -> Val:
    arity(args, 2, 3, "delimit")
    last = args[2].code if len(args) == 3 else "none"
    return Val(m.call("go_delimit", args[0].code, plain(args[1], m), last), HTML)


@func("reflect.IsMap")
def _is_map(args: list[Val], m: Macros) -> Val:
    arity(args, 1, 1, "reflect.IsMap")
    return Val(f"({args[0].code} is mapping)", BOOL)


@func("reflect.IsSlice")
def _is_slice(args: list[Val], m: Macros) -> Val:
    arity(args, 1, 1, "reflect.IsSlice")
    v = args[0].code
    return Val(f"({v} is sequence and {v} is not string and {v} is not mapping)", BOOL)


# -- URLs, dates, the site -----------------------------------------------------------------


def _url_func(name: str, absolute: bool, add_lang: bool) -> Func:
    def call(args: list[Val], m: Macros) -> Val:
        arity(args, 1, 1, name)
        flags = f"{'true' if absolute else 'false'}, {'true' if add_lang else 'false'}"
        return text(f'("%s" | format({m.call("go_urlfn", args[0].code, flags)}))')

    return call


FUNCS["relURL"] = FUNCS["urls.RelURL"] = _url_func("relURL", False, False)
FUNCS["absURL"] = FUNCS["urls.AbsURL"] = _url_func("absURL", True, False)
FUNCS["relLangURL"] = FUNCS["urls.RelLangURL"] = _url_func("relLangURL", False, True)
FUNCS["absLangURL"] = FUNCS["urls.AbsLangURL"] = _url_func("absLangURL", True, True)


@func("dateFormat", "time.Format")
def _date_format(args: list[Val], m: Macros) -> Val:
    arity(args, 2, 2, "dateFormat")
    layout, date = args
    if date.kind != TIME:
        raise Unsupported("dateFormat of a value that is not a page date")
    if not (layout.is_const and isinstance(layout.const, str)):
        raise Unsupported("dateFormat with a layout that is not a constant")
    return text(format_time(date.code, layout.const, localized=True))


@func("site")
def _site(args: list[Val], m: Macros) -> Val:
    arity(args, 0, 0, "site")
    return Val("site", SITE)
