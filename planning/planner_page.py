"""The planners' page (sign-in required): lots by filter or map selection, paged, exported; implementation per unit."""

import datetime
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.contrib.gis.db.models import Extent
from django.core.paginator import Page, Paginator
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accounts.permissions import has_permission
from core.errors import InvalidInput, NotFound
from core.formats import fmt_date, fmt_percent
from planning.implementation import implementation
from planning.lot_export import EXPORT_FORMATS, lot_rows
from planning.lot_layer import MIN_ZOOM as LOTS_MIN_ZOOM
from planning.lot_search import MAX_IDS, MAX_LIMIT, LotFilter
from planning.models import LandUseCode, LandUseGroup, Plan, ZoningLot
from portal.map_config import MapOptions

PAGE_ROWS = 50
# Parameters of the page itself, not of the lot filter: left out of export links and the API calls of planner.js.
PAGE_PARAMS = {"page", "part", "format", "limit", "offset"}
# Implementation rate classes of the units map: (upper limit of the rate, colour), light to dark; planner.js colours
# the units with exactly these, and the legend under the map lists them.
RATE_CLASSES: tuple[tuple[float, str], ...] = (
    (0.2, "#f2e6c9"),
    (0.4, "#c2dcae"),
    (0.6, "#8cc48f"),
    (0.8, "#4f9f66"),
    (1.0, "#1a7f37"),
)
NO_RATE_COLOUR = "#bbbbbb"


@require_GET
@login_required
def planner_page(request: HttpRequest) -> HttpResponse:
    """Show the filter form, the chosen lots (map and paged table) with export links and a plan's implementation."""
    context: dict[str, Any] = {
        "plans": Plan.objects.order_by("name").only("pk", "code", "name"),
        "land_uses": LandUseCode.objects.all(),
        "groups": LandUseGroup.choices,
        "query": request.GET,
        "may_import": has_permission(request.user, "planning.import"),
    }
    try:
        chosen = LotFilter.from_params(request.GET)
        context |= _results(request, chosen)
    except (InvalidInput, NotFound) as exc:
        # The form shows the message next to the filters rather than a JSON error page.
        context["error"] = exc.message
        return render(request, _template(request), context, status=exc.status)
    if chosen.plan is not None and request.GET.get("part") != "results":
        context["implementation"] = _implementation(chosen)
    return render(request, _template(request), context)


def _template(request: HttpRequest) -> str:
    # planner.js asks for the results alone (?part=results) when the selection on the map changes.
    return "planning/includes/lot_results.html" if request.GET.get("part") == "results" else "planning/planner.html"


def _results(request: HttpRequest, chosen: LotFilter) -> dict[str, Any]:
    """The page of chosen lots, its page links, export links and the map of the filter's lots."""
    selection = chosen.apply(ZoningLot.objects.all())
    pages = Paginator(selection, PAGE_ROWS)
    page = pages.get_page(request.GET.get("page"))
    # The map opens on the chosen lots (the selection, or every lot of the filter when nothing is picked yet).
    extent = selection.aggregate(box=Extent("geom"))["box"]
    return {
        "total": pages.count,
        "page": page,
        "rows": lot_rows(selection[(page.number - 1) * PAGE_ROWS : page.number * PAGE_ROWS], with_geometry=False),
        "paging": _page_links(request, page),
        "exports": _export_links(request),
        "export_limit": MAX_LIMIT,
        "selected_ids": chosen.ids,
        "max_ids": MAX_IDS,
        "filter_query": _without(request.GET, PAGE_PARAMS | {"ids"}).urlencode(),
        "lots_api": reverse("planning_api:lots"),
        "lots_layer_api": reverse("planning_api:lots-layer"),  # the map's lots: not an export, so not audited
        "lots_min_zoom": LOTS_MIN_ZOOM,
        "picker_labels": _picker_labels(),
        "lots_map_options": MapOptions(layers=("admin-units",), fit_bounds=extent, popups=False),
    }


def _picker_labels() -> dict[str, str]:
    """The texts planner.js writes, with %(name)s placeholders it fills in (ui.interpolate)."""
    return {
        "zoom": _("Zoom in to see the lots and click them."),
        "loading": _("Loading the lots…"),
        "selected": _("Lots selected: %(n)s."),
        "tooMany": _(
            "The box holds %(n)s lots; at most %(most)s can be selected. Draw a smaller box or narrow the filters."
        ),
        "failed": _("The lots could not be loaded: %(reason)s"),
        "drawOn": _("Drag on the map to draw the box"),
    }


