"""Restricted layers: absent from every listing and refused on every endpoint to those who may not see them."""

import pytest
from django.test import Client

from layers.models import Layer
from tests.layers.conftest import People

ENDPOINTS = [
    "/ogc/collections/tram-mat",
    "/ogc/collections/tram-mat/queryables",
    "/ogc/collections/tram-mat/items",
    "/ogc/collections/tram-mat/items/1",
]


def listed(client: Client) -> set[str]:
    ids = {collection["id"] for collection in client.get("/ogc/collections").json()["collections"]}
    enum = client.get("/ogc/api").json()["paths"]["/collections/{collectionId}"]["get"]["parameters"][0]["schema"]
    assert set(enum.get("enum", [])) == ids  # the OpenAPI document names the same collections
    return ids


@pytest.mark.parametrize("path", ENDPOINTS)
def test_anonymous_client_gets_401(client: Client, points: Layer, secret: Layer, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 401
    assert "sign in" in response.json()["message"]
    assert b"S01" not in response.content


@pytest.mark.parametrize("path", ENDPOINTS)
def test_other_agency_gets_403(client: Client, people: People, secret: Layer, path: str) -> None:
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
