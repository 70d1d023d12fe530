"""Checks over all lots of an import at once: overlaps inside the plan, lots outside its units, their union."""

from collections.abc import Sequence

import numpy as np
import shapely
from django.contrib.gis.db.models import Union
from django.contrib.gis.geos import GEOSGeometry
from pyproj import Geod
from shapely.geometry.base import BaseGeometry

from gis_core.importer import STORAGE_SRID
from planning.models import Plan

OVERLAP_M2 = 1.0  # overlaps smaller than this are digitising noise along shared edges
WGS84_ELLIPSOID = Geod(ellps="WGS84")


def overlaps(geoms: np.ndarray, codes: Sequence[str]) -> list[str]:
    """Pairs of lots whose overlap exceeds OVERLAP_M2 (geodesic area on the WGS 84 ellipsoid)."""
    if len(geoms) < 2 or shapely.coverage_is_valid(geoms):
        return []  # a valid coverage has no overlaps; checking that is much faster than testing every pair
    tree = shapely.STRtree(geoms)
    # "overlaps" and "contains" skip neighbours that only share an edge, with prepared geometries (fast).
    pairs = np.hstack([tree.query(geoms, predicate="overlaps"), tree.query(geoms, predicate="contains")])
    pairs = np.unique(np.sort(pairs[:, pairs[0] != pairs[1]], axis=0), axis=1)
    left, right = pairs
    parts = shapely.intersection(geoms[left], geoms[right])
    candidates = shapely.area(parts) > 0
    found = []
    for i, j, part in zip(left[candidates], right[candidates], parts[candidates], strict=True):
        area = abs(WGS84_ELLIPSOID.geometry_area_perimeter(part)[0])
        if area > OVERLAP_M2:
            found.append(f"{codes[i]}/{codes[j]} ({area:.0f} m²)")
    return found


def union(geoms: np.ndarray) -> shapely.MultiPolygon:
    """The area the lots cover, as a MultiPolygon (a coverage union when the lots do not overlap)."""
    try:
        merged = shapely.coverage_union_all(geoms)
    except shapely.errors.GEOSException:
        merged = shapely.union_all(geoms)
    if not merged.is_valid:
        merged = shapely.union_all(geoms)
    return merged if isinstance(merged, shapely.MultiPolygon) else shapely.MultiPolygon(shapely.get_parts(merged))


def as_geos(geom: BaseGeometry) -> GEOSGeometry:
    """A GeoDjango copy of a shapely geometry in EPSG:4326."""
    return geos_from_wkb(shapely.to_wkb(geom))


def geos_from_wkb(wkb: bytes) -> GEOSGeometry:
    """A GeoDjango geometry in EPSG:4326 from WKB."""
    return GEOSGeometry(memoryview(wkb), srid=STORAGE_SRID)


def units_area(plan: Plan) -> BaseGeometry | None:
    """The union of the plan's units (made in PostGIS), prepared for many tests; None when it has no units."""
    area = plan.units.aggregate(u=Union("geom"))["u"]
    if area is None:
        return None
    covering = shapely.from_wkb(bytes(area.wkb))
    shapely.prepare(covering)
    return covering


def outside_units(area: BaseGeometry | None, geoms: np.ndarray, codes: Sequence[str]) -> list[str]:
    """Lots not covered by the area of the plan's units (none when the plan has no units)."""
    if area is None:
        return []
    inside = shapely.covered_by(geoms, area)
    return [code for code, ok in zip(codes, inside, strict=True) if not ok]
