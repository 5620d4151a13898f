"""Hugo 0.111's template functions as Jinja expressions: each entry takes the translated
arguments (the piped value last) and returns a value, or raises `Unsupported` when Jinja
cannot do the same thing faithfully."""

from __future__ import annotations

from collections.abc import Callable

from polyblog.importer.gotemplate_jinja import safe_key, string
from polyblog.importer.gotemplate_time import format_time
from polyblog.importer.gotemplate_values import (
    ANY,
    ATTR,
    BOOL,
    CSS,
    FLOAT,
    HTML,
    INT,
    LIST,
    MAP,
    NIL,
    SITE,
    STR,
    STRINGY,
    TIME,
    URL,
    Macros,
    Unsupported,
    Val,
    index_dynamic,
    join_kinds,
    lookup,
    plain,
    plain_or_empty,
    require_value,
)

Func = Callable[[list[Val], Macros], Val]
FUNCS: dict[str, Func] = {}

# functions with no faithful Jinja equivalent, and why
UNSUPPORTED = {
    "partial": "partials are not translated",
    "partialCached": "partials are not translated",
    "template": "templates are not translated",
    "safeJS": "safeJS output is not carried over",
    "getJSON": "remote data is not read at build time",
    "getCSV": "remote data is not read at build time",
    "readFile": "files are not read from templates",
    "readDir": "files are not read from templates",
    "fileExists": "files are not read from templates",
    "getenv": "the environment is not read from templates",
    "now": "the current time would make the output differ between builds",
    "errorf": "a shortcode cannot fail the build",
    "erroridf": "a shortcode cannot fail the build",
    "title": "Hugo's AP-style title case has no Jinja equivalent",
    "humanize": "Hugo's humanize has no Jinja equivalent",
    "pluralize": "Hugo's inflection has no Jinja equivalent",
    "singularize": "Hugo's inflection has no Jinja equivalent",
    "urlize": "Hugo's urlize has no Jinja equivalent",
    "anchorize": "Hugo's anchorize has no Jinja equivalent",
    "plainify": "Hugo's plainify has no Jinja equivalent",
    "findRE": "regular expressions have no Jinja equivalent",
    "replaceRE": "regular expressions have no Jinja equivalent",
    "emojify": "emoji codes are not translated",
    "highlight": "code highlighting is not available to templates",
    "md5": "hash functions are not available to templates",
    "sha1": "hash functions are not available to templates",
    "sha256": "hash functions are not available to templates",
    "base64Encode": "base64 is not available to templates",
    "base64Decode": "base64 is not available to templates",
    "shuffle": "random order would make the output differ between builds",
    "apply": "apply is not translated",
    "ref": "ref/relref as functions are not translated",
    "relref": "ref/relref as functions are not translated",
    "querify": "querify is not translated",
    "time": "parsing dates in templates is not translated",
    "substr": "substr is not translated",
    "resources": "Hugo Pipes (resources.*) are not available",
    "images": "image processing is not available",
    "os": "os.* functions are not available",
    "data": "data.* functions are not available",
    "hugo": "hugo.* values are not available",
    "partials": "partials are not translated",
    "templates": "templates are not translated",
    "crypto": "hash functions are not available to templates",
    "debug": "debug functions are not translated",
    "diagrams": "diagrams are not translated",
    "openapi3": "OpenAPI documents are not read",
    "js": "JavaScript building is not available",
    "css": "CSS building is not available",
    "transform.Unmarshal": "unmarshal is not translated",
}


def func(*names: str) -> Callable[[Func], Func]:
    def register(f: Func) -> Func:
        for name in names:
            FUNCS[name] = f
        return f

    return register


def _arity(args: list[Val], low: int, high: int | None, name: str) -> None:
    if len(args) < low or (high is not None and len(args) > high):
        raise Unsupported(f"wrong number of arguments for {name}")
    for a in args:
        require_value(a, name)


def _str(code: str) -> Val:
    return Val(code, STR)


# -- logic and comparison ------------------------------------------------------------------


@func("and")
def _and(args: list[Val], m: Macros) -> Val:
    _arity(args, 1, None, "and")
    return Val("(" + " and ".join(a.code for a in args) + ")", join_kinds(*(a.kind for a in args)))


@func("or")
def _or(args: list[Val], m: Macros) -> Val:
    _arity(args, 1, None, "or")
    return Val("(" + " or ".join(a.code for a in args) + ")", join_kinds(*(a.kind for a in args)))


