"""Drive-time areas: the roads reachable from a point within N minutes (pgr_drivingDistance), closed into an area.

The start is the nearest junction to the point. Only edges inside the box a car could reach at the network's top
speed are handed to pgRouting, so a 10-minute area does not read a whole province's graph. The driven pieces of
edges (whole ones, and the part of an edge the remaining time allows), sampled every ~110 m, are wrapped by
ST_ConcaveHull; the hull then gets a morphological closing in metres (out by CLOSING_M, back in to EDGE_BUFFER_M)
and its holes filled, because a concave hull alone cuts deep notches between roads wherever the streets are sparser
than its edge-length ratio (premises beside a reached street would fall outside), and a lone road is a line.
Closing the hull polygon, not the roads themselves, keeps it fast: buffering thousands of lines takes seconds.
Results are cached by the point rounded to 0.001°, the minutes and the network version; an import bumps the
version, so an old area is never served. Table names in the SQL are quoted identifiers and the numbers are
formatted floats; nothing a caller typed is ever put into SQL text.
"""

import math
import time
from dataclasses import dataclass
from typing import Any

from django.contrib.gis.geos import GEOSGeometry
from django.db import connection
from django.utils.translation import gettext as _
from psycopg2 import sql

from core.errors import InvalidInput
from roads.models import Isochrone, RoadNetwork
from roads.topology import metric_srid

MINUTES_ALLOWED = range(1, 31)
STANDARD_MINUTES = (5, 10, 15)
MAX_START_DISTANCE_M = 2000.0
SAMPLE_DEG = 0.001  # roads are sampled every ~110 m for the hull, so it follows long rural edges too
HULL_CONCAVITY = 0.1  # ST_ConcaveHull's edge-length ratio: 0 hugs the samples, 1 is the convex hull
CLOSING_M = 300.0  # gaps between reached roads narrower than twice this are part of the area
EDGE_BUFFER_M = 75.0  # how far beside a reached road the area reaches
KEY_SCALE = 1000  # cache key: the point rounded to 0.001° (about 110 m)


@dataclass
class Area:
    """One drive-time area and how it was obtained."""

    geom: GEOSGeometry
    minutes: int
    node: int
    version: int
    cached: bool
    computed_ms: float
    lon: float
    lat: float

    def as_feature(self) -> dict[str, Any]:
        """Return the area as a GeoJSON Feature."""
        import json

        return {
            "type": "Feature",
            "geometry": json.loads(self.geom.geojson),
            "properties": {
                "minutes": self.minutes, "start_node": self.node, "network_version": self.version,
                "cached": self.cached, "computed_ms": round(self.computed_ms, 1), "lon": self.lon, "lat": self.lat,
            },
        }  # fmt: skip


def check_point(lon: Any, lat: Any, minutes: Any) -> tuple[float, float, int]:
    """Return the point and minutes as numbers, or raise InvalidInput naming what is wrong."""
    try:
        x, y = float(lon), float(lat)
    except (TypeError, ValueError):
        raise InvalidInput(_("Give lon and lat as decimal degrees (WGS 84).")) from None
    if not (math.isfinite(x) and math.isfinite(y) and -180 <= x <= 180 and -90 <= y <= 90):
        raise InvalidInput(_("lon must lie between -180 and 180 and lat between -90 and 90."))
    try:
        count = int(str(minutes))
    except ValueError:
        count = 0
    if count not in MINUTES_ALLOWED:
        raise InvalidInput(_("minutes must be a whole number from 1 to 30."))
    return x, y, count


def drive_time_area(lon: Any, lat: Any, minutes: Any) -> Area:
    """Return the drive-time area from the point, from the cache when the network has not changed."""
    x, y, count = check_point(lon, lat, minutes)
    lon_key, lat_key = round(x * KEY_SCALE), round(y * KEY_SCALE)
    x, y = lon_key / KEY_SCALE, lat_key / KEY_SCALE  # the cached area is the rounded point's
    version = RoadNetwork.current().version
    found = Isochrone.objects.filter(lon_key=lon_key, lat_key=lat_key, minutes=count, version=version).first()
    if found is not None:
        return Area(found.geom, count, found.node, version, True, found.computed_ms, x, y)
    area = compute(x, y, count)
    area.version = version
    Isochrone.objects.bulk_create(
        [Isochrone(lon_key=lon_key, lat_key=lat_key, minutes=count, version=version, node=area.node, geom=area.geom,
                   computed_ms=area.computed_ms)],
        ignore_conflicts=True,  # two requests for the same area: the first one stored wins, both are right
    )  # fmt: skip
    return area


def _composed(statement: sql.Composable) -> str:
    """Return a composed statement as text (psycopg2 renders identifiers against the live connection)."""
    connection.ensure_connection()
    return statement.as_string(connection.connection)


