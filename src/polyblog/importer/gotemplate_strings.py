"""Hugo's logic, comparison, formatting and string functions as Jinja expressions (see
`gotemplate_funcs`): each takes the translated arguments, the piped value last."""

from __future__ import annotations

from polyblog.importer.gotemplate_jinja import string
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
    STR,
    STRINGY,
    URL,
    Func,
    Macros,
    Unsupported,
    Val,
    arity,
    join_kinds,
    plain,
    registry,
    require_value,
    sprint,
    text,
)

FUNCS: dict[str, Func] = {}
func = registry(FUNCS)


# -- logic and comparison ------------------------------------------------------------------


@func("and")
def _and(args: list[Val], m: Macros) -> Val:
    arity(args, 1, None, "and")
    return Val("(" + " and ".join(a.code for a in args) + ")", join_kinds(*(a.kind for a in args)))


@func("or")
def _or(args: list[Val], m: Macros) -> Val:
    arity(args, 1, None, "or")
    return Val("(" + " or ".join(a.code for a in args) + ")", join_kinds(*(a.kind for a in args)))


@func("not")
def _not(args: list[Val], m: Macros) -> Val:
    arity(args, 1, 1, "not")
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
    arity(args, 2, None, "eq")
    tests = [_eq(args[0], other) for other in args[1:]]
    return Val(tests[0] if len(tests) == 1 else "(" + " or ".join(tests) + ")", BOOL)


@func("ne", "compare.Ne")
def _ne(args: list[Val], m: Macros) -> Val:
    arity(args, 2, 2, "ne")
    return Val(f"(not {_eq(args[0], args[1])})", BOOL)


def _ordering(op: str, name: str) -> Func:
    def compare(args: list[Val], m: Macros) -> Val:
        arity(args, 2, 2, name)
        return Val(f"({args[0].code} {op} {args[1].code})", BOOL)

    return compare


for _op, _name in (("<", "lt"), ("<=", "le"), (">", "gt"), (">=", "ge")):
    FUNCS[_name] = FUNCS[f"compare.{_name.title()}"] = _ordering(_op, _name)


@func("default", "compare.Default")
def _default(args: list[Val], m: Macros) -> Val:
    arity(args, 1, 2, "default")
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
    arity(args, 3, 3, "cond")
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
        parts.append(sprint(a, m))
    return text("(" + " ~ ".join(parts) + ")" if parts else '""')


@func("println", "fmt.Println")
def _println(args: list[Val], m: Macros) -> Val:
    parts = [sprint(a, m) for a in args]
    return text("(" + ' ~ " " ~ '.join([*parts]) + ' ~ "\\n")' if parts else '"\\n"')


@func("printf", "fmt.Printf")
def _printf(args: list[Val], m: Macros) -> Val:
    if not args or not (args[0].is_const and isinstance(args[0].const, str)):
        raise Unsupported("printf with a format that is not a constant string")
    return text(format_printf(str(args[0].const), args[1:], m))


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
        value = sprint(arg, m)
        return value if not spec else f'("%{spec}s" | format({value}))'
    if verb == "t":
        if arg.kind != BOOL and not (arg.is_const and isinstance(arg.const, bool)):
            raise Unsupported("printf %t of a value that is not known to be a bool")
        return sprint(arg, m)
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
    arity(args, 1, 1, "lower")
    return text(f"({plain(args[0], m)} | lower)")


@func("upper", "strings.ToUpper")
def _upper(args: list[Val], m: Macros) -> Val:
    arity(args, 1, 1, "upper")
    return text(f"({plain(args[0], m)} | upper)")


@func("strings.FirstUpper")
def _first_upper(args: list[Val], m: Macros) -> Val:
    arity(args, 1, 1, "strings.FirstUpper")
    s = plain(args[0], m)
    return text(f"(({s}[:1] | upper) ~ {s}[1:])")


@func("trim", "strings.Trim")
def _trim(args: list[Val], m: Macros) -> Val:
    arity(args, 2, 2, "trim")
    return text(f"({plain(args[0], m)} | trim({plain(args[1], m)}))")


@func("strings.TrimSpace")
def _trim_space(args: list[Val], m: Macros) -> Val:
    arity(args, 1, 1, "strings.TrimSpace")
    return text(f"({plain(args[0], m)} | trim)")


def _method(name: str, method: str, nargs: int = 2, swap: bool = False, kind: str = STR) -> Func:
    """A Hugo string function as a str method of its (converted) input; `swap` when the input
    comes first in Hugo's argument order."""

    def call(args: list[Val], m: Macros) -> Val:
        arity(args, nargs, nargs, name)
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
    arity(args, 2, 2, "strings.Contains")
    return Val(f"({plain(args[1], m)} in {plain(args[0], m)})", BOOL)


