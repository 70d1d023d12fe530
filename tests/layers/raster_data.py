"""Real GeoTIFFs for the raster tests, written with rasterio, and a snapshot of what raster imports leave behind."""

import warnings
from pathlib import Path
from typing import Any

import numpy as np
import rasterio
from django.conf import settings
from pyproj import Transformer
from rasterio.errors import NotGeoreferencedWarning
from rasterio.transform import Affine, from_origin

from layers.models import Layer

NODATA = -9999.0
UTM49 = "EPSG:32649"
PIXEL_M = 10.0
# A 1200 x 1000 grid of 10 m pixels over Nha Trang in UTM 49N (west of the zone's central meridian, 111°E).
WEST, NORTH = 299_000.0, 1_360_000.0  # about 109.152°E, 12.296°N
WIDTH, HEIGHT = 1200, 1000
# Depth blocks (rows, columns of the grid) in metres; everything else is nodata.
SHALLOW = (slice(100, 500), slice(100, 600), 0.7)  # the 0.5-1 m class
DEEP = (slice(500, 900), slice(600, 1100), 1.5)  # the 1-2 m class
FLOOD_STYLE: dict[str, Any] = {
    "kind": "ramp",
    "band": 1,
    "stops": [
        {"value": 0, "color": "#C6DBEF", "label": "0 - 0,5 m", "label_en": "0 - 0.5 m"},
        {"value": 0.5, "color": "#6BAED6", "label": "0,5 - 1 m", "label_en": "0.5 - 1 m"},
        {"value": 1, "color": "#2171B5", "label": "1 - 2 m", "label_en": "1 - 2 m"},
        {"value": 2, "color": "#08306B", "label": "Trên 2 m", "label_en": "Over 2 m"},
    ],
}


def depths(shallow: float = 0.7, deep: float = 1.5) -> np.ndarray:
    """The test grid: two blocks of known depth, nodata elsewhere."""
    grid = np.full((HEIGHT, WIDTH), NODATA, dtype="float32")
    grid[SHALLOW[0], SHALLOW[1]] = shallow
    grid[DEEP[0], DEEP[1]] = deep
    return grid


def write_tif(
    path: Path,
    data: np.ndarray | None = None,
    *,
    crs: str | None = UTM49,
    transform: Affine | None = None,
    nodata: float | None = NODATA,
    **profile: Any,
) -> Path:
    """Write bands (2-D or bands x rows x columns) as a plain, striped GeoTIFF and return its path."""
    values = depths() if data is None else data
    bands = values if values.ndim == 3 else values[np.newaxis]
    options: dict[str, Any] = {
        "driver": "GTiff", "count": bands.shape[0], "height": bands.shape[1], "width": bands.shape[2],
        "dtype": bands.dtype.name, "nodata": nodata, **profile,
    }  # fmt: skip
    if crs is not None:
        options["crs"] = crs
    if transform is not None or crs is not None:
        options["transform"] = transform or from_origin(WEST, NORTH, PIXEL_M, PIXEL_M)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", NotGeoreferencedWarning)  # some tests want exactly that
        with rasterio.open(path, "w", **options) as dataset:
            dataset.write(bands)
    return path


def utm_to_lonlat(easting: float, northing: float) -> tuple[float, float]:
    return Transformer.from_crs(UTM49, "EPSG:4326", always_xy=True).transform(easting, northing)


def lonlat_to_utm(lon: float, lat: float) -> tuple[float, float]:
    return Transformer.from_crs("EPSG:4326", UTM49, always_xy=True).transform(lon, lat)


def files() -> list[str]:
    """Every file under LAYER_DATA_DIR, relative to it (staging files too)."""
    root = Path(settings.LAYER_DATA_DIR)
    return sorted(path.relative_to(root).as_posix() for path in root.rglob("*") if path.is_file())


def raster_state() -> list[Any]:
    """The layers (slug, kind, file, data version, extent) and the files on disk, to compare around a refusal."""
    layers = list(Layer.objects.order_by("slug").values_list("slug", "kind", "raster_path", "data_version", "extent"))
    folders = sorted(path.name for path in Path(settings.LAYER_DATA_DIR).iterdir())
    return [*layers, *files(), *folders]
