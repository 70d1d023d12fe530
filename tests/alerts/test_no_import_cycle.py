"""The alerts engine's modules import each other without a cycle, and none imports inside a function to dodge one."""

import ast
from pathlib import Path

import grimp
from django.conf import settings

ALERTS = Path(settings.BASE_DIR) / "alerts"


def _cycles(imports: dict[str, list[str]]) -> list[list[str]]:
    """Return the import cycles of a graph given as module -> modules it imports."""
    state: dict[str, int] = {}
    path: list[str] = []
    found: list[list[str]] = []

    def visit(module: str) -> None:
        state[module] = 1
        path.append(module)
        for imported in imports.get(module, []):
            if state.get(imported) == 1:
                found.append([*path[path.index(imported) :], imported])
            elif imported not in state:
                visit(imported)
        path.pop()
        state[module] = 2

    for module in sorted(imports):
        if module not in state:
            visit(module)
    return found


def _imports_inside_functions(source: str) -> list[int]:
    """Return the line of every import statement inside a function (type-checking blocks sit at module level)."""
    lines = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            lines += [inner.lineno for inner in ast.walk(node) if isinstance(inner, ast.Import | ast.ImportFrom)]
    return lines


def test_the_alerts_modules_form_no_import_cycle() -> None:
    graph = grimp.build_graph("alerts", exclude_type_checking_imports=True)
    modules = {module for module in graph.modules if not module.startswith("alerts.migrations")}
    imports = {module: sorted(graph.find_modules_directly_imported_by(module) & modules) for module in sorted(modules)}
    assert _cycles(imports) == []


def test_no_alerts_module_imports_inside_a_function() -> None:
    offenders = {
        path.relative_to(ALERTS).as_posix(): lines
        for path in sorted(ALERTS.rglob("*.py"))
        if "migrations" not in path.parts and (lines := _imports_inside_functions(path.read_text(encoding="utf-8")))
    }
    assert offenders == {}


def test_the_checks_catch_a_cycle_and_an_import_inside_a_function() -> None:
    assert _cycles({"a": ["b"], "b": ["c"], "c": ["a"], "d": ["a"]}) == [["a", "b", "c", "a"]]
    assert _imports_inside_functions("import os\n\ndef f():\n    from alerts import models\n") == [4]
