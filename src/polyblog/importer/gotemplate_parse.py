"""The parser of Go's text/template syntax into a small tree: text, actions, if/with/range,
pipelines, commands and operands. Total: any mistake is a `GoSyntaxError` with its line."""

from __future__ import annotations

import re
from dataclasses import dataclass

from polyblog.importer.gotemplate_lex import Token, lex

MAX_DEPTH = 50  # nesting of blocks and parentheses


class GoSyntaxError(Exception):
    """A template Hugo would refuse to parse, at `line`."""

    def __init__(self, message: str, line: int) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


@dataclass(frozen=True, slots=True)
class Field:
    """`.A.B`: fields of the dot."""

    path: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Var:
    """`$x.A.B` (`$` alone is the template's root)."""

    name: str
    path: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Dot:
    pass


@dataclass(frozen=True, slots=True)
class Nil:
    pass


@dataclass(frozen=True, slots=True)
class Bool:
    value: bool


@dataclass(frozen=True, slots=True)
class Num:
    value: int | float
    text: str


@dataclass(frozen=True, slots=True)
class Str:
    value: str


@dataclass(frozen=True, slots=True)
class Ident:
    """A function name (`printf`, `strings`)."""

    name: str


@dataclass(frozen=True, slots=True)
class Chain:
    """Fields of a value that is not the dot or a variable: `(pipeline).A`, `strings.HasPrefix`."""

    node: Operand
    path: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class SubPipe:
    """A parenthesized pipeline."""

    pipe: Pipe


Operand = Field | Var | Dot | Nil | Bool | Num | Str | Ident | Chain | SubPipe


@dataclass(frozen=True, slots=True)
class Command:
    args: tuple[Operand, ...]
    line: int


@dataclass(frozen=True, slots=True)
class Pipe:
    decl: tuple[str, ...]  # variables declared or assigned
    assign: bool  # `=` rather than `:=`
    cmds: tuple[Command, ...]
    line: int


@dataclass(frozen=True, slots=True)
class Text:
    text: str
    line: int


@dataclass(frozen=True, slots=True)
class Action:
    pipe: Pipe
    line: int


@dataclass(frozen=True, slots=True)
class Branch:
    """`if`, `with` or `range`; `else_` is None without an `{{ else }}`."""

    kind: str
    pipe: Pipe
    body: tuple[Node, ...]
    else_: tuple[Node, ...] | None
    line: int


@dataclass(frozen=True, slots=True)
class Jump:
    """`break` or `continue`."""

    kind: str
    line: int


@dataclass(frozen=True, slots=True)
class TemplateCall:
    """`{{ template "name" pipeline }}` or `{{ block ... }}` / `{{ define ... }}`."""

    kind: str
    name: str
    line: int


Node = Text | Action | Branch | Jump | TemplateCall

_OCTAL = re.compile(r"[+-]?0[0-7_]+")
_SIMPLE_ESCAPES = {
    "a": "\a",
    "b": "\b",
    "f": "\f",
    "n": "\n",
    "r": "\r",
    "t": "\t",
    "v": "\v",
    "\\": "\\",
}


