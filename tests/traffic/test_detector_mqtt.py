"""A detector publishing over the real Mosquitto broker: its readings become the segment's 5-minute flow."""

import json

from iot import mqtt
from sectors.traffic.models import SegmentFlow
from tests.iot.conftest import RunningSubscriber
from tests.iot.world import Publisher, wait_for
from tests.traffic.world import RoadWorld


def test_a_detector_reading_published_over_mqtt_becomes_the_segment_flow(
    live_road_world: RoadWorld, road_subscriber: RunningSubscriber, publisher: Publisher
) -> None:
    body = {"token": live_road_world.detector_token, "at": "2026-02-13T09:03:00+07:00",
            "values": {"traffic_speed": 30.0, "traffic_motorbikes": 250, "traffic_cars": 40}}  # fmt: skip

    publisher.publish(mqtt.topic(live_road_world.detector.code, "readings"), json.dumps(body).encode())

    flow = wait_for(lambda: SegmentFlow.objects.filter(edge=live_road_world.edges[0]).first(), what="a flow")
    assert (flow.motorbikes, flow.cars, flow.los) == (250, 40, 0.5)
    assert flow.step.isoformat() == "2026-02-13T02:00:00+00:00"
