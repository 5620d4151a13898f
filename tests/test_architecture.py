"""The code's shape: no module uses another module's private names (the layers themselves are
checked by `lint-imports`, see pyproject.toml)."""

from __future__ import annotations

import ast
from pathlib import Path

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
