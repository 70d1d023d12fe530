"""Figures of the indicator set for pages, exports and reports: series, latest values, unit values, dossier rates.

A province-level indicator has one value per period; a unit-level one has a value per unit, and its province
figure is their sum or average (Indicator.aggregation), computed in the database.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Avg, Count, Sum

from core.names import localized
from indicators import periods
from indicators.models import DossierStat, Indicator, IndicatorValue

SERIES_LENGTH = 12


def province_values(indicator: Indicator, starts: list[datetime.date] | None = None) -> dict[datetime.date, Decimal]:
    """The province figure of each period that has one (of the given periods, or all)."""
    values = IndicatorValue.objects.filter(indicator=indicator)
    if starts is not None:
        values = values.filter(period_start__in=starts)
    if indicator.level == Indicator.Level.PROVINCE:
        rows = values.filter(unit__isnull=True).values_list("period_start", "value")
        return dict(rows)
    aggregate = Sum("value") if indicator.aggregation == Indicator.Aggregation.SUM else Avg("value")
    grouped = values.filter(unit__isnull=False).values("period_start").annotate(figure=aggregate)
    return {row["period_start"]: Decimal(row["figure"]).quantize(Decimal("0.0001")) for row in grouped}


def unit_values(indicator: Indicator, start: datetime.date) -> dict[str, Decimal]:
    """Unit code -> value for one period."""
    rows = IndicatorValue.objects.filter(indicator=indicator, period_start=start, unit__isnull=False)
    return dict(rows.values_list("unit__code", "value"))


def series(
    indicator: Indicator, today: datetime.date, count: int = SERIES_LENGTH
) -> list[tuple[datetime.date, Decimal | None]]:
    """The last count closed periods (oldest first) and the province figure of each (None when missing)."""
    starts = periods.recent(indicator.period, today, count)
    figures = province_values(indicator, starts)
    return [(start, figures.get(start)) for start in starts]


@dataclass
class IndicatorRow:
    """One line of the indicator table."""

    indicator: Indicator
    series: list[tuple[datetime.date, Decimal | None]]
    latest_period: datetime.date | None = None
    latest: Decimal | None = None
    previous: Decimal | None = None
    breach: str = ""
    target_met: bool | None = None
    late: bool = False
    points: list[Decimal] = field(default_factory=list)

    @property
    def latest_label(self) -> str:
        return self.indicator.period_label(self.latest_period) if self.latest_period else ""

    @property
    def change(self) -> Decimal | None:
        """Percent change from the previous period."""
        if self.latest is None or self.previous in (None, 0):
            return None
        assert self.previous is not None
        return ((self.latest - self.previous) / abs(self.previous) * 100).quantize(Decimal("0.1"))

    @property
    def target_share(self) -> Decimal | None:
        """The latest value as a percent of the target."""
        target = self.indicator.target
        if self.latest is None or target in (None, 0):
            return None
        assert target is not None
        return (self.latest / target * 100).quantize(Decimal("0.1"))


def table(today: datetime.date, indicators: list[Indicator] | None = None) -> list[IndicatorRow]:
    """Every active indicator with its recent series, latest value, change, target and warning status."""
    rows = []
    for indicator in indicators or Indicator.objects.filter(is_active=True).select_related("agency"):
        recent = series(indicator, today)
        known = [(start, value) for start, value in recent if value is not None]
        row = IndicatorRow(indicator, recent, points=[value for _start, value in known])
        if known:
            row.latest_period, row.latest = known[-1]
            row.previous = known[-2][1] if len(known) > 1 else None
            row.breach = indicator.breach(row.latest)
            row.target_met = indicator.target_met(row.latest)
        last = recent[-1][0]
        row.late = recent[-1][1] is None and indicator.due_date(last) < today
        rows.append(row)
    return rows


@dataclass
class DossierRow:
    """Administrative procedure results of one agency over a period (service 3)."""

    agency: str
    agency_code: str
    received: int
    on_time: int
    late: int
    in_progress: int

    @property
    def on_time_rate(self) -> float | None:
        resolved = self.on_time + self.late
        return self.on_time / resolved if resolved else None


def dossier_rows(start: datetime.date, end: datetime.date) -> list[DossierRow]:
    """Per agency, the dossiers of the months from start to end (inclusive), worst on-time rate first."""
    grouped = (
        DossierStat.objects.filter(period_start__gte=start, period_start__lte=end)
        .values("agency__name", "agency__name_en", "agency__code")
        .annotate(
            received=Sum("received"),
            on_time=Sum("on_time"),
            late=Sum("late"),
            in_progress=Sum("in_progress"),
            months=Count("period_start", distinct=True),
        )
    )
    rows = [
        DossierRow(
            localized(row["agency__name"], row["agency__name_en"]),
            row["agency__code"],
            row["received"],
            row["on_time"],
            row["late"],
            row["in_progress"],
        )
        for row in grouped
    ]
    return sorted(rows, key=lambda row: (row.on_time_rate if row.on_time_rate is not None else 2, row.agency))
