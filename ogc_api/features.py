"""Reading a layer's features for OGC API Features: request parameters in, GeoJSON text out, all work in PostGIS.

Each feature is serialised by PostgreSQL (json_build_object, ST_AsGeoJSON, ST_Transform), so Python only joins
text. Pages in key order (no sortby, or sortby on a unique column) continue from a signed cursor on the key
(ogc_api.paging), so a deep page costs what the first does; other orders page by offset. numberMatched comes from
the layer's summary when nothing filters the features; a filtered count runs once, on the first page, and only for
tables of at most COUNT_ROWS features, then rides along in the cursor; past that it is omitted.
"""

import re
from dataclasses import dataclass, field
from typing import Any

from django.http import QueryDict
from django.utils.translation import gettext as _
from psycopg2 import sql

from core.db import read_connection
from core.errors import InvalidInput
from layers.models import Layer
from ogc_api import filters, selection
from ogc_api.crs import CRS84, OgcCrs, parse_crs
from ogc_api.paging import Cursor, keyset_order, read_cursor

DEFAULT_LIMIT = 10
MAX_LIMIT = 10_000
COUNT_ROWS = 100_000  # a filtered numberMatched is counted only for layers of at most this many features
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
    cursor: Cursor | None = None  # where a next link said the page starts
    filter: filters.Filter | None = None
    conditions: list[selection.Condition] = field(default_factory=list)  # datetime and plain queryables
    skip_geometry: bool = False

    @classmethod
    def from_params(cls, layer: Layer, params: QueryDict) -> "ItemsQuery":
        """Parse the query string, raising InvalidInput that names the bad parameter."""
        names = layer.field_names()
        bbox = params.get("bbox")
        return cls(
            limit=_integer(params.get("limit"), "limit", DEFAULT_LIMIT, 1, MAX_LIMIT),
            offset=_integer(params.get("offset"), "offset", 0, 0, None),
            bbox=parse_bbox(bbox, parse_crs(params.get("bbox-crs"), "bbox-crs")) if bbox else None,
            crs=parse_crs(params.get("crs"), "crs"),
            properties=_properties(params.get("properties"), names),
            sortby=_sortby(params.get("sortby"), names),
            cursor=read_cursor(params.get("cursor")),
            filter=filters.from_params(layer, params),
            conditions=selection.conditions(layer, params),
            skip_geometry=selection.skip_geometry(params),
        )

    def selects(self) -> bool:
        """Whether anything but paging narrows the features (so the layer's count is not numberMatched)."""
        return self.bbox is not None or self.filter is not None or bool(self.conditions)


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


def parse_bbox(text: str, crs: OgcCrs) -> BBox:
    """Parse minx,miny,maxx,maxy (or minx,miny,minz,maxx,maxy,maxz) in the axis order of crs, or raise InvalidInput."""
    parts = text.split(",")
    try:
        values = [float(part) for part in parts]
    except ValueError:
        values = []
    if len(values) == 6:  # the heights bound nothing: features are compared in two dimensions
        values = [values[0], values[1], values[3], values[4]]
    if len(values) != 4 or any(v != v or v in (float("inf"), float("-inf")) for v in values):
        raise InvalidInput(
            _(
                "bbox must be four numbers minx,miny,maxx,maxy, or six with heights (in the axis order of bbox-crs), "
                "not %(value)r."
            )
            % {"value": text[:80]},
            parameter="bbox",
        )
    box = BBox((values[0], values[1], values[2], values[3]), crs)
    minx, miny, maxx, maxy = box.lon_lat_order()
    crs.check_coordinates([(minx, miny), (maxx, maxy)], "bbox")
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


@dataclass(frozen=True)
class Page:
    """Features of one page as GeoJSON text each, where it starts, the cursor of the next page, and the total."""

    features: list[str]
    position: int  # features before this page
    next_cursor: Cursor | None
    number_matched: int | None  # None when counting would cost too much


