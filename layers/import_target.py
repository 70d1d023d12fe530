"""The importer's "layers" target: every column of a vector file into an uploaded layer's table, replaced whole.

Registered in gis_core.importer.IMPORT_TARGETS; layers.importing prepares its options.
"""

import datetime
import decimal
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

import numpy as np
import shapely
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from psycopg2 import sql

from core.errors import ImportFailed
from gis_core import hints, importer
from gis_core.importer import (
    STORAGE_SRID,
    GeometryKind,
    ImportTarget,
    Problem,
    Row,
    RowInvalid,
    Source,
    WriteCounts,
)
from layers import loading, signals
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

    Streams: each batch is copied into the new table as it is read (layers.loading.Stage), so a layer of a
    million features never sits in memory. A column's type is the narrowest holding every value so far; a
    later batch that widens it retypes the column in the table. Options: slug (the layer), geometry_kind
    (GeometryKind), metadata (field values for a new layer), max_features (None: no limit).
    """

    name = "layers"
    reports_writes = True
    streams = True

    def __init__(self, field_map: Mapping[str, str | None], **options: Any) -> None:
        super().__init__(field_map, **options)
        self.slug: str = options["slug"]
        self.kind = GeometryKind(options.get("geometry_kind", GeometryKind.ANY))
        self.metadata: dict[str, Any] = dict(options.get("metadata") or {})
        self.max_features: int | None = options.get("max_features")
        self.ogr_types: dict[str, str] = dict(options.get("ogr_types") or {})  # column -> OGR field type, as hints
        self.start()

    def start(self) -> None:
        self.checked = 0  # rows through check_rows
        self.tally = GeometryTally()
        self.stage: loading.Stage | None = None
        self.types: list[ColumnType] = []
        self.geometry_type = GEOMETRY_TYPES[self.kind]
        self.layer: Layer | None = None
        self.created = False
        self.written = 0

    def required_fields(self) -> list[str]:
        return []

    def geometry_kind(self) -> GeometryKind:
        return self.kind

    def validate_row(self, row: Row, source: Source) -> dict[str, Any]:
        lon, lat = row.geom.representative_point().coords[0]
        if not _in_vietnam(lon, lat):
            raise RowInvalid(outside_vietnam(lon, lat))
        return {"values": [storable(row.values.get(name)) for name in self.field_map]}

    def validate_rows(self, rows: Sequence[Row], source: Source) -> tuple[list[Row], list[Problem]]:
        """As validate_row for every row, the points inside the geometries found and placed all at once.

        The clean values are the row's values in field order; write_batch makes them storable column by column.
        """
        if not rows:
            return [], []
        points = shapely.point_on_surface(np.array([row.geom for row in rows], dtype=object))
        lons, lats = shapely.get_x(points), shapely.get_y(points)
        xmin, ymin, xmax, ymax = VIETNAM_EXTENT
        outside = np.flatnonzero(~((lons >= xmin) & (lons <= xmax) & (lats >= ymin) & (lats <= ymax)))
        problems = [Problem(source.name, outside_vietnam(lons[i], lats[i]), rows[i].number) for i in outside.tolist()]
        refused = set(outside.tolist())
        valid = [row for index, row in enumerate(rows) if index not in refused] if refused else list(rows)
        for row in valid:
            row.clean = {"values": list(row.values.values())}  # the importer keys row.values in field_map's order
        return valid, problems

    def check_rows(self, rows: Sequence[Row], source: Source) -> list[Problem]:
        """Count the batch's rows and their geometry types; refuse at once a layer past the feature limit."""
        before, self.checked = self.checked, self.checked + len(rows)
        self.tally.add(rows)
        if self.max_features is not None and before <= self.max_features < self.checked:
            return [Problem(source.name, too_many_features(self.checked, self.max_features))]
        return []

    def check_done(self, source: Source) -> list[Problem]:
        if self.max_features is not None and self.checked > self.max_features:
            return []  # refused already, as the count went past the limit
        return self.tally.problems(source)

    def write(self, rows: Sequence[Row], source: Source) -> WriteCounts:
        self.write_batch(rows, source)
        return self.finish(source)

    def write_batch(self, rows: Sequence[Row], source: Source) -> None:
        if not rows:
            return
        names = list(self.field_map)
        columns = [storable_column(column) for column in zip(*(row.clean["values"] for row in rows), strict=True)]
        types = [column_type(column, self.ogr_types.get(name, "")) for name, column in zip(names, columns, strict=True)]
        geometries = [row.geom for row in rows]
        single_points = self.kind == GeometryKind.POINT and all(len(g.geoms) == 1 for g in geometries)
        if self.stage is None:
            self.layer, self.created = self._locked_layer()
            if refusal := self.layer.source_type.import_refusal(self.layer):
                raise ImportFailed(refusal)
            self.types = types
            if single_points:
                self.geometry_type = "Point"
            pg_columns = [(name, _PG_TYPES[kind.family]) for name, kind in zip(names, types, strict=True)]
            self.stage = loading.Stage(*self.layer.source_type.relation(self.layer), pg_columns, self.geometry_type)
        else:
            self._widen(names, types, single_points)
        if self.geometry_type == "Point":
            geometries = [g.geoms[0] for g in geometries]
        self.stage.copy(copy_lines(rows, geometries, columns, [kind.family for kind in self.types]))
        self.written += len(rows)
        importer.progress().written(len(rows))

    def _widen(self, names: list[str], types: list["ColumnType"], single_points: bool) -> None:
        """Retype the columns (and the geometry) this batch widened, in the rows loaded so far."""
        assert self.stage is not None
        for index, (name, kind) in enumerate(zip(names, types, strict=True)):
            before, after = self.types[index], self.types[index].merge(kind)
            self.types[index] = after
            if after.family != before.family:
                self.stage.retype(name, _PG_TYPES[after.family], retyped(name, before, after))
        if self.geometry_type == "Point" and not single_points:
            self.geometry_type = "MultiPoint"
            using = sql.SQL("ST_Multi({})").format(sql.Identifier(loading.GEOMETRY_COLUMN))
            self.stage.retype(loading.GEOMETRY_COLUMN, "geometry(MultiPoint, 4326)", using)

    def finish(self, source: Source) -> WriteCounts:
        assert self.stage is not None and self.layer is not None, "finish() follows write_batch()"
        layer = self.layer
        self.stage.swap()
        layer.bump_data_version()
        layer.refresh_summary()
        if self.created:
            layer.use_default_tile_attributes()
        # The alert rules reading this layer run once the new data is committed (and visible to them).
        transaction.on_commit(partial(signals.send_data_changed, layer.slug))
        return WriteCounts(created=self.written)

    def stop(self) -> None:
        if self.stage is not None:
            self.stage.stop()

    def _locked_layer(self) -> tuple[Layer, bool]:
        """Return the layer, locked until the import commits (a concurrent import of the slug waits), and if new."""
        layer = Layer.objects.select_for_update().filter(slug=self.slug).first()
        if layer is not None:
            return layer, False
        defaults = {"geometry_column": loading.GEOMETRY_COLUMN, "id_column": loading.ID_COLUMN, **self.metadata}
        return Layer.objects.create(slug=self.slug, source_kind="upload", **defaults), True


