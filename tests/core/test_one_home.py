"""Each shared piece has one home: one name per model and view, one read-only admin mixin, one clock, one GC switch."""

import ast
from collections import defaultdict
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.views import View

BASE = Path(settings.BASE_DIR)
SKIPPED = {".venv", "node_modules", "vendor", "tests", "migrations", "docs", "scripts", "bench"}


def _project_files() -> list[tuple[str, ast.Module]]:
    files = []
    for path in sorted(BASE.rglob("*.py")):
        relative = path.relative_to(BASE)
        if SKIPPED & set(relative.parts[:-1]) or relative.parts[0] in SKIPPED:
            continue
        files.append((relative.as_posix(), ast.parse(path.read_text(encoding="utf-8"))))
    return files


def _returns_false(function: ast.FunctionDef) -> bool:
    body = [node for node in function.body if not isinstance(node, ast.Expr)]  # a docstring does not count
    return (
        len(body) == 1
        and isinstance(body[0], ast.Return)
        and isinstance(body[0].value, ast.Constant)
        and body[0].value.value is False
    )


def test_no_two_models_share_a_class_name() -> None:
    apps_by_name: dict[str, list[str]] = defaultdict(list)
    for model in apps.get_models():
        if model.__module__.split(".")[0] in {"django", "axes", "django_otp", "otp_totp", "otp_static"}:
            continue
        apps_by_name[model.__name__].append(model._meta.label)
    assert {name: labels for name, labels in apps_by_name.items() if len(labels) > 1} == {}


def test_no_two_views_share_a_class_name() -> None:
    def subclasses(cls: type) -> set[type]:
        found: set[type] = set(cls.__subclasses__())
        return found.union(*(subclasses(sub) for sub in found))

    modules_by_name: dict[str, set[str]] = defaultdict(set)
    for view in subclasses(View):
        top = view.__module__.split(".")[0]
        if top in {"django", "rest_framework", "axes", "two_factor", "django_otp"} or view.__module__.startswith(
            "tests"
        ):
            continue
        modules_by_name[view.__name__].add(view.__module__)
    assert {name: modules for name, modules in modules_by_name.items() if len(modules) > 1} == {}


def test_only_core_readonly_admin_makes_an_admin_page_read_only() -> None:
    offenders = []
    for relative, tree in _project_files():
        if relative == "core/readonly_admin.py":
            continue
        for node in ast.walk(tree):
            if not isinstance(node, ast.ClassDef):
                continue
            refused = {
                item.name
                for item in node.body
                if isinstance(item, ast.FunctionDef)
                and item.name in {"has_add_permission", "has_change_permission"}
                and _returns_false(item)
            }
            if refused == {"has_add_permission", "has_change_permission"}:
                offenders.append(f"{relative}: {node.name}")
    assert offenders == [], "use core.readonly_admin.ReadOnlyAdminMixin"


def test_the_scan_sees_a_hand_written_read_only_admin() -> None:
    tree = ast.parse(
        "class Page:\n"
        "    def has_add_permission(self, request):\n        return False\n"
        "    def has_change_permission(self, request, obj=None):\n        '''Never.'''\n        return False\n"
    )
    functions = [node for node in ast.walk(tree) if isinstance(node, ast.FunctionDef)]
    assert all(_returns_false(function) for function in functions)


def test_production_code_never_freezes_the_clock_or_switches_the_collector_off() -> None:
    clock_libraries = {"time_machine", "freezegun"}
    offenders = []
    for relative, tree in _project_files():
        for node in ast.walk(tree):
            if isinstance(node, ast.Import | ast.ImportFrom):
                names = [node.module or ""] if isinstance(node, ast.ImportFrom) else [a.name for a in node.names]
                if any(name.split(".")[0] in clock_libraries for name in names):
                    offenders.append(f"{relative}: imports a test clock")
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "disable"
                and isinstance(node.func.value, ast.Name)
                and node.func.value.id == "gc"
                and relative != "gis_core/importer.py"  # cyclic_gc_paused, used only by jobs and commands
            ):
                offenders.append(f"{relative}: gc.disable()")
    assert offenders == []
