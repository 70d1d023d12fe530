"""OWSLib's OGC API Features client reads the API from a running server."""

import math

import pytest
from owslib.ogcapi.features import Features
from pytest_django.live_server_helper import LiveServer

from layers.models import Layer
from tests.ogc_api.conftest import TEST_E, TEST_N


@pytest.mark.django_db(transaction=True)
def test_owslib_reads_collections_items_and_the_api(live_server: LiveServer, points: Layer, secret: Layer) -> None:
    client = Features(f"{live_server.url}/ogc/")
    assert client.feature_collections() == ["diem"]
    assert "http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs" in client.conformance()["conformsTo"]
    assert client.collection("diem")["id"] == "diem"
    items = client.collection_items("diem", limit=5, crs="http://www.opengis.net/def/crs/EPSG/0/9217")
    assert (items["numberMatched"], items["numberReturned"]) == (25, 5)
    easting, northing = items["features"][0]["geometry"]["coordinates"]
    assert math.hypot(easting - TEST_E, northing - TEST_N) < 0.05
    assert "/collections/{collectionId}/items" in client.api()["paths"]
    assert {"ten", "hang", "cot"} <= set(client.collection_queryables("diem")["properties"])
    filtered = client.collection_items("diem", filter="hang = 4 AND cot < 2", sortby="cot")
    assert [feature["properties"]["ten"] for feature in filtered["features"]] == ["Điểm 4-0", "Điểm 4-1"]
