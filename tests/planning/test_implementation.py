"""GET /api/v1/planning/implementation: planned against current area per unit and group, for signed-in users."""

import datetime

import pytest
from django.test import Client

from accounts.models import User
from planning.models import CurrentLandUse, LandUseCode, LandUseSurvey, Plan
from tests.planning.conftest import box

URL = "/api/v1/planning/implementation"


@pytest.fixture
def survey(zoning_plan: Plan) -> LandUseSurvey:
    """Today A1 is already housing (built up); A2 and the road R1 are still rice fields."""
    survey = LandUseSurvey.objects.create(name="Hiện trạng 2024", reference_date=datetime.date(2024, 12, 31))
    CurrentLandUse.objects.create(
        survey=survey, land_use=LandUseCode.objects.get(code="ODT"), geom=box(602_700, 1_353_600, 602_900, 1_353_700)
    )
    CurrentLandUse.objects.create(
        survey=survey, land_use=LandUseCode.objects.get(code="LUC"), geom=box(602_900, 1_353_580, 603_100, 1_353_700)
    )
    CurrentLandUse.objects.create(
        survey=survey, land_use=LandUseCode.objects.get(code="LUC"), geom=box(602_700, 1_353_580, 602_900, 1_353_600)
    )
    return survey


@pytest.fixture
def officer(client: Client, django_user_model: type[User]) -> Client:
    client.force_login(django_user_model.objects.create_user("planner", password="correct-horse-42"))
    return client


def test_rates_compare_planned_and_current_use_per_group(officer: Client, survey: LandUseSurvey) -> None:
    response = officer.get(URL, {"plan": "test-zoning", "date": "2025-01-01"})
    assert response.status_code == 200
    body = response.json()
    assert body["revision"]["number"] == 2
    assert body["survey"]["id"] == survey.pk
    [unit] = body["units"]
    groups = {g["group"]: g for g in unit["groups"]}
    planned = groups["non_agricultural"]
    # Geodesic areas; the rectangles are exact in VN-2000 metres, whose scale differs from 1 by < 0.01 %.
    assert planned["planned_m2"] == pytest.approx(48_000, rel=1e-3)  # A1 20 000 + A2 20 000 + R1 8 000
    assert planned["current_m2"] == pytest.approx(20_000, rel=1e-3)  # A1 only
    assert planned["matching_m2"] == pytest.approx(20_000, rel=1e-3)
    assert planned["implementation_rate"] == pytest.approx(20_000 / 48_000, abs=1e-3)
    assert groups["agricultural"]["planned_m2"] == 0
    assert groups["agricultural"]["current_m2"] == pytest.approx(28_000, rel=1e-3)
    assert groups["agricultural"]["implementation_rate"] is None


def test_the_table_downloads_as_csv(officer: Client, survey: LandUseSurvey, zoning_plan: Plan) -> None:
    response = officer.get(URL, {"plan": str(zoning_plan.pk), "date": "2025-01-01", "format": "csv"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0] == "unit_code,unit_name,group,planned_m2,current_m2,matching_m2,rate"
    assert any(line.startswith("22366,Phường Nha Trang,non_agricultural,") for line in lines)


def test_anonymous_callers_must_sign_in(client: Client, survey: LandUseSurvey) -> None:
    response = client.get(URL, {"plan": "test-zoning"})
    assert response.status_code == 401


@pytest.mark.parametrize(
    ("params", "status", "fragment"),
    [
        ({}, 400, "Parameter plan is missing"),
        ({"plan": "no-such-plan"}, 404, "No plan no-such-plan"),
        ({"plan": "test-zoning", "date": "2010-01-01"}, 404, "no revision in force on 2010-01-01"),
        ({"plan": "test-zoning", "date": "2024-01-01"}, 404, "No land-use status map is available"),
        ({"plan": "test-zoning", "survey": "abc"}, 400, "survey=abc"),
    ],
)
def test_bad_requests_say_what_is_wrong(
    officer: Client, survey: LandUseSurvey, params: dict[str, str], status: int, fragment: str
) -> None:
    response = officer.get(URL, params)
    assert response.status_code == status
    assert fragment in response.json()["message"]


@pytest.fixture
def housing_then(zoning_plan: Plan) -> LandUseSurvey:
    """In 2020 (revision 1) A1 is planned housing for 400 people; the 2019 status map has half of it built."""
    zoning_plan.revisions.get(number=1).lots.filter(lot_code="A1").update(population=400)
    survey = LandUseSurvey.objects.create(name="Hiện trạng 2019", reference_date=datetime.date(2019, 12, 31))
    CurrentLandUse.objects.create(
        survey=survey, land_use=LandUseCode.objects.get(code="ODT"), geom=box(602_700, 1_353_600, 602_800, 1_353_700)
    )
    return survey


def test_urban_indicators_give_residential_land_per_planned_person(
    officer: Client, housing_then: LandUseSurvey
) -> None:
    [unit] = officer.get(URL, {"plan": "test-zoning", "date": "2020-01-01"}).json()["units"]
    urban = unit["urban"]
    assert urban["residential_planned_m2"] == pytest.approx(20_000, rel=1e-3)  # A1, 200 m x 100 m
    assert urban["residential_current_m2"] == pytest.approx(10_000, rel=1e-3)
    assert urban["planned_population"] == 400
    assert urban["residential_m2_per_person"] == pytest.approx(50, rel=1e-3)


def test_without_a_stated_population_there_is_no_per_person_figure(officer: Client, survey: LandUseSurvey) -> None:
    [unit] = officer.get(URL, {"plan": "test-zoning", "date": "2025-01-01"}).json()["units"]
    assert unit["urban"]["residential_planned_m2"] == 0  # revision 2 turned the housing lot A1 into a school
    assert (unit["urban"]["planned_population"], unit["urban"]["residential_m2_per_person"]) == (None, None)


def test_the_urban_indicators_download_as_csv(officer: Client, housing_then: LandUseSurvey) -> None:
    response = officer.get(URL, {"plan": "test-zoning", "date": "2020-01-01", "format": "csv", "table": "urban"})
    header, row = response.content.decode("utf-8-sig").splitlines()
    assert header == (
        "unit_code,unit_name,residential_planned_m2,residential_current_m2,planned_population,residential_m2_per_person"
    )
    code, name, _planned, _current, people, per_person = row.split(",")
    assert (code, name, people) == ("22366", "Phường Nha Trang", "400")
    assert float(per_person) == pytest.approx(50, rel=1e-3)
