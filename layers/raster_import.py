"""Import a GeoTIFF as a raster layer: check it, convert it to a Cloud-Optimized GeoTIFF, swap it in atomically.

Checks, before anything is kept: GDAL's GeoTIFF driver reads it, it is georeferenced (a geotransform, not only
control points), it has a CRS (or --srid gives one), it lies in Việt Nam, its bands are numbers, it has at most
LAYERS_RASTER_MAX_PIXELS pixels and some data. The conversion (GDAL's COG driver: DEFLATE, 512-pixel blocks,
internal overviews) reads every block, so a corrupt file fails there. The new file is written beside the
layer's current one under a staging name; one transaction then renames it, points the layer at it and bumps
data_version. On any problem ImportFailed names the file and what to fix, and no file or row is left behind.
"""

import os
import warnings
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

import rasterio
import rasterio.shutil
from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from rasterio._err import CPLE_BaseError
from rasterio.crs import CRS
from rasterio.enums import Resampling
from rasterio.errors import NotGeoreferencedWarning, RasterioError
from rasterio.io import DatasetReader
from rasterio.warp import transform_bounds

from core.errors import ImportFailed
from gis_core.importer import Problem, fail
from layers import rasters, signals, styles
from layers.import_target import VIETNAM_EXTENT
from layers.models import Layer

READ_ERRORS = (RasterioError, CPLE_BaseError)
NUMERIC_DTYPES = {"uint8", "int8", "uint16", "int16", "uint32", "int32", "uint64", "int64", "float32", "float64"}
COG_OPTIONS = {
    "compress": "DEFLATE",
    "predictor": "YES",  # the driver picks horizontal (integers) or floating-point differencing
    "blocksize": 512,
    "overviews": "AUTO",  # halve until the smallest overview fits in one block
    "bigtiff": "IF_SAFER",
    "statistics": "NO",  # the catalogue keeps the statistics; no .aux.xml side-car
}


@dataclass
class RasterImport:
    """What import_layer did with a GeoTIFF."""

    layer: Layer
    file: str

    def summary(self) -> str:
        info = self.layer.raster
        return _(
            "%(file)s: layer %(slug)s now holds a %(width)d x %(height)d raster with %(count)d band(s) in %(crs)s, "
            "stored as a Cloud-Optimized GeoTIFF with %(levels)d overview level(s) (data version %(version)d)."
        ) % {
            "file": self.file, "slug": self.layer.slug, "width": info["width"], "height": info["height"],
            "count": info["count"], "crs": info["crs"] if info.get("srid") else _("a custom CRS"),
            "levels": len(info["overviews"]), "version": self.layer.data_version,
        }  # fmt: skip


def import_raster(
    file: Path, slug: str, srid: int | None = None, metadata: dict[str, Any] | None = None
) -> RasterImport:
    """Import the GeoTIFF as raster layer slug, replacing its file atomically; raise ImportFailed, keeping nothing."""
    if not file.is_file():
        raise fail([Problem(file.name, _("no such file."))])
    folder_existed = rasters.slug_dir(slug).is_dir()
    staged = rasters.staging_path(slug)
    extra: list[Path] = []
    try:
        with rasters.raster_env(), _opened(file) as source:
            crs = check_source(source, file.name, srid)
            _convert(source, staged, crs, extra)
        with rasters.open_raster(staged) as cog:
            description = rasters.describe(cog)
            extent = footprint(cog.crs, cog.bounds)
        check_data(description, file.name)
        layer = _swap(slug, staged, description, extent, metadata or {})
    except READ_ERRORS as exc:
        raise fail([Problem(file.name, unreadable(exc, file))]) from None
    finally:
        for path in (staged, *extra):
            path.unlink(missing_ok=True)
        if not folder_existed:
            with suppress(OSError):
                rasters.slug_dir(slug).rmdir()  # only when empty: a failed first import leaves no folder
    return RasterImport(layer=layer, file=file.name)


