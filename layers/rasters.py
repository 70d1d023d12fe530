"""Raster layers' files: one Cloud-Optimized GeoTIFF per import under settings.LAYER_DATA_DIR, read with rasterio.

A raster layer (Layer.kind "raster", source kind "cog") names its current file in Layer.raster_path, relative to
LAYER_DATA_DIR (<slug>/v<version>-<token>.tif). The file keeps the CRS the GeoTIFF came in (no resampling at
import); readers reproject (tiles through a WarpedVRT). Layer.raster describes the file (see describe()).

Every reader opens files through open_raster(), which lets GDAL use its GeoTIFF driver only (never VRT or another
format that can make GDAL read further files) and look for no side-car files. An import writes a new file and
swaps the path in one transaction (layers.raster_import); the file it replaced stays until the next import, so
a reader that read the old path a moment before can still open it.
"""

import math
import secrets
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import rasterio
from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _
from rasterio.io import DatasetReader

from core.errors import ImportFailed, NotFound
from layers import loading
from layers.sources import LayerSource

if TYPE_CHECKING:
    from layers.models import Layer

SOURCE_KIND = "cog"
DRIVER = "GTiff"  # COGs are GeoTIFFs; GDAL may open nothing else from a layer file or an upload
SUFFIXES = {".tif", ".tiff"}
STAGING_PREFIX = ".staging-"  # files being written; the sweep leaves them alone unless a crash left them old
STALE_STAGING_SECONDS = 24 * 3600
GDAL_OPTIONS = {
    "GDAL_DISABLE_READDIR_ON_OPEN": "EMPTY_DIR",  # no .aux.xml, .ovr or .msk side-cars: only the file itself
    "GDAL_PAM_ENABLED": "NO",  # and never write .aux.xml next to it
    "GTIFF_REPORT_COMPD_CS": "YES",  # keep a vertical CRS when a file has one
}


def raster_env(**options: Any) -> rasterio.Env:
    """Return the rasterio environment every raster read and write of the platform runs in."""
    return rasterio.Env(**{**GDAL_OPTIONS, **options})


@contextmanager
def open_raster(path: Path | str, **options: Any) -> Iterator[DatasetReader]:
    """Open a GeoTIFF read-only with the GeoTIFF driver alone; options go to rasterio.open (e.g. overview_level)."""
    with raster_env(), rasterio.open(path, driver=DRIVER, **options) as dataset:
        yield dataset


def is_raster_file(path: Path) -> bool:
    """Whether import_layer treats the file as a raster (by its name: .tif or .tiff)."""
    return path.suffix.lower() in SUFFIXES


def data_dir() -> Path:
    return Path(settings.LAYER_DATA_DIR)


def slug_dir(slug: str) -> Path:
    """The folder holding the files of the raster layer slug."""
    return data_dir() / slug


def layer_file(layer: "Layer") -> Path:
    """Return the absolute path of the layer's current file; NotFound when it has none yet."""
    if not layer.raster_path:
        raise NotFound(_("The raster layer %(slug)s has no data yet; import a GeoTIFF.") % {"slug": layer.slug})
    return data_dir() / layer.raster_path


def staging_path(slug: str) -> Path:
    """Return a fresh path in the layer's folder to write a new file to before it is swapped in."""
    folder = slug_dir(slug)
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"{STAGING_PREFIX}{secrets.token_hex(8)}.tif"


def final_name(version: int) -> str:
    """A new file's name: the data version it serves and a random part (never the name of an older file)."""
    return f"v{version}-{secrets.token_hex(6)}.tif"


def sweep(slug: str, keep: set[str]) -> None:
    """Delete the layer folder's files other than keep (relative paths), and staging files a crash left behind."""
    folder = slug_dir(slug)
    if not folder.is_dir():
        return
    now = time.time()
    for path in folder.iterdir():
        relative = path.relative_to(data_dir()).as_posix()
        if path.name.startswith(STAGING_PREFIX):
            if now - path.stat().st_mtime > STALE_STAGING_SECONDS:
                path.unlink(missing_ok=True)
        elif relative not in keep and path.is_file():
            path.unlink(missing_ok=True)


