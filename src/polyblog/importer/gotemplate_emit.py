"""The walk over a parsed Go template that writes Jinja: text through html/template's
contexts, variables with Go's scopes, if/with/range, pipelines and commands."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field, replace

from polyblog.importer import gotemplate_html as H
from polyblog.importer.gotemplate_fields import field as get_field
from polyblog.importer.gotemplate_funcs import call_function
from polyblog.importer.gotemplate_jinja import NAMESPACE, Piece, assemble, prelude, words
from polyblog.importer.gotemplate_parse import (
    Action,
    Bool,
    Branch,
    Chain,
    Command,
    Dot,
    Field,
    Ident,
    Jump,
    Nil,
    Node,
    Num,
    Operand,
    Pipe,
    Str,
    SubPipe,
    Text,
    Var,
)
from polyblog.importer.gotemplate_print import describe, escaped
from polyblog.importer.gotemplate_values import (
    ANY,
    FLOAT,
    INT,
    LIST,
    MAP,
    NIL,
    SHORTCODE,
    STR,
    SYMBOLIC,
    Macros,
    Unsupported,
    Val,
    const,
    join_kinds,
    truth,
)
from polyblog.importer.gotemplate_values import NAMESPACE as NS_KIND

STATEMENT = "statement"  # a value that is a Jinja statement: .Scratch.Set
BROKEN = Val("none", "broken")  # what an untranslatable part leaves: no further problems
HEADER = "{#- polyblog: translated from the Hugo shortcode NAME (a Go template) #}\n"
MAX_EXPRESSION = 20_000  # characters of one Jinja expression
MAX_NESTING = 40  # brackets inside one Jinja expression (Python's compiler allows 200)
# Hugo's function namespaces: `strings.HasPrefix` is a function, not a field
NAMESPACES = words(
    "cast collections compare crypto css data debug diagrams encoding fmt hugo images "
    "inflect js lang math openapi3 os partials path reflect resources safe strings "
    "templates time transform urls"
)


def comment_safe(text: str) -> str:
    return re.sub(r"\s+", " ", text).replace("#}", "# }").replace("{#", "{ #")


@dataclass(slots=True)
class _Var:
    attr: str  # namespace attribute; "" for a Hugo object bound directly
    decl: int
    val: Val


def _template(v: Val) -> Val:
    """What a variable remembers of a value: its kind (or the object, when symbolic)."""
    if v.kind in SYMBOLIC:
        return replace(v, const=None, is_const=False)
    return Val("", v.kind, lower_keys=v.lower_keys, name=v.name)


def _join(a: Val | None, b: Val) -> Val:
    b = _template(b)
    if a is None or a == b:
        return b
    if a.kind in SYMBOLIC or b.kind in SYMBOLIC:
        return Val("", "mixed")
    return Val(
        "",
        join_kinds(a.kind, b.kind),
        lower_keys=a.lower_keys and b.lower_keys,
        name=a.name if a.name == b.name else "",
    )


@dataclass(slots=True)
class Emitter:
    kinds_in: dict[int, Val]
    kinds_out: dict[int, Val] = field(default_factory=dict)
    pieces: list[Piece] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    macros: Macros = field(default_factory=Macros)
    ctx: H.Ctx = field(default_factory=H.Ctx)
    scopes: list[dict[str, _Var]] = field(default_factory=lambda: [{}])
    dot: Val = field(default_factory=lambda: Val("", SHORTCODE))
    decls: itertools.count[int] = field(default_factory=itertools.count)
    loops: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    attrs: set[str] = field(default_factory=set)
    scratch_vars: dict[str, _Var] = field(default_factory=dict)
    uses_namespace: bool = False

    # -- output ---------------------------------------------------------------------------

    def problem(self, line: int, message: str) -> None:
        text = f"line {line}: {message}"
        if text not in self.problems:
            self.problems.append(text)

    def __post_init__(self) -> None:
        self.macros.new_attr = self.new_attr
        self.macros.loops = self.loops

    def flush(self) -> None:
        """Statements an expression needs run first (`Macros.pre`)."""
        self.pieces += [("tag", statement) for statement in self.macros.pre]
        self.macros.pre.clear()

    def tag(self, statement: str) -> None:
        self.flush()
        self.pieces.append(("tag", statement))

    def new_attr(self, base: str) -> str:
        base = re.sub(r"[^a-z0-9_]", "_", base.lower()) or "v"
        if not re.match(r"[a-z]", base):
            base = "v" + base
        attr, n = base, 1
        while attr in self.attrs:
            n += 1
            attr = f"{base}_{n}"
        self.attrs.add(attr)
        self.uses_namespace = True
        return attr

    def finish(self) -> None:
        if self.ctx.state != H.TEXT:
            state = self.ctx.error or f"it ends inside {describe(self.ctx.state)}"
            self.problem(1, f"html/template refuses this template: {state}")

    def render(self, name: str) -> str:
        head = HEADER.replace("NAME", comment_safe(name))
        setup = f"{{% set {NAMESPACE} = namespace() %}}" if self.uses_namespace else ""
        setup += prelude(self.macros.used)
        body = assemble(self.pieces)
        if setup and body[:1] in {"\n", "\r"}:
            setup = setup[: -len("%}")] + "+%}"
        return head + setup + body

    # -- nodes ----------------------------------------------------------------------------

    def nodes(self, nodes: tuple[Node, ...]) -> None:
        for node in nodes:
            if isinstance(node, Text):
                self.text(node)
            elif isinstance(node, Action):
                self.action(node)
            elif isinstance(node, Branch):
                self.branch(node)
            elif isinstance(node, Jump):
                self.problem(
                    node.line, f"{{{{ {node.kind} }}}}: polyblog's Jinja has no loop controls"
                )
            else:
                self.problem(node.line, f"{{{{ {node.kind} {node.name!r} }}}} is not translated")

    def text(self, node: Text) -> None:
        ctx, out = H.escape_text(self.ctx, node.text)
        if ctx.state == H.ERROR:
            self.problem(node.line, f"html/template refuses this HTML: {ctx.error}")
            ctx = H.Ctx()
        self.ctx = ctx
        if out:
            self.pieces.append(("text", out))

    def action(self, node: Action) -> None:
        try:
            value = self.pipeline(node.pipe)
        except Unsupported as exc:
            self.problem(node.line, str(exc))
            value = BROKEN
        if node.pipe.decl:
            for name in node.pipe.decl:
                self.bind(name, value, node.line, node.pipe.assign)
        elif value.kind == STATEMENT:
            self.tag(value.code)
        elif value.kind != BROKEN.kind:
            self.print(value, node.line)

    def join(self, a: H.Ctx, b: H.Ctx, what: str, line: int) -> H.Ctx:
        joined = H.join(a, b, what)
        if joined.state == H.ERROR:
            self.problem(line, f"html/template refuses this template: {joined.error}")
            return H.Ctx()
        return joined

    def condition(self, pipe: Pipe, line: int) -> Val:
        """The value of an if/with pipeline, declaring its variable if it has one."""
        try:
            value = self.pipeline(pipe)
        except Unsupported as exc:
            self.problem(line, str(exc))
            value = BROKEN
        for name in pipe.decl:
            self.bind(name, value, line, pipe.assign)
        return value

    def branch(self, node: Branch) -> None:
        self.scopes.append({})
        outer_dot = self.dot
        start = self.ctx
        if node.kind == "range":
            self.range_head(node)
        else:
            value = self.condition(node.pipe, node.line)
            if node.kind == "with":
                self.dot = self.bound(value, node.pipe, "w")
                self.tag(f"if {truth(self.dot)}")
            else:
                self.tag(f"if {truth(value)}")
        self.scopes.append({})
        self.nodes(node.body)
        self.scopes.pop()
        body_end = self.ctx
        if node.kind == "range" and body_end != start:
            body_end = self.join(start, body_end, "range", node.line)
        self.dot = outer_dot
        self.ctx = start
        if node.else_ is not None:
            self.tag("else")
            self.scopes.append({})
            self.nodes(node.else_)
            self.scopes.pop()
        self.tag("endfor" if node.kind == "range" else "endif")
        self.ctx = self.join(body_end, self.ctx, node.kind, node.line)
        self.scopes.pop()

    def bound(self, value: Val, pipe: Pipe, base: str) -> Val:
        """`value` read through a variable, so that it is computed once."""
        if value.kind in SYMBOLIC:
            return value
        if pipe.decl:
            return self.find(pipe.decl[0]).val
        attr = self.new_attr(base)
        self.tag(f"set {NAMESPACE}.{attr} = {value.code}")
        return replace(value, code=f"{NAMESPACE}.{attr}", const=None, is_const=False)

    def range_head(self, node: Branch) -> None:
        pipe = node.pipe
        try:
            value = self.pipeline(replace(pipe, decl=()))
        except Unsupported as exc:
            self.problem(node.line, str(exc))
            value = BROKEN
        item = f"e_{next(self.loops)}"
        key_kind = ANY
        if value.kind == LIST:
            source, key, elem = f"({value.code} or [])", "loop.index0", item
            key_kind = INT
        elif value.kind == MAP:
            source = f"(({value.code} or {{}}) | dictsort(true))"
            key, elem = f"{item}[0]", f"{item}[1]"
        elif value.kind == ANY:
            r = self.bound(value, replace(pipe, decl=()), "r").code
            source = f"({r} | dictsort(true) if {r} is mapping else ({r} or []))"
            key = f"({item}[0] if {r} is mapping else loop.index0)"
            elem = f"({item}[1] if {r} is mapping else {item})"
        else:
            if value.kind != BROKEN.kind:
                self.problem(node.line, f"range over a {value.kind} value")
            source, key, elem = "[]", "loop.index0", item
        self.tag(f"for {item} in {source}")
        elem_val = Val(elem, ANY, lower_keys=value.lower_keys)
        if len(pipe.decl) == 2:
            self.bind(pipe.decl[0], Val(key, key_kind), node.line, pipe.assign)
            self.bind(pipe.decl[1], elem_val, node.line, pipe.assign)
            self.dot = self.find(pipe.decl[1]).val
        elif pipe.decl:
            self.bind(pipe.decl[0], elem_val, node.line, pipe.assign)
            self.dot = self.find(pipe.decl[0]).val
        elif elem == item:
            self.dot = elem_val
        else:
            attr = self.new_attr("d")
            self.tag(f"set {NAMESPACE}.{attr} = {elem}")
            self.dot = replace(elem_val, code=f"{NAMESPACE}.{attr}")

    # -- variables --------------------------------------------------------------------------

    def find(self, name: str) -> _Var:
        if name == "$":
            return _Var("", -1, Val("", SHORTCODE))
        for scope in reversed(self.scopes):
            if name in scope:
                return scope[name]
        raise Unsupported(f"undefined variable {name}")

    def observe(self, decl: int, value: Val) -> None:
        known = self.kinds_out.get(decl, self.kinds_in.get(decl))
        self.kinds_out[decl] = _join(known, value)

    def bind(self, name: str, value: Val, line: int, assign: bool) -> None:
        if name == "$":
            self.problem(line, "assignment to $")
            return
        if value.kind == STATEMENT:
            self.problem(line, f"{name} is given the result of a .Scratch change")
            return
        if assign:
            try:
                var = self.find(name)
            except Unsupported as exc:
                self.problem(line, str(exc))
                return
            self.observe(var.decl, value)
            if not var.attr:
                if _template(value) != var.val:
                    self.problem(line, f"{name} is given values of different kinds")
                return
            self.tag(f"set {NAMESPACE}.{var.attr} = {value.code}")
            return
        decl = next(self.decls)
        self.observe(decl, value)
        known = self.kinds_in.get(decl, _template(value))
        if known.kind == "mixed" or (known.kind in SYMBOLIC) != (value.kind in SYMBOLIC):
            self.problem(line, f"{name} holds a Hugo object and other values")
            return
        if known.kind in SYMBOLIC:
            self.scopes[-1][name] = _Var("", decl, known)
            return
        attr = self.new_attr(name[1:])
        self.tag(f"set {NAMESPACE}.{attr} = {value.code}")
        self.scopes[-1][name] = _Var(attr, decl, replace(known, code=f"{NAMESPACE}.{attr}"))

    # -- pipelines ------------------------------------------------------------------------

    def pipeline(self, pipe: Pipe) -> Val:
        value: Val | None = None
        for cmd in pipe.cmds:
            value = self.command(cmd, value)
            if len(value.code) > MAX_EXPRESSION or _nesting(value.code) > MAX_NESTING:
                raise Unsupported("an expression too large to translate")
        if value is None:
            raise Unsupported("empty pipeline")
        return value

    def command(self, cmd: Command, final: Val | None) -> Val:
        head, rest = cmd.args[0], cmd.args[1:]
        extra = [final] if final is not None else []
        if isinstance(head, Ident):
            args = [self.operand(a) for a in rest] + extra
            return call_function(head.name, args, self.macros)
        if (
            isinstance(head, Chain)
            and isinstance(head.node, Ident)
            and head.node.name in NAMESPACES
        ):
            args = [self.operand(a) for a in rest] + extra
            return call_function(f"{head.node.name}.{'.'.join(head.path)}", args, self.macros)
        if isinstance(head, Field | Var | Chain) and head.path:
            base = self.base(head)
            args = [self.operand(a) for a in rest] + extra
            value = base
            for i, name in enumerate(head.path[:-1]):
                if name == "Scratch" and value.kind == SHORTCODE and not value.code:
                    if i != len(head.path) - 2:
                        raise Unsupported(".Scratch used as a value")
                    return self.scratch(head.path[-1], args)
                value = get_field(value, name, None, self.macros)
            return get_field(value, head.path[-1], args if args else None, self.macros)
        if rest or extra:
            raise Unsupported("arguments given to a value that is not a function")
        return self.operand(head)

    def scratch(self, method: str, args: list[Val]) -> Val:
        """The shortcode's own `.Scratch` (one per call): a variable per constant key."""
        if not args or not (args[0].is_const and isinstance(args[0].const, str)):
            raise Unsupported(f".Scratch.{method} with a key that is not a constant")
        key = str(args[0].const)
        if key not in self.scratch_vars:
            decl = next(self.decls)
            self.scratch_vars[key] = _Var(self.new_attr("scratch_" + key), decl, Val(""))
        var = self.scratch_vars[key]
        known = self.kinds_in.get(var.decl, Val("", NIL))
        current = replace(known, code=f"{NAMESPACE}.{var.attr}")
        target = f"set {NAMESPACE}.{var.attr}"
        if method == "Get" and len(args) == 1:
            return current
        if method == "Delete" and len(args) == 1:
            return Val(f"{target} = none", STATEMENT)
        if method in {"Set", "Add"} and len(args) == 2:
            value = args[1]
            if value.kind in SYMBOLIC:
                raise Unsupported(f".Scratch.{method} of a Hugo object")
            if method == "Add":
                if known.kind not in {NIL, INT, FLOAT, STR} or value.kind not in {INT, FLOAT, STR}:
                    raise Unsupported(".Scratch.Add of values other than numbers and strings")
                value = Val(
                    f"({current.code} + {value.code} if {current.code} is defined"
                    f" and {current.code} is not none else {value.code})",
                    join_kinds(known.kind, value.kind) if known.kind != NIL else value.kind,
                )
            self.observe(var.decl, value)
            return Val(f"{target} = {value.code}", STATEMENT)
        raise Unsupported(f".Scratch.{method} is not translated")

    def base(self, op: Field | Var | Chain) -> Val:
        if isinstance(op, Field):
            return self.dot
        if isinstance(op, Var):
            return self.find(op.name).val
        return self.operand(op.node)

    def operand(self, op: Operand) -> Val:
        if isinstance(op, Str | Num | Bool):
            return const(op.value)
        if isinstance(op, Nil):
            return Val("none", NIL, None, True)
        if isinstance(op, Dot):
            return self.dot
        if isinstance(op, SubPipe):
            if op.pipe.decl:
                raise Unsupported("a declaration inside parentheses")
            return self.pipeline(op.pipe)
        if isinstance(op, Ident):
            if op.name in NAMESPACES:
                return Val(op.name, NS_KIND)
            return call_function(op.name, [], self.macros)
        if isinstance(op, Chain) and isinstance(op.node, Ident) and op.node.name in NAMESPACES:
            return call_function(f"{op.node.name}.{'.'.join(op.path)}", [], self.macros)
        value = self.base(op)
        for name in op.path:
            value = get_field(value, name, None, self.macros)
        return value

    def print(self, v: Val, line: int) -> None:
        c = H.nudge(self.ctx)
        try:
            if v.kind in SYMBOLIC or v.kind == "mixed":
                raise Unsupported(f"printing a {v.kind} object")
            code = escaped(v, c, self.macros)
        except Unsupported as exc:
            self.problem(line, str(exc))
            return
        if c.state in {H.ATTR_NAME, H.TAG}:
            c = replace(c, state=H.ATTR_NAME)
        elif c.state == H.JS:
            c = replace(c, js_ctx="divop")
        self.ctx = c
        self.flush()
        if code:
            self.pieces.append(("print", code))


def _nesting(code: str) -> int:
    """The deepest bracket nesting of a Jinja expression (string literals skipped)."""
    depth = deepest = 0
    quote = ""
    escaped = False
    for ch in code:
        if quote:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == quote:
                quote = ""
        elif ch in "\"'":
            quote = ch
        elif ch in "([{":
            depth += 1
            deepest = max(deepest, depth)
        elif ch in ")]}":
            depth -= 1
    return deepest
