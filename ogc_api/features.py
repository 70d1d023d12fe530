"""Reading a layer's features for OGC API Features: request parameters in, GeoJSON text out, all work in PostGIS.

Each feature is serialised by PostgreSQL (json_build_object, ST_AsGeoJSON, ST_Transform), so Python only joins
text. numberMatched comes from the layer's summary when nothing filters the features, so an unfiltered page never
counts the table. Next links carry the last id seen (`after`) as well as the offset: in id order a page then starts
from the id index instead of skipping `offset` rows, so page 500 costs what page 1 does.
"""

import re
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.http import QueryDict
from django.utils.translation import gettext as _
from psycopg2 import sql

from core.errors import InvalidInput
from layers.models import Layer
from ogc_api import filters
from ogc_api.crs import CRS84, OgcCrs, parse_crs

DEFAULT_LIMIT = 10
MAX_LIMIT = 10_000
PAIRS_PER_CALL = 40  # jsonb_build_object takes at most 100 arguments: build properties in chunks
_NUMBER = re.compile(r"^-?\d{1,18}$")  # fits bigint: a longer id is no id, not a 500
type Param = Any


@dataclass(frozen=True)
class BBox:
    """A bounding box in the axis order of its CRS, as the client sent it."""

    values: tuple[float, float, float, float]
    crs: OgcCrs

    def lon_lat_order(self) -> tuple[float, float, float, float]:
        """Return minx, miny, maxx, maxy in the CRS's easting/longitude-first order."""
        a, b, c, d = self.values
        return (b, a, d, c) if self.crs.lat_first else (a, b, c, d)


@dataclass
class ItemsQuery:
    """What one items request asks for, checked against the layer."""

    limit: int = DEFAULT_LIMIT
    offset: int = 0
    bbox: BBox | None = None
    crs: OgcCrs = CRS84
    properties: list[str] = field(default_factory=list)
    sortby: list[tuple[str, bool]] = field(default_factory=list)  # (field, descending)
    after: str | None = None  # the id the previous page ended with (id order only)
    filter: filters.Filter | None = None

    @classmethod
    def from_params(cls, layer: Layer, params: QueryDict) -> "ItemsQuery":
        """Parse the query string, raising InvalidInput that names the bad parameter."""
        names = layer.field_names()
        bbox = params.get("bbox")
        return cls(
            limit=_integer(params.get("limit"), "limit", DEFAULT_LIMIT, 1, MAX_LIMIT),
            offset=_integer(params.get("offset"), "offset", 0, 0, None),
            bbox=_bbox(bbox, parse_crs(params.get("bbox-crs"), "bbox-crs")) if bbox else None,
            crs=parse_crs(params.get("crs"), "crs"),
            properties=_properties(params.get("properties"), names),
            sortby=_sortby(params.get("sortby"), names),
            after=_after(params.get("after"), params.get("sortby")),
            filter=filters.from_params(layer, params),
        )


def _integer(text: str | None, name: str, default: int, low: int, high: int | None) -> int:
    if text is None or text == "":
        return default
    if not _NUMBER.match(text.strip()):
        raise InvalidInput(_("%(name)s must be a whole number, not %(value)r.") % {"name": name, "value": text[:40]})
    value = int(text)
    if high is not None and not low <= value <= high:
        raise InvalidInput(
            _("%(name)s must be from %(low)s to %(high)s.") % {"name": name, "low": low, "high": high}, parameter=name
        )
    if value < low:
        raise InvalidInput(_("%(name)s must be at least %(low)s.") % {"name": name, "low": low}, parameter=name)
    return value


def _bbox(text: str, crs: OgcCrs) -> BBox:
    parts = text.split(",")
    try:
        values = [float(part) for part in parts]
    except ValueError:
        values = []
    if len(values) != 4 or any(v != v or v in (float("inf"), float("-inf")) for v in values):
        raise InvalidInput(
            _("bbox must be four numbers minx,miny,maxx,maxy (in the axis order of bbox-crs), not %(value)r.")
            % {"value": text[:80]},
            parameter="bbox",
        )
    box = BBox((values[0], values[1], values[2], values[3]), crs)
    minx, miny, maxx, maxy = box.lon_lat_order()
    if minx > maxx or miny > maxy:
        raise InvalidInput(_("bbox: the minimum corner must come first, then the maximum."), parameter="bbox")
    return box


def _unknown_field(name: str, parameter: str, names: list[str]) -> InvalidInput:
    return InvalidInput(
        _("%(parameter)s: %(name)r is not a property of this collection; its properties are: %(names)s.")
        % {"parameter": parameter, "name": name[:60], "names": ", ".join(names)},
        parameter=parameter,
    )


def _properties(text: str | None, names: list[str]) -> list[str]:
    if text is None:
        return list(names)
    chosen = [name.strip() for name in text.split(",") if name.strip()]
    for name in chosen:
        if name not in names:
            raise _unknown_field(name, "properties", names)
    return chosen


def _sortby(text: str | None, names: list[str]) -> list[tuple[str, bool]]:
    keys = []
    for raw in (text or "").split(","):
        key = raw.strip()
        if not key:
            continue
        descending = key.startswith("-")
        name = key.lstrip("+-").strip()
        if name not in names:
            raise _unknown_field(name, "sortby", names)
        keys.append((name, descending))
    return keys


def _after(text: str | None, sortby: str | None) -> str | None:
    if text is None:
        return None
    if sortby:
        raise InvalidInput(_("after pages in id order only: drop sortby or use offset."), parameter="after")
    return text[:200]


@dataclass(frozen=True)
class Page:
    """Features of one page, as GeoJSON text each, the id of its last feature and how many match in all."""

    features: list[str]
    last_id: str | None
    number_matched: int


