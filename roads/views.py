"""The road network's API: drive-time areas."""

from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_GET

from roads.isochrones import drive_time_area


@require_GET
def isochrone(request: HttpRequest) -> JsonResponse:
    """Return the area reachable within ?minutes= from ?lon=&lat= as a GeoJSON Feature."""
    area = drive_time_area(request.GET.get("lon"), request.GET.get("lat"), request.GET.get("minutes", "10"))
    return JsonResponse(area.as_feature(), content_type="application/geo+json")
