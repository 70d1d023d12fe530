"""Public pages and the operators' map."""

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from accounts.permissions import require_permission
from portal.map_config import MapOptions, Overlay

ALERTS_ON_MAP = 500  # the alerts API's largest page: the latest alerts, newest first


def home(request: HttpRequest) -> HttpResponse:
    """Show the map of the province and its units."""
    return render(request, "portal/home.html")


@require_safe
@login_required
def operator_map(request: HttpRequest) -> HttpResponse:
    """The operators' map: the alerts the account may see (GeoJSON from the alerts API) over the tile layers."""
    require_permission(request.user, "alerts.view")
    alerts_url = reverse("alerts_api:list") + "?" + urlencode({"limit": ALERTS_ON_MAP})
    overlay = Overlay(url=alerts_url, title=_("Alerts"), key="alerts", label_property="title")
    return render(request, "portal/operator_map.html", {"map_options": MapOptions(overlays=[overlay])})