@func("strings.ContainsAny")
def _contains_any(args: list[Val], m: Macros) -> Val:
    arity(args, 2, 2, "strings.ContainsAny")
    chars = plain(args[1], m)
    return Val(f'({plain(args[0], m)} | select("in", {chars}) | list | length > 0)', BOOL)


@func("strings.Count")
def _count(args: list[Val], m: Macros) -> Val:
    arity(args, 2, 2, "strings.Count")
    return Val(f"{plain(args[1], m)}.count({plain(args[0], m)})", INT)


@func("chomp", "strings.Chomp")
def _chomp(args: list[Val], m: Macros) -> Val:
    arity(args, 1, 1, "chomp")
    code = f'{plain(args[0], m)}.rstrip("\\r\\n")'
    return Val(f"({code} | safe)", HTML) if args[0].kind == HTML else text(code)


@func("replace", "strings.Replace")
def _replace(args: list[Val], m: Macros) -> Val:
    arity(args, 3, 4, "replace")
    extra = f", {args[3].code}" if len(args) == 4 else ""
    s, old, new = (plain(a, m) for a in args[:3])
    return text(f"({s} | replace({old}, {new}{extra}))")


@func("split", "strings.Split")
def _split(args: list[Val], m: Macros) -> Val:
    arity(args, 2, 2, "split")
    s, sep = args
    if sep.is_const and sep.const == "":
        return Val(f"({plain(s, m)} | list)", LIST)
    return Val(f"{plain(s, m)}.split({plain(sep, m)})", LIST)


@func("slicestr", "strings.SliceString")
def _slicestr(args: list[Val], m: Macros) -> Val:
    arity(args, 1, 3, "slicestr")
    s = plain(args[0], m)
    start = args[1].code if len(args) > 1 else ""
    end = args[2].code if len(args) > 2 else ""
    return text(f"{s}[{start}:{end}]")


@func("string", "cast.ToString")
def _string(args: list[Val], m: Macros) -> Val:
    arity(args, 1, 1, "string")
    return text(plain(args[0], m))


@func("int", "cast.ToInt")
def _int(args: list[Val], m: Macros) -> Val:
    arity(args, 1, 1, "int")
    return Val(f"({args[0].code} | int)", INT)


@func("float", "cast.ToFloat")
def _float(args: list[Val], m: Macros) -> Val:
    arity(args, 1, 1, "float")
    return Val(f"({args[0].code} | float)", FLOAT)


@func("htmlEscape", "transform.HTMLEscape")
def _html_escape(args: list[Val], m: Macros) -> Val:
    arity(args, 1, 1, "htmlEscape")
    return text(f'("%s" | format({plain(args[0], m)} | forceescape))')


@func("htmlUnescape", "transform.HTMLUnescape")
def _html_unescape(args: list[Val], m: Macros) -> Val:
    arity(args, 1, 1, "htmlUnescape")
    return text(f"({plain(args[0], m)} | safe).unescape()")


def _typed(name: str, kind: str) -> Func:
    def mark(args: list[Val], m: Macros) -> Val:
        arity(args, 1, 1, name)
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
    arity(args, 1, 1, "markdownify")
    if args[0].name == "inner":
        return Val(m.call("go_trim_p", "inner_html"), HTML)
    # polyblog's `markdownify` helper: the site's Markdown settings, one <p> trimmed (Hugo)
    return Val(f"markdownify({args[0].code})", HTML)


@func("jsonify", "encoding.Jsonify")
def _jsonify(args: list[Val], m: Macros) -> Val:
    arity(args, 1, 1, "jsonify")
    return Val(m.call("go_json", args[0].code), HTML, name="json")


@func("warnf", "fmt.Warnf")
def _warnf(args: list[Val], m: Macros) -> Val:
    return text('""')


@func("i18n", "T", "lang.Translate")
def _translate(args: list[Val], m: Macros) -> Val:
    arity(args, 1, 2, "i18n")
    key = plain(args[0], m)
    extra = ""
    if len(args) == 2:
        if args[1].kind != INT:
            raise Unsupported("i18n with a template context (only a count is translated)")
        extra = f", {args[1].code}"
    call = f"t({key}{extra})"
    # Hugo gives "" for a missing key; polyblog's t() gives the key back
    return text(f'({call} if {call} != {key} else "")')
