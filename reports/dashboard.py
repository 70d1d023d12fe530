"""The leadership dashboard: the province at a glance (open and overdue alerts by service and unit, data freshness,
the key indicators, the last backup and the latest reports), read live from the database."""

import datetime
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone

from alerts.api import Alert
from backups.models import Backup
from core.names import localized
from datahub.models import Dataset, Freshness
from gis_core.models import english_unit_name
from indicators import figures
from reports.models import Report


@dataclass
class Dashboard:
    by_service: list[Any] = field(default_factory=list)  # rows of .values(): service, open, overdue
    by_unit: list[Any] = field(default_factory=list)
    open_total: int = 0
    overdue_total: int = 0
    freshness: list[tuple[str, str, int]] = field(default_factory=list)
    stale: list[tuple[Dataset, str, str]] = field(default_factory=list)
    indicators: list[figures.IndicatorRow] = field(default_factory=list)
    last_backup: Backup | None = None
    reports: list[Report] = field(default_factory=list)


def build(today: datetime.date, units: int = 15) -> Dashboard:
    now = timezone.now()
    overdue = Q(deadline_at__lte=now)
    open_alerts = Alert.objects.visible_to(None).open()  # one board for all readers: no restricted alert
    board = Dashboard(open_total=open_alerts.count(), overdue_total=open_alerts.filter(overdue).count())
    board.by_service = list(
        open_alerts.values("sector__number", "sector__name", "sector__name_en")
        .annotate(open=Count("id"), overdue=Count("id", filter=overdue))
        .order_by("sector__number")
    )
    for row in board.by_service:
        row["sector_label"] = localized(row["sector__name"] or "", row["sector__name_en"] or "")
    board.by_unit = list(
        open_alerts.filter(units__isnull=False)
        .values("units__code", "units__name", "units__kind")
        .annotate(open=Count("id", distinct=True), overdue=Count("id", filter=overdue, distinct=True))
        .order_by("-open", "units__name")[:units]
    )
    for row in board.by_unit:
        row["unit_label"] = localized(row["units__name"], english_unit_name(row["units__name"], row["units__kind"]))
    datasets = list(Dataset.objects.filter(is_active=True).select_related("provider"))
    states = {dataset.pk: dataset.freshness(now) for dataset in datasets}
    counts = Counter(states.values())
    board.freshness = [(state, str(label), counts[state]) for state, label in Freshness.choices]
    labels = dict(Freshness.choices)
    board.stale = [(dataset, states[dataset.pk], str(labels[states[dataset.pk]])) for dataset in datasets
                   if states[dataset.pk] in (Freshness.LATE, Freshness.INTERRUPTED)]  # fmt: skip
    board.indicators = figures.table(today)
    board.last_backup = Backup.objects.order_by("-started_at").first()
    board.reports = list(Report.objects.order_by("-generated_at")[:5])
    return board
