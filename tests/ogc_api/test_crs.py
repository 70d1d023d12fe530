"""OGC API Features Part 2: crs and bbox-crs, reprojected in PostGIS, with the Content-Crs header."""

import math

import pytest
from django.db import connection
from django.test import Client
from pyproj.transformer import TransformerGroup

from layers.models import Layer
from tests.ogc_api.conftest import TEST_E, TEST_LAT, TEST_LON, TEST_N

EPSG = "http://www.opengis.net/def/crs/EPSG/0/"
CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"


def first_point(client: Client, **params: str) -> tuple[list[float], str]:
    response = client.get("/ogc/collections/diem/items", {"limit": "1", **params})
    assert response.status_code == 200, response.content
    return response.json()["features"][0]["geometry"]["coordinates"], response["Content-Crs"]


def test_vn2000_coordinates_of_the_test_vector_within_5_cm(client: Client, points: Layer) -> None:
    (easting, northing), content_crs = first_point(client, crs="EPSG:9217")
    assert content_crs == f"<{EPSG}9217>"
    assert math.hypot(easting - TEST_E, northing - TEST_N) < 0.05


def test_crs_uri_form_is_accepted(client: Client, points: Layer) -> None:
    (easting, northing), content_crs = first_point(client, crs=f"{EPSG}9217")
    assert content_crs == f"<{EPSG}9217>"
    assert math.hypot(easting - TEST_E, northing - TEST_N) < 0.05


def test_default_is_crs84_longitude_first(client: Client, points: Layer) -> None:
    coordinates, content_crs = first_point(client)
    assert content_crs == f"<{CRS84}>"
    assert coordinates == pytest.approx([TEST_LON, TEST_LAT])


def test_epsg_4326_is_latitude_first(client: Client, points: Layer) -> None:
    coordinates, content_crs = first_point(client, crs="EPSG:4326")
    assert content_crs == f"<{EPSG}4326>"
    assert coordinates == pytest.approx([TEST_LAT, TEST_LON])


@pytest.mark.parametrize("srid", [3857, 3405, 3406])
def test_projected_crs_match_postgis(client: Client, points: Layer, srid: int) -> None:
    coordinates, content_crs = first_point(client, crs=f"EPSG:{srid}")
    assert content_crs == f"<{EPSG}{srid}>"
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT ST_X(p), ST_Y(p) FROM ST_Transform(ST_SetSRID(ST_MakePoint(%s, %s), 4326), %s) AS p",
            [TEST_LON, TEST_LAT, srid],
        )
        expected = cursor.fetchone()
    assert coordinates == pytest.approx(list(expected), abs=0.001)


# EPSG:6960, "VN-2000 to WGS 84 (2)", as PROJ's database publishes it (coordinate-frame rotations). The test above
# takes its expected values from PostGIS, i.e. from our own pinned +towgs84 (gis_core.srs.VN2000_TOWGS84); this one
# computes them with pyproj's own EPSG pipeline, so a sign slip in our pin (about 0.56 m at Nha Trang) or a switch
# to EPSG:5194, "VN-2000 to WGS 84 (1)" (about 0.77 m away), would fail it.
EPSG_VN2000_SHIFT = "VN-2000 to WGS 84 (2)"
PYPROJ_TOLERANCE_M = 0.01  # the same Helmert and UTM formulas: what remains is rounding, well under a centimetre


def pyproj_epsg(srid: int, lon: float, lat: float) -> tuple[float, float]:
    """Project a WGS 84 point with pyproj through the EPSG:6960 datum shift, independently of PostGIS."""
    group = TransformerGroup("EPSG:4326", f"EPSG:{srid}", always_xy=True, allow_ballpark=False)
    [transformer] = [t for t in group.transformers if f"{EPSG_VN2000_SHIFT} +" in t.description]
    return transformer.transform(lon, lat)


@pytest.mark.parametrize("srid", [3405, 3406])
def test_vn2000_utm_matches_pyproj_from_the_epsg_definition_within_1_cm(
    client: Client, points: Layer, srid: int
) -> None:
    (easting, northing), _content_crs = first_point(client, crs=f"EPSG:{srid}")
    expected_e, expected_n = pyproj_epsg(srid, TEST_LON, TEST_LAT)
    assert math.hypot(easting - expected_e, northing - expected_n) < PYPROJ_TOLERANCE_M


def test_bbox_in_vn2000_selects_the_point_inside(client: Client, points: Layer) -> None:
    box = f"{TEST_E - 10},{TEST_N - 10},{TEST_E + 10},{TEST_N + 10}"
    body = client.get("/ogc/collections/diem/items", {"bbox": box, "bbox-crs": "EPSG:9217"}).json()
    assert [feature["properties"]["ten"] for feature in body["features"]] == ["Điểm 0-0"]


def test_bbox_in_epsg_4326_is_latitude_first(client: Client, points: Layer) -> None:
    box = f"{TEST_LAT - 0.001},{TEST_LON - 0.001},{TEST_LAT + 0.001},{TEST_LON + 0.001}"
    body = client.get("/ogc/collections/diem/items", {"bbox": box, "bbox-crs": "EPSG:4326"}).json()
    assert [feature["properties"]["ten"] for feature in body["features"]] == ["Điểm 0-0"]


def test_single_item_is_reprojected_with_content_crs(client: Client, points: Layer) -> None:
    first = client.get("/ogc/collections/diem/items?limit=1").json()["features"][0]
    response = client.get(f"/ogc/collections/diem/items/{first['id']}", {"crs": "EPSG:9217"})
    assert response["Content-Crs"] == f"<{EPSG}9217>"
    easting, northing = response.json()["geometry"]["coordinates"]
    assert math.hypot(easting - TEST_E, northing - TEST_N) < 0.05


@pytest.mark.parametrize(
    ("parameter", "value"),
    [("crs", "EPSG:2000"), ("crs", "EPSG:4756"), ("crs", "+proj=longlat"), ("bbox-crs", "EPSG:32649")],
)
def test_unsupported_crs_is_refused_with_the_offered_list(
    client: Client, points: Layer, parameter: str, value: str
) -> None:
    response = client.get("/ogc/collections/diem/items", {parameter: value, "bbox": "0,0,1,1"})
    assert response.status_code == 400
    message = response.json()["message"]
    assert message.startswith(f"{parameter}: ") and "is not offered" in message
    assert f"{EPSG}9217" in message
