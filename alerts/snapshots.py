"""What a notice must say, taken when it is queued: the Outbox row's snapshot, the seam with the app that sends it.

The sender renders every message from the snapshot alone and never reads the alert back, so an alert edited after
its notice was queued does not change what the notice says. Words are taken in the site's language (Vietnamese),
times as local text, links absolute.
"""

import datetime
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone, translation

if TYPE_CHECKING:
    from agencies.models import Agency
    from alerts.models import Alert, AlertEvent

# An alert may carry its units ({code, name} by code) under this attribute, read with it in one query (alerts.worker).
UNITS_ANNOTATION = "message_units"


def take(alert: "Alert", event: "AlertEvent", agency: "Agency | None") -> dict[str, Any]:
    """The snapshot of a notice about the alert: "context" for message templates, "webhook" for subscribed systems."""
    with translation.override(settings.LANGUAGE_CODE):
        units = units_of(alert)
        link = absolute_url(reverse("alerts:detail", args=[alert.pk]))
        context = {
            "alert_id": alert.pk,
            "title": alert.title,
            "state": _display(alert, "state"),
            "category": _display(alert, "category"),
            "severity": _display(alert, "severity"),
            "procedure": _display(alert, "procedure"),
            "units": ", ".join(unit["name"] for unit in units),
            "lead_agency": str(alert.lead_agency or ""),
            "agency": str(agency or ""),
            "deadline": local_text(alert.deadline_at),
            "resolution_deadline": local_text(alert.resolution_deadline),
            "event": _display(event, "kind"),
            "link": link,
        }
    webhook = {
        "agency": agency.code if agency is not None else None,
        "alert": {
            "id": alert.pk, "title": alert.title, "state": alert.state, "category": alert.category,
            "severity": alert.severity, "procedure": alert.procedure, "units": [unit["code"] for unit in units],
            "lead_agency": alert.lead_agency.code if alert.lead_agency else None,
            "deadline_at": _iso(alert.deadline_at), "url": link,
            "cap_url": absolute_url(reverse("alerts_api:cap", args=[alert.pk])),
        },
        "event": {"seq": event.seq, "kind": event.kind, "at": _iso(event.at)},
    }  # fmt: skip
    return {"context": context, "webhook": webhook}


def _display(instance: models.Model, name: str) -> str:
    """The field's choice label in the current language."""
    return str(getattr(instance, f"get_{name}_display")())


def units_of(alert: "Alert") -> list[dict[str, str]]:
    """The alert's units' codes and names by code: as the worker annotated them (UNITS_ANNOTATION), else read now."""
    rows = getattr(alert, UNITS_ANNOTATION, None)
    if rows is not None:
        return list(rows)
    return [{"code": row["code"], "name": row["name"]} for row in alert.units.order_by("code").values("code", "name")]


def absolute_url(path: str) -> str:
    return settings.ALERTS_SITE_URL.rstrip("/") + path


def local_text(instant: datetime.datetime | None) -> str:
    return timezone.localtime(instant).strftime("%H:%M %d/%m/%Y") if instant is not None else ""


def _iso(instant: datetime.datetime | None) -> str | None:
    return timezone.localtime(instant).isoformat() if instant is not None else None
