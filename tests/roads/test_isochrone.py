"""Drive-time areas over the network: pgRouting reach, the cache per network version, the API."""

import json

import pytest
from django.contrib.gis.geos import Point
from django.test import Client

from roads import demo, topology
from roads.isochrones import drive_time_area
from roads.models import Isochrone

pytestmark = pytest.mark.django_db
NHA_TRANG = (109.1900, 12.2450)


@pytest.fixture
def network() -> topology.TopologyReport:
    return topology.rebuild(demo.demo_lines(), source=demo.SOURCE, synthetic=True)


def _km2(area: object) -> float:
    return area.geom.transform(32649, clone=True).area / 1e6  # type: ignore[attr-defined]


def test_longer_drive_reaches_farther_and_contains_the_start(network: topology.TopologyReport) -> None:
    areas = [drive_time_area(*NHA_TRANG, minutes) for minutes in (5, 10, 15)]
    sizes = [_km2(area) for area in areas]
    assert 0 < sizes[0] < sizes[1] < sizes[2]
    assert all(area.geom.contains(Point(*NHA_TRANG, srid=4326)) for area in areas)
    assert not areas[0].geom.contains(Point(108.99, 11.575, srid=4326))  # Phan Rang is hours away


def test_area_is_cached_until_the_network_changes(network: topology.TopologyReport) -> None:
    first = drive_time_area(*NHA_TRANG, 10)
    again = drive_time_area(NHA_TRANG[0] + 0.0002, NHA_TRANG[1], 10)  # same 0.001° cell
    assert (first.cached, again.cached) == (False, True)
    assert Isochrone.objects.count() == 1
    topology.rebuild(demo.demo_lines(), source="again", synthetic=True)
    assert not Isochrone.objects.exists()
    recomputed = drive_time_area(*NHA_TRANG, 10)
    assert not recomputed.cached and recomputed.version == first.version + 1


def test_api_returns_geojson_and_refuses_bad_input(network: topology.TopologyReport, client: Client) -> None:
    answer = client.get("/api/v1/roads/isochrone", {"lon": str(NHA_TRANG[0]), "lat": str(NHA_TRANG[1]), "minutes": "5"})
    assert answer.status_code == 200 and answer["Content-Type"] == "application/geo+json"
    feature = json.loads(answer.content)
    assert feature["geometry"]["type"] in {"Polygon", "MultiPolygon"} and feature["properties"]["minutes"] == 5
    assert client.get("/api/v1/roads/isochrone", {"lon": "x", "lat": "12", "minutes": "5"}).status_code == 400
    assert client.get("/api/v1/roads/isochrone", {"lon": "109.19", "lat": "12.2", "minutes": "90"}).status_code == 400
    far = client.get("/api/v1/roads/isochrone", {"lon": "113.5", "lat": "9.8", "minutes": "10"})  # Trường Sa: no roads
    assert far.status_code == 400 and "no road within" in far.json()["message"]