@contextmanager
def _opened(file: Path) -> Iterator[DatasetReader]:
    """Open the upload with the GeoTIFF driver alone, as the import's own problem when GDAL cannot."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", NotGeoreferencedWarning)  # check_source says it in words
        try:
            source = rasterio.open(file, driver=rasters.DRIVER)
        except READ_ERRORS as exc:
            raise fail([Problem(file.name, unreadable(exc, file))]) from None
    with source:
        yield source


def unreadable(exc: BaseException, file: Path) -> str:
    """Say that GDAL cannot read the file, quoting GDAL without the folder it sits in (an upload's is private)."""
    reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    reason = reason.replace(f"{file.parent}/", "")[:200]
    return _(
        "cannot be read as a GeoTIFF (GDAL says: %(reason)s). The file may be damaged or of another format; "
        "export it again as a GeoTIFF (.tif)."
    ) % {"reason": reason}


def check_source(source: DatasetReader, name: str, srid: int | None) -> CRS:
    """Return the CRS to store the raster in, or raise ImportFailed with what is wrong with it."""
    limit = settings.LAYERS_RASTER_MAX_PIXELS
    pixels = source.width * source.height * source.count
    if pixels > limit:
        message = _(
            "the raster has %(pixels)s pixels (%(width)d x %(height)d x %(count)d band(s)); rasters are limited to "
            "%(limit)s (setting LAYERS_RASTER_MAX_PIXELS). Clip or resample it, or ask an administrator to raise "
            "the limit."
        )
        values = {"pixels": f"{pixels:,}", "width": source.width, "height": source.height, "count": source.count}
        raise fail([Problem(name, message % {**values, "limit": f"{limit:,}"})])
    if source.transform.is_identity:
        if source.gcps[0]:
            message = _(
                "the raster is georeferenced only by ground control points; warp it first (for example gdalwarp "
                "-t_srs EPSG:9217 in.tif out.tif) and import the result."
            )
        else:
            message = _(
                "the raster is not georeferenced (it has no geotransform); georeference it in QGIS or with "
                "gdal_translate -a_ullr, then import it again."
            )
        raise fail([Problem(name, message)])
    if odd := sorted({dtype for dtype in source.dtypes if dtype not in NUMERIC_DTYPES}):
        message = _("the raster holds %(types)s values; raster layers take integer or floating-point bands.")
        raise fail([Problem(name, message % {"types": ", ".join(odd)})])
    crs = CRS.from_epsg(srid) if srid is not None else source.crs
    if crs is None:
        message = _(
            "the raster has no coordinate reference system; pass --srid (for example --srid 9217 for VN-2000 / "
            "TM-3 108-15, or --srid 32649 for UTM 49N) or choose the CRS in the upload form."
        )
        raise fail([Problem(name, message)])
    west, south, east, north = footprint(crs, source.bounds, name)
    xmin, ymin, xmax, ymax = VIETNAM_EXTENT
    if east < xmin or west > xmax or north < ymin or south > ymax:
        message = _(
            "the raster covers longitude %(west).4f to %(east).4f, latitude %(south).4f to %(north).4f, outside "
            "Việt Nam; check its CRS (--srid)."
        )
        raise fail([Problem(name, message % {"west": west, "east": east, "south": south, "north": north})])
    return crs


def footprint(crs: CRS, bounds: Any, name: str = "") -> list[float]:
    """Return the raster's bounds in EPSG:4326 (west, south, east, north), following curved edges."""
    try:
        return list(transform_bounds(crs, "EPSG:4326", *bounds, densify_pts=21))
    except READ_ERRORS as exc:
        message = _("its CRS cannot be converted to WGS84 (%(reason)s); pass --srid with its EPSG code.")
        raise fail([Problem(name, message % {"reason": str(exc)[:200]})]) from None


def check_data(description: dict[str, Any], name: str) -> None:
    """Refuse a raster whose bands hold no valid pixel at all."""
    if not any(band["valid_pixels"] for band in description["bands"]):
        raise fail([Problem(name, _("the raster holds no data: every pixel is nodata."))])


def _convert(source: DatasetReader, target: Path, crs: CRS, extra: list[Path]) -> None:
    """Write the source as a Cloud-Optimized GeoTIFF in the given CRS (a CRS from --srid replaces the file's)."""
    integers = all(not dtype.startswith("float") for dtype in source.dtypes)
    # Averages suit measured quantities (depths, heights); classes (susceptibility levels) must stay whole.
    resampling = Resampling.nearest if integers else Resampling.average
    options = {**COG_OPTIONS, "overview_resampling": resampling.name.upper()}
    if source.crs == crs:
        rasterio.shutil.copy(source, target, driver="COG", **options)
        return
    assigned = target.with_name(target.name + ".crs.tif")
    extra.append(assigned)
    rasterio.shutil.copy(source, assigned, driver="GTiff", tiled=True, compress="DEFLATE", bigtiff="IF_SAFER")
    with rasterio.open(assigned, "r+") as copy:
        copy.crs = crs
    with rasters.open_raster(assigned) as copy:
        rasterio.shutil.copy(copy, target, driver="COG", **options)


def _swap(slug: str, staged: Path, description: dict[str, Any], extent: list[float], metadata: dict[str, Any]) -> Layer:
    """Point the layer (created if new) at the converted file and bump its data_version, in one transaction."""
    with transaction.atomic():
        layer = Layer.objects.select_for_update().filter(slug=slug).first()
        if layer is None:
            band = description["bands"][0]
            defaults = {"title": slug, "style": styles.default_ramp(band["min"], band["max"]), **metadata}
            kind = {"kind": Layer.Kind.RASTER, "source_kind": rasters.SOURCE_KIND}
            layer = Layer.objects.create(slug=slug, **kind, **defaults)
        elif not layer.is_raster:
            raise ImportFailed(wrong_kind(layer))
        final = staged.with_name(rasters.final_name(layer.data_version + 1))
        os.replace(staged, final)
        try:
            relative = final.relative_to(rasters.data_dir()).as_posix()
            keep = {relative, layer.raster_path}  # the replaced file stays for readers that just read its path
            Layer.objects.filter(pk=layer.pk).update(
                raster_path=relative, raster=description, extent=extent, data_version=F("data_version") + 1,
                summary_version=F("data_version") + 1, last_updated=timezone.now(),
            )  # fmt: skip
        except BaseException:
            final.unlink(missing_ok=True)  # the row still names the old file; a later rollback leaves an orphan
            raise  # that the next import's sweep removes
        transaction.on_commit(lambda: rasters.sweep(slug, keep))
        # The alert rules reading this layer run once the new file is committed (as for vector imports).
        transaction.on_commit(partial(signals.send_data_changed, slug))
    layer.refresh_from_db()
    return layer


def wrong_kind(layer: Layer) -> str:
    return _(
        "The layer %(slug)s is a vector layer; a GeoTIFF cannot replace its features. Import it under a new slug."
    ) % {"slug": layer.slug}