def _in_vietnam(lon: float, lat: float) -> bool:
    xmin, ymin, xmax, ymax = VIETNAM_EXTENT
    return xmin <= lon <= xmax and ymin <= lat <= ymax


def outside_vietnam(lon: float, lat: float) -> str:
    message = _(
        "the feature lies at %(lon).4f, %(lat).4f, outside Việt Nam; check the file's CRS (%(control)s…) "
        "or whether its X and Y columns are swapped."
    )
    return message % {"lon": lon, "lat": lat, "control": hints.current().srid.strip()}


# The geometry families a layer may hold one of (a Multi form and its single form are one family).
FAMILIES = {"Point": "point", "MultiPoint": "point", "LineString": "line", "MultiLineString": "line",
            "LinearRing": "line", "Polygon": "polygon", "MultiPolygon": "polygon"}  # fmt: skip
FAMILY_NAMES = {"point": gettext_lazy("points"), "line": gettext_lazy("lines"), "polygon": gettext_lazy("polygons"),
                "other": gettext_lazy("collections")}  # fmt: skip
MAX_LISTED_ROWS = 20


# shapely's geometry type ids (-1 none, 0 Point … 7 GeometryCollection), shifted by one -> family.
_FAMILY_BY_TYPE_ID = np.array(["other", "point", "line", "line", "polygon", "point", "line", "polygon", "other"],
                              dtype=object)  # fmt: skip


