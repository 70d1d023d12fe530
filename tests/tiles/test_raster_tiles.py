"""Raster tiles: PNGs warped from the layer's COG and coloured by its ramp, cached and guarded like vector tiles."""

import io
import math
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from django.test import Client
from django.urls import reverse
from PIL import Image
from pyproj import Transformer

from layers.importing import import_layer
from layers.models import Layer
from tests.layers import raster_data as rd
from tests.layers.conftest import People
from tests.tiles.conftest import publish, tile_of
from tiles.raster import TILE_PX, mercator_bounds, overview_level
from tiles.spec import TileSpec

pytestmark = pytest.mark.django_db
HOST: dict[str, Any] = {"HTTP_HOST": "localhost"}
SHALLOW_COLOUR = (0x6B, 0xAE, 0xD6)  # the 0.5-1 m class of rd.FLOOD_STYLE
DEEP_COLOUR = (0x21, 0x71, 0xB5)  # the 1-2 m class
SHALLOW_CENTRE = rd.utm_to_lonlat(rd.WEST + 3_500, rd.NORTH - 3_000)  # pixel row 300, column 350
DEEP_CENTRE = rd.utm_to_lonlat(rd.WEST + 8_500, rd.NORTH - 7_000)  # pixel row 700, column 850
TO_UTM = Transformer.from_crs("EPSG:3857", rd.UTM49, always_xy=True)


@pytest.fixture
def flood(db: None, tmp_path: Path) -> Layer:
    """A public raster layer: a 0.7 m block and a 1.5 m block in UTM 49N, nodata around them."""
    layer = import_layer(rd.write_tif(tmp_path / "ngap.tif"), "ngap").layer
    return publish(layer, style=rd.FLOOD_STYLE, tile_maxzoom=18)


def get(z: int, x: int, y: int, slug: str = "ngap", client: Client | None = None, **headers: Any) -> Any:
    return (client or Client()).get(reverse("tiles:raster-tile", args=[slug, z, x, y]), **HOST, **headers)


def pixels(response: Any) -> np.ndarray:
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    image = Image.open(io.BytesIO(response.content))
    assert (image.format, image.mode, image.size) == ("PNG", "RGBA", (TILE_PX, TILE_PX))
    return np.asarray(image)


