"""Turn a parcel-report request (a GeoJSON polygon or a pasted certificate table) into a checked polygon."""

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.contrib.gis.geos import LinearRing, MultiPolygon, Polygon
from django.http import HttpRequest
from django.utils.translation import gettext as _

from core.errors import InvalidInput
from core.json_body import read_json_object
from gis_core.srs import WGS84, parse_srid
from planning.certificate_table import parse_corner_table

MAX_BODY_BYTES = 1_000_000
MAX_VERTICES = 5_000


@dataclass(frozen=True)
class ParcelInput:
    """The parcel as given: its polygon in the CRS it was written in, and how it was read."""

    geom: MultiPolygon
    source: str  # "geojson" or "certificate_table"
    assumed_order: str | None = None

    def describe(self) -> dict[str, object]:
        """Echo how the input was read."""
        described: dict[str, object] = {"source": self.source, "crs": f"EPSG:{self.geom.srid}"}
        if self.assumed_order:
            described["assumed_order"] = self.assumed_order
        return described


def request_fields(request: HttpRequest) -> Mapping[str, Any]:
    """Read the request body as JSON, or the form fields of a form post."""
    if len(request.body) > MAX_BODY_BYTES:
        raise InvalidInput(_("The request is larger than %(n)s bytes.") % {"n": MAX_BODY_BYTES})
    if request.content_type == "application/json":
        return read_json_object(request, max_bytes=MAX_BODY_BYTES)
    return request.POST


def parcel_from_fields(fields: Mapping[str, Any]) -> ParcelInput:
    """Return the parcel named by 'geometry' (GeoJSON, WGS 84 unless 'crs' says otherwise) or 'table'."""
    geometry, table = fields.get("geometry"), fields.get("table")
    if geometry and table:
        raise InvalidInput(_("Give either 'geometry' (GeoJSON) or 'table' (certificate corners), not both."))
    if table:
        if not isinstance(table, str):
            raise InvalidInput(_("'table' must be text: one line 'point X Y' per corner."))
        parsed = parse_corner_table(table)
        return ParcelInput(
            MultiPolygon(parsed.polygon(), srid=parsed.polygon().srid), "certificate_table", parsed.assumed_order
        )
    if geometry:
        if isinstance(geometry, str):
            try:
                geometry = json.loads(geometry)
            except json.JSONDecodeError as exc:
                raise InvalidInput(_("'geometry' is not valid JSON: %(error)s.") % {"error": exc}) from None
        srid = parse_srid(fields.get("crs") or None, default=WGS84)
        return ParcelInput(geojson_polygon(geometry, srid), "geojson")
    raise InvalidInput(
        _("Give the parcel as 'geometry' (a GeoJSON Polygon) or as 'table' (the corner table of the certificate).")
    )


def geojson_polygon(data: Any, srid: int) -> MultiPolygon:
    """Build a valid (Multi)Polygon from a GeoJSON geometry, Feature or one-feature FeatureCollection."""
    data = _unwrap(data)
    kind = data.get("type")
    if kind == "Polygon":
        polygons = [_polygon(data.get("coordinates"), srid, "coordinates")]
    elif kind == "MultiPolygon":
        coordinates = data.get("coordinates")
        if not isinstance(coordinates, list) or not coordinates:
            raise InvalidInput(_("MultiPolygon coordinates must be a non-empty list of polygons."))
        polygons = [_polygon(part, srid, f"coordinates[{i}]") for i, part in enumerate(coordinates)]
    else:
        raise InvalidInput(_("The geometry is a %(kind)s; give a Polygon or MultiPolygon.") % {"kind": kind or "?"})
    geom = MultiPolygon(*polygons, srid=srid)
    if not geom.valid:
        raise InvalidInput(
            _("The polygon is not valid (%(reason)s); check that its edges do not cross.")
            % {"reason": geom.valid_reason}
        )
    return geom


def _unwrap(data: Any) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise InvalidInput(_("'geometry' must be a GeoJSON object."))
    if data.get("type") == "FeatureCollection":
        features = data.get("features") or []
        if len(features) != 1:
            raise InvalidInput(
                _("The FeatureCollection has %(n)s features; send exactly one parcel.") % {"n": len(features)}
            )
        data = features[0]
    if isinstance(data, dict) and data.get("type") == "Feature":
        data = data.get("geometry")
    if not isinstance(data, dict):
        raise InvalidInput(_("The Feature has no geometry."))
    return data


def _polygon(rings: Any, srid: int, where: str) -> Polygon:
    if not isinstance(rings, list) or not rings:
        raise InvalidInput(_("%(where)s must be a list of rings.") % {"where": where})
    built = [_ring(ring, srid, f"{where}[{i}]") for i, ring in enumerate(rings)]
    return Polygon(*built, srid=srid)


def _ring(ring: Any, srid: int, where: str) -> LinearRing:
    if not isinstance(ring, list) or len(ring) < 4:
        raise InvalidInput(
            _("%(where)s must list at least 4 positions (the first repeated at the end).") % {"where": where}
        )
    if len(ring) > MAX_VERTICES:
        raise InvalidInput(_("%(where)s has more than %(n)s positions.") % {"where": where, "n": MAX_VERTICES})
    positions = [_position(p, srid, f"{where}[{i}]") for i, p in enumerate(ring)]
    if positions[0] != positions[-1]:
        raise InvalidInput(_("%(where)s is not closed: repeat the first position at the end.") % {"where": where})
    return LinearRing(positions, srid=srid)


def _position(position: Any, srid: int, where: str) -> tuple[float, float]:
    if (
        not isinstance(position, list)
        or len(position) < 2
        or not all(isinstance(v, int | float) and not isinstance(v, bool) for v in position[:2])
        or not all(math.isfinite(v) for v in position[:2])
    ):
        raise InvalidInput(_("%(where)s must be [x, y] with two finite numbers.") % {"where": where})
    x, y = float(position[0]), float(position[1])
    if srid == WGS84 and not (-180 <= x <= 180 and -90 <= y <= 90):
        raise InvalidInput(
            _("%(where)s = [%(x)s, %(y)s] is not [longitude, latitude] in WGS 84; GeoJSON puts longitude first.")
            % {"where": where, "x": x, "y": y}
        )
    return x, y
