"""GeoJSON text for administrative units, with geometries written by PostGIS (ST_AsGeoJSON), not by GEOS."""

import json
from typing import Any

from django.contrib.gis.db.models.functions import AsGeoJSON, GeomOutputGeoFunc
from django.db.models import Value
from django.utils.translation import gettext as _

from core.errors import InvalidInput
from gis_core.models import AdminUnit, AdminUnitQuerySet

MEDIA_TYPE = "application/geo+json"
DECIMALS = 6  # about 0.1 m, as precise as the boundaries are
MAX_SIMPLIFY_M = 5000.0
METRES_PER_DEGREE = 111_320.0  # tolerance conversion; good enough for display simplification
_FIELDS = ("code", "name", "kind", "area_km2", "geometry_source", "geojson")


class SimplifyPreserveTopology(GeomOutputGeoFunc):
    """ST_SimplifyPreserveTopology(geom, tolerance in the geometry's units)."""

    function = "ST_SimplifyPreserveTopology"
    arity = 2


class Multi(GeomOutputGeoFunc):
    """ST_Multi(geom): keep MultiPolygons multi after simplification collapses them to one part."""

    function = "ST_Multi"
    arity = 1


def simplify_tolerance(text: str | None) -> float:
    """Return the ?simplify= tolerance in metres (0 = exact geometry), or raise InvalidInput."""
    if text is None or text.strip() == "":
        return 0.0
    try:
        metres = float(text)
    except ValueError:
        metres = -1.0
    if not 0 <= metres <= MAX_SIMPLIFY_M:
        raise InvalidInput(
            _("Parameter simplify=%(value)s must be a tolerance in metres between 0 and %(max)d, for example 50.")
            % {"value": text[:40], "max": MAX_SIMPLIFY_M}
        )
    return metres


def feature_texts(units: AdminUnitQuerySet, *, simplify_m: float = 0.0, **members: Any) -> list[str]:
    """Return one GeoJSON Feature text per unit, ordered by code; extra members go on each feature."""
    geom: Any = "geom"
    if simplify_m > 0:
        geom = Multi(SimplifyPreserveTopology("geom", Value(simplify_m / METRES_PER_DEGREE)))
    rows = units.order_by("code").annotate(geojson=AsGeoJSON(geom, precision=DECIMALS)).values_list(*_FIELDS)
    return [_feature(*row, members=members) for row in rows]


def feature_collection(features: list[str], **members: Any) -> str:
    """Wrap Feature texts in a FeatureCollection."""
    head = json.dumps({"type": "FeatureCollection", **members}, ensure_ascii=False)
    return head[:-1] + ',"features":[' + ",".join(features) + "]}"


def _feature(
    code: str, name: str, kind: str, area_km2: float, source: str, geometry: str, *, members: dict[str, Any]
) -> str:
    properties = {
        "code": code,
        "name": name,
        "kind": kind,
        "kind_label": str(AdminUnit.Kind(kind).label),
        "area_km2": round(area_km2, 2),
        "geometry_source": source,
    }
    head = json.dumps({"type": "Feature", "id": code, "properties": properties, **members}, ensure_ascii=False)
    # The geometry is already GeoJSON text from PostGIS; splice it in rather than parse and re-serialise it.
    return head[:-1] + ',"geometry":' + geometry + "}"
