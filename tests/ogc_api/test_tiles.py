"""OGC API Tiles: tileset documents whose URL templates lead to the tiles app's own vector and raster tiles."""

import io
from pathlib import Path

import mapbox_vector_tile
import pytest
from django.core.management import call_command
from django.test import Client

from layers.models import Layer
from ogc_api.tilesets import _tile
from tests.layers import raster_data as rd
from tests.ogc_api.conftest import TEST_LAT, TEST_LON

TILES_REL = "http://www.opengis.net/def/rel/ogc/1.0/tilesets-vector"


def fill(template: str, zoom: int, lon: float, lat: float) -> str:
    col, row = _tile(lon, lat, zoom)
    return template.replace("{tileMatrix}", str(zoom)).replace("{tileCol}", str(col)).replace("{tileRow}", str(row))


@pytest.fixture
def tiled(points: Layer) -> Layer:
    Layer.objects.filter(pk=points.pk).update(published_tiles=True, tile_attributes={"ten": 0})
    points.refresh_from_db()
    return points


def test_a_tiled_collection_links_its_tilesets(client: Client, tiled: Layer) -> None:
    links = client.get("/ogc/collections/diem").json()["links"]
    tilesets = next(link["href"] for link in links if link["rel"] == TILES_REL)
    assert tilesets == "http://localhost/ogc/collections/diem/tiles"
    body = client.get(tilesets).json()
    [tileset] = body["tilesets"]
    assert tileset["dataType"] == "vector"
    assert tileset["tileMatrixSetURI"] == "http://www.opengis.net/def/tilematrixset/OGC/1.0/WebMercatorQuad"


def test_the_tile_template_leads_to_the_tiles_app_and_its_tiles(client: Client, tiled: Layer) -> None:
    tileset = client.get("/ogc/collections/diem/tiles/WebMercatorQuad").json()
    item = next(link for link in tileset["links"] if link["rel"] == "item")
    assert item["templated"] and item["type"] == "application/vnd.mapbox-vector-tile"
    assert item["href"] == "http://localhost/tiles/diem/{tileMatrix}/{tileCol}/{tileRow}.mvt"
    response = client.get(fill(item["href"], 14, TEST_LON + 0.02, TEST_LAT + 0.02))
    assert response.status_code == 200 and response["Content-Type"] == "application/vnd.mapbox-vector-tile"
    decoded = mapbox_vector_tile.decode(response.content)
    assert any(f["properties"]["ten"] == "Điểm 2-2" for f in decoded["diem"]["features"])
    limits = {entry["tileMatrix"]: entry for entry in tileset["tileMatrixSetLimits"]}
    col, row = _tile(TEST_LON, TEST_LAT, 14)
    assert limits["14"]["minTileCol"] <= col <= limits["14"]["maxTileCol"]
    assert limits["14"]["minTileRow"] <= row <= limits["14"]["maxTileRow"]


def test_the_tile_matrix_set_is_web_mercator_quad(client: Client) -> None:
    matrix_set = client.get("/ogc/tileMatrixSets/WebMercatorQuad").json()
    assert matrix_set["crs"] == "http://www.opengis.net/def/crs/EPSG/0/3857"
    zero, one = matrix_set["tileMatrices"][:2]
    assert (zero["matrixWidth"], one["matrixWidth"]) == (1, 2)
    assert zero["scaleDenominator"] == pytest.approx(559082264.028717)
    assert zero["pointOfOrigin"] == pytest.approx([-20037508.3427892, 20037508.3427892])
    listed = client.get("/ogc/tileMatrixSets").json()["tileMatrixSets"]
    assert [entry["id"] for entry in listed] == ["WebMercatorQuad"]
    assert client.get("/ogc/tileMatrixSets/WorldCRS84Quad").status_code == 404


def test_a_collection_not_published_as_tiles_has_no_tilesets(client: Client, points: Layer) -> None:
    links = client.get("/ogc/collections/diem").json()["links"]
    assert not any("tilesets" in link["rel"] for link in links)
    response = client.get("/ogc/collections/diem/tiles")
    assert response.status_code == 404 and "not published as tiles" in response.json()["message"]


@pytest.fixture
def raster(db: None, tmp_path: Path) -> Layer:
    """The raster tests' flood-depth GeoTIFF, imported as a public raster layer published to OGC and tiles."""
    call_command("import_layer", str(rd.write_tif(tmp_path / "do-sau.tif")), "--slug", "ngap", "--publish",
                 stdout=io.StringIO())  # fmt: skip
    Layer.objects.filter(slug="ngap").update(access=Layer.Access.PUBLIC, style=rd.FLOOD_STYLE)
    return Layer.objects.get(slug="ngap")


def test_a_raster_layer_is_a_collection_of_map_tiles(client: Client, raster: Layer) -> None:
    collection = next(c for c in client.get("/ogc/collections").json()["collections"] if c["id"] == "ngap")
    assert "itemType" not in collection  # no features to page through
    tilesets = next(link["href"] for link in collection["links"] if link["rel"].endswith("tilesets-map"))
    [tileset] = client.get(tilesets).json()["tilesets"]
    item = next(link for link in tileset["links"] if link["rel"] == "item")
    assert item["href"] == "http://localhost/tiles/raster/ngap/{tileMatrix}/{tileCol}/{tileRow}.png"
    assert raster.extent is not None
    west, south, east, north = raster.extent
    response = client.get(fill(item["href"], 14, (west + east) / 2, (south + north) / 2))
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert client.get("/ogc/collections/ngap/items").status_code == 404
    classes = client.get("/ogc/conformance").json()["conformsTo"]
    assert "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/png" in classes
