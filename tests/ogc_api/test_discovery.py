"""Landing page, conformance, collections and the OpenAPI document."""

import pytest
from django.test import Client
from openapi_spec_validator import validate

from layers.models import Layer
from ogc_api.crs import offered_uris


def test_landing_page_links_the_api_conformance_and_collections(client: Client, points: Layer) -> None:
    response = client.get("/ogc/")
    assert response.status_code == 200
    rels = {link["rel"]: link["href"] for link in response.json()["links"]}
    assert rels["data"] == "http://localhost/ogc/collections"
    assert rels["conformance"] == "http://localhost/ogc/conformance"
    assert rels["service-desc"] == "http://localhost/ogc/api"


def test_conformance_advertises_core_geojson_crs_and_html(client: Client) -> None:
    classes = client.get("/ogc/conformance").json()["conformsTo"]
    assert "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core" in classes
    assert "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson" in classes
    assert "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/html" in classes  # tests/ogc_api/test_html.py
    assert "http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs" in classes
    assert not any("temporal" in name or "transactions" in name for name in classes)  # not built: not advertised


@pytest.mark.vietnamese
def test_collections_list_published_layers_with_extent_and_crs(client: Client, points: Layer) -> None:
    body = client.get("/ogc/collections").json()
    diem = next(c for c in body["collections"] if c["id"] == "diem")
    assert diem["title"] == "Điểm"  # the site speaks Vietnamese unless asked otherwise
    assert diem["crs"] == offered_uris()
    west, south, east, north = diem["extent"]["spatial"]["bbox"][0]
    assert (round(west, 4), round(south, 4), round(east, 4), round(north, 4)) == (109.1967, 12.2388, 109.2367, 12.2788)
    assert any(link["rel"] == "items" and link["type"] == "application/geo+json" for link in diem["links"])


def test_unpublished_layer_is_neither_listed_nor_served(client: Client, points: Layer) -> None:
    Layer.objects.filter(pk=points.pk).update(published_ogc=False)
    assert [c["id"] for c in client.get("/ogc/collections").json()["collections"]] == ["catalogue"]
    response = client.get("/ogc/collections/diem/items")
    assert response.status_code == 404
    assert "/ogc/collections" in response.json()["message"]


def test_paths_without_trailing_slash_answer_without_redirect(client: Client, points: Layer) -> None:
    for path in ["/ogc/conformance", "/ogc/collections", "/ogc/collections/diem", "/ogc/collections/diem/items"]:
        assert client.get(path).status_code == 200, path
        assert client.get(f"{path}/").status_code == 200, path


def test_openapi_document_describes_items_parameters(client: Client, points: Layer) -> None:
    response = client.get("/ogc/api")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.oai.openapi+json")
    document = response.json()
    assert document["openapi"].startswith("3.0")
    items = document["paths"]["/collections/{collectionId}/items"]["get"]
    names = {parameter["name"] for parameter in items["parameters"]}
    assert {"limit", "offset", "bbox", "bbox-crs", "crs", "properties", "sortby"} <= names
    collection_id = items["parameters"][0]
    assert collection_id["schema"]["enum"] == ["diem"]


def test_unknown_format_is_refused(client: Client, points: Layer) -> None:
    response = client.get("/ogc/collections?f=xml")
    assert response.status_code == 400
    assert "f=json" in response.json()["message"] and "f=html" in response.json()["message"]


def test_openapi_document_validates(client: Client, points: Layer) -> None:
    validate(client.get("/ogc/api").json())  # raises on an invalid OpenAPI 3.0 document


def test_openapi_document_validates_with_no_collections(client: Client, db: None) -> None:
    validate(client.get("/ogc/api").json())


def test_queryables_describe_the_properties_as_json_schema(client: Client, points: Layer) -> None:
    response = client.get("/ogc/collections/diem/queryables")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/schema+json")
    properties = response.json()["properties"]
    assert properties["ten"]["type"] == "string"
    assert properties["hang"]["type"] == "integer"
    assert "geometry" in properties


def test_collection_title_follows_accept_language(client: Client, points: Layer) -> None:
    assert client.get("/ogc/collections/diem", HTTP_ACCEPT_LANGUAGE="en").json()["title"] == "Points"