@func("not")
def _not(args: list[Val], m: Macros) -> Val:
    _arity(args, 1, 1, "not")
    return Val(f"(not {args[0].code})", BOOL)


_CATEGORY = {STR: "s", HTML: "s", URL: "s", CSS: "s", ATTR: "s", INT: "i", FLOAT: "f", BOOL: "b"}


def _eq(a: Val, b: Val) -> str:
    """Hugo's eq: equal values of the same basic type (an int never equals a float)."""
    if a.is_const and (isinstance(a.const, bool) or a.kind == NIL):
        a, b = b, a
    if b.is_const and isinstance(b.const, bool):
        return f"({a.code} is sameas {b.code})"
    if b.is_const and b.kind == NIL:
        return f"({a.code} is none or {a.code} is undefined)"
    ca, cb = _CATEGORY.get(a.kind), _CATEGORY.get(b.kind)
    if ca and cb:
        return f"({a.code} == {b.code})" if ca == cb else "false"
    x, y = a.code, b.code
    return (
        f"({x} == {y} and ({x} is float) == ({y} is float)"
        f" and ({x} is boolean) == ({y} is boolean))"
    )


@func("eq", "compare.Eq")
def _eq_fn(args: list[Val], m: Macros) -> Val:
    _arity(args, 2, None, "eq")
    tests = [_eq(args[0], other) for other in args[1:]]
    return Val(tests[0] if len(tests) == 1 else "(" + " or ".join(tests) + ")", BOOL)


@func("ne", "compare.Ne")
def _ne(args: list[Val], m: Macros) -> Val:
    _arity(args, 2, 2, "ne")
    return Val(f"(not {_eq(args[0], args[1])})", BOOL)


def _ordering(op: str, name: str) -> Func:
    def compare(args: list[Val], m: Macros) -> Val:
        _arity(args, 2, 2, name)
        return Val(f"({args[0].code} {op} {args[1].code})", BOOL)

    return compare


for _op, _name in (("<", "lt"), ("<=", "le"), (">", "gt"), (">=", "ge")):
    FUNCS[_name] = FUNCS[f"compare.{_name.title()}"] = _ordering(_op, _name)


@func("default", "compare.Default")
def _default(args: list[Val], m: Macros) -> Val:
    _arity(args, 1, 2, "default")
    if len(args) == 1:
        return args[0]
    dflt, given = args
    if given.kind == BOOL:
        return given
    kind = join_kinds(dflt.kind, given.kind)
    if given.kind in STRINGY | {HTML, INT, FLOAT, LIST, MAP}:
        return Val(f"({given.code} or {dflt.code})", kind)
    return Val(f"({given.code} if {given.code} is boolean or {given.code} else {dflt.code})", kind)


@func("cond", "compare.Conditional")
def _cond(args: list[Val], m: Macros) -> Val:
    _arity(args, 3, 3, "cond")
    test, yes, no = args
    return Val(f"({yes.code} if {test.code} else {no.code})", join_kinds(yes.kind, no.kind))


# -- formatting ----------------------------------------------------------------------------


@func("print", "fmt.Print")
def _print(args: list[Val], m: Macros) -> Val:
    parts: list[str] = []
    for i, a in enumerate(args):
        require_value(a, "print")
        if i:
            prev = args[i - 1]
            # fmt.Sprint puts a space between operands when neither is a string
            if prev.kind not in STRINGY | {HTML} and a.kind not in STRINGY | {HTML}:
                if prev.kind == ANY or a.kind == ANY:
                    parts.append(
                        f'(" " if {prev.code} is not string and {a.code} is not string else "")'
                    )
                else:
                    parts.append('" "')
        parts.append(plain(a, m))
    return _str("(" + " ~ ".join(parts) + ")" if parts else '""')


@func("println", "fmt.Println")
def _println(args: list[Val], m: Macros) -> Val:
    parts = [plain(a, m) for a in args]
    return _str("(" + ' ~ " " ~ '.join([*parts]) + ' ~ "\\n")' if parts else '"\\n"')


@func("printf", "fmt.Printf")
def _printf(args: list[Val], m: Macros) -> Val:
    if not args or not (args[0].is_const and isinstance(args[0].const, str)):
        raise Unsupported("printf with a format that is not a constant string")
    return _str(format_printf(str(args[0].const), args[1:], m))


