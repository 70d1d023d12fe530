"""The importer's "layers" target: every column of a vector file into an uploaded layer's table, replaced whole.

Registered in gis_core.importer.IMPORT_TARGETS; layers.importing prepares its options.
"""

import datetime
import decimal
import json
from collections.abc import Iterator, Mapping, Sequence
from functools import partial
from typing import Any

import numpy as np
import shapely
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from psycopg2.extras import Json

from alerts import services as alert_services
from gis_core import hints, importer
from gis_core.importer import (
    GeometryKind,
    ImportTarget,
    Problem,
    Row,
    RowInvalid,
    Source,
    WriteCounts,
)
from layers import loading
from layers.models import Layer

# Longitude/latitude box around Việt Nam, its islands and seas: features outside it mean a wrong CRS or swapped axes.
VIETNAM_EXTENT = (102.0, 6.0, 118.0, 23.5)
GEOMETRY_TYPES: dict[GeometryKind, str] = {
    GeometryKind.POLYGON: "MultiPolygon",
    GeometryKind.LINE: "MultiLineString",
    GeometryKind.POINT: "MultiPoint",
    GeometryKind.ANY: "Geometry",
}


class LayerTarget(ImportTarget):
    """An uploaded layer: its table is rebuilt from the file and swapped in, its data_version bumped.

    Options: slug (the layer), geometry_kind (GeometryKind), metadata (field values for a new layer),
    max_features (None: no limit).
    """

    name = "layers"
    reports_writes = True

    def __init__(self, field_map: Mapping[str, str | None], **options: Any) -> None:
        super().__init__(field_map, **options)
        self.slug: str = options["slug"]
        self.kind = GeometryKind(options.get("geometry_kind", GeometryKind.ANY))
        self.metadata: dict[str, Any] = dict(options.get("metadata") or {})
        self.max_features: int | None = options.get("max_features")
        self.ogr_types: dict[str, str] = dict(options.get("ogr_types") or {})  # column -> OGR field type, as hints

    def required_fields(self) -> list[str]:
        return []

    def geometry_kind(self) -> GeometryKind:
        return self.kind

    def validate_row(self, row: Row, source: Source) -> dict[str, Any]:
        xmin, ymin, xmax, ymax = VIETNAM_EXTENT
        lon, lat = row.geom.representative_point().coords[0]
        if not (xmin <= lon <= xmax and ymin <= lat <= ymax):
            message = _(
                "the feature lies at %(lon).4f, %(lat).4f, outside Việt Nam; check the file's CRS (%(control)s…) "
                "or whether its X and Y columns are swapped."
            )
            raise RowInvalid(message % {"lon": lon, "lat": lat, "control": hints.current().srid.strip()})
        return {"values": [storable(row.values.get(name)) for name in self.field_map]}

    def check_rows(self, rows: Sequence[Row], source: Source) -> list[Problem]:
        if self.max_features is not None and len(rows) > self.max_features:
            return [Problem(source.name, too_many_features(len(rows), self.max_features))]
        return mixed_geometries(rows, source)

    def write(self, rows: Sequence[Row], source: Source) -> WriteCounts:
        layer, created = self._locked_layer()
        geometries = [row.geom for row in rows]
        geometry_type = GEOMETRY_TYPES[self.kind]
        if self.kind == GeometryKind.POINT and all(len(g.geoms) == 1 for g in geometries):
            geometries, geometry_type = [g.geoms[0] for g in geometries], "Point"
        names = list(self.field_map)
        columns, values = typed_columns(names, [row.clean["values"] for row in rows], self.ogr_types)
        load = loading.Load(
            columns=columns,
            geometry_type=geometry_type,
            rows=Counted(
                [
                    (row.number, shapely.to_wkb(geom), vals)
                    for row, geom, vals in zip(rows, geometries, values, strict=True)
                ]
            ),
        )
        layer.source_type.replace_data(layer, load)
        layer.bump_data_version()
        layer.refresh_summary()
        if created:
            layer.use_default_tile_attributes()
        # The alert rules reading this layer run once the new data is committed (and visible to them).
        transaction.on_commit(partial(alert_services.layer_data_changed, layer.slug))
        return WriteCounts(created=len(rows))

    def _locked_layer(self) -> tuple[Layer, bool]:
        """Return the layer, locked until the import commits (a concurrent import of the slug waits), and if new."""
        layer = Layer.objects.select_for_update().filter(slug=self.slug).first()
        if layer is not None:
            return layer, False
        defaults = {"geometry_column": loading.GEOMETRY_COLUMN, "id_column": loading.ID_COLUMN, **self.metadata}
        return Layer.objects.create(slug=self.slug, source_kind="upload", **defaults), True


class Counted(Sequence[Any]):
    """The rows of a load, telling the import's progress of each page of them the writer takes."""

    def __init__(self, rows: list[Any], page: int = loading.INSERT_PAGE_SIZE) -> None:
        self.rows, self.page = rows, page

    def __len__(self) -> int:
        return len(self.rows)

    def __getitem__(self, index: Any) -> Any:
        return self.rows[index]

    def __iter__(self) -> Iterator[Any]:
        sink = importer.progress()
        for start in range(0, len(self.rows), self.page):
            page = self.rows[start : start + self.page]
            yield from page
            sink.written(len(page))


