"""The apps' layering holds: the import-linter contracts of .importlinter, run as `make lint` runs them."""

import ast
import configparser
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
CONFIG = ROOT / ".importlinter"
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports(project: Path) -> subprocess.CompletedProcess[str]:
    """Run the project's contracts over the packages found in project (the working tree or a copy of it)."""
    return subprocess.run(
        [str(LINT_IMPORTS), "--config", str(CONFIG), "--no-cache", "--no-logo"],
        cwd=project, capture_output=True, text=True, timeout=120, check=False,
        env={**os.environ, "COLUMNS": "250"},  # one contract per line: its name is never wrapped
    )  # fmt: skip


def root_packages() -> list[str]:
    """Return the packages the contracts cover, as .importlinter lists them."""
    config = configparser.ConfigParser()
    config.read(CONFIG, encoding="utf-8")
    return config["importlinter"]["root_packages"].split()


def only_python(folder: str, names: list[str]) -> list[str]:
    """Return what copytree leaves out: every file but Python sources, and the bytecode caches."""
    return [
        name for name in names if name == "__pycache__" or not (name.endswith(".py") or (Path(folder) / name).is_dir())
    ]


def platform_ranks() -> dict[str, int]:
    """Return each app's height in the platform contract (0 for core); sectors/ stands above them all."""
    config = configparser.ConfigParser()
    config.read(CONFIG, encoding="utf-8")
    layers = config["importlinter:contract:platform"]["layers"].split("\n")
    ranks = {app.strip(): height for height, layer in enumerate(reversed(layers)) for app in re.split("[|:]", layer)}
    ranks.pop("", None)
    return ranks | {"sectors": len(layers)}


def names_above(app: str, source: str, ranks: dict[str, int]) -> list[str]:
    """Return the dotted paths among the source's string constants that name a module of an app above app."""
    dotted = re.compile(rf"^({'|'.join(ranks)})(\.[A-Za-z_]\w*){{2,}}$")
    return [
        node.value
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and dotted.match(node.value)
        and ranks[node.value.split(".")[0]] > ranks[app]
    ]  # fmt: skip


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the covered packages' Python files, safe to break; it keeps the contracts, like the tree."""
    target = tmp_path_factory.mktemp("layering")
    for package in root_packages():
        shutil.copytree(ROOT / package, target / package, ignore=only_python)
    result = lint_imports(target)
    assert result.returncode == 0, result.stdout + result.stderr
    return target


@pytest.fixture
def scratch_import(scratch: Path) -> Iterator[Callable[[str, str], Path]]:
    """Add an import statement to a module of the scratch copy (made if missing); each module is restored after."""
    originals: dict[Path, str | None] = {}

    def add(module: str, statement: str) -> Path:
        path = scratch / module
        originals.setdefault(path, path.read_text(encoding="utf-8") if path.exists() else None)
        path.write_text(f"{originals[path] or ''}\n{statement}  # noqa: F401\n", encoding="utf-8")
        return scratch

    yield add
    for path, text in originals.items():
        if text is None:
            path.unlink()
        else:
            path.write_text(text, encoding="utf-8")


def test_the_project_keeps_every_layering_contract() -> None:
    result = lint_imports(ROOT)
    # On failure the message is lint-imports' own report: the broken contract and the import chain that breaks it.
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_no_cycle_is_left_ignored_in_the_contracts() -> None:
    config = configparser.ConfigParser()
    config.read(CONFIG, encoding="utf-8")
    ignored = {name: section["ignore_imports"] for name, section in config.items() if "ignore_imports" in section}
    # Only the doors of alerts and alert_rules are design-allowed exceptions; a cycle is broken, never ignored.
    assert ignored == {
        "importlinter:contract:alerts-door": "\n** -> alerts.api",
        "importlinter:contract:alert-rules-door": "\n** -> alert_rules.api",
    }


def test_every_package_of_the_project_is_covered_by_the_contracts() -> None:
    packages = {app.split(".")[0] for app in settings.INSTALLED_APPS if (ROOT / app.split(".")[0]).is_dir()}
    assert set(root_packages()) == packages | {"config"}