def nearest_node(x: float, y: float, nodes: str = "roads_roadnode") -> tuple[int, float]:
    """Return the junction nearest the point and its distance in metres; InvalidInput when none is near."""
    statement = sql.SQL(
        "SELECT id, ST_Distance(geom::geography, ST_SetSRID(ST_MakePoint(%s, %s), 4326)::geography) FROM {nodes}"
        " ORDER BY geom <-> ST_SetSRID(ST_MakePoint(%s, %s), 4326) LIMIT 1"
    ).format(nodes=sql.Identifier(nodes))
    with connection.cursor() as cursor:
        cursor.execute(_composed(statement), [x, y, x, y])
        row = cursor.fetchone()
    if row is None or row[1] > MAX_START_DISTANCE_M:
        raise InvalidInput(_("There is no road within %(distance)d m of this point.") % {
            "distance": int(MAX_START_DISTANCE_M)})  # fmt: skip
    return int(row[0]), float(row[1])


def edges_sql(edges: str, box: tuple[float, float, float, float] | None = None) -> str:
    """Return the SQL text pgRouting reads the graph with, limited to a box when given."""
    statement = sql.SQL(
        "SELECT id, source_id AS source, target_id AS target, cost_s AS cost, reverse_cost_s AS reverse_cost"
        " FROM {edges}"
    ).format(edges=sql.Identifier(edges))
    if box is not None:
        envelope = sql.SQL(", ").join(sql.Literal(round(float(value), 7)) for value in box)
        statement += sql.SQL(" WHERE geom && ST_MakeEnvelope({envelope}, 4326)").format(envelope=envelope)
    return _composed(statement)


def reach_box(x: float, y: float, minutes: int, edges: str) -> tuple[float, float, float, float]:
    """Return the box a car at the network's top speed cannot leave within the minutes."""
    with connection.cursor() as cursor:
        cursor.execute(_composed(sql.SQL("SELECT max(speed_kmh) FROM {edges}").format(edges=sql.Identifier(edges))))
        top_speed = float(cursor.fetchone()[0] or 0.0)
    reach_m = minutes * 60 * top_speed / 3.6 + 100
    dy = reach_m / 110_574
    dx = reach_m / (111_320 * max(math.cos(math.radians(y)), 0.01))
    return x - dx, y - dy, x + dx, y + dy


AREA_SQL = sql.SQL("""
    WITH reached AS (SELECT node, agg_cost FROM pgr_drivingDistance(%s, %s, %s, true)),
    pieces AS (
        SELECT ST_LineSubstring(e.geom, 0, LEAST(1.0, (%s - s.agg_cost) / e.cost_s)) AS geom
        FROM {edges} e JOIN reached s ON s.node = e.source_id
        WHERE e.cost_s > 0
        UNION ALL
        SELECT ST_LineSubstring(e.geom, 1.0 - LEAST(1.0, (%s - t.agg_cost) / e.reverse_cost_s), 1)
        FROM {edges} e JOIN reached t ON t.node = e.target_id
        WHERE e.reverse_cost_s > 0
        UNION ALL
        SELECT geom FROM {nodes} WHERE id = %s
    )
    SELECT ST_AsEWKB(ST_Transform(ST_Collect(ST_MakePolygon(ST_ExteriorRing(part.geom))), 4326))
    FROM ST_Dump(ST_Buffer(ST_Buffer(ST_Transform(
        (SELECT ST_ConcaveHull(ST_Collect(ST_Segmentize(geom, %s)), %s, false) FROM pieces), %s),
        %s, 'quad_segs=4'), %s, 'quad_segs=4')) part
""")


def compute(x: float, y: float, minutes: int, *, edges: str = "roads_roadedge", nodes: str = "roads_roadnode") -> Area:
    """Compute the area without the cache (on any edge and node tables of this shape: the benchmark's too)."""
    started = time.perf_counter()
    node, _distance = nearest_node(x, y, nodes)
    graph = edges_sql(edges, reach_box(x, y, minutes, edges))
    limit = minutes * 60.0
    statement = AREA_SQL.format(edges=sql.Identifier(edges), nodes=sql.Identifier(nodes))
    hull = [SAMPLE_DEG, HULL_CONCAVITY, metric_srid(x), CLOSING_M, EDGE_BUFFER_M - CLOSING_M]
    parameters: list[Any] = [graph, node, limit, limit, limit, node, *hull]
    with connection.cursor() as cursor:
        cursor.execute(_composed(statement), parameters)
        wkb = cursor.fetchone()[0]
    geom = GEOSGeometry(memoryview(wkb))
    geom.srid = 4326
    return Area(geom, minutes, node, 0, False, (time.perf_counter() - started) * 1000, x, y)