class _Parser:
    def __init__(self, tokens: list[Token]) -> None:
        self.tokens = tokens
        self.i = 0
        self.vars: list[str] = ["$"]
        self.range_depth = 0
        self.depth = 0

    # -- tokens ---------------------------------------------------------------------------

    def peek(self) -> Token:
        return self.tokens[self.i]

    def next(self) -> Token:
        token = self.tokens[self.i]
        if token.kind == "ERROR":
            raise GoSyntaxError(token.value, token.line)
        if token.kind != "EOF":
            self.i += 1
        return token

    def skip_space(self) -> None:
        while self.peek().kind == "SPACE":
            self.i += 1

    def next_non_space(self) -> Token:
        self.skip_space()
        return self.next()

    def peek_non_space(self) -> Token:
        self.skip_space()
        token = self.peek()
        if token.kind == "ERROR":
            raise GoSyntaxError(token.value, token.line)
        return token

    def expect(self, kind: str, context: str) -> Token:
        token = self.next_non_space()
        if token.kind != kind:
            raise GoSyntaxError(f"unexpected {_show(token)} in {context}", token.line)
        return token

    # -- lists and actions ----------------------------------------------------------------

    def item_list(self, top: bool = False) -> tuple[list[Node], str, int]:
        """Nodes up to `{{ end }}`, `{{ else }}` or the end; returns (nodes, stop, line)."""
        nodes: list[Node] = []
        while True:
            token = self.next()
            if token.kind == "EOF":
                if top:
                    return nodes, "eof", token.line
                raise GoSyntaxError("unexpected EOF", token.line)
            if token.kind == "TEXT":
                nodes.append(Text(token.value, token.line))
                continue
            node = self.action(token.line)
            if isinstance(node, str):
                if top:
                    raise GoSyntaxError(f"unexpected {{{{{node}}}}}", token.line)
                return nodes, node, token.line
            nodes.append(node)

    def action(self, line: int) -> Node | str:
        token = self.next_non_space()
        if token.kind == "KEYWORD":
            word = token.value
            if word in {"if", "with", "range"}:
                return self.control(word, token.line)
            if word == "end":
                self.expect("RIGHT", "end")
                return "end"
            if word == "else":
                after = self.peek_non_space()
                if after.kind == "KEYWORD" and after.value in {"if", "with"}:
                    return "else " + after.value
                self.expect("RIGHT", "else")
                return "else"
            if word in {"break", "continue"}:
                self.expect("RIGHT", word)
                if not self.range_depth:
                    raise GoSyntaxError(f"{{{{{word}}}}} outside {{{{range}}}}", token.line)
                return Jump(word, token.line)
            return self.template_call(word, token.line)
        self.i -= 1
        pipe = self.pipeline("command", line)
        self.expect("RIGHT", "command")
        return Action(pipe, line)

    def control(self, kind: str, line: int) -> Branch:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise GoSyntaxError("blocks nested too deeply", line)
        mark = len(self.vars)
        pipe = self.pipeline(kind, line)
        self.expect("RIGHT", kind)
        if kind == "range":
            self.range_depth += 1
        body, stop, stop_line = self.item_list()
        if kind == "range":
            self.range_depth -= 1
        else_: tuple[Node, ...] | None = None
        if stop.startswith("else "):
            if stop[5:] != kind:  # else if in an if; else with (Hugo 0.123 and later) in a with
                raise GoSyntaxError(f"{{{{{stop}}}}} in {{{{{kind}}}}}", stop_line)
            self.next_non_space()  # the if/with keyword
            # {{ else if x }} is {{ else }}{{ if x }}..{{ end }} sharing the one {{ end }}
            else_ = (self.control(stop[5:], stop_line),)
        elif stop == "else":
            nodes, stop, stop_line = self.item_list()
            if stop != "end":
                raise GoSyntaxError(f"expected end; found {{{{{stop}}}}}", stop_line)
            else_ = tuple(nodes)
        del self.vars[mark:]
        self.depth -= 1
        return Branch(kind, pipe, tuple(body), else_, line)

    def template_call(self, word: str, line: int) -> TemplateCall:
        name = self.next_non_space()
        if name.kind not in {"STRING", "RAW"}:
            raise GoSyntaxError(f"unexpected {_show(name)} in {word} clause", name.line)
        value = name.value if name.kind == "RAW" else _unquote(name.value, name.line)
        if self.peek_non_space().kind != "RIGHT":
            self.pipeline(word, line)
        self.expect("RIGHT", word)
        if word in {"define", "block"}:
            raise GoSyntaxError(f"{{{{{word}}}}} is not supported in a shortcode", line)
        return TemplateCall(word, value, line)

    # -- pipelines --------------------------------------------------------------------------

    def pipeline(self, context: str, line: int) -> Pipe:
        decl: list[str] = []
        assign = False
        start = self.i
        token = self.peek_non_space()
        if token.kind == "VAR":
            self.next()
            after = self.peek_non_space()
            if after.kind in {"DECLARE", "ASSIGN"}:
                self.next()
                decl = [token.value]
                assign = after.kind == "ASSIGN"
            elif after.kind == "COMMA" and context == "range":
                self.next()
                second = self.next_non_space()
                if second.kind != "VAR":
                    raise GoSyntaxError(f"unexpected {_show(second)} in range", second.line)
                sign = self.next_non_space()
                if sign.kind not in {"DECLARE", "ASSIGN"}:
                    raise GoSyntaxError(f"unexpected {_show(sign)} in range", sign.line)
                decl = [token.value, second.value]
                assign = sign.kind == "ASSIGN"
            else:
                self.i = start
        for name in decl:
            if assign:
                if name not in self.vars:
                    raise GoSyntaxError(f"undefined variable {name!r}", token.line)
            else:
                self.vars.append(name)
        cmds: list[Command] = []
        while True:
            token = self.peek_non_space()
            if token.kind in {"RIGHT", "RPAREN"}:
                break
            cmds.append(self.command())
            if self.peek_non_space().kind == "PIPE":
                self.next()
        if not cmds:
            raise GoSyntaxError(f"missing value for {context}", line)
        for position, cmd in enumerate(cmds[1:], 2):
            if isinstance(cmd.args[0], Bool | Dot | Nil | Num | Str):
                raise GoSyntaxError(
                    f"non executable command in pipeline stage {position}", cmd.line
                )
        return Pipe(tuple(decl), assign, tuple(cmds), line)

    def command(self) -> Command:
        args: list[Operand] = []
        line = self.peek_non_space().line
        while True:
            self.skip_space()
            args.append(self.operand())
            token = self.peek()
            if token.kind == "SPACE":
                after = self.peek_non_space()
                if after.kind in {"RIGHT", "RPAREN", "PIPE"}:
                    break
                continue
            if token.kind in {"RIGHT", "RPAREN", "PIPE"}:
                break
            if token.kind == "ERROR":
                raise GoSyntaxError(token.value, token.line)
            raise GoSyntaxError(f"unexpected {_show(token)} in operand", token.line)
        return Command(tuple(args), line)

    def operand(self) -> Operand:
        node = self.term()
        path: list[str] = []
        while self.peek().kind == "FIELD":
            path.append(self.next().value[1:])
        if not path:
            return node
        if isinstance(node, Field):
            return Field(node.path + tuple(path))
        if isinstance(node, Var):
            return Var(node.name, node.path + tuple(path))
        if isinstance(node, Bool | Str | Num | Nil | Dot):
            raise GoSyntaxError("unexpected . after term", self.peek().line)
        return Chain(node, tuple(path))

    def term(self) -> Operand:
        token = self.next_non_space()
        kind, value = token.kind, token.value
        if kind == "IDENT":
            return Ident(value)
        if kind == "DOT":
            return Dot()
        if kind == "NIL":
            return Nil()
        if kind == "VAR":
            if value not in self.vars:
                raise GoSyntaxError(f"undefined variable {value!r}", token.line)
            return Var(value)
        if kind == "FIELD":
            return Field((value[1:],))
        if kind == "BOOL":
            return Bool(value == "true")
        if kind == "NUMBER":
            return Num(_number(value, token.line), value)
        if kind == "CHAR":
            text = _unquote('"' + value[1:-1] + '"', token.line) if value != "'\"'" else '"'
            if len(text) != 1:
                raise GoSyntaxError(f"malformed character constant: {value}", token.line)
            return Num(ord(text), value)
        if kind == "STRING":
            return Str(_unquote(value, token.line))
        if kind == "RAW":
            return Str(value.replace("\r", ""))
        if kind == "LPAREN":
            self.depth += 1
            if self.depth > MAX_DEPTH:
                raise GoSyntaxError("parentheses nested too deeply", token.line)
            pipe = self.pipeline("parenthesized pipeline", token.line)
            self.expect("RPAREN", "parenthesized pipeline")
            self.depth -= 1
            return SubPipe(pipe)
        raise GoSyntaxError(f"unexpected {_show(token)} in operand", token.line)