# Registries still naming apps above their own by string (cycles that import-linter cannot see; issue #19). Remove a
# module once the apps above fill its registry from their AppConfig.ready through core.registry.register.
KNOWN_UPWARD_REGISTRIES = {
    "core/periodic.py",  # PERIODIC_TASKS names the tasks of alerts, datahub, indicators, iot, sectors, ...
    "core/management/commands/load_demo.py",  # the demo's order of loaders, one per app
    "datahub/targets.py",  # TARGETS names indicators' and the sectors' targets
}


def test_no_new_registry_names_an_app_above_its_own_by_string() -> None:
    ranks = platform_ranks()
    found = {
        path.relative_to(ROOT).as_posix(): names
        for path in sorted(ROOT.glob("*/**/*.py"))
        if (app := path.relative_to(ROOT).parts[0]) in ranks and "migrations" not in path.parts
        if (names := names_above(app, path.read_text(encoding="utf-8"), ranks))
    }
    assert set(found) - KNOWN_UPWARD_REGISTRIES == set(), found


def test_a_registry_naming_an_app_above_by_string_is_found() -> None:
    ranks = platform_ranks()
    registry = (
        'IMPORT_TARGETS = {"boundaries": "gis_core.importer.BoundariesTarget", "plans": "planning.plan_import.P"}'
    )
    assert names_above("gis_core", registry, ranks) == ["planning.plan_import.P"]
    assert names_above("planning", registry, ranks) == []


@pytest.mark.parametrize(
    ("module", "statement", "broken"),
    [
        ("gis_core/_probe.py", "import planning.models", "gis_core is not allowed to import planning"),
        ("layers/_probe.py", "from alerts import intake", "layers is not allowed to import alerts"),
        ("layers/_probe.py", "from alert_rules import rule_runs", "layers is not allowed to import alert_rules"),
        ("alerts/_probe.py", "import delivery.sending", "alerts never imports delivery"),
        ("accounts/_probe.py", "import iot.models", "accounts is not allowed to import iot"),
        ("core/_probe.py", "import accounts.models", "core is the bottom: it imports no app of the project BROKEN"),
        ("core/_probe.py", "from alerts import api", "core is the bottom: it imports no app of the project BROKEN"),
        ("agencies/_probe.py", "import accounts.permissions", "agencies is not allowed to import accounts"),
        ("accounts/_probe.py", "from audit.log import record", "accounts is not allowed to import audit"),
        ("alerts/_probe.py", "import fieldreports.staff", "alerts is not allowed to import fieldreports"),
        ("ogc_api/_probe.py", "import ogc_pygeoapi.documents", "ogc_api is not allowed to import ogc_pygeoapi"),
        ("config/env.py", "import core.errors", "The settings and their helpers import no app"),
        ("alerts/_probe.py", "import sectors.health.models", "No platform app imports a sector app BROKEN"),
        ("sectors/fire/_probe.py", "import sectors.health.models", "independent of each other BROKEN"),
        ("sectors/fire/_probe.py", "from alerts import intake", "reaches it only through alerts.api BROKEN"),
        ("datahub/_probe.py", "from alerts.models import Alert", "reaches it only through alerts.api BROKEN"),
        ("alerts/_probe.py", "import alert_rules.api", "alerts is not allowed to import alert_rules"),
        ("layers/_probe.py", "import alert_rules.api", "layers is not allowed to import alert_rules"),
        ("iot/_probe.py", "from alert_rules import rule_runs", "reaches it only through alert_rules.api BROKEN"),
        ("sectors/fire/_probe.py", "import alert_rules.spatial", "reaches it only through alert_rules.api BROKEN"),
    ],
)
def test_a_forbidden_import_breaks_its_contract(
    scratch_import: Callable[[str, str], Path], module: str, statement: str, broken: str
) -> None:
    result = lint_imports(scratch_import(module, statement))
    assert result.returncode == 1, result.stdout
    assert broken in result.stdout
