"""The health block of /services/health/: facilities on the map and figures computed from the case counts."""

from typing import Any

from django.db.models import Sum

from alerts import api
from sectors.health import diseases, figures, layer
from sectors.health.models import CaseCount
from sectors.health.outbreaks import REF_PREFIX, week_label
from services.panels import ServicePanel


class HealthPanel(ServicePanel):
    template_name = "health/panel.html"

    def layers(self) -> list[str]:
        return [layer.SLUG]

    def context(self) -> dict[str, Any]:
        week = figures.latest_week()
        totals = figures.week_totals(week) if week else []
        year = figures.latest_vaccination_year()
        coverage = figures.vaccination(year) if year else {}
        outbreaks = (
            api.Alert.objects.visible_to(self.request.user).open().filter(external_ref__startswith=f"{REF_PREFIX}:")
        )
        year_cases = (
            CaseCount.objects.filter(week_start__year=week.year, week_start__lte=week).aggregate(n=Sum("cases"))["n"]
            if week else None
        )  # fmt: skip
        return {
            "week": week, "week_label": week_label(week) if week else "",
            "totals": [(diseases.BY_CODE[code].name, code, cases) for code, cases in totals],
            "year_cases": year_cases or 0, "week_cases": sum(cases for _code, cases in totals),
            "outbreaks": outbreaks.order_by("-appeared_at")[:10], "outbreak_count": outbreaks.count(),
            "beds": figures.beds(), "vaccination_year": year,
            "coverage_low": sum(1 for value in coverage.values() if value < 90), "coverage_units": len(coverage),
        }  # fmt: skip
