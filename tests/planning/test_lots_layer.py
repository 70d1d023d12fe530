"""The lookup map's lots layer: the lots in force on the date inside the view, coloured by land use."""

import pytest
from django.test import Client

from planning.models import Plan

pytestmark = pytest.mark.django_db
URL = "/api/v1/planning/lots-layer"
AROUND_THE_PLAN = "109.18,12.22,109.21,12.25"


def codes(client: Client, date: str, bbox: str = AROUND_THE_PLAN) -> dict[str, str]:
    response = client.get(URL, {"bbox": bbox, "zoom": "16", "date": date})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    body = response.json()
    assert body["type"] == "FeatureCollection" and body["truncated"] is False
    return {f["properties"]["lot_code"]: f["properties"]["land_use"] for f in body["features"]}


def test_the_layer_shows_the_lots_in_force_on_the_date_with_their_colours(zoning_plan: Plan, client: Client) -> None:
    assert codes(client, "2020-06-30") == {"A1": "ODT", "A2": "DKV", "R1": "DGT"}
    assert codes(client, "2024-06-30") == {"A1": "DGD", "A2": "DKV", "R1": "DGT"}
    assert codes(client, "2010-06-30") == {}  # before the plan
    feature = client.get(URL, {"bbox": AROUND_THE_PLAN, "zoom": "16"}).json()["features"][0]
    assert feature["geometry"]["type"] in {"Polygon", "MultiPolygon"}
    assert feature["properties"]["colour"].startswith("#") and feature["properties"]["name_vi"]


def test_a_view_elsewhere_has_no_lots(zoning_plan: Plan, client: Client) -> None:
    assert codes(client, "2024-06-30", bbox="108.90,12.00,108.95,12.05") == {}


@pytest.mark.parametrize(
    ("params", "words"),
    [
        ({"bbox": "109.18,12.22", "zoom": "16"}, "four numbers"),
        ({"bbox": "109.21,12.22,109.18,12.25", "zoom": "16"}, "west < east"),
        ({"bbox": "108,11,110,13", "zoom": "16"}, "zoom in"),
        ({"bbox": AROUND_THE_PLAN, "zoom": "5"}, "from zoom 11"),
        ({"bbox": AROUND_THE_PLAN, "zoom": "x"}, "zoom level"),
        ({"bbox": AROUND_THE_PLAN, "zoom": "16", "date": "30/06/2024"}, "YYYY-MM-DD"),
    ],
)
def test_a_bad_view_is_refused_with_what_to_fix(
    zoning_plan: Plan, client: Client, params: dict[str, str], words: str
) -> None:
    response = client.get(URL, params)

    assert response.status_code == 400
    assert words in response.json()["message"]
