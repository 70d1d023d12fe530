"""The built-in admin-units layer is served from gis_core's table, and its counts follow the table's data."""

import io
import math

import pytest
from django.contrib.gis.geos import MultiPolygon, Polygon
from django.test import Client

from gis_core.models import AdminUnit, Province
from layers import demo
from tests.ogc_api.conftest import TEST_E, TEST_LAT, TEST_LON, TEST_N

pytestmark = pytest.mark.django_db


def unit(province: Province, code: str, west: float, south: float) -> AdminUnit:
    square = Polygon.from_bbox((west, south, west + 0.05, south + 0.05))
    return AdminUnit.objects.create(
        province=province, code=code, name=f"Phường {code}", kind="phuong", geom=MultiPolygon(square, srid=4326)
    )


def test_admin_units_are_listed_and_their_count_follows_the_table(client: Client) -> None:
    demo.load(io.StringIO())
    province = Province.objects.create(code="56", name="Tỉnh Khánh Hòa")
    unit(province, "22366", TEST_LON - 0.01, TEST_LAT - 0.01)
    assert "admin-units" in {c["id"] for c in client.get("/ogc/collections").json()["collections"]}
    assert client.get("/ogc/collections/admin-units/items").json()["numberMatched"] == 1
    unit(province, "22367", TEST_LON + 0.1, TEST_LAT)  # the table's trigger bumps the layer's data version
    body = client.get("/ogc/collections/admin-units/items?limit=1").json()
    assert (body["numberMatched"], body["numberReturned"]) == (2, 1)


def test_admin_unit_polygon_in_vn2000(client: Client) -> None:
    demo.load(io.StringIO())
    province = Province.objects.create(code="56", name="Tỉnh Khánh Hòa")
    made = unit(province, "22366", TEST_LON, TEST_LAT)
    response = client.get(f"/ogc/collections/admin-units/items/{made.pk}", {"crs": "EPSG:9217"})
    assert response.status_code == 200
    feature = response.json()
    assert feature["properties"]["code"] == "22366"
    rings = feature["geometry"]["coordinates"][0]
    corners = [point for ring in rings for point in ring]
    assert min(math.hypot(e - TEST_E, n - TEST_N) for e, n in corners) < 0.05  # the south-west corner
