"""Public API of Khánh Hòa's administrative units, as GeoJSON."""

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from core.errors import NotFound
from gis_core import geojson
from gis_core.coords import point_from_query
from gis_core.models import AdminUnit


def _geojson_response(body: str) -> HttpResponse:
    return HttpResponse(body, content_type=geojson.MEDIA_TYPE)


def _unit_or_404(code: str) -> AdminUnit:
    unit = AdminUnit.objects.filter(code=code).first()
    if unit is None:
        raise NotFound(
            _("No administrative unit has code %(code)s; codes are the official 5-digit numbers, for example 22366.")
            % {"code": code[:20]}
        )
    return unit


@require_GET
def unit_list(request: HttpRequest) -> HttpResponse:
    """All units as a FeatureCollection; ?simplify=<metres> thins the boundaries for display."""
    simplify_m = geojson.simplify_tolerance(request.GET.get("simplify"))
    features = geojson.feature_texts(AdminUnit.objects.all(), simplify_m=simplify_m)
    return _geojson_response(geojson.feature_collection(features))


@require_GET
def unit_at(request: HttpRequest) -> HttpResponse:
    """The unit containing ?lon=&lat= (or ?x=&y=&crs=), as a Feature with the query as read."""
    query = point_from_query(request.GET)
    unit = AdminUnit.objects.containing(query.point).order_by("code").first()
    if unit is None:
        raise NotFound(
            _("No unit of Khánh Hòa contains the point lon %(lon).6f, lat %(lat).6f: it lies outside the province.")
            % {"lon": query.point.x, "lat": query.point.y},
            query=query.as_dict(),
        )
    (feature,) = geojson.feature_texts(AdminUnit.objects.filter(pk=unit.pk), query=query.as_dict())
    return _geojson_response(feature)


@require_GET
def unit_detail(request: HttpRequest, code: str) -> HttpResponse:
    """One unit as a Feature."""
    unit = _unit_or_404(code)
    (feature,) = geojson.feature_texts(AdminUnit.objects.filter(pk=unit.pk))
    return _geojson_response(feature)


@require_GET
def unit_neighbours(request: HttpRequest, code: str) -> HttpResponse:
    """The units sharing a boundary with one unit, as a FeatureCollection."""
    unit = _unit_or_404(code)
    features = geojson.feature_texts(unit.neighbours())
    return _geojson_response(geojson.feature_collection(features, unit=unit.code))
