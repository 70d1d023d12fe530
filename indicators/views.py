"""Pages of the indicator set (service 1) and the administrative procedure results (service 3)."""

import datetime
import itertools
from decimal import Decimal
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.defaultfilters import floatformat
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accounts.permissions import require_permission
from audit.log import record_export
from core.errors import InvalidInput, NotFound
from core.names import display_name
from gis_core.models import AdminUnit
from indicators import charts, exports, figures, periods
from indicators.choropleth import CLASS_COLOURS, NO_VALUE_COLOUR
from indicators.models import Indicator, IndicatorValue
from portal.map_config import MapOptions

PERMISSION = "indicators.view"
CHART_PERIODS = 24


@login_required
@require_GET
def indicator_table(request: HttpRequest) -> HttpResponse:
    """Every indicator with its latest value, trend, change and comparison with the target."""
    require_permission(request.user, PERMISSION)
    rows = figures.table(timezone.localdate())
    context = {"rows": [(row, charts.sparkline(row.points)) for row in rows]}
    return render(request, "indicators/table.html", context)


@login_required
@require_GET
def indicator_detail(request: HttpRequest, code: str) -> HttpResponse:
    """Time series with target and warning limits, values with lineage, and for unit indicators a choropleth."""
    require_permission(request.user, PERMISSION)
    indicator = Indicator.objects.select_related("agency", "sector").filter(code=code).first()
    if indicator is None:
        raise NotFound(_("No indicator '%(code)s'; see the indicator table.") % {"code": code})
    today = timezone.localdate()
    series = figures.series(indicator, today, CHART_PERIODS)
    labels = [indicator.period_label(start) for start, _value in series]
    lines = {
        "dh-target": indicator.target,
        "dh-limit": indicator.warn_above,
        "dh-limit dh-limit--below": indicator.warn_below,
    }
    context: dict[str, Any] = {
        "indicator": indicator,
        "chart": charts.line_chart(series, labels, lines, indicator.display_name),
        "rows": [(label, value, indicator.target_met(value), indicator.breach(value) if value is not None else "")
                 for label, (_start, value) in reversed(list(zip(labels, series, strict=True)))],
    }  # fmt: skip
    if indicator.level == Indicator.Level.UNIT:
        context.update(_choropleth(request, indicator, today))
    return render(request, "indicators/detail.html", context)


def _choropleth(request: HttpRequest, indicator: Indicator, today: datetime.date) -> dict[str, Any]:
    choices = periods.recent(indicator.period, today, CHART_PERIODS)
    chosen = choices[-1]
    if request.GET.get("period"):
        try:
            chosen = periods.parse(indicator.period, request.GET["period"])
        except ValueError as exc:
            raise InvalidInput(str(exc)) from None
    values = figures.unit_values(indicator, chosen)
    breaks = _breaks(list(values.values()))
    classes = {code: _class_of(value, breaks) for code, value in values.items()}
    stored = IndicatorValue.objects.filter(indicator=indicator, period_start=chosen, unit__isnull=False)
    units = {unit.code: display_name(unit) for unit in AdminUnit.objects.only("code", "name", "kind")}
    return {
        "period": chosen, "period_label": indicator.period_label(chosen),
        "period_choices": [(indicator.period_label(start), start == chosen) for start in reversed(choices)],
        "map_options": MapOptions(layers=("admin-units",)),
        "map_data": {"values": {code: float(value) for code, value in values.items()}, "classes": classes,
                     "colours": CLASS_COLOURS, "none": NO_VALUE_COLOUR, "format": "number",
                     "label": f"{indicator.display_name} ({indicator.unit})", "legend": _legend(breaks)},
        "legend": [(CLASS_COLOURS[index], low, high) for index, (low, high) in enumerate(itertools.pairwise(breaks))],
        "unit_rows": [(units.get(value.unit.code, value.unit.code), value) for value in
                      stored.select_related("unit", "delivery__dataset__provider").order_by("-value")
                      if value.unit is not None],
        "missing_units": len(units) - len(values),
    }  # fmt: skip


def _legend(breaks: list[Decimal]) -> list[tuple[str, str]]:
    """(colour, "low to high" label) of each class as the page's legend writes them, for the map's layer switcher."""
    return [(CLASS_COLOURS[index], f"{floatformat(low, '-2g')} \u2013 {floatformat(high, '-2g')}")
            for index, (low, high) in enumerate(itertools.pairwise(breaks))]  # fmt: skip


def _breaks(values: list[Decimal]) -> list[Decimal]:
    """Quantile class limits (six numbers for five classes) of the values."""
    if not values:
        return []
    ordered = sorted(values)
    return [ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1) / 5))] for q in range(6)]


def _class_of(value: Decimal, breaks: list[Decimal]) -> int:
    for index in range(5):
        if value <= breaks[index + 1]:
            return index
    return 4


@login_required
@require_GET
def export_xlsx(request: HttpRequest) -> HttpResponse:
    """The indicator table and the values of the last two years as an XLSX workbook."""
    require_permission(request.user, PERMISSION)
    today = timezone.localdate()
    content = exports.workbook(figures.table(today), today)
    response = HttpResponse(content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="bo-chi-tieu-{today:%Y-%m-%d}.xlsx"'
    record_export(request, f"bo-chi-tieu-{today:%Y-%m-%d}.xlsx", format="XLSX")
    return response


@login_required
@require_GET
def procedures(request: HttpRequest) -> HttpResponse:
    """Administrative procedure results per agency (service 3): on-time rates, late agencies flagged."""
    require_permission(request.user, PERMISSION)
    today = timezone.localdate()
    month = periods.last_closed(periods.MONTH, today)
    quarter_start = periods.shift(periods.MONTH, month, -2)
    context = {
        "month_label": periods.label(periods.MONTH, month),
        "since_label": periods.label(periods.MONTH, quarter_start),
        "month_rows": figures.dossier_rows(month, month),
        "quarter_rows": figures.dossier_rows(quarter_start, month),
    }
    return render(request, "indicators/procedures.html", context)
