"""The Jinja environment: theme and site layouts, autoescaping, errors with file:line."""

from __future__ import annotations

import io
import os
import traceback
from collections.abc import Callable, MutableMapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
import markupsafe
from jinja2 import nodes
from jinja2.bccache import Bucket
from jinja2.compiler import CodeGenerator, Frame, optimizeconst
from jinja2.loaders import split_template_path
from jinja2.nodes import Expr

from polyblog.errors import SourcePos, TemplateError, Warning_
from polyblog.links import OUTSIDE, check_tree, display, inside
from polyblog.mathml import tex_to_mathml

PACKAGE_THEMES = Path(__file__).resolve().parent.parent / "themes"


class SiteLoader(jinja2.FileSystemLoader):
    """Jinja's file loader, except that a template reached through a symlink leaving `roots`
    (the site folder, the bundled themes) is treated as absent: the next folder is tried."""

    def __init__(
        self, searchpath: Sequence[str], roots: Sequence[Path], layouts_dir: str = "layouts"
    ) -> None:
        super().__init__(list(searchpath))
        self.roots = tuple(roots)
        self.layouts_dir = layouts_dir  # the site's template folder, for messages
        self.refused: dict[str, str] = {}  # template name -> the link that was not followed

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        pieces = split_template_path(template)
        for folder in self.searchpath:
            path = Path(folder, *pieces)
            if not _is_file(path):
                continue
            if self.roots and not inside(path, self.roots):
                self.refused[template] = display(path, self.roots[0])
                continue
            try:
                contents = path.read_text(encoding=self.encoding)
                mtime = path.stat().st_mtime
            except (OSError, UnicodeDecodeError) as exc:
                raise TemplateError(f"cannot read template: {exc}", SourcePos(str(path))) from None

            def uptodate(path: Path = path, mtime: float = mtime) -> bool:
                try:
                    return path.stat().st_mtime == mtime
                except OSError:
                    return False

            return contents, os.path.normpath(path), uptodate
        raise jinja2.TemplateNotFound(template)


def _is_file(path: Path) -> bool:
    """`Path.is_file`, false for names the file system refuses (too long: a `layout` value)."""
    try:
        return path.is_file()
    except OSError:
        return False


class LenientUndefined(jinja2.ChainableUndefined):
    """What a template gets for a missing attribute or key of a defined value
    (`page.params.missing`, `site.params.social.x`): prints as nothing, is false, chains.
    A name that nothing defines becomes a `NameUndefined` instead."""

    __slots__ = ()

    def __new__(cls, *args: object, **kwargs: object) -> LenientUndefined:
        looked_up = kwargs.get("obj", jinja2.utils.missing) is jinja2.utils.missing
        if cls is LenientUndefined and looked_up and kwargs.get("name") is not None:
            cls = NameUndefined
        return super().__new__(cls)


class NameUndefined(jinja2.StrictUndefined, LenientUndefined):
    """A top-level name that no template, context or macro defines (`{{ undefined_var.x }}`):
    any use but `is defined` and `default` is an error at the template's line, as in Hugo."""

    __slots__ = ()

    @property
    def _undefined_message(self) -> str:
        name = self._undefined_name
        reason = f" ({self._undefined_hint})" if self._undefined_hint else ""
        return (
            f"undefined name {name!r}{reason}: test it with `{name} is defined` "
            f"or give a default (`{name} | default(...)`)"
        )

    def __getattr__(self, name: str) -> NameUndefined:
        if name[:2] == "__" and name[-2:] == "__":
            raise AttributeError(name)
        self._fail_with_undefined_error()

    def __getitem__(self, _name: str) -> NameUndefined:  # type: ignore[override]
        self._fail_with_undefined_error()

    __html__ = jinja2.StrictUndefined._fail_with_undefined_error


