"""A sector's own part of its service page: each sector app registers one panel class for its sector code.

The service page (views.service_detail) stays generic: key figures, map, open alerts, indicators, devices. A sector
that has data of its own (incidents, stations, cases, mentions) adds a panel: extra layers and overlays on the same
map, and a template block with its own registers and computed figures. Sector apps register in their AppConfig.ready
with `register(sector_code, dotted_path)`; the class is loaded through core.registry when a page asks for it.

The service pages are public, but a panel is shown only to staff holding `alerts.view` (PANEL_PERMISSION) unless
its class sets `public = True`: a public panel must show nothing the public may not see.
"""

from typing import Any

from django.http import HttpRequest

from accounts.permissions import has_permission
from core.registry import load_class
from portal.map_config import Overlay

PANEL_PERMISSION = "alerts.view"  # who sees a panel that is not public: IOC staff, as the staff service page

# Sector code -> dotted path of its ServicePanel subclass; filled by the sector apps' AppConfig.ready.
SERVICE_PANELS: dict[str, str] = {}


class ServicePanel:
    """One sector's block on its service page; subclasses name a template and build its context.

    `public` (default False): whether visitors without `alerts.view` (the public, planners, data providers) see the
    panel. Leave it False when the panel shows staff figures (open or overdue alerts, devices' owners, field
    reports, personal data); set it True only when everything in layers(), overlays() and context() is public.
    """

    template_name = ""
    public = False

    def __init__(self, request: HttpRequest, sector_code: str) -> None:
        self.request = request
        self.sector_code = sector_code

    def layers(self) -> list[str]:
        """Return slugs of catalogue layers the page's map starts with, besides the service's own."""
        return []

    def overlays(self) -> list[Overlay]:
        """Return GeoJSON overlays the page's map draws (URLs the caller may read)."""
        return []

    def context(self) -> dict[str, Any]:
        """Return what the panel's template shows."""
        return {}


def register(sector_code: str, dotted_path: str) -> None:
    """Register the panel of a sector; a second registration for the same sector is a mistake."""
    known = SERVICE_PANELS.get(sector_code)
    if known is not None and known != dotted_path:
        raise ValueError(f"Sector {sector_code!r} already has the panel {known}.")
    SERVICE_PANELS[sector_code] = dotted_path


def panel_for(request: HttpRequest, sector_code: str) -> ServicePanel | None:
    """Return the sector's panel for this request, or None when the sector has none or the visitor may not see it."""
    if sector_code not in SERVICE_PANELS:
        return None
    panel_class = load_class(SERVICE_PANELS, sector_code, ServicePanel, "service panel")
    if not panel_class.public and not has_permission(request.user, PANEL_PERMISSION):
        return None
    return panel_class(request, sector_code)
