"""Import a vector or tabular file as an uploaded layer (or a GeoTIFF as a raster layer, in layers.raster_import).

Formats: GeoPackage, Shapefile (or zipped), GeoJSON, KML, MapInfo TAB (zipped for uploads), and CSV/XLSX with
coordinate columns (layers.tabular). The foundation importer (gis_core.importer) reads, reprojects, repairs and
checks; layers.import_target.LayerTarget replaces the layer's table in the same transaction. On any problem
nothing is written and ImportFailed names the file, the feature and what to fix.
"""

import re
import unicodedata
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pyogrio
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from core.errors import ImportFailed
from gis_core import archives, hints, importer, reading
from gis_core import encoding as text
from gis_core.importer import GeometryKind, ImportReport, Problem, fail
from layers import loading, rasters, tabular
from layers.import_target import too_many_features
from layers.models import Layer, slug_validator
from layers.raster_import import RasterImport, import_raster, wrong_kind

MAX_COLUMN_BYTES = 63  # PostgreSQL truncates longer identifiers
_NOT_WORD = re.compile(r"[^\w]+")
_GEOMETRY_KINDS = {
    "Polygon": GeometryKind.POLYGON,
    "MultiPolygon": GeometryKind.POLYGON,
    "LineString": GeometryKind.LINE,
    "MultiLineString": GeometryKind.LINE,
    "Point": GeometryKind.POINT,
    "MultiPoint": GeometryKind.POINT,
}


@dataclass
class LayerImport:
    """What import_layer did."""

    layer: Layer
    report: ImportReport
    columns: dict[str, str] = field(default_factory=dict)  # stored column -> the file's column

    def summary(self) -> str:
        renamed = {name: column for name, column in self.columns.items() if name != column}
        lines = [
            self.report.summary(),
            _("Layer %(slug)s now holds %(count)d features (data version %(version)d).")
            % {"slug": self.layer.slug, "count": self.layer.feature_count or 0, "version": self.layer.data_version},
        ]
        if renamed:
            pairs = ", ".join(f"{column} → {name}" for name, column in renamed.items())
            lines.append(_("Columns renamed for the database: %(pairs)s.") % {"pairs": pairs})
        return "\n".join(lines)


@dataclass(frozen=True)
class ImportOptions:
    """How to read the file and, for a new layer, its metadata."""

    source_layer: str | None = None
    srid: int | None = None  # already through gis_core.srs.parse_srid
    encoding: str = text.AUTO
    coordinates: dict[str, str | None] = field(default_factory=dict)  # lon/lat or x/y column names (tabular)
    metadata: dict[str, Any] = field(default_factory=dict)  # Layer field values for a new layer


type ImportResult = LayerImport | RasterImport


def import_layer(path: str | Path, slug: str, options: ImportOptions | None = None) -> ImportResult:
    """Import the file as layer slug, replacing its data atomically; raise ImportFailed and write nothing on error.

    A GeoTIFF (.tif, .tiff) becomes a raster layer (layers.raster_import); any other file a vector layer.
    """
    options = options or ImportOptions()
    file = Path(path).expanduser().resolve()
    raster = rasters.is_raster_file(file)
    check_slug(slug)
    check_importable(slug, raster)
    check_size(file)
    if raster:
        return import_raster(file, slug, srid=options.srid, metadata=options.metadata)
    with (
        archives.unpacked(file, options.source_layer, hints.current().layer) as dataset,
        _readable(dataset, _inside(file, dataset, options)) as (readable, layer_name, srid),
    ):
        # The importer's own reader names the columns (decoding legacy names) and counts the features without
        # reading them; a driver that cannot count leaves the limit to the import's own check.
        table = reading.open_layer(readable, layer_name, text.decoding_for_choice(options.encoding))
        limit = settings.LAYERS_IMPORT_MAX_FEATURES
        if table.total is not None and table.total > limit:
            raise fail([Problem(file.name, too_many_features(table.total, limit))])
        field_map = column_map(table.columns)
        info = _layer_info(readable, table.layer)
        ogr_types = dict(zip(field_map, info.get("ogr_types", []), strict=False))
        target = importer.get_target(
            "layers",
            field_map,
            slug=slug,
            geometry_kind=_GEOMETRY_KINDS.get(str(info.get("geometry_type", "")).removeprefix("3D "), GeometryKind.ANY),
            metadata={"title": slug, **options.metadata},
            max_features=limit,
            ogr_types=ogr_types,
        )
        report = importer.run_import(readable, target, layer=table.layer, srid=srid, encoding=options.encoding)
    report.file = file.name
    return LayerImport(layer=Layer.objects.get(slug=slug), report=report, columns=field_map)


