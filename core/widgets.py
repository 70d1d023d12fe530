"""Map widgets and admin bases that work offline: OpenLayers served from our own static files, no online tiles."""

from typing import Any

from django.conf import settings
from django.contrib.admin import ModelAdmin
from django.contrib.gis.admin.options import GeoModelAdminMixin
from django.contrib.gis.forms.widgets import OpenLayersWidget


class LocalMapWidget(OpenLayersWidget):
    """Edit a geometry on an OpenLayers map whose scripts, styles and base layer are all local.

    The base layer is blank unless settings.MAP_ONLINE_BASEMAP_URL opts in to an XYZ tile service; an optional
    `reference_url` attr (a local GeoJSON URL) draws context shapes, such as the province's units, underneath.
    """

    template_name = "core/widgets/local_map.html"
    # Khánh Hòa, so an empty field opens on the province rather than on (0, 0).
    default_lon = 109.0
    default_lat = 12.1
    default_zoom = 8

    class Media:
        # Without extend = False Django would merge in the parent's cdn.jsdelivr.net assets.
        extend = False
        css = {"all": ("vendor/ol/ol.css", "gis/css/ol3.css")}
        js = ("vendor/ol/ol.js", "gis/js/OLMapWidget.js")

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__()
        self.attrs.update(
            {"default_lon": self.default_lon, "default_lat": self.default_lat, "default_zoom": self.default_zoom}
        )
        self.attrs["reference_url"] = ""
        if attrs:
            self.attrs.update(attrs)

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        context["basemap_url"] = settings.MAP_ONLINE_BASEMAP_URL
        return context


class LocalGeoModelAdminMixin(GeoModelAdminMixin):
    """Give a ModelAdmin's geometry fields the offline LocalMapWidget."""

    gis_widget = LocalMapWidget  # type: ignore[assignment]  # Django types it as OSMWidget; any map widget works
    gis_widget_kwargs: dict[str, Any] = {}


class LocalGISModelAdmin(LocalGeoModelAdminMixin, ModelAdmin):
    """GISModelAdmin without the CDN and the online tiles."""
