"""The public units API: the collection, the unit at a point, one unit, and its neighbours."""

import json
from typing import Any

import pytest
from django.test import Client

from gis_core.coords import X_EASTING_Y_NORTHING, X_NORTHING_Y_EASTING
from tests.gis_core.reference import (
    NHA_TRANG_WARD,
    OUTSIDE_LAT,
    OUTSIDE_LON,
    SPECIAL_ZONE,
    TEST_E,
    TEST_LAT,
    TEST_LON,
    TEST_N,
)

GEOJSON = "application/geo+json"
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_units")]


def _geojson(response: Any) -> dict[str, Any]:
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == GEOJSON
    return json.loads(response.content)


def _error(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/json"
    body = json.loads(response.content)
    assert body["message"].strip()
    return body


def test_collection_lists_all_65_units_with_their_properties(client: Client) -> None:
    body = _geojson(client.get("/api/v1/units"))
    assert body["type"] == "FeatureCollection"
    features = body["features"]
    assert len(features) == 65
    for feature in features:
        assert feature["type"] == "Feature"
        assert feature["geometry"]["type"] == "MultiPolygon"
        properties = feature["properties"]
        assert len(properties["code"]) == 5 and properties["code"] == feature["id"]
        assert properties["name"] and properties["kind_label"]
        assert properties["kind"] in {"xa", "phuong", "dac_khu"}
        assert properties["area_km2"] > 0
        assert "synthetic" in properties["geometry_source"]


def test_collection_is_utf8_without_ascii_escapes(client: Client) -> None:
    response = client.get("/api/v1/units")
    assert "Phường Nha Trang".encode() in response.content
    assert b"\\u" not in response.content


def _vertex_count(collection: dict[str, Any]) -> int:
    return sum(
        len(ring)
        for feature in collection["features"]
        for polygon in feature["geometry"]["coordinates"]
        for ring in polygon
    )


def test_collection_can_be_simplified_for_display(client: Client) -> None:
    exact = _geojson(client.get("/api/v1/units"))
    simplified = _geojson(client.get("/api/v1/units", {"simplify": "500"}))
    assert len(simplified["features"]) == 65
    assert {feature["geometry"]["type"] for feature in simplified["features"]} == {"MultiPolygon"}
    assert _vertex_count(simplified) < _vertex_count(exact)


@pytest.mark.parametrize("value", ["abc", "-1", "nan", "99999"])
def test_a_bad_simplify_tolerance_is_refused(client: Client, value: str) -> None:
    body = _error(client.get("/api/v1/units", {"simplify": value}), 400)
    assert "simplify" in body["message"]


def test_unit_at_lon_lat_is_the_unit_containing_it(client: Client) -> None:
    feature = _geojson(client.get("/api/v1/units/at", {"lon": str(TEST_LON), "lat": str(TEST_LAT)}))
    assert feature["type"] == "Feature"
    assert feature["properties"]["code"] == NHA_TRANG_WARD
    assert feature["properties"]["name"] == "Phường Nha Trang"
    assert feature["query"]["crs"] == "EPSG:4326"
    assert "assumed_order" not in feature["query"]


def test_unit_at_tm3_x_y_reports_gis_order(client: Client) -> None:
    feature = _geojson(client.get("/api/v1/units/at", {"x": str(TEST_E), "y": str(TEST_N), "crs": "EPSG:9217"}))
    assert feature["properties"]["code"] == NHA_TRANG_WARD
    assert feature["query"]["assumed_order"] == X_EASTING_Y_NORTHING
    assert abs(feature["query"]["lon"] - TEST_LON) < 1e-6


def test_unit_at_vietnamese_x_northing_y_easting_reports_the_swap(client: Client) -> None:
    feature = _geojson(client.get("/api/v1/units/at", {"x": str(TEST_N), "y": str(TEST_E), "crs": "EPSG:9217"}))
    assert feature["properties"]["code"] == NHA_TRANG_WARD
    assert feature["query"]["assumed_order"] == X_NORTHING_Y_EASTING


def test_unit_at_finds_the_special_zone_on_its_islets(client: Client) -> None:
    feature = _geojson(client.get("/api/v1/units/at", {"lon": "111.92", "lat": "8.645"}))
    assert feature["properties"]["code"] == SPECIAL_ZONE


def test_a_point_outside_the_province_is_404_with_a_message(client: Client) -> None:
    body = _error(
        client.get("/api/v1/units/at", {"lon": str(OUTSIDE_LON), "lat": str(OUTSIDE_LAT)}, HTTP_ACCEPT_LANGUAGE="en"),
        404,
    )
    assert body["error"] == "not_found"
    assert "outside the province" in body["message"]
    assert body["query"]["lon"] == OUTSIDE_LON


def test_the_outside_message_is_given_in_the_default_language_too(client: Client) -> None:
    body = _error(client.get("/api/v1/units/at", {"lon": str(OUTSIDE_LON), "lat": str(OUTSIDE_LAT)}), 404)
    assert "107.500000" in body["message"]


@pytest.mark.parametrize(
    ("params", "named"),
    [
        ({}, "lon"),
        ({"lon": "109.2"}, "lat"),
        ({"lon": "abc", "lat": "12.2"}, "lon"),
        ({"lon": "109.2", "lat": "NaN"}, "lat"),
        ({"lon": "Infinity", "lat": "12.2"}, "lon"),
        ({"lon": "109.2", "lat": "95"}, "lat"),
        ({"lon": "109.2", "lat": "12.2", "x": TEST_E, "y": TEST_N, "crs": "EPSG:9217"}, "not both"),
        ({"x": TEST_E, "y": TEST_N}, "crs"),
        ({"x": TEST_E, "y": TEST_N, "crs": "/etc/passwd"}, "EPSG"),
        ({"x": TEST_E, "y": TEST_N, "crs": "http://evil/x"}, "EPSG"),
        ({"x": TEST_E, "y": TEST_N, "crs": "EPSG:99999"}, "EPSG:9217"),
    ],
)
def test_malformed_coordinates_are_400_with_a_message(client: Client, params: dict[str, object], named: str) -> None:
    query = {name: str(value) for name, value in params.items()}  # as the client would format them
    body = _error(client.get("/api/v1/units/at", query, HTTP_ACCEPT_LANGUAGE="en"), 400)
    assert body["error"] == "invalid_input"
    assert named in body["message"]


def test_one_unit_by_code(client: Client) -> None:
    feature = _geojson(client.get(f"/api/v1/units/{SPECIAL_ZONE}"))
    assert feature["properties"]["name"] == "Đặc khu Trường Sa"
    assert feature["properties"]["kind"] == "dac_khu"
    assert len(feature["geometry"]["coordinates"]) > 1


@pytest.mark.parametrize("code", ["99999", "abc", "2236"])
def test_an_unknown_code_is_404_with_a_message(client: Client, code: str) -> None:
    body = _error(client.get(f"/api/v1/units/{code}", HTTP_ACCEPT_LANGUAGE="en"), 404)
    assert "5-digit" in body["message"]


def test_neighbours_share_a_boundary_and_exclude_the_unit(client: Client) -> None:
    body = _geojson(client.get(f"/api/v1/units/{NHA_TRANG_WARD}/neighbours"))
    codes = {feature["properties"]["code"] for feature in body["features"]}
    assert body["unit"] == NHA_TRANG_WARD
    assert NHA_TRANG_WARD not in codes
    assert "22333" in codes  # Phường Bắc Nha Trang borders Phường Nha Trang
    assert SPECIAL_ZONE not in codes


def test_the_special_zone_has_no_neighbours(client: Client) -> None:
    body = _geojson(client.get(f"/api/v1/units/{SPECIAL_ZONE}/neighbours"))
    assert body["features"] == []


def test_neighbours_of_an_unknown_code_is_404(client: Client) -> None:
    _error(client.get("/api/v1/units/99999/neighbours"), 404)
