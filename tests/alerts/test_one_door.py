"""Apps outside alerts/ reach the alerts engine through one module, alerts.api (docs/ARCHITECTURE.md, Alert rules)."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOOR = "alerts.api"
# Not project code, or allowed to reach inside: the engine itself, its tests, and the schema history.
SKIPPED_DIRS = frozenset({"alerts", "tests", "migrations", "node_modules", "vendor", "__pycache__"})


def _project_modules() -> list[Path]:
    found = []
    for path in ROOT.rglob("*.py"):
        parts = path.relative_to(ROOT).parts
        if any(part in SKIPPED_DIRS or part.startswith(".") for part in parts[:-1]):
            continue
        found.append(path)
    return sorted(found)


def _alerts_imports(tree: ast.AST) -> list[tuple[int, str]]:
    """Every alerts module an import statement names, with its line (`from alerts import x` names alerts.x)."""
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module is not None:
            if node.module == "alerts":
                names += [(node.lineno, f"alerts.{alias.name}") for alias in node.names]
            else:
                names.append((node.lineno, node.module))
    return [(line, name) for line, name in names if name == "alerts" or name.startswith("alerts.")]


def side_doors(path: Path) -> list[str]:
    """The imports of the module that reach an alerts module other than alerts.api."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    return [
        f"{path.relative_to(ROOT)}:{line} imports {name}"
        for line, name in _alerts_imports(tree)
        if name != DOOR and not name.startswith(f"{DOOR}.")
    ]


def test_the_scan_sees_the_apps_that_use_the_door() -> None:
    scanned = {path.relative_to(ROOT).as_posix() for path in _project_modules()}
    assert {"iot/silence.py", "datahub/freshness.py", "sectors/cyber/intake.py", "delivery/planning.py"} <= scanned
    assert not any(name.startswith(("alerts/", "tests/")) or "/migrations/" in name for name in scanned)


def test_a_side_door_is_caught_in_every_form_of_import() -> None:
    text = (
        "import alerts.models\nfrom alerts import notifications, api\nfrom alerts.intake import raise_alert\n"
        "from alerts.api import Alert\nimport alertsx\n\ndef late():\n    from alerts.choices import State\n"
    )
    names = {name for _line, name in _alerts_imports(ast.parse(text)) if name != DOOR}
    assert names == {"alerts.models", "alerts.notifications", "alerts.intake", "alerts.choices"}


def test_no_app_outside_alerts_imports_anything_but_alerts_api() -> None:
    found = [door for path in _project_modules() for door in side_doors(path)]
    assert not found, "import these from alerts.api instead:\n" + "\n".join(found)


def _imported(tree: ast.AST) -> list[tuple[int, str]]:
    """Every module an import statement names, with its line (`from delivery import x` names delivery.x)."""
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module is not None:
            names += [(node.lineno, f"{node.module}.{alias.name}") for alias in node.names]
    return names


def test_alerts_never_imports_delivery_which_sends_its_notices() -> None:
    sources = [path for path in (ROOT / "alerts").rglob("*.py") if "__pycache__" not in path.parts]
    found = [
        f"{path.relative_to(ROOT)}:{line} imports {name}"
        for path in sources
        for line, name in _imported(ast.parse(path.read_text(encoding="utf-8")))
        if name == "delivery" or name.startswith("delivery.")
    ]
    assert len(sources) > 20 and not found, "alerts must not import delivery:\n" + "\n".join(found)


def test_delivery_reaches_alerts_only_through_its_door() -> None:
    scanned = [path for path in _project_modules() if path.relative_to(ROOT).parts[0] == "delivery"]
    assert len(scanned) > 10
    assert not [door for path in scanned for door in side_doors(path)]
