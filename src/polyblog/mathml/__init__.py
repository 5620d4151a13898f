"""Math: TeX to MathML at build time (`tex`), for the theme's `katex`/`math` shortcodes (the
`mathml` Jinja filter) and for math written in Markdown (`markdown`, a markdown-it plugin)."""

from polyblog.mathml.markdown import MATH_FAILURES, MathFailure, math_plugin
from polyblog.mathml.tex import TexError, convert_tex, formula_html, math_as_tex, tex_to_mathml

__all__ = [
    "MATH_FAILURES",
    "MathFailure",
    "TexError",
    "convert_tex",
    "formula_html",
    "math_as_tex",
    "math_plugin",
    "tex_to_mathml",
]
