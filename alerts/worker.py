"""The alerts worker: finds due deadlines and reminders and acts on them, safely beside other copies of itself.

Each due alert is claimed by a conditional UPDATE (its next action is due AND its schedule version is the one
read) inside the transaction that then acts on it. The UPDATE locks the row, so a second worker, or an
operator's transition, waits, re-reads the row after the first commits and no longer matches: no reminder
goes out twice. A crash rolls the claim back with the work, so nothing is lost either.
"""

import dataclasses
import datetime
import logging
import threading

from django.db import transaction
from django.db.models import F

from alerts import clock
from alerts.choices import EventKind
from alerts.models import Alert
from alerts.transitions import act_on_due

logger = logging.getLogger(__name__)


@dataclasses.dataclass
class RunReport:
    """What one pass of the worker did."""

    due: int = 0
    claimed: int = 0
    overdue: int = 0
    reminders: int = 0

    def __str__(self) -> str:
        return f"due={self.due} claimed={self.claimed} overdue={self.overdue} reminders={self.reminders}"


def run_once(batch: int = 500) -> RunReport:
    """Act on every alert due now (up to batch of them); return what was done."""
    now = clock.now()
    report = RunReport()
    candidates = list(
        Alert.objects.filter(next_action_at__lte=now)
        .order_by("next_action_at")
        .values_list("pk", "schedule_version")[:batch]
    )
    report.due = len(candidates)
    for pk, version in candidates:
        kinds = _claim_and_act(pk, version, now)
        if kinds is None:
            continue
        report.claimed += 1
        report.overdue += kinds.count(EventKind.OVERDUE)
        report.reminders += kinds.count(EventKind.REMINDER)
    return report


def _claim_and_act(pk: int, version: int, now: datetime.datetime) -> list[str] | None:
    with transaction.atomic():
        claimed = Alert.objects.filter(pk=pk, schedule_version=version, next_action_at__lte=now).update(
            schedule_version=F("schedule_version") + 1
        )
        if not claimed:
            return None  # another worker or a transition got there first
        alert = Alert.objects.get(pk=pk)
        return [record.kind for record in act_on_due(alert, now)]


def run_forever(interval: float, batch: int, stop: threading.Event) -> None:
    """Run passes every interval seconds until stop is set; a full batch runs again at once."""
    while not stop.is_set():
        report = run_once(batch)
        if report.claimed:
            logger.info("alerts worker pass: %s", report)
        if report.due < batch:
            stop.wait(interval)
