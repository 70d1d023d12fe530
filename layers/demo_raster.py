"""The demo raster layer flood-depth-demo: a SYNTHETIC flood-depth GeoTIFF over part of Nha Trang, made by numpy.

No file ships with the code: load_demo computes a smooth depth field (a meandering river reach with two
flooded basins beside it) on a 10-metre grid in VN-2000 / TM-3 108-15, writes it as a GeoTIFF in a temporary
folder and imports it like any upload. Depths are in metres; dry land (under 5 cm) is nodata. The numbers are
invented: the layer's title, description, keywords and source all say so.
"""

import math
import tempfile
from io import TextIOBase
from pathlib import Path
from typing import Any

import numpy as np
import rasterio
from rasterio.transform import from_origin
from rasterio.warp import transform

from gis_core.srs import VN2000_TM3_108_15, WGS84
from layers import rasters
from layers.models import Layer
from layers.raster_import import import_raster

SLUG = "flood-depth-demo"
NODATA = -9999.0
PIXEL_M = 10.0
WIDTH, HEIGHT = 650, 660  # about 6.5 km x 6.6 km
NORTH_WEST = (109.16, 12.29)  # longitude, latitude of the grid's corner: the Cái river's lower reach
DRY_BELOW_M = 0.05
FLOOD_STYLE: dict[str, Any] = {
    "kind": "ramp",
    "band": 1,
    "interpolate": False,
    "opacity": 0.75,
    "stops": [
        {"value": 0, "color": "#C6DBEF", "label": "0 - 0,5 m", "label_en": "0 - 0.5 m"},
        {"value": 0.5, "color": "#6BAED6", "label": "0,5 - 1 m", "label_en": "0.5 - 1 m"},
        {"value": 1, "color": "#2171B5", "label": "1 - 2 m", "label_en": "1 - 2 m"},
        {"value": 2, "color": "#08306B", "label": "Trên 2 m", "label_en": "Over 2 m"},
    ],
}
METADATA: dict[str, Any] = {
    "title": "Độ sâu ngập lụt (dữ liệu mô phỏng)",
    "title_en": "Flood depth (synthetic demo data)",
    "description": "Độ sâu ngập (mét) trên một phần thành phố Nha Trang quanh hạ lưu sông Cái. DỮ LIỆU MÔ PHỎNG do "
    "lệnh load_demo sinh ra bằng công thức, không phải kết quả quan trắc hay mô hình thủy lực.",
    "description_en": "Flood depth (metres) over part of Nha Trang around the lower Cái river. SYNTHETIC data "
    "computed by load_demo from a formula; not an observation nor a hydraulic model result.",
    "keywords": ["ngập lụt", "độ sâu ngập", "mô phỏng", "flood depth", "synthetic", "demo"],
    "source": "Dữ liệu mô phỏng (synthetic) — layers.demo_raster",
    "licence": "CC0 (synthetic demo data)",
    "update_frequency": Layer.Frequency.NOT_PLANNED,
    "access": Layer.Access.PUBLIC,
    "published_ogc": True,
    "published_tiles": True,
    "tile_minzoom": 8,
    "tile_maxzoom": 18,
    "style": FLOOD_STYLE,
}


def load(stdout: TextIOBase) -> None:
    """Create the demo flood-depth layer unless it exists with its file; a second run writes nothing."""
    layer = Layer.objects.filter(slug=SLUG).first()
    if layer is not None and layer.raster_path and rasters.layer_file(layer).is_file():
        stdout.write(f"layers: demo raster {SLUG} kept.\n")
        return
    with tempfile.TemporaryDirectory(prefix="flood-demo-") as folder:
        path = write_geotiff(Path(folder) / f"{SLUG}.tif")
        result = import_raster(path, SLUG, metadata=METADATA)
    stdout.write(f"layers: demo raster {SLUG} created (synthetic): {result.summary()}\n")


def grid_origin() -> tuple[float, float]:
    """Return the grid's north-west corner in VN-2000 / TM-3 108-15 metres, snapped to the pixel size."""
    (easting,), (northing,) = transform(f"EPSG:{WGS84}", f"EPSG:{VN2000_TM3_108_15}", [NORTH_WEST[0]], [NORTH_WEST[1]])
    return round(easting / PIXEL_M) * PIXEL_M, round(northing / PIXEL_M) * PIXEL_M


def depth_field() -> np.ndarray:
    """Return the synthetic depths (metres, float32; NODATA where dry) on the HEIGHT x WIDTH grid."""
    rows, columns = np.mgrid[0:HEIGHT, 0:WIDTH].astype(np.float64)
    x, y = columns * PIXEL_M, rows * PIXEL_M  # metres east and south of the corner
    # A river reach meandering west to east across the middle, its flood plain widening and narrowing.
    centre = HEIGHT * PIXEL_M * 0.55 + 550 * np.sin(2 * math.pi * x / 3200) + 0.08 * x
    width = 380 + 180 * np.sin(x / 1900 + 0.7)
    river = 2.8 * np.exp(-(((y - centre) / width) ** 2))
    # Two low-lying basins, one north of the river and one south, flooded less deeply.
    basin_a = 1.3 * np.exp(-(((x - 1400) / 700) ** 2 + ((y - 1900) / 420) ** 2) / 2)
    basin_b = 0.8 * np.exp(-(((x - 4600) / 500) ** 2 + ((y - 5300) / 350) ** 2) / 2)
    # Uneven ground, so the edges are not perfect curves.
    ripple = 0.10 * np.sin(x / 230) * np.cos(y / 170) + 0.06 * np.sin((x + y) / 97)
    depth = np.maximum(river, np.maximum(basin_a, basin_b)) + ripple - 0.15
    depth = np.round(np.clip(depth, 0, 3.0), 2)
    return np.where(depth < DRY_BELOW_M, NODATA, depth).astype(np.float32)


def write_geotiff(path: Path) -> Path:
    """Write the synthetic field as a plain GeoTIFF (the import makes it cloud-optimized) and return its path."""
    west, north = grid_origin()
    profile = {
        "driver": "GTiff", "width": WIDTH, "height": HEIGHT, "count": 1, "dtype": "float32",
        "crs": f"EPSG:{VN2000_TM3_108_15}", "transform": from_origin(west, north, PIXEL_M, PIXEL_M), "nodata": NODATA,
    }  # fmt: skip
    with rasters.raster_env(), rasterio.open(path, "w", **profile) as dataset:
        dataset.write(depth_field(), 1)
        dataset.set_band_description(1, "flood depth (m), synthetic")
        dataset.update_tags(SYNTHETIC="yes", SOURCE="layers.demo_raster (load_demo)", UNITS="m")
    return path
