"""Figures of the health service computed from the data: incidence per 100,000, vaccination coverage, beds.

The maps' classes and colours come from indicators/choropleth.py, like the indicator page's.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Max, Sum

from gis_core.models import AdminUnit
from sectors.health.models import CaseCount, CommunePopulation, Facility, VaccinationCoverage


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
