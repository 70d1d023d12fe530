"""The one door into the alerts engine for other apps: raise an alert, record a retreat, tell people, query.

Apps outside `alerts/` import only this module (tests/alerts/test_one_door.py holds them to it). What lies behind
it — intake, transitions, procedures, the outbox — may change without touching them. The model classes and the words
of the procedures are re-exported here for queries and type hints; the steps themselves are methods of Alert
(verify, reject, add_note, ...). The two apps above register here: the rule engine (alert_rules) in RULE_ENGINES,
and the app that sends the notices (delivery) its courier in COURIERS; delivery renders each Outbox row from its
snapshot alone, and its worker runs the alerts' pass through run_due.
"""

from dataclasses import dataclass
from typing import Any

from django.db import transaction

from agencies.models import Agency
from alerts import evidence, notifications, worker
from alerts.api_views import ACTIONS
from alerts.cap import CapFacts
from alerts.choices import (
    OPEN_STATES,
    Audience,
    Category,
    EventKind,
    ProcedureName,
    Severity,
    Source,
    State,
    Undelivered,
)
from alerts.citizen_reports import REPORT_SOURCES, ReportSource
from alerts.couriers import COURIERS, OUTBOX_INLINES, Courier, Gap, courier
from alerts.feeds import FEED_SIZE, public_alerts_in_force
from alerts.intake import AlertInput, units_touched
from alerts.intake import raise_alert as _raise_alert
from alerts.models import Alert, AlertEvent, AlertQuerySet, AlertRule, Outbox, SectorRoute, sees_all_restricted
from alerts.notify_models import PROVINCE_AUDIENCES, ProvinceRecipient
from alerts.pass_memo import remembered, worker_pass
from alerts.report_models import Evidence
from alerts.rule_engines import RULE_ENGINES, RuleEngine
from alerts.worker import RunReport

__all__ = [
    "COURIERS", "FEED_SIZE", "OPEN_STATES", "OUTBOX_INLINES", "PROVINCE_AUDIENCES", "REPORT_SOURCES", "RULE_ENGINES",
    "Alert", "AlertEvent", "AlertInput", "AlertQuerySet", "AlertRule", "Audience", "CapFacts", "Category", "Courier",
    "EventKind", "Evidence", "Gap", "Outbox", "ProcedureName", "ProvinceRecipient", "ReportSource", "RuleEngine",
    "RunReport", "SectorRoute", "Severity", "Source", "State", "Tell", "Undelivered", "action_names", "audience_gaps",
    "find_open", "notify_agency", "notify_operators", "open_evidence", "public_alerts_in_force", "raise_alert",
    "record_retreat", "remembered", "run_due", "sees_all_restricted", "units_touched", "worker_pass",
]  # fmt: skip


# ---- Raise, retreat, tell ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Tell:
    """Whom a newly raised alert is told about at once, in the same transaction: an agency, the operators, or both.

    The body defaults to the alert's description. Nothing is sent when the raise only updated an open alert.
    """

    what: str
    agency: Agency | None = None
    operators: bool = False
    body: str | None = None


def raise_alert(data: AlertInput, actor: Any = None, *, tell: Tell | None = None) -> tuple[Alert, bool]:
    """Raise the alert, or update the open one of the same rule and unit or reference; return it and created.

    With `tell`, a new alert is also told to the agency and/or the operators it names (the agency first).
    """
    if tell is None:
        return _raise_alert(data, actor)
    with transaction.atomic():
        alert, created = _raise_alert(data, actor)
        if created:
            subject = notifications.alert_subject(alert, tell.what)
            body = alert.description if tell.body is None else tell.body
            event = _first_event(alert)
            if tell.agency is not None:
                notifications.queue(alert, event, notifications.to_agency(tell.agency, subject, body))
            if tell.operators:
                notifications.queue(alert, event, notifications.to_operators(subject, body))
    return alert, created


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


# ---- Evidence, health, the worker's pass, the API's description ---------------------------------------------------


def open_evidence(item: Evidence, thumb: bool = False) -> Any:
    """Open a piece of evidence's stored file (or its thumbnail) for reading."""
    return evidence.open_file(item, thumb)


def audience_gaps() -> list[Gap]:
    """Every audience without a configured channel, and every audience (or agency) without a recipient."""
    return courier().gaps()


def run_due(batch: int = 500) -> RunReport:
    """Run the rules whose time has come, then act on every alert due now (up to batch of them): the worker's pass."""
    return worker.run_once(batch)


def action_names() -> frozenset[str]:
    """The names of the steps the alerts API takes (/api/v1/alerts/<id>/<action>)."""
    return frozenset(ACTIONS)
