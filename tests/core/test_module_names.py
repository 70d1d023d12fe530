"""Module names say what they hold: `services` is the service pages' app, so no other module is called services.py."""

from pathlib import Path

from django.conf import settings

BASE = Path(settings.BASE_DIR)
SKIPPED = {".venv", "node_modules", "vendor", ".git"}


def _modules_named(name: str) -> list[str]:
    """Return the project's modules with the given file name, as paths relative to the checkout."""
    return sorted(
        path.relative_to(BASE).as_posix()
        for path in BASE.rglob(name)
        if not SKIPPED & set(path.relative_to(BASE).parts[:-1])
    )


def test_no_module_named_services_outside_the_services_app() -> None:
    strays = [path for path in _modules_named("services.py") if not path.startswith("services/")]

    assert strays == [], f"name these modules for what they hold; `services` is the service pages' app: {strays}"


def test_the_scan_sees_the_apps_modules() -> None:
    # Guards the check above: a scan that found nothing would pass it whatever the tree holds.
    views = _modules_named("views.py")

    assert {"fieldreports/views.py", "reports/views.py", "services/views.py"} <= set(views)
