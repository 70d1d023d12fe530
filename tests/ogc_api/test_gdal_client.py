"""GDAL's OGC API Features driver reads the collections from a running server."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from pytest_django.live_server_helper import LiveServer

from layers.models import Layer

OGRINFO = shutil.which("ogrinfo") or "/usr/bin/ogrinfo"
OGR2OGR = shutil.which("ogr2ogr") or "/usr/bin/ogr2ogr"


def ogrinfo(*args: str) -> str:
    result = subprocess.run(
        [OGRINFO, "-ro", *args], capture_output=True, text=True, timeout=60, env={"GDAL_HTTP_TIMEOUT": "30"}
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.mark.django_db(transaction=True)
def test_ogrinfo_lists_public_collections_and_counts_features(live_server: LiveServer, points: Layer) -> None:
    service = f"OAPIF:{live_server.url}/ogc/"
    assert "diem" in ogrinfo(service)
    summary = ogrinfo("-so", service, "diem")
    assert "Feature Count: 25" in summary
    assert "ten: String" in summary


@pytest.mark.django_db(transaction=True)
def test_ogrinfo_pages_through_every_feature(live_server: LiveServer, points: Layer) -> None:
    # GDAL 3.6 (Debian 12) has no CRS open option yet: the driver reads CRS84, following our next links.
    out = ogrinfo("-oo", "PAGE_SIZE=7", f"OAPIF:{live_server.url}/ogc/", "diem")
    assert out.count("OGRFeature(diem)") == 25
    assert "POINT (109.1967 12.2388)" in out


@pytest.mark.django_db(transaction=True)
def test_ogrinfo_does_not_see_restricted_collections(live_server: LiveServer, points: Layer, secret: Layer) -> None:
    listing = ogrinfo(f"OAPIF:{live_server.url}/ogc/")
    assert "diem" in listing
    assert "tram-mat" not in listing


@pytest.mark.django_db(transaction=True)
def test_ogr2ogr_copies_the_collection_completely(live_server: LiveServer, points: Layer, tmp_path: Path) -> None:
    target = tmp_path / "diem.geojson"
    command = [OGR2OGR, "-f", "GeoJSON", str(target), f"OAPIF:{live_server.url}/ogc/", "diem", "-oo", "PAGE_SIZE=10"]
    result = subprocess.run(command, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    features = json.loads(target.read_text())["features"]
    assert len(features) == 25
    assert sorted(f["properties"]["ten"] for f in features) == sorted(
        f"Điểm {r}-{c}" for r in range(5) for c in range(5)
    )
