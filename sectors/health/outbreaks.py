"""Outbreak detection by the endemic channel: a count above the upper quartile raises an epidemic alert.

One alert per disease and commune while it is open (external reference "health-outbreak:<disease>:<unit>"), updated
week after week while the count stays above the channel; a week back inside the channel records the hazard's
retreat on it. The alert is in the health sector with the commune's point, so routing proposes the health
department and the commune; its details link the channel chart (views.outbreak_chart).
"""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from agencies.models import Sector
from alerts import api
from core.formats import fmt_number
from gis_core.models import AdminUnit
from sectors.health import channel, diseases

SECTOR_CODE = "health"
REF_PREFIX = "health-outbreak"


@dataclass
class Detection:
    """What one run found: alerts raised or updated, retreats recorded, diseases without a channel."""

    week: datetime.date
    raised: list[api.Alert] = field(default_factory=list)
    retreated: list[api.Alert] = field(default_factory=list)
    without_history: list[str] = field(default_factory=list)

    def summary(self) -> str:
        lines = [
            _("Week %(week)s: %(raised)d outbreak alerts raised or updated, %(retreated)d retreats recorded.")
            % {"week": week_label(self.week), "raised": len(self.raised), "retreated": len(self.retreated)}
        ]
        if self.without_history:
            names = ", ".join(str(diseases.BY_CODE[code].name) for code in self.without_history)
            lines.append(
                _("No endemic channel (fewer than %(years)d earlier years reported), nothing raised for: %(names)s.")
                % {"years": channel.MIN_HISTORY_YEARS, "names": names}
            )
        return "\n".join(lines)


def week_label(week: datetime.date) -> str:
    iso = week.isocalendar()
    return _("week %(week)d/%(year)d") % {"week": iso.week, "year": iso.year}


def reference(disease: str, unit: AdminUnit) -> str:
    return f"{REF_PREFIX}:{disease}:{unit.code}"


def chart_url(disease: str, unit: AdminUnit, week: datetime.date) -> str:
    iso = week.isocalendar()
    path = reverse("health:outbreak-chart", args=[disease, unit.code])
    return f"{path}?week={iso.year}-W{iso.week:02d}"


def detect(week: datetime.date) -> Detection:
    """Compare the week's counts with the channel for every disease and commune; raise and retreat alerts."""
    rows = channel.compute([week])
    detection = Detection(week)
    sector = Sector.objects.filter(code=SECTOR_CODE).first()
    units = AdminUnit.objects.in_bulk({row.unit_id for row in rows})
    with translation.override(settings.LANGUAGE_CODE):  # stored texts do not depend on who ran the detection
        for row in rows:
            disease = diseases.BY_CODE[row.disease]
            if not row.has_history:
                if row.disease not in detection.without_history:
                    detection.without_history.append(row.disease)
                continue
            unit = units[row.unit_id]
            if row.above(disease.min_cases):
                detection.raised.append(_raise(row, disease, unit, sector))
            elif (alert := api.find_open(reference(row.disease, unit))) is not None and alert.retreated_at is None:
                api.record_retreat(alert, {"week": week.isoformat(), "cases": row.cases,
                                           "upper_quartile": row.upper_quartile})  # fmt: skip
                detection.retreated.append(alert)
    return detection


def _raise(row: channel.ChannelRow, disease: diseases.Disease, unit: AdminUnit, sector: Sector | None) -> api.Alert:
    week = week_label(row.week)
    url = chart_url(row.disease, unit, row.week)
    figures = {
        "disease": disease.name, "unit": unit.name, "week": week, "cases": row.cases,
        "median": fmt_number(row.median, 1), "q3": fmt_number(row.upper_quartile, 1), "years": row.history_years,
    }  # fmt: skip
    title = _("%(disease)s above the endemic channel in %(unit)s: %(cases)d cases in %(week)s") % figures
    description = (
        _(
            "%(cases)d cases of %(disease)s with onset in %(week)s in %(unit)s; the endemic channel of the same weeks "
            "in %(years)d earlier years has a median of %(median)s and an upper quartile of %(q3)s."
        )
        % figures
        + " "
        + _("Channel chart: %(url)s") % {"url": url}
    )
    severe = row.upper_quartile is not None and row.cases >= 2 * max(row.upper_quartile, disease.min_cases)
    data = api.AlertInput(
        title=title, source=api.Source.SECTOR_RULE, category=api.Category.EPIDEMIC,
        severity=api.Severity.SEVERE if severe else api.Severity.MODERATE, sector=sector,
        geom=unit.geom.point_on_surface, dedup_unit=unit, description=description,
        external_ref=reference(row.disease, unit),
        details={
            "rule": "endemic_channel", "disease": row.disease, "unit": unit.code, "week": row.week.isoformat(),
            "cases": row.cases, "median": row.median, "upper_quartile": row.upper_quartile,
            "history_years": row.history_years, "chart_url": url,
        },
    )  # fmt: skip
    alert, _created = api.raise_alert(data)
    return alert
