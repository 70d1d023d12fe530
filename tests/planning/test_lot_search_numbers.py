"""The lot search reads its number filters by core.numbers: either writing, ambiguous ones by what a lot can hold."""

import pytest
from django.test import Client

from accounts.models import User
from planning.models import Plan

URL = "/api/v1/planning/lots"


@pytest.fixture
def planner(client: Client, django_user_model: type[User], zoning_plan: Plan) -> Client:
    client.force_login(django_user_model.objects.create_user("planner", password="correct-horse-42"))
    return client


def _codes(client: Client, **params: str) -> list[str]:
    response = client.get(URL, params)
    assert response.status_code == 200, response.content
    return [lot["lot_code"] for lot in response.json()["lots"]]


@pytest.mark.parametrize(
    ("params", "codes"),
    [
        # School lot A1 has coverage 40 %, ratio 1.60, 4 floors and 20000 m²; park A2 has coverage 5 %.
        ({"coverage_min": "12,500"}, ["A1"]),  # 12.5 %: 12500 % is no coverage
        ({"coverage_min": "12.500"}, ["A1"]),
        ({"far_min": "1,550"}, ["A1"]),  # a ratio of 1.55, not 1550
        ({"far_min": "1.650"}, []),
        ({"floors_min": "4.000"}, ["A1"]),  # 4 floors: 4000 is beyond any plan
        ({"area_min": "19.999,5"}, ["A1"]),  # Vietnamese writing, not ambiguous
        ({"area_min": "20,000.5"}, []),  # international writing
        ({"area_max": "20 000"}, ["A1"]),  # a space groups thousands
        ({"bbox": "109.0,12.0,109.5,12.5", "coverage_min": "30"}, ["A1"]),  # the map box: points, commas between
    ],
)
def test_number_filters_are_read_in_either_writing(planner: Client, params: dict[str, str], codes: list[str]) -> None:
    assert _codes(planner, **params) == codes


def test_an_area_that_may_be_either_reading_is_refused_with_both_ways_to_write_it(planner: Client) -> None:
    response = planner.get(URL, {"area_min": "20.000"})  # 20 m² and 20000 m² are both lot areas
    assert response.status_code == 400
    message = response.json()["message"]
    assert message.startswith("Parameter area_min: '20.000' is ambiguous: ")
    assert "Write 20000 for the whole number, or 20.0000 for the decimal one." in message
    assert _codes(planner, area_min="20000") == ["A1"] and _codes(planner, area_min="20.0000") == ["A1"]


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        ("much", "Parameter coverage_min=much is not a number; write one such as 1,5 or 1.5."),
        ("1.2.3", "Parameter coverage_min: '1.2.3' has more than one decimal point"),
        ("12%", "Parameter coverage_min: '12%': write the number without its unit"),
        ("1e2", "Parameter coverage_min: '1e2' is written with an exponent; write the number in full, such as 100."),
    ],
)
def test_a_filter_that_is_no_number_says_which_and_how_to_write_it(planner: Client, value: str, fragment: str) -> None:
    response = planner.get(URL, {"coverage_min": value})
    assert response.status_code == 400
    assert fragment in response.json()["message"]


def test_a_map_box_in_decimal_commas_is_refused_naming_the_parameter(planner: Client) -> None:
    response = planner.get(URL, {"bbox": "109,0,12,0,109,5,12,5"})
    assert response.status_code == 400
    assert "Parameter bbox=109,0,12,0,109,5,12,5 must be west,south,east,north in degrees" in response.json()["message"]
