"""Alerts as OASIS CAP 1.2 messages (/api/v1/alerts/{id}/cap.xml) and the facts the Atom feed repeats.

Each version of an alert is one CAP message: the first (identifier <sender>.alert.<id>, sent when the alert
appeared) has msgType Alert; after any later event the message is an Update (identifier <…>.<event number>, sent
at that event) referencing the first, or a Cancel once the alert is rejected as false. Times carry their numeric
offset (+07:00) without fractions, as the schema's pattern requires; polygons are "lat,lon" pairs, first = last,
simplified to at most MAX_POLYGON_POINTS points; a point becomes a circle; every unit is a geocode.
"""

import datetime
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.gis.geos import Polygon
from django.utils import timezone, translation

from alerts.choices import Category, ProcedureName, Severity, State
from alerts.models import Alert

NS = "urn:oasis:names:tc:emergency:cap:1.2"
SCHEMA = Path(__file__).resolve().parent / "schemas" / "CAP-v1.2.xsd"
CONTENT_TYPE = "application/cap+xml; charset=utf-8"
LANGUAGE = "vi-VN"
GEOCODE_NAME = "MA_DVHC"  # the national administrative unit code (mã đơn vị hành chính)
MAX_POLYGON_POINTS = 250
POINT_RADIUS_KM = "0.1"  # a reported point is known to about a hundred metres
LINE_BUFFER_DEGREES = 0.0005  # about 55 m: a road or river section becomes a thin polygon
DECIMALS = 5
RESTRICTION = "Chỉ dành cho IOC Khánh Hòa và các cơ quan xử lý"

CATEGORY: dict[str, str] = {
    Category.DISASTER: "Geo", Category.STORM: "Met", Category.FLOOD: "Met", Category.FIRE: "Fire",
    Category.EPIDEMIC: "Health", Category.RIOT: "Security", Category.ACCIDENT: "Transport",
    Category.CRIME: "Security", Category.PUBLIC_ORDER: "Safety", Category.THRESHOLD: "Env",
    Category.LATE_PROCESSING: "Other", Category.FEED_INTERRUPTION: "Infra", Category.TRAFFIC: "Transport",
    Category.FIRE_SAFETY: "Fire", Category.CYBER: "Security", Category.MEDIA: "Other", Category.UTILITY: "Infra",
    Category.OTHER: "Other",
}  # fmt: skip
SEVERITY: dict[str, str] = {Severity.MINOR: "Minor", Severity.MODERATE: "Moderate", Severity.SEVERE: "Severe",
            Severity.EXTREME: "Extreme"}  # fmt: skip


@dataclass
class CapFacts:
    """What CAP says about one version of an alert."""

    identifier: str
    sent: str
    msg_type: str
    scope: str
    references: str
    category: str
    event: str
    urgency: str
    severity: str
    certainty: str
    response_type: str
    effective: str
    expires: str
    headline: str
    description: str
    area_desc: str
    polygons: list[str] = field(default_factory=list)
    circles: list[str] = field(default_factory=list)
    geocodes: list[str] = field(default_factory=list)


def cap_time(instant: datetime.datetime) -> str:
    """An instant as CAP writes it: local time, whole seconds, numeric offset (2026-02-13T09:00:00+07:00)."""
    return timezone.localtime(instant).replace(microsecond=0).isoformat()


def first_identifier(alert: Alert) -> str:
    return f"{settings.ALERTS_CAP_SENDER}.alert.{alert.pk}"


def facts(alert: Alert) -> CapFacts:
    """Derive the CAP message of the alert's current version."""
    last = alert.events.order_by("-seq").only("seq", "at").first()
    version, changed_at = (last.seq, last.at) if last is not None else (1, alert.appeared_at)
    first = (first_identifier(alert), cap_time(alert.appeared_at))
    if version <= 1:
        identifier, sent, msg_type, references = first[0], first[1], "Alert", ""
    else:
        identifier, sent = f"{first[0]}.{version}", cap_time(changed_at)
        msg_type = "Cancel" if alert.state == State.REJECTED else "Update"
        references = f"{settings.ALERTS_CAP_SENDER},{first[0]},{first[1]}"
    units = list(alert.units.order_by("code"))
    with translation.override("vi"):
        event = str(alert.get_category_display())
        area_desc = ", ".join(unit.name for unit in units) or "Tỉnh Khánh Hòa"
    polygons, circles = shapes(alert.geom)
    expires = (last.at if last is not None else alert.appeared_at) + datetime.timedelta(
        hours=settings.ALERTS_CAP_VALID_HOURS
    )
    return CapFacts(
        identifier=identifier, sent=sent, msg_type=msg_type, scope="Public" if alert.is_public else "Restricted",
        references=references, category=CATEGORY.get(alert.category, "Other"), event=event,
        urgency=_urgency(alert), severity=SEVERITY.get(alert.severity, "Unknown"), certainty=_certainty(alert),
        response_type="AllClear" if alert.state == State.CLOSED else "Monitor",
        effective=cap_time(alert.observed_at or alert.appeared_at), expires=cap_time(expires),
        headline=alert.title[:160], description=alert.description or alert.title, area_desc=area_desc,
        polygons=polygons, circles=circles, geocodes=[unit.code for unit in units],
    )  # fmt: skip


