"""A sector's own part of its service page: each sector app registers one panel class for its sector code.

The service page (views.service_detail) stays generic: key figures, map, open alerts, indicators, devices. A sector
that has data of its own (incidents, stations, cases, mentions) adds a panel: extra layers and overlays on the same
map, and a template block with its own registers and computed figures. Sector apps register in their AppConfig.ready
with `register(sector_code, dotted_path)`; the class is loaded through core.registry when a page asks for it.
"""

from typing import Any

from django.http import HttpRequest

from core.registry import load_class
from portal.map_config import Overlay

# Sector code -> dotted path of its ServicePanel subclass; filled by the sector apps' AppConfig.ready.
SERVICE_PANELS: dict[str, str] = {}


class ServicePanel:
    """One sector's block on its service page; subclasses name a template and build its context."""

    template_name = ""

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
    """Return the sector's panel for this request, or None when the sector has none."""
    if sector_code not in SERVICE_PANELS:
        return None
    return load_class(SERVICE_PANELS, sector_code, ServicePanel, "service panel")(request, sector_code)
