"""The service pages: /services/ (every service with its key figures) and /services/<code>/ (one service).

The pages are public. Staff holding alerts.view (PERMISSION) see the figures of the IOC: open and overdue alerts,
field reports, indicators and devices. Everyone else sees the public view: the service's summary, its public
layers on the map and the public alerts in force of its categories (the rule of /public-alerts/). Indicators have
no public flag (their pages need indicators.view), so the public view shows none of them.
"""

import json
from urllib.parse import urlencode

from django.contrib.gis.db.models.functions import AsGeoJSON
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from accounts.permissions import has_permission
from alerts.api import FEED_SIZE, Alert, public_alerts_in_force
from core.errors import NotFound
from portal.map_config import DEFAULT_LAYERS, MapOptions, Overlay
from portal.views import PublicAlert
from services.figures import key_figures, visible_alerts
from services.models import ServicePage
from services.panels import ServicePanel, panel_for

ALERTS_LISTED = 100  # the newest open alerts on a page; the operators' list has them all
PERMISSION = "alerts.view"  # IOC staff: province roles, agency officers (their agency's alerts) and leaders


def _page(code: str) -> ServicePage:
    page = ServicePage.objects.active().filter(sector__code=code).first()
    if page is None:
        raise NotFound(_("No service has the code '%(code)s'; see the list at /services/.") % {"code": code})
    return page


def _is_staff(request: HttpRequest) -> bool:
    return has_permission(request.user, PERMISSION)


def _public_alerts(page: ServicePage) -> list[PublicAlert]:
    """The public alerts in force that belong to the service, as /public-alerts/ shows them."""
    return [PublicAlert.of(alert, facts) for alert, facts in public_alerts_in_force(FEED_SIZE, page.alerts())]


def _map_options(page: ServicePage, own: list[str], overlays: list[Overlay], panel: ServicePanel | None) -> MapOptions:
    """The service's map: the province base, the service's tile layers and overlays, and the panel's."""
    if panel is not None:
        own += [slug for slug in panel.layers() if slug not in own]
        overlays += panel.overlays()
    return MapOptions(layers=[*DEFAULT_LAYERS[:1], *own], overlays=overlays)


@require_safe
def service_list(request: HttpRequest) -> HttpResponse:
    """Every service: with its key figures for staff, with its public alerts in force for everyone else."""
    pages = ServicePage.objects.active()
    if not _is_staff(request):
        in_force = [(page, len(_public_alerts(page))) for page in pages]
        return render(request, "services/public_list.html", {"rows": in_force})
    today = timezone.localdate()
    rows = [(page, key_figures(page, request.user, today)) for page in pages]
    context = {"rows": rows, "may_see_dashboard": has_permission(request.user, "reports.view")}
    return render(request, "services/list.html", context)


@require_safe
def service_detail(request: HttpRequest, code: str) -> HttpResponse:
    """One service: its map and alerts, with the staff figures (indicators, devices) for staff only."""
    page = _page(code)
    if not _is_staff(request):
        return _public_detail(request, page)
    layers = list(page.layers.visible_to(request.user).order_by("slug"))
    overlays = [Overlay(url=reverse("services:alerts", args=[page.code]), title=_("Open alerts"), key="alerts")]
    kinds = page.device_kinds
    if kinds:
        devices_url = reverse("iot:devices") + "?" + urlencode({"kind": ",".join(kinds)})
        overlays.append(Overlay(url=devices_url, title=_("Devices"), key="devices", label_property="name"))
    own = [layer.slug for layer in layers if layer.published_tiles and layer.slug not in DEFAULT_LAYERS]
    panel = panel_for(request, page.code)
    context = {
        "page": page,
        "figures": key_figures(page, request.user, timezone.localdate()),
        "layers": layers,
        "alerts": visible_alerts(page, request.user).open().select_related("sector", "lead_agency")[:ALERTS_LISTED],
        "devices": page.devices().select_related("agency", "unit").order_by("kind", "code"),
        "map_options": _map_options(page, own, overlays, panel),
        "panel": panel,
        "panel_context": panel.context() if panel is not None else {},
        "may_see_dashboard": has_permission(request.user, "reports.view"),
    }
    return render(request, "services/detail.html", context)


def _public_detail(request: HttpRequest, page: ServicePage) -> HttpResponse:
    """The public view of a service: summary, public layers, public alerts in force, public panels."""
    layers = list(page.layers.visible_to(request.user).order_by("slug"))
    own = [layer.slug for layer in layers if layer.published_tiles and layer.slug not in DEFAULT_LAYERS]
    overlays = [Overlay(url=reverse("services:alerts", args=[page.code]), title=_("Public alerts"), key="alerts",
                        label_property="title")]  # fmt: skip
    panel = panel_for(request, page.code)  # None unless the sector's panel is public
    context = {
        "page": page,
        "layers": layers,
        "alerts": _public_alerts(page),
        "map_options": _map_options(page, own, overlays, panel),
        "panel": panel,
        "panel_context": panel.context() if panel is not None else {},
    }
    return render(request, "services/public_detail.html", context)


@require_safe
def service_alerts(request: HttpRequest, code: str) -> HttpResponse:
    """The service's alerts that have a geometry, as GeoJSON for its map (geometries written by PostGIS).

    Staff get the open alerts they may see; everyone else the public alerts in force, as the page lists them.
    """
    page = _page(code)
    if _is_staff(request):
        alerts = visible_alerts(page, request.user).open()
    else:
        alerts = Alert.objects.filter(
            pk__in=[alert.pk for alert, _facts in public_alerts_in_force(FEED_SIZE, page.alerts())]
        )
    rows = (
        alerts.filter(geom__isnull=False)
        .annotate(geojson=AsGeoJSON("geom", precision=6))
        .values_list("pk", "title", "state", "severity", "geojson")
    )
    features = [
        {"type": "Feature", "id": pk, "geometry": json.loads(geometry),
         "properties": {"title": title, "state": state, "severity": severity}}
        for pk, title, state, severity, geometry in rows
    ]  # fmt: skip
    body = json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False)
    return HttpResponse(body, content_type="application/geo+json")
