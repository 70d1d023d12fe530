"""Hostile input answers 400 with a message, never a server error: filters, boxes, deep JSON, control characters."""

import json
from pathlib import Path
from urllib.parse import quote

import pytest
from django.test import Client

from layers.models import Layer
from tests.ogc_api.conftest import points  # noqa: F401

DEEP = 100_000
WORLD = {"type": "Polygon", "coordinates": [[[-180, -90], [180, -90], [180, 90], [-180, 90], [-180, -90]]]}


@pytest.fixture
def anonymous() -> Client:
    return Client(HTTP_HOST="localhost", raise_request_exception=False)


def items(layer: Layer, query: str) -> str:
    return f"/ogc/collections/{layer.slug}/items?{query}"


FILTERS = {
    "bbox of strings": "filter=" + quote("S_INTERSECTS(geometry, BBOX('a','b','c','d'))"),
    "not without arguments": "filter-lang=cql2-json&filter=" + quote(json.dumps({"op": "not", "args": []})),
    "geometry of type Foo": "filter-lang=cql2-json&filter="
    + quote(
        json.dumps({"op": "s_intersects", "args": [{"property": "geometry"}, {"type": "Foo", "coordinates": [1, 2]}]})
    ),
    "filter nested 5,000 deep": "filter=" + quote("NOT (" * 5000 + "hang = 1" + ")" * 5000),
    "json filter nested 5,000 deep": "filter-lang=cql2-json&filter="
    + quote('{"op":"not","args":[' * 5000 + "true" + "]}" * 5000),
    "huge bbox in VN-2000": "bbox=1e308,1e308,1e308,1e308&bbox-crs="
    + quote("http://www.opengis.net/def/crs/EPSG/0/9217"),
    "NUL in a parameter": "hang=%00",
}


@pytest.mark.parametrize("query", FILTERS.values(), ids=FILTERS.keys())
def test_hostile_feature_queries_are_refused_with_a_message(anonymous: Client, points: Layer, query: str) -> None:  # noqa: F811
    response = anonymous.get(items(points, query), HTTP_ACCEPT="application/json")
    assert response.status_code == 400, response.content[:300]
    assert response.json()["message"]


@pytest.mark.django_db
def test_nul_in_the_catalogue_search_is_refused(anonymous: Client) -> None:
    response = anonymous.get("/ogc/collections/catalogue/items?q=a%00b", HTTP_ACCEPT="application/json")
    assert response.status_code == 400
    assert "control character" in response.json()["message"]


@pytest.mark.django_db
@pytest.mark.parametrize("character", ["%00", "%01", "%1B", "%7F"])
def test_control_characters_in_any_query_string_are_refused(anonymous: Client, character: str) -> None:
    response = anonymous.get(f"/api/v1/units?q=x{character}y", HTTP_ACCEPT="application/json")
    assert response.status_code == 400
    assert "q" in response.json()["message"]


BODIES = ["/api/v1/alerts", "/ogc/processes/hazard-exposure/execution", "/api/v1/data/anything",
          "/api/v1/iot/readings"]  # fmt: skip


@pytest.mark.django_db
@pytest.mark.parametrize("url", BODIES)
def test_deeply_nested_json_bodies_are_refused(anonymous: Client, url: str) -> None:
    response = anonymous.post(url, "[" * DEEP + "]" * DEEP, content_type="application/json")
    assert response.status_code in {400, 401, 403}, response.content[:300]
    assert response.status_code != 500


@pytest.mark.django_db
def test_a_whole_world_hazard_is_refused_with_a_message(anonymous: Client, tmp_path: Path) -> None:
    body = {"inputs": {"hazard": WORLD}}
    response = anonymous.post(
        "/ogc/processes/hazard-exposure/execution", json.dumps(body), content_type="application/json"
    )
    assert response.status_code == 400, response.content[:300]
    assert response.json()["message"]


def test_json_with_a_nul_escape_is_refused() -> None:
    from core.errors import InvalidInput
    from core.json_body import parse_json_object

    with pytest.raises(InvalidInput, match="control character"):
        parse_json_object(b'{"title": "a\\u0000b"}')


def test_json_depth_is_limited_without_recursion() -> None:
    from core.errors import InvalidInput
    from core.json_body import parse_json_object

    with pytest.raises(InvalidInput, match="nested"):
        parse_json_object(b'{"a":' * 200 + b"1" + b"}" * 200)
    assert parse_json_object(b'{"a": {"b": ["[{not a bracket", 1]}}') == {"a": {"b": ["[{not a bracket", 1]}}
