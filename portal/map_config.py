"""Configuration of the reusable map component (portal/static/portal/map.js), built per request and language."""

from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from gis_core.models import AdminUnit

# The view opens on the mainland: Trường Sa lies some 500 km offshore and would shrink the mainland to a dot.
OFFSHORE_KINDS = (AdminUnit.Kind.SPECIAL_ZONE.value,)


def map_config(units_url: str | None = None) -> dict[str, Any]:
    """Return the JSON the map component reads: where the units are, the optional basemap and its labels."""
    return {
        "unitsUrl": units_url or reverse("gis_core:units"),
        "basemap": _basemap(),
        "fitExcludeKinds": list(OFFSHORE_KINDS),
        "legend": [{"kind": kind, "label": str(label)} for kind, label in AdminUnit.Kind.choices],
        "labels": _labels(),
    }


def _basemap() -> dict[str, str]:
    # Online tiles are opt-in (settings.MAP_ONLINE_BASEMAP_URL); an empty URL means no tile layer at all.
    return {
        "url": settings.MAP_ONLINE_BASEMAP_URL,
        "attribution": getattr(settings, "MAP_ONLINE_BASEMAP_ATTRIBUTION", ""),
    }


def _labels() -> dict[str, str]:
    return {
        "map": _("Map of the communes, wards and special zone of Khánh Hòa"),
        "legendTitle": _("Administrative units"),
        "code": _("Code"),
        "kind": _("Kind"),
        "area": _("Area"),
        "areaUnit": _("km²"),
        "source": _("Boundary source"),
        "pointer": _("WGS 84: lon %(lon)s, lat %(lat)s"),
        "pointerHint": _("WGS 84: move the pointer over the map"),
        "loading": _("Loading the administrative units…"),
        "loadFailed": _("The administrative units could not be loaded: %(reason)s"),
        "empty": _("No administrative units are loaded yet."),
        "mainland": _("Mainland"),
        "wholeProvince": _("Whole province"),
    }
