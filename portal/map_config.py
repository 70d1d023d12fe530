"""Configuration of the reusable map component (portal/static/portal/map.js), built per request and language.

The component reads the layer catalogue (the copy in this config, else /api/v1/layers) for what it can draw; this
config says which of those layers a page starts with, where the view opens, how to show VN-2000 coordinates and
every label it writes.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.contrib.gis.db.models import Extent
from django.db import connection
from django.http import HttpRequest
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _

from gis_core.models import AdminUnit
from gis_core.srs import VN2000_TM3_108_15
from layers.access import viewer
from layers.models import Layer
from layers.serializers import catalogue_document
from portal.basemap import offline_base

# The view opens on the mainland: Trường Sa lies some 500 km offshore and would shrink the mainland to a dot.
OFFSHORE_KINDS = (AdminUnit.Kind.SPECIAL_ZONE.value,)
# Our own layers are the base map: no internet needed. Listed bottom first.
DEFAULT_LAYERS = ("admin-units", "land-use-status")
PROJ4_SCRIPT = "vendor/proj4/proj4.js"


@dataclass
class Overlay:
    """A GeoJSON FeatureCollection a page draws over the tiles (e.g. the operators' alerts)."""

    url: str
    title: str
    key: str = "overlay"
    label_property: str = "title"
    fit: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {"url": self.url, "title": self.title, "key": self.key, "labelProperty": self.label_property,
                "fit": self.fit}  # fmt: skip


@dataclass
class MapOptions:
    """What a page asks of its map: the layers it starts with, an area to open on, popups, overlays."""

    layers: Sequence[str] = DEFAULT_LAYERS
    fit_bounds: Sequence[float] | None = None  # west, south, east, north in degrees
    popups: bool = True
    overlays: list[Overlay] = field(default_factory=list)


def map_config(options: MapOptions | None = None, request: HttpRequest | None = None) -> dict[str, Any]:
    """Return the JSON the map component reads; with the request, the caller's catalogue rides along."""
    options = options or MapOptions()
    return {
        "layersUrl": reverse("layers_api:layers"),
        # In the page, the map asks for its first tiles at once instead of after a round trip to the catalogue.
        "catalogue": catalogue_document(Layer.objects.visible_to(viewer(request)), request) if request else None,
        "defaultLayers": list(options.layers),
        "fitBounds": list(options.fit_bounds) if options.fit_bounds else None,
        "views": province_views(),
        "popups": options.popups,
        "overlays": [overlay.as_dict() for overlay in options.overlays],
        "basemap": _basemap(),
        # proj4js is loaded by the map on the first pointer move, from this URL (fingerprinted in production).
        "vn2000": {"code": f"EPSG:{VN2000_TM3_108_15}", "proj4": vn2000_proj4(), "script": static(PROJ4_SCRIPT)},
        "labels": _labels(),
    }


def province_views() -> dict[str, list[float] | None]:
    """Bounds of the mainland units and of the whole province, computed in PostGIS (None before units load)."""

    def extent(queryset: Any) -> list[float] | None:
        box = queryset.aggregate(box=Extent("geom"))["box"]
        return list(box) if box else None

    units = AdminUnit.objects.all()
    province = extent(units)
    mainland = extent(units.exclude(kind__in=OFFSHORE_KINDS)) or province
    return {"mainland": mainland, "province": province}


def vn2000_proj4() -> str:
    """The PROJ string of VN-2000 / TM-3 108-15 exactly as PostGIS uses it (gis_core migration 0002)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT proj4text FROM spatial_ref_sys WHERE srid = %s", [VN2000_TM3_108_15])
        row = cursor.fetchone()
    return row[0].strip() if row else ""


def _basemap() -> dict[str, Any]:
    # Online tiles are opt-in (settings.MAP_ONLINE_BASEMAP_URL); an empty URL means no online layer at all.
    # The offline base (portal/basemap.py) is the default choice; the online one is a second choice when set.
    return {
        "url": settings.MAP_ONLINE_BASEMAP_URL,
        "attribution": getattr(settings, "MAP_ONLINE_BASEMAP_ATTRIBUTION", ""),
        "title": _("Online basemap"),
        "offline": offline_base(),
    }


def _labels() -> dict[str, str]:
    return {
        "map": _("Map of Khánh Hòa"),
        "layers": _("Map layers"),
        "vectorGroup": _("Vector layers"),
        "rasterGroup": _("Raster layers"),
        "overlayGroup": _("On this page"),
        "baseGroup": _("Basemap"),
        "pointerWgs84": _("WGS 84: lon %(lon)s, lat %(lat)s"),
        "pointerVn2000": _("VN-2000 TM-3 108°15': X %(x)s m, Y %(y)s m"),
        "pointerHint": _("Move the pointer over the map to read its coordinates"),
        "loading": _("Loading the map layers…"),
        "loadFailed": _("The map layers could not be loaded: %(reason)s"),
        "overlayFailed": _("%(title)s could not be loaded: %(reason)s"),
        "empty": _("No map layer is published yet."),
        "mainland": _("Mainland"),
        "wholeProvince": _("Whole province"),
        "noValue": _("(empty)"),
    }