def link_warnings(
    site_root: Path, theme_name: str, theme: Path, layouts_dir: str = "layouts"
) -> list[Warning_]:
    """Symlinks in the site's layouts folder, i18n/ and the site's theme that point outside
    the site."""
    out: list[Warning_] = []
    local = site_root / "themes" / theme_name
    if local.is_symlink() and not inside(local, (site_root.resolve(),)):
        out.append(Warning_(OUTSIDE, SourcePos(display(local, site_root))))
    folders = [site_root / layouts_dir, site_root / "i18n"]
    if theme.absolute().is_relative_to(site_root):
        folders += [theme / "templates", theme / "i18n"]
    for folder in folders:
        check_tree(folder, site_root, out)
    return out


class CompiledTemplates(jinja2.BytecodeCache):
    """Compiled templates kept between builds (in the cache entry's head, which is signed: the
    code is only ever run when this user's polyblog wrote it). Jinja checks each one against
    its template's source, so an edited template is compiled again. One per process, shared by
    every environment: a pure memo of the compiler, like the environments themselves."""

    def __init__(self) -> None:
        self.codes: dict[str, bytes] = {}
        self.changed = False

    def load_bytecode(self, bucket: Bucket) -> None:
        code = self.codes.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.codes[bucket.key] = bucket.bytecode_to_string()
        self.changed = True

    def adopt(self, saved: object) -> None:
        """Take the compiled templates of a cache entry (made by this Jinja version and this
        code generator only)."""
        if isinstance(saved, tuple) and len(saved) == 2 and saved[0] == _CODE_VERSION:
            codes = saved[1]
            if isinstance(codes, dict):
                self.codes = {**codes, **self.codes}

    def export(self) -> tuple[str, dict[str, bytes]]:
        return _CODE_VERSION, dict(self.codes)


COMPILED = CompiledTemplates()

# what an HTML-escaped string is without the `Markup` that `markupsafe.escape` wraps it in
# (markupsafe >= 3 has it in C; with an older one, the same text through `escape`)
_escape_str: Callable[[str], str] = getattr(
    markupsafe, "_escape_inner", lambda text: str(markupsafe.escape(text))
)


def _printable(value: object) -> object:
    """What `{{ x }}` prints: booleans as Hugo prints them (`true`), none as nothing."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else value


def html_output(value: object) -> str:
    """`{{ x }}` in an autoescaped template: `escape(_printable(x))` as text. Called for every
    printed value (930,000 times in a build of 3,000 pages), so the common types come first
    and skip `Markup` (a Python-level constructor); the text is the same."""
    kind = type(value)
    if kind is str:
        return _escape_str(value)  # type: ignore[arg-type]
    if kind is markupsafe.Markup:
        return value  # type: ignore[return-value]
    if kind is int:
        return str(value)
    return str(markupsafe.escape(_printable(value)))


class _CodeGenerator(CodeGenerator):
    """Jinja's compiler, except that a printed value in an autoescaped template goes through
    one call, `html_output`, instead of `escape(environment.finalize(...))`."""

    def _fast(self, frame: Frame) -> bool:
        return bool(frame.eval_ctx.autoescape) and not frame.eval_ctx.volatile

    def _output_child_pre(self, node: Expr, frame: Frame, finalize: Any) -> None:
        if self._fast(frame) and finalize.src == "environment.finalize(":
            self.write("environment.html_output(")
        else:
            super()._output_child_pre(node, frame, finalize)

    def _output_child_post(self, node: Expr, frame: Frame, finalize: Any) -> None:
        if self._fast(frame) and finalize.src == "environment.finalize(":
            self.write(")")
        else:
            super()._output_child_post(node, frame, finalize)

    _calls = 0  # calls compiled so far: each direct call gets a name of its own

    def visit_Template(self, node: nodes.Template, frame: Frame | None = None) -> None:
        """The module's imports, and the type a direct call is made to (`visit_Call`)."""
        self.writeline("from types import FunctionType as _pb_function")
        super().visit_Template(node, frame)

    @optimizeconst
    def visit_Call(self, node: nodes.Call, frame: Frame, forward_caller: bool = False) -> None:
        """`f(x)` calls `f` directly when it is a plain Python function (no attributes, so no
        `pass_context` mark); anything else goes through `context.call` as Jinja compiles it.
        `context.call` looks for those marks on every call (338,000 in a build of 3,000
        pages); the function called directly gives the same result. The arguments are
        written twice (one branch runs), so only calls whose arguments hold no other call
        take this form: the code stays linear in the template's size."""
        env = self.environment
        if env.is_async or env.sandboxed or forward_caller or _holds_call(node):
            super().visit_Call(node, frame, forward_caller=forward_caller)
            return
        self._calls += 1
        name = f"_pb_call{self._calls}"
        extra = {"_loop_vars": "_loop_vars"} if frame.loop_frame else {}
        if frame.block_frame:
            extra["_block_vars"] = "_block_vars"
        self.write(f"({name}({self._arguments(node, frame, None)[2:]}) if type({name} := ")
        self.visit(node.node, frame)
        self.write(f") is _pb_function and not {name}.__dict__ else context.call({name}")
        self.write(f"{self._arguments(node, frame, extra or None)}))")

    def _arguments(self, node: nodes.Call, frame: Frame, extra: dict[str, str] | None) -> str:
        """The arguments of a call as `signature` writes them (each after a comma)."""
        stream = self.stream
        self.stream = io.StringIO()
        try:
            self.signature(node, frame, extra)
            return self.stream.getvalue()
        finally:
            self.stream = stream


