"""The public ranking of administrative procedure results (service 3): on-time rates by agency and by commune.

Anyone may read it, signed in or not: it is what citizens and leaders expect from the province's public-service
ranking. Rate = resolved on time / resolved; agencies and communes are ranked best first, ties by more dossiers
resolved; those that resolved nothing in the period are listed after, unranked.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Sum

from core.names import localized
from indicators import periods
from indicators.models import DossierStat

# Periods a reader can choose: the last closed month, or the last three or twelve closed months.
SPANS = {"month": 1, "quarter": 3, "year": 12}


@dataclass
class RankRow:
    """One agency's or commune's results over the period, with its place."""

    name: str
    code: str
    received: int
    on_time: int
    late: int
    overdue: int
    rank: int | None = None

    @property
    def resolved(self) -> int:
        return self.on_time + self.late

    @property
    def on_time_rate(self) -> float | None:
        return self.on_time / self.resolved if self.resolved else None

    @property
    def on_time_percent(self) -> float | None:
        return 100 * self.on_time / self.resolved if self.resolved else None


def span(today: datetime.date, key: str) -> tuple[datetime.date, datetime.date]:
    """The first and last month of the period called key (unknown keys read as the last month)."""
    last = periods.last_closed(periods.MONTH, today)
    return periods.shift(periods.MONTH, last, -(SPANS.get(key, 1) - 1)), last


def by_agency(start: datetime.date, end: datetime.date) -> list[RankRow]:
    grouped = (
        DossierStat.objects.filter(period_start__gte=start, period_start__lte=end)
        .values("agency__code", "agency__name", "agency__name_en")
        .annotate(received=Sum("received"), on_time=Sum("on_time"), late=Sum("late"), overdue=Sum("overdue"))
    )
    rows = [
        RankRow(localized(row["agency__name"], row["agency__name_en"] or ""), row["agency__code"], row["received"],
                row["on_time"], row["late"], row["overdue"])
        for row in grouped
    ]  # fmt: skip
    return _ranked(rows)


def by_commune(start: datetime.date, end: datetime.date) -> list[RankRow]:
    grouped = (
        DossierStat.objects.filter(period_start__gte=start, period_start__lte=end, unit__isnull=False)
        .values("unit__code", "unit__name", "unit__kind")
        .annotate(received=Sum("received"), on_time=Sum("on_time"), late=Sum("late"), overdue=Sum("overdue"))
    )
    rows = [
        RankRow(row["unit__name"], row["unit__code"], row["received"], row["on_time"], row["late"], row["overdue"])
        for row in grouped
    ]
    return _ranked(rows)


def _ranked(rows: list[RankRow]) -> list[RankRow]:
    rated = sorted((row for row in rows if row.on_time_rate is not None),
                   key=lambda row: (-(row.on_time_rate or 0), -row.resolved, row.name))  # fmt: skip
    previous: tuple[float | None, int] | None = None
    for place, row in enumerate(rated, start=1):
        key = (row.on_time_rate, row.resolved)
        row.rank = rated[place - 2].rank if previous == key else place
        previous = key
    return rated + sorted((row for row in rows if row.on_time_rate is None), key=lambda row: row.name)
