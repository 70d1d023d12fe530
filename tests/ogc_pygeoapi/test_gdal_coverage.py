"""GDAL reads the coverages of a live server: its OGCAPI driver, and a bbox subset through its HTTP driver."""

import json
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urlencode

import pytest
import rasterio
from pytest_django.live_server_helper import LiveServer
from rasterio.windows import Window

from layers import rasters
from layers.models import Layer

GDALINFO = shutil.which("gdalinfo") or "/usr/bin/gdalinfo"
GDAL_TRANSLATE = shutil.which("gdal_translate") or "/usr/bin/gdal_translate"
ENV = {"GDAL_HTTP_TIMEOUT": "60", "GDAL_DISABLE_READDIR_ON_OPEN": "EMPTY_DIR"}


def gdal(*command: str) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(command, capture_output=True, text=True, timeout=120, env=ENV)
    assert result.returncode == 0 and "ERROR" not in result.stderr, result.stderr
    return result


@pytest.mark.django_db(transaction=True)
def test_gdal_ogcapi_opens_the_vn2000_coverage_and_reads_its_pixels(
    live_server: LiveServer, flood: Layer, tmp_path: Path
) -> None:
    source = f"OGCAPI:{live_server.url}/ogc/collections/flood-depth-demo"
    info = json.loads(gdal(GDALINFO, "-json", "-oo", "API=COVERAGE", source).stdout)
    assert info["size"] == [650, 660] and len(info["bands"]) == 1 and info["bands"][0]["type"] == "Float32"
    assert info["geoTransform"][0] == 598790.0 and info["geoTransform"][1] == 10.0  # the grid in VN-2000 metres
    # GDAL 3.6's OGCAPI driver labels every coverage WGS 84 (a client limitation): the grid itself is in metres.
    # It fetches the window block by block (subset + scaleSize) and gets our pixels back.
    copy = tmp_path / "khoi.tif"
    gdal(GDAL_TRANSLATE, "-oo", "API=COVERAGE", "-srcwin", "0", "0", "300", "300", source, str(copy))
    with rasterio.open(copy) as read, rasterio.open(rasters.layer_file(flood)) as stored:
        assert (read.read(1) == stored.read(1, window=Window(0, 0, 300, 300))).all()


@pytest.mark.django_db(transaction=True)
def test_gdal_reads_a_bbox_subset_with_its_crs_and_pixel_size(live_server: LiveServer, flood: Layer) -> None:
    query = urlencode({"bbox": "600000,1353000,602000,1354500", "bbox-crs": "EPSG:9217", "f": "GTiff"})
    info = json.loads(gdal(GDALINFO, "-json", f"{live_server.url}/ogc/collections/flood-depth-demo/"
                                                f"coverage?{query}").stdout)  # fmt: skip
    assert info["size"] == [200, 150]
    assert info["geoTransform"] == [600000.0, 10.0, 0.0, 1354500.0, 0.0, -10.0]
    assert 'ID["EPSG",9217]' in info["coordinateSystem"]["wkt"]
