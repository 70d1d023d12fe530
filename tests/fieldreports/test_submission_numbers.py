"""Positions and number answers of a report are read by core.numbers: "109,196" is 109.196°, never 109196°."""

from typing import Any

import pytest
from django.test import Client

from fieldreports.choices import AttributeType
from fieldreports.models import FieldReport
from tests.fieldreports.world import World, counts, post_report

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("lat", "long"),
    [
        ("12,2250", "109,1250"),  # decimal commas
        ("12,225", "109,125"),  # ambiguous each: 12225° and 109125° are no latitude or longitude
        ("12.225", "109.125"),
        ("12,2250", "109.1250"),  # each field in its own writing
        (" 12.2250 ", "109.1250"),
    ],
)
def test_degrees_in_either_writing_place_the_report(world: World, client: Client, lat: str, long: str) -> None:
    response = post_report(client, world, lat=lat, long=long)
    assert response.status_code == 200, response.content
    point = FieldReport.objects.get().geom
    assert point is not None and (point.y, point.x) == pytest.approx((12.225, 109.125))


@pytest.mark.parametrize(
    ("lat", "words"),
    [
        ("12.2.5", "lat: The latitude is not a number of degrees: '12.2.5' has more than one decimal point"),
        ("1e1", "lat: The latitude is not a number of degrees: '1e1' is written with an exponent"),
        ("12°", "lat: The latitude is not a number of degrees: '12°' is not a number; write digits"),
        ("north", "lat: The latitude 'north' is not a number of degrees, e.g. 12.2388."),
        ("120,5", "The latitude must lie between -90 and 90"),  # read without doubt, then out of range
    ],
)
def test_a_latitude_that_is_no_number_of_degrees_says_how_to_write_it(
    world: World, client: Client, lat: str, words: str
) -> None:
    before = counts()
    response = post_report(client, world, lat=lat)
    assert response.status_code == 400
    assert any(words in error["description"] for error in response.json()), response.json()
    assert counts() == before


def test_swapped_ambiguous_degrees_are_read_as_degrees_and_the_swap_is_said(world: World, client: Client) -> None:
    response = post_report(client, world, lat="109,125", long="12,225")  # 109125 and 12225 are no degrees
    assert response.status_code == 400
    assert "were the latitude and the longitude swapped?" in response.json()[0]["description"]


# The valid body answers the street light's questions; a litter report asks for a depth instead.
LITTER: dict[str, Any] = {"service_code": "waste", "attribute[state]": None, "attribute[pole]": None}


def _ask_depth(world: World) -> None:
    world.waste.attributes.create(code="depth_cm", description="Sâu bao nhiêu cm?", datatype=AttributeType.NUMBER)


def test_a_number_answer_in_either_writing_is_kept_with_a_point(world: World, client: Client) -> None:
    _ask_depth(world)
    for written in ("12,5", "12.5"):
        response = post_report(client, world, **{**LITTER, "attribute[depth_cm]": written})
        assert response.status_code == 200, response.content
    assert [report.attributes for report in FieldReport.objects.order_by("pk")] == [{"depth_cm": "12.5"}] * 2


def test_an_ambiguous_number_answer_is_refused_with_both_ways_to_write_it(world: World, client: Client) -> None:
    _ask_depth(world)
    response = post_report(client, world, **{**LITTER, "attribute[depth_cm]": "1,250"})
    assert response.status_code == 400
    [error] = response.json()
    assert error["description"] == (
        "attribute[depth_cm]: “Sâu bao nhiêu cm?”: '1,250' is ambiguous: ',' may group thousands or mark the "
        "decimals. Write 1250 for the whole number, or 1,2500 for the decimal one."
    )
    assert FieldReport.objects.count() == 0