def _holds_call(node: nodes.Call) -> bool:
    """Whether a call's arguments call something themselves."""
    parts: list[nodes.Node] = [*node.args, *node.kwargs]
    parts += [n for n in (node.dyn_args, node.dyn_kwargs) if n is not None]
    return any(isinstance(p, nodes.Call) or p.find(nodes.Call) is not None for p in parts)


# the code `_CodeGenerator` makes: compiled templates kept in a cache are for this one only
_CODE_VERSION = f"{jinja2.__version__}+html_output+direct_call"


class _Environment(jinja2.Environment):
    """Jinja's environment with each template's globals in a plain dict, not a ChainMap over
    the environment's: Jinja walks them for every context it makes (every render, every
    include, every shortcode: 175,000 times in a build of 3,000 pages), and a ChainMap walks
    slowly. The environment's globals are set once, when it is made, so the snapshot never
    goes stale. Printed values go through `html_output` (`_CodeGenerator`)."""

    code_generator_class = _CodeGenerator
    html_output = staticmethod(html_output)

    def make_globals(self, d: MutableMapping[str, Any] | None) -> MutableMapping[str, Any]:
        return {**self.globals, **(d or {})}

    def getattr(self, obj: Any, attribute: str) -> Any:
        """`obj.attribute` in a template, as Jinja looks it up (an attribute, else an item),
        without the `AttributeError` Jinja raises and catches first for every key of a plain
        dict (`site.title`, `lang.href`: 360,000 times in a build of 3,000 pages). A dict's
        attributes are its class's, so a name that is not one of them is an item."""
        if type(obj) is dict and attribute not in _DICT_ATTRIBUTES:
            try:
                return obj[attribute]
            except KeyError:
                return self.undefined(obj=obj, name=attribute)
        try:
            return getattr(obj, attribute)
        except AttributeError:
            pass
        try:
            return obj[attribute]
        except (TypeError, LookupError, AttributeError):
            return self.undefined(obj=obj, name=attribute)


_DICT_ATTRIBUTES = frozenset(dir(dict))


@lru_cache(maxsize=8)
def environment(
    template_dirs: tuple[str, ...], roots: tuple[Path, ...] = (), layouts_dir: str = "layouts"
) -> jinja2.Environment:
    """One environment per process and set of template folders (site layouts first); with
    `roots`, templates behind symlinks that leave them are not loaded."""
    env = _Environment(
        loader=SiteLoader(template_dirs, roots, layouts_dir),
        autoescape=jinja2.select_autoescape(["html", "xml", "htm"], default_for_string=True),
        undefined=LenientUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
        cache_size=-1,  # every template stays compiled (a dict: no LRU bookkeeping per include)
        finalize=_printable,
        bytecode_cache=COMPILED,
    )
    env.filters["mathml"] = tex_to_mathml
    return env


