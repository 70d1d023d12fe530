"""Items: paging, bbox, property selection, sorting and single features, checked against PostGIS."""

import pytest
from django.db import connection
from django.test import Client
from psycopg2 import sql

from layers.models import Layer
from tests.ogc_api.conftest import SIDE, TEST_LAT, TEST_LON


def ids_in_bbox(layer: Layer, west: float, south: float, east: float, north: float) -> set[int]:
    """The ids PostGIS itself finds inside a lon/lat box."""
    with connection.cursor() as cursor:
        cursor.execute(
            sql.SQL("SELECT {} FROM {} WHERE ST_Intersects({}, ST_MakeEnvelope(%s, %s, %s, %s, 4326))").format(
                sql.Identifier(layer.id_column),
                sql.Identifier(*layer.relation()),
                sql.Identifier(layer.geometry_column),
            ),
            [west, south, east, north],
        )
        return {row[0] for row in cursor.fetchall()}


def test_items_page_is_geojson_with_counts_and_next_link(client: Client, points: Layer) -> None:
    response = client.get("/ogc/collections/diem/items?limit=10")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/geo+json")
    body = response.json()
    assert body["type"] == "FeatureCollection"
    assert (body["numberMatched"], body["numberReturned"], len(body["features"])) == (SIDE * SIDE, 10, 10)
    feature = body["features"][0]
    assert feature["type"] == "Feature" and feature["geometry"]["type"] == "Point"
    assert set(feature["properties"]) == {"ten", "hang", "cot"}
    next_link = next(link["href"] for link in body["links"] if link["rel"] == "next")
    assert "cursor=" in next_link and "limit=10" in next_link and "offset=" not in next_link


def test_paging_walks_every_feature_once_and_stops(client: Client, points: Layer) -> None:
    seen: list[int] = []
    url = "/ogc/collections/diem/items?limit=7"
    while url:
        body = client.get(url).json()
        seen += [feature["id"] for feature in body["features"]]
        url = next((link["href"] for link in body["links"] if link["rel"] == "next"), "")
    assert sorted(seen) == sorted(set(seen)) and len(seen) == SIDE * SIDE


def test_bbox_returns_what_postgis_finds_in_the_box(client: Client, points: Layer) -> None:
    box = (TEST_LON + 0.005, TEST_LAT + 0.005, TEST_LON + 0.025, TEST_LAT + 0.035)
    body = client.get("/ogc/collections/diem/items", {"bbox": ",".join(map(str, box)), "limit": "100"}).json()
    expected = ids_in_bbox(points, *box)
    assert len(expected) == 6  # columns 1-2, rows 1-3
    assert {feature["id"] for feature in body["features"]} == expected
    assert body["numberMatched"] == 6


def test_bbox_count_is_counted_when_the_page_is_full(client: Client, points: Layer) -> None:
    box = f"{TEST_LON - 1},{TEST_LAT + 0.015},{TEST_LON + 1},{TEST_LAT + 1}"  # rows 2-4: 15 points
    body = client.get("/ogc/collections/diem/items", {"bbox": box, "limit": "4"}).json()
    assert (body["numberMatched"], body["numberReturned"]) == (15, 4)


def test_properties_and_sortby_select_and_order(client: Client, points: Layer) -> None:
    body = client.get("/ogc/collections/diem/items", {"properties": "ten", "sortby": "-hang,+cot", "limit": "3"}).json()
    assert [feature["properties"] for feature in body["features"]] == [
        {"ten": "Điểm 4-0"}, {"ten": "Điểm 4-1"}, {"ten": "Điểm 4-2"},
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("query", "words"),
    [
        ({"limit": "0"}, "limit must be from 1 to 10000"),
        ({"limit": "abc"}, "limit must be a whole number"),
        ({"offset": "-1"}, "offset must be at least 0"),
        ({"bbox": "1,2,3"}, "bbox must be four numbers"),
        ({"bbox": "110,12,109,13"}, "minimum corner"),
        ({"properties": "ten,secret"}, "'secret' is not a property"),
        ({"sortby": "-nope"}, "sortby: 'nope' is not a property"),
        ({"cursor": "x1"}, "cursor is not one this server wrote"),
    ],
)
def test_bad_parameters_are_refused_with_a_message(client: Client, points: Layer, query: dict, words: str) -> None:
    response = client.get("/ogc/collections/diem/items", query)
    assert response.status_code == 400
    assert words in response.json()["message"]


def test_single_item_and_missing_item(client: Client, points: Layer) -> None:
    first = client.get("/ogc/collections/diem/items?limit=1").json()["features"][0]
    response = client.get(f"/ogc/collections/diem/items/{first['id']}")
    assert response.status_code == 200
    assert {name: value for name, value in response.json().items() if name != "links"} == first
    assert client.get("/ogc/collections/diem/items/999999").status_code == 404
    assert client.get("/ogc/collections/diem/items/not-a-number").status_code == 404
    assert client.get(f"/ogc/collections/diem/items/{'9' * 30}").status_code == 404  # beyond bigint: no 500


def next_href(body: dict) -> str:
    return next(link["href"] for link in body["links"] if link["rel"] == "next")


def test_next_link_cursor_matches_offset_paging(client: Client, points: Layer) -> None:
    first = client.get("/ogc/collections/diem/items?limit=5&bbox=109,12,110,13").json()
    by_cursor = client.get(next_href(first)).json()
    by_offset = client.get("/ogc/collections/diem/items?limit=5&offset=5&bbox=109,12,110,13").json()
    assert by_cursor["features"] == by_offset["features"]
    assert by_cursor["numberMatched"] == 25
    previous = next(link["href"] for link in by_cursor["links"] if link["rel"] == "prev")
    assert client.get(previous).json()["features"] == first["features"]


def test_sorted_pages_on_a_non_unique_column_still_walk_every_feature(client: Client, points: Layer) -> None:
    seen: list[str] = []
    url = "/ogc/collections/diem/items?limit=4&sortby=-hang"
    while url:
        body = client.get(url).json()
        seen += [feature["properties"]["ten"] for feature in body["features"]]
        url = next((link["href"] for link in body["links"] if link["rel"] == "next"), "")
    assert len(seen) == len(set(seen)) == SIDE * SIDE
    assert [name[6] for name in seen] == sorted((name[6] for name in seen), reverse=True)  # rows 4 down to 0
