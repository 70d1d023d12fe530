"""The traffic indicators come from the data (incidents, flows, cameras), and the service page shows them with the
congestion map, open incidents and cameras to staff; the public sees no panel; the demo loads once."""

import datetime
import io

from django.contrib.gis.geos import Point
from django.test import Client
from django.utils import timezone

from sectors.traffic import demo, incidents, indicators
from sectors.traffic.flows import write_flows
from sectors.traffic.layer import SLUG, register
from sectors.traffic.models import Detector, IncidentKind, SegmentFlow, TrafficIncident, step_of
from services.models import ServicePage
from tests.traffic.world import RoadWorld

NOW = timezone.now()


def _incident(kind: str, hours_ago: float, minutes_to_clear: int | None, lon: float = 109.115) -> TrafficIncident:
    reported = NOW - datetime.timedelta(hours=hours_ago)
    incident = incidents.record(incidents.IncidentInput(kind, Point(lon, 12.2201, srid=4326), reported_at=reported))
    if minutes_to_clear is not None:
        incidents.clear(incident, None, at=reported + datetime.timedelta(minutes=minutes_to_clear))
    return incident


def test_the_indicators_are_computed_from_incidents_flows_and_cameras(road_world: RoadWorld) -> None:
    _incident(IncidentKind.ACCIDENT, 30, 40)
    _incident(IncidentKind.ACCIDENT, 20, 60)
    _incident(IncidentKind.BREAKDOWN, 10, 90)
    _incident(IncidentKind.BREAKDOWN, 1, None)
    step = step_of(NOW) - datetime.timedelta(hours=1)
    write_flows({(road_world.edges[0].pk, step + datetime.timedelta(minutes=5 * n)): {"speed_kmh": 12.0}
                 for n in range(6)})  # fmt: skip
    road_world.camera.last_seen_at = NOW
    road_world.camera.save()

    summary = indicators.summary(NOW)

    assert summary["median_clearance"] == datetime.timedelta(minutes=60)
    assert summary["open_incidents"] == 1
    assert sum(row.count for row in summary["incidents_per_week"]) == 4
    assert {row.unit for row in summary["incidents_per_week"]} == {road_world.ward.name}
    (hours,) = summary["congestion_hours"]
    assert (hours.edge_id, hours.hours) == (road_world.edges[0].pk, 0.5)
    assert (summary["cameras_online"], summary["cameras"]) == (1, 1)


def test_the_service_page_shows_the_traffic_panel_to_staff_only(road_world: RoadWorld, client: Client) -> None:
    register(io.StringIO())
    ServicePage.objects.create(sector=road_world.sector, summary="Giao thông", device_kinds=["camera"])
    _incident(IncidentKind.ACCIDENT, 1, None)

    public = client.get("/services/traffic/")
    client.force_login(road_world.users["officer"])
    staff = client.get("/services/traffic/")

    assert public.status_code == 200 and b"data-open-incidents-table" not in public.content
    html = staff.content.decode()
    assert staff.status_code == 200
    for marker in ("data-traffic-steps", "data-open-incidents-table", "data-traffic-cameras", "data-median-clearance"):
        assert marker in html
    assert SLUG in html  # the congestion layer is on the service map


def test_the_demo_loads_detectors_flows_and_incidents_once(road_world: RoadWorld) -> None:
    out = io.StringIO()
    demo.load(out)
    flows = SegmentFlow.objects.count()
    demo.load(out)

    assert Detector.objects.filter(device__code__startswith=demo.PREFIX).count() >= 3
    assert flows == SegmentFlow.objects.count() > 0
    assert TrafficIncident.objects.filter(origin="camera").count() == 2  # the accident and the jam the cameras saw
    assert "demo kept" in out.getvalue()