def theme_dir(site_root: Path, theme: str) -> Path | None:
    """The site's `themes/<name>/`, else a theme bundled with polyblog."""
    local = site_root / "themes" / theme
    if local.is_dir() and inside(local, (site_root.resolve(),)):
        return local
    bundled = PACKAGE_THEMES / theme
    return bundled if bundled.is_dir() else None


def template_dirs(
    site_root: Path, theme: Path | None, layouts_dir: str = "layouts"
) -> tuple[str, ...]:
    """The site's templates (`layouts_dir`), then the theme's."""
    dirs = [site_root / layouts_dir]
    if theme is not None:
        dirs.append(theme / "templates")
    return tuple(str(d) for d in dirs if d.is_dir())


def pick_template(env: jinja2.Environment, names: Sequence[str]) -> jinja2.Template:
    try:
        return env.select_template(list(names))
    except jinja2.TemplatesNotFound:
        refused = getattr(env.loader, "refused", {})
        links = [refused[name] for name in names if name in refused]
        note = f" ({', '.join(links)}: {OUTSIDE})" if links else ""
        folder = getattr(env.loader, "layouts_dir", "layouts")
        raise TemplateError(
            f"no template found: looked for {', '.join(names)} in {folder}/ "
            f"and the theme's templates/{note}"
        ) from None
    except jinja2.TemplateSyntaxError as exc:
        loader = env.loader
        raise _syntax(exc, loader.roots if isinstance(loader, SiteLoader) else ()) from None


def _syntax(exc: jinja2.TemplateSyntaxError, roots: Sequence[Path] = ()) -> TemplateError:
    return TemplateError(
        f"template syntax error: {exc.message}",
        SourcePos(_display(exc.filename or exc.name or "?", roots), exc.lineno or 0),
    )


def _display(filename: str, roots: Sequence[Path] = ()) -> str:
    """A template file as messages show it: relative to the site (its first root), bundled
    theme files as `themes/default/...`, else relative to the working folder."""
    path = Path(filename).resolve()
    for base in (PACKAGE_THEMES.parent, *roots[:1], Path.cwd()):
        if path.is_relative_to(base.resolve()):
            return path.relative_to(base.resolve()).as_posix()
    return str(path)


def template_pos(template: jinja2.Template) -> SourcePos:
    """Where a template is, as messages show it (an error in what it produced)."""
    return SourcePos(_display(template.filename or template.name or "?", _roots(template)))


def _roots(template: jinja2.Template) -> tuple[Path, ...]:
    loader = template.environment.loader
    return loader.roots if isinstance(loader, SiteLoader) else ()


def render_template(template: jinja2.Template, context: dict[str, object], page_path: str) -> str:
    """Render; any error becomes a TemplateError at the template line, naming the page."""
    try:
        return template.render(context)
    except jinja2.TemplateSyntaxError as exc:
        raise _syntax(exc, _roots(template)) from None
    except TemplateError:
        raise
    except jinja2.UndefinedError as exc:
        pos = _template_frame(exc, _roots(template))
        raise TemplateError(f"while rendering {page_path}: {exc.message}", pos) from None
    except Exception as exc:  # a theme bug of any kind: report where, never a traceback
        pos = _template_frame(exc, _roots(template))
        raise TemplateError(
            f"while rendering {page_path}: {type(exc).__name__}: {exc}", pos
        ) from None


def _template_frame(exc: BaseException, roots: Sequence[Path] = ()) -> SourcePos | None:
    frames = traceback.extract_tb(exc.__traceback__)
    for frame in reversed(frames):
        if frame.filename.endswith((".html", ".xml", ".txt", ".json")):
            return SourcePos(_display(frame.filename, roots), frame.lineno or 0)
    return None
