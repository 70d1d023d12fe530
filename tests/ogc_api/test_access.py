"""Restricted layers: absent from every listing and refused on every endpoint to those who may not see them."""

import json

import pytest
from django.test import Client

from layers.models import Layer
from tests.layers.conftest import People

ENDPOINTS = [
    "/ogc/collections/tram-mat",
    "/ogc/collections/tram-mat/queryables",
    "/ogc/collections/tram-mat/items",
    "/ogc/collections/tram-mat/items/1",
    "/ogc/collections/tram-mat?f=html",
    "/ogc/collections/tram-mat/items?f=html",
    "/ogc/collections/tram-mat/items/1?f=html",
    "/ogc/collections/tram-mat/tiles",
    "/ogc/collections/tram-mat/tiles/WebMercatorQuad",
    "/ogc/collections/catalogue/items/tram-mat",
    "/ogc/collections/catalogue/items/tram-mat?f=html",
    "/tiles/tram-mat.json",
    "/tiles/tram-mat/14/13164/7644.mvt",
]
# Every listing a caller can read: none may name the restricted layer or show its data.
LISTINGS = [
    "/ogc/",
    "/ogc/api",
    "/ogc/collections",
    "/ogc/collections?f=html",
    "/ogc/collections/catalogue/items?limit=100",
    "/ogc/collections/catalogue/items?q=tram&f=html",
    "/ogc/processes",
]


@pytest.fixture
def secret_tiles(secret: Layer) -> Layer:
    """The restricted sensors, also published as tiles (so every tiles endpoint exists for those allowed)."""
    Layer.objects.filter(pk=secret.pk).update(published_tiles=True, tile_attributes={"ma": 0})
    return secret


def listed(client: Client) -> set[str]:
    ids = {collection["id"] for collection in client.get("/ogc/collections").json()["collections"]}
    assert "catalogue" in ids  # the record collection is always there; it lists what the caller may see
    ids.discard("catalogue")
    enum = client.get("/ogc/api").json()["paths"]["/collections/{collectionId}"]["get"]["parameters"][0]["schema"]
    assert set(enum.get("enum", [])) == ids  # the OpenAPI document names the same collections
    return ids


@pytest.mark.parametrize("path", ENDPOINTS)
def test_anonymous_client_gets_401(client: Client, points: Layer, secret_tiles: Layer, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 401
    # An HTML request gets the site's error page, a program the JSON body; both say to sign in.
    message = response.content.decode() if "f=html" in path else response.json()["message"]
    assert "sign in" in message.lower()
    assert b"S01" not in response.content


@pytest.mark.parametrize("path", ENDPOINTS)
def test_other_agency_gets_403(client: Client, people: People, secret_tiles: Layer, path: str) -> None:
    client.force_login(people.other_officer)
    response = client.get(path)
    assert response.status_code == 403
    assert b"S01" not in response.content


def test_restricted_layer_is_absent_from_listings_for_those_who_may_not_see_it(
    client: Client, people: People, points: Layer, secret: Layer
) -> None:
    assert listed(client) == {"diem"}
    client.force_login(people.other_officer)
    assert listed(client) == {"diem"}


def test_owning_agency_lists_and_reads_it(client: Client, people: People, points: Layer, secret: Layer) -> None:
    client.force_login(people.owner_officer)
    assert listed(client) == {"diem", "tram-mat"}
    body = client.get("/ogc/collections/tram-mat/items").json()
    assert sorted(feature["properties"]["ma"] for feature in body["features"]) == ["S01", "S02"]


def test_internal_layer_needs_only_a_signed_in_user(client: Client, people: People, secret: Layer) -> None:
    Layer.objects.filter(pk=secret.pk).update(access=Layer.Access.INTERNAL)
    assert client.get("/ogc/collections/tram-mat/items").status_code == 401
    client.force_login(people.viewer)
    assert client.get("/ogc/collections/tram-mat/items").status_code == 200


@pytest.mark.parametrize("who", ["anonymous", "other_officer"])
def test_no_listing_names_the_restricted_layer(
    client: Client, people: People, points: Layer, secret_tiles: Layer, who: str
) -> None:
    if who != "anonymous":
        client.force_login(getattr(people, who))
    for path in LISTINGS:
        response = client.get(path)
        assert response.status_code == 200, path
        assert b"tram-mat" not in response.content and b"S01" not in response.content, path
    asked_by_id = client.get("/ogc/collections/catalogue/items?ids=tram-mat").json()
    assert (asked_by_id["numberMatched"], asked_by_id["features"]) == (0, [])


@pytest.mark.parametrize("who", ["anonymous", "other_officer"])
def test_processes_refuse_a_hazard_taken_from_the_restricted_layer(
    client: Client, people: People, secret_tiles: Layer, who: str
) -> None:
    if who != "anonymous":
        client.force_login(getattr(people, who))
    body = {"inputs": {"hazard": {"href": "http://localhost/ogc/collections/tram-mat/items/1"}}}
    url = "/ogc/processes/hazard-exposure/execution"
    response = client.post(url, json.dumps(body), content_type="application/json")
    assert response.status_code == (401 if who == "anonymous" else 403)
    assert b"S01" not in response.content


def test_the_owning_agency_finds_its_restricted_layer_everywhere(
    client: Client, people: People, points: Layer, secret_tiles: Layer
) -> None:
    client.force_login(people.owner_officer)
    for path in ENDPOINTS:
        assert client.get(path).status_code == 200, path
    assert b"tram-mat" in client.get("/ogc/collections/catalogue/items?q=tram").content
