"""The incident register's use cases: raise an incident by hand, from a field report or from a camera event, each with
its alert to the traffic sector (routed to the traffic police and the commune); confirm, clear, escalate when late.

Casualties are counts only and stay in the register (staff pages): alerts, which reach more people, never carry them.
"""

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.gis.geos import Point
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from agencies.models import Agency, Sector
from alerts import api
from core.errors import Conflict, InvalidInput
from core.formats import fmt_datetime
from roads.models import RoadEdge
from sectors.traffic.models import IncidentKind, IncidentOrigin, TrafficIncident

if TYPE_CHECKING:
    from accounts.models import User
    from fieldreports.models import FieldReport
    from iot.models import CameraEvent

SECTOR = "traffic"
SNAP_METRES = 150  # an incident further than this from every segment is kept off the network
# kind -> (alert category, minutes from report to the target clearance, severity)
KINDS: dict[str, tuple[str, int, str]] = {
    IncidentKind.ACCIDENT: (api.Category.ACCIDENT, 60, api.Severity.SEVERE),
    IncidentKind.BREAKDOWN: (api.Category.TRAFFIC, 30, api.Severity.MINOR),
    IncidentKind.ROAD_FLOODING: (api.Category.TRAFFIC, 240, api.Severity.MODERATE),
    IncidentKind.LANDSLIDE: (api.Category.TRAFFIC, 480, api.Severity.SEVERE),
    IncidentKind.CONGESTION: (api.Category.TRAFFIC, 60, api.Severity.MODERATE),
    IncidentKind.ROAD_WORKS: (api.Category.TRAFFIC, 24 * 60, api.Severity.MINOR),
}
# Camera event kind -> incident kind (iot.models.CameraEvent.Kind values).
CAMERA_KINDS: dict[str, str] = {"accident": IncidentKind.ACCIDENT, "traffic_jam": IncidentKind.CONGESTION}
# Field-report category (Open311 service code) -> incident kind: the road categories of the traffic sector.
FIELD_REPORT_KINDS: dict[str, str] = {
    "traffic-accident": IncidentKind.ACCIDENT,
    "road-flooding": IncidentKind.ROAD_FLOODING,
    "road-landslide": IncidentKind.LANDSLIDE,
    "traffic-congestion": IncidentKind.CONGESTION,
    "vehicle-breakdown": IncidentKind.BREAKDOWN,
}


@dataclass
class IncidentInput:
    """An incident as entered by hand."""

    kind: str
    point: Point
    description: str = ""
    lanes_blocked: int = 0
    deaths: int = 0
    injured: int = 0
    reported_at: datetime.datetime | None = None

    def validate(self) -> None:
        if self.kind not in IncidentKind.values:
            raise InvalidInput(_("Choose the kind of incident."))
        for label, value in ((_("lanes blocked"), self.lanes_blocked), (_("deaths"), self.deaths),
                             (_("injured"), self.injured)):  # fmt: skip
            if not 0 <= value <= 999:
                raise InvalidInput(_("%(field)s is a whole number from 0.") % {"field": label})


def nearest_edge(point: Point) -> RoadEdge | None:
    """Return the segment nearest the point within SNAP_METRES, or None off the network."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id FROM roads_roadedge WHERE ST_DWithin(geom::geography, ST_SetSRID(ST_MakePoint(%s, %s), 4326)"
            "::geography, %s) ORDER BY geom <-> ST_SetSRID(ST_MakePoint(%s, %s), 4326) LIMIT 1",
            [point.x, point.y, SNAP_METRES, point.x, point.y],
        )
        row = cursor.fetchone()
    return RoadEdge.objects.filter(pk=row[0]).first() if row else None


def new_incident(kind: str, point: Point, origin: str, reported_at: datetime.datetime | None = None,
                 **fields: Any) -> TrafficIncident:  # fmt: skip
    """Build (unsaved) an incident at the point: on its nearest segment and unit, with its target clearance time."""
    if point.srid is None:
        point.srid = 4326
    reported_at = reported_at or timezone.now()
    units = api.units_touched(point)
    edge = nearest_edge(point)
    return TrafficIncident(
        kind=kind, origin=origin, geom=point, edge=edge, unit=units[0] if units else None, reported_at=reported_at,
        target_at=reported_at + datetime.timedelta(minutes=KINDS[kind][1]), **fields,
    )  # fmt: skip


def record(data: IncidentInput, actor: "User | None" = None) -> TrafficIncident:
    """Register an incident entered by hand and raise its alert to the traffic sector."""
    data.validate()
    with transaction.atomic():
        incident = new_incident(
            data.kind, data.point, IncidentOrigin.MANUAL, data.reported_at, description=data.description,
            lanes_blocked=data.lanes_blocked, deaths=data.deaths, injured=data.injured,
            confirmed_at=data.reported_at or timezone.now(), created_by=actor,
        )  # fmt: skip
        if incident.unit is None:
            raise InvalidInput(_("The position lies outside the province; pick it on the map."))
        incident.save()
        raise_for(incident, api.Source.MANUAL, actor)
    return incident


def raise_for(incident: TrafficIncident, source: str, actor: "User | None" = None) -> None:
    """Raise the incident's alert to the traffic sector and link it."""
    incident.alert, _created = api.raise_alert(_alert_input(incident, source), actor)
    incident.save(update_fields=["alert"])