_VERBS = "vsdqtfxXeEgGbocU%"


def format_printf(fmt: str, args: list[Val], m: Macros) -> str:
    """Go's fmt.Sprintf with a constant format as a Jinja concatenation."""
    parts: list[str] = []
    text: list[str] = []
    i = used = 0
    while i < len(fmt):
        ch = fmt[i]
        if ch != "%":
            text.append(ch)
            i += 1
            continue
        j = i + 1
        while j < len(fmt) and fmt[j] in "+-# 0123456789.[]":
            j += 1
        if j >= len(fmt):
            raise Unsupported(f"printf format {fmt!r} ends inside a verb")
        spec, verb = fmt[i + 1 : j], fmt[j]
        i = j + 1
        if verb == "%" and not spec:
            text.append("%")
            continue
        if "[" in spec or "*" in spec or verb not in "vsdtfFxegc":
            raise Unsupported(f"printf verb %{spec}{verb}")
        if used >= len(args):
            raise Unsupported(f"printf {fmt!r}: missing argument")
        arg = args[used]
        used += 1
        require_value(arg, "printf")
        if text:
            parts.append(string("".join(text)))
            text = []
        parts.append(_verb(spec, verb, arg, m))
    if used != len(args):
        raise Unsupported(f"printf {fmt!r}: extra arguments")
    if text:
        parts.append(string("".join(text)))
    return "(" + " ~ ".join(parts) + ")" if parts else '""'


def _verb(spec: str, verb: str, arg: Val, m: Macros) -> str:
    if "#" in spec or "+" in spec or " " in spec:
        raise Unsupported(f"printf flags in %{spec}{verb}")
    if verb in "vs":
        if "." in spec:
            raise Unsupported(f"printf precision in %{spec}{verb}")
        value = plain(arg, m)
        return value if not spec else f'("%{spec}s" | format({value}))'
    if verb == "t":
        if arg.kind != BOOL and not (arg.is_const and isinstance(arg.const, bool)):
            raise Unsupported("printf %t of a value that is not known to be a bool")
        return plain(arg, m)
    if verb == "d":
        if arg.kind != INT:
            return f'("%{spec}d" | format({arg.code}) if {arg.code} is integer else none)'
        return f'("%{spec}d" | format({arg.code}))'
    if verb == "c":
        raise Unsupported("printf %c")
    if verb in "fF":
        return f'("%{spec}f" | format({arg.code}))'
    if verb == "x":
        if arg.kind != INT:
            raise Unsupported("printf %x of a value that is not known to be an integer")
        return f'("%{spec}x" | format({arg.code}))'
    raise Unsupported(f"printf verb %{spec}{verb}")


# -- strings -------------------------------------------------------------------------------


@func("lower", "strings.ToLower")
def _lower(args: list[Val], m: Macros) -> Val:
    _arity(args, 1, 1, "lower")
    return _str(f"({plain(args[0], m)} | lower)")


@func("upper", "strings.ToUpper")
def _upper(args: list[Val], m: Macros) -> Val:
    _arity(args, 1, 1, "upper")
    return _str(f"({plain(args[0], m)} | upper)")


@func("strings.FirstUpper")
def _first_upper(args: list[Val], m: Macros) -> Val:
    _arity(args, 1, 1, "strings.FirstUpper")
    s = plain(args[0], m)
    return _str(f"(({s}[:1] | upper) ~ {s}[1:])")


@func("trim", "strings.Trim")
def _trim(args: list[Val], m: Macros) -> Val:
    _arity(args, 2, 2, "trim")
    return _str(f"({plain(args[0], m)} | trim({plain(args[1], m)}))")


@func("strings.TrimSpace")
def _trim_space(args: list[Val], m: Macros) -> Val:
    _arity(args, 1, 1, "strings.TrimSpace")
    return _str(f"({plain(args[0], m)} | trim)")


def _method(name: str, method: str, nargs: int = 2, swap: bool = False, kind: str = STR) -> Func:
    """A Hugo string function as a str method of its (converted) input; `swap` when the input
    comes first in Hugo's argument order."""

    def call(args: list[Val], m: Macros) -> Val:
        _arity(args, nargs, nargs, name)
        ordered = args if swap else [args[-1], *args[:-1]]
        subject, *rest = (plain(a, m) for a in ordered)
        return Val(f"{subject}.{method}({', '.join(rest)})", kind)

    return call


