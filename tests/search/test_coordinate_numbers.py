"""Typed coordinate pairs are read by core.numbers: decimal commas, thousands groups and "109,196" as degrees."""

from typing import Any

import pytest
from django.test import Client

from search.coordinates import read_coordinates, read_pair
from tests.gis_core.reference import TEST_E, TEST_LAT, TEST_LON, TEST_N
from tests.search.conftest import Searchable

URL = "/api/v1/search"


@pytest.mark.parametrize(
    ("typed", "pair"),
    [
        ("12.2388, 109.1967", (12.2388, 109.1967)),  # as before: points, comma between
        ("12.2388,109.1967", (12.2388, 109.1967)),
        ("12,2388 109,1967", (12.2388, 109.1967)),  # as before: decimal commas, space between
        ("12,2388; 109,1967", (12.2388, 109.1967)),
        ("12,2388, 109,1967", (12.2388, 109.1967)),  # decimal commas, a comma and a space between
        ("12,250 109,196", (12.25, 109.196)),  # ambiguous each: 12250 and 109196 are neither degrees nor metres
        ("12.250, 109.196", (12.25, 109.196)),  # the same with points, as GPS apps write three decimals
        ("-12,500 109,196", (-12.5, 109.196)),
        ("602.805,66 1.353.660,03", (602805.66, 1353660.03)),  # Vietnamese thousands groups
        ("602,805.66; 1,353,660.03", (602805.66, 1353660.03)),  # international ones
        ("602,805 1353660", (602805.0, 1353660.0)),  # 602.805 is no position in either kind: an easting
        ("602850,1350000", (602850.0, 1350000.0)),  # as before: whole metres, comma between
    ],
)
def test_a_typed_pair_is_read_the_way_that_names_a_place(typed: str, pair: tuple[float, float]) -> None:
    assert read_pair(typed) == pytest.approx(pair)


@pytest.mark.parametrize(
    "typed",
    [
        "109,196",  # one number with a decimal comma, not a pair
        "300,000 12,5",  # 300 is not degrees and 300000 no easting or northing of the province
        "1.2.3 4",  # not a number
        "12,5,6 109",
        "1e3 12",  # an exponent is no way to type a position
        "Nha Trang 12",
    ],
)
def test_texts_that_are_not_a_pair_of_coordinates_are_searched_as_words(typed: str) -> None:
    assert read_coordinates(typed) is None


def test_an_ambiguous_longitude_is_read_as_degrees_in_either_order() -> None:
    lat_first = read_coordinates("12,239, 109,197")
    lon_first = read_coordinates("109,197 12,239")
    assert lat_first is not None and lon_first is not None
    assert (lat_first.lat_first, lon_first.lat_first) == (True, False)
    for typed in (lat_first, lon_first):
        assert (typed.query.point.x, typed.query.point.y) == pytest.approx((109.197, 12.239))


def _first(client: Client, q: str) -> dict[str, Any]:
    response = client.get(URL, {"q": q})
    assert response.status_code == 200, response.content
    return response.json()["results"][0]


def test_vietnamese_written_metres_move_to_the_point(searchable: Searchable) -> None:
    easting = f"{TEST_E:,.2f}".replace(",", " ").replace(".", ",").replace(" ", ".")  # 602.805,66
    northing = f"{TEST_N:,.2f}".replace(",", " ").replace(".", ",").replace(" ", ".")
    hit = _first(Client(), f"{easting}; {northing}")
    assert hit["kind"] == "coordinates" and hit["match"] == "exact"
    assert hit["point"] == pytest.approx([TEST_LON, TEST_LAT], abs=1e-6)
    assert hit["detail"] == "VN-2000 TM-3 108°15', easting first · Phường Nha Trang"
