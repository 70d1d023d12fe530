"""Public pages and the operators' map."""

import datetime
from dataclasses import dataclass
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from accounts.permissions import require_permission
from alerts.api import FEED_SIZE, Alert, CapFacts, public_alerts_in_force
from core.names import display_name
from portal.basemap import land_document
from portal.map_config import MapOptions, Overlay
from portal.navigation import Visibility, everyone

ALERTS_ON_MAP = 500  # the alerts API's largest page: the latest alerts, newest first
HOME_ALERTS = 5


@dataclass(frozen=True)
class Task:
    """A main task of the public, drawn as a large entry point on the home page."""

    url_name: str
    label: Promise
    hint: Promise
    visible: Visibility = everyone

    def href(self) -> str:
        return reverse(self.url_name)


TASKS: tuple[Task, ...] = (
    Task(
        "planning:lookup", gettext_lazy("Look up planning"), gettext_lazy("What the plans allow at a place or a parcel")
    ),
    Task(
        "fieldreports:new",
        gettext_lazy("Report a problem"),
        gettext_lazy("Potholes, flooding, rubbish, broken lights…"),
    ),
    Task(
        "fieldreports:track-lookup",
        gettext_lazy("Track my report"),
        gettext_lazy("Follow a report with its tracking code"),
    ),
    Task(
        "portal:public-alerts",
        gettext_lazy("Public alerts"),
        gettext_lazy("Storms, floods, fires and epidemics in force"),
    ),
    Task("services:list", gettext_lazy("Services"), gettext_lazy("The services of the IOC, their maps and alerts")),
    Task(
        "indicators:public-ranking",
        gettext_lazy("Public-service ranking"),
        gettext_lazy("Which agencies and communes settle administrative procedures on time"),
    ),
    Task("portal:map", gettext_lazy("Map"), gettext_lazy("Administrative units, land use and other layers")),
)


@dataclass(frozen=True)
class PublicAlert:
    """What the public sees of a verified public alert."""

    title: str
    description: str
    category: str
    severity: str
    severity_code: str
    area: str
    issued_at: datetime.datetime
    expires_at: datetime.datetime

    @classmethod
    def of(cls, alert: Alert, facts: CapFacts) -> "PublicAlert":
        units = sorted(display_name(unit) for unit in alert.units.all())
        return cls(
            title=alert.title, description=alert.description, category=str(alert.get_category_display()),
            severity=str(alert.get_severity_display()), severity_code=alert.severity,
            area=", ".join(units) or _("The whole province"), issued_at=alert.appeared_at,
            expires_at=datetime.datetime.fromisoformat(facts.expires),
        )  # fmt: skip


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    """The public front door: the main tasks, the public alerts in force and the map of the province."""
    alerts = [PublicAlert.of(alert, facts) for alert, facts in public_alerts_in_force(HOME_ALERTS)]
    tasks = [task for task in TASKS if task.visible(request.user)]
    return render(request, "portal/home.html", {"alerts": alerts, "tasks": tasks})


@require_safe
def province_map(request: HttpRequest) -> HttpResponse:
    """Show the map of the province and its units, full window."""
    return render(request, "portal/map.html")


@require_safe
def base_land(request: HttpRequest) -> HttpResponse:
    """Serve the offline base's land and coastline; under its current digest (?v=) it may be cached for good."""
    body, digest = land_document()
    response = HttpResponse(body, content_type="application/geo+json")
    response["ETag"] = f'"{digest}"'
    response["Cache-Control"] = (
        "public, max-age=31536000, immutable" if request.GET.get("v") == digest else "public, max-age=3600"
    )
    return response


@require_safe
def public_alerts(request: HttpRequest) -> HttpResponse:
    """List the verified public alerts in force (the same ones as the Atom feed)."""
    alerts = [PublicAlert.of(alert, facts) for alert, facts in public_alerts_in_force(FEED_SIZE)]
    return render(request, "portal/public_alerts.html", {"alerts": alerts})


@require_safe
@login_required
def operator_map(request: HttpRequest) -> HttpResponse:
    """The operators' map: the alerts the account may see (GeoJSON from the alerts API) over the tile layers."""
    require_permission(request.user, "alerts.view")
    alerts_url = reverse("alerts_api:list") + "?" + urlencode({"limit": ALERTS_ON_MAP})
    overlay = Overlay(url=alerts_url, title=_("Alerts"), key="alerts", label_property="title")
    return render(request, "portal/operator_map.html", {"map_options": MapOptions(overlays=[overlay])})
