"""The figures of a periodic report, recomputed from the alert event log alone (never from alerts' current fields).

For a period [start, end): per processing agency, the alerts forwarded to it, accepted and refused (on time or
late against the step's deadline recorded on the event), resolved (on time or late), its overdue steps, the mean
hours from forwarding to acceptance and to the reported result, its reminders, and every refusal with its reason;
per alert, its reminders (sent and missed), overdue marks and whether it passed its resolution deadline; per unit,
the alerts raised, closed and overdue; per step of the procedures, how many were done and how many late. An event's
agency is the one it names, or for a result the lead agency of the latest forwarding before it. Reminders count
every one that fell due: those sent and those missed while the worker was down (logged as reminder_missed).
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_lazy as _

from agencies.models import Agency
from alerts.api import Alert, AlertEvent, EventKind
from gis_core.models import AdminUnit

# The step each transition event completes (Appendices II and III), in the procedures' order.
STEP_OF_KIND = {
    EventKind.VERIFIED: "verify", EventKind.REJECTED: "verify", EventKind.FORWARDED: "forward",
    EventKind.ACCEPTED: "competence", EventKind.REFUSED: "competence", EventKind.RESOLVED: "resolve",
    EventKind.CLOSED: "confirm", EventKind.RETURNED_FOR_REWORK: "confirm",
}  # fmt: skip
STEPS = {
    "verify": _("1. Verify (IOC)"),
    "forward": _("2. Forward (IOC)"),
    "competence": _("3. Accept or refuse (agency)"),
    "resolve": _("4. Resolve and report (agency)"),
    "confirm": _("5. Confirm (IOC)"),
}
AGENCY_STEPS = frozenset({"competence", "resolve"})


@dataclass
class AgencyFigures:
    code: str
    name: str = ""
    forwarded: int = 0
    accepted: int = 0
    refused: int = 0
    answered_on_time: int = 0  # accepted or refused within the 4 hours (deadline procedure)
    answered_late: int = 0
    resolved: int = 0
    resolved_on_time: int = 0
    resolved_late: int = 0
    overdue: int = 0
    reminders: int = 0
    reminders_missed: int = 0
    hours_to_accept: list[float] = field(default_factory=list)
    hours_to_resolve: list[float] = field(default_factory=list)

    @property
    def mean_hours_to_accept(self) -> float | None:
        return _mean(self.hours_to_accept)

    @property
    def mean_hours_to_resolve(self) -> float | None:
        return _mean(self.hours_to_resolve)


@dataclass
class UnitFigures:
    code: str
    name: str = ""
    raised: int = 0
    closed: int = 0
    overdue: int = 0


@dataclass
class StepFigures:
    step: str
    label: str
    done: int = 0
    on_time: int = 0
    late: int = 0
    overdue_marked: int = 0


@dataclass
class AlertFigures:
    """One alert's reminders and overdue marks in the period, and whether it passed its resolution deadline."""

    alert: int
    title: str = ""
    agency: str = ""
    reminders: int = 0
    reminders_missed: int = 0
    overdue: int = 0
    late: bool = False


@dataclass
class Refusal:
    alert: int
    agency: str
    at: datetime.datetime
    reason: str


@dataclass
class AlertHandling:
    """Everything the report says about alert handling in the period."""

    start: datetime.datetime
    end: datetime.datetime
    raised: int = 0
    closed: int = 0
    rejected: int = 0
    reminders: int = 0
    reminders_missed: int = 0
    agencies: list[AgencyFigures] = field(default_factory=list)
    alerts: list[AlertFigures] = field(default_factory=list)
    units: list[UnitFigures] = field(default_factory=list)
    steps: list[StepFigures] = field(default_factory=list)
    refusals: list[Refusal] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "raised": self.raised, "closed": self.closed, "rejected": self.rejected, "reminders": self.reminders,
            "reminders_missed": self.reminders_missed, "alerts": [vars(a) for a in self.alerts],
            "agencies": [{**vars(a), "mean_hours_to_accept": a.mean_hours_to_accept,
                          "mean_hours_to_resolve": a.mean_hours_to_resolve} for a in self.agencies],
            "units": [vars(u) for u in self.units],
            "steps": [{**vars(s), "label": str(s.label)} for s in self.steps],
            "refusals": [{**vars(r), "at": r.at.isoformat()} for r in self.refusals],
        }  # fmt: skip


def alerts_by_agency(start: datetime.datetime, end: datetime.datetime) -> dict[str, set[int]]:
    """The alerts each agency was forwarded (as lead or coordinating) up to the end of the period, among those with
    an event in the period: the alerts of its own report (Article 14.6b)."""
    visible = Alert.objects.visible_to(None)
    touched = AlertEvent.objects.filter(at__gte=start, at__lt=end, alert__in=visible).values("alert_id")
    forwarded = AlertEvent.objects.filter(alert_id__in=touched, at__lt=end, kind=EventKind.FORWARDED)
    found: dict[str, set[int]] = defaultdict(set)
    for alert_id, data in forwarded.values_list("alert_id", "data"):
        for code in [data.get("lead_agency"), *(data.get("coordinating_agencies") or [])]:
            if code:
                found[code].add(alert_id)
    return dict(found)


