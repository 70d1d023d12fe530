"""Render one Mapbox Vector Tile in PostGIS: a single statement, ST_AsMVT over ST_AsMVTGeom.

A tile holds every feature whose geometry intersects the tile's envelope (ST_Intersects in the layer's
EPSG:4326, through its spatial index), clipped to the tile plus a buffer; only a layer's configured
feature limit (reported by TileJSON) can leave features out. Identifiers are quoted with psycopg2.sql,
values are bound.

Projecting every vertex to Web Mercator (ST_Transform) is most of a tile's cost. Within one tile, Mercator x is
exactly linear in longitude and y is nearly linear in latitude: mapping the tile's degrees linearly onto its
4096 units is off by at most 1024·π·sin(φ)/2^z units (φ the tile's latitude furthest from the equator). Where
that is under LINEAR_MAX_ERROR (from zoom 11 in Khánh Hòa, 12 in all of Việt Nam, 13 everywhere) the tile is
drawn straight from EPSG:4326; elsewhere every vertex goes through ST_Transform. Either way the features are
chosen exactly, in EPSG:4326.
"""

import math
from typing import Any

from psycopg2 import sql

from core.db import read_connection
from tiles.spec import TileSpec

EXTENT = 4096  # tile coordinate units
BUFFER = 64  # units beyond the edge kept, so strokes do not break at tile seams
WORLD_M = 2 * 20037508.342789244  # width of the Web Mercator world in metres
TILE_PX = 256
GEOM = "mvt_geom"
FEATURE_ID = "mvt_id"
# Sent with each tile, for its transaction only: compiling the plan (JIT) and parallel workers cost more than they
# save on a tile's few thousand rows, and several tiles are rendered at once anyway.
TILE_SETTINGS = sql.SQL("SET LOCAL jit = off; SET LOCAL max_parallel_workers_per_gather = 0; ")
LINEAR_MAX_ERROR = 0.5  # tile units (1/32 of a pixel of a 256-pixel tile): below the rounding to whole units
MERCATOR_M_PER_DEGREE = WORLD_M / 360


def tolerance_m(pixels: float, z: int) -> float:
    """Return the Web Mercator distance that pixels of a 256-pixel tile span at zoom z."""
    return pixels * WORLD_M / (TILE_PX * 2**z)


def tile_bounds(z: int, x: int, y: int) -> tuple[float, float, float, float]:
    """Return west, south, east, north of an XYZ tile in degrees."""
    n = 2**z

    def latitude(row: int) -> float:
        return math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * row / n))))

    return x / n * 360 - 180, latitude(y + 1), (x + 1) / n * 360 - 180, latitude(y)


def linear_error(z: int, x: int, y: int) -> float:
    """Return the most a tile's units are off when degrees are mapped linearly onto it (see the module's note)."""
    _west, south, _east, north = tile_bounds(z, x, y)
    furthest = math.radians(max(abs(south), abs(north)))
    return EXTENT / 4 * math.pi * math.sin(furthest) / 2**z


# The tile in degrees. A feature whose box lies inside it intersects it: only the others need ST_Intersects (GEOS).
ENVELOPE = sql.SQL("ST_MakeEnvelope(%(west)s, %(south)s, %(east)s, %(north)s, 4326)")


def tile_query(spec: TileSpec, z: int, linear: bool = False) -> sql.Composed:
    """Return the statement rendering a tile of the layer at zoom z, linearly from degrees or through ST_Transform.

    Values bound: name, z, x, y, west, south, east, north (degrees), tolerance (metres or degrees), limit.
    """
    schema_name, table = spec.relation()
    source_geom = sql.Identifier("t", spec.geometry_column)
    if linear:
        geom: sql.Composable = source_geom
        bounds = ENVELOPE
        tolerance = sql.SQL("%(tolerance_degrees)s")
    else:
        geom = sql.SQL("ST_Transform({}, 3857)").format(source_geom)
        bounds = sql.SQL("ST_TileEnvelope(%(z)s, %(x)s, %(y)s)")
        tolerance = sql.SQL("%(tolerance)s")
    if spec.simplify_px > 0 and z < spec.simplify_below_zoom:
        geom = sql.SQL("ST_Simplify({}, {}, true)").format(geom, tolerance)
    mvt_geom = sql.SQL("ST_AsMVTGeom({geom}, {bounds}, {extent}, {buffer}, true) AS {alias}")
    literals = {"extent": sql.Literal(EXTENT), "buffer": sql.Literal(BUFFER), "alias": sql.Identifier(GEOM)}
    selected = [mvt_geom.format(geom=geom, bounds=bounds, **literals)]
    feature_id = sql.SQL("")
    if spec.id_is_integer:
        selected.append(sql.SQL("{} AS {}").format(sql.Identifier("t", spec.id_column), sql.Identifier(FEATURE_ID)))
        feature_id = sql.SQL(", {}").format(sql.Literal(FEATURE_ID))
    selected += [sql.Identifier("t", name) for name in spec.attributes_at(z)]
    limit = sql.SQL("")
    if spec.feature_limit is not None:
        limit = sql.SQL(" ORDER BY {} LIMIT %(limit)s").format(sql.Identifier("t", spec.id_column))
    return sql.SQL(
        "SELECT ST_AsMVT(tile.*, %(name)s, {extent}, {geom_name}{feature_id}) FROM ("
        "SELECT {selected} FROM {table} AS t "
        "WHERE {source_geom} && {envelope} "
        "AND ({source_geom} @ {envelope} OR ST_Intersects({source_geom}, {envelope})){limit}"
        ") AS tile"
    ).format(
        extent=sql.Literal(EXTENT),
        geom_name=sql.Literal(GEOM),
        feature_id=feature_id,
        selected=sql.SQL(", ").join(selected),
        table=sql.Identifier(schema_name, table),
        source_geom=source_geom,
        envelope=ENVELOPE,
        limit=limit,
    )


def render_tile(spec: TileSpec, z: int, x: int, y: int) -> bytes:
    """Return the tile's MVT bytes (empty when no feature intersects it)."""
    west, south, east, north = tile_bounds(z, x, y)
    tolerance = tolerance_m(spec.simplify_px, z)
    params: dict[str, Any] = {
        "name": spec.slug,
        "z": z,
        "x": x,
        "y": y,
        "west": west,
        "south": south,
        "east": east,
        "north": north,
        "tolerance": tolerance,
        "tolerance_degrees": tolerance / MERCATOR_M_PER_DEGREE,
        "limit": spec.feature_limit,
    }
    with read_connection().cursor() as cursor:
        # One simple query: the settings and the tile run in one implicit transaction (or the caller's).
        cursor.execute(TILE_SETTINGS + tile_query(spec, z, linear_error(z, x, y) <= LINEAR_MAX_ERROR), params)
        (tile,) = cursor.fetchone()
    return bytes(tile) if tile is not None else b""