def check_slug(slug: str) -> None:
    try:
        slug_validator(slug)
    except ValidationError:
        raise ImportFailed(
            _("The slug %(slug)r is not valid: use 1 to 50 lower-case letters, digits, hyphens or underscores, "
              "starting with a letter (for example flood-zones-2025).") % {"slug": slug[:60]}
        ) from None  # fmt: skip


def check_importable(slug: str, raster: bool = False) -> None:
    """Refuse slugs of layers whose data this file cannot replace (built-in tables, the other kind of layer)."""
    layer = Layer.objects.filter(slug=slug).first()
    if layer is None:
        return
    if layer.is_raster and not raster:
        raise ImportFailed(
            _("The layer %(slug)s is a raster layer; import a GeoTIFF (.tif) into it, or the file under a new slug.")
            % {"slug": slug}
        )
    if raster and not layer.is_raster:
        raise ImportFailed(wrong_kind(layer))
    if refusal := layer.source_type.import_refusal(layer):
        raise ImportFailed(refusal)


def check_size(file: Path) -> None:
    """Refuse a file larger than the upload limit (LAYERS_UPLOAD_MAX_MB) before reading it."""
    limit = settings.LAYERS_UPLOAD_MAX_BYTES
    if file.is_file() and file.stat().st_size > limit:
        message = _(
            "the file is %(size)s MiB; uploads are limited to %(limit)s MiB (environment variable "
            "LAYERS_UPLOAD_MAX_MB). Split it, or zip a Shapefile, or ask an administrator to raise the limit."
        )
        sizes = {"size": archives.mib(file.stat().st_size), "limit": archives.mib(limit)}
        raise fail([Problem(file.name, message % sizes)])


def column_map(columns: list[str]) -> dict[str, str]:
    """Return {column name in the database: the file's column} for every attribute column."""
    mapping: dict[str, str] = {}
    for column in columns:
        mapping[_unique(database_name(column), mapping)] = column
    return mapping


def database_name(column: str) -> str:
    """Return a lower-case identifier for a column: words joined by underscores, at most 63 bytes."""
    name = _NOT_WORD.sub("_", unicodedata.normalize("NFC", column).strip().lower()).strip("_") or "field"
    if name[0].isdigit():
        name = f"f_{name}"
    if name in loading.RESERVED_COLUMNS:
        name = f"{name}_src"
    while len(name.encode()) > MAX_COLUMN_BYTES - 4:  # room for a "_NNN" suffix
        name = name[:-1]
    return name


def _unique(name: str, taken: dict[str, str]) -> str:
    candidate, number = name, 2
    while candidate in taken or candidate in loading.RESERVED_COLUMNS:
        candidate, number = f"{name}_{number}", number + 1
    return candidate


def _inside(file: Path, dataset: Path, options: ImportOptions) -> ImportOptions:
    """The options for reading a dataset found in a zip: a source layer that named the dataset is used up."""
    if dataset != file and options.source_layer in (dataset.name, dataset.stem, str(dataset)):
        return replace(options, source_layer=None)
    return options


@contextmanager
def _readable(file: Path, options: ImportOptions) -> Iterator[tuple[Path, str | None, int | None]]:
    """Yield (path for the importer, layer, SRID to impose); a tabular file becomes a virtual point layer."""
    if not tabular.is_tabular(file):
        yield file, options.source_layer, options.srid
        return
    with tabular.as_point_layer(file, options.source_layer, options.coordinates, options.srid) as table:
        yield table.path, table.layer, None  # the virtual layer declares the coordinates' CRS itself


def _layer_info(file: Path, layer: str) -> dict[str, Any]:
    """Return pyogrio's description of a layer the importer has just read (field types, geometry type)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        return dict(pyogrio.read_info(file, layer=layer, encoding=reading.BYTES_AS_LATIN1))  # never fails on bytes