FUNCS["strings.TrimLeft"] = _method("strings.TrimLeft", "lstrip")
FUNCS["strings.TrimRight"] = _method("strings.TrimRight", "rstrip")
FUNCS["strings.TrimPrefix"] = _method("strings.TrimPrefix", "removeprefix")
FUNCS["strings.TrimSuffix"] = _method("strings.TrimSuffix", "removesuffix")
FUNCS["strings.HasPrefix"] = FUNCS["hasPrefix"] = _method(
    "hasPrefix", "startswith", swap=True, kind=BOOL
)
FUNCS["strings.HasSuffix"] = FUNCS["hasSuffix"] = _method(
    "hasSuffix", "endswith", swap=True, kind=BOOL
)


@func("strings.Contains")
def _contains(args: list[Val], m: Macros) -> Val:
    _arity(args, 2, 2, "strings.Contains")
    return Val(f"({plain(args[1], m)} in {plain(args[0], m)})", BOOL)


@func("strings.ContainsAny")
def _contains_any(args: list[Val], m: Macros) -> Val:
    _arity(args, 2, 2, "strings.ContainsAny")
    chars = plain(args[1], m)
    return Val(f'({plain(args[0], m)} | select("in", {chars}) | list | length > 0)', BOOL)


@func("strings.Count")
def _count(args: list[Val], m: Macros) -> Val:
    _arity(args, 2, 2, "strings.Count")
    return Val(f"{plain(args[1], m)}.count({plain(args[0], m)})", INT)


@func("chomp", "strings.Chomp")
def _chomp(args: list[Val], m: Macros) -> Val:
    _arity(args, 1, 1, "chomp")
    code = f'{plain(args[0], m)}.rstrip("\\r\\n")'
    return Val(f"({code} | safe)", HTML) if args[0].kind == HTML else _str(code)


@func("replace", "strings.Replace")
def _replace(args: list[Val], m: Macros) -> Val:
    _arity(args, 3, 4, "replace")
    extra = f", {args[3].code}" if len(args) == 4 else ""
    s, old, new = (plain(a, m) for a in args[:3])
    return _str(f"({s} | replace({old}, {new}{extra}))")


@func("split", "strings.Split")
def _split(args: list[Val], m: Macros) -> Val:
    _arity(args, 2, 2, "split")
    s, sep = args
    if sep.is_const and sep.const == "":
        return Val(f"({plain(s, m)} | list)", LIST)
    return Val(f"{plain(s, m)}.split({plain(sep, m)})", LIST)


@func("slicestr", "strings.SliceString")
def _slicestr(args: list[Val], m: Macros) -> Val:
    _arity(args, 1, 3, "slicestr")
    s = plain(args[0], m)
    start = args[1].code if len(args) > 1 else ""
    end = args[2].code if len(args) > 2 else ""
    return _str(f"{s}[{start}:{end}]")


@func("string", "cast.ToString")
def _string(args: list[Val], m: Macros) -> Val:
    _arity(args, 1, 1, "string")
    return _str(plain_or_empty(args[0], m))


@func("int", "cast.ToInt")
def _int(args: list[Val], m: Macros) -> Val:
    _arity(args, 1, 1, "int")
    return Val(f"({args[0].code} | int)", INT)


@func("float", "cast.ToFloat")
def _float(args: list[Val], m: Macros) -> Val:
    _arity(args, 1, 1, "float")
    return Val(f"({args[0].code} | float)", FLOAT)


@func("htmlEscape", "transform.HTMLEscape")
def _html_escape(args: list[Val], m: Macros) -> Val:
    _arity(args, 1, 1, "htmlEscape")
    return _str(f'("%s" | format({plain(args[0], m)} | forceescape))')


@func("htmlUnescape", "transform.HTMLUnescape")
def _html_unescape(args: list[Val], m: Macros) -> Val:
    _arity(args, 1, 1, "htmlUnescape")
    return _str(f"({plain(args[0], m)} | safe).unescape()")


def _typed(name: str, kind: str) -> Func:
    def mark(args: list[Val], m: Macros) -> Val:
        _arity(args, 1, 1, name)
        if args[0].kind == kind:
            return args[0]
        if kind == HTML:
            return Val(f"({plain(args[0], m)} | safe)", HTML)
        return Val(plain(args[0], m), kind)

    return mark