def _without(params: QueryDict, names: set[str]) -> QueryDict:
    kept = params.copy()
    for name in names:
        kept.pop(name, None)
    return kept


def _page_links(request: HttpRequest, page: Page[Any]) -> dict[str, Any]:
    """Links to the previous and next pages, and (label, link) of the pages around this one (gaps have no link)."""
    params = _without(request.GET, {"page", "part"})

    def link(number: int) -> str:
        params["page"] = str(number)
        return f"?{params.urlencode()}"

    numbers: list[tuple[str, str | None]] = []
    for number in page.paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1):
        if number == page.paginator.ELLIPSIS:
            numbers.append(("…", None))
        else:
            numbers.append((str(number), None if number == page.number else link(int(number))))
    return {
        "previous": link(page.previous_page_number()) if page.has_previous() else None,
        "next": link(page.next_page_number()) if page.has_next() else None,
        "numbers": numbers,
    }


def _export_links(request: HttpRequest) -> list[tuple[str, str]]:
    params = {key: value for key, value in request.GET.items() if key not in PAGE_PARAMS}
    base = reverse("planning_api:lots")
    return [(name, f"{base}?{urlencode({**params, 'format': name, 'limit': MAX_LIMIT})}") for name in EXPORT_FORMATS]


def _implementation(chosen: LotFilter) -> dict[str, Any]:
    """The implementation table of the chosen plan, or the reason it cannot be computed."""
    assert chosen.plan is not None
    try:
        answer = implementation(chosen.plan, chosen.on_date)
    except NotFound as exc:
        return {"error": exc.message}
    rates: dict[str, float | None] = {}
    for unit in answer["units"]:
        for group in unit["groups"]:
            rate = group["implementation_rate"]
            group["rate_pct"] = None if rate is None else rate * 100
            if group["group"] == LandUseGroup.NON_AGRICULTURAL:
                rates[unit["code"]] = rate
    params = {"plan": chosen.plan.code, "date": chosen.on_date.isoformat(), "format": "csv"}
    csv_url = f"{reverse('planning_api:implementation')}?{urlencode(params)}"
    urban_csv_url = f"{reverse('planning_api:implementation')}?{urlencode({**params, 'table': 'urban'})}"
    # The map opens on the plan's area; the units, coloured by their rate, are drawn above land use (listed last).
    boundary = chosen.plan.boundary
    map_options = MapOptions(
        layers=("land-use-status", "admin-units"), fit_bounds=boundary.extent if boundary is not None else None
    )
    return {
        **answer,
        "rates": rates,
        "rate_map": _rate_map(rates),
        "legend": _rate_legend(),
        "survey_date": fmt_date(datetime.date.fromisoformat(answer["survey"]["reference_date"])),
        "csv_url": csv_url,
        "urban_csv_url": urban_csv_url,
        "map_options": map_options,
    }  # fmt: skip


def _rate_map(rates: dict[str, float | None]) -> dict[str, Any]:
    """What indicators/choropleth.js needs to colour the units: each unit's class, the colours, popup values."""
    known = {code: rate for code, rate in rates.items() if rate is not None}
    classes = {code: next((i for i, (high, _c) in enumerate(RATE_CLASSES) if rate <= high), len(RATE_CLASSES) - 1)
               for code, rate in known.items()}  # fmt: skip
    return {
        "classes": classes,
        "colours": [colour for _high, colour in RATE_CLASSES],
        "none": NO_RATE_COLOUR,
        "values": {code: rate * 100 for code, rate in known.items()},
        "format": "percent",
        "label": _("Non-agricultural land implemented"),
        "legend": _rate_legend(),
    }


def _rate_legend() -> list[tuple[str, str]]:
    """(colour, label) of each rate class and of units with nothing planned, as the map draws them."""
    legend = []
    low = 0.0
    for high, colour in RATE_CLASSES:
        legend.append((colour, f"{fmt_percent(low * 100, 0)} \u2013 {fmt_percent(high * 100, 0)}"))
        low = high
    legend.append((NO_RATE_COLOUR, _("No non-agricultural land planned")))
    return legend
