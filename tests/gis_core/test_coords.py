"""Reading a point from query parameters: lon/lat, x/y/crs, the swapped Vietnamese X/Y order, and refusals."""

import json
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.gis.geos import GEOSGeometry, Point

from core.errors import InvalidInput
from gis_core.coords import (
    MAINLAND_BANDS,
    X_EASTING_Y_NORTHING,
    X_NORTHING_Y_EASTING,
    point_from_query,
)
from gis_core.srs import PROJECTED_VN2000, VN2000_TM3_108_15, VN2000_UTM49, WGS84
from tests.gis_core.reference import TEST_E, TEST_LAT, TEST_LON, TEST_N

DEGREES_5_CM = 5e-7  # about 5.5 cm of latitude, 5.4 cm of longitude at 12°N


def _assert_is_test_vector(point: Point) -> None:
    assert point.srid == WGS84
    assert abs(point.x - TEST_LON) < DEGREES_5_CM
    assert abs(point.y - TEST_LAT) < DEGREES_5_CM


def test_lon_lat_is_read_as_wgs84_without_an_axis_order() -> None:
    query = point_from_query({"lon": " 109.1967", "lat": "12.2388 "})
    _assert_is_test_vector(query.point)
    assert query.srid == WGS84
    assert query.assumed_order is None


@pytest.mark.parametrize("crs", ["EPSG:9217", "9217", "urn:ogc:def:crs:EPSG::9217"])
def test_x_y_in_tm3_is_transformed_to_wgs84(crs: str) -> None:
    query = point_from_query({"x": str(TEST_E), "y": str(TEST_N), "crs": crs})
    _assert_is_test_vector(query.point)
    assert query.srid == VN2000_TM3_108_15
    assert query.assumed_order == X_EASTING_Y_NORTHING


def test_vietnamese_x_northing_y_easting_is_swapped_and_reported() -> None:
    query = point_from_query({"x": str(TEST_N), "y": str(TEST_E), "crs": "EPSG:9217"})
    _assert_is_test_vector(query.point)
    assert query.assumed_order == X_NORTHING_Y_EASTING
    assert query.as_dict()["assumed_order"] == X_NORTHING_Y_EASTING


def test_swapped_order_is_recognised_in_utm_zone_49_too() -> None:
    projected = Point(TEST_LON, TEST_LAT, srid=WGS84).transform(VN2000_UTM49, clone=True)
    assert isinstance(projected, Point)
    query = point_from_query({"x": str(projected.y), "y": str(projected.x), "crs": "EPSG:3406"})
    _assert_is_test_vector(query.point)
    assert query.assumed_order == X_NORTHING_Y_EASTING


def test_values_plausible_in_neither_order_are_read_as_written() -> None:
    # Near Trường Sa both TM-3 values exceed a million: nothing is clearly swapped, so GIS order stands.
    query = point_from_query({"x": "1150000", "y": "1050000", "crs": "EPSG:9217"})
    assert query.assumed_order == X_EASTING_Y_NORTHING
    expected = Point(1150000, 1050000, srid=VN2000_TM3_108_15).transform(WGS84, clone=True)
    assert query.point.distance(expected) < 1e-9


def test_swapping_is_only_for_projected_vn2000() -> None:
    # WGS 84 / UTM 49N (EPSG:32649) is not VN-2000: northing-first values are read as written, not swapped.
    projected = Point(TEST_LON, TEST_LAT, srid=WGS84).transform(32649, clone=True)
    assert isinstance(projected, Point)
    query = point_from_query({"x": str(projected.y), "y": str(projected.x), "crs": "EPSG:32649"})
    assert query.assumed_order == X_EASTING_Y_NORTHING
    assert query.point.distance(Point(TEST_LON, TEST_LAT)) > 1


def test_every_projected_vn2000_crs_has_disjoint_mainland_bands() -> None:
    assert set(MAINLAND_BANDS) == PROJECTED_VN2000
    for bands in MAINLAND_BANDS.values():
        assert bands.easting.high < bands.northing.low or bands.northing.high < bands.easting.low


@pytest.mark.parametrize("srid", sorted(PROJECTED_VN2000))
def test_mainland_bands_contain_the_whole_demo_mainland(srid: int) -> None:
    collection = json.loads(Path(settings.BASE_DIR, "fixtures", "demo_units.geojson").read_text(encoding="utf-8"))
    outline = GEOSGeometry(json.dumps(collection["mainland_outline"]), srid=WGS84).transform(srid, clone=True)
    xmin, ymin, xmax, ymax = outline.extent
    bands = MAINLAND_BANDS[srid]
    assert bands.easting.low <= xmin and xmax <= bands.easting.high
    assert bands.northing.low <= ymin and ymax <= bands.northing.high


