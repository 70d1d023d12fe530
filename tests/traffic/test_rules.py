"""The traffic rules, firing and retreating: congestion held for N minutes, incidents not cleared in time."""

import datetime
import json

from django.test import override_settings
from django.utils import timezone

from alerts.models import Alert
from delivery.models import MessageDelivery
from iot.directory import Directory
from iot.ingestion import Batch, add_message, commit
from iot.models import Device, Reject
from iot.mqtt import READINGS
from sectors.traffic import incidents
from sectors.traffic.congestion import steps_needed
from sectors.traffic.models import CongestionEpisode, IncidentKind
from tests.traffic.world import RoadWorld

T0 = timezone.now().replace(second=0, microsecond=0) - datetime.timedelta(hours=2)


def publish(world: RoadWorld, minute: int, speed: float) -> None:
    """One detector message through the MQTT path of ingestion (decode, check, batch, commit)."""
    body = {"token": world.detector_token, "at": (T0 + datetime.timedelta(minutes=minute)).isoformat(),
            "values": {"traffic_speed": speed, "traffic_cars": 50}}  # fmt: skip
    batch = Batch(Reject.Channel.MQTT, timezone.now())
    add_message(batch, world.detector.code, READINGS, json.dumps(body).encode(), Directory())
    assert not batch.refusals, batch.refusals
    commit(batch)


def congestion_alerts() -> list[Alert]:
    return list(Alert.objects.filter(source="sector_rule", category="traffic"))


def test_congestion_held_for_the_rule_duration_raises_one_alert_and_flowing_traffic_records_its_retreat(
    road_world: RoadWorld,
) -> None:
    assert steps_needed(15) == 3
    publish(road_world, 0, 15.0)  # 25 % of the free-flow speed
    publish(road_world, 5, 12.0)
    assert congestion_alerts() == []  # ten minutes are not yet fifteen
    publish(road_world, 10, 14.0)
    publish(road_world, 15, 10.0)  # still congested: the same alert

    (alert,) = congestion_alerts()
    assert alert.sector_id == road_world.sector.pk and alert.details["road_segment"] == road_world.edges[0].pk
    publish(road_world, 20, 55.0)  # flowing again

    episode = CongestionEpisode.objects.get()
    assert episode.ended_at is not None and episode.alert == alert
    alert.refresh_from_db()
    assert alert.retreated_at is not None
    assert alert.events.filter(kind="hazard_retreated").count() == 1


def test_the_congestion_level_and_duration_are_read_from_settings_at_call_time(road_world: RoadWorld) -> None:
    with override_settings(TRAFFIC_CONGESTED_BELOW_PERCENT=20, TRAFFIC_CONGESTED_MINUTES=5):
        assert steps_needed() == 1
        publish(road_world, 0, 15.0)  # 25 %: congested by the default 40 %, not under 20 %
        assert congestion_alerts() == []
        publish(road_world, 5, 9.0)  # 15 %: one step of five minutes is enough
    (alert,) = congestion_alerts()
    assert alert.details["below"] == 0.2


def test_a_gap_in_the_steps_or_one_flowing_step_raises_nothing(road_world: RoadWorld) -> None:
    publish(road_world, 0, 15.0)
    publish(road_world, 5, 40.0)  # flowing in between
    publish(road_world, 10, 15.0)
    publish(road_world, 20, 15.0)  # the step at 15 minutes is missing

    assert congestion_alerts() == []
    assert not CongestionEpisode.objects.exists()


def test_a_detector_under_maintenance_raises_nothing(road_world: RoadWorld) -> None:
    Device.objects.filter(pk=road_world.detector.pk).update(status=Device.Status.MAINTENANCE)
    for minute in (0, 5, 10, 15):
        publish(road_world, minute, 10.0)

    assert congestion_alerts() == []


def test_an_incident_not_cleared_in_time_is_escalated_once_and_a_cleared_one_never(road_world: RoadWorld) -> None:
    from django.contrib.gis.geos import Point

    late = incidents.record(incidents.IncidentInput(IncidentKind.BREAKDOWN, Point(109.115, 12.2201, srid=4326)))
    cleared = incidents.record(incidents.IncidentInput(IncidentKind.BREAKDOWN, Point(109.135, 12.2201, srid=4326)))
    incidents.clear(cleared, road_world.users["officer"])
    before = MessageDelivery.objects.count()

    assert incidents.escalate_overdue(late.target_at - datetime.timedelta(minutes=1)) == []
    escalated = incidents.escalate_overdue(late.target_at + datetime.timedelta(minutes=5))
    again = incidents.escalate_overdue(late.target_at + datetime.timedelta(minutes=10))

    assert [incident.pk for incident in escalated] == [late.pk] and again == []
    late.refresh_from_db()
    assert late.escalated_at is not None
    assert MessageDelivery.objects.count() > before  # the operators and the traffic police are told
