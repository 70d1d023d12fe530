"""Production settings pass Django's deployment checks, with a GDAL that refuses file and network access."""

import json
import re
from pathlib import Path

import pytest

from tests.config.support import production_env, run_manage, run_python

_SYSTEM_GDAL = Path("/usr/lib/x86_64-linux-gnu/libgdal.so")

_PROBE_GDAL = """
import json
import django
django.setup()
from django.contrib.gis.gdal import GDAL_VERSION, GDALException, SpatialReference
try:
    SpatialReference("/etc/passwd")
    refused = False
except GDALException:
    refused = True
print(json.dumps({"version": GDAL_VERSION, "refused": refused}))
"""


# What production sets besides the basics; `check --deploy` only reads them (nothing connects to this Redis).
DEPLOYED = {"ALERTS_SITE_URL": "https://ioc.khanhhoa.gov.vn", "REDIS_URL": "redis://redis.invalid:6379/0"}

# Warnings about the data, not the settings: a database with no province recipients or channels yet (this test's)
# has audiences nobody can receive, and the check says so (Decision 2421 notices; delivery/audiences.py).
DATA_WARNINGS = {"alerts.W001", "alerts.W002"}


def test_check_deploy_reports_no_issues_in_production() -> None:
    result = run_manage(["check", "--deploy"], production_env(**DEPLOYED))
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    found = set(re.findall(r"\(([a-z_]+\.[A-Z]\d{3})\)", output))
    assert found <= DATA_WARNINGS, output
    assert "gis.W001" not in output


def test_check_deploy_flags_a_weak_secret_key() -> None:
    # Proves the check above can fail: the same command with one weak setting reports it.
    result = run_manage(
        ["check", "--deploy", "--fail-level", "WARNING"], production_env(**DEPLOYED, DJANGO_SECRET_KEY="short")
    )
    assert result.returncode != 0
    assert "security.W009" in result.stderr


@pytest.mark.parametrize(
    ("overrides", "check_id"),
    [
        ({"ALERTS_SITE_URL": None}, "core.E001"),
        ({"ALERTS_SITE_URL": "http://localhost:8000"}, "core.E001"),
        ({"REDIS_URL": None}, "core.E002"),
    ],
)
def test_check_deploy_fails_without_the_public_address_or_the_shared_cache(
    overrides: dict[str, str | None], check_id: str
) -> None:
    result = run_manage(["check", "--deploy"], production_env(**(DEPLOYED | overrides)))
    assert result.returncode != 0
    assert check_id in result.stderr


@pytest.mark.skipif(not _SYSTEM_GDAL.exists(), reason="Debian's libgdal is not installed")
def test_check_deploy_flags_an_old_system_gdal() -> None:
    # Debian 12's GDAL 3.6 cannot block file access: this is why settings point at pyogrio's bundled GDAL.
    env = production_env(**DEPLOYED, GDAL_LIBRARY_PATH=str(_SYSTEM_GDAL))
    result = run_manage(["check", "--deploy", "--fail-level", "WARNING"], env)
    assert result.returncode != 0
    assert "gis.W001" in result.stderr


def test_geodjango_uses_a_gdal_that_refuses_file_paths_as_spatial_references() -> None:
    result = run_python(_PROBE_GDAL, production_env())
    assert result.returncode == 0, result.stderr
    probe = json.loads(result.stdout.strip().splitlines()[-1])
    assert tuple(probe["version"][:2]) >= (3, 9)
    assert probe["refused"] is True
    assert "ALLOW_FILE_ACCESS=NO" in result.stderr
