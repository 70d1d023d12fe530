"""An uploaded GeoPackage and an uploaded GeoTIFF each reach the catalogue, OGC API and the map's tiles."""

import io
import math
from pathlib import Path
from typing import Any

import mapbox_vector_tile
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image

from tests.imports.worker import through_worker
from tests.layers import data
from tests.layers import raster_data as rd
from tests.layers.conftest import People

pytestmark = pytest.mark.django_db

HOST: dict[str, Any] = {"HTTP_HOST": "localhost"}
ZOOM = 14


def _tile(lon: float, lat: float, zoom: int = ZOOM) -> tuple[int, int, int]:
    """Return the Web Mercator tile (z, x, y) holding the point."""
    n = 2**zoom
    x = int((lon + 180.0) / 360.0 * n)
    y = int((1.0 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2.0 * n)
    return zoom, x, y


def _upload(client: Client, name: str, content: bytes, slug: str, title: str) -> None:
    form = {"file": SimpleUploadedFile(name, content), "slug": slug, "title": title, "access": "public",
            "encoding": "auto", "publish": "on"}  # fmt: skip
    response = through_worker(client, client.post(reverse("layers:upload"), form, **HOST), **HOST)  # an import job
    assert response.status_code == 302, response.content.decode()[:2000]


@pytest.fixture
def uploaded(people: People, tmp_path: Path) -> None:
    client = Client()
    client.force_login(people.owner_officer)
    gpkg = data.write(tmp_path / "khu.gpkg", data.ZONES, driver="GPKG")
    _upload(client, "khu.gpkg", gpkg.read_bytes(), "khu-dan-cu", "Khu dân cư")
    tif = rd.write_tif(tmp_path / "do-sau.tif")
    _upload(client, "do-sau.tif", tif.read_bytes(), "do-sau-ngap", "Độ sâu ngập")


def test_both_uploads_are_in_the_catalogue_with_their_map_tiles(uploaded: None) -> None:
    layers = {layer["slug"]: layer for layer in Client().get("/api/v1/layers", **HOST).json()["layers"]}
    assert layers["khu-dan-cu"]["kind"] == "vector" and layers["do-sau-ngap"]["kind"] == "raster"
    # The map's layer switcher draws exactly what these templates name.
    assert layers["khu-dan-cu"]["tile_url"] and layers["do-sau-ngap"]["tile_url"]


def test_both_uploads_are_ogc_collections_and_the_vector_one_has_every_feature(uploaded: None) -> None:
    client = Client()
    collections = {c["id"]: c for c in client.get("/ogc/collections?f=json", **HOST).json()["collections"]}
    assert {"khu-dan-cu", "do-sau-ngap"} <= collections.keys()
    raster_links = {link["rel"] for link in collections["do-sau-ngap"]["links"]}
    assert any("tiles" in rel for rel in raster_links)
    items = client.get("/ogc/collections/khu-dan-cu/items?f=json", **HOST).json()
    assert sorted(feature["properties"]["tên"] for feature in items["features"]) == ["Khu A", "Khu B", "Khu C"]


def test_the_map_tiles_of_both_uploads_carry_their_data(uploaded: None) -> None:
    client = Client()
    z, x, y = _tile(109.195, 12.275)  # inside Khu A
    vector = client.get(f"/tiles/khu-dan-cu/{z}/{x}/{y}.mvt", **HOST)
    assert vector.status_code == 200
    decoded = mapbox_vector_tile.decode(vector.content)  # columns are lower-cased on import: Tên → tên
    assert [f["properties"]["tên"] for f in decoded["khu-dan-cu"]["features"]] == ["Khu A"]

    lon, lat = rd.utm_to_lonlat(rd.WEST + 850 * rd.PIXEL_M, rd.NORTH - 700 * rd.PIXEL_M)  # inside the deep block
    z, x, y = _tile(lon, lat)
    raster = client.get(f"/tiles/raster/do-sau-ngap/{z}/{x}/{y}.png", **HOST)
    assert raster.status_code == 200 and raster["Content-Type"] == "image/png"
    image = Image.open(io.BytesIO(raster.content)).convert("RGBA")
    assert any(alpha > 0 for alpha in image.getchannel("A").tobytes())  # one byte per pixel
