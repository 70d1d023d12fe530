"""Congestion tiles of any 5-minute step: one ST_AsMVT statement joining the segments with that step's flow.

The layer "traffic-congestion" of the catalogue decides who may see the tiles and their zoom range (tiles.spec);
the tile arithmetic (envelope, exact selection, linear drawing from degrees where it is accurate) is tiles.render's.
"""

import datetime
from typing import Any

from psycopg2 import sql

from core.db import read_connection
from tiles.render import (
    BUFFER,
    ENVELOPE,
    EXTENT,
    GEOM,
    LINEAR_MAX_ERROR,
    MERCATOR_M_PER_DEGREE,
    TILE_SETTINGS,
    linear_error,  # fmt: skip
    tile_bounds,
    tolerance_m,
)

SIMPLIFY_PX = 0.5

JOINED = """
SELECT ST_AsMVT(tile.*, %(name)s, {extent}, {geom_name}, 'mvt_id') FROM (
  SELECT ST_AsMVTGeom({geom}, {bounds}, {extent}, {buffer}, true) AS {alias}, e.id AS mvt_id,
         e.name, f.los, f.speed_kmh, e.speed_kmh AS free_flow_kmh,
         COALESCE(f.motorbikes, 0) + COALESCE(f.cars, 0) + COALESCE(f.trucks, 0) + COALESCE(f.buses, 0) AS vehicles
  FROM roads_roadedge AS e
  JOIN traffic_segmentflow AS f ON f.edge_id = e.id AND f.step = %(step)s
  WHERE e.geom && {envelope} AND (e.geom @ {envelope} OR ST_Intersects(e.geom, {envelope}))
) AS tile
"""
# The benchmark's reference: the same segments drawn without the join (no flow, no level).
PLAIN = """
SELECT ST_AsMVT(tile.*, %(name)s, {extent}, {geom_name}, 'mvt_id') FROM (
  SELECT ST_AsMVTGeom({geom}, {bounds}, {extent}, {buffer}, true) AS {alias}, e.id AS mvt_id, e.name
  FROM roads_roadedge AS e
  WHERE e.geom && {envelope} AND (e.geom @ {envelope} OR ST_Intersects(e.geom, {envelope}))
) AS tile
"""


def tile_query(template: str, linear: bool) -> sql.Composed:
    """Return the statement of a template, drawing linearly from degrees or through ST_Transform."""
    if linear:
        geom: sql.Composable = sql.SQL("ST_Simplify(e.geom, %(tolerance_degrees)s, true)")
        bounds: sql.Composable = ENVELOPE
    else:
        geom = sql.SQL("ST_Simplify(ST_Transform(e.geom, 3857), %(tolerance)s, true)")
        bounds = sql.SQL("ST_TileEnvelope(%(z)s, %(x)s, %(y)s)")
    return sql.SQL(template).format(
        extent=sql.Literal(EXTENT), buffer=sql.Literal(BUFFER), geom_name=sql.Literal(GEOM), geom=geom,
        bounds=bounds, envelope=ENVELOPE, alias=sql.Identifier(GEOM),
    )  # fmt: skip


def params(z: int, x: int, y: int, name: str, step: datetime.datetime | None = None) -> dict[str, Any]:
    west, south, east, north = tile_bounds(z, x, y)
    tolerance = tolerance_m(SIMPLIFY_PX, z)
    return {
        "name": name, "z": z, "x": x, "y": y, "west": west, "south": south, "east": east, "north": north,
        "tolerance": tolerance, "tolerance_degrees": tolerance / MERCATOR_M_PER_DEGREE, "step": step,
    }  # fmt: skip


def render(template: str, z: int, x: int, y: int, name: str, step: datetime.datetime | None = None) -> bytes:
    """Return the MVT bytes of a template's tile (empty when nothing is in it)."""
    with read_connection().cursor() as cursor:
        linear = linear_error(z, x, y) <= LINEAR_MAX_ERROR
        cursor.execute(TILE_SETTINGS + tile_query(template, linear), params(z, x, y, name, step))
        (tile,) = cursor.fetchone()
    return bytes(tile) if tile is not None else b""


def congestion_tile(z: int, x: int, y: int, step: datetime.datetime, name: str) -> bytes:
    """Return the congestion tile of a 5-minute step."""
    return render(JOINED, z, x, y, name, step)


def plain_tile(z: int, x: int, y: int, name: str) -> bytes:
    """Return the tile of the bare segments (the benchmark's reference)."""
    return render(PLAIN, z, x, y, name)
