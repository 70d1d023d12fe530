"""Migrations import nothing from the live apps, so editing the code or a fixture never changes what an old one does."""

import ast
import sys
from pathlib import Path

from django.apps import apps
from django.conf import settings

# Field options Django's migration writer itself refers to by import path (an upload_to or choices callable): the
# autodetector compares them with the live field, so they cannot be copied in. Only these uses are allowed.
FIELD_REFERENCES = {
    ("alerts", "0004_notifications_evidence_cap_feeds"): "alerts.report_models",
    ("datahub", "0001_datasets_and_deliveries"): "datahub.models",
    ("fieldreports", "0001_field_reports"): "fieldreports.models",
    ("reports", "0001_periodic_report_archive"): "reports.models",
    ("health", "0001_initial"): "sectors.health.diseases",
}
REFERENCE_KEYWORDS = {"upload_to", "choices"}


def _project_migrations() -> list[tuple[str, str, Path]]:
    """Return (app label, migration name, path) of every migration of the project's own apps."""
    base = Path(settings.BASE_DIR).resolve()
    found = []
    for config in apps.get_app_configs():
        folder = Path(config.path).resolve() / "migrations"
        if base in folder.parents and ".venv" not in folder.parts:
            found += [(config.label, path.stem, path) for path in sorted(folder.glob("[0-9]*.py"))]
    return found


def _imported_modules(tree: ast.Module) -> list[tuple[int, str]]:
    """Return (line, module) of every import in the file, module level or inside functions."""
    modules: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            modules += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            modules.append((node.lineno, "." * node.level + (node.module or "")))
    return modules


def _allowed(module: str, app_module: str) -> bool:
    top = module.split(".")[0]
    return (
        module.startswith(".")  # the app's own migrations package
        or top == "django"
        or top in sys.stdlib_module_names
        or module == f"{app_module}.migrations"
        or module.startswith(f"{app_module}.migrations.")
    )


def _uses_outside_field_options(tree: ast.Module, module: str) -> list[int]:
    """Return the lines that use the module other than as an upload_to= or choices= value."""
    allowed: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.keyword) and node.arg in REFERENCE_KEYWORDS:
            allowed |= {id(inner) for inner in ast.walk(node.value)}
    return [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute)
        and ast.unparse(node.value) == module
        and id(node) not in allowed
        and id(node.value) not in allowed
    ]


def test_the_project_has_migrations_to_check() -> None:
    labels = {label for label, _name, _path in _project_migrations()}
    assert {"alerts", "planning", "datahub", "health"} <= labels


def test_migrations_import_only_django_the_standard_library_and_their_own_package() -> None:
    offenders = []
    for label, name, path in _project_migrations():
        app_module = apps.get_app_config(label).name
        tree = ast.parse(path.read_text(encoding="utf-8"))
        reference = FIELD_REFERENCES.get((label, name))
        for line, module in _imported_modules(tree):
            if _allowed(module, app_module):
                continue
            if module == reference and not _uses_outside_field_options(tree, module):
                continue
            offenders.append(f"{label}/{name}.py:{line} imports {module}")
    assert offenders == []


def test_field_references_are_used_only_as_field_options() -> None:
    paths = {(label, name): path for label, name, path in _project_migrations()}
    for key, module in FIELD_REFERENCES.items():
        tree = ast.parse(paths[key].read_text(encoding="utf-8"))
        assert module in [imported for _line, imported in _imported_modules(tree)], key  # the entry is still needed
        assert _uses_outside_field_options(tree, module) == [], key


def test_a_live_import_inside_a_data_migration_is_caught() -> None:
    tree = ast.parse("def load(apps, schema_editor):\n    from planning.catalogue import sync_catalogue\n")
    assert [module for _line, module in _imported_modules(tree) if not _allowed(module, "planning")] == [
        "planning.catalogue"
    ]
    used = ast.parse("import reports.models\nrows = reports.models.report_path('x')\n")
    assert _uses_outside_field_options(used, "reports.models") == [2]
