"""Alerts as GeoJSON features and events as plain dictionaries; instants in Asia/Ho_Chi_Minh with their offset."""

import datetime
import json
from typing import Any

from django.utils import timezone

from alerts.models import Alert, AlertEvent
from core.names import display_name


def local(instant: datetime.datetime | None) -> str | None:
    """An instant as ISO 8601 in local time (+07:00); stored in UTC, shown in Asia/Ho_Chi_Minh."""
    return timezone.localtime(instant).isoformat() if instant is not None else None


def alert_properties(alert: Alert) -> dict[str, Any]:
    return {
        "id": alert.pk,
        "title": alert.title,
        "description": alert.description,
        "source": alert.source,
        "category": alert.category,
        "severity": alert.severity,
        "sector": alert.sector.code if alert.sector else None,
        "procedure": alert.procedure,
        "state": alert.state,
        "state_label": str(alert.get_state_display()),
        "units": [unit.code for unit in alert.units.all()],
        "unit_names": [display_name(unit) for unit in alert.units.all()],
        "lead_agency": alert.lead_agency.code if alert.lead_agency else None,
        "lead_agency_name": display_name(alert.lead_agency) if alert.lead_agency else None,
        "coordinating_agencies": [agency.code for agency in alert.coordinating_agencies.all()],
        "inter_sector": alert.inter_sector,
        "appeared_at": local(alert.appeared_at),
        "observed_at": local(alert.observed_at),
        "forwarded_at": local(alert.forwarded_at),
        "resolved_at": local(alert.resolved_at),
        "closed_at": local(alert.closed_at),
        "deadline_at": local(alert.deadline_at),
        "overdue": alert.is_overdue,
        "resolution_deadline": local(alert.resolution_deadline),
        "pending_extension_until": local(alert.pending_extension_until),
        "reminders_sent": alert.reminders_sent,
        "undelivered": alert.undelivered_labels,
        "leadership_notified_at": local(alert.leadership_notified_at),
        "hazard_retreated_at": local(alert.retreated_at),
        "rule": alert.rule.key if alert.rule else None,
        "details": alert.details,
    }


def alert_feature(alert: Alert) -> dict[str, Any]:
    """One alert as a GeoJSON Feature (EPSG:4326)."""
    geometry = json.loads(alert.geom.geojson) if alert.geom is not None else None
    return {"type": "Feature", "id": alert.pk, "geometry": geometry, "properties": alert_properties(alert)}


def event_dict(event: AlertEvent) -> dict[str, Any]:
    return {
        "seq": event.seq,
        "at": local(event.at),
        "actor": event.actor_label,
        "actor_name": event.actor_name,
        "kind": event.kind,
        "kind_label": str(event.get_kind_display()),
        "from_state": event.from_state,
        "to_state": event.to_state,
        "reason": event.reason,
        "data": event.data,
    }
