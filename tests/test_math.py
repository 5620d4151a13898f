"""Math in Markdown as MathML: the delimiters and their rules (cases from mdit-py-plugins'
dollarmath and amsmath suites), escapes, code, invalid TeX, the config keys, the `katex`
shortcode."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import lxml.html
import pytest

from polyblog.build import BuildRequest, build
from polyblog.config import MarkupConfig, MathConfig, load_config
from polyblog.errors import ConfigError, ErrorList
from polyblog.markup import markdownify, render_markdown
from polyblog.mathml import TexError, convert_tex
from sitekit import Built, ensure_theme, page, write_files

Element = lxml.html.HtmlElement
CFG = MarkupConfig()


def render(source: str, cfg: MarkupConfig = CFG) -> Element:
    html = render_markdown(source, "en", cfg, None, 70).html
    return lxml.html.fragment_fromstring(html, create_parent="div")


def maths(root: Element) -> list[tuple[str, str]]:
    """(display, TeX) of each formula, in order."""
    return [(str(m.get("display")), m.xpath("string(.//annotation)")) for m in root.iter("math")]


def text(root: Element) -> str:
    """The text outside formulas."""
    return "".join(root.xpath(".//text()[not(ancestor::math)]"))


# -- the escape regression --------------------------------------------------------------------


def test_thin_space_and_backslashes_survive_markdown_escapes() -> None:
    root = render("$$\\int_0^1 x\\,dx$$\n\nand $a \\\\ b\\!c$\n")
    assert maths(root) == [("block", "\\int_0^1 x\\,dx"), ("inline", "a \\\\ b\\!c")]
    block = root.xpath("./div[contains(@class, 'sc-math-display')]/math")[0]
    assert block.xpath(".//mspace/@width") == ["0.167em"]  # \, is a thin space
    assert "x,dx" not in text(root)


# -- mdit-py-plugins' dollarmath suite (tests/fixtures/dollar_math.md), with pandoc's rules ---

IN, DISP = "inline", "block"
DOLLARMATH = [
    ("single dollar", "$", []),
    ("double dollar", "$$", []),
    ("single character", "$a$", [(IN, "a")]),
    ("greek", "$\\varphi$", [(IN, "\\varphi")]),
    ("numbers at both ends", "$1+1=2$", [(IN, "1+1=2")]),
    ("html character", "$1+1<3$", [(IN, "1+1<3")]),
    ("backslashes", "$a \\backslash$", [(IN, "a \\backslash")]),
    ("currency: digits around", "3$1+2$ $1+2$3", []),
    ("currency: a price after", "If you solve $1+2$ you get $3", [(IN, "1+2")]),
    ("fraction", "$\\frac{1}{2}$", [(IN, "\\frac{1}{2}")]),
    (
        "column vector",
        "$\\begin{pmatrix}x\\\\y\\end{pmatrix}$",
        [(IN, "\\begin{pmatrix}x\\\\y\\end{pmatrix}")],
    ),
    ("exponent", "$a^{b}$", [(IN, "a^{b}")]),
    ("multi-line", "a $a\n\\not=1$ b", [(IN, "a\n\\not=1")]),
    ("blank line inside", "a $a\n\n\\not=1$ b", []),
    ("block", "$$e_\\alpha$$", [(DISP, "e_\\alpha")]),
    ("block on lines", "$$\n1+1=2\n$$", [(DISP, "1+1=2")]),
    ("blank line in block", "$$\n1+1=2\n\n$$", []),
    ("two blocks", "$$\na = 1\n$$\n\n$$\nb = 2\n$$", [(DISP, "a = 1"), (DISP, "b = 2")]),
    ("text around", "a$1+1=2$\n$1+1=2$b\nc$x$d", [(IN, "1+1=2"), (IN, "1+1=2"), (IN, "x")]),
    ("dollar after", "$x$ $", [(IN, "x")]),
    ("consecutive", "$x$ $y$", [(IN, "x"), (IN, "y")]),
    ("after code", "`code`$a-b$", [(IN, "a-b")]),
    ("after a fence", "```\ncode\n```\n$$a+b$$", [(DISP, "a+b")]),
    ("in lists", "1. $1+2$\n2. $2+3$\n    1. $3+4$", [(IN, "1+2"), (IN, "2+3"), (IN, "3+4")]),
    (
        "in a blockquote",
        "> see $a = b + c$\n> $c^2=a^2+b^2$",
        [(IN, "a = b + c"), (IN, "c^2=a^2+b^2")],
    ),
    ("block in a blockquote", "> formula\n>\n> $$ a+b=c$$\n>\n> in blockquote.", [(DISP, "a+b=c")]),
    ("spaces inside", "$ $\n$ x$\n$x $", []),
    ("escaped start", "\\$p_2 = $a", []),
    ("escaped end", "$p_2 = \\$a", []),
    ("escaped inside", "$p_2 = \\$1$", [(IN, "p_2 = \\$1")]),
    ("escaped backslash before", "\\\\$p_2 = 1$", [(IN, "p_2 = 1")]),
    ("double dollars opening a line", "$$a=1$$ b", [(DISP, "a=1")]),
    ("double dollars ending a line", "a $$a=1$$", [(DISP, "a=1")]),
    ("indented code", "    $$a+b$$", []),
]


@pytest.mark.parametrize(
    ("source", "expected"), [c[1:] for c in DOLLARMATH], ids=[c[0] for c in DOLLARMATH]
)
def test_dollarmath_suite(source: str, expected: list[tuple[str, str]]) -> None:
    assert maths(render(source)) == expected


def test_mixed_single_and_double_dollars() -> None:
    root = render(
        "Hence, for $\\alpha \\in (0, 1)$,\n$$\n  \\mathbb P (\\alpha \\bar{X} \\ge \\mu) "
        "\\le \\alpha;\n$$\ni.e., $[\\alpha \\bar{X}, \\infty)$ is a lower 1-sided "
        "$1-\\alpha$ confidence bound for $\\mu$.\n"
    )
    assert maths(root) == [
        (IN, "\\alpha \\in (0, 1)"),
        (DISP, "\\mathbb P (\\alpha \\bar{X} \\ge \\mu) \\le \\alpha;"),
        (IN, "[\\alpha \\bar{X}, \\infty)"),
        (IN, "1-\\alpha"),
        (IN, "\\mu"),
    ]
    assert [p.text_content().strip()[:6] for p in root.xpath("./p")] == ["Hence,", "i.e., "]


def test_a_price_with_an_escaped_dollar_is_text() -> None:
    root = render("It costs \\$5, or \\$6 with $x$ tax, and $5 and $6 elsewhere.\n")
    assert maths(root) == [(IN, "x")]
    assert text(root).startswith("It costs $5, or $6 with ")
    assert text(root).endswith(" tax, and $5 and $6 elsewhere.\n")


def test_math_in_code_stays_code() -> None:
    fence = "```\n$$\\int x\\,dx$$\n\\begin{align}a\\end{align}\n```\n"
    root = render("`$x$` and `\\(y\\)`\n\n" + fence)
    assert maths(root) == []
    assert root.xpath("//p/code/text()") == ["$x$", "\\(y\\)"]
    assert root.xpath("string(//pre)") == "$$\\int x\\,dx$$\n\\begin{align}a\\end{align}\n"


def test_display_block_interrupts_a_paragraph_and_keeps_its_lines() -> None:
    root = render("Text\n$$\na\n- b\n$$\nmore\n")
    assert maths(root) == [(DISP, "a\n- b")]
    assert not root.xpath("//ul")
    assert [p.text for p in root.xpath("./p")] == ["Text", "more"]


# -- \( \) and \[ \] --------------------------------------------------------------------------


def test_bracket_delimiters() -> None:
    root = render("Inline \\(a\\,b\\) here.\n\n\\[\n\\frac{1}{2}\n\\]\n\n\\[x^2\\]\n")
    assert maths(root) == [(IN, "a\\,b"), (DISP, "\\frac{1}{2}"), (DISP, "x^2")]
    assert root.xpath("./div[@class='sc-math sc-math-display']/math/@display") == ["block"] * 2


def test_escaped_brackets_in_text_stay_brackets() -> None:
    root = render("See \\[1\\] and \\[2\\].\n\n\\[3\\] Smith et al.\n")
    assert maths(root) == []
    assert [p.text_content() for p in root.xpath("./p")] == ["See [1] and [2].", "[3] Smith et al."]


def test_doubled_brackets_give_the_formula_katex_saw_under_hugo() -> None:
    # Blowfish's documented inline form: Hugo's Markdown turned `\\(` into the `\(` KaTeX read
    root = render("Inline: \\\\(\\varphi = \\dfrac{1+\\sqrt5}{2}\\\\), \\\\(a\\\\,b\\\\)\n")
    assert maths(root) == [(IN, "\\varphi = \\dfrac{1+\\sqrt5}{2}"), (IN, "a\\,b")]


# -- amsmath (mdit-py-plugins' tests/fixtures/amsmath.md) ------------------------------------

ENVIRONMENTS = [e + star for e in ("equation", "multline", "gather", "align", "alignat",
                                    "flalign", "eqnarray") for star in ("", "*")]  # fmt: skip


@pytest.mark.parametrize("env", ENVIRONMENTS)
def test_amsmath_environment_is_a_display_block(env: str) -> None:
    tex = f"\\begin{{{env}}}\na = 1\n\\end{{{env}}}"
    root = render(tex + "\n")
    assert maths(root) == [(DISP, tex)]
    assert root.xpath("./div[@class='sc-math sc-math-display']/math")
    assert not root.xpath("//code")  # converted, not shown as source


def test_amsmath_environment_on_one_line_between_paragraphs() -> None:
    root = render("before\n\\begin{equation}a = 1\\end{equation}\nafter\n")
    assert maths(root) == [(DISP, "\\begin{equation}a = 1\\end{equation}")]
    assert [p.text for p in root.xpath("./p")] == ["before", "after"]


def test_amsmath_in_a_list_and_a_blockquote() -> None:
    root = render(
        "- \\begin{equation}\n  a = 1\n  \\end{equation}\n\n"
        "> \\begin{matrix}\n> -0.707 &  0.408 \\\\\n> -0.    & -0.816\n> \\end{matrix}\n"
    )
    assert maths(root) == [
        (DISP, "\\begin{equation}\na = 1\n\\end{equation}"),
        (DISP, "\\begin{matrix}\n-0.707 &  0.408 \\\\\n-0.    & -0.816\n\\end{matrix}"),
    ]
    assert root.xpath("//li/div/math") and root.xpath("//blockquote/div/math")
    assert len(root.xpath("//blockquote//mtr")) == 2


def test_alignat_with_html_characters() -> None:
    tex = (
        "\\begin{alignat*}{3}\n& m   \\quad && \\text{módulo}  \\quad && m>0\\\\\n"
        "& c   \\quad && \\text{constante <aditiva>} \\quad && 0\\leq c<m\n\\end{alignat*}"
    )
    root = render(tex + "\n")
    assert maths(root) == [(DISP, tex)]
    assert len(root.xpath("//mtr")) == 2 and len(root.xpath("//mtr[1]/mtd")) == 6
    assert "constante\N{NO-BREAK SPACE}<aditiva>" in root.xpath("//mtext/text()")


def test_indented_environment_is_code() -> None:
    root = render("    \\begin{equation}\n    a = 1\n    \\end{equation}\n")
    assert maths(root) == []
    assert root.xpath("string(//pre/code)") == "\\begin{equation}\na = 1\n\\end{equation}\n"


def mathml(tex: str) -> Element:
    return lxml.html.fragment_fromstring(convert_tex(tex, True))


def test_environments_are_laid_out_as_tables() -> None:
    align = mathml("\\begin{align}\na &= b \\\\\nc &= \\frac{1}{2}\n\\end{align}")
    assert [td.get("columnalign") for td in align.xpath(".//mtr[1]/mtd")] == ["right", "left"]
    assert len(align.xpath(".//mtr")) == 2
    for env in ("gather", "gather*", "multline"):
        rows = mathml(f"\\begin{{{env}}}a = 1 \\\\ b = 2 \\\\ c\\end{{{env}}}")
        assert len(rows.xpath(".//mtable[@displaystyle='true']/mtr")) == 3
    cases = mathml("f(x) = \\begin{cases} 1 & x > 0 \\\\ 0 & \\text{otherwise} \\end{cases}")
    assert len(cases.xpath(".//mtable/mtr")) == 2 and cases.xpath(".//mo[@fence='true']")
    for env in ("pmatrix", "bmatrix", "vmatrix", "matrix"):
        assert len(mathml(f"\\begin{{{env}}}a & b \\\\ c & d\\end{{{env}}}").xpath(".//mtd")) == 4
    equation = mathml("\\begin{equation}\\label{e} E = mc^2 \\nonumber\\end{equation}")
    assert not equation.xpath(".//mtable") and equation.xpath(".//msup")
    assert "label" not in equation.xpath("string(.//mrow)")
    split = mathml("\\begin{equation}\\begin{split}a &= b\\\\ &= c\\end{split}\\end{equation}")
    assert len(split.xpath(".//mtr")) == 2
    lines = mathml("a = b \\\\ c = d")  # rows of a display formula without an environment
    assert len(lines.xpath(".//mtable/mtr")) == 2


# -- invalid TeX ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("tex", "reason"),
    [
        ("\\frac{1}{", "missing }"),
        ("x}", "unbalanced }"),
        ("x^", "^ or _ without its argument"),
        ("\\left( x", "\\left without its \\right"),
        ("\\foo{x}", "unknown command \\foo"),
        ("\\ce{H2O}", "unknown command \\ce"),
        ("\\begin{foo}x\\end{foo}", "unknown environment foo"),
        ("\\begin{align}a", "\\begin{align} without its \\end"),
        ("\\begin{align}a\\end{gather}", "\\end{gather} closes \\begin{align}"),
        ("a\\end{align}", "\\end{align} without its \\begin"),
    ],
)
def test_invalid_tex_says_why(tex: str, reason: str) -> None:
    with pytest.raises(TexError) as info:
        convert_tex(tex, False)
    assert info.value.message == reason


def test_symbols_written_with_a_backslash_are_not_unknown_commands() -> None:
    for tex in ("\\backslash", "\\{x\\}", "\\$", "\\%", "\\#", "\\&", "\\_", "a\\ b", "\\|x\\|"):
        assert convert_tex(tex, False).startswith("<math")


def test_invalid_tex_is_shown_as_code_with_a_warning() -> None:
    body = render_markdown("Intro.\n\nSee $\\frac{1}{$ and $x$.\n", "en", CFG, None, 70)
    root = lxml.html.fragment_fromstring(body.html, create_parent="div")
    assert root.xpath("//span[@class='sc-math']/code[@class='sc-math-tex']/text()") == [
        "\\frac{1}{"
    ]
    assert maths(root) == [(IN, "x")]
    assert [w.message for w in body.warnings] == [
        "TeX that does not convert (missing }), shown as code: \\frac{1}{"
    ]


def test_mathml_is_rebuilt_from_the_allow_list() -> None:
    root = render("$\\href{javascript:alert(1)}{x}$ $\\style{color:red}{y}$ $\\text{<b>z</b>}$\n")
    assert not root.xpath("//*[@href] | //*[@style] | //b")
    assert root.xpath("//mtext/text()") == ["<b>z</b>"]


# -- headings, summaries, markdownify ----------------------------------------------------------


def test_a_heading_with_math_and_plain_text_use_the_tex() -> None:
    body = render_markdown("## The $x^2$ case\n\nText with $E=mc^2$.\n", "en", CFG, None, 70)
    assert [(e.id, e.text) for e in body.toc] == [("the-x2-case", "The x^2 case")]
    assert body.plain_summary == "The x^2 case Text with E=mc^2."
    assert body.words == 6


def test_markdownify_renders_math() -> None:
    out = lxml.html.fragment_fromstring(markdownify("A $\\pi$ title", CFG), create_parent="div")
    assert maths(out) == [(IN, "\\pi")]


# -- configuration ----------------------------------------------------------------------------


def test_math_can_be_turned_off() -> None:
    off = MarkupConfig(math=MathConfig(enabled=False))
    root = render("Pay $5 for $x$, $$y$$ and \\(z\\).\n", off)
    assert maths(root) == []
    assert text(root) == "Pay $5 for $x$, $$y$$ and (z).\n"  # Markdown's escapes apply


def test_inline_dollar_off_keeps_the_other_delimiters() -> None:
    cfg = MarkupConfig(math=MathConfig(inline_dollar=False))
    root = render("Pay $x$ or \\(y\\), $$z$$\n\n$$\nw\n$$\n\n\\[v\\]\n", cfg)
    assert maths(root) == [(IN, "y"), (DISP, "z"), (DISP, "w"), (DISP, "v")]
    assert text(root).startswith("Pay $x$ or ")


def load(root: Path, text: str) -> MarkupConfig:
    (root / "blog.yaml").write_text("base_url: https://example.org/\n" + text, encoding="utf-8")
    return load_config(root).markup


def test_math_config_keys(tmp_path: Path) -> None:
    assert load(tmp_path, "").math == MathConfig(enabled=True, inline_dollar=True)
    assert load(tmp_path, "markup: {math: {inline_dollar: false}}\n").math == MathConfig(
        enabled=True, inline_dollar=False
    )
    assert load(tmp_path, "markup: {math: {enabled: false}}\n").math.enabled is False
    assert load(tmp_path, "markup: {math: false}\n").math.enabled is False
    with pytest.raises(ConfigError) as info:
        load(tmp_path, "markup:\n  math:\n    enabled: sometimes\n")
    assert "markup.math.enabled" in info.value.message and info.value.pos.line == 4
    (tmp_path / "blog.yaml").write_text(
        "base_url: https://example.org/\nmarkup:\n  math:\n    inline: false\n", encoding="utf-8"
    )
    warnings = load_config(tmp_path).warnings
    assert [(w.message, w.pos.line if w.pos else 0) for w in warnings] == [
        ("unknown key markup.math.inline (ignored)", 4)
    ]


# -- in a site: the katex shortcode, warnings at file:line, --strict ---------------------------

BODY = """\
Intro.