class CollectionItems:
    """The items of one layer's collection, read by SQL with quoted catalogue identifiers and bound values."""

    def __init__(self, layer: Layer) -> None:
        self.layer = layer
        schema_name, table = layer.relation()
        self.relation = sql.Identifier(schema_name, table)
        self.geom = sql.SQL("t.{}").format(sql.Identifier(layer.geometry_column))
        self.id = sql.SQL("t.{}").format(sql.Identifier(layer.id_column))

    def page(self, query: ItemsQuery) -> Page:
        """Return the page the query asks for, the next page's cursor and the number of matching features."""
        conditions, params = self._bbox(query.bbox)
        if query.filter is not None:
            conditions.append(query.filter.condition)
            params.extend(query.filter.params)
        for condition in query.conditions:
            conditions.append(condition.sql)
            params.extend(condition.params)
        keyset = keyset_order(self.layer, query.sortby)
        page_conditions, page_params = list(conditions), list(params)
        position, skip = query.offset, query.offset
        if query.cursor is not None:
            position, skip = query.cursor.position, query.cursor.position
            if query.cursor.column:
                page_conditions.append(self._after(query.cursor, keyset))
                page_params.append(query.cursor.value)
                skip = 0
        key = sql.SQL("t.{}").format(sql.Identifier(keyset[0])) if keyset else self.id
        statement = sql.SQL(
            "SELECT {key}::text, {feature} FROM {rel} AS t {where} ORDER BY {order} LIMIT %s OFFSET %s"
        ).format(
            key=key, feature=self._feature(query.crs, query.properties, query.skip_geometry), rel=self.relation,
            where=_where(page_conditions), order=self._order(query.sortby),
        )  # fmt: skip
        with read_connection().cursor() as cursor:
            cursor.execute(statement, [*page_params, query.limit + 1, skip])  # one more tells if a next page exists
            rows = cursor.fetchall()
        more = len(rows) > query.limit
        rows = rows[: query.limit]
        matched = self._matched(_where(conditions), params, query, position, len(rows), more)
        next_cursor = None
        if more:
            column, descending = keyset or ("", False)
            value = rows[-1][0] if keyset else ""
            next_cursor = Cursor(column, descending, value, position + len(rows), matched)
        return Page([row[1] for row in rows], position, next_cursor, matched)

    def _after(self, cursor: Cursor, keyset: tuple[str, bool] | None) -> sql.Composable:
        """The condition that starts a page after the cursor's key, which must be the order's key."""
        if keyset != (cursor.column, cursor.descending):
            raise InvalidInput(
                _("cursor belongs to another sort order; keep the sortby of the page that gave it, or drop cursor."),
                parameter="cursor",
            )
        column = sql.SQL("t.{}").format(sql.Identifier(cursor.column))
        return sql.SQL("{} {} %s").format(column, sql.SQL("<" if cursor.descending else ">"))

    def one(self, feature_id: str, crs: OgcCrs, skip_geometry: bool = False) -> str | None:
        """Return one feature as GeoJSON text, or None when no feature has that id."""
        if self._id_is_integer() and not _NUMBER.match(feature_id):
            return None
        statement = sql.SQL("SELECT {feature} FROM {rel} AS t WHERE {id} = %s LIMIT 1").format(
            feature=self._feature(crs, self.layer.field_names(), skip_geometry), rel=self.relation, id=self.id
        )
        with read_connection().cursor() as cursor:
            cursor.execute(statement, [feature_id])
            row = cursor.fetchone()
        return row[0] if row else None

    def _id_is_integer(self) -> bool:
        types = {f["name"]: f["type"] for f in self.layer.fields}
        return types.get(self.layer.id_column) == "integer"

    def _matched(
        self, where: sql.Composable, params: list[Param], query: ItemsQuery, position: int, returned: int, more: bool
    ) -> int | None:
        """numberMatched when it is cheap: the summary, a carried count, the last page's end, or a small count."""
        if not query.selects():
            self.layer.ensure_summary()  # recounts only when the data changed since the last summary
            if self.layer.feature_count is not None:
                return self.layer.feature_count
        if query.cursor is not None:
            return query.cursor.matched if more else position + returned
        if not more and (returned or not position):
            return position + returned  # the last page tells the total without counting
        if self.layer.feature_count is None or self.layer.feature_count > COUNT_ROWS:
            return None  # counting a large table on a filter would cost more than the page itself
        statement = sql.SQL("SELECT count(*) FROM {rel} AS t {where}").format(rel=self.relation, where=where)
        with read_connection().cursor() as cursor:
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

    def _feature(self, crs: OgcCrs, properties: list[str], skip_geometry: bool = False) -> sql.Composable:
        geometry = sql.SQL("NULL") if skip_geometry else self._geometry(crs)
        return sql.SQL(
            "json_build_object('type', 'Feature', 'id', {id}, 'geometry', {geometry}::json, "
            "'properties', {props})::text"
        ).format(id=self.id, geometry=geometry, props=self._properties(properties))


def _where(conditions: list[sql.Composable]) -> sql.Composable:
    return sql.SQL("WHERE ") + sql.SQL(" AND ").join(conditions) if conditions else sql.SQL("")
