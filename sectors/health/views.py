"""Health pages: the endemic channel chart of a disease in a commune, and the incidence and vaccination maps."""

import datetime

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from accounts.permissions import require_permission
from core.errors import InvalidInput, NotFound
from core.names import display_name
from gis_core.models import AdminUnit
from indicators.choropleth import choropleth
from portal.map_config import MapOptions
from sectors.health import channel, charts, diseases, figures
from sectors.health.cases import parse_week
from sectors.health.models import week_of
from sectors.health.outbreaks import week_label

PERMISSION = "alerts.view"  # IOC staff, as the service pages
CHART_WEEKS = 26
MEASURES = ("incidence", "vaccination")


def _week(request: HttpRequest, default: datetime.date | None) -> datetime.date:
    text = request.GET.get("week")
    if not text:
        return default or week_of(timezone.localdate())
    try:
        return parse_week(text)
    except ValueError as exc:
        raise InvalidInput(str(exc) + ".") from None


def _disease(code: str) -> diseases.Disease:
    disease = diseases.BY_CODE.get(code)
    if disease is None:
        raise NotFound(_("No disease has the code '%(code)s'.") % {"code": code})
    return disease


@require_safe
@login_required
def outbreak_chart(request: HttpRequest, disease: str, unit_code: str) -> HttpResponse:
    """The endemic channel of the disease in the commune over the 26 weeks up to the week asked (SVG)."""
    require_permission(request.user, PERMISSION)
    found = _disease(disease)
    unit = AdminUnit.objects.filter(code=unit_code).first()
    if unit is None:
        raise NotFound(_("No unit has the code '%(code)s'.") % {"code": unit_code})
    week = _week(request, None)
    weeks = [week - datetime.timedelta(weeks=back) for back in range(CHART_WEEKS - 1, -1, -1)]
    rows = channel.compute(weeks, [found.code], unit.pk)
    title = _("%(disease)s in %(unit)s: endemic channel up to %(week)s") % {
        "disease": found.name, "unit": display_name(unit), "week": week_label(week)
    }  # fmt: skip
    legend = {"cases": _("Cases"), "median": _("Median of earlier years"), "upper": _("Upper quartile (channel)")}
    svg = charts.channel_chart(rows, title, legend)
    if not svg:
        raise NotFound(_("No weeks to draw."))
    return HttpResponse(svg, content_type="image/svg+xml; charset=utf-8")


@require_safe
@login_required
def health_maps(request: HttpRequest) -> HttpResponse:
    """Weekly incidence per 100,000 of a disease, or vaccination coverage, by commune as a choropleth."""
    require_permission(request.user, PERMISSION)
    measure = request.GET.get("measure", "incidence")
    if measure not in MEASURES:
        raise InvalidInput(_("Show 'incidence' or 'vaccination'."))
    disease = _disease(request.GET.get("disease", diseases.DISEASES[0].code))
    week = _week(request, figures.latest_week())
    context: dict[str, object] = {
        "measure": measure, "disease": disease, "diseases": diseases.DISEASES, "week": week,
        "week_label": week_label(week), "week_value": f"{week.isocalendar().year}-W{week.isocalendar().week:02d}",
        "map_options": MapOptions(layers=("admin-units",)),
    }  # fmt: skip
    if measure == "incidence":
        values = figures.incidence(disease.code, week)
        label = _("%(disease)s, cases per 100,000 inhabitants, %(week)s") % {
            "disease": disease.name, "week": week_label(week)
        }  # fmt: skip
        fmt = "number"
    else:
        year = figures.latest_vaccination_year() or timezone.localdate().year
        values = figures.vaccination(year)
        label = _("Children under one fully immunised, %(year)d (%%)") % {"year": year}
        context["year"] = year
        fmt = "percent"
    units = {unit.code: display_name(unit) for unit in AdminUnit.objects.only("code", "name", "kind")}
    context.update({
        "label": label, "map_data": choropleth(values, label, fmt),
        "rows": sorted(((units.get(code, code), value) for code, value in values.items()), key=lambda r: -r[1]),
        "missing_units": len(units) - len(values),
    })  # fmt: skip
    return render(request, "health/maps.html", context)
