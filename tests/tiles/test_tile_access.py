"""Tiles obey the catalogue's access rules: 401 for anonymous callers, 403 for other agencies, 200 for the allowed."""

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import ApiToken, Role, User
from layers.models import Layer
from tests.layers.conftest import People
from tests.tiles.conftest import HOST, publish, tile_of

pytestmark = pytest.mark.django_db
TILE = tile_of(109.195, 12.275, 14)


def as_user(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def tile_status(client: Client, **headers: Any) -> int:
    return client.get(reverse("tiles:vector-tile", args=["tram", 14, *TILE]), **HOST, **headers).status_code


def tilejson_status(client: Client) -> int:
    return client.get(reverse("tiles:tilejson", args=["tram"]), **HOST).status_code


def test_restricted_tiles_are_refused_to_anonymous_callers_and_other_agencies(people: People, sensors: Layer) -> None:
    publish(sensors, access=Layer.Access.RESTRICTED, owner=people.environment, allowed_roles=[Role.OPERATOR])
    anonymous = as_user(None).get(reverse("tiles:vector-tile", args=["tram", 14, *TILE]), **HOST)
    assert anonymous.status_code == 401 and anonymous.json()["error"] == "not_authenticated"
    other = as_user(people.other_officer).get(reverse("tiles:vector-tile", args=["tram", 14, *TILE]), **HOST)
    assert other.status_code == 403 and other.json()["error"] == "forbidden"
    assert tile_status(as_user(people.viewer)) == 403
    assert tilejson_status(as_user(None)) == 401 and tilejson_status(as_user(people.other_officer)) == 403

    owner = as_user(people.owner_officer).get(reverse("tiles:vector-tile", args=["tram", 14, *TILE]), **HOST)
    assert owner.status_code == 200 and owner.content
    assert owner["Cache-Control"].startswith("private") and "Cookie, Authorization" in owner["Vary"]
    assert tile_status(as_user(people.operator)) == 200  # a named role
    assert tilejson_status(as_user(people.owner_officer)) == 200
    sensors.allowed_agencies.add(people.ward)
    assert tile_status(as_user(people.other_officer)) == 200  # a named agency


def test_a_known_etag_does_not_let_an_anonymous_caller_through(people: People, sensors: Layer) -> None:
    publish(sensors, access=Layer.Access.RESTRICTED, owner=people.environment)
    etag = as_user(people.owner_officer).get(reverse("tiles:vector-tile", args=["tram", 14, *TILE]), **HOST)["ETag"]
    assert tile_status(as_user(None), HTTP_IF_NONE_MATCH=etag) == 401


def test_internal_tiles_need_any_signed_in_account_or_token(people: People, sensors: Layer) -> None:
    publish(sensors, access=Layer.Access.INTERNAL)
    assert tile_status(as_user(None)) == 401
    assert tile_status(as_user(people.viewer)) == 200
    _token, secret = ApiToken.issue(people.viewer, "map")
    assert tile_status(as_user(None), HTTP_AUTHORIZATION=f"Token {secret}") == 200
    assert tile_status(as_user(None), HTTP_AUTHORIZATION="Token nope") == 401
