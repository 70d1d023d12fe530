"""Vector tiles: exactly the features PostGIS says intersect the tile, with the attributes configured for the zoom."""

import io
from typing import Any

import mapbox_vector_tile
import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from psycopg2 import sql
from shapely import Point

from gis_core import demo as gis_demo
from layers.builtin import register_builtin_layers
from layers.models import Layer
from tests.tiles.conftest import GRID_SOUTH, GRID_WEST, HOST, STEP, publish, tile_bounds, tile_of

pytestmark = pytest.mark.django_db
CENTRE = (GRID_WEST + 6 * STEP, GRID_SOUTH + 6 * STEP)


def get_tile(slug: str, z: int, x: int, y: int, client: Client | None = None, **headers: Any) -> Any:
    return (client or Client()).get(reverse("tiles:vector-tile", args=[slug, z, x, y]), **HOST, **headers)


def decoded(response: Any) -> dict[str, Any]:
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == "application/vnd.mapbox-vector-tile"
    return mapbox_vector_tile.decode(response.content)


def intersecting_ids(table: str, z: int, x: int, y: int) -> set[int]:
    """The features PostGIS says intersect the tile, computed apart from the renderer (envelope from tile math)."""
    west, south, east, north = tile_bounds(z, x, y)
    query = sql.SQL("SELECT fid FROM {} WHERE ST_Intersects(geom, ST_MakeEnvelope(%s, %s, %s, %s, 4326))").format(
        sql.Identifier("layerdata", table)
    )
    with connection.cursor() as cursor:
        cursor.execute(query, [west, south, east, north])
        return {row[0] for row in cursor.fetchall()}


@pytest.mark.parametrize(
    ("z", "dx", "dy"),
    [(12, 0, 0), (12, 1, 0), (12, 0, 1), (13, 0, 0), (14, 0, 0), (14, -1, 1)],
)
def test_a_tile_holds_exactly_the_features_that_intersect_it(grid: Layer, z: int, dx: int, dy: int) -> None:
    x, y = tile_of(*CENTRE, z)
    x, y = x + dx, y + dy
    expected = intersecting_ids("o_vuong", z, x, y)
    assert 0 < len(expected) < 144  # the tile cuts the grid: a real test of the boundary
    layer = decoded(get_tile("o-vuong", z, x, y))["o-vuong"]
    assert {feature["id"] for feature in layer["features"]} == expected
    assert len(layer["features"]) == len(expected)  # each feature once


def test_attributes_follow_their_first_zoom(grid: Layer) -> None:
    def properties(z: int) -> set[str]:
        features = decoded(get_tile("o-vuong", z, *tile_of(*CENTRE, z)))["o-vuong"]["features"]
        keys = {frozenset(feature["properties"]) for feature in features}
        assert len(keys) == 1
        return set(keys.pop())

    assert properties(10) == {"ten"}
    assert properties(12) == {"ten", "nhom"}
    assert properties(14) == {"ten", "nhom", "ghi_chu"}
    feature = next(
        f for f in decoded(get_tile("o-vuong", 14, *tile_of(*CENTRE, 14)))["o-vuong"]["features"] if f["id"] == 79
    )
    assert feature["properties"] == {"ten": "Ô 6-6", "nhom": 0, "ghi_chu": "hàng 6"}


def test_low_zooms_are_simplified_as_configured(sensors: Layer) -> None:
    circle = Point(109.2, 12.25).buffer(0.05, quad_segs=64)
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE layerdata.tram ALTER COLUMN geom TYPE geometry(Geometry, 4326)")
        cursor.execute("UPDATE layerdata.tram SET geom = ST_GeomFromText(%s, 4326) WHERE fid = 1", [circle.wkt])

    def vertices(z: int) -> int:
        features = decoded(get_tile("tram", z, *tile_of(109.2, 12.25, z)))["tram"]["features"]
        (polygon,) = [f for f in features if f["id"] == 1]
        return len(polygon["geometry"]["coordinates"][0])

    detailed = vertices(9)
    publish(sensors, tile_simplify_px=4.0, tile_simplify_below_zoom=12)
    assert vertices(9) < detailed / 2
    assert vertices(12) >= detailed / 2  # from the configured zoom on, no simplification