FUNCS["safeHTML"] = FUNCS["safe.HTML"] = _typed("safeHTML", HTML)
FUNCS["safeHTMLAttr"] = FUNCS["safe.HTMLAttr"] = _typed("safeHTMLAttr", ATTR)
FUNCS["safeCSS"] = FUNCS["safe.CSS"] = _typed("safeCSS", CSS)
FUNCS["safeURL"] = FUNCS["safe.URL"] = _typed("safeURL", URL)


@func("markdownify", "transform.Markdownify")
def _markdownify(args: list[Val], m: Macros) -> Val:
    _arity(args, 1, 1, "markdownify")
    if args[0].name != "inner":
        raise Unsupported("markdownify of a value other than .Inner")
    return Val(m.call("go_trim_p", "inner_html"), HTML)


@func("jsonify", "encoding.Jsonify")
def _jsonify(args: list[Val], m: Macros) -> Val:
    _arity(args, 1, 1, "jsonify")
    return Val(f"({args[0].code} | tojson)", HTML)


@func("warnf", "fmt.Warnf", "fmt.Errorf")
def _warnf(args: list[Val], m: Macros) -> Val:
    return _str('""')


@func("i18n", "T", "lang.Translate")
def _translate(args: list[Val], m: Macros) -> Val:
    _arity(args, 1, 2, "i18n")
    key = plain(args[0], m)
    extra = ""
    if len(args) == 2:
        if args[1].kind != INT:
            raise Unsupported("i18n with a template context (only a count is translated)")
        extra = f", {args[1].code}"
    call = f"t({key}{extra})"
    # Hugo gives "" for a missing key; polyblog's t() gives the key back
    return _str(f'({call} if {call} != {key} else "")')


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
    _arity(args, 2, 2, "add")
    a, b = args
    return Val(f"({a.code} + {b.code})", _number_kind(args) if a.kind != STR else STR)


@func("sub", "math.Sub")
def _sub(args: list[Val], m: Macros) -> Val:
    _arity(args, 2, 2, "sub")
    return Val(f"({args[0].code} - {args[1].code})", _number_kind(args))


@func("mul", "math.Mul")
def _mul(args: list[Val], m: Macros) -> Val:
    _arity(args, 2, 2, "mul")
    a, b = (x.code for x in args)
    # numbers only: a string times a number is an error in Hugo, a repetition in Python
    return Val(f"({a} * {b} if {a} is number and {b} is number else none)", _number_kind(args))


@func("div", "math.Div")
def _div(args: list[Val], m: Macros) -> Val:
    _arity(args, 2, 2, "div")
    a, b = (x.code for x in args)
    kind = _number_kind(args)
    if kind == INT:
        return Val(f"(({a} / {b}) | int)", INT)
    if kind == FLOAT:
        return Val(f"({a} / {b})", FLOAT)
    return Val(f"((({a} / {b}) | int) if {a} is integer and {b} is integer else {a} / {b})", ANY)


@func("mod", "math.Mod")
def _mod(args: list[Val], m: Macros) -> Val:
    _arity(args, 2, 2, "mod")
    a, b = (f"({x.code} | int)" for x in args)
    # Go's remainder takes the sign of the dividend
    return Val(f"({a} - {b} * (({a} / {b}) | int))", INT)


@func("math.Floor")
def _floor(args: list[Val], m: Macros) -> Val:
    _arity(args, 1, 1, "math.Floor")
    return Val(f"({args[0].code} | float | round(0, 'floor'))", FLOAT)


@func("math.Ceil")
def _ceil(args: list[Val], m: Macros) -> Val:
    _arity(args, 1, 1, "math.Ceil")
    return Val(f"({args[0].code} | float | round(0, 'ceil'))", FLOAT)


# -- collections ---------------------------------------------------------------------------


@func("len")
def _len(args: list[Val], m: Macros) -> Val:
    _arity(args, 1, 1, "len")
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
    _arity(args, 2, 2, "isset")
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
    _arity(args, 2, 2, "in")
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
    _arity(args, 2, 2, "first")
    n, c = args
    return Val(f"({c.code} | list)[:{n.code}]", LIST)