Inline $\\frac{1}{$ here, then $\\frac{1}{2}$ and {{< katex >}}\\frac{1}{2}{{< /katex >}}.

{{< katex display=true >}}
\\sum_{i=1}^n i
{{< /katex >}}

$$
\\sum_{i=1}^n i
$$

$$
\\frac{
$$
"""
WHY = "TeX that does not convert (missing }), shown as code: "
BAD = [
    ("content/posts/p.md", 6, 9, WHY + "\\frac{1}{"),
    ("content/posts/p.md", 17, 1, WHY + "\\frac{"),
]
FILES = {"content/posts/p.md": page("P", BODY, date="2024-01-01")}


def test_katex_shortcode_gives_the_markdown_mathml(build_site: Callable[..., Built]) -> None:
    article = build_site(FILES).html("/posts/p/").xpath("//article")[0]
    formulas = article.xpath(".//math")
    assert [m.get("display") for m in formulas] == ["inline", "inline", "block", "block"]
    same = [lxml.html.tostring(m) for m in formulas]
    assert same[0] == same[1] and same[2] == same[3]
    assert article.xpath("./div[@class='sc-math sc-math-display']/math") == formulas[2:]


def build_with_body_warnings(root: Path, strict: bool = False) -> list[tuple[str, int, int, str]]:
    """Build through `polyblog.build`: the pages' body warnings are the build's, each once."""
    result = build(BuildRequest(source=root, jobs=1, strict=strict, cache=False))
    found = [(w.pos.path, w.pos.line, w.pos.col, w.message) for w in result.warnings if w.pos]
    assert len(found) == len(set(found))
    return found


def site(tmp_path: Path) -> Path:
    write_files(tmp_path, {"blog.yaml": "title: T\nbase_url: https://example.org/\n", **FILES})
    ensure_theme(tmp_path)
    return tmp_path


def test_invalid_tex_warns_at_its_file_and_line(tmp_path: Path) -> None:
    warnings = build_with_body_warnings(site(tmp_path))
    assert [w for w in warnings if "TeX" in w[3]] == BAD
    with pytest.raises(ErrorList) as info:
        build_with_body_warnings(tmp_path, strict=True)
    errors = [
        (e.pos.line if e.pos else 0, e.message) for e in info.value.errors if "TeX" in e.message
    ]
    assert list(dict.fromkeys(errors)) == [
        (line, f"warning (--strict): {message}") for _path, line, _col, message in BAD
    ]


def test_blog_build_prints_invalid_tex_warnings(build_site: Callable[..., Built]) -> None:
    built = build_site(FILES)
    for path, line, col, message in BAD:
        assert f"{path}:{line}:{col}: warning: {message}" in built.result.stderr


def test_blog_build_strict_fails_on_invalid_tex(build_site: Callable[..., Built]) -> None:
    built = build_site(FILES, "--strict", ok=False)
    assert "warning (--strict): TeX that does not convert" in built.result.stderr
