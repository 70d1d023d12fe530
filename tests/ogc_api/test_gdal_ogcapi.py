"""GDAL opens the service with a raster collection among the features without an error (issue 18)."""

import subprocess

import pytest
from pytest_django.live_server_helper import LiveServer

from layers.models import Layer
from tests.ogc_api.test_gdal_client import OGRINFO
from tests.ogc_api.test_tiles import raster  # noqa: F401


@pytest.mark.django_db(transaction=True)
def test_gdal_ogcapi_opens_a_service_holding_a_raster_collection(
    live_server: LiveServer,
    points: Layer,
    raster: Layer,  # noqa: F811
) -> None:
    command = [OGRINFO, "-ro", f"OGCAPI:{live_server.url}/ogc/"]
    result = subprocess.run(command, capture_output=True, text=True, timeout=60, env={"GDAL_HTTP_TIMEOUT": "30"})
    assert result.returncode == 0 and "ERROR" not in result.stderr, result.stderr
    assert f"OGCAPI:{live_server.url}/ogc/collections/ngap" in result.stdout
    features = [OGRINFO, "-ro", "-so", f"OAPIF:{live_server.url}/ogc/", "diem"]
    summary = subprocess.run(features, capture_output=True, text=True, timeout=60, env={"GDAL_HTTP_TIMEOUT": "30"})
    assert "Feature Count: 25" in summary.stdout and "ERROR" not in summary.stderr, summary.stderr
