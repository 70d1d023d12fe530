"""Fire pages: one incident with its times, response, station and casualty counts (IOC staff only)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from accounts.permissions import require_permission
from alerts import api
from core.errors import NotFound
from portal.map_config import MapOptions
from sectors.fire.models import FireIncident

PERMISSION = "alerts.view"  # IOC staff, as the service pages
AROUND_DEG = 0.01  # the incident's map opens about a kilometre around it
NEARBY_M = 300.0


@require_safe
@login_required
def incident_detail(request: HttpRequest, code: str) -> HttpResponse:
    """One incident: the five times, the response time, the station, counts of casualties, alerts nearby."""
    require_permission(request.user, PERMISSION)
    incident = FireIncident.objects.select_related("station", "unit").filter(code=code).first()
    if incident is None:
        raise NotFound(_("No incident has the code %(code)s.") % {"code": code})
    x, y = incident.geom.x, incident.geom.y
    steps = [
        (_("Reported"), incident.reported_at), (_("Engines dispatched"), incident.dispatched_at),
        (_("Arrived on the scene"), incident.arrived_at), (_("Under control"), incident.controlled_at),
        (_("Closed"), incident.closed_at),
    ]  # fmt: skip
    nearby = (
        api.Alert.objects.visible_to(request.user).open().filter(geom__dwithin=(incident.geom, NEARBY_M / 111_000))
        .order_by("-appeared_at")[:10]
    )  # fmt: skip
    options = MapOptions(
        layers=["admin-units", "road-network", "fire-stations", "fire-water-sources", "fire-incidents"],
        fit_bounds=(x - AROUND_DEG, y - AROUND_DEG, x + AROUND_DEG, y + AROUND_DEG),
    )
    context = {"incident": incident, "steps": steps, "nearby": nearby, "map_options": options}
    return render(request, "fire/incident.html", context)