def alert_handling(
    start: datetime.datetime, end: datetime.datetime, alert_ids: Iterable[int] | None = None
) -> AlertHandling:
    """Fold the events of every alert with an event in [start, end) into the period's figures (of the alerts given)."""
    # A report is read by every reporting role: restricted alerts (cyber incidents) stay out of it.
    touched = AlertEvent.objects.filter(at__gte=start, at__lt=end, alert__in=Alert.objects.visible_to(None))
    if alert_ids is not None:
        touched = touched.filter(alert_id__in=list(alert_ids))
    events = AlertEvent.objects.filter(alert_id__in=touched.values("alert_id"), at__lt=end).order_by("alert_id", "seq")
    report = AlertHandling(start, end)
    per_alert: dict[int, AlertFigures] = {}
    agencies: dict[str, AgencyFigures] = {}
    units: dict[str, UnitFigures] = {}
    steps = {key: StepFigures(key, str(label)) for key, label in STEPS.items()}
    current: dict[int, _AlertState] = {}
    for event in events.only("alert_id", "seq", "at", "kind", "from_state", "data", "reason"):
        state = current.setdefault(event.alert_id, _AlertState())
        state.follow(event)
        if event.at >= start:
            _count(report, event, state, agencies, units, steps)
            _count_alert(event, state, per_alert, agencies)
    names = dict(Agency.objects.filter(code__in=agencies).values_list("code", "name"))
    unit_names = dict(AdminUnit.objects.filter(code__in=units).values_list("code", "name"))
    for figures in agencies.values():
        figures.name = names.get(figures.code, figures.code)
    for unit in units.values():
        unit.name = unit_names.get(unit.code, unit.code)
    report.agencies = sorted(agencies.values(), key=lambda a: (-a.forwarded, a.name))
    report.units = sorted(units.values(), key=lambda u: (-u.raised, u.name))
    report.steps = list(steps.values())
    titles = dict(Alert.objects.filter(pk__in=per_alert).values_list("pk", "title"))
    for row in per_alert.values():
        row.title = titles.get(row.alert, "")
    report.alerts = sorted(
        (row for row in per_alert.values() if row.reminders or row.overdue),
        key=lambda row: (-row.reminders, -row.overdue, row.alert),
    )
    return report


def _count_alert(
    event: AlertEvent, state: "_AlertState", per_alert: dict[int, AlertFigures], agencies: dict[str, AgencyFigures]
) -> None:
    """Reminders and overdue marks by alert and, for reminders, by the lead agency reminded."""
    if event.kind not in (EventKind.REMINDER, EventKind.REMINDER_MISSED, EventKind.OVERDUE):
        return
    row = per_alert.setdefault(event.alert_id, AlertFigures(event.alert_id))
    row.agency = state.lead or row.agency
    if event.kind == EventKind.OVERDUE:
        row.overdue += 1
        row.late = row.late or event.data.get("period") == "resolution"
        return
    missed = event.kind == EventKind.REMINDER_MISSED
    row.reminders += 1
    row.reminders_missed += missed
    if state.lead:
        figures = agencies.setdefault(state.lead, AgencyFigures(state.lead))
        figures.reminders += 1
        figures.reminders_missed += missed


@dataclass
class _AlertState:
    """What the events so far say about one alert: its units, its lead agency and when it was forwarded."""

    units: list[str] = field(default_factory=list)
    lead: str | None = None
    forwarded_at: datetime.datetime | None = None

    def follow(self, event: AlertEvent) -> None:
        if event.kind == EventKind.CREATED:
            self.units = list(event.data.get("units") or [])
        elif event.kind == EventKind.UPDATED and event.data.get("units"):
            self.units = list(event.data["units"])
        elif event.kind == EventKind.FORWARDED:
            self.lead, self.forwarded_at = event.data.get("lead_agency"), event.at


def _count(
    report: AlertHandling, event: AlertEvent, state: _AlertState, agencies: dict[str, AgencyFigures],
    units: dict[str, UnitFigures], steps: dict[str, StepFigures],
) -> None:  # fmt: skip
    kind = event.kind
    data = event.data
    if kind == EventKind.CREATED:
        report.raised += 1
        for code in state.units:
            units.setdefault(code, UnitFigures(code)).raised += 1
    elif kind == EventKind.CLOSED:
        report.closed += 1
        for code in state.units:
            units.setdefault(code, UnitFigures(code)).closed += 1
    elif kind == EventKind.REJECTED:
        report.rejected += 1
    elif kind == EventKind.REMINDER:
        report.reminders += 1
    elif kind == EventKind.REMINDER_MISSED:
        report.reminders += 1
        report.reminders_missed += 1
    elif kind == EventKind.OVERDUE:
        _overdue(event, state, agencies, units, steps)
    step = STEP_OF_KIND.get(EventKind(kind)) if kind in EventKind.values else None
    if step is not None:
        figures = steps[step]
        figures.done += 1
        figures.late += bool(data.get("late"))
        figures.on_time += not data.get("late")
    if kind in (EventKind.FORWARDED, EventKind.ACCEPTED, EventKind.REFUSED, EventKind.RESOLVED):
        _agency_step(report, event, state, agencies)


