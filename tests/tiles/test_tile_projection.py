"""Tiles drawn straight from degrees (the fast path) match tiles projected vertex by vertex within a tile unit."""

from typing import Any

import mapbox_vector_tile
import pytest
from django.db import connection
from shapely.geometry import shape

from layers.models import Layer
from tests.tiles.conftest import GRID_SOUTH, GRID_WEST, STEP, tile_of
from tiles import render
from tiles.spec import TileSpec

pytestmark = pytest.mark.django_db
CENTRE = (GRID_WEST + 6 * STEP, GRID_SOUTH + 6 * STEP)


def rendered(spec: TileSpec, z: int, x: int, y: int, linear: bool) -> dict[int, Any]:
    west, south, east, north = render.tile_bounds(z, x, y)
    params: dict[str, Any] = {"name": spec.slug, "z": z, "x": x, "y": y, "west": west, "south": south, "east": east,
              "north": north, "tolerance": 0, "tolerance_degrees": 0, "limit": None}  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute(render.tile_query(spec, z, linear), params)
        (tile,) = cursor.fetchone()
    features = mapbox_vector_tile.decode(bytes(tile))[spec.slug]["features"]
    return {feature["id"]: shape(feature["geometry"]) for feature in features}


@pytest.mark.parametrize(("z", "dx", "dy"), [(12, 0, 0), (13, 1, 0), (14, 0, 0), (16, 0, 0)])
def test_the_fast_path_is_within_one_tile_unit_of_the_projected_one(grid: Layer, z: int, dx: int, dy: int) -> None:
    x, y = tile_of(*CENTRE, z)
    x, y = x + dx, y + dy
    assert render.linear_error(z, x, y) <= render.LINEAR_MAX_ERROR  # the renderer takes the fast path here
    spec = TileSpec.load("o-vuong")
    fast, projected = rendered(spec, z, x, y, linear=True), rendered(spec, z, x, y, linear=False)
    assert fast.keys() == projected.keys() and fast
    worst = max(fast[key].hausdorff_distance(projected[key]) for key in fast)
    assert worst <= 1.0, f"{worst} tile units apart"


def test_low_zooms_and_high_latitudes_are_projected_vertex_by_vertex() -> None:
    assert render.linear_error(*(9, *tile_of(109.2, 12.25, 9))) > render.LINEAR_MAX_ERROR
    assert render.linear_error(*(11, *tile_of(109.2, 12.25, 11))) <= render.LINEAR_MAX_ERROR
    assert render.linear_error(*(12, *tile_of(25.0, 70.0, 12))) > render.LINEAR_MAX_ERROR  # Lapland
    assert render.linear_error(*(13, *tile_of(25.0, 84.0, 13))) <= render.LINEAR_MAX_ERROR
