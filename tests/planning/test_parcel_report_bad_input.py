"""Bad parcel-report requests get a 400 saying which line and what is wrong, and write nothing."""

import json
from collections.abc import Iterator

import pytest
from django.apps import apps
from django.test import Client

from planning.models import Plan

URL = "/api/v1/planning/parcel-report"
GOOD = ["1 1353620 602850", "2 1353620 602950", "3 1353680 602950", "4 1353680 602850"]


def _row_counts() -> dict[str, int]:
    models = [*apps.get_app_config("planning").get_models(), *apps.get_app_config("gis_core").get_models()]
    return {model.__name__: model._default_manager.count() for model in models}


@pytest.fixture
def unchanged(zoning_plan: Plan) -> Iterator[None]:
    """Fail the test if any planning or gis_core table gained or lost a row."""
    before = _row_counts()
    yield
    assert _row_counts() == before


def _error(client: Client, body: object, content_type: str = "application/json") -> dict:
    data = body if isinstance(body, str | bytes) else json.dumps(body)
    response = client.post(URL, data, content_type=content_type)
    assert response.status_code == 400, response.content
    payload = response.json()
    assert payload["error"] == "invalid_input"
    return payload


@pytest.mark.usefixtures("unchanged")
@pytest.mark.parametrize(
    ("lines", "fragment", "line"),
    [
        ([GOOD[0], "2 1353620 6029x0", *GOOD[2:]], "Line 2: '6029x0' is not a number", 2),
        ([GOOD[0], GOOD[1], "3 1353680,00,5 602950"], "Line 3: '1353680,00,5' has more than one decimal comma", 3),
        ([*GOOD[:3], "4 135368 602850"], "Line 4: 135368.0 and 602850.0 are not VN-2000 TM-3", 4),
        ([*GOOD[:3], "4 602850 1353680"], "Line 4 has X and Y in the opposite order to line 1", 4),
        ([*GOOD[:3], "4 1353680 602850 12.5 99"], "Line 4: expected 'point X Y'", 4),
        ([*GOOD[:3], "3 1353690 602860"], "Line 4 repeats point number 3 of line 3", 4),
        ([*GOOD[:3], "5 1353620 602850", "6 1353620 602950"], "Line 4 repeats the coordinates of line 1", 4),
    ],
)
def test_bad_table_lines_are_named(client: Client, lines: list[str], fragment: str, line: int) -> None:
    payload = _error(client, {"table": "\n".join(lines)})
    assert fragment in payload["message"]
    assert payload["line"] == line


@pytest.mark.usefixtures("unchanged")
@pytest.mark.parametrize(
    ("table", "fragment"),
    [
        ("\n".join(GOOD[:2]), "a parcel needs at least 3 lines"),
        ("Số hiệu điểm X Y\n", "a parcel needs at least 3 lines"),
        ("1 1353620 602850\n2 1353650 602900\n3 1353680 602950", "lie on one line"),
        # Corners 3 and 4 swapped: the ring crosses itself.
        ("\n".join([GOOD[0], GOOD[1], GOOD[3], GOOD[2]]), "cross themselves"),
    ],
    ids=["two-points", "header-only", "collinear", "bow-tie"],
)
def test_tables_that_make_no_parcel_are_refused(client: Client, table: str, fragment: str) -> None:
    assert fragment in _error(client, {"table": table})["message"]


@pytest.mark.usefixtures("unchanged")
@pytest.mark.parametrize(
    ("body", "fragment"),
    [
        ("{not json", "not valid JSON"),
        ("[1, 2]", "must be a JSON object"),
        ({}, "Give the parcel as 'geometry'"),
        ({"table": "\n".join(GOOD), "geometry": {"type": "Point", "coordinates": [109.2, 12.2]}}, "not both"),
        ({"geometry": {"type": "Point", "coordinates": [109.2, 12.2]}}, "is a Point; give a Polygon"),
        (
            {
                "geometry": {
                    "type": "Polygon",
                    "coordinates": [[[12.2, 109.2], [12.3, 109.2], [12.3, 109.3], [12.2, 109.2]]],
                }
            },
            "GeoJSON puts longitude first",
        ),
        (
            {"geometry": {"type": "Polygon", "coordinates": [[[109.2, 12.2], [109.3, 12.2], [109.3, 12.3]]]}},
            "at least 4",
        ),
        (
            {
                "geometry": {
                    "type": "Polygon",
                    "coordinates": [[[109.2, 12.2], [109.3, 12.2], [109.3, 12.3], [109.2, 12.3]]],
                }
            },
            "not closed",
        ),
        (
            {
                "geometry": {
                    "type": "Polygon",
                    "coordinates": [[[109.2, 12.2], [109.3, "12.2"], [109.3, 12.3], [109.2, 12.2]]],
                }
            },
            "two finite numbers",
        ),
        ({"table": "\n".join(GOOD), "date": "30/06/2024"}, "YYYY-MM-DD"),
        ({"geometry": {"type": "Polygon", "coordinates": []}, "crs": "+proj=longlat"}, "Unrecognised CRS"),
        ({"table": ["1 2 3"]}, "'table' must be text"),
    ],
)
def test_bad_requests_say_what_is_wrong(client: Client, body: object, fragment: str) -> None:
    assert fragment in _error(client, body)["message"]


@pytest.mark.usefixtures("unchanged")
def test_a_get_is_refused(client: Client) -> None:
    assert client.get(URL).status_code == 405
