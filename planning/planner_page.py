"""The planners' page (sign-in required): search lots, export the selection, and read implementation per unit."""

from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from accounts.permissions import has_permission
from core.errors import InvalidInput, NotFound
from planning.implementation import implementation
from planning.lot_export import EXPORT_FORMATS, lot_rows
from planning.lot_search import LotFilter
from planning.models import LandUseCode, LandUseGroup, Plan, ZoningLot
from portal.map_config import MapOptions

PAGE_ROWS = 200


@require_GET
@login_required
def planner_page(request: HttpRequest) -> HttpResponse:
    """Show the filter form, the matching lots with export links and, for one plan, its implementation."""
    context: dict[str, Any] = {
        "plans": Plan.objects.order_by("name").only("pk", "code", "name"),
        "land_uses": LandUseCode.objects.all(),
        "groups": LandUseGroup.choices,
        "query": request.GET,
        "chosen_uses": [code.strip().upper() for code in request.GET.get("land_use", "").split(",") if code],
        "may_import": has_permission(request.user, "planning.import"),
    }
    try:
        chosen = LotFilter.from_params(request.GET)
    except (InvalidInput, NotFound) as exc:
        # The form shows the message next to the filters rather than a JSON error page.
        context["error"] = exc.message
        return render(request, "planning/planner.html", context, status=exc.status)
    selection = chosen.apply(ZoningLot.objects.all())
    context |= {
        "total": selection.count(),
        "rows": lot_rows(selection[:PAGE_ROWS], with_geometry=False),
        "shown": PAGE_ROWS,
        "exports": _export_links(request),
    }
    if chosen.plan is not None:
        context["implementation"] = _implementation(chosen)
    return render(request, "planning/planner.html", context)


def _export_links(request: HttpRequest) -> list[tuple[str, str]]:
    params = {key: value for key, value in request.GET.items() if key not in {"format", "limit", "offset"}}
    base = reverse("planning_api:lots")
    return [(name, f"{base}?{urlencode({**params, 'format': name, 'limit': 5000})}") for name in EXPORT_FORMATS]


def _implementation(chosen: LotFilter) -> dict[str, Any]:
    """The implementation table of the chosen plan, or the reason it cannot be computed."""
    assert chosen.plan is not None
    try:
        answer = implementation(chosen.plan, chosen.on_date)
    except NotFound as exc:
        return {"error": exc.message}
    rates = {
        unit["code"]: group["implementation_rate"]
        for unit in answer["units"]
        for group in unit["groups"]
        if group["group"] == LandUseGroup.NON_AGRICULTURAL
    }
    params = {"plan": chosen.plan.code, "date": chosen.on_date.isoformat(), "format": "csv"}
    csv_url = f"{reverse('planning_api:implementation')}?{urlencode(params)}"
    urban_csv_url = f"{reverse('planning_api:implementation')}?{urlencode({**params, 'table': 'urban'})}"
    # The map opens on the plan's area, with the units coloured by their rate (planner.js) over land use.
    boundary = chosen.plan.boundary
    map_options = MapOptions(fit_bounds=boundary.extent if boundary is not None else None)
    return {**answer, "rates": rates, "csv_url": csv_url, "urban_csv_url": urban_csv_url, "map_options": map_options}