# The geometry families a layer may hold one of (a Multi form and its single form are one family).
FAMILIES = {"Point": "point", "MultiPoint": "point", "LineString": "line", "MultiLineString": "line",
            "LinearRing": "line", "Polygon": "polygon", "MultiPolygon": "polygon"}  # fmt: skip
FAMILY_NAMES = {"point": gettext_lazy("points"), "line": gettext_lazy("lines"), "polygon": gettext_lazy("polygons"),
                "other": gettext_lazy("collections")}  # fmt: skip
MAX_LISTED_ROWS = 20


def mixed_geometries(rows: Sequence[Row], source: Source) -> list[Problem]:
    """Refuse a file mixing points, lines and polygons, naming the dominant type and the rows that are not it.

    A layer's table, its tiles and its styles hold one kind of geometry; a GEOMETRY column would take the mix
    silently and the odd features would vanish from the map.
    """
    families: dict[str, list[int]] = {}
    for row in rows:
        families.setdefault(FAMILIES.get(row.geom.geom_type, "other"), []).append(row.number)
    if len(families) < 2:
        return []
    ranked = sorted(families.items(), key=lambda item: -len(item[1]))
    dominant = ranked[0][0]
    others = sorted(number for family, numbers in ranked[1:] for number in numbers)
    listed = ", ".join(str(number) for number in others[:MAX_LISTED_ROWS]) + ("…" if len(others) > MAX_LISTED_ROWS
                                                                             else "")  # fmt: skip
    counts = ", ".join(f"{len(numbers)} {FAMILY_NAMES[family]}" for family, numbers in ranked)
    message = _(
        "the layer mixes geometry types (%(counts)s); a layer holds one type. Most features are %(dominant)s: "
        "remove the %(count)d other features (rows %(rows)s) or import them as a layer of their own, then import "
        "again."
    ) % {"counts": counts, "dominant": FAMILY_NAMES[dominant], "count": len(others), "rows": listed}
    return [Problem(source.name, message)]


def too_many_features(count: int, limit: int) -> str:
    return _(
        "the layer has %(count)d features; uploads are limited to %(limit)d (setting LAYERS_IMPORT_MAX_FEATURES). "
        "Split the file or ask an administrator to raise the limit."
    ) % {"count": count, "limit": limit}


# --- Attribute values and their column types --------------------------------------------------------------


def storable(value: Any) -> Any:
    """Return a value the database driver stores as it is (pandas timestamps, numpy arrays...)."""
    if hasattr(value, "to_pydatetime"):
        return value.to_pydatetime()
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, np.generic):
        return value.item()
    return value


def _family(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer" if -(2**63) <= value < 2**63 else "text"
    if isinstance(value, float | decimal.Decimal):
        return "number"
    if isinstance(value, datetime.datetime):
        return "timestamptz" if value.tzinfo is not None else "timestamp"
    if isinstance(value, datetime.date):
        return "date"
    if isinstance(value, datetime.time):
        return "time"
    if isinstance(value, bytes):
        return "bytea"
    if isinstance(value, list | dict):
        return "jsonb"
    return "text"


_PG_TYPES = {
    "boolean": "boolean",
    "integer": "bigint",
    "number": "double precision",
    "timestamptz": "timestamp with time zone",
    "timestamp": "timestamp without time zone",
    "date": "date",
    "time": "time without time zone",
    "bytea": "bytea",
    "jsonb": "jsonb",
    "text": "text",
}


def column_family(values: Sequence[Any], ogr_type: str = "") -> str:
    """Return the narrowest type family holding every non-empty value (text when they disagree)."""
    families = {_family(value) for value in values if value is not None}
    if families <= {"integer", "number"} and "number" in families:
        # The reader turns integer columns with empty cells into floats; the file's own type says integer.
        whole = all(float(v).is_integer() for v in values if v is not None)
        return "integer" if ogr_type.startswith("OFTInteger") and whole else "number"
    if ogr_type == "OFTDate" and families <= {"timestamp", "timestamptz"} and families:
        return "date"
    if families <= {"timestamp", "timestamptz"} and len(families) == 2:
        return "text"
    return families.pop() if len(families) == 1 else "text"


def _convert(value: Any, family: str) -> Any:
    if value is None:
        return None
    if family == "jsonb":
        return Json(value)
    if family == "number":
        return float(value)
    if family == "integer":
        return int(value)
    if family == "date" and isinstance(value, datetime.datetime):
        return value.date()
    if family == "text" and not isinstance(value, str):
        return json.dumps(value, ensure_ascii=False, default=str) if isinstance(value, list | dict) else str(value)
    return value


def typed_columns(
    names: list[str], rows: Sequence[Sequence[Any]], ogr_types: dict[str, str] | None = None
) -> tuple[list[tuple[str, str]], list[list[Any]]]:
    """Return the (name, PostgreSQL type) of each column and the rows' values converted to those types."""
    hints = ogr_types or {}
    families = [column_family([row[i] for row in rows], hints.get(name, "")) for i, name in enumerate(names)]
    columns = [(name, _PG_TYPES[family]) for name, family in zip(names, families, strict=True)]
    converted = [[_convert(value, family) for value, family in zip(row, families, strict=True)] for row in rows]
    return columns, converted