def _alert_input(incident: TrafficIncident, source: str) -> api.AlertInput:
    category, _minutes, severity = KINDS[incident.kind]
    road = incident.edge.name if incident.edge and incident.edge.name else ""
    title = f"{incident.get_kind_display()}: {road}" if road else incident.get_kind_display()
    return api.AlertInput(
        title=title, source=source, category=category, severity=severity,
        sector=Sector.objects.filter(code=SECTOR).first(), geom=incident.geom, description=incident.description,
        details={"traffic_incident": incident.pk, "kind": incident.kind, "lanes_blocked": incident.lanes_blocked,
                 "road_segment": incident.edge_id},
        external_ref=f"traffic:incident:{incident.pk}", observed_at=incident.reported_at,
    )  # fmt: skip


def from_camera_event(event: "CameraEvent") -> TrafficIncident | None:
    """File the incident a camera saw (an accident or a jam), on the camera event's alert; once per alert."""
    kind = CAMERA_KINDS.get(event.kind)
    if kind is None or event.alert_id is None or TrafficIncident.objects.filter(alert_id=event.alert_id).exists():
        return None
    incident = new_incident(kind, event.device.position.clone(), IncidentOrigin.CAMERA, event.at,
                             description=event.description, camera_event=event, alert_id=event.alert_id)  # fmt: skip
    incident.save()
    return incident


def from_field_report(report: "FieldReport") -> TrafficIncident | None:
    """File the incident a citizen reported in a road category, on the report's alert; once per report."""
    kind = FIELD_REPORT_KINDS.get(report.category.service_code)
    if kind is None or report.geom is None or TrafficIncident.objects.filter(field_report=report).exists():
        return None
    incident = new_incident(kind, report.geom.clone(), IncidentOrigin.FIELD_REPORT, report.submitted_at,
                             description=report.description, field_report=report, alert_id=report.alert_id)  # fmt: skip
    incident.save()
    return incident


def confirm(incident: TrafficIncident, actor: "User", at: datetime.datetime | None = None) -> TrafficIncident:
    """Record that the incident was confirmed on the ground."""
    if incident.confirmed_at is not None:
        raise Conflict(_("The incident was already confirmed."))
    incident.confirmed_at = at or timezone.now()
    incident.save(update_fields=["confirmed_at"])
    return incident


def update_casualties(incident: TrafficIncident, deaths: int, injured: int, lanes_blocked: int) -> TrafficIncident:
    """Correct the counts of the incident (never names)."""
    IncidentInput(incident.kind, incident.geom, lanes_blocked=lanes_blocked, deaths=deaths, injured=injured).validate()
    incident.deaths, incident.injured, incident.lanes_blocked = deaths, injured, lanes_blocked
    incident.save(update_fields=["deaths", "injured", "lanes_blocked"])
    return incident


def clear(incident: TrafficIncident, actor: "User | None", at: datetime.datetime | None = None) -> TrafficIncident:
    """Record that the road is clear; the alert records the retreat and its procedure goes on."""
    if incident.cleared_at is not None:
        raise Conflict(_("The incident was already cleared."))
    at = at or timezone.now()
    if at < incident.reported_at:
        raise InvalidInput(_("The road cannot be clear before the incident was reported."))
    with transaction.atomic():
        incident.cleared_at = at
        incident.lanes_blocked = 0
        incident.save(update_fields=["cleared_at", "lanes_blocked"])
        if incident.alert is not None and incident.alert.is_open:
            api.record_retreat(incident.alert, {"traffic_incident": incident.pk, "cleared_at": at.isoformat()})
    return incident


def escalate_overdue(now: datetime.datetime | None = None) -> list[TrafficIncident]:
    """Escalate each open incident past its target time: tell the operators and the traffic police, once."""
    now = now or timezone.now()
    police = Agency.objects.filter(code=settings.TRAFFIC_POLICE_AGENCY, is_active=True).first()
    escalated = []
    for incident in TrafficIncident.objects.overdue(now).select_related("alert"):
        with transaction.atomic():
            claimed = TrafficIncident.objects.filter(pk=incident.pk, escalated_at__isnull=True).update(escalated_at=now)
            if not claimed or incident.alert is None:
                continue
            late = int((now - incident.target_at).total_seconds() // 60)
            what = _("Road incident not cleared in time")
            body = _("%(kind)s #%(id)s should have been cleared by %(target)s; %(late)d minutes late.") % {
                "kind": incident.get_kind_display(), "id": incident.pk,
                "target": fmt_datetime(incident.target_at), "late": late,
            }  # fmt: skip
            api.notify_operators(incident.alert, what, body)
            if police is not None:
                api.notify_agency(incident.alert, police, what, body)
        incident.escalated_at = now
        escalated.append(incident)
    return escalated