class GeometryTally:
    """How many features of each geometry family a layer has, and the first numbers of each, batch by batch."""

    def __init__(self) -> None:
        self.counts: dict[str, int] = {}  # in the order the families first appear
        self.first: dict[str, list[int]] = {}

    def add(self, rows: Sequence[Row]) -> None:
        if not rows:
            return
        type_ids = shapely.get_type_id(np.array([row.geom for row in rows], dtype=object))
        numbers = np.fromiter((row.number for row in rows), dtype=np.int64, count=len(rows))
        found = _FAMILY_BY_TYPE_ID[np.clip(type_ids, -1, 7) + 1]
        for family in dict.fromkeys(found.tolist()):  # in the order of their first feature
            mask = found == family
            self.counts[family] = self.counts.get(family, 0) + int(mask.sum())
            listed = self.first.setdefault(family, [])
            if len(listed) < MAX_LISTED_ROWS:
                listed.extend(numbers[mask][: MAX_LISTED_ROWS - len(listed)].tolist())

    def problems(self, source: Source) -> list[Problem]:
        """Refuse a layer mixing points, lines and polygons, naming the dominant type and the rows that are not it.

        A layer's table, its tiles and its styles hold one kind of geometry; a GEOMETRY column would take the mix
        silently and the odd features would vanish from the map.
        """
        if len(self.counts) < 2:
            return []
        ranked = sorted(self.counts.items(), key=lambda item: -item[1])
        dominant = ranked[0][0]
        count = sum(number for _family, number in ranked[1:])
        # The first numbers of each other family hold the first numbers of all of them together.
        others = sorted(number for family, _count in ranked[1:] for number in self.first[family])[:MAX_LISTED_ROWS]
        listed = ", ".join(str(number) for number in others) + ("…" if count > MAX_LISTED_ROWS else "")
        counts = ", ".join(f"{number} {FAMILY_NAMES[family]}" for family, number in ranked)
        message = _(
            "the layer mixes geometry types (%(counts)s); a layer holds one type. Most features are %(dominant)s: "
            "remove the %(count)d other features (rows %(rows)s) or import them as a layer of their own, then import "
            "again."
        ) % {"counts": counts, "dominant": FAMILY_NAMES[dominant], "count": count, "rows": listed}
        return [Problem(source.name, message)]


def mixed_geometries(rows: Sequence[Row], source: Source) -> list[Problem]:
    """Refuse rows mixing points, lines and polygons (GeometryTally.problems over these rows)."""
    tally = GeometryTally()
    tally.add(rows)
    return tally.problems(source)


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


@dataclass(frozen=True)
class ColumnType:
    """The type families a column's values showed so far, whence its PostgreSQL type."""

    families: frozenset[str]
    whole: bool  # every number is a whole number (asked only of columns of numbers)
    ogr_type: str = ""

    @property
    def family(self) -> str:
        """The narrowest type family holding every non-empty value (text when they disagree)."""
        families = self.families
        if families <= {"integer", "number"} and "number" in families:
            # The reader turns integer columns with empty cells into floats; the file's own type says integer.
            return "integer" if self.ogr_type.startswith("OFTInteger") and self.whole else "number"
        if self.ogr_type == "OFTDate" and families <= {"timestamp", "timestamptz"} and families:
            return "date"
        if families <= {"timestamp", "timestamptz"} and len(families) == 2:
            return "text"
        return next(iter(families)) if len(families) == 1 else "text"

    def merge(self, other: "ColumnType") -> "ColumnType":
        """The type of the values of both (a later batch of the same column)."""
        return ColumnType(self.families | other.families, self.whole and other.whole, self.ogr_type)


