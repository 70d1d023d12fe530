"""VN-2000 / TM-3 108-15 (EPSG:9217): present in PostGIS and transforming the province's test vector to 5 cm."""

import pytest
from django.contrib.gis.geos import Point
from django.db import connection

from gis_core.srs import VN2000_TM3_108_15, WGS84
from tests.gis_core.reference import TEST_E, TEST_LAT, TEST_LON, TEST_N

TOLERANCE_M = 0.05
pytestmark = pytest.mark.django_db


def _geodesic_distance_m(a: Point, b: Point) -> float:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT ST_Distance(ST_GeogFromText(%s), ST_GeogFromText(%s))", [f"SRID=4326;{a.wkt}", f"SRID=4326;{b.wkt}"]
        )
        return cursor.fetchone()[0]


def test_epsg_9217_is_in_spatial_ref_sys_with_the_vn2000_datum_shift() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT auth_name, auth_srid, proj4text FROM spatial_ref_sys WHERE srid = %s", [9217])
        row = cursor.fetchone()
    assert row is not None
    auth_name, auth_srid, proj4 = row
    assert (auth_name, auth_srid) == ("EPSG", 9217)
    assert "+lon_0=108.25" in proj4
    assert "+towgs84=-191.90441429" in proj4


def test_postgis_projects_the_test_vector_to_tm3_within_5_cm() -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT ST_X(p), ST_Y(p) FROM ST_Transform(ST_SetSRID(ST_MakePoint(%s, %s), %s), %s) AS p",
            [TEST_LON, TEST_LAT, WGS84, VN2000_TM3_108_15],
        )
        easting, northing = cursor.fetchone()
    assert abs(easting - TEST_E) < TOLERANCE_M
    assert abs(northing - TEST_N) < TOLERANCE_M


def test_postgis_unprojects_the_test_vector_to_wgs84_within_5_cm() -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT ST_X(p), ST_Y(p) FROM ST_Transform(ST_SetSRID(ST_MakePoint(%s, %s), %s), %s) AS p",
            [TEST_E, TEST_N, VN2000_TM3_108_15, WGS84],
        )
        lon, lat = cursor.fetchone()
    assert _geodesic_distance_m(Point(lon, lat), Point(TEST_LON, TEST_LAT)) < TOLERANCE_M


def test_django_projects_the_test_vector_to_tm3_within_5_cm() -> None:
    projected = Point(TEST_LON, TEST_LAT, srid=WGS84).transform(VN2000_TM3_108_15, clone=True)
    assert isinstance(projected, Point)
    assert abs(projected.x - TEST_E) < TOLERANCE_M
    assert abs(projected.y - TEST_N) < TOLERANCE_M


def test_django_unprojects_the_test_vector_to_wgs84_within_5_cm() -> None:
    geographic = Point(TEST_E, TEST_N, srid=VN2000_TM3_108_15).transform(WGS84, clone=True)
    assert isinstance(geographic, Point)
    assert _geodesic_distance_m(geographic, Point(TEST_LON, TEST_LAT)) < TOLERANCE_M
