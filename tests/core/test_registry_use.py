"""Every registry of things that come in kinds loads through core.registry, and every entry of each one loads."""

import ast
import importlib
from pathlib import Path

import pytest
from django.conf import settings

from core.registry import load_class

BASE = Path(settings.BASE_DIR)
SKIPPED = {".venv", "node_modules", "vendor", "tests", "migrations", "docs"}
# Dynamic imports allowed outside core/registry.py, each with why it is not a registry of classes.
ALLOWED = {
    "core/management/commands/load_demo.py": "an ordered list of loader functions, each app's demo data in turn",
}
DYNAMIC_IMPORTS = {"import_string", "import_module", "__import__"}


def _project_files() -> list[Path]:
    return [
        path
        for path in sorted(BASE.rglob("*.py"))
        if not SKIPPED & set(path.relative_to(BASE).parts[:-1]) and path.relative_to(BASE).parts[0] != "scripts"
    ]


def _called_names(tree: ast.AST) -> set[str]:
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            names.add(func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else "")
    return names


def _registry_calls() -> list[tuple[str, str, str, str]]:
    """Return (module, registry name, base class name, kind) of every load_class call in the project."""
    calls = []
    for path in _project_files():
        if path.name == "registry.py" and path.parent.name == "core":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        module = ".".join(path.relative_to(BASE).with_suffix("").parts)
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
            if name == "load_class" and isinstance(node.args[0], ast.Name) and isinstance(node.args[2], ast.Name):
                kind = node.args[3].value if isinstance(node.args[3], ast.Constant) else "?"
                calls.append((module, node.args[0].id, node.args[2].id, str(kind)))
    return calls


def test_no_module_imports_by_dotted_path_outside_core_registry() -> None:
    offenders = []
    for path in _project_files():
        relative = path.relative_to(BASE).as_posix()
        if relative in ALLOWED or relative == "core/registry.py":
            continue
        used = DYNAMIC_IMPORTS & _called_names(ast.parse(path.read_text(encoding="utf-8")))
        if used:
            offenders.append(f"{relative}: {', '.join(sorted(used))}")
    assert offenders == []


def test_the_scan_sees_the_registries() -> None:
    found = {(module, registry) for module, registry, _base, _kind in _registry_calls()}
    assert {("alert_rules.rules", "RULE_TYPES"), ("alert_rules.features", "FEATURE_SOURCES"),
            ("alerts.rule_engines", "RULE_ENGINES"), ("datahub.readers", "READERS"),
            ("gis_core.importer", "IMPORT_TARGETS"), ("core.periodic", "PERIODIC_TASKS"),
            ("layers.styles", "STYLE_KINDS")} <= found  # fmt: skip
    assert len(found) >= 16


@pytest.mark.parametrize(
    ("module", "registry", "base", "kind"), _registry_calls(), ids=lambda value: str(value).replace(" ", "-")
)
def test_every_entry_of_every_registry_loads_its_class(module: str, registry: str, base: str, kind: str) -> None:
    loaded = importlib.import_module(module)
    entries, base_class = getattr(loaded, registry), getattr(loaded, base)
    assert entries, f"{module}.{registry} is empty"
    for name in entries:
        assert issubclass(load_class(entries, name, base_class, kind), base_class)
