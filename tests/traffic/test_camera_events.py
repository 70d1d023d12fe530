"""Camera accidents and jams reach the traffic service: an alert of the traffic sector and an incident filed."""

import io
from typing import Any

from django.test import Client

from alerts.models import Alert
from sectors.traffic.models import IncidentKind, IncidentOrigin, TrafficIncident
from tests.traffic.world import RoadWorld, png

AT = "2026-02-13T09:00:00+07:00"


def _post_event(client: Client, token: str, event_id: str, kind: str) -> dict[str, Any]:
    response = client.post(
        "/api/v1/iot/camera-events",
        data={"event_id": event_id, "kind": kind, "at": AT, "snapshot": io.BytesIO(png())},
        HTTP_AUTHORIZATION=f"Device {token}",
    )
    assert response.status_code in (200, 201), response.content
    return response.json()


def test_a_camera_traffic_jam_raises_a_traffic_alert_of_the_traffic_sector(
    road_world: RoadWorld, client: Client, settings: object, tmp_path: object
) -> None:
    settings.MEDIA_ROOT = tmp_path  # type: ignore[attr-defined]
    body = _post_event(client, road_world.camera_token, "jam-1", "traffic_jam")

    alert = Alert.objects.get(pk=body["alert"])
    assert (alert.category, alert.sector_id) == ("traffic", road_world.sector.pk)
    incident = TrafficIncident.objects.get(alert=alert)
    assert (incident.kind, incident.origin) == (IncidentKind.CONGESTION, IncidentOrigin.CAMERA)
    assert incident.edge == road_world.edges[1]  # the camera stands beside the second segment


def test_a_camera_accident_raises_an_accident_alert_of_the_traffic_sector_and_one_incident(
    road_world: RoadWorld, client: Client, settings: object, tmp_path: object
) -> None:
    settings.MEDIA_ROOT = tmp_path  # type: ignore[attr-defined]
    first = _post_event(client, road_world.camera_token, "acc-1", "accident")
    again = _post_event(client, road_world.camera_token, "acc-1", "accident")  # a newer snapshot of the same

    alert = Alert.objects.get(pk=first["alert"])
    assert again["alert"] == alert.pk
    assert (alert.category, alert.sector_id) == ("accident", road_world.sector.pk)
    assert TrafficIncident.objects.filter(alert=alert, kind=IncidentKind.ACCIDENT).count() == 1


def test_a_camera_fire_event_is_not_a_traffic_matter(
    road_world: RoadWorld, client: Client, settings: object, tmp_path: object
) -> None:
    settings.MEDIA_ROOT = tmp_path  # type: ignore[attr-defined]
    body = _post_event(client, road_world.camera_token, "fire-1", "fire")

    alert = Alert.objects.get(pk=body["alert"])
    assert alert.sector_id != road_world.sector.pk
    assert not TrafficIncident.objects.exists()
