"""The service pages: /services/ (every service with its key figures) and /services/<code>/ (one service)."""

import json
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.contrib.gis.db.models.functions import AsGeoJSON
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from accounts.permissions import has_permission, require_permission
from core.errors import NotFound
from portal.map_config import DEFAULT_LAYERS, MapOptions, Overlay
from services.figures import key_figures, visible_alerts
from services.models import ServicePage
from services.panels import panel_for

ALERTS_LISTED = 100  # the newest open alerts on a page; the operators' list has them all
PERMISSION = "alerts.view"  # IOC staff: province roles, agency officers (their agency's alerts) and viewers


def _page(code: str) -> ServicePage:
    page = ServicePage.objects.active().filter(sector__code=code).first()
    if page is None:
        raise NotFound(_("No service has the code '%(code)s'; see the list at /services/.") % {"code": code})
    return page


@require_safe
@login_required
def service_list(request: HttpRequest) -> HttpResponse:
    """Every service with its key figures."""
    require_permission(request.user, PERMISSION)
    today = timezone.localdate()
    rows = [(page, key_figures(page, request.user, today)) for page in ServicePage.objects.active()]
    context = {"rows": rows, "may_see_dashboard": has_permission(request.user, "reports.view")}
    return render(request, "services/list.html", context)


@require_safe
@login_required
def service_detail(request: HttpRequest, code: str) -> HttpResponse:
    """One service: its map, open alerts, indicators with their latest values and devices."""
    require_permission(request.user, PERMISSION)
    page = _page(code)
    layers = list(page.layers.visible_to(request.user).order_by("slug"))
    overlays = [Overlay(url=reverse("services:alerts", args=[page.code]), title=_("Open alerts"), key="alerts")]
    kinds = page.device_kinds
    if kinds:
        devices_url = reverse("iot:devices") + "?" + urlencode({"kind": ",".join(kinds)})
        overlays.append(Overlay(url=devices_url, title=_("Devices"), key="devices", label_property="name"))
    own = [layer.slug for layer in layers if layer.published_tiles and layer.slug not in DEFAULT_LAYERS]
    panel = panel_for(request, page.code)
    if panel is not None:
        own += [slug for slug in panel.layers() if slug not in own]
        overlays += panel.overlays()
    options = MapOptions(layers=[*DEFAULT_LAYERS[:1], *own], overlays=overlays)
    context = {
        "page": page,
        "figures": key_figures(page, request.user, timezone.localdate()),
        "layers": layers,
        "alerts": visible_alerts(page, request.user).open().select_related("sector", "lead_agency")[:ALERTS_LISTED],
        "devices": page.devices().select_related("agency", "unit").order_by("kind", "code"),
        "map_options": options,
        "panel": panel,
        "panel_context": panel.context() if panel is not None else {},
        "may_see_dashboard": has_permission(request.user, "reports.view"),
    }
    return render(request, "services/detail.html", context)


@require_safe
@login_required
def service_alerts(request: HttpRequest, code: str) -> HttpResponse:
    """The service's open alerts that have a geometry, as GeoJSON for its map (geometries written by PostGIS)."""
    require_permission(request.user, PERMISSION)
    page = _page(code)
    alerts = visible_alerts(page, request.user).open().filter(geom__isnull=False)
    rows = alerts.annotate(geojson=AsGeoJSON("geom", precision=6)).values_list(
        "pk", "title", "state", "severity", "geojson"
    )
    features = [
        {"type": "Feature", "id": pk, "geometry": json.loads(geometry),
         "properties": {"title": title, "state": state, "severity": severity}}
        for pk, title, state, severity, geometry in rows
    ]  # fmt: skip
    body = json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False)
    return HttpResponse(body, content_type="application/geo+json")
