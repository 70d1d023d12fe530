"""The traffic service's pages and feeds: congestion tiles of any step, the steps kept, the incident register."""

import datetime
import json
from typing import Any

from django.contrib.gis.geos import Point
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from accounts.permissions import has_permission, permission_required
from core.errors import Forbidden, InvalidInput, NotFound
from core.formats import fmt_datetime
from layers.access import viewer
from layers.models import Layer
from sectors.traffic import incidents, tiles
from sectors.traffic.forms import IncidentForm
from sectors.traffic.layer import SLUG
from sectors.traffic.models import IncidentKind, SegmentFlow, TrafficIncident, step_of
from tiles.caching import cache_headers, cached_tile, etag_matches
from tiles.spec import TileSpec

MVT_MEDIA_TYPE = "application/vnd.mapbox-vector-tile"
STEPS_LISTED = 288  # a day of 5-minute steps for the map's step picker
VIEW = "alerts.view"  # the register and casualty counts: IOC staff only


def may_act(user: Any) -> bool:
    """Whether the user handles incidents: IOC operators and agency officers."""
    return has_permission(user, "alerts.operate") or has_permission(user, "alerts.process")


def _step(value: str | None) -> datetime.datetime:
    at = parse_datetime(value.strip()) if value else None
    if at is None:
        raise InvalidInput(_("Give the 5-minute step in 'step' as an ISO 8601 instant, e.g. 2026-02-13T09:05+07:00."))
    if at.tzinfo is None:
        at = timezone.make_aware(at)
    return step_of(at)


@require_safe
def congestion_tile(request: HttpRequest, z: int, x: int, y: int) -> HttpResponse:
    """The congestion tile of a past 5-minute step (?step=), under the catalogue layer's access rules."""
    spec = TileSpec.load(SLUG, Layer.Kind.VECTOR)
    spec.check_tile(z, x, y)
    if not spec.is_public:
        spec.check_visible_to(viewer(request))
    step = _step(request.GET.get("step"))
    # A past step changes only when late readings arrive, which bumps the layer: the version keys the tile.
    etag = spec.etag(z, x, y)[:-1] + f'-{int(step.timestamp())}"'
    if etag_matches(request, etag):
        return cache_headers(HttpResponseNotModified(), spec, etag)
    key = f"{spec.cache_key(z, x, y)}:{int(step.timestamp())}"
    body, _hit = cached_tile(key, lambda: tiles.congestion_tile(z, x, y, step, spec.slug))
    return cache_headers(HttpResponse(body, content_type=MVT_MEDIA_TYPE), spec, etag)


@require_safe
@permission_required(VIEW)
def steps(request: HttpRequest) -> JsonResponse:
    """The 5-minute steps with flows, newest first (a day of them), with the tile URL template."""
    found = SegmentFlow.objects.order_by("-step").values_list("step", flat=True).distinct()[:STEPS_LISTED]
    template = reverse("traffic:congestion-tile", args=[0, 0, 0]).replace("/0/0/0.mvt", "/{z}/{x}/{y}.mvt")
    return JsonResponse({
        "tiles": template, "steps": [
            {"step": step.isoformat(), "label": fmt_datetime(step)} for step in found
        ],
    })  # fmt: skip


@require_safe
@permission_required(VIEW)
def incidents_geojson(request: HttpRequest) -> HttpResponse:
    """The open incidents as GeoJSON for the service map (no casualty counts: a map label is easily shared)."""
    features = []
    for incident in TrafficIncident.objects.open().select_related("edge").order_by("-reported_at")[:500]:
        features.append({
            "type": "Feature", "id": incident.pk, "geometry": json.loads(incident.geom.geojson),
            "properties": {
                "title": f"{incident.get_kind_display()} #{incident.pk}",
                "road": incident.edge.name if incident.edge else "", "lanes_blocked": incident.lanes_blocked,
                "reported_at": fmt_datetime(incident.reported_at),
                "url": reverse("traffic:incident", args=[incident.pk]),
            },
        })  # fmt: skip
    body = json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False)
    return HttpResponse(body, content_type="application/geo+json")


@require_safe
@permission_required(VIEW)
def incident_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One incident: place, lanes, times, casualty counts, its alert; actions for those who handle incidents."""
    incident = get_object_or_404(TrafficIncident.objects.select_related("edge", "unit", "alert", "field_report"), pk=pk)
    context = {"incident": incident, "may_act": may_act(request.user), "now": timezone.now()}
    return render(request, "traffic/incident_detail.html", context)


@require_POST
@permission_required(VIEW)
def incident_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """Confirm, clear or correct the counts of an incident."""
    if not may_act(request.user):
        raise Forbidden(_("Only IOC operators and agency officers handle road incidents."))
    incident = get_object_or_404(TrafficIncident, pk=pk)
    if action == "confirm":
        incidents.confirm(incident, request.user)  # type: ignore[arg-type]
    elif action == "clear":
        incidents.clear(incident, request.user)  # type: ignore[arg-type]
    elif action == "counts":
        incidents.update_casualties(incident, _count(request, "deaths"), _count(request, "injured"),
                                    _count(request, "lanes_blocked"))  # fmt: skip
    else:
        raise NotFound(_("Incidents are confirmed, cleared or corrected; nothing else."))
    return redirect("traffic:incident", pk=incident.pk)


def _count(request: HttpRequest, name: str) -> int:
    try:
        return int(request.POST.get(name, "0") or 0)
    except ValueError:
        raise InvalidInput(_("Counts are whole numbers.")) from None


@permission_required(VIEW)
def incident_new(request: HttpRequest) -> HttpResponse:
    """Register an incident by hand: its alert goes to the traffic police and the commune."""
    if not may_act(request.user):
        raise Forbidden(_("Only IOC operators and agency officers handle road incidents."))
    form = IncidentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        incident = incidents.record(incidents.IncidentInput(
            kind=data["kind"], point=Point(data["lon"], data["lat"], srid=4326), description=data["description"],
            lanes_blocked=data["lanes_blocked"], deaths=data["deaths"], injured=data["injured"],
        ), request.user)  # type: ignore[arg-type]  # fmt: skip
        return redirect("traffic:incident", pk=incident.pk)
    return render(request, "traffic/incident_new.html", {"form": form, "kinds": IncidentKind.choices})
