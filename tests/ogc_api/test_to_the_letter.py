"""OGC API Features to the letter (issue 18): feature links, raster collections, parameters refused or honoured,
the OpenAPI forms of bbox, limit and datetime, Link headers, 405 in JSON, the API page and lang=."""

import datetime
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.test import Client
from shapely import Point

from layers.importing import ImportOptions, import_layer
from layers.models import Layer
from tests.layers import data
from tests.ogc_api.conftest import TEST_LAT, TEST_LON, publish
from tests.ogc_api.test_tiles import raster  # noqa: F401

START = datetime.datetime(2024, 5, 1, 8, 0, tzinfo=datetime.UTC)


@pytest.fixture
def readings(db: None, tmp_path: Path) -> Iterator[Layer]:
    """Five points measured a day apart from 1 May 2024 08:00 UTC, with a time property `luc`."""
    records = [
        {"ten": f"Lần {day}", "luc": START + datetime.timedelta(days=day), "loai": "A" if day % 2 else "B",
         "geometry": Point(TEST_LON + day * 0.01, TEST_LAT)}
        for day in range(5)
    ]  # fmt: skip
    layer = import_layer(data.write(tmp_path / "do.gpkg", records), "lan-do", ImportOptions()).layer
    yield publish(layer)
    layer.delete()


def names(response: object) -> list[str]:
    return [feature["properties"]["ten"] for feature in response.json()["features"]]  # type: ignore[attr-defined]


def test_a_feature_links_itself_its_html_and_its_collection(client: Client, points: Layer) -> None:
    first = client.get("/ogc/collections/diem/items?limit=1").json()["features"][0]
    feature = client.get(f"/ogc/collections/diem/items/{first['id']}").json()
    rels = {link["rel"]: link for link in feature["links"]}
    assert rels["self"]["type"] == "application/geo+json" and rels["alternate"]["type"] == "text/html"
    assert rels["collection"]["href"] == "http://localhost/ogc/collections/diem"
    assert all(link.get("type") for link in feature["links"])


def test_a_raster_collection_is_no_feature_collection(client: Client, raster: Layer) -> None:  # noqa: F811
    collection = client.get("/ogc/collections/ngap").json()
    assert collection["dataType"] == "coverage" and "itemType" not in collection
    assert not [link for link in collection["links"] if link["rel"] == "items"]
    response = client.get("/ogc/collections/ngap/items")
    assert response.status_code == 404 and response["Content-Type"] == "application/json"
    body = response.json()
    assert "raster" in body["message"] and body["tiles"] == "http://localhost/ogc/collections/ngap/tiles"
    assert body["tiles"] in body["message"]


@pytest.mark.parametrize("query", ["ooga=booga", "land_use_id=ONT", "dateTime=2024-01-01", "limit=unlimited"])
def test_unknown_or_malformed_parameters_are_refused_naming_them(client: Client, points: Layer, query: str) -> None:
    response = client.get(f"/ogc/collections/diem/items?{query}")
    assert response.status_code == 400
    assert query.split("=")[0] in response.json()["message"]


def test_the_catalogue_refuses_unknown_parameters_too(client: Client, points: Layer) -> None:
    response = client.get("/ogc/collections/catalogue/items?ooga=booga")
    assert response.status_code == 400 and "ooga" in response.json()["message"]


def test_a_queryable_as_a_plain_parameter_filters(client: Client, points: Layer) -> None:
    body = client.get("/ogc/collections/diem/items?hang=4&cot=1").json()
    assert body["numberMatched"] == 1 and names_of(body) == ["Điểm 4-1"]
    assert client.get("/ogc/collections/diem/items?hang=4&limit=50").json()["numberReturned"] == 5
    wrong = client.get("/ogc/collections/diem/items?hang=bốn")
    assert wrong.status_code == 400 and "hang" in wrong.json()["message"]


def names_of(body: dict) -> list[str]:
    return [feature["properties"]["ten"] for feature in body["features"]]


def test_datetime_filters_on_the_time_property(client: Client, readings: Layer) -> None:
    url = "/ogc/collections/lan-do/items?limit=50&sortby=luc&datetime="
    assert names(client.get(url + "2024-05-02T08:00:00Z")) == ["Lần 1"]
    assert names(client.get(url + "2024-05-03")) == ["Lần 2"]  # a date is the whole day
    assert names(client.get(url + "2024-05-02/2024-05-03")) == ["Lần 1", "Lần 2"]
    assert names(client.get(url + "../2024-05-01T08:00:00Z")) == ["Lần 0"]
    assert names(client.get(url + "2024-05-05T00:00:00Z/..")) == ["Lần 4"]
    assert names(client.get(url + "2024-05-02/..&loai=B")) == ["Lần 2", "Lần 4"]
    bad = client.get(url + "tomorrow")
    assert bad.status_code == 400 and "datetime" in bad.json()["message"]


