"""Tile caching: ETag and 304, Cache-Control, and a server cache that an import or edit invalidates at once."""

from pathlib import Path
from typing import Any

import mapbox_vector_tile
import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from layers.importing import import_layer
from layers.models import Layer
from tests.layers import data
from tests.tiles.conftest import GRID_SOUTH, GRID_WEST, HOST, STEP, publish, tile_of

pytestmark = pytest.mark.django_db
Z = 14
GRID_TILE = tile_of(GRID_WEST + 6 * STEP, GRID_SOUTH + 6 * STEP, Z)
SENSOR_TILE = tile_of(109.195, 12.275, Z)


def get(slug: str, tile: tuple[int, int], **headers: Any) -> Any:
    return Client().get(reverse("tiles:vector-tile", args=[slug, Z, *tile]), **HOST, **headers)


def names(response: Any, slug: str) -> set[str]:
    layer = mapbox_vector_tile.decode(response.content).get(slug, {"features": []})
    return {feature["properties"]["ten"] for feature in layer["features"]}


def test_an_etag_answers_304_without_a_body(grid: Layer) -> None:
    first = get("o-vuong", GRID_TILE)
    etag = first["ETag"]
    assert first.status_code == 200 and etag.startswith(f'"o-vuong-{grid.pk}.{grid.data_version}-')
    again = get("o-vuong", GRID_TILE, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again.content == b"" and again["ETag"] == etag
    assert get("o-vuong", GRID_TILE, HTTP_IF_NONE_MATCH=f'"other", W/{etag}').status_code == 304
    assert get("o-vuong", GRID_TILE, HTTP_IF_NONE_MATCH='"other"').status_code == 200


def test_public_tiles_are_publicly_cacheable(grid: Layer, settings: Any) -> None:
    settings.TILES_BROWSER_MAX_AGE = 30
    response = get("o-vuong", GRID_TILE)
    assert response["Cache-Control"] == "public, max-age=30"
    assert "Cookie" not in response.get("Vary", "")


def test_the_server_cache_serves_the_second_request(grid: Layer) -> None:
    first, second = get("o-vuong", GRID_TILE), get("o-vuong", GRID_TILE)
    assert (first["X-Tile-Cache"], second["X-Tile-Cache"]) == ("miss", "hit")
    assert first.content == second.content and first["ETag"] == second["ETag"]


def test_an_import_makes_the_old_tile_unreachable_and_leaves_other_layers_cached(
    grid: Layer, sensors: Layer, tmp_path: Path
) -> None:
    before = get("o-vuong", GRID_TILE)
    assert "Ô 6-6" in names(before, "o-vuong")
    sensor_tile = get("tram", SENSOR_TILE)
    assert get("o-vuong", GRID_TILE)["X-Tile-Cache"] == "hit"

    replacement = [{"ten": "Khu mới", "geometry": data.LOT_C.buffer(0.05)}]
    import_layer(data.write(tmp_path / "moi.gpkg", replacement), "o-vuong")

    after = get("o-vuong", GRID_TILE)
    assert after["X-Tile-Cache"] == "miss"
    assert names(after, "o-vuong") == {"Khu mới"}  # the group and note columns are gone: tiles skip them
    assert after["ETag"] != before["ETag"]
    assert get("o-vuong", GRID_TILE, HTTP_IF_NONE_MATCH=before["ETag"]).status_code == 200  # the old ETag is stale
    untouched = get("tram", SENSOR_TILE)
    assert untouched["X-Tile-Cache"] == "hit" and untouched.content == sensor_tile.content
    assert untouched["ETag"] == sensor_tile["ETag"]


def test_an_edit_of_the_table_invalidates_through_its_trigger(grid: Layer) -> None:
    before = get("o-vuong", GRID_TILE)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE layerdata.o_vuong SET ten = 'Đã sửa' WHERE ten = 'Ô 6-6'")
    after = get("o-vuong", GRID_TILE)
    assert after["X-Tile-Cache"] == "miss" and after["ETag"] != before["ETag"]
    assert "Đã sửa" in names(after, "o-vuong") and "Ô 6-6" not in names(after, "o-vuong")


def test_changing_the_tile_options_renews_the_tiles(grid: Layer) -> None:
    before = get("o-vuong", GRID_TILE)
    publish(grid, tile_attributes={"ten": 0})
    after = get("o-vuong", GRID_TILE)
    assert after["X-Tile-Cache"] == "miss" and after["ETag"] != before["ETag"]
    properties = {
        key for f in mapbox_vector_tile.decode(after.content)["o-vuong"]["features"] for key in f["properties"]
    }
    assert properties == {"ten"}


def test_a_layer_recreated_under_the_same_slug_never_gets_the_old_tiles(grid: Layer, tmp_path: Path) -> None:
    before = get("o-vuong", GRID_TILE)
    grid.delete()
    layer = import_layer(
        data.write(tmp_path / "moi.gpkg", [{"ten": "Khu mới", "geometry": data.LOT_C.buffer(0.05)}]), "o-vuong"
    ).layer
    publish(layer, tile_attributes={"ten": 0, "nhom": 12, "ghi_chu": 14}, tile_maxzoom=18)
    assert layer.data_version == grid.data_version  # versions restart with the new layer...
    after = get("o-vuong", GRID_TILE)
    assert after["X-Tile-Cache"] == "miss" and names(after, "o-vuong") == {"Khu mới"}  # ...its id tells them apart
    assert after["ETag"] != before["ETag"]
