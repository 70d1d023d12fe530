"""rasterio's bundled GDAL and the GDAL GeoDjango loads from pyogrio work side by side, whichever loads first."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# Each step prints one JSON line: which GDAL answered and the test vector (lon 109.1967, lat 12.2388 in
# EPSG:9217 is E 602805.66, N 1353660.03) as that GDAL computes it.
SCRIPT = """
import json, os, sys
import django
django.setup()

def django_gdal():
    from django.contrib.gis.gdal import libgdal
    from django.contrib.gis.geos import Point
    point = Point(109.1967, 12.2388, srid=4326)
    point.transform(9217)
    from django.conf import settings
    return {"step": "django", "gdal": libgdal.gdal_version().decode(), "xy": point.coords,
            "library": settings.GDAL_LIBRARY_PATH}

def rasterio_gdal():
    import numpy as np
    import rasterio
    from rasterio.io import MemoryFile
    from rasterio.transform import from_origin
    from rasterio.warp import transform
    xs, ys = transform("EPSG:4326", "EPSG:9217", [109.1967], [12.2388])
    with MemoryFile() as memory:
        profile = {"driver": "GTiff", "width": 4, "height": 4, "count": 1, "dtype": "float32",
                   "crs": "EPSG:9217", "transform": from_origin(602800, 1353670, 10, 10)}
        with memory.open(**profile) as dataset:
            dataset.write(np.ones((1, 4, 4), "float32"))
        with memory.open() as dataset:
            assert dataset.crs.to_epsg() == 9217
    return {"step": "rasterio", "gdal": rasterio.__gdal_version__, "xy": [xs[0], ys[0]]}

def pyogrio_gdal():
    import pyogrio
    return {"step": "pyogrio", "gdal": pyogrio.__gdal_version_string__, "xy": None}

steps = {"django": django_gdal, "rasterio": rasterio_gdal, "pyogrio": pyogrio_gdal}
for name in sys.argv[1:]:
    print(json.dumps(steps[name]()))
"""


@pytest.mark.parametrize(
    "order", [("django", "rasterio", "pyogrio"), ("rasterio", "django", "pyogrio"), ("pyogrio", "rasterio", "django")]
)
def test_both_gdals_reproject_the_test_vector_in_any_import_order(order: tuple[str, ...]) -> None:
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", "PYTHONPATH": str(ROOT)}
    run = subprocess.run(
        [sys.executable, "-c", SCRIPT, *order], capture_output=True, text=True, cwd=ROOT, env=environment, timeout=120
    )
    assert run.returncode == 0, run.stderr[-2000:]
    results = {line["step"]: line for line in map(json.loads, run.stdout.splitlines())}
    assert "pyogrio.libs" in results["django"]["library"]  # GeoDjango keeps pyogrio's GDAL (config/gdal.py)
    assert version(results["django"]["gdal"]) >= (3, 9) and version(results["rasterio"]["gdal"]) >= (3, 9)
    for step in ("django", "rasterio"):
        easting, northing = results[step]["xy"]
        assert easting == pytest.approx(602805.66, abs=0.005) and northing == pytest.approx(1353660.03, abs=0.005)


def version(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.split(".")[:2])
