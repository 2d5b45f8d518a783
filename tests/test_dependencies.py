"""Dependencies point one way: catalog ← search ← shop ← cms. A lower app never imports a higher one.

Every import statement counts, including type-only and function-level ones: read from the source
with `ast`, nothing is imported to check. catalog also never reaches a higher app through Oscar's
string lookups (`get_model("displays", …)`, `get_class("search.views", …)`) — except in the
storefront views Oscar's catalogue app serves (KNOWN_LOOKUPS), which show a product's display
points and list a province's products through search. Oscar's `partner` label is catalog's own
neighbour in Oscar (a product's producer is a partner), not a higher app.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FORBIDDEN = {
    "catalog": {"cms", "shop", "search"},
    "search": {"cms", "shop"},
    "shop": {"cms"},
}
# App labels and packages above catalog, as Oscar's loaders name them.
CATALOG_FORBIDDEN_LOOKUPS = {"cms", "displays", "search", "shop"}
# Storefront pages of Oscar's catalogue app, left as they are (see the module docstring).
KNOWN_LOOKUPS = {("catalog/views.py", "displays"), ("catalog/views.py", "search")}


def modules(app: str) -> Iterator[Path]:
    yield from sorted((ROOT / app).rglob("*.py"))


def imported_packages(tree: ast.AST) -> Iterator[tuple[int, str]]:
    """(line, top-level package) of every absolute import."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name.split(".")[0]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.lineno, node.module.split(".")[0]


def string_lookups(tree: ast.AST) -> Iterator[tuple[int, str]]:
    """(line, app label or package) of every `get_model("<label>", …)` and `get_class("<module>", …)`."""
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant)):
            continue
        name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
        if name in {"get_model", "get_class", "get_classes"} and isinstance(node.args[0].value, str):
            yield node.lineno, node.args[0].value.split(".")[0]


@pytest.mark.parametrize("app", sorted(FORBIDDEN))
def test_an_app_imports_no_app_above_it(app):
    found = [
        f"{path.relative_to(ROOT)}:{line} imports {package}"
        for path in modules(app)
        for line, package in imported_packages(ast.parse(path.read_text(encoding="utf-8")))
        if package in FORBIDDEN[app]
    ]

    assert found == []


def test_catalog_looks_up_nothing_of_an_app_above_it():
    found = [
        f"{path.relative_to(ROOT)}:{line} looks up {target!r}"
        for path in modules("catalog")
        for line, target in string_lookups(ast.parse(path.read_text(encoding="utf-8")))
        if target in CATALOG_FORBIDDEN_LOOKUPS and (str(path.relative_to(ROOT)), target) not in KNOWN_LOOKUPS
    ]

    assert found == []


def test_the_check_sees_type_only_and_function_level_imports():
    source = (
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n"
        "    from cms.models import X\n"
        "def f():\n"
        "    import shop.urls\n"
    )

    assert sorted(imported_packages(ast.parse(source))) == [(1, "typing"), (3, "cms"), (5, "shop")]