def _show(token: Token) -> str:
    names = {"RIGHT": "}}", "EOF": "EOF", "SPACE": "space"}
    return repr(names.get(token.kind, token.value))


def _number(text: str, line: int) -> int | float:
    clean = text.replace("_", "")
    try:
        if clean.endswith("i"):
            raise ValueError
        if _OCTAL.fullmatch(text):
            return int(clean, 8)
        if clean.lower().lstrip("+-").startswith(("0x", "0o", "0b")):
            if "." in clean or "p" in clean.lower():
                return float.fromhex(clean)
            return int(clean, 0)
        if any(c in clean for c in ".eE"):
            return float(clean)
        return int(clean, 10)
    except (ValueError, OverflowError):
        raise GoSyntaxError(f"illegal number syntax: {text!r}", line) from None


def _unquote(quoted: str, line: int) -> str:
    """A Go double-quoted string literal's value (strconv.Unquote)."""
    body = quoted[1:-1]
    out: list[str] = []
    i = 0
    while i < len(body):
        ch = body[i]
        if ch != "\\":
            out.append(ch)
            i += 1
            continue
        esc = body[i + 1] if i + 1 < len(body) else ""
        i += 2
        if esc in _SIMPLE_ESCAPES:
            out.append(_SIMPLE_ESCAPES[esc])
        elif esc == '"':
            out.append('"')
        elif esc in {"x", "u", "U"}:
            size = {"x": 2, "u": 4, "U": 8}[esc]
            digits = body[i : i + size]
            if len(digits) != size or not all(c in "0123456789abcdefABCDEF" for c in digits):
                raise GoSyntaxError(f"invalid escape in string {quoted}", line)
            code = int(digits, 16)
            if esc != "x" and (code > 0x10FFFF or 0xD800 <= code <= 0xDFFF):
                raise GoSyntaxError(f"invalid escape in string {quoted}", line)
            out.append(chr(code))
            i += size
        elif esc in "01234567" and esc:
            digits = body[i - 1 : i + 2]
            if len(digits) != 3 or not all(c in "01234567" for c in digits):
                raise GoSyntaxError(f"invalid escape in string {quoted}", line)
            code = int(digits, 8)
            if code > 255:
                raise GoSyntaxError(f"invalid escape in string {quoted}", line)
            out.append(chr(code))
            i += 2
        else:
            raise GoSyntaxError(f"invalid escape in string {quoted}", line)
    return "".join(out)


def parse(source: str) -> tuple[Node, ...]:
    """The tree of `source`; raises `GoSyntaxError`."""
    parser = _Parser(lex(source))
    nodes, _stop, _line = parser.item_list(top=True)
    return tuple(nodes)
