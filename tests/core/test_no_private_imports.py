"""No app imports another app's internals: a name or module that starts with an underscore stays in its app."""

import ast
from pathlib import Path

from django.conf import settings

BASE = Path(settings.BASE_DIR)
SKIPPED = {".venv", "node_modules", "vendor", "tests", "docs", "scripts", "bench"}


def _app_of(module: str) -> str:
    parts = module.split(".")
    return ".".join(parts[:2]) if parts[0] == "sectors" else parts[0]


def _private_imports(source: str, app: str, project: set[str]) -> list[str]:
    """Return the imports of this source that reach a private name or module of another project app."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.ImportFrom) or node.level or not node.module:
            continue
        if node.module.split(".")[0] not in project or _app_of(node.module) == app:
            continue
        private = [alias.name for alias in node.names if alias.name.startswith("_")]
        if private or any(part.startswith("_") and part != "__init__" for part in node.module.split(".")):
            found.append(f"{node.module}: {', '.join(private) or 'private module'}")
    return found


def test_no_app_imports_a_private_name_of_another_app() -> None:
    project = {path.parent.name for path in BASE.glob("*/apps.py")} | {"sectors", "config"}
    offenders = {}
    for path in sorted(BASE.rglob("*.py")):
        relative = path.relative_to(BASE)
        if relative.parts[0] in SKIPPED or "migrations" in relative.parts:
            continue
        app = _app_of(".".join(relative.with_suffix("").parts))
        if found := _private_imports(path.read_text(encoding="utf-8"), app, project):
            offenders[relative.as_posix()] = found
    assert offenders == {}


def test_the_scan_sees_a_private_import_and_allows_ones_own() -> None:
    source = "from indicators.demo import _deliver\nfrom services._x import y\nfrom services.demo import _own\n"
    assert _private_imports(source, "services", {"indicators", "services"}) == [
        "indicators.demo: _deliver",
    ]
    assert _private_imports("from planning._rows import x\n", "layers", {"planning"}) == [
        "planning._rows: private module"
    ]