class LayerFeatures:
    """SQL over one layer's relation; identifiers come from the catalogue and are quoted, values are bound."""

    def __init__(self, layer: Layer) -> None:
        self.layer = layer
        schema_name, table = layer.relation()
        self.relation = sql.Identifier(schema_name, table)
        self.geom = sql.SQL("t.{}").format(sql.Identifier(layer.geometry_column))
        self.id = sql.SQL("t.{}").format(sql.Identifier(layer.id_column))

    def page(self, query: ItemsQuery) -> Page:
        """Return the page the query asks for and the number of features matching its filter."""
        conditions, params = self._bbox(query.bbox)
        if query.filter is not None:
            conditions.append(query.filter.condition)
            params.extend(query.filter.params)
        page_conditions, page_params, skip = list(conditions), list(params), query.offset
        if query.after is not None:
            if self._id_is_integer() and not _NUMBER.match(query.after):
                raise InvalidInput(_("after must be the id of a feature, as a next link gives it."), parameter="after")
            page_conditions.append(sql.SQL("{} > %s").format(self.id))
            page_params.append(query.after)
            skip = 0
        statement = sql.SQL(
            "SELECT {id}::text, {feature} FROM {rel} AS t {where} ORDER BY {order} LIMIT %s OFFSET %s"
        ).format(
            id=self.id, feature=self._feature(query.crs, query.properties), rel=self.relation,
            where=_where(page_conditions), order=self._order(query.sortby),
        )  # fmt: skip
        with connection.cursor() as cursor:
            cursor.execute(statement, [*page_params, query.limit, skip])
            rows = cursor.fetchall()
        features = [row[1] for row in rows]
        last_id = rows[-1][0] if rows else None
        return Page(features, last_id, self._count(_where(conditions), params, query, len(features)))

    def one(self, feature_id: str, crs: OgcCrs) -> str | None:
        """Return one feature as GeoJSON text, or None when no feature has that id."""
        if self._id_is_integer() and not _NUMBER.match(feature_id):
            return None
        statement = sql.SQL("SELECT {feature} FROM {rel} AS t WHERE {id} = %s LIMIT 1").format(
            feature=self._feature(crs, self.layer.field_names()), rel=self.relation, id=self.id
        )
        with connection.cursor() as cursor:
            cursor.execute(statement, [feature_id])
            row = cursor.fetchone()
        return row[0] if row else None

    def _id_is_integer(self) -> bool:
        types = {f["name"]: f["type"] for f in self.layer.fields}
        return types.get(self.layer.id_column) == "integer"

    def _count(self, where: sql.Composable, params: list[Param], query: ItemsQuery, returned: int) -> int:
        if query.bbox is None and query.filter is None:
            self.layer.ensure_summary()  # recounts only when the data changed since the last summary
            if self.layer.feature_count is not None:
                return self.layer.feature_count
        if query.after is None and returned < query.limit and (returned or not query.offset):
            return query.offset + returned  # the last page tells the total without counting
        statement = sql.SQL("SELECT count(*) FROM {rel} AS t {where}").format(rel=self.relation, where=where)
        with connection.cursor() as cursor:
            cursor.execute(statement, params)
            return int(cursor.fetchone()[0])

    def _bbox(self, bbox: BBox | None) -> tuple[list[sql.Composable], list[Param]]:
        if bbox is None:
            return [], []
        envelope = sql.SQL("ST_MakeEnvelope(%s, %s, %s, %s, %s)")
        if bbox.crs.srid != self.layer.srid:
            envelope = sql.SQL("ST_Transform({}, {})").format(envelope, sql.Literal(self.layer.srid))
        clause = sql.SQL("ST_Intersects({geom}, {envelope})").format(geom=self.geom, envelope=envelope)
        return [clause], [*bbox.lon_lat_order(), bbox.crs.srid]

    def _order(self, sortby: list[tuple[str, bool]]) -> sql.Composable:
        keys = [
            sql.SQL("t.{} {} NULLS LAST").format(sql.Identifier(name), sql.SQL("DESC" if descending else "ASC"))
            for name, descending in sortby
        ]
        return sql.SQL(", ").join([*keys, self.id])  # the id last keeps paging stable

    def _geometry(self, crs: OgcCrs) -> sql.Composable:
        if crs.srid == self.layer.srid:
            geometry = sql.SQL("ST_FlipCoordinates({})").format(self.geom) if crs.lat_first else self.geom
            return sql.SQL("ST_AsGeoJSON({}, 9, 0)").format(geometry)
        return sql.SQL("ST_AsGeoJSON(ST_Transform({}, {}), 3, 0)").format(self.geom, sql.Literal(crs.srid))

    def _properties(self, names: list[str]) -> sql.Composable:
        names = [name for name in names if name != self.layer.id_column]
        if not names:
            return sql.SQL("'{}'::jsonb")
        chunks = [names[i : i + PAIRS_PER_CALL] for i in range(0, len(names), PAIRS_PER_CALL)]
        calls = [
            sql.SQL("jsonb_build_object({})").format(
                sql.SQL(", ").join(sql.SQL("{}, t.{}").format(sql.Literal(n), sql.Identifier(n)) for n in chunk)
            )
            for chunk in chunks
        ]
        return sql.SQL(" || ").join(calls)

    def _feature(self, crs: OgcCrs, properties: list[str]) -> sql.Composable:
        return sql.SQL(
            "json_build_object('type', 'Feature', 'id', {id}, 'geometry', {geometry}::json, "
            "'properties', {props})::text"
        ).format(id=self.id, geometry=self._geometry(crs), props=self._properties(properties))


def _where(conditions: list[sql.Composable]) -> sql.Composable:
    return sql.SQL("WHERE ") + sql.SQL(" AND ").join(conditions) if conditions else sql.SQL("")
