"""The offline base map every map page shares: sea, land and coastline, unit names, and reference layers.

Land and coastline come from fixtures/khanh_hoa_outline.geojson (Natural Earth 10 m, built once by
fixtures/build_province_outline.py); the sea is the map's background colour. Unit names are drawn at their
PostGIS point-on-surface. A catalogue layer is a reference layer (roads, rivers…) drawn with the offline base,
under every other layer, when its keywords include one of REFERENCE_KEYWORDS.
"""

import hashlib
import json
from functools import cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.gis.db.models.functions import PointOnSurface
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse
from django.utils.translation import gettext as _

from gis_core.models import AdminUnit
from layers.models import Layer

OUTLINE_FILE = Path(settings.BASE_DIR) / "fixtures" / "khanh_hoa_outline.geojson"
REFERENCE_KEYWORDS = ("bản đồ nền", "basemap")
LABEL_MIN_ZOOM = 10  # below it 65 names would cover the province
LABEL_DECIMALS = 5
# Drawing needs less than the file's 6 decimals: about 10 m for the province, 100 m for its surroundings.
DRAW_DECIMALS = {"mainland": 4, "truong_sa": 4, "surroundings": 3}


@cache
def land_geojson() -> dict[str, Any]:
    """Return the province (mainland, Trường Sa) and its surroundings as a FeatureCollection, read once."""
    try:
        collection = json.loads(OUTLINE_FILE.read_text(encoding="utf-8"))
        features = [_drawn(feature["properties"]["part"], feature["geometry"]) for feature in collection["features"]]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ImproperlyConfigured(
            f"{OUTLINE_FILE}: not a valid outline GeoJSON ({exc}); rebuild it with fixtures/build_province_outline.py."
        ) from None
    return {"type": "FeatureCollection", "features": features}


def _drawn(part: str, geometry: dict[str, Any]) -> dict[str, Any]:
    """Return one part as a Feature with its coordinates rounded for drawing (fewer bytes in every map page)."""
    decimals = DRAW_DECIMALS[part]

    def rounded(value: Any) -> Any:
        return round(value, decimals) if isinstance(value, float) else [rounded(item) for item in value]

    drawn = {"type": geometry["type"], "coordinates": rounded(geometry["coordinates"])}
    return {"type": "Feature", "properties": {"part": part}, "geometry": drawn}


@cache
def land_document() -> tuple[bytes, str]:
    """Return the land as GeoJSON bytes and their short digest, which versions its URL (read once per process)."""
    body = json.dumps(land_geojson(), ensure_ascii=False, separators=(",", ":")).encode()
    return body, hashlib.sha256(body).hexdigest()[:12]


def unit_labels() -> list[dict[str, Any]]:
    """Return each unit's name at a point inside it (PostGIS ST_PointOnSurface), mainland and islands alike."""
    rows = AdminUnit.objects.annotate(spot=PointOnSurface("geom")).order_by("code").values_list("name", "spot")
    return [
        {"name": name, "lon": round(spot.x, LABEL_DECIMALS), "lat": round(spot.y, LABEL_DECIMALS)}
        for name, spot in rows
        if spot is not None
    ]


def reference_layers() -> list[str]:
    """Return the slugs of the catalogue layers flagged as reference layers of the offline base."""
    flagged = Layer.objects.filter(published_tiles=True, keywords__overlap=list(REFERENCE_KEYWORDS))
    return list(flagged.order_by("slug").values_list("slug", flat=True))


def offline_base() -> dict[str, Any]:
    """Return what map.js needs to draw the offline base."""
    return {
        "title": _("Offline basemap"),
        # Fetched on its own, cacheable for good under its digest, so the page and its first tiles come sooner.
        "landUrl": f"{reverse('portal:base-land')}?v={land_document()[1]}",
        "labels": unit_labels(),
        "labelMinZoom": LABEL_MIN_ZOOM,
        "referenceLayers": reference_layers(),
    }