def test_datetime_on_a_collection_without_time_says_so(client: Client, points: Layer) -> None:
    response = client.get("/ogc/collections/diem/items?datetime=2024-05-01")
    assert response.status_code == 400 and "no time property" in response.json()["message"]


def test_skip_geometry_leaves_the_geometry_out(client: Client, points: Layer) -> None:
    body = client.get("/ogc/collections/diem/items?skipGeometry=true&limit=3").json()
    assert [feature["geometry"] for feature in body["features"]] == [None, None, None]
    feature_id = body["features"][0]["id"]
    assert client.get(f"/ogc/collections/diem/items/{feature_id}?skipGeometry=true").json()["geometry"] is None
    assert client.get("/ogc/collections/diem/items?skipGeometry=maybe").status_code == 400


def test_the_openapi_document_gives_bbox_limit_and_datetime_their_standard_forms(client: Client, db: None) -> None:
    parameters = client.get("/ogc/api").json()["paths"]["/collections/{collectionId}/items"]["get"]["parameters"]
    by_name = {parameter["name"]: parameter for parameter in parameters}
    assert (by_name["bbox"]["schema"]["minItems"], by_name["bbox"]["schema"]["maxItems"]) == (4, 6)
    for name in ("bbox", "limit", "datetime"):
        assert by_name[name]["style"] == "form" and by_name[name]["explode"] is False
    assert by_name["datetime"]["schema"]["type"] == "string" and "skipGeometry" in by_name


def test_six_number_bbox_is_accepted(client: Client, points: Layer) -> None:
    box = f"{TEST_LON - 0.001},{TEST_LAT - 0.001},0,{TEST_LON + 0.001},{TEST_LAT + 0.001},100"
    assert client.get(f"/ogc/collections/diem/items?bbox={box}").json()["numberMatched"] == 1


def test_queryables_declare_the_geometry_as_part_3_does(client: Client, points: Layer) -> None:
    response = client.get("/ogc/collections/diem/queryables")
    assert response["Content-Type"] == "application/schema+json"
    geometry = response.json()["properties"]["geometry"]
    assert geometry["format"] == "geometry-point" and "type" not in geometry
    assert geometry["x-ogc-role"] == "primary-geometry"


@pytest.mark.parametrize(
    "path", ["/ogc/", "/ogc/conformance", "/ogc/collections", "/ogc/collections/catalogue",
             "/ogc/collections/catalogue/items", "/ogc/collections/diem", "/ogc/collections/diem/items",
             "/ogc/api", "/ogc/processes"],
)  # fmt: skip
def test_every_response_carries_self_and_alternate_link_headers(client: Client, points: Layer, path: str) -> None:
    header = client.get(path)["Link"]
    assert 'rel="self"' in header and 'rel="alternate"; type="text/html"' in header


def test_the_items_link_header_names_the_queryables(client: Client, points: Layer) -> None:
    header = client.head("/ogc/collections/diem/items")["Link"]
    assert '<http://localhost/ogc/collections/diem/queryables>; rel="http://www.opengis.net/def/rel/ogc/1.0/' in header


def test_post_to_items_is_a_405_in_json(points: Layer) -> None:
    client = Client(HTTP_HOST="localhost", enforce_csrf_checks=True)
    response = client.post("/ogc/collections/diem/items", {"a": "b"})
    assert response.status_code == 405 and response["Allow"] == "GET, HEAD"
    assert response["Content-Type"] == "application/json" and "POST" in response.json()["message"]


def test_the_api_page_is_swagger_ui_served_locally_and_linked_as_service_doc(client: Client, db: None) -> None:
    landing = client.get("/ogc/").json()
    [doc] = [link for link in landing["links"] if link["rel"] == "service-doc"]
    assert doc["href"] == "http://localhost/ogc/api?f=html" and doc["type"] == "text/html"
    page = client.get("/ogc/api?f=html").content.decode()
    assert (
        "vendor/swagger-ui/swagger-ui-bundle.js" in page and 'data-spec-url="http://localhost/ogc/api?f=json"' in page
    )
    assert "https://" not in page.split("<body")[0]  # nothing loaded from elsewhere


def test_lang_works_like_accept_language(client: Client, points: Layer) -> None:
    english = client.get("/ogc/?lang=en")
    assert english["Content-Language"] == "en" and english.json()["title"] == "Khánh Hòa IOC: OGC APIs"
    vietnamese = client.get("/ogc/?lang=vi", HTTP_ACCEPT_LANGUAGE="en")
    assert vietnamese["Content-Language"] == "vi"
    assert client.get("/ogc/collections/diem/items?lang=en").status_code == 200
