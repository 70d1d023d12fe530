"""Views of the planning API: the public lookup and parcel report, and implementation figures for officials."""

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from accounts.permissions import login_or_token_required
from audit.log import record_export
from core.errors import InvalidInput
from gis_core.coords import point_from_query
from planning.exports import csv_response
from planning.implementation import csv_rows, urban_csv_rows
from planning.implementation import implementation as implementation_of
from planning.lookup import lookup as lookup_point
from planning.lot_export import exporter, lot_rows
from planning.lot_layer import lots_in_view
from planning.lot_search import LotFilter
from planning.models import ZoningLot
from planning.params import on_date, plan_from_param
from planning.parcel_input import parcel_from_fields, request_fields
from planning.parcel_report import parcel_report as report_parcel

JSON_PARAMS = {"ensure_ascii": False}
TRUE = {"1", "true", "yes"}


@require_GET
def lookup(request: HttpRequest) -> JsonResponse:
    """Plans in force at a point (lon/lat or x/y/crs) on a date, with the lot, land use and indicators."""
    query = point_from_query(request.GET)
    with_geometry = request.GET.get("with_geometry", "").lower() in TRUE
    answer = lookup_point(query.point, on_date(request.GET.get("date")), with_geometry=with_geometry)
    return JsonResponse({"query": query.as_dict(), **answer}, json_dumps_params=JSON_PARAMS)


@require_GET
def lots_layer(request: HttpRequest) -> HttpResponse:
    """Lots in force on a date in a map view (?bbox=w,s,e,n&zoom=&date=), as GeoJSON for the lookup's lots layer."""
    collection = lots_in_view(request.GET, on_date(request.GET.get("date")))
    return HttpResponse(collection, content_type="application/geo+json")


# Public and read-only: it changes nothing and reads no session, so a CSRF token would only block API callers.
@csrf_exempt
@require_POST
def parcel_report(request: HttpRequest) -> JsonResponse:
    """Overlay a parcel (GeoJSON or a certificate corner table) on the plans in force."""
    fields = request_fields(request)
    parcel = parcel_from_fields(fields)
    date_text = fields.get("date")
    with_geometry = str(fields.get("with_geometry", "")).lower() in TRUE
    answer = report_parcel(parcel, on_date(None if date_text is None else str(date_text)), with_geometry=with_geometry)
    return JsonResponse(answer, json_dumps_params=JSON_PARAMS)


@require_GET
@login_or_token_required
def implementation(request: HttpRequest) -> HttpResponse:
    """Planned against current area per unit and land-use group, and urban indicators per unit.

    ?plan=id|code&date=&survey=&format=csv (&table=urban for the urban development indicators).
    """
    plan = plan_from_param(request.GET.get("plan"))
    survey = request.GET.get("survey")
    if survey is not None and not survey.isdigit():
        raise InvalidInput(
            _("Parameter survey=%(value)s must be the id of a land-use status map.") % {"value": survey[:40]}
        )
    answer = implementation_of(plan, on_date(request.GET.get("date")), int(survey) if survey else None)
    if request.GET.get("format") == "csv":
        record_export(request, f"implementation-{plan.code}.csv", format="CSV", filters=request.GET.urlencode())
        if request.GET.get("table") == "urban":
            return csv_response(urban_csv_rows(answer), f"urban-indicators-{plan.code}.csv")
        return csv_response(csv_rows(answer), f"implementation-{plan.code}.csv")
    return JsonResponse(answer, json_dumps_params=JSON_PARAMS)


@require_GET
@login_or_token_required
def lots(request: HttpRequest) -> HttpResponse:
    """Search lots in force by plan, land use, group, unit and indicator ranges; export as json/geojson/csv/gpkg."""
    chosen = LotFilter.from_params(request.GET)
    export = exporter(request.GET.get("format"))
    selection = chosen.apply(ZoningLot.objects.all())
    page = selection[chosen.offset : chosen.offset + chosen.limit]
    rows = lot_rows(page, export.with_geometry)
    fmt = request.GET.get("format") or "json"
    if fmt != "json":  # a file taken out of the platform, not the page's own table
        filters = request.GET.urlencode()
        record_export(request, f"zoning-lots.{fmt}", format=fmt.upper(), rows=len(rows), filters=filters)
    return export.response(rows, selection.count(), "zoning-lots")