@pytest.mark.parametrize(
    ("params", "named"),
    [
        ({}, "lon"),
        ({"lon": "109.19"}, "lat"),
        ({"lat": "12.2"}, "lon"),
        ({"lon": "", "lat": "12.2"}, "lon"),
        ({"lon": "abc", "lat": "12.2"}, "lon"),
        ({"lon": "109.19.67", "lat": "12.2388"}, "lon"),
        ({"lon": "1,09.1967", "lat": "12.2388"}, "lon"),
        ({"lon": "109.19", "lat": "nan"}, "lat"),
        ({"lon": "inf", "lat": "12.2"}, "lon"),
        ({"lon": "1e999", "lat": "12.2"}, "lon"),
        ({"lon": "0x6d", "lat": "12.2"}, "lon"),
        ({"lon": "109.19", "lat": "91"}, "lat"),
        ({"lon": "181", "lat": "12.2"}, "lon"),
        ({"lon": "109.19", "lat": "12.2", "x": "602805", "y": "1353660", "crs": "EPSG:9217"}, "lon"),
        ({"lon": "109.19", "lat": "12.2", "crs": "EPSG:9217"}, "x, y and crs"),
        ({"x": "602805", "y": "1353660"}, "crs"),
        ({"x": "602805", "crs": "EPSG:9217"}, "y"),
        ({"x": "602805", "y": "north", "crs": "EPSG:9217"}, "y"),
        ({"x": "602805", "y": "1353660", "crs": "/etc/passwd"}, "EPSG:<code>"),
        ({"x": "602805", "y": "1353660", "crs": "http://evil/x"}, "EPSG:<code>"),
        ({"x": "602805", "y": "1353660", "crs": "+proj=longlat +datum=WGS84"}, "EPSG:<code>"),
        ({"x": "602805", "y": "1353660", "crs": "EPSG:2154"}, "EPSG:9217"),
        ({"x": "200", "y": "12", "crs": "EPSG:4326"}, "x"),
        ({"x": "1e300", "y": "1353660", "crs": "EPSG:9217"}, "exponent"),
        ({"x": "1" + "0" * 300, "y": "1" + "0" * 300, "crs": "EPSG:9217"}, "x="),
    ],
)
def test_malformed_input_is_refused_with_a_message_naming_what_to_fix(params: dict[str, str], named: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        point_from_query(params)
    assert named in caught.value.message


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"lon": "109.115", "lat": "12.250"}, (109.115, 12.25)),  # a thousands group in Vietnamese, but no longitude
        ({"lon": "109,115", "lat": "12,25"}, (109.115, 12.25)),  # decimal commas, as people write them
        ({"lon": "109.1967", "lat": "12.2388"}, (109.1967, 12.2388)),
        ({"lon": 109.115, "lat": 12.25}, (109.115, 12.25)),  # numbers from a JSON body
        ({"x": "109.115", "y": "12.250", "crs": "EPSG:4326"}, (109.115, 12.25)),
    ],
)
def test_degrees_are_read_by_core_numbers_taking_the_reading_that_is_degrees(
    params: dict[str, str | float], expected: tuple[float, float]
) -> None:
    query = point_from_query(params)
    assert (query.point.x, query.point.y) == expected


@pytest.mark.parametrize(
    "params",
    [
        {"x": str(TEST_E), "y": str(TEST_N), "crs": "EPSG:9217"},
        {"x": "602.805,66", "y": "1.353.660,03", "crs": "EPSG:9217"},  # Vietnamese writing
        {"x": "602,805.66", "y": "1,353,660.03", "crs": "EPSG:9217"},
        {"x": "602 805,66", "y": "1 353 660,03", "crs": "EPSG:9217"},
        {"x": TEST_E, "y": TEST_N, "crs": "EPSG:9217"},
    ],
)
def test_metres_read_the_same_in_either_writing(params: dict[str, str | float]) -> None:
    _assert_is_test_vector(point_from_query(params).point)


def test_vn2000_metres_written_with_thousands_points_are_the_reading_in_the_province() -> None:
    # "603.000" is 603 km in VN-2000, the reading that lies in the province; 603 m would be in Cambodia.
    query = point_from_query({"x": "603.000", "y": "1.353.660", "crs": "EPSG:9217"})
    expected = Point(603_000, 1_353_660, srid=VN2000_TM3_108_15).transform(WGS84, clone=True)
    assert query.point.distance(expected) < 1e-9


@pytest.mark.parametrize(
    ("params", "named"),
    [
        ({"lon": "200.500", "lat": "12.25"}, "Parameter lon: '200.500' is ambiguous"),
        ({"x": "123.456", "y": "1353660", "crs": "EPSG:9217"}, "Parameter x: '123.456' is ambiguous"),
        ({"x": "602805", "y": "1,353", "crs": "EPSG:32649"}, "Parameter y: '1,353' is ambiguous"),
    ],
)
def test_ambiguous_numbers_are_refused_saying_how_to_write_each_meaning(params: dict[str, str], named: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        point_from_query(params)
    assert caught.value.message.startswith(named) and "Write" in caught.value.message
