"""Running the layer-fed rules (spatial, raster): when one of their input layers is imported, and on schedule.

A run is claimed like a due alert: a conditional UPDATE (the rule is due AND its run_version is the one read)
inside the transaction that then runs it, so two workers, or a worker and an import, never run a rule twice at
once, and a crash rolls the claim back with the run's alerts. A rule whose parameters no longer hold (a layer
renamed, a column dropped) records the message on the rule, for the admin to read, and raises nothing.
"""

import datetime
import logging
import time
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from alert_rules.rules import RunResult, rule_type_for, run_rule
from alerts.api import AlertRule
from core.errors import InvalidInput

logger = logging.getLogger(__name__)


@dataclass
class RuleRun:
    """What one run of a rule did, or why it could not run."""

    rule: AlertRule
    result: RunResult = field(default_factory=RunResult)
    error: str = ""
    seconds: float = 0.0
    skipped: bool = False  # inactive, or of a type that reads no layer

    def as_dict(self, trigger: str) -> dict[str, Any]:
        if self.error:
            return {"trigger": trigger, "error": self.error}
        return {
            "trigger": trigger, "created": len(self.result.created), "updated": len(self.result.updated),
            "unchanged": len(self.result.unchanged), "retreated": len(self.result.retreated),
            "seconds": round(self.seconds, 3),
        }  # fmt: skip


def reads_layers(rule: AlertRule) -> bool:
    """Whether the rule's type reads catalogue layers (and so may run on a schedule)."""
    try:
        return rule_type_for(rule).reads_layers
    except InvalidInput:
        return False  # an unknown type reads nothing; the admin refuses such a rule


def rules_reading(slug: str) -> list[AlertRule]:
    """The active rules that read the layer."""
    rules = []
    for rule in AlertRule.objects.filter(is_active=True).order_by("key"):
        try:
            if slug in rule_type_for(rule).input_layers():
                rules.append(rule)
        except InvalidInput:
            continue  # an unknown type reads no layer
    return rules


def run_for_layer(slug: str) -> list[RuleRun]:
    """Run every active rule that reads the layer, now; a rule another worker is running is left to it."""
    rules = rules_reading(slug)
    now = timezone.now()
    # Due first, committed: if this process stops half-way, the worker runs what is left.
    AlertRule.objects.filter(pk__in=[rule.pk for rule in rules]).update(next_run_at=now)
    runs = []
    for rule in rules:
        version = AlertRule.objects.filter(pk=rule.pk).values_list("run_version", flat=True).get()
        run = claim_and_run(rule.pk, version, now, f"layer:{slug}")
        if run is not None:
            runs.append(run)
    return runs


def run_due(now: datetime.datetime, batch: int = 100) -> list[RuleRun]:
    """Run the rules whose scheduled time has come (up to batch of them)."""
    candidates = list(
        AlertRule.objects.filter(next_run_at__lte=now).order_by("next_run_at").values_list("pk", "run_version")[:batch]
    )
    runs = []
    for pk, version in candidates:
        run = claim_and_run(pk, version, now, "schedule")
        if run is not None:
            runs.append(run)
    return runs


def claim_and_run(pk: int, version: int, now: datetime.datetime, trigger: str) -> RuleRun | None:
    """Claim the due rule and run it in the same transaction; None when someone else claimed it first."""
    with transaction.atomic():
        claimed = AlertRule.objects.filter(pk=pk, run_version=version, next_run_at__lte=now).update(
            run_version=F("run_version") + 1
        )
        if not claimed:
            return None
        rule = AlertRule.objects.get(pk=pk)
        if not (rule.is_active and reads_layers(rule)):
            AlertRule.objects.filter(pk=pk).update(next_run_at=None)  # put to rest until reactivated
            return RuleRun(rule, skipped=True)
        run = _run(rule)
        following = now + rule.run_every if rule.run_every is not None else None
        AlertRule.objects.filter(pk=pk).update(next_run_at=following, last_run_at=now, last_run=run.as_dict(trigger))
        return run


def _run(rule: AlertRule) -> RuleRun:
    started = time.perf_counter()
    try:
        with transaction.atomic():  # a failing run writes no alert; the claim and the message stay
            result = run_rule(rule, None)
    except InvalidInput as exc:
        logger.warning("alert rule %s cannot run: %s", rule.key, exc.message)
        return RuleRun(rule, error=exc.message, seconds=time.perf_counter() - started)
    return RuleRun(rule, result, seconds=time.perf_counter() - started)
