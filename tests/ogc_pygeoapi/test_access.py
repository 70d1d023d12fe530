"""Coverage and EDR answer a caller who may not read the layer exactly as the collection's own endpoint does.

Every /ogc/ endpoint refuses a restricted layer with one rule (ogc_api.catalogue.collection_for: 401 to an
anonymous caller, 403 to a signed-in one without rights; tests/ogc_api/test_access.py): the pygeoapi paths may not
be a way to tell a layer from one that does not exist by a different answer, nor let pygeoapi see the request.
"""

import pytest
from django.test import Client

from accounts.models import Role, User
from layers.models import Layer
from tests.agencies.factories import make_user
from tests.iot.world import World

JANUARY_5 = "2026-01-05T00:00:00Z/2026-01-05T23:59:59Z"
COVERAGE = "/ogc/collections/flood-depth-demo/coverage"
EDR = "/ogc/collections/iot-devices/position"


def _sign_in(client: Client, who: str) -> None:
    if who == "signed-in-without-rights":
        client.force_login(make_user("khach-ogc", Role.VIEWER))


def _same_refusal(client: Client, collection: str, path: str, params: dict[str, str]) -> int:
    expected = client.get(collection)
    response = client.get(path, params)
    assert response.status_code == expected.status_code, response.content[:300]
    assert response.json()["message"] == expected.json()["message"]
    return response.status_code


@pytest.mark.parametrize(("who", "status"), [("anonymous", 401), ("signed-in-without-rights", 403)])
def test_a_restricted_raster_coverage_answers_as_its_collection(client: Client, flood: Layer, who: str,
                                                                status: int) -> None:  # fmt: skip
    Layer.objects.filter(pk=flood.pk).update(access=Layer.Access.RESTRICTED)
    _sign_in(client, who)
    assert _same_refusal(client, "/ogc/collections/flood-depth-demo", COVERAGE, {"f": "GTiff"}) == status


@pytest.mark.parametrize(("who", "status"), [("anonymous", 401), ("signed-in-without-rights", 403)])
def test_a_restricted_device_layer_edr_query_answers_as_its_collection(client: Client, readings: World, who: str,
                                                                       status: int) -> None:  # fmt: skip
    Layer.objects.filter(slug="iot-devices").update(access=Layer.Access.RESTRICTED)
    _sign_in(client, who)
    params = {"coords": "POINT(109.125 12.225)", "datetime": JANUARY_5}
    assert _same_refusal(client, "/ogc/collections/iot-devices", EDR, params) == status
    assert b"aq-01" not in client.get(EDR, params).content


def test_a_user_who_may_read_the_restricted_raster_gets_its_coverage(client: Client, flood: Layer) -> None:
    Layer.objects.filter(pk=flood.pk).update(access=Layer.Access.RESTRICTED)
    client.force_login(User.objects.create_superuser("quan-tri-ogc", password="x-Quan-2026!"))
    assert client.get(COVERAGE, {"f": "GTiff"}).status_code == 200
