"""GET /api/v1/planning/lookup: the plans in force at a point, on a date."""

import datetime
import json

import pytest
from django.contrib.gis.geos import GEOSGeometry, Point
from django.test import Client

from planning.models import Plan, ZoningLot
from tests.planning.conftest import OUTSIDE_LAT, OUTSIDE_LON, TEST_E, TEST_LAT, TEST_LON, TEST_N

URL = "/api/v1/planning/lookup"
GAP_LON = 109.1990  # inside lot A2 (easting 602900-603100)


def _get(client: Client, **params: str) -> dict:
    response = client.get(URL, params)
    assert response.status_code == 200, response.content
    return response.json()


def test_point_inside_a_lot_gets_its_land_use_indicators_plan_and_documents(client: Client, zoning_plan: Plan) -> None:
    body = _get(client, lon=str(TEST_LON), lat=str(TEST_LAT), date="2024-06-30")
    assert body["unit"] == {"code": "22366", "name": "Phường Nha Trang", "kind": "phuong"}
    [entry] = body["plans"]
    assert entry["plan"]["code"] == "test-zoning"
    assert entry["plan"]["decision_number"] == "100/QĐ-UBND"
    assert entry["revision"]["number"] == 2
    assert entry["revision"]["effective_from"] == "2023-01-01"
    [lot] = entry["lots"]
    assert lot["lot_code"] == "A1"
    assert lot["land_use"]["code"] == "DGD"
    assert lot["land_use"]["name_vi"] == "Đất xây dựng cơ sở giáo dục và đào tạo"
    assert lot["land_use"]["group"] == "non_agricultural"
    assert lot["indicators"]["building_coverage_pct"] == 40.0
    assert lot["indicators"]["floor_area_ratio"] == 1.6
    assert lot["indicators"]["floors_min"] is None  # the plan states none: stored and returned as null
    assert lot["indicators"]["red_line_ref"] == "QH-04"
    assert {d["url"] for d in entry["documents"]} == {"https://example.org/qd100.pdf", "https://example.org/qd200.pdf"}


def test_a_past_date_answers_with_the_revision_then_in_force(client: Client, zoning_plan: Plan) -> None:
    body = _get(client, lon=str(TEST_LON), lat=str(TEST_LAT), date="2020-01-01")
    [entry] = body["plans"]
    assert entry["revision"]["number"] == 1
    assert entry["revision"]["effective_to"] == "2022-12-31"
    [lot] = entry["lots"]
    assert lot["land_use"]["code"] == "ODT"
    assert lot["indicators"]["floors_min"] == 3
    # The adjustment's own decision was not yet issued; only the plan-wide document is listed.
    assert [d["url"] for d in entry["documents"]] == ["https://example.org/qd100.pdf"]


def test_last_day_of_the_old_revision_still_answers_with_it(client: Client, zoning_plan: Plan) -> None:
    assert _get(client, lon=str(TEST_LON), lat=str(TEST_LAT), date="2022-12-31")["plans"][0]["revision"]["number"] == 1
    assert _get(client, lon=str(TEST_LON), lat=str(TEST_LAT), date="2023-01-01")["plans"][0]["revision"]["number"] == 2


def test_before_the_plan_applied_the_unit_is_known_but_no_plan(client: Client, zoning_plan: Plan) -> None:
    body = _get(client, lon=str(TEST_LON), lat=str(TEST_LAT), date="2010-05-01")
    assert body["unit"]["code"] == "22366"
    assert body["plans"] == []


def test_draft_and_consultation_plans_are_never_in_force(client: Client, zoning_plan: Plan) -> None:
    Plan.objects.filter(pk=zoning_plan.pk).update(status=Plan.Status.CONSULTATION)
    assert _get(client, lon=str(TEST_LON), lat=str(TEST_LAT))["plans"] == []


def test_a_cancelled_plan_answers_only_before_its_end(client: Client, zoning_plan: Plan) -> None:
    Plan.objects.filter(pk=zoning_plan.pk).update(status=Plan.Status.CANCELLED, effective_to=datetime.date(2024, 5, 31))
    assert _get(client, lon=str(TEST_LON), lat=str(TEST_LAT), date="2024-05-31")["plans"]
    assert _get(client, lon=str(TEST_LON), lat=str(TEST_LAT), date="2024-06-01")["plans"] == []


def test_vn2000_northing_easting_finds_the_same_lot(client: Client, zoning_plan: Plan) -> None:
    body = _get(client, x=str(TEST_N), y=str(TEST_E), crs="EPSG:9217", date="2024-06-30")
    assert body["query"]["assumed_order"] == "x_northing_y_easting"
    assert body["plans"][0]["lots"][0]["lot_code"] == "A1"


def test_a_point_in_a_gap_between_lots_lists_the_plan_without_a_lot(client: Client, zoning_plan: Plan) -> None:
    # The boundary was drawn from all lots; removing lot A2 leaves a gap inside the plan's boundary.
    ZoningLot.objects.filter(revision__plan=zoning_plan, lot_code="A2").delete()
    assert zoning_plan.boundary is not None
    assert Point(GAP_LON, TEST_LAT, srid=4326).within(zoning_plan.boundary)
    [entry] = _get(client, lon=str(GAP_LON), lat=str(TEST_LAT), date="2024-06-30")["plans"]
    assert entry["plan"]["code"] == "test-zoning"
    assert entry["lots"] == []


def test_outside_the_province_is_404_with_a_message(client: Client, zoning_plan: Plan) -> None:
    response = client.get(URL, {"lon": str(OUTSIDE_LON), "lat": str(OUTSIDE_LAT)})
    assert response.status_code == 404
    assert "outside Khánh Hòa" in response.json()["message"]


@pytest.mark.parametrize(
    ("params", "fragment"),
    [
        ({"lon": "abc", "lat": "12.2"}, "Parameter lon: 'abc' is not a number"),
        ({"lon": "109.19"}, "lat"),
        ({}, "Missing coordinates"),
        ({"lon": "109.19", "lat": "12.24", "date": "2024-13-01"}, "YYYY-MM-DD"),
        ({"x": "1353660", "y": "602805", "crs": "EPSG:999999"}, "EPSG"),
        ({"x": "1353660", "y": "602805"}, "crs"),
    ],
)
def test_malformed_queries_are_400_with_a_message(
    client: Client, zoning_plan: Plan, params: dict[str, str], fragment: str
) -> None:
    response = client.get(URL, params)
    assert response.status_code == 400
    assert fragment in response.json()["message"]


def test_the_lookup_takes_a_fixed_number_of_queries(
    client: Client, zoning_plan: Plan, django_assert_max_num_queries: object
) -> None:
    # unit, lots under the point (spatial index alone), those lots in force, plans covering the point without a lot
    with django_assert_max_num_queries(4):  # type: ignore[operator]
        _get(client, lon=str(TEST_LON), lat=str(TEST_LAT))


def test_with_geometry_each_lot_comes_with_its_polygon(client: Client, zoning_plan: Plan) -> None:
    plain = _get(client, lon=str(TEST_LON), lat=str(TEST_LAT))
    assert "geometry" not in plain["plans"][0]["lots"][0]
    body = _get(client, lon=str(TEST_LON), lat=str(TEST_LAT), with_geometry="1")
    geometry = body["plans"][0]["lots"][0]["geometry"]
    assert geometry["type"] == "MultiPolygon"
    assert Point(TEST_LON, TEST_LAT).within(GEOSGeometry(json.dumps(geometry)))
