"""One script lays out the front-end packages (scripts/vendor_assets.sh), and it makes every one the pages load.

Issue #14: the Docker image copied only Leaflet and OpenLayers while the pages also load VectorGrid and proj4js.
"""

import re
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

BASE_DIR = Path(settings.BASE_DIR)
SCRIPT = BASE_DIR / "scripts" / "vendor_assets.sh"
# `{% static 'vendor/…' %}` in templates; "vendor/…" string literals in Python (static(), form Media, map config).
TEMPLATE_REFERENCE = re.compile(r"""{%\s*static\s+["'](vendor/[^"']+)["']""")
PYTHON_REFERENCE = re.compile(r"""["'](vendor/[\w.\-/]+\.(?:js|css))["']""")
SKIPPED = {".venv", "node_modules", "vendor", "staticfiles", "tests", "media", ".git"}


def _project_files(pattern: str) -> list[Path]:
    return [path for path in BASE_DIR.rglob(pattern) if not SKIPPED & set(path.relative_to(BASE_DIR).parts)]


def referenced_vendor_assets() -> dict[str, str]:
    """Every vendor asset the project's templates and code name -> the first file naming it."""
    found: dict[str, str] = {}
    for path in _project_files("*.html"):
        for asset in TEMPLATE_REFERENCE.findall(path.read_text(encoding="utf-8")):
            found.setdefault(asset, str(path.relative_to(BASE_DIR)))
    for path in _project_files("*.py"):
        for asset in PYTHON_REFERENCE.findall(path.read_text(encoding="utf-8")):
            found.setdefault(asset, str(path.relative_to(BASE_DIR)))
    return found


@pytest.fixture(scope="module")
def produced(tmp_path_factory: pytest.TempPathFactory) -> set[str]:
    """Run the script from the installed npm packages into an empty folder; the files it made, as static paths."""
    target = tmp_path_factory.mktemp("vendor") / "vendor"
    done = subprocess.run(
        ["bash", str(SCRIPT), str(BASE_DIR / "node_modules"), str(target)],
        cwd=BASE_DIR, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return {"vendor/" + str(path.relative_to(target)) for path in target.rglob("*") if path.is_file()}


def test_every_vendor_asset_the_pages_load_is_made_by_the_vendor_script(produced: set[str]) -> None:
    references = referenced_vendor_assets()
    # The map component's packages, OpenLayers for the admin's map widgets, and axe-core are all among them.
    assert {
        "vendor/leaflet/leaflet.js", "vendor/leaflet/leaflet.css", "vendor/proj4/proj4.js", "vendor/ol/ol.js",
        "vendor/leaflet.vectorgrid/Leaflet.VectorGrid.bundled.min.js",
    } <= set(references)  # fmt: skip
    missing = {asset: where for asset, where in references.items() if asset not in produced}
    assert missing == {}, f"named by these files but not made by scripts/vendor_assets.sh: {missing}"
    assert "vendor/axe-core/axe.min.js" in produced
    # Leaflet's stylesheet names its images relatively: they must be there too.
    assert {"vendor/leaflet/images/layers.png", "vendor/leaflet/images/marker-icon.png"} <= produced


def test_setup_and_the_docker_image_both_use_the_vendor_script() -> None:
    setup = (BASE_DIR / "scripts" / "setup.sh").read_text(encoding="utf-8")
    dockerfile = (BASE_DIR / "docker" / "Dockerfile").read_text(encoding="utf-8")
    assert "scripts/vendor_assets.sh node_modules vendor" in setup
    assert "COPY scripts/vendor_assets.sh scripts/" in dockerfile
    assert "bash scripts/vendor_assets.sh node_modules vendor" in dockerfile
    # Neither copies packages by itself any more.
    assert "cp node_modules/" not in setup and "node_modules/leaflet" not in dockerfile


def test_the_vendor_script_refuses_a_missing_package_folder_and_writes_nothing(tmp_path: Path) -> None:
    target = tmp_path / "vendor"
    done = subprocess.run(
        ["bash", str(SCRIPT), str(tmp_path / "no-node-modules"), str(target)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 1
    assert "no-node-modules is missing; run npm ci first" in done.stderr
    assert not target.exists()