def describe(dataset: DatasetReader) -> dict[str, Any]:
    """Return what the catalogue keeps about a raster file: CRS, size, grid, overviews and band statistics."""
    crs = dataset.crs
    epsg = crs.to_epsg() if crs is not None else None
    return {
        "crs": f"EPSG:{epsg}" if epsg else (crs.to_wkt() if crs is not None else None),
        "srid": epsg,
        "crs_wkt": crs.to_wkt() if crs is not None else None,
        "width": dataset.width,
        "height": dataset.height,
        "count": dataset.count,
        "dtype": dataset.dtypes[0],
        "nodata": _number(dataset.nodata),
        "resolution": list(dataset.res),
        "bounds": list(dataset.bounds),
        "transform": list(dataset.transform)[:6],
        "blocksize": list(dataset.block_shapes[0]),
        "overviews": dataset.overviews(1),
        "compression": dataset.compression.value if dataset.compression else None,
        "bands": band_statistics(dataset),
    }


def band_statistics(dataset: DatasetReader) -> list[dict[str, Any]]:
    """Return each band's valid-pixel count, min, max, mean and standard deviation, read block by block."""
    bands = []
    for band in dataset.indexes:
        count, total, squares = 0, 0.0, 0.0
        low, high = math.inf, -math.inf
        for _index, window in dataset.block_windows(band):
            values = dataset.read(band, window=window, masked=True)
            valid = values.compressed().astype("float64")
            valid = valid[np.isfinite(valid)]
            if valid.size:
                count += int(valid.size)
                total += float(valid.sum())
                squares += float(np.square(valid).sum())
                low, high = min(low, float(valid.min())), max(high, float(valid.max()))
        mean = total / count if count else None
        std = math.sqrt(max(squares / count - mean**2, 0.0)) if mean is not None else None
        bands.append({
            "band": band, "description": dataset.descriptions[band - 1] or "", "dtype": dataset.dtypes[band - 1],
            "valid_pixels": count, "min": low if count else None, "max": high if count else None,
            "mean": mean, "std": std,
        })  # fmt: skip
    return bands


def _number(value: float | None) -> float | None:
    """Return a JSON-safe number (NaN nodata is written as the string "nan" by JSON encoders otherwise)."""
    if value is None:
        return None
    return None if math.isnan(value) else float(value)


class CogSource(LayerSource):
    """A raster layer's Cloud-Optimized GeoTIFF under LAYER_DATA_DIR; replaced whole by each import."""

    name = SOURCE_KIND
    accepts_imports = True

    def relation(self, layer: "Layer") -> tuple[str, str]:
        raise NotImplementedError(f"The raster layer {layer.slug} has no table; open it with layers.rasters.")

    def assign_relation(self, layer: "Layer") -> None:
        layer.table_name = ""  # nothing in the database: the data is a file

    def problems(self, layer: "Layer") -> list[str]:
        if layer.raster_path and not layer_file(layer).is_file():
            return [
                _("the raster file %(path)s is missing from LAYER_DATA_DIR; import the GeoTIFF again.")
                % {"path": layer.raster_path}
            ]
        return []

    def prepare(self, layer: "Layer") -> None:
        pass  # a file needs no trigger: its import bumps data_version itself

    def import_refusal(self, layer: "Layer") -> str | None:
        return None

    def discard(self, layer: "Layer") -> None:
        folder = (data_dir() / layer.raster_path).parent if layer.raster_path else slug_dir(layer.slug)
        # Removed once the deletion is committed: a rolled-back deletion keeps its file.
        transaction.on_commit(lambda: shutil.rmtree(folder, ignore_errors=True))

    def replace_data(self, layer: "Layer", load: loading.Load) -> None:
        raise ImportFailed(_("The layer %(slug)s is a raster layer; import a GeoTIFF into it.") % {"slug": layer.slug})
