"""CQL2 filters (Part 3), text and JSON, checked against the points' known rows and columns."""

import json

import pytest
from django.test import Client

from layers.models import Layer
from tests.ogc_api.conftest import TEST_E, TEST_LAT, TEST_LON, TEST_N


def names(client: Client, **params: str) -> list[str]:
    response = client.get("/ogc/collections/diem/items", {"limit": "100", "sortby": "ten", **params})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["numberMatched"] == len(body["features"])
    return [feature["properties"]["ten"] for feature in body["features"]]


def test_conformance_advertises_filtering(client: Client) -> None:
    classes = client.get("/ogc/conformance").json()["conformsTo"]
    assert "http://www.opengis.net/spec/cql2/1.0/conf/cql2-text" in classes
    assert "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/filter" in classes
    assert not any("temporal" in name for name in classes)  # not translated: not advertised


def test_text_comparison_and_logic(client: Client, points: Layer) -> None:
    assert names(client, filter="hang = 4 AND cot >= 3") == ["Điểm 4-3", "Điểm 4-4"]
    assert names(client, filter="(hang = 0 OR hang = 4) AND NOT cot <> 2") == ["Điểm 0-2", "Điểm 4-2"]


def test_text_like_in_between_and_is_null(client: Client, points: Layer) -> None:
    assert names(client, filter="ten LIKE 'Điểm 3-%' AND cot IN (0, 4)") == ["Điểm 3-0", "Điểm 3-4"]
    assert len(names(client, filter="hang BETWEEN 1 AND 2")) == 10
    assert len(names(client, filter="ten IS NOT NULL")) == 25
    assert names(client, filter="ten IS NULL") == []


def test_spatial_intersects_point_and_bbox(client: Client, points: Layer) -> None:
    assert names(client, filter=f"S_INTERSECTS(geometry, POINT({TEST_LON} {TEST_LAT}))") == ["Điểm 0-0"]
    box = f"BBOX({TEST_LON - 0.001}, {TEST_LAT - 0.001}, {TEST_LON + 0.011}, {TEST_LAT + 0.001})"
    assert names(client, filter=f"S_INTERSECTS(geometry, {box})") == ["Điểm 0-0", "Điểm 0-1"]


def test_spatial_filter_in_vn2000_with_filter_crs(client: Client, points: Layer) -> None:
    square = (
        f"POLYGON(({TEST_E - 5} {TEST_N - 5}, {TEST_E + 5} {TEST_N - 5}, {TEST_E + 5} {TEST_N + 5}, "
        f"{TEST_E - 5} {TEST_N + 5}, {TEST_E - 5} {TEST_N - 5}))"
    )
    assert names(client, filter=f"S_WITHIN(geometry, {square})", **{"filter-crs": "EPSG:9217"}) == ["Điểm 0-0"]


def test_json_filter(client: Client, points: Layer) -> None:
    cql = {"op": "and", "args": [
        {"op": "=", "args": [{"property": "hang"}, 2]},
        {"op": "s_intersects", "args": [{"property": "geometry"}, {"bbox": [109, 12, 109.2068, 13]}]},
    ]}  # fmt: skip
    assert names(client, filter=json.dumps(cql), **{"filter-lang": "cql2-json"}) == ["Điểm 2-0", "Điểm 2-1"]


def test_filter_combines_with_bbox_and_counts(client: Client, points: Layer) -> None:
    body = client.get(
        "/ogc/collections/diem/items", {"filter": "hang >= 3", "bbox": "109,12,109.2068,13", "limit": "1"}
    ).json()
    assert (body["numberMatched"], body["numberReturned"]) == (4, 1)


@pytest.mark.parametrize(
    ("params", "words"),
    [
        ({"filter": "hang ="}, "filter is not valid cql2-text"),
        ({"filter": "secret = 1"}, "'secret' is not a queryable"),
        ({"filter": "hang = 'bốn'"}, "hang is a integer property"),
        ({"filter": "ten = 3"}, "ten is a string property"),
        ({"filter": "hang + 1 = 2"}, "not a property"),
        (
            {
                "filter": '{"op": "t_after", "args": [{"property": "ten"}, {"timestamp": "2025-01-01T00:00:00Z"}]}',
                "filter-lang": "cql2-json",
            },
            "TimeAfter is not supported",
        ),
        ({"filter": '{"op": "+", "args": [{"property": "hang"}, 1]}', "filter-lang": "cql2-json"}, "not supported"),
        ({"filter": "{", "filter-lang": "cql2-json"}, "filter is not valid cql2-json"),
        ({"filter": "hang = 1", "filter-lang": "sql"}, "filter-lang must be cql2-text or cql2-json"),
        ({"filter": " OR ".join(["hang = 1"] * 3000)}, "filter is longer than 20000 characters"),
        ({"filter": "S_INTERSECTS(geometry, POINT(1 2))", "filter-crs": "EPSG:2000"}, "filter-crs:"),
    ],
)
def test_bad_filters_are_refused_with_a_message(client: Client, points: Layer, params: dict, words: str) -> None:
    response = client.get("/ogc/collections/diem/items", params)
    assert response.status_code == 400
    assert words in response.json()["message"]