def _agency_step(
    report: AlertHandling, event: AlertEvent, state: _AlertState, agencies: dict[str, AgencyFigures]
) -> None:
    kind, data = event.kind, event.data
    code = data.get("agency") or data.get("lead_agency") or state.lead
    if not code:
        return
    figures = agencies.setdefault(code, AgencyFigures(code))
    late = bool(data.get("late"))
    if kind == EventKind.FORWARDED:
        figures.forwarded += 1
    elif kind in (EventKind.ACCEPTED, EventKind.REFUSED):
        figures.answered_late += late
        figures.answered_on_time += not late
        if kind == EventKind.ACCEPTED:
            figures.accepted += 1
            if state.forwarded_at is not None:
                figures.hours_to_accept.append(_hours(state.forwarded_at, event.at))
        else:
            figures.refused += 1
            report.refusals.append(Refusal(event.alert_id, code, event.at, event.reason))
    else:
        figures.resolved += 1
        figures.resolved_late += late
        figures.resolved_on_time += not late
        if state.forwarded_at is not None:
            figures.hours_to_resolve.append(_hours(state.forwarded_at, event.at))


def _overdue(event: AlertEvent, state: _AlertState, agencies: dict[str, AgencyFigures], units: dict[str, UnitFigures],
             steps: dict[str, StepFigures]) -> None:  # fmt: skip
    step = {"new": "verify", "verified": "forward", "returned": "forward", "forwarded": "competence",
            "in_progress": "resolve", "resolved": "confirm"}.get(event.data.get("step", ""))  # fmt: skip
    if event.data.get("period") == "resolution":
        step = "resolve"  # the 5 working days from forwarding, passed whether accepted or not
    if step is not None:
        steps[step].overdue_marked += 1
    if event.data.get("party") == "agency" and state.lead:
        agencies.setdefault(state.lead, AgencyFigures(state.lead)).overdue += 1
    for code in state.units:
        units.setdefault(code, UnitFigures(code)).overdue += 1


def _hours(since: datetime.datetime, until: datetime.datetime) -> float:
    return (until - since).total_seconds() / 3600


def _mean(values: Iterable[float]) -> float | None:
    items = list(values)
    return round(sum(items) / len(items), 2) if items else None


@dataclass
class FeedRow:
    """One dataset's feed over the period: its state at the end, what arrived, what was refused, alerts raised."""

    provider: str
    dataset: str
    code: str
    freshness: str
    last_received_at: datetime.datetime | None
    stored: int
    refused: int
    feed_alerts: int


def data_feeds(start: datetime.datetime, end: datetime.datetime) -> list[FeedRow]:
    """Every active dataset, by provider, with its freshness as of the end of the period."""
    from django.db.models import Count, Max, Q

    from alerts.api import Alert, Category
    from datahub.models import Dataset, Delivery

    committed = Q(deliveries__status=Delivery.Status.COMMITTED, deliveries__committed_at__lt=end)
    in_period = Q(deliveries__received_at__gte=start, deliveries__received_at__lt=end)
    datasets = (
        Dataset.objects.filter(is_active=True, created_at__lt=end)
        .select_related("provider")
        .annotate(
            last_stored=Max("deliveries__committed_at", filter=committed),
            stored=Count("deliveries", filter=in_period & Q(deliveries__status=Delivery.Status.COMMITTED)),
            refused=Count("deliveries", filter=in_period & Q(deliveries__status=Delivery.Status.REFUSED)),
        )
    )
    alerts = Alert.objects.filter(category=Category.FEED_INTERRUPTION, appeared_at__gte=start, appeared_at__lt=end)
    raised: dict[str, int] = defaultdict(int)
    for details in alerts.values_list("details", flat=True):
        if isinstance(details, dict) and details.get("dataset"):
            raised[details["dataset"]] += 1
    rows = []
    for dataset in datasets.order_by("provider__name", "code"):
        dataset.last_received_at = dataset.last_stored  # as of the end of the period
        rows.append(FeedRow(str(dataset.provider), dataset.name, dataset.code, dataset.freshness(end),
                            dataset.last_stored, dataset.stored, dataset.refused, raised[dataset.code]))  # fmt: skip
    return rows
