"""Figures of the health service computed from the data: incidence per 100,000, vaccination coverage, beds.

Choropleth classes are quantiles of the values (five classes, the indicator page's colours), so the map's
colours and the legend come from the same limits (indicators/static/indicators/choropleth.js draws them).
"""

import datetime
import itertools
from dataclasses import dataclass
from typing import Any

from django.db.models import Max, Sum

from core.formats import fmt_number
from gis_core.models import AdminUnit
from sectors.health.models import CaseCount, CommunePopulation, Facility, VaccinationCoverage

CLASS_COLOURS = ("#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494")
NO_VALUE_COLOUR = "#bbbbbb"


def latest_week() -> datetime.date | None:
    return CaseCount.objects.aggregate(latest=Max("week_start"))["latest"]


def populations(year: int) -> dict[int, int]:
    """Unit id -> inhabitants in the year (or the latest earlier year with a figure)."""
    found: dict[int, int] = {}
    for row in CommunePopulation.objects.filter(year__lte=year).order_by("unit_id", "-year"):
        found.setdefault(row.unit_id, row.population)
    return found


def incidence(disease: str, week: datetime.date) -> dict[str, float]:
    """Unit code -> cases of the week per 100,000 inhabitants (units with a population; no row counts 0)."""
    people = populations(week.year)
    cases = dict(
        CaseCount.objects.filter(disease=disease, week_start=week).values_list("unit_id").annotate(n=Sum("cases"))
    )
    codes = dict(AdminUnit.objects.filter(pk__in=people).values_list("pk", "code"))
    return {codes[unit]: round(100_000 * cases.get(unit, 0) / count, 2) for unit, count in people.items() if count}


def vaccination(year: int) -> dict[str, float]:
    """Unit code -> share of children under one fully immunised in the year."""
    rows = VaccinationCoverage.objects.filter(year=year).select_related("unit")
    return {row.unit.code: row.percent for row in rows if row.percent is not None}


def latest_vaccination_year() -> int | None:
    return VaccinationCoverage.objects.aggregate(latest=Max("year"))["latest"]


def choropleth(values: dict[str, float], label: str, fmt: str) -> dict[str, Any]:
    """The data choropleth.js reads: classes, colours, legend, values."""
    ordered = sorted(values.values())
    breaks = [ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1) / 5))] for q in range(6)] if ordered else []
    classes = {code: next((i for i in range(5) if value <= breaks[i + 1]), 4) for code, value in values.items()}
    legend = [(CLASS_COLOURS[i], f"{fmt_number(low, 1)} \u2013 {fmt_number(high, 1)}")
              for i, (low, high) in enumerate(itertools.pairwise(breaks))]  # fmt: skip
    return {"values": values, "classes": classes, "colours": CLASS_COLOURS, "none": NO_VALUE_COLOUR,
            "label": label, "format": fmt, "legend": legend}  # fmt: skip


@dataclass
class Beds:
    facilities: int
    beds: int
    reporting_beds: int
    occupied: int

    @property
    def occupancy(self) -> float | None:
        return round(100 * self.occupied / self.reporting_beds, 1) if self.reporting_beds else None


def beds() -> Beds:
    """Facilities, beds, and occupancy over the facilities that report it."""
    every = Facility.objects.aggregate(beds=Sum("beds"))
    reporting = Facility.objects.filter(occupied_beds__isnull=False).aggregate(
        beds=Sum("beds"), occupied=Sum("occupied_beds")
    )
    return Beds(Facility.objects.count(), every["beds"] or 0, reporting["beds"] or 0, reporting["occupied"] or 0)


def week_totals(week: datetime.date) -> list[tuple[str, int]]:
    """Disease code -> cases in the province in the week, largest first."""
    rows = CaseCount.objects.filter(week_start=week).values_list("disease").annotate(n=Sum("cases")).order_by("-n")
    return [(code, total) for code, total in rows if total]
