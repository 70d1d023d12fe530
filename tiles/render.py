"""Render one Mapbox Vector Tile in PostGIS: a single statement, ST_AsMVT over ST_AsMVTGeom in ST_TileEnvelope.

A tile holds every feature whose geometry intersects the tile's envelope (ST_Intersects in the layer's
EPSG:4326, through its spatial index), clipped to the tile plus a buffer; only a layer's configured
feature limit (reported by TileJSON) can leave features out. Identifiers are quoted with psycopg2.sql,
values are bound.
"""

from typing import Any

from django.db import connection
from psycopg2 import sql

from tiles.spec import TileSpec

EXTENT = 4096  # tile coordinate units
BUFFER = 64  # units beyond the edge kept, so strokes do not break at tile seams
WORLD_M = 2 * 20037508.342789244  # width of the Web Mercator world in metres
TILE_PX = 256
GEOM = "mvt_geom"
FEATURE_ID = "mvt_id"


def tolerance_m(pixels: float, z: int) -> float:
    """Return the Web Mercator distance that pixels of a 256-pixel tile span at zoom z."""
    return pixels * WORLD_M / (TILE_PX * 2**z)


def tile_query(spec: TileSpec, z: int) -> sql.Composed:
    """Return the statement rendering a tile of the layer at zoom z (values bound: z, x, y, tolerance, limit)."""
    schema_name, table = spec.relation()
    source_geom = sql.Identifier("t", spec.geometry_column)
    geom = sql.SQL("ST_Transform({}, 3857)").format(source_geom)
    if spec.simplify_px > 0 and z < spec.simplify_below_zoom:
        geom = sql.SQL("ST_Simplify({}, %(tolerance)s, true)").format(geom)
    selected = [
        sql.SQL(
            "ST_AsMVTGeom({geom}, ST_TileEnvelope(%(z)s, %(x)s, %(y)s), {extent}, {buffer}, true) AS {alias}"
        ).format(geom=geom, extent=sql.Literal(EXTENT), buffer=sql.Literal(BUFFER), alias=sql.Identifier(GEOM))
    ]
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
        "WHERE ST_Intersects({source_geom}, ST_Transform(ST_TileEnvelope(%(z)s, %(x)s, %(y)s), 4326)){limit}"
        ") AS tile"
    ).format(
        extent=sql.Literal(EXTENT),
        geom_name=sql.Literal(GEOM),
        feature_id=feature_id,
        selected=sql.SQL(", ").join(selected),
        table=sql.Identifier(schema_name, table),
        source_geom=source_geom,
        limit=limit,
    )


def render_tile(spec: TileSpec, z: int, x: int, y: int) -> bytes:
    """Return the tile's MVT bytes (empty when no feature intersects it)."""
    params: dict[str, Any] = {
        "name": spec.slug,
        "z": z,
        "x": x,
        "y": y,
        "tolerance": tolerance_m(spec.simplify_px, z),
        "limit": spec.feature_limit,
    }
    with connection.cursor() as cursor:
        cursor.execute(tile_query(spec, z), params)
        (tile,) = cursor.fetchone()
    return bytes(tile) if tile is not None else b""