def expected(z: int, x: int, y: int, depths: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Return each tile pixel's expected depth class colour (alpha 0 off data) and where that is certain.

    A pixel is certain when its centre lies far enough from every block edge that resampling (bilinear, and
    averaged overviews at low zooms) cannot reach across the edge.
    """
    west, _south, east, north = mercator_bounds(z, x, y)
    size = (east - west) / TILE_PX
    columns, rows = np.meshgrid(np.arange(TILE_PX) + 0.5, np.arange(TILE_PX) + 0.5)
    eastings, northings = TO_UTM.transform(west + columns * size, north - rows * size)
    source_columns = (eastings - rd.WEST) / rd.PIXEL_M
    source_rows = (rd.NORTH - northings) / rd.PIXEL_M
    ground_px = size * math.cos(math.radians(12.3)) / rd.PIXEL_M  # a tile pixel in source pixels
    margin = 3 * max(ground_px, 1) + 4
    colour = np.zeros((TILE_PX, TILE_PX, 4), dtype=np.uint8)
    certain = np.ones((TILE_PX, TILE_PX), dtype=bool)
    for block_rows, block_columns, _depth in (rd.SHALLOW, rd.DEEP):
        depth = depths[block_rows.start, block_columns.start]
        inside = (
            (source_rows > block_rows.start) & (source_rows < block_rows.stop)
            & (source_columns > block_columns.start) & (source_columns < block_columns.stop)
        )  # fmt: skip
        edge = np.minimum.reduce([
            np.abs(source_rows - block_rows.start), np.abs(source_rows - block_rows.stop),
            np.abs(source_columns - block_columns.start), np.abs(source_columns - block_columns.stop),
        ])  # fmt: skip
        near = (
            (source_rows > block_rows.start - margin) & (source_rows < block_rows.stop + margin)
            & (source_columns > block_columns.start - margin) & (source_columns < block_columns.stop + margin)
            & (edge < margin)
        )  # fmt: skip
        certain &= ~near
        colour[inside] = [*class_colour(depth), 255]
    return colour, certain


def class_colour(depth: float) -> tuple[int, int, int]:
    """The colour of the ramp class holding the depth (classes: the last stop at or below it)."""
    stops = rd.FLOOD_STYLE["stops"]
    chosen = [stop for stop in stops if stop["value"] <= depth][-1]["color"]
    return tuple(int(chosen[i : i + 2], 16) for i in (1, 3, 5))  # type: ignore[return-value]


@pytest.mark.parametrize(
    ("z", "where"),
    [(16, SHALLOW_CENTRE), (14, SHALLOW_CENTRE), (14, DEEP_CENTRE), (12, DEEP_CENTRE), (10, DEEP_CENTRE)],
)
def test_a_tile_has_the_ramp_colour_where_the_depth_is_known_and_is_transparent_off_data(
    flood: Layer, z: int, where: tuple[float, float]
) -> None:
    x, y = tile_of(*where, z)
    drawn = pixels(get(z, x, y))
    colour, certain = expected(z, x, y, rd.depths())
    mismatches = np.argwhere(certain & np.any(drawn != colour, axis=2))
    assert mismatches.size == 0, f"{len(mismatches)} pixels differ, first at {mismatches[0]}"
    assert (certain & (colour[..., 3] == 255)).sum() > 500  # the tile really shows data...
    if z <= 12:
        assert (certain & (colour[..., 3] == 0)).sum() > 500  # ...and, at low zooms, the nodata around it


def test_the_tile_at_a_block_edge_splits_into_colour_and_transparency(flood: Layer) -> None:
    edge = rd.utm_to_lonlat(rd.WEST + 1_000, rd.NORTH - 3_000)  # the west edge of the shallow block
    x, y = tile_of(*edge, 16)
    drawn = pixels(get(16, x, y))
    colour, certain = expected(16, x, y, rd.depths())
    assert np.array_equal(drawn[certain], colour[certain])
    assert (certain & (colour[..., 3] == 0)).sum() > 1000 and (certain & (colour[..., 3] == 255)).sum() > 1000


def test_a_tile_away_from_the_raster_is_empty_and_transparent(flood: Layer) -> None:
    drawn = pixels(get(14, *tile_of(105.85, 21.03, 14)))  # Hà Nội
    assert not drawn[..., 3].any()


def test_low_zooms_read_overviews_and_high_zooms_the_full_resolution(flood: Layer) -> None:
    spec = TileSpec.load("ngap", Layer.Kind.RASTER)
    assert spec.raster["overviews"] == [2, 4]
    levels = {z: overview_level(spec.raster, mercator_bounds(z, *tile_of(*DEEP_CENTRE, z))) for z in (10, 12, 14, 16)}
    assert levels == {10: 1, 12: 0, 14: None, 16: None}  # 4x (40 m) at z10, 2x (20 m) at z12, 10 m from z14


def test_an_etag_answers_304_and_public_tiles_are_publicly_cacheable(flood: Layer, settings: Any) -> None:
    settings.TILES_BROWSER_MAX_AGE = 45
    tile = tile_of(*SHALLOW_CENTRE, 14)
    first = get(14, *tile)
    etag = first["ETag"]
    assert etag.startswith(f'"ngap-{flood.pk}.{flood.data_version}-') and first["Cache-Control"] == "public, max-age=45"
    again = get(14, *tile, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again.content == b"" and again["ETag"] == etag
    assert get(14, *tile, HTTP_IF_NONE_MATCH='"other"').status_code == 200
    assert (first["X-Tile-Cache"], get(14, *tile)["X-Tile-Cache"]) == ("miss", "hit")


def test_a_reimport_makes_the_cached_tile_unreachable(flood: Layer, tmp_path: Path) -> None:
    tile = tile_of(*SHALLOW_CENTRE, 14)
    before = get(14, *tile)
    assert tuple(pixels(before)[128, 128]) == (*SHALLOW_COLOUR, 255)
    assert get(14, *tile)["X-Tile-Cache"] == "hit"

    import_layer(rd.write_tif(tmp_path / "moi.tif", rd.depths(shallow=1.2)), "ngap")

    after = get(14, *tile)
    assert after["X-Tile-Cache"] == "miss" and after["ETag"] != before["ETag"]
    assert tuple(pixels(after)[128, 128]) == (*DEEP_COLOUR, 255)  # 1.2 m is in the 1-2 m class
    assert get(14, *tile, HTTP_IF_NONE_MATCH=before["ETag"]).status_code == 200


def test_an_edit_of_the_ramp_renews_the_tiles(flood: Layer) -> None:
    tile = tile_of(*SHALLOW_CENTRE, 14)
    before = get(14, *tile)
    style = {**rd.FLOOD_STYLE, "stops": [{**stop, "color": "#FF0000"} for stop in rd.FLOOD_STYLE["stops"]]}
    publish(flood, style=style)
    after = get(14, *tile)
    assert after["ETag"] != before["ETag"] and tuple(pixels(after)[128, 128]) == (255, 0, 0, 255)


def test_restricted_raster_tiles_are_refused_to_anonymous_callers_and_other_agencies(
    people: People, flood: Layer
) -> None:
    publish(flood, access=Layer.Access.RESTRICTED, owner=people.environment)
    tile = tile_of(*SHALLOW_CENTRE, 14)
    anonymous = get(14, *tile)
    assert anonymous.status_code == 401 and anonymous.json()["error"] == "not_authenticated"
    other = Client()
    other.force_login(people.other_officer)
    assert get(14, *tile, client=other).status_code == 403
    owner = Client()
    owner.force_login(people.owner_officer)
    allowed = get(14, *tile, client=owner)
    assert allowed["Cache-Control"].startswith("private") and "Cookie, Authorization" in allowed["Vary"]
    assert pixels(allowed)[128, 128, 3] == 255
    assert get(14, *tile, HTTP_IF_NONE_MATCH=allowed["ETag"]).status_code == 401  # an ETag is no key
    assert Client().get(reverse("tiles:tilejson", args=["ngap"]), **HOST).status_code == 401


def test_the_tilejson_of_a_raster_layer_gives_the_png_template_and_its_bounds(flood: Layer) -> None:
    document = Client().get(reverse("tiles:tilejson", args=["ngap"]), **HOST).json()
    assert document["tiles"] == ["http://localhost/tiles/raster/ngap/{z}/{x}/{y}.png"]
    assert document["bounds"] == pytest.approx(flood.extent) and document["format"] == "png"
    assert (document["minzoom"], document["maxzoom"], document["tilejson"]) == (0, 18, "3.0.0")
    assert "vector_layers" not in document


def test_tiles_of_the_other_kind_are_not_found(flood: Layer) -> None:
    tile = tile_of(*SHALLOW_CENTRE, 14)
    assert Client().get(reverse("tiles:vector-tile", args=["ngap", 14, *tile]), **HOST).status_code == 404
    publish(flood, published_tiles=False)
    assert get(14, *tile).status_code == 404


def test_a_tile_outside_the_zoom_range_or_the_world_is_not_found(flood: Layer) -> None:
    publish(flood, tile_minzoom=8, tile_maxzoom=16)
    assert get(7, *tile_of(*SHALLOW_CENTRE, 7)).status_code == 404
    assert get(17, *tile_of(*SHALLOW_CENTRE, 17)).status_code == 404
    assert get(10, 2**10, 0).status_code == 404


def test_a_class_raster_without_nodata_is_transparent_only_outside_its_edges(db: None, tmp_path: Path) -> None:
    """Susceptibility classes 1-3 (uint8, no nodata value) in EPSG:4326: the warp's alpha band marks the outside."""
    classes = np.repeat(np.array([[1, 2, 3]], dtype="uint8"), 300, axis=0).repeat(100, axis=1)  # 3 bands west-east
    path = rd.write_tif(
        tmp_path / "sat-lo.tif", classes, crs="EPSG:4326", transform=rd.from_origin(109.10, 12.30, 0.0003, 0.0003),
        nodata=None,
    )  # fmt: skip
    style = {"kind": "ramp", "stops": [{"value": 1, "color": "#FFFFB2"}, {"value": 2, "color": "#FD8D3C"},
                                       {"value": 3, "color": "#BD0026"}]}  # fmt: skip
    layer = publish(import_layer(path, "sat-lo").layer, style=style)
    assert layer.raster["nodata"] is None and layer.raster["overviews"] == []
    z, west_edge = 15, (109.10, 12.255)
    drawn = pixels(get(z, *tile_of(*west_edge, z), slug="sat-lo"))
    x, y = tile_of(*west_edge, z)
    bounds = mercator_bounds(z, x, y)
    edge_column = round((Transformer.from_crs(4326, 3857, always_xy=True).transform(109.10, 0)[0] - bounds[0])
                        / ((bounds[2] - bounds[0]) / TILE_PX))  # fmt: skip
    assert 10 < edge_column < TILE_PX - 10
    assert not drawn[:, : edge_column - 1, 3].any()  # west of the file: transparent
    assert (drawn[:, edge_column + 1 :] == [0xFF, 0xFF, 0xB2, 255]).all()  # class 1 just inside it
