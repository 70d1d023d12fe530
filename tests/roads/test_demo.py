"""The synthetic demo network: plausible, deterministic, published in the catalogue like any layer."""

import json
from io import StringIO

import pytest
from django.test import Client

from roads import demo
from roads.models import RoadEdge, RoadNetwork

pytestmark = pytest.mark.django_db


def test_demo_network_is_deterministic_connected_and_says_it_is_synthetic() -> None:
    assert [line.wkt for line in demo.demo_lines()] == [line.wkt for line in demo.demo_lines()]
    demo.load(StringIO())
    network = RoadNetwork.current()
    assert network.synthetic and "tổng hợp" in network.source
    assert network.report["islands"] == 0 and network.report["edges"] > 1000
    assert RoadEdge.objects.filter(name="Quốc lộ 1A", road_class="national").count() > 100
    assert RoadEdge.objects.filter(road_class="urban", oneway=True).exists()
    out = StringIO()
    demo.load(out)
    assert "kept" in out.getvalue() and RoadNetwork.current().version == network.version


def test_demo_network_is_served_through_ogc_api_features_and_tiles() -> None:
    demo.load(StringIO())
    client = Client()
    items = json.loads(client.get("/ogc/collections/road-network/items?f=json&limit=5").content)
    assert len(items["features"]) == 5 and "road_class" in items["features"][0]["properties"]
    assert client.get("/tiles/road-network/12/3293/1897.mvt").status_code in {200, 204}
