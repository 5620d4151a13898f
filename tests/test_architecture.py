"""The code's shape: no module uses another module's private names (the layers themselves are
checked by `lint-imports`, see pyproject.toml), and page keys are made in one place."""

from __future__ import annotations

import ast
import re
from dataclasses import replace
from pathlib import Path

import pytest

from polyblog.site.model import Page, PageKind, identity, page_key, term_ident

SRC = Path(__file__).resolve().parent.parent / "src" / "polyblog"


def _module(path: Path) -> str:
    rel = path.relative_to(SRC.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def private_uses(text: str, here: str, shown: str) -> list[str]:
    """`from polyblog.x import _y`, and `m._y` where `m` is an imported polyblog module."""
    tree = ast.parse(text)
    modules: set[str] = set()
    found: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("polyblog"):
            for alias in node.names:
                name = alias.name
                if name.startswith("_") and not name.startswith("__") and node.module != here:
                    found.append(f"{shown}:{node.lineno}: {node.module}.{name}")
                if (SRC.parent / node.module.replace(".", "/") / f"{name}.py").exists() or (
                    SRC.parent / node.module.replace(".", "/") / name / "__init__.py"
                ).exists():
                    modules.add(alias.asname or name)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("polyblog"):
                    modules.add(alias.asname or alias.name.split(".")[0])
    found += [
        f"{shown}:{node.lineno}: {node.value.id}.{node.attr}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Name)
        and node.value.id in modules
        and node.attr.startswith("_")
        and not node.attr.startswith("__")
    ]
    return found


def test_no_module_reaches_into_another_modules_private_names() -> None:
    found = [
        use
        for path in sorted(SRC.rglob("*.py"))
        for use in private_uses(path.read_text(encoding="utf-8"), _module(path), path.name)
    ]
    assert found == []


def test_the_check_sees_a_private_import() -> None:
    probe = "from polyblog.build import _store\nfrom polyblog import build as b\nb._x\n"
    assert [u.split(": ", 1)[1] for u in private_uses(probe, "polyblog.cli", "probe")] == [
        "polyblog.build._store",
        "b._x",
    ]


# -- page keys ------------------------------------------------------------------------------
# A page key (`en:term:tags/go`) is made by `site.model.page_key` alone, from a page's language,
# kind and `ident`; no module takes one apart again (`Page.ident` says what the page is).

KEY_RULES = (
    (re.compile(r"""PageKey\(\s*f["']"""), "builds a PageKey with an f-string"),
    (re.compile(r"""PageKey\([^()]*\+"""), "builds a PageKey by concatenation"),
    (re.compile(r"""\bkey\.(?:r?split|r?partition)\("""), "splits a page key"),
    (re.compile(r"""\bkey\.(?:r?split|r?partition)\(\s*["']:"""), "splits a page key at ':'"),
)


def key_parsing(text: str, shown: str) -> list[str]:
    """Lines that build a page key outside `page_key` or take one apart."""
    return [
        f"{shown}:{n}: {why}"
        for n, line in enumerate(text.splitlines(), start=1)
        for pattern, why in KEY_RULES
        if pattern.search(line)
    ]


def test_no_module_builds_or_parses_a_page_key() -> None:
    found = [
        use
        for path in sorted(SRC.rglob("*.py"))
        if "themes" not in path.relative_to(SRC).parts and path != SRC / "site" / "model.py"
        for use in key_parsing(path.read_text(encoding="utf-8"), str(path.relative_to(SRC)))
    ]
    assert found == []


def test_the_key_check_sees_building_and_parsing() -> None:
    probe = (
        'k = PageKey(f"{lang}:home")\n'
        "folder = page.key.split(':', 2)[2]\n"
        'lang, _, rest = key.partition(":")\n'
        'k = PageKey(lang + ":archive")\n'
        "k = PageKey(entry.page_key)\n"  # a key as it is: fine
    )
    assert [u.split(": ", 1)[0] for u in key_parsing(probe, "p")] == [
        "p:1",
        "p:2",
        "p:2",
        "p:3",
        "p:3",
        "p:4",
    ]


@pytest.mark.parametrize(
    ("lang", "kind", "ident", "key"),
    [
        ("en", PageKind.HOME, "", "en:home"),
        ("en", PageKind.NOT_FOUND, "", "en:404"),
        ("en", PageKind.ARCHIVE, "", "en:archive"),
        ("en", PageKind.SECTION, "posts/deep", "en:section:posts/deep"),
        ("en", PageKind.TAXONOMY, "tags", "en:taxonomy:tags"),
        ("en", PageKind.TERM, "tags/go", "en:term:tags/go"),
        ("en", PageKind.PAGE, "posts/x/index.md", "en:page:posts/x/index.md"),
        ("fr", PageKind.PAGE, "posts/x.md", "fr:page:posts/x.md"),
    ],
)
def test_page_key_gives_the_keys_of_the_model(
    lang: str, kind: PageKind, ident: str, key: str
) -> None:
    assert page_key(lang, kind, ident) == key
    assert identity(kind, ident) == key.split(":", 1)[1]  # the key without its language


def test_term_ident_and_the_page_key_of_a_page() -> None:
    assert page_key("en", PageKind.TERM, term_ident("tags", "go")) == "en:term:tags/go"
    page = Page(
        kind=PageKind.SECTION,
        lang="fr",
        ident="posts/deep",
        path="/fr/posts/deep/",
        title="Deep",
        link_title="Deep",
        section="posts",
    )
    assert page.key == "fr:section:posts/deep"
    assert replace(page, lang="de").key == "de:section:posts/deep"


@pytest.mark.parametrize(
    ("kind", "ident"),
    [(PageKind.HOME, "x"), (PageKind.ARCHIVE, "x"), (PageKind.PAGE, ""), (PageKind.TERM, "")],
)
def test_page_key_refuses_an_ident_that_does_not_fit_the_kind(kind: PageKind, ident: str) -> None:
    with pytest.raises(ValueError):
        page_key("en", kind, ident)
