"""The one door into the alerts engine for other apps: raise an alert, record a retreat, tell people, query.

Apps outside `alerts/` import only this module (and `alerts.choices` for the words of the procedures). What lies
behind it — intake, transitions, procedures, the outbox — may change without touching them.
"""

from typing import Any

from django.db import transaction

from agencies.models import Agency
from alerts import notifications
from alerts.choices import OPEN_STATES, Category, ProcedureName, Severity, Source, State
from alerts.intake import AlertInput, units_touched
from alerts.intake import raise_alert as _raise_alert
from alerts.models import Alert, AlertEvent, AlertQuerySet, sees_all_restricted

__all__ = [
    "OPEN_STATES", "Alert", "AlertInput", "AlertQuerySet", "Category", "ProcedureName", "Severity", "Source",
    "State", "find_open", "notify_agency", "notify_operators", "raise_alert", "record_retreat", "sees_all_restricted",
    "units_touched",
]  # fmt: skip


def raise_alert(data: AlertInput, actor: Any = None) -> tuple[Alert, bool]:
    """Raise the alert, or update the open one of the same rule and unit or reference; return it and created."""
    return _raise_alert(data, actor)


def find_open(external_ref: str) -> Alert | None:
    """Return the open alert that a source raised under this reference, if any."""
    return Alert.objects.open().filter(external_ref=external_ref).order_by("-pk").first()


def record_retreat(alert: Alert, details: dict[str, Any] | None = None) -> AlertEvent | None:
    """Record that the hazard behind the alert has retreated; its procedure goes on."""
    return alert.record_retreat(details)


def _first_event(alert: Alert) -> AlertEvent:
    event = alert.events.order_by("seq").first()
    if event is None:
        raise ValueError(f"Alert #{alert.pk} has no event to attach a notice to.")
    return event


def notify_agency(alert: Alert, agency: Agency, what: str, body: str = "") -> None:
    """Queue a notice about the alert to an agency's contacts (delivered by the worker through the outbox)."""
    subject = notifications.alert_subject(alert, what)
    with transaction.atomic():
        notifications.queue(alert, _first_event(alert), notifications.to_agency(agency, subject, body))


def notify_operators(alert: Alert, what: str, body: str = "") -> None:
    """Queue a notice about the alert to the IOC operators."""
    subject = notifications.alert_subject(alert, what)
    with transaction.atomic():
        notifications.queue(alert, _first_event(alert), notifications.to_operators(subject, body))
