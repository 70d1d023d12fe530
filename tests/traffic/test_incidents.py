"""The incident register: raised by hand, from field reports in a road category and from cameras; each has an alert
of the traffic sector routed to the traffic police and the commune; casualties are counts, for staff only."""

import datetime

import pytest
from django.contrib.gis.geos import Point
from django.test import Client

from alerts.models import SectorRoute
from alerts.routing import propose
from core.errors import Conflict, InvalidInput
from fieldreports.handling import submit_report
from fieldreports.models import Channel, ReportCategory
from fieldreports.submission import Submission
from sectors.traffic import incidents
from sectors.traffic.models import IncidentKind, IncidentOrigin, TrafficIncident
from tests.traffic.world import RoadWorld

ON_SECOND_SEGMENT = Point(109.1251, 12.2202, srid=4326)


def _accident(world: RoadWorld, **fields: object) -> TrafficIncident:
    data = incidents.IncidentInput(kind=IncidentKind.ACCIDENT, point=ON_SECOND_SEGMENT.clone(), lanes_blocked=1,
                                   deaths=0, injured=2, description="Va chạm xe máy và ô tô.")  # fmt: skip
    for name, value in fields.items():
        setattr(data, name, value)
    return incidents.record(data, world.users["officer"])


def test_an_incident_entered_by_hand_is_placed_on_the_network_and_routed_to_the_traffic_police_and_the_commune(
    road_world: RoadWorld,
) -> None:
    SectorRoute.objects.create(sector=road_world.sector, category="accident", department=road_world.police)

    incident = _accident(road_world)

    assert (incident.edge, incident.unit, incident.origin) == (road_world.edges[1], road_world.ward, "manual")
    assert incident.target_at == incident.reported_at + datetime.timedelta(minutes=60)
    alert = incident.alert
    assert alert is not None and (alert.category, alert.sector_id) == ("accident", road_world.sector.pk)
    proposal = propose(alert)
    assert {proposal.lead, *proposal.coordinating} == {road_world.committee, road_world.police}
    assert "injured" not in alert.details and "deaths" not in alert.details  # counts stay in the register


def test_an_incident_outside_the_province_is_refused(road_world: RoadWorld) -> None:
    with pytest.raises(InvalidInput):
        _accident(road_world, point=Point(100.0, 20.0, srid=4326))
    assert not TrafficIncident.objects.exists()


def test_a_field_report_in_a_road_category_files_an_incident_on_its_alert(road_world: RoadWorld) -> None:
    ReportCategory.objects.create(service_code="road-flooding", name="Ngập đường", name_en="Road flooding",
                                  sector=road_world.sector)  # fmt: skip
    submission = Submission(channel=Channel.WEB, service_code="road-flooding", lat="12.2201", long="109.135",
                            description="Nước ngập nửa bánh xe.")  # fmt: skip

    report = submit_report(submission, [], ip="192.0.2.10")

    incident = TrafficIncident.objects.get(field_report=report)
    assert (incident.kind, incident.origin) == (IncidentKind.ROAD_FLOODING, IncidentOrigin.FIELD_REPORT)
    assert incident.alert_id == report.alert_id and incident.edge == road_world.edges[2]


def test_clearing_an_incident_records_the_retreat_on_its_alert_once(road_world: RoadWorld) -> None:
    incident = _accident(road_world)

    incidents.clear(incident, road_world.users["officer"])

    assert incident.cleared_at is not None and incident.lanes_blocked == 0
    assert incident.alert is not None and incident.alert.events.filter(kind="hazard_retreated").count() == 1
    with pytest.raises(Conflict):
        incidents.clear(incident, road_world.users["officer"])


def test_the_incident_page_shows_casualty_counts_to_staff_and_nothing_to_the_public(
    road_world: RoadWorld, client: Client
) -> None:
    incident = _accident(road_world)
    url = f"/sectors/traffic/incidents/{incident.pk}/"

    anonymous = client.get(url)
    client.force_login(road_world.users["officer"])
    staff = client.get(url)

    assert anonymous.status_code in (302, 401, 403)
    assert staff.status_code == 200 and b"data-injured>2<" in staff.content


def test_an_officer_confirms_clears_and_corrects_counts_through_the_page(road_world: RoadWorld, client: Client) -> None:
    incident = _accident(road_world)
    client.force_login(road_world.users["officer"])
    base = f"/sectors/traffic/incidents/{incident.pk}"

    client.post(f"{base}/counts/", {"deaths": "1", "injured": "3", "lanes_blocked": "2"})
    client.post(f"{base}/clear/")
    viewer = Client()
    viewer.force_login(road_world.users["viewer"])
    refused = viewer.post(f"{base}/confirm/")

    incident.refresh_from_db()
    assert (incident.deaths, incident.injured, incident.cleared_at is not None) == (1, 3, True)
    assert refused.status_code == 403


def test_an_officer_registers_an_incident_with_the_form(road_world: RoadWorld, client: Client) -> None:
    client.force_login(road_world.users["officer"])

    response = client.post("/sectors/traffic/incidents/new/", {
        "kind": "breakdown", "lon": "109.115", "lat": "12.2201", "lanes_blocked": "1", "deaths": "0", "injured": "0",
        "description": "Xe tải chết máy.",
    })  # fmt: skip

    incident = TrafficIncident.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/sectors/traffic/incidents/{incident.pk}/"
    assert (incident.kind, incident.edge) == ("breakdown", road_world.edges[0])


def test_the_incident_layer_serves_the_register_through_ogc_to_staff_without_casualty_counts(
    road_world: RoadWorld, client: Client
) -> None:
    import io

    from sectors.traffic.layer import INCIDENT_SLUG, register

    register(io.StringIO())
    incident = _accident(road_world)
    url = f"/ogc/collections/{INCIDENT_SLUG}/items"

    anonymous = client.get(url)
    client.force_login(road_world.users["officer"])
    staff = client.get(url).json()

    assert anonymous.status_code == 401
    (feature,) = staff["features"]
    assert feature["id"] == incident.pk and feature["properties"]["kind_name"] == "Tai nạn giao thông"
    assert not {"deaths", "injured"} & set(feature["properties"])
