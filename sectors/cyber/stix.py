"""STIX 2.1 bundles in: incidents, indicators and sightings, parsed and validated by the stix2 library.

STIX 2.1 leaves an incident's severity, type and affected systems to extensions; this province's SOC and the
national centre send them as custom properties (documented in the API table):
`x_ioc_systems` (list of inventory codes, required), `x_ioc_severity` (minor/moderate/severe/extreme),
`x_ioc_kind` (an IncidentKind), `x_ioc_source` (soc/national/agency), and optional `x_ioc_detected`,
`x_ioc_contained`, `x_ioc_resolved` times. A sighting belongs to the incident named by its `x_ioc_incident_ref`,
else to the incident its indicator is related to, else to the bundle's only incident.
"""

import datetime
from dataclasses import dataclass, field
from typing import Any

import stix2
from django.db import transaction
from django.utils.translation import gettext as _
from stix2.exceptions import STIXError

from core.errors import InvalidInput
from core.json_body import parse_json_object
from sectors.cyber.intake import IncidentReport, record
from sectors.cyber.models import CyberIncident, IncidentSource, Sighting, ThreatIndicator

MAX_BUNDLE_BYTES = 5 * 1024 * 1024


@dataclass
class StixImport:
    """What one bundle brought: incidents (reference → created), indicators and sightings stored."""

    incidents: dict[str, bool] = field(default_factory=dict)
    indicators: int = 0
    sightings: int = 0


def import_bundle(raw: bytes | str, source: str = IncidentSource.SOC, actor: Any = None) -> StixImport:
    """Parse a STIX 2.1 bundle and store its incidents, indicators and sightings in one transaction."""
    parse_json_object(raw, max_bytes=MAX_BUNDLE_BYTES)  # size, nesting and control characters first
    try:
        bundle = stix2.parse(raw, allow_custom=True, version="2.1")
    except (STIXError, ValueError) as exc:
        raise InvalidInput(_("The STIX 2.1 bundle is invalid: %(reason)s") % {"reason": exc}) from None
    if getattr(bundle, "type", "") != "bundle":
        raise InvalidInput(_("Send a STIX 2.1 bundle (type 'bundle')."))
    objects = list(getattr(bundle, "objects", []) or [])
    by_type: dict[str, list[Any]] = {}
    for obj in objects:
        by_type.setdefault(obj["type"], []).append(obj)
    if not by_type.get("incident"):
        raise InvalidInput(_("The bundle holds no incident object; nothing to record."))
    result = StixImport()
    with transaction.atomic():
        incidents: dict[str, CyberIncident] = {}
        for obj in by_type["incident"]:
            incident, created = record(_report(obj, source), actor)
            incidents[obj["id"]] = incident
            result.incidents[incident.reference] = created
        indicators = {obj["id"]: _indicator(obj) for obj in by_type.get("indicator", [])}
        result.indicators = len(indicators)
        related = _relations(by_type.get("relationship", []))
        for indicator_id, indicator in indicators.items():
            linked = [incidents[ref] for ref in related.get(indicator_id, []) if ref in incidents]
            indicator.incidents.add(*(linked or list(incidents.values())[:1]))
        for obj in by_type.get("sighting", []):
            _sighting(obj, incidents, indicators, related)
            result.sightings += 1
    return result


def _report(obj: Any, source: str) -> IncidentReport:
    systems = obj.get("x_ioc_systems")
    if not isinstance(systems, list) or not systems:
        raise InvalidInput(
            _("Incident %(id)s names no affected system; add x_ioc_systems with inventory codes.") % {"id": obj["id"]}
        )
    detected = _time(obj.get("x_ioc_detected")) or obj["created"]
    times = {"contained_at": _time(obj.get("x_ioc_contained")), "resolved_at": _time(obj.get("x_ioc_resolved"))}
    return IncidentReport(
        reference=obj["id"], title=obj["name"], source=obj.get("x_ioc_source") or source,
        systems=[str(code) for code in systems], detected_at=detected, kind=obj.get("x_ioc_kind") or "other",
        severity=obj.get("x_ioc_severity") or "moderate", description=obj.get("description", ""), times=times,
    )  # fmt: skip


def _indicator(obj: Any) -> ThreatIndicator:
    indicator, _created = ThreatIndicator.objects.update_or_create(
        stix_id=obj["id"],
        defaults={
            "name": obj.get("name", ""), "pattern": obj["pattern"], "pattern_type": obj["pattern_type"],
            "valid_from": obj["valid_from"],
        },
    )  # fmt: skip
    return indicator


def _relations(relationships: list[Any]) -> dict[str, list[str]]:
    """Each object's related objects, both ways."""
    related: dict[str, list[str]] = {}
    for rel in relationships:
        related.setdefault(rel["source_ref"], []).append(rel["target_ref"])
        related.setdefault(rel["target_ref"], []).append(rel["source_ref"])
    return related


def _sighting(
    obj: Any, incidents: dict[str, CyberIncident], indicators: dict[str, ThreatIndicator], related: dict[str, list[str]]
) -> None:
    indicator = (
        indicators.get(obj["sighting_of_ref"]) or ThreatIndicator.objects.filter(stix_id=obj["sighting_of_ref"]).first()
    )
    candidates = [obj.get("x_ioc_incident_ref"), *related.get(obj["sighting_of_ref"], [])]
    incident = next((incidents[ref] for ref in candidates if ref in incidents), None)
    if incident is None and len(incidents) == 1:
        incident = next(iter(incidents.values()))
    if incident is None:
        raise InvalidInput(
            _("Sighting %(id)s belongs to no incident of the bundle; add x_ioc_incident_ref.") % {"id": obj["id"]}
        )
    Sighting.objects.update_or_create(
        stix_id=obj["id"],
        defaults={
            "incident": incident, "indicator": indicator, "first_seen": obj.get("first_seen"),
            "last_seen": obj.get("last_seen"), "count": obj.get("count", 1),
        },
    )  # fmt: skip


def _time(value: Any) -> datetime.datetime | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime.datetime):
        return value
    try:
        parsed = datetime.datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        raise InvalidInput(_("'%(value)s' is not an ISO 8601 time.") % {"value": value}) from None
    if parsed.tzinfo is None:
        raise InvalidInput(_("'%(value)s' needs its time-zone offset.") % {"value": value})
    return parsed