@func("last", "collections.Last")
def _last(args: list[Val], m: Macros) -> Val:
    _arity(args, 2, 2, "last")
    n, c = args
    return Val(f"({c.code} | list)[([0, ({c.code} | length) - {n.code}] | max):]", LIST)


@func("after", "collections.After")
def _after(args: list[Val], m: Macros) -> Val:
    _arity(args, 2, 2, "after")
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
    _arity(args, 1, 2, "seq")
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
    _arity(args, 1, 1, "uniq")
    return Val(f"({args[0].code} | unique(true) | list)", LIST)


@func("collections.Reverse")
def _reverse(args: list[Val], m: Macros) -> Val:
    _arity(args, 1, 1, "collections.Reverse")
    return Val(f"({args[0].code} | reverse | list)", LIST)


@func("sort", "collections.Sort")
def _sort(args: list[Val], m: Macros) -> Val:
    _arity(args, 1, 3, "sort")
    c = args[0]
    if c.kind != LIST:
        raise Unsupported("sort of a value not known to be a list")
    key = args[1] if len(args) > 1 else None
    order = args[2] if len(args) > 2 else None
    if order is not None and not (order.is_const and order.const in {"asc", "desc"}):
        raise Unsupported("sort order that is not a constant asc/desc")
    reverse = "true" if order is not None and order.const == "desc" else "false"
    if key is None or (key.is_const and key.const == "value"):
        return Val(f"({c.code} | sort({reverse}, true) | list)", LIST)
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
    _arity(args, 3, 4, "where")
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
    _arity(args, 2, 3, "delimit")
    last = args[2].code if len(args) == 3 else "none"
    return Val(m.call("go_delimit", args[0].code, plain(args[1], m), last), HTML)


@func("reflect.IsMap")
def _is_map(args: list[Val], m: Macros) -> Val:
    _arity(args, 1, 1, "reflect.IsMap")
    return Val(f"({args[0].code} is mapping)", BOOL)


@func("reflect.IsSlice")
def _is_slice(args: list[Val], m: Macros) -> Val:
    _arity(args, 1, 1, "reflect.IsSlice")
    v = args[0].code
    return Val(f"({v} is sequence and {v} is not string and {v} is not mapping)", BOOL)


# -- URLs, dates, the site -----------------------------------------------------------------


def _url_func(name: str, absolute: bool, add_lang: bool) -> Func:
    def call(args: list[Val], m: Macros) -> Val:
        _arity(args, 1, 1, name)
        flags = f"{'true' if absolute else 'false'}, {'true' if add_lang else 'false'}"
        return _str(f'("%s" | format({m.call("go_urlfn", args[0].code, flags)}))')

    return call


FUNCS["relURL"] = FUNCS["urls.RelURL"] = _url_func("relURL", False, False)
FUNCS["absURL"] = FUNCS["urls.AbsURL"] = _url_func("absURL", True, False)
FUNCS["relLangURL"] = FUNCS["urls.RelLangURL"] = _url_func("relLangURL", False, True)
FUNCS["absLangURL"] = FUNCS["urls.AbsLangURL"] = _url_func("absLangURL", True, True)


@func("dateFormat", "time.Format")
def _date_format(args: list[Val], m: Macros) -> Val:
    _arity(args, 2, 2, "dateFormat")
    layout, date = args
    if date.kind != TIME:
        raise Unsupported("dateFormat of a value that is not a page date")
    if not (layout.is_const and isinstance(layout.const, str)):
        raise Unsupported("dateFormat with a layout that is not a constant")
    return _str(format_time(date.code, layout.const, localized=True))


@func("site")
def _site(args: list[Val], m: Macros) -> Val:
    _arity(args, 0, 0, "site")
    return Val("site", SITE)


def call_function(name: str, args: list[Val], m: Macros) -> Val:
    """Translate a call of Hugo function `name` (`lower`, `strings.HasPrefix`)."""
    if any(a.kind == "broken" for a in args):
        return Val("none", "broken")
    if any(a.kind == "statement" for a in args):
        raise Unsupported(f"{name} of a .Scratch change")
    if name in FUNCS:
        return FUNCS[name](args, m)
    reason = UNSUPPORTED.get(name) or UNSUPPORTED.get(name.split(".", 1)[0])
    if reason:
        raise Unsupported(f"{name}: {reason}")
    raise Unsupported(f"function {name} is not translated")


__all__ = ["FUNCS", "call_function", "format_printf"]