def _urgency(alert: Alert) -> str:
    if alert.state in (State.CLOSED, State.REJECTED):
        return "Past"
    return "Immediate" if alert.procedure == ProcedureName.IMMEDIATE else "Expected"


def _certainty(alert: Alert) -> str:
    return {State.NEW: "Possible", State.REJECTED: "Unlikely"}.get(State(alert.state), "Observed")


def shapes(geom: Any) -> tuple[list[str], list[str]]:
    """CAP polygons ("lat,lon …", closed) and circles ("lat,lon radius_km") of a geometry."""
    if geom is None or geom.empty:
        return [], []
    if geom.dims == 0:
        points = [geom] if geom.geom_type == "Point" else list(geom)
        return [], [f"{_pair(point.x, point.y)} {POINT_RADIUS_KM}" for point in points]
    area = geom if geom.dims == 2 else geom.buffer(LINE_BUFFER_DEGREES)
    parts = [area] if area.geom_type == "Polygon" else list(area)
    polygons, circles = [], []
    for part in parts:
        ring = _ring(part)
        if ring is None:
            centre = part.centroid
            circles.append(f"{_pair(centre.x, centre.y)} {POINT_RADIUS_KM}")
        else:
            polygons.append(ring)
    return polygons, circles


def _ring(polygon: Any) -> str | None:
    """The exterior ring as CAP text, simplified until small enough; None if rounding collapses it."""
    shell: Any = Polygon(polygon.exterior_ring, srid=polygon.srid)
    tolerance = 0.00001
    while shell.num_coords > MAX_POLYGON_POINTS:
        simpler = shell.simplify(tolerance, preserve_topology=True)
        shell = simpler if simpler.geom_type == "Polygon" and not simpler.empty else shell
        tolerance *= 2
    pairs: list[str] = []
    for x, y in shell.exterior_ring.coords:
        pair = _pair(x, y)
        if not pairs or pairs[-1] != pair:
            pairs.append(pair)
    if len(pairs) < 4 or pairs[0] != pairs[-1]:
        return None
    return " ".join(pairs)


def _pair(lon: float, lat: float) -> str:
    return f"{lat:.{DECIMALS}f},{lon:.{DECIMALS}f}"


def message(alert: Alert) -> bytes:
    """The alert's current version as a CAP 1.2 XML document (UTF-8)."""
    cap = facts(alert)
    ET.register_namespace("", NS)
    root = ET.Element(f"{{{NS}}}alert")
    for name, value in (
        ("identifier", cap.identifier), ("sender", settings.ALERTS_CAP_SENDER), ("sent", cap.sent),
        ("status", "Actual"), ("msgType", cap.msg_type), ("scope", cap.scope),
    ):  # fmt: skip
        _add(root, name, value)
    if cap.scope == "Restricted":
        _add(root, "restriction", RESTRICTION)
    if cap.references:
        _add(root, "references", cap.references)
    info = _add(root, "info")
    for name, value in (
        ("language", LANGUAGE), ("category", cap.category), ("event", cap.event), ("responseType", cap.response_type),
        ("urgency", cap.urgency), ("severity", cap.severity), ("certainty", cap.certainty),
        ("effective", cap.effective), ("expires", cap.expires), ("senderName", settings.ALERTS_CAP_SENDER_NAME),
        ("headline", cap.headline), ("description", cap.description),
    ):  # fmt: skip
        _add(info, name, value)
    area = _add(info, "area")
    _add(area, "areaDesc", cap.area_desc)
    for polygon in cap.polygons:
        _add(area, "polygon", polygon)
    for circle in cap.circles:
        _add(area, "circle", circle)
    for code in cap.geocodes:
        geocode = _add(area, "geocode")
        _add(geocode, "valueName", GEOCODE_NAME)
        _add(geocode, "value", code)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def _add(parent: ET.Element, name: str, text: str | None = None) -> ET.Element:
    element = ET.SubElement(parent, f"{{{NS}}}{name}")
    if text is not None:
        element.text = text
    return element