def column_type(values: Sequence[Any], ogr_type: str = "") -> ColumnType:
    """Return the type families of a column's values; the common kinds of columns without a look at each value."""
    kinds = set(map(type, values))
    kinds.discard(type(None))
    if kinds <= {str}:
        families = frozenset({"text"} if kinds else ())
    elif kinds <= {int, float} and (int not in kinds or _all_int64(values)):
        families = frozenset("integer" if kind is int else "number" for kind in kinds)
    else:
        families = frozenset(_family(value) for value in values if value is not None)
    whole = True
    if families <= {"integer", "number"} and "number" in families:
        whole = all(float(v).is_integer() for v in values if v is not None)
    return ColumnType(families, whole, ogr_type)


def _all_int64(values: Sequence[Any]) -> bool:
    integers = [value for value in values if type(value) is int]
    return min(integers) >= -(2**63) and max(integers) < 2**63


def column_family(values: Sequence[Any], ogr_type: str = "") -> str:
    """Return the narrowest type family holding every non-empty value (text when they disagree)."""
    return column_type(values, ogr_type).family


def retyped(name: str, before: ColumnType, after: ColumnType) -> sql.Composable:
    """The USING expression turning a column's values of type before into after (PostgreSQL's casts)."""
    column, pg_type = sql.Identifier(name), sql.SQL(_PG_TYPES[after.family])
    if not before.families:
        return sql.SQL("NULL::{}").format(pg_type)  # every value so far was empty
    if before.family == "boolean" and after.family == "text":
        return sql.SQL("CASE WHEN {0} THEN 'True' WHEN NOT {0} THEN 'False' END").format(column)  # as str(bool)
    return sql.SQL("{}::{}").format(column, pg_type)


# --- COPY's text format ---------------------------------------------------------------------------------

_NULL = "\\N"
_PLAIN = frozenset({str, int, float, bool, type(None)})


def storable_column(values: Sequence[Any]) -> list[Any]:
    """The values as storable() makes them; a column of plain Python values (the usual case) as it is."""
    if set(map(type, values)) <= _PLAIN:
        return list(values)
    return [storable(value) for value in values]


def _escaped(value: str) -> str:
    """The value with COPY's special characters (backslash, tab, newline, carriage return) escaped."""
    if "\\" in value or not value.isprintable():
        return value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    return value


def _as_text(value: Any) -> str:
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, default=str) if isinstance(value, list | dict) else str(value)


def _copy_value(value: Any, family: str) -> str:
    """One value in COPY's text format, converted to its column's type family."""
    if value is None:
        return _NULL
    if family == "text":
        return _escaped(_as_text(value))
    if family == "number":
        return repr(float(value))
    if family == "integer":
        return str(int(value))
    if family == "boolean":
        return "t" if value else "f"
    if family == "jsonb":
        return _escaped(json.dumps(value))
    if family == "date" and isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if family == "bytea":
        return "\\\\x" + bytes(value).hex()
    return str(value.isoformat())  # dates, times and timestamps (with their offset)


def copy_column(values: Sequence[Any], family: str) -> list[str]:
    """A column's values in COPY's text format; text, whole numbers and numbers without a call per value."""
    if family == "text":
        return [_escaped(value) if type(value) is str else _copy_value(value, family) for value in values]
    if family == "number":
        return [repr(value) if type(value) is float else _copy_value(value, family) for value in values]
    if family == "integer":
        return [str(value) if type(value) is int else _copy_value(value, family) for value in values]
    return [_copy_value(value, family) for value in values]


def copy_lines(rows: Sequence[Row], geometries: Sequence[Any], columns: list[list[Any]], families: list[str]) -> str:
    """The rows in COPY's text format: fid (the feature number), the geometry as hex EWKB, then the columns."""
    geoms = shapely.set_srid(np.array(geometries, dtype=object), STORAGE_SRID)
    fields = [
        [str(row.number) for row in rows],
        [wkb.hex() for wkb in shapely.to_wkb(geoms, include_srid=True).tolist()],  # faster than GEOS's hex
        *(copy_column(values, family) for values, family in zip(columns, families, strict=True)),
    ]
    return "".join(f"{line}\n" for line in map("\t".join, zip(*fields, strict=True)))
