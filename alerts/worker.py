"""The alerts worker's pass over alerts: acts on due deadlines and reminders and runs scheduled rules.

Each due alert is claimed by a conditional UPDATE (its next action is due AND its schedule version is the one
read) inside the transaction that then acts on it. The UPDATE locks the row, so a second worker, or an
operator's transition, waits, re-reads the row after the first commits and no longer matches: no reminder
goes out twice. A crash rolls the claim back with the work, so nothing is lost either. Claims are committed
in chunks of CLAIMS_PER_COMMIT: one disk flush per chunk instead of per alert, while a transition on a claimed
alert waits at most for the rest of its chunk. Rules whose schedule has come are run first, by the rule engines
registered in alerts.rule_engines (alert_rules claims each rule the same way, in its own transaction). The notices
it queues are planned by the registered courier (alerts.couriers); the app that sends them runs this pass and then
its own (`manage.py alerts_worker`). CAP feeds are read by the tasks worker (alerts.tasks.PollCapFeeds).
"""

import dataclasses
import datetime
import functools
import itertools

from django.contrib.postgres.expressions import ArraySubquery
from django.db import transaction
from django.db.models import F, OuterRef
from django.db.models.functions import JSONObject
from django.utils import timezone

from alerts import pass_memo, rule_engines
from alerts.choices import EventKind
from alerts.models import Alert
from alerts.snapshots import UNITS_ANNOTATION
from alerts.transitions import act_on_due
from gis_core.models import AdminUnit

# Few enough that a transition waits briefly on a claimed alert, and that the savepoints stay in PostgreSQL's
# per-transaction cache of 64 subtransactions.
CLAIMS_PER_COMMIT = 25


@dataclasses.dataclass
class RunReport:
    """What one pass of the worker did."""

    due: int = 0
    claimed: int = 0
    overdue: int = 0
    reminders: int = 0
    rules: int = 0

    def __str__(self) -> str:
        return (
            f"due={self.due} claimed={self.claimed} overdue={self.overdue} reminders={self.reminders} "
            f"rules={self.rules}"
        )


def run_once(batch: int = 500) -> RunReport:
    """Run the rules whose time has come, then act on every alert due now (up to batch of them)."""
    with pass_memo.worker_pass():  # templates, webhooks and recipients are read once for all the notices
        return _run_once(batch)


def _run_once(batch: int) -> RunReport:
    now = timezone.now()
    report = RunReport(rules=rule_engines.run_due(now, batch))
    candidates = list(
        Alert.objects.filter(next_action_at__lte=now)
        .order_by("next_action_at")
        .values_list("pk", "schedule_version")[:batch]
    )
    report.due = len(candidates)
    for chunk in itertools.batched(candidates, CLAIMS_PER_COMMIT):
        with transaction.atomic():  # each claim is a savepoint inside; the chunk commits once
            for pk, version in chunk:
                kinds = _claim_and_act(pk, version, now)
                if kinds is None:
                    continue
                report.claimed += 1
                report.overdue += kinds.count(EventKind.OVERDUE)
                report.reminders += kinds.count(EventKind.REMINDER)
    return report


@functools.cache
def _units() -> dict[str, ArraySubquery]:
    """The alert's units for its messages ({code, name} by code), read with the alert."""
    units = AdminUnit.objects.filter(alerts=OuterRef("pk")).order_by("code")
    return {UNITS_ANNOTATION: ArraySubquery(units.values(json=JSONObject(code="code", name="name")))}


def _claim_and_act(pk: int, version: int, now: datetime.datetime) -> list[str] | None:
    with transaction.atomic():
        claimed = Alert.objects.filter(pk=pk, schedule_version=version, next_action_at__lte=now).update(
            schedule_version=F("schedule_version") + 1
        )
        if not claimed:
            return None  # another worker or a transition got there first
        # The worker never reads the geometry; messages name the lead agency and the units, read in this query.
        alert = Alert.objects.defer("geom").select_related("lead_agency").annotate(**_units()).get(pk=pk)
        return [record.kind for record in act_on_due(alert, now)]
