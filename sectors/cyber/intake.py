"""Incidents come in from the SOC's JSON webhook, STIX 2.1 bundles or an agency; each one raises or updates an alert.

Severe and extreme incidents follow the immediate procedure (Art. 9), the rest the deadline procedure (Art. 8). The
alert is restricted to the systems' owners, the cyber-security team and the leadership (access.audience_agencies),
and its notices go to the same agencies.
"""

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from agencies.models import Sector
from alerts import api as alerts
from core.errors import InvalidInput
from sectors.cyber.access import audience_agencies, team_agency
from sectors.cyber.models import CyberIncident, IncidentKind, IncidentSource, InformationSystem

SECTOR = "cyber-security"
SEVERE = frozenset({alerts.Severity.SEVERE, alerts.Severity.EXTREME})
TIMES = ("detected_at", "reported_at", "contained_at", "resolved_at")


@dataclass
class IncidentReport:
    """What a source says about one incident."""

    reference: str
    title: str
    source: str
    systems: list[str]
    detected_at: datetime.datetime
    kind: str = IncidentKind.OTHER
    severity: str = alerts.Severity.MODERATE
    description: str = ""
    times: dict[str, datetime.datetime | None] = field(default_factory=dict)


def read_report(payload: dict[str, Any], source: str = IncidentSource.SOC) -> IncidentReport:
    """Check a webhook body; raise InvalidInput naming the first field that is wrong and how to fix it."""
    text = {name: _text(payload, name) for name in ("reference", "title", "description")}
    for name in ("reference", "title"):
        if not text[name]:
            raise InvalidInput(_("Give the incident's %(field)s.") % {"field": name}, field=name)
    kind = _choice(payload, "kind", IncidentKind, IncidentKind.OTHER)
    severity = _choice(payload, "severity", alerts.Severity, alerts.Severity.MODERATE)
    source = _choice(payload, "source", IncidentSource, source)
    systems = payload.get("systems")
    if not isinstance(systems, list) or not systems or not all(isinstance(code, str) for code in systems):
        raise InvalidInput(_("List the codes of the affected systems in 'systems'."), field="systems")
    times = {name: _time(payload, name) for name in TIMES}
    detected = times.pop("detected_at")
    if detected is None:
        raise InvalidInput(_("Give detected_at as an ISO 8601 time with its offset."), field="detected_at")
    return IncidentReport(
        text["reference"], text["title"], source, systems, detected, kind, severity, text["description"], times
    )


@transaction.atomic
def record(report: IncidentReport, actor: Any = None) -> tuple[CyberIncident, bool]:
    """Create or update the incident of this reference and raise or update its alert; return it and created."""
    for name, limit in (("reference", 200), ("title", 300)):
        if len(getattr(report, name)) > limit:
            raise InvalidInput(
                _("%(field)s is longer than %(limit)d characters.") % {"field": name, "limit": limit}, field=name
            )
    for name, choices in (("kind", IncidentKind), ("severity", alerts.Severity), ("source", IncidentSource)):
        _choice({name: getattr(report, name)}, name, choices, "")
    codes = sorted(set(report.systems))
    systems = list(InformationSystem.objects.filter(code__in=codes))
    missing = sorted(set(codes) - {system.code for system in systems})
    if missing:
        raise InvalidInput(
            _("Unknown system codes: %(codes)s; register them in the inventory first.") % {"codes": ", ".join(missing)},
            field="systems",
        )
    values: dict[str, Any] = {
        "title": report.title, "description": report.description, "kind": report.kind, "severity": report.severity,
        "source": report.source, "detected_at": report.detected_at,
        **{name: value for name, value in report.times.items() if value is not None},
    }  # fmt: skip
    for name in ("contained_at", "resolved_at"):
        if values.get(name) is not None and values[name] < report.detected_at:
            raise InvalidInput(_("%(field)s comes before detected_at.") % {"field": name}, field=name)
    incident, created = CyberIncident.objects.update_or_create(reference=report.reference, defaults=values)
    incident.systems.set(systems)
    raise_incident_alert(incident, actor)
    return incident, created


def raise_incident_alert(incident: CyberIncident, actor: Any = None) -> alerts.Alert | None:
    """Raise or update the incident's alert (restricted to its audience), and mark the retreat once it is resolved."""
    agencies = audience_agencies(incident)
    severe = incident.severity in SEVERE
    data = alerts.AlertInput(
        title=incident.title, source=alerts.Source.CYBER, category=alerts.Category.CYBER, severity=incident.severity,
        sector=Sector.objects.filter(code=SECTOR).first(), description=incident.description,
        details={
            "incident": incident.pk, "systems": sorted(s.code for s in incident.systems.all()),
            "restricted_to": sorted(agency.pk for agency in agencies),
            # Operators may not see it: the team acts as the IOC on it (alerts.procedures.acting_ioc).
            **({"steward": team.pk} if (team := team_agency()) is not None else {}),
        },
        procedure=alerts.ProcedureName.IMMEDIATE if severe else "",
        procedure_reason=_("A severe cyber-security incident is handled at once (Decree 85/2016, Art. 9).")
        if severe else "",
        external_ref=f"cyber:{incident.reference}", observed_at=incident.detected_at,
    )  # fmt: skip
    if (
        incident.alert_id is not None
        and not alerts.Alert.objects.filter(pk=incident.alert_id, state__in=alerts.OPEN_STATES).exists()
    ):
        return None  # the alert's procedure has ended; the register keeps the incident's later times
    alert, created = alerts.raise_alert(data, actor)
    if created:
        CyberIncident.objects.filter(pk=incident.pk).update(alert=alert)
        incident.alert = alert
        for agency in agencies:
            alerts.notify_agency(alert, agency, _("cyber-security incident on your systems"))
    if incident.resolved_at is not None and alert.retreated_at is None:
        alerts.record_retreat(alert, {"resolved_at": incident.resolved_at.isoformat()})
    return alert


def _text(payload: dict[str, Any], name: str) -> str:
    value = payload.get(name, "")
    if not isinstance(value, str):
        raise InvalidInput(_("%(field)s must be text.") % {"field": name}, field=name)
    return value.strip()


def _choice(payload: dict[str, Any], name: str, choices: Any, default: str) -> str:
    value = payload.get(name) or default
    if value not in choices.values:
        raise InvalidInput(
            _("Unknown %(field)s '%(value)s'; use one of: %(allowed)s.")
            % {"field": name, "value": value, "allowed": ", ".join(choices.values)},
            field=name,
        )
    return str(value)


def _time(payload: dict[str, Any], name: str) -> datetime.datetime | None:
    value = payload.get(name)
    if value in (None, ""):
        return None
    try:
        parsed = parse_datetime(value) if isinstance(value, str) else None
    except ValueError:  # well-formed but impossible, e.g. month 13
        parsed = None
    if parsed is None or parsed.tzinfo is None:
        raise InvalidInput(
            _("%(field)s must be an ISO 8601 time with its offset, e.g. 2026-03-01T08:30:00+07:00.") % {"field": name},
            field=name,
        )
    return parsed
