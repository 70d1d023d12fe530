"""Detectors' readings, over HTTP or MQTT like any device's, become per-segment 5-minute flows with a level of service;
the congestion tiles draw any past step."""

import datetime
import json
from typing import Any

import mapbox_vector_tile
from django.test import Client

from iot.models import Device
from sectors.traffic.flows import attach_detector
from sectors.traffic.layer import SLUG, register
from sectors.traffic.models import SegmentFlow
from tests.traffic.world import RoadWorld

READINGS = "/api/v1/iot/readings"
T0 = datetime.datetime(2026, 2, 13, 2, 0, tzinfo=datetime.UTC)


def post_step(client: Client, token: str, at: datetime.datetime, speed: float, **counts: int) -> None:
    values = {"traffic_speed": speed, **{f"traffic_{name}": count for name, count in counts.items()}}
    response = client.post(READINGS, data=json.dumps({"at": at.isoformat(), "values": values}),
                           content_type="application/json", HTTP_AUTHORIZATION=f"Device {token}")  # fmt: skip
    assert response.status_code in (200, 201), response.content


def test_a_detector_reading_becomes_its_segment_flow_with_level_of_service(
    road_world: RoadWorld, client: Client
) -> None:
    post_step(client, road_world.detector_token, T0 + datetime.timedelta(minutes=2), 45.0, motorbikes=310, cars=42,
              trucks=5, buses=2)  # fmt: skip

    flow = SegmentFlow.objects.get(edge=road_world.edges[0])
    assert flow.step == T0  # the 5-minute step holding the instant
    assert (flow.motorbikes, flow.cars, flow.trucks, flow.buses) == (310, 42, 5, 2)
    assert flow.los == 0.75  # 45 km/h on a 60 km/h segment


def test_a_later_reading_of_the_same_step_completes_the_row_and_history_is_kept(
    road_world: RoadWorld, client: Client
) -> None:
    token = road_world.detector_token
    post_step(client, token, T0, 50.0, cars=40)
    post_step(client, token, T0 + datetime.timedelta(seconds=30), 30.0, motorbikes=200)
    post_step(client, token, T0 + datetime.timedelta(minutes=5), 55.0, cars=35)

    rows = list(SegmentFlow.objects.filter(edge=road_world.edges[0]).order_by("step"))
    assert [(row.step, row.cars, row.motorbikes, row.los) for row in rows] == [
        (T0, 40, 200, 0.5), (T0 + datetime.timedelta(minutes=5), 35, None, 55 / 60),
    ]  # fmt: skip


def test_readings_of_a_device_that_is_no_detector_make_no_flow(road_world: RoadWorld, client: Client) -> None:
    other = Device.objects.create(code="det-02", name="Không gắn đoạn", kind=Device.Kind.OTHER,
                                  agency=road_world.police, position=road_world.detector.position)  # fmt: skip
    attach_detector(other, road_world.edges[1])
    other.traffic_detector.delete()
    post_step(client, other.issue_token(), T0, 20.0, cars=3)

    assert not SegmentFlow.objects.exists()


def _features(tile: bytes) -> list[dict[str, Any]]:
    decoded = mapbox_vector_tile.decode(tile)
    return [feature["properties"] for layer in decoded.values() for feature in layer["features"]]


def test_the_congestion_tiles_show_the_chosen_past_step_and_the_catalogue_the_newest(
    road_world: RoadWorld, client: Client
) -> None:
    import io

    register(io.StringIO())
    token = road_world.detector_token
    post_step(client, token, T0, 12.0, cars=80)  # congested
    post_step(client, token, T0 + datetime.timedelta(minutes=5), 58.0, cars=30)  # flowing
    client.force_login(road_world.users["officer"])
    tile = "/sectors/traffic/congestion/tiles/14/13157/7631.mvt"

    past = client.get(tile, {"step": T0.isoformat()})
    newest = client.get(f"/tiles/{SLUG}/14/13157/7631.mvt")

    assert past.status_code == 200 and newest.status_code == 200
    assert [round(feature["los"], 2) for feature in _features(past.content)] == [0.2]
    assert [round(feature["los"], 2) for feature in _features(newest.content)] == [0.97]


def test_the_congestion_tiles_follow_the_catalogue_access_rules(road_world: RoadWorld, client: Client) -> None:
    import io

    register(io.StringIO())
    response = client.get("/sectors/traffic/congestion/tiles/14/13157/7631.mvt", {"step": T0.isoformat()})

    assert response.status_code in (401, 403)
