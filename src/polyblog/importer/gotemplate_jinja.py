"""The Jinja side of the Go-template translator: literals, the helper macros a translation may
need, assembling text and tags under polyblog's Jinja settings, and the whitelist every
emitted template must pass (no imports, no private attributes, only known filters and calls).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import jinja2
from jinja2 import nodes

# -- literals ------------------------------------------------------------------------------


def literal(value: object) -> str:
    """A Jinja expression for a constant (str, int, float, bool, None)."""
    if value is None:
        return "none"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return str(value) if value >= 0 else f"({value})"
    if isinstance(value, float):
        if value != value or value in {float("inf"), float("-inf")}:
            return "none"
        text = repr(value)
        return text if value >= 0 else f"({text})"
    if isinstance(value, str):
        return string(value)
    raise TypeError(f"no Jinja literal for {type(value).__name__}")


def string(text: str) -> str:
    """A double-quoted Jinja string literal; braces and `%`, `#` are escaped too, so the
    literal can never be read as a delimiter."""
    out = ['"']
    for ch in text:
        code = ord(ch)
        if ch.isascii() and (ch.isalnum() or ch in " -_.,:;/=+*!?@$^&|~()[]<>'`"):
            out.append(ch)
        elif code < 0x100:
            out.append(f"\\x{code:02x}")
        elif code < 0x10000:
            out.append(f"\\u{code:04x}")
        else:
            out.append(f"\\U{code:08x}")
    out.append('"')
    return "".join(out)


# -- helper macros ---------------------------------------------------------------------------

_IDENT = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_$"
_ALNUM = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
_NMCHAR = "abcdefghijklmnopqrstuvwxyz0123456789-_"

# Each macro renders raw text (Markup); `"%s" | format(m(x))` turns it into a plain string.
MACROS: dict[str, str] = {
    # fmt.Sprint of one value (Go's %v)
    "go_str": (
        "{% macro go_str(v) %}"
        "{% if v is string %}{{ v | safe }}"
        "{% elif v is none or v is undefined %}<nil>"
        '{% elif v is boolean %}{{ "true" if v else "false" }}'
        "{% elif v is float %}{{ go_float(v) }}"
        "{% elif v is mapping %}map["
        '{% for k, x in v | dictsort(true) %}{{ " " if not loop.first }}'
        "{{ go_str(k) }}:{{ go_str(x) }}{% endfor %}]"
        "{% elif v is iterable %}["
        '{% for x in v %}{{ " " if not loop.first }}{{ go_str(x) }}{% endfor %}]'
        "{% else %}{{ v | string | safe }}{% endif %}"
        "{% endmacro %}"
    ),
    # strconv's shortest %v of a float64: exponent form outside [1e-4, 1e21) as Go writes it
    "go_float": (
        "{% macro go_float(v) %}"
        '{% set r = "%r" | format(v | abs) %}'
        '{% if "e" in r or "n" in r %}{{ ("-" if v < 0 else "") ~ r }}'
        "{% elif v == v | round(0, 'floor') and v | abs < 1000000 %}{{ v | int }}"
        "{% elif v | abs < 1000000 %}{{ r }}"
        '{% else %}{% set ip = r.split(".")[0] %}'
        '{% set ds = (ip ~ (r.split(".")[1] if "." in r else "")).rstrip("0") %}'
        '{{ "-" if v < 0 }}{{ ds[:1] }}{{ "." ~ ds[1:] if ds | length > 1 }}'
        '{{ "e+%02d" | format(ip | length - 1) }}'
        "{% endif %}"
        "{% endmacro %}"
    ),
    # cast.ToString: what Hugo's string functions make of an argument
    "go_cast": (
        "{% macro go_cast(v) %}"
        "{% if v is none or v is undefined %}"
        "{% elif v is float and v == v | round(0, 'floor') and v | abs < 1e21 %}{{ v | int }}"
        '{% elif v is float %}{{ "%r" | format(v) }}'
        "{% else %}{{ go_str(v) }}{% endif %}"
        "{% endmacro %}"
    ),
    # an action's value in HTML text or a quoted attribute (html/template's htmlEscaper)
    "go_print": (
        "{% macro go_print(v) %}"
        "{% if v is string %}{{ v }}{% elif v is none or v is undefined %}"
        '{% else %}{{ "%s" | format(go_str(v)) }}{% endif %}'
        "{% endmacro %}"
    ),
    # Context macros render raw text; the caller escapes it for an attribute.
    # a value in a URL attribute: mode "filter" (start of the URL), "norm" or "query"
    "go_url": (
        "{% macro go_url(v, mode) %}"
        '{% set s = "%s" | format(v if v is string else go_cast(v)) %}'
        '{% set p = s.split(":")[0] %}'
        '{% if mode == "filter" and ":" in s and "/" not in p'
        ' and p | lower not in ["http", "https", "mailto"] %}#ZgotmplZ'
        "{% else %}{% for c in s %}{% set h = s[loop.index0 + 1:loop.index0 + 3] %}"
        f'{{% if c in "{_ALNUM}-._~" or (mode != "query" and c in "!#$&*+,/:;=?@[]") %}}'
        "{{ c | safe }}"
        '{% elif c == "%" and mode != "query"'
        ' and h | select("in", "0123456789abcdefABCDEF") | list | length == 2 %}%'
        '{% elif c == "/" %}%2f{% else %}{{ c | urlencode | lower }}{% endif %}'
        "{% endfor %}{% endif %}"
        "{% endmacro %}"
    ),
    # a value in CSS (html/template's cssValueFilter)
    "go_css": (
        "{% macro go_css(v) %}"
        '{% set s = "%s" | format(v if v is string else go_cast(v)) %}'
        f'{{% set id = s | lower | select("in", "{_NMCHAR}") | join %}}'
        '{% if s | select("in", "\\x00\\"\'()/;@[\\\\]`{}") | list or "--" in s'
        ' or "expression" in id or "mozbinding" in id %}ZgotmplZ'
        "{% else %}{{ s | safe }}{% endif %}"
        "{% endmacro %}"
    ),
    # a value in JavaScript (jsValEscaper: JSON, spaced when it starts or ends like a name)
    "go_jsval": (
        "{% macro go_jsval(v) %}"
        '{% set j = "null" | safe if v is undefined'
        ' else v | tojson | replace("\\\\u0027", "\'" | safe) %}'
        f'{{% if j[:1] in "{_IDENT}" or j[-1:] in "{_IDENT}" %}} {{{{ j }}}} '
        "{% else %}{{ j }}{% endif %}"
        "{% endmacro %}"
    ),
    # a value inside a JavaScript string literal (jsStrEscaper)
    "go_jsstr": (
        "{% macro go_jsstr(v) %}"
        '{{ ("%s" | format(v if v is string else go_cast(v)) | tojson)[1:-1]'
        ' | replace("\\\\\\"", "\\\\u0022") | replace("+", "\\\\u002b") | replace("/", "\\\\/") }}'
        "{% endmacro %}"
    ),
    # an unquoted attribute value (htmlNospaceEscaper) of a plain string
    "go_nospace": (
        "{% macro go_nospace(s) %}{% for c in s %}"
        '{% if c == " " %}&#32;{% elif c == "\\t" %}&#9;{% elif c == "\\n" %}&#10;'
        '{% elif c == "\\x0b" %}&#11;{% elif c == "\\x0c" %}&#12;{% elif c == "\\r" %}&#13;'
        '{% elif c == "=" %}&#61;{% elif c == "`" %}&#96;{% elif c == "\\x00" %}&#xfffd;'
        "{% else %}{{ c }}{% endif %}{% endfor %}"
        "{% endmacro %}"
    ),
    # Hugo's TrimShortHTML: one paragraph loses its <p></p> (markdownify, RenderString)
    "go_trim_p": (
        "{% macro go_trim_p(h) %}"
        '{% set s = "%s" | format(h) %}'
        '{% if s.find("<p") == s.rfind("<p") and s.rfind("</p>") == s.rfind("</") %}'
        '{{ s.strip().removeprefix("<p>").removesuffix("</p>").strip() | safe }}'
        "{% else %}{{ s | safe }}{% endif %}"
        "{% endmacro %}"
    ),
    # Hugo's RelURL/AbsURL (and the Lang variants) for clean paths (helpers/url.go): a URL
    # with a scheme or `//` is kept; `/x` is relative to the host, `x` to the base URL
    "go_urlfn": (
        "{% macro go_urlfn(v, abs, addlang) %}"
        '{% set s = "%s" | format(v if v is string else go_cast(v)) %}'
        '{% set root = s[:1] == "/" %}'
        "{% set host = site.base_url[:(site.base_url | length) - (site.base_path | length)] %}"
        "{% set base = host if root else site.base_url %}"
        '{% set pre = site.lang.home_url[site.base_path | length:].strip("/") if addlang else "" %}'
        "{% set bare = s[1:] if root else s %}"
        '{% if abs and (s.startswith("//") or ":" in s.split("/")[0]) %}{{ s | safe }}'
        '{% elif not abs and (s.startswith("//")'
        ' or (s.startswith("http") and not s.startswith(base))) %}{{ s | safe }}'
        "{% else %}"
        "{% set u = s[base | length:] if not abs and s.startswith(base) else s %}"
        '{% if pre and not (bare == pre or bare.startswith(pre ~ "/")) %}'
        '{% set u = pre ~ "/" ~ u.lstrip("/") %}{% endif %}'
        '{% if abs %}{{ (base.rstrip("/") ~ "/" ~ u.lstrip("/")) | safe }}'
        '{% else %}{{ ((site.base_path if not root else "/") ~ u.lstrip("/")) | safe }}'
        "{% endif %}{% endif %}"
        "{% endmacro %}"
    ),
    # encoding/json as jsonify writes it: compact, keys sorted
    "go_json": (
        "{% macro go_json(v) %}"
        "{% if v is mapping %}{{ '{' }}{% for k, x in v | dictsort(true) %}"
        '{{ "," if not loop.first }}{{ k | string | tojson }}:{{ go_json(x) }}'
        "{% endfor %}{{ '}' }}"
        '{% elif v is string %}{{ v | tojson | replace("\\\\u0027", "\'" | safe) }}'
        '{% elif v is boolean %}{{ "true" if v else "false" }}'
        "{% elif v is none or v is undefined %}null"
        "{% elif v is float and v == v | round(0, 'floor') and v | abs < 1e21 %}{{ v | int }}"
        '{% elif v is number %}{{ "%r" | format(v) }}'
        '{% elif v is iterable %}[{% for x in v %}{{ "," if not loop.first }}'
        "{{ go_json(x) }}{% endfor %}]"
        "{% else %}{{ v | string | tojson }}{% endif %}"
        "{% endmacro %}"
    ),
    # collections.Delimit: values (of a map: by sorted key) joined, the last with `last`
    "go_delimit": (
        "{% macro go_delimit(l, sep, last) %}"
        '{% for x in (l | dictsort(true) | map(attribute="1") | list if l is mapping else l) %}'
        "{% if not loop.first %}"
        '{{ "%s" | format(last if loop.last and last is not none else sep) | safe }}'
        "{% endif %}{{ go_str(x) }}{% endfor %}"
        "{% endmacro %}"
    ),
}
MACRO_NEEDS = {
    "go_str": ("go_float",),
    "go_cast": ("go_str",),
    "go_print": ("go_str",),
    "go_url": ("go_cast",),
    "go_css": ("go_cast",),
    "go_jsstr": ("go_cast",),
    "go_delimit": ("go_str",),
    "go_urlfn": ("go_cast",),
}
MACRO_PARAMS = frozenset({"v", "mode", "s", "h", "l", "sep", "last", "k", "x", "abs", "addlang"})
MACRO_LOCALS = frozenset(
    {"r", "ip", "ds", "s", "p", "c", "h", "id", "j", "root", "host", "base", "pre", "bare", "u"}
)


def prelude(used: Iterable[str]) -> str:
    """The macro definitions `used` needs, in a fixed order, on one line."""
    wanted: set[str] = set()
    todo = list(used)
    while todo:
        name = todo.pop()
        if name not in wanted:
            wanted.add(name)
            todo.extend(MACRO_NEEDS.get(name, ()))
    return "".join(MACROS[name] for name in MACROS if name in wanted)


# -- assembling ------------------------------------------------------------------------------

Piece = tuple[str, str]  # ("text", raw text) | ("tag", statement) | ("print", expression)

_DELIM_START = re.compile(r"\{(?=[{%#])")


def assemble(pieces: list[Piece]) -> str:
    """Template text for `pieces` under polyblog's settings (trim_blocks, lstrip_blocks):
    statements get `+` where those settings would eat template whitespace."""
    out: list[str] = []
    for i, (kind, value) in enumerate(pieces):
        if kind == "text":
            text = _DELIM_START.sub('{{ "{" }}', value)
            if text.endswith("{"):
                text = text[:-1] + '{{ "{" }}'
            out.append(text)
            continue
        if kind == "print":
            out.append("{{ " + value + " }}")
            continue
        before = pieces[i - 1] if i else ("tag", "")
        after = pieces[i + 1] if i + 1 < len(pieces) else ("tag", "")
        left = "{%+ " if before[0] == "text" and before[1][-1:] in {" ", "\t"} else "{% "
        right = " +%}" if after[0] == "text" and after[1][:1] in {"\n", "\r"} else " %}"
        out.append(left + value + right)
    return "".join(out)


# -- the whitelist ---------------------------------------------------------------------------


def words(text: str) -> frozenset[str]:
    """The set of the space-separated words of `text`."""
    return frozenset(text.split())


SAFE_FILTERS = words(
    "abs default dictsort first float forceescape format int items join last length "
    "list lower map max min replace reverse safe select selectattr reject rejectattr "
    "sort string tojson trim unique upper urlencode round"
)
SAFE_TESTS = words(
    "boolean defined undefined none number integer float string mapping sequence "
    "iterable sameas equalto in eq ne lt le gt ge"
)
SAFE_METHODS = words(
    "split rstrip lstrip strip find rfind count removeprefix removesuffix startswith "
    "endswith encode unescape strftime"
)
CONTEXT_NAMES = words(
    "args kwargs inner inner_html is_markdown parent page lang site name position t "
    "rel_url abs_url format_date ordinal inner_source markdownify"
)
SAFE_ATTRS = words(
    # page, site, site.lang and parent fields given to shortcode templates; loop fields
    "title url permalink lang date section params description resources cover kind "
    "is_page base_url base_path copyright author home_url code locale hreflang dir "
    "name args kwargs parent index0 index first last length"
)
SAFE_CALLS = frozenset(
    {"namespace", "range", "dict", "t", "rel_url", "abs_url", "format_date", "markdownify"}
)
NAMESPACE = "gv"
_LOCAL = re.compile(r"(?:[a-z]+_\d+|gv)\Z")


class UnsafeJinja(Exception):
    """The emitted template left the whitelist: a bug in the translator, caught."""


def check(source: str) -> None:
    """Raise `UnsafeJinja` unless `source` parses and uses only whitelisted Jinja."""
    env = jinja2.Environment(autoescape=True, trim_blocks=True, lstrip_blocks=True)
    try:
        tree = env.parse(source)
        macros = {n.name for n in tree.find_all(nodes.Macro)}
        _walk(tree, macros | CONTEXT_NAMES | SAFE_CALLS | MACRO_PARAMS | MACRO_LOCALS | {"loop"})
        env.compile(tree)
    except (jinja2.TemplateSyntaxError, SyntaxError, RecursionError, MemoryError) as exc:
        raise UnsafeJinja(f"emitted Jinja does not compile: {type(exc).__name__}") from None


_ALLOWED_NODES = (
    nodes.Template,
    nodes.Output,
    nodes.TemplateData,
    nodes.Const,
    nodes.CondExpr,
    nodes.And,
    nodes.Or,
    nodes.Not,
    nodes.Neg,
    nodes.Compare,
    nodes.Operand,
    nodes.Concat,
    nodes.Add,
    nodes.Sub,
    nodes.Mul,
    nodes.Div,
    nodes.FloorDiv,
    nodes.Mod,
    nodes.List,
    nodes.Tuple,
    nodes.Dict,
    nodes.Pair,
    nodes.Keyword,
    nodes.If,
    nodes.For,
    nodes.Assign,
    nodes.Macro,
    nodes.Slice,
    nodes.MarkSafe,
)


def _walk(node: nodes.Node, names: set[str] | frozenset[str]) -> None:
    if isinstance(node, nodes.Name):
        if node.name.startswith("_") or not (node.name in names or _LOCAL.match(node.name)):
            raise UnsafeJinja(f"name {node.name!r}")
    elif isinstance(node, nodes.NSRef):
        if node.name != NAMESPACE or not _plain(node.attr):
            raise UnsafeJinja(f"namespace attribute {node.name}.{node.attr}")
    elif isinstance(node, nodes.Getattr):
        base = node.node
        namespaced = isinstance(base, nodes.Name) and base.name == NAMESPACE
        if not (node.attr in SAFE_ATTRS or (namespaced and _plain(node.attr))):
            raise UnsafeJinja(f"attribute {node.attr!r}")
    elif isinstance(node, nodes.Getitem):
        _check_key(node.arg, _path(node.node))
    elif isinstance(node, nodes.Filter | nodes.Test):
        allowed = SAFE_FILTERS if isinstance(node, nodes.Filter) else SAFE_TESTS
        if node.name not in allowed:
            raise UnsafeJinja(f"filter or test {node.name!r}")
        if isinstance(node, nodes.Filter) and node.name in {"map", "select", "reject"}:
            _check_filter_args(node)
        if isinstance(node, nodes.Filter) and node.name in {"selectattr", "rejectattr"}:
            _check_attr_args(node.args[:1])
    elif isinstance(node, nodes.Call):
        func = node.node
        if isinstance(func, nodes.Getattr):
            if func.attr not in SAFE_METHODS:
                raise UnsafeJinja(f"method {func.attr!r}")
            _walk(func.node, names)
            for child in [*node.args, *node.kwargs]:
                _walk(child, names)
            for extra in (node.dyn_args, node.dyn_kwargs):
                if extra is not None:
                    _walk(extra, names)
            return
        if not (isinstance(func, nodes.Name) and func.name in names):
            raise UnsafeJinja("call of an expression")
    elif not isinstance(node, _ALLOWED_NODES):
        raise UnsafeJinja(f"construct {type(node).__name__}")
    for child in node.iter_child_nodes():
        _walk(child, names)


def _plain(attr: str) -> bool:
    return bool(re.fullmatch(r"[a-z][a-z0-9_]*", attr))


def _check_key(arg: nodes.Node, container: str) -> None:
    """A subscript: an int, a slice, or a string that is no attribute of a builtin value
    (Jinja falls back to getattr for a missing string key)."""
    if isinstance(arg, nodes.Slice):
        return
    if isinstance(arg, nodes.Const) and isinstance(arg.value, int):
        return
    if (
        isinstance(arg, nodes.Const)
        and isinstance(arg.value, str)
        and safe_key(arg.value, container)
    ):
        return
    raise UnsafeJinja("subscript with an unchecked key")


def _check_filter_args(node: nodes.Filter) -> None:
    first = node.args[0] if node.args else None
    if isinstance(first, nodes.Const) and first.value not in SAFE_FILTERS | SAFE_TESTS:
        raise UnsafeJinja(f"filter or test {first.value!r}")
    for kw in node.kwargs:
        if kw.key == "attribute":
            _check_attr_args([kw.value])


def _check_attr_args(args: list[nodes.Expr]) -> None:
    for arg in args:
        if not (isinstance(arg, nodes.Const) and isinstance(arg.value, str)):
            raise UnsafeJinja("attribute path")
        for part in arg.value.split("."):
            if not (part.isdigit() or safe_key(part)):
                raise UnsafeJinja(f"attribute path {arg.value!r}")


_BUILTIN_ATTRS = (
    frozenset(
        name
        for kind in (dict, list, tuple, str, int, float, bool, bytes, type(None))
        for name in dir(kind)
    )
    | frozenset(dir(jinja2.Undefined))
    | words(
        "strftime isoformat year month day hour minute second tzinfo date time replace "
        "timestamp weekday unescape striptags"
    )
)


def safe_key(key: str, container: str = "") -> bool:
    """True when looking up `key` with `x[key]` can only read a mapping entry (Jinja falls
    back to an attribute for a missing key). `container` is the Jinja path of `x`: the
    shortcode's kwargs, params and resources are dicts, so only dict attributes matter."""
    if not key or key.startswith("_"):
        return False
    if DICT_PATH.fullmatch(container):
        return key not in _DICT_ATTRS
    return key not in _BUILTIN_ATTRS


DICT_PATH = re.compile(r"(?:parent\.)*kwargs|page\.params|site\.params|page\.resources")
_DICT_ATTRS = frozenset(dir(dict))


def _path(node: nodes.Node) -> str:
    if isinstance(node, nodes.Name):
        return node.name
    if isinstance(node, nodes.Getattr):
        return f"{_path(node.node)}.{node.attr}"
    return ""