def test_a_feature_limit_is_applied_and_reported(grid: Layer) -> None:
    publish(grid, tile_feature_limit=5)
    z = 12
    x, y = tile_of(*CENTRE, z)
    features = decoded(get_tile("o-vuong", z, x, y))["o-vuong"]["features"]
    assert len(features) == 5 < len(intersecting_ids("o_vuong", z, x, y))
    tilejson = Client().get(reverse("tiles:tilejson", args=["o-vuong"]), **HOST).json()
    assert tilejson["feature_limit"] == 5 and tilejson["vector_layers"][0]["feature_limit"] == 5


def test_points_and_a_platform_table_are_served(sensors: Layer) -> None:
    features = decoded(get_tile("tram", 14, *tile_of(109.195, 12.275, 14)))["tram"]["features"]
    assert [(f["id"], f["properties"], f["geometry"]["type"]) for f in features] == [
        (1, {"ma": "S01", "loai": "mưa"}, "Point")
    ]
    register_builtin_layers(io.StringIO())
    gis_demo.load(io.StringIO())
    tile = decoded(get_tile("admin-units", 8, *tile_of(109.19, 12.24, 8)))["admin-units"]
    names = {feature["properties"]["name"] for feature in tile["features"]}
    assert "Phường Nha Trang" in names
    assert all(set(f["properties"]) == {"code", "name", "kind"} for f in tile["features"])  # area_km2 from 10


def test_an_empty_tile_is_an_empty_body(grid: Layer) -> None:
    response = get_tile("o-vuong", 12, *tile_of(105.8, 21.0, 12))  # Hà Nội
    assert response.status_code == 200 and response.content == b""


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("khong-co/1/0/0.mvt", "No layer has the slug khong-co"),
        ("o-vuong/19/0/0.mvt", "The layer o-vuong has tiles from zoom 0 to 18."),
        ("o-vuong/2/4/0.mvt", "There is no tile 2/4/0."),
    ],
)
def test_tiles_that_do_not_exist_answer_404_json(grid: Layer, path: str, message: str) -> None:
    response = Client().get(f"/tiles/{path}", **HOST)
    assert response.status_code == 404 and message in response.json()["message"]


def test_layers_not_published_as_vector_tiles_answer_404(grid: Layer) -> None:
    publish(grid, published_tiles=False)
    response = get_tile("o-vuong", 12, 0, 0)
    assert response.status_code == 404 and "not published as vector tiles" in response.json()["message"]
    assert Client().get(reverse("tiles:tilejson", args=["o-vuong"]), **HOST).status_code == 404
    raster = Layer.objects.create(slug="anh", kind=Layer.Kind.RASTER, source_kind="cog", published_tiles=True,
                                  access=Layer.Access.PUBLIC)  # fmt: skip
    response = get_tile(raster.slug, 12, 0, 0)
    assert response.status_code == 404 and "not published as vector tiles" in response.json()["message"]


def test_tilejson_describes_the_tiles(grid: Layer) -> None:
    document = Client().get(reverse("tiles:tilejson", args=["o-vuong"]), **HOST).json()
    assert document["tilejson"] == "3.0.0"
    assert document["tiles"] == ["http://localhost/tiles/o-vuong/{z}/{x}/{y}.mvt"]
    assert (document["minzoom"], document["maxzoom"], document["scheme"]) == (0, 18, "xyz")
    assert document["bounds"] == pytest.approx([109.14, 12.20, 109.259, 12.319])
    assert document["name"] == "Ô vuông"
    (vector_layer,) = document["vector_layers"]
    assert vector_layer["id"] == "o-vuong"
    assert vector_layer["fields"] == {"ten": "String", "nhom": "Number", "ghi_chu": "String"}
    assert vector_layer["attribute_minzoom"] == {"ten": 0, "nhom": 12, "ghi_chu": 14}
    assert "feature_limit" not in document and "feature_limit" not in vector_layer
