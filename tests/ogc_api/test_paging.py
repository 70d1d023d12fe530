"""Paging: next links carry a signed cursor; key order starts from the index, other orders skip; counts stay cheap."""

from urllib.parse import unquote

import pytest
from django.core import signing
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from psycopg2 import sql

from layers.models import Layer
from ogc_api import features
from ogc_api.paging import SALT
from tests.ogc_api.conftest import SIDE


def next_link(body: dict) -> str | None:
    return next((link["href"] for link in body["links"] if link["rel"] == "next"), None)


def next_href(body: dict) -> str:
    href = next_link(body)
    assert href is not None, "no next link"
    return href


def cursor_of(href: str) -> list:
    token = href.split("cursor=")[1].split("&")[0]
    return signing.loads(unquote(token), salt=SALT)


def walk(client: Client, url: str) -> tuple[list[str], list[dict]]:
    names, bodies = [], []
    next_url: str | None = url
    while next_url:
        body = client.get(next_url).json()
        bodies.append(body)
        names += [feature["properties"]["ten"] for feature in body["features"]]
        next_url = next_link(body)
    return names, bodies


def make_unique(layer: Layer, column: str) -> None:
    with connection.cursor() as cursor:
        table = sql.Identifier(*layer.relation())
        cursor.execute(sql.SQL("ALTER TABLE {} ALTER COLUMN {} SET NOT NULL").format(table, sql.Identifier(column)))
        cursor.execute(sql.SQL("CREATE UNIQUE INDEX ON {} ({})").format(table, sql.Identifier(column)))


def test_id_order_pages_by_key_from_the_index(client: Client, points: Layer) -> None:
    first = client.get("/ogc/collections/diem/items?limit=10").json()
    column, descending, value, position, matched = cursor_of(next_href(first))
    assert (column, descending, position, matched) == (points.id_column, False, 10, SIDE * SIDE)
    assert value == str(first["features"][-1]["id"])
    with CaptureQueriesContext(connection) as queries:
        second = client.get(next_href(first)).json()
    page_sql = next(q["sql"] for q in queries.captured_queries if "json_build_object" in q["sql"])
    assert f'"{points.id_column}" > ' in page_sql and "OFFSET 0" in page_sql  # starts from the key, skips nothing
    assert second["features"][0]["id"] > first["features"][-1]["id"]


def test_sortby_on_a_unique_indexed_column_pages_by_key(client: Client, points: Layer) -> None:
    make_unique(points, "ten")
    names, bodies = walk(client, "/ogc/collections/diem/items?limit=7&sortby=-ten")
    assert names == sorted(names, reverse=True) and len(names) == SIDE * SIDE
    assert cursor_of(next_href(bodies[0]))[:2] == ["ten", True]


def test_sortby_on_other_columns_pages_by_offset(client: Client, points: Layer) -> None:
    body = client.get("/ogc/collections/diem/items?limit=7&sortby=ten").json()  # not unique: no index to start from
    column, _descending, _value, position, _matched = cursor_of(next_href(body))
    assert (column, position) == ("", 7)
    names, _bodies = walk(client, "/ogc/collections/diem/items?limit=7&sortby=ten")
    assert names == sorted(names) and len(names) == SIDE * SIDE


def test_a_cursor_for_another_order_is_refused(client: Client, points: Layer) -> None:
    make_unique(points, "ten")
    href = next_href(client.get("/ogc/collections/diem/items?limit=5&sortby=ten").json())
    response = client.get(href.replace("sortby=ten", "sortby=-ten"))
    assert response.status_code == 400
    assert "cursor belongs to another sort order" in response.json()["message"]


def test_a_filtered_count_runs_once_and_rides_in_the_cursor(client: Client, points: Layer) -> None:
    url = "/ogc/collections/diem/items?limit=4&filter=hang >= 2"
    with CaptureQueriesContext(connection) as queries:
        first = client.get(url).json()
    assert first["numberMatched"] == 15
    assert sum("count(*)" in q["sql"] for q in queries.captured_queries) == 1
    with CaptureQueriesContext(connection) as queries:
        second = client.get(next_href(first)).json()
    assert second["numberMatched"] == 15
    assert not any("count(*)" in q["sql"] for q in queries.captured_queries)


def test_large_layers_omit_a_filtered_count(client: Client, points: Layer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(features, "COUNT_ROWS", 10)  # as if the layer were large
    with CaptureQueriesContext(connection) as queries:
        body = client.get("/ogc/collections/diem/items?limit=4&filter=hang >= 2").json()
    assert "numberMatched" not in body and body["numberReturned"] == 4
    assert not any("count(*)" in q["sql"] for q in queries.captured_queries)
    names, bodies = walk(client, "/ogc/collections/diem/items?limit=4&filter=hang >= 2")
    assert len(names) == 15 and bodies[-1]["numberMatched"] == 15  # the last page knows the total for free


def test_unfiltered_pages_take_the_count_from_the_catalogue(client: Client, points: Layer) -> None:
    client.get("/ogc/collections/diem/items?limit=1")  # the summary is fresh from here on
    with CaptureQueriesContext(connection) as queries:
        body = client.get("/ogc/collections/diem/items?limit=3&offset=3").json()
    assert body["numberMatched"] == SIDE * SIDE
    assert not any("count(" in q["sql"] for q in queries.captured_queries)
