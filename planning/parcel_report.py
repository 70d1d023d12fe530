"""Overlay a parcel on the plans in force: its area, each land use it falls in with area and share, red lines."""

import datetime
import json
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.contrib.gis.db.models.functions import Intersection, Transform
from django.contrib.gis.geos import GEOSGeometry
from django.db import connection
from django.db.models import Exists, FloatField, Func, OuterRef
from django.utils.translation import gettext as _

from core.errors import NotFound
from gis_core.models import AdminUnit
from gis_core.srs import VN2000_TM3_108_15
from planning.lookup import (
    DISCLAIMER,
    GEOJSON_DECIMALS,
    PLAN_TYPE_ORDER,
    documents_of,
    lot_geometry,
    with_lot_geometry,
)
from planning.models import PlanRevision, RedLine, ZoningLot
from planning.parcel_input import ParcelInput
from planning.serializers import document_dicts, indicators_dict, land_use_dict, plan_dict, revision_dict

# Areas are planar in VN-2000 / TM-3 108°15' (EPSG:9217): the projection land-use-right certificates use.
AREA_SRID = VN2000_TM3_108_15
SLIVER_M2 = 0.01  # lots that only touch the parcel's edge intersect with no area; they are not reported
RED_LINE_TOLERANCE_M = 0.10


class PlanarArea(Func):
    """ST_Area of a projected geometry, in the square units of its SRID."""

    function = "ST_Area"
    output_field = FloatField()


def in_metres(parcel: GEOSGeometry) -> tuple[GEOSGeometry, float, str]:
    """The parcel in EPSG:9217, its planar area in m² and its GeoJSON in WGS 84, all from PostGIS."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT ST_AsEWKB(m), ST_Area(m), ST_AsGeoJSON(ST_Transform(g, 4326), %s)"
            " FROM (SELECT g, ST_Transform(g, %s) AS m FROM (SELECT ST_GeomFromEWKB(%s) AS g) AS given) AS parcel",
            [GEOJSON_DECIMALS, AREA_SRID, bytes(parcel.ewkb)],
        )
        ewkb, area, geojson = cursor.fetchone()
    return GEOSGeometry(memoryview(ewkb)), float(area), geojson


def units_touched(parcel: GEOSGeometry) -> list[AdminUnit]:
    """The units the parcel lies in, or NotFound when it lies outside the province."""
    units = list(AdminUnit.objects.filter(geom__intersects=parcel).only("code", "name", "kind").order_by("code"))
    if not units:
        raise NotFound(_("The parcel lies outside Khánh Hòa province; no plan of ours covers it."))
    return units


def parcel_report(parcel: ParcelInput, on_date: datetime.date, *, with_geometry: bool = False) -> dict[str, Any]:
    """Report the parcel's area and, per plan in force on the date, the land uses it falls in."""
    geom = parcel.geom
    units = units_touched(geom)
    metric, area, geojson = in_metres(geom)
    # A red line within the tolerance of the parcel's edge runs along it; only one entering the parcel crosses.
    inner = metric.buffer(-RED_LINE_TOLERANCE_M)
    revisions = [
        RevisionFacts.of(revision)
        for revision in PlanRevision.objects.in_force(on_date)
        .filter(plan__boundary__intersects=geom)
        .select_related("plan")
        .defer("plan__boundary")
        .annotate(
            document_rows=documents_of(),
            has_red_lines=Exists(RedLine.objects.filter(revision=OuterRef("pk"))),
            crosses_red_line=Exists(RedLine.objects.filter(revision=OuterRef("pk"), geom__intersects=inner)),
        )
    ]
    parts = _lot_parts(geom, metric, [facts.revision.pk for facts in revisions], with_geometry)
    plans = [_plan_entry(facts, parts.get(facts.revision.pk, []), area) for facts in revisions]
    plans.sort(key=lambda e: (PLAN_TYPE_ORDER.index(e["plan"]["type"]), e["plan"]["name"]))
    return {
        "date": on_date.isoformat(),
        "parcel": {
            **parcel.describe(),
            "area_m2": round(area, 2),
            "area_method": _("planar area in EPSG:9217 (VN-2000 / TM-3 108°15'), as on land-use-right certificates"),
            "units": [{"code": u.code, "name": u.name, "kind": u.kind} for u in units],
            "geometry": json.loads(geojson),
        },
        "plans": plans,
        "disclaimer": _(DISCLAIMER),
    }


@dataclass(frozen=True)
class LotPart:
    """A lot and the area of the parcel that lies in it."""

    lot: ZoningLot
    area_m2: float


@dataclass(frozen=True)
class RevisionFacts:
    """A revision in force with what the query found about its documents and red lines."""

    revision: PlanRevision
    documents: list[dict[str, Any]]
    has_red_lines: bool
    crosses_red_line: bool

    @classmethod
    def of(cls, revision: PlanRevision) -> "RevisionFacts":
        annotated: Any = revision  # the annotations of parcel_report's query
        return cls(revision, annotated.document_rows, annotated.has_red_lines, annotated.crosses_red_line)


def _lot_parts(
    geom: GEOSGeometry, metric: GEOSGeometry, revision_ids: list[int], with_geometry: bool
) -> dict[int, list[LotPart]]:
    """Lots of the revisions that overlap the parcel, each annotated with the overlap area in m²."""
    if not revision_ids:
        return {}
    projected = Transform("geom", AREA_SRID)
    lots = (
        with_lot_geometry(ZoningLot.objects.all(), with_geometry)
        .filter(revision_id__in=revision_ids, geom__intersects=geom)
        .select_related("land_use")
        .defer("geom")
        .annotate(part_m2=PlanarArea(Intersection(projected, metric)))
        .order_by("lot_code")
    )
    parts: dict[int, list[LotPart]] = defaultdict(list)
    for lot in lots:
        area: float = lot.part_m2  # type: ignore[attr-defined]  # annotated above
        if area >= SLIVER_M2:
            parts[lot.revision_id].append(LotPart(lot, area))
    return parts


def _plan_entry(facts: RevisionFacts, parts: list[LotPart], parcel_m2: float) -> dict[str, Any]:
    by_use: dict[str, dict[str, Any]] = {}
    for part in parts:
        use = by_use.setdefault(part.lot.land_use_id, {**land_use_dict(part.lot.land_use), "area_m2": 0.0})
        use["area_m2"] += part.area_m2
    covered = sum(part.area_m2 for part in parts)
    land_uses = sorted(by_use.values(), key=lambda u: -u["area_m2"])
    for use in land_uses:
        use["share"] = _share(use["area_m2"], parcel_m2)
        use["area_m2"] = round(use["area_m2"], 2)
    return {
        "plan": plan_dict(facts.revision.plan),
        "revision": revision_dict(facts.revision),
        "covered_m2": round(covered, 2),
        "covered_share": _share(covered, parcel_m2),
        "land_uses": land_uses,
        "lots": [_part_dict(part, parcel_m2) for part in parts],
        # Without recorded red lines "false" would be misread as "no red line here"; say it is unknown.
        "red_lines_recorded": facts.has_red_lines,
        "crosses_red_line": facts.crosses_red_line if facts.has_red_lines else None,
        "documents": document_dicts(facts.documents),
    }


def _part_dict(part: LotPart, parcel_m2: float) -> dict[str, Any]:
    return {
        "id": part.lot.pk,
        "lot_code": part.lot.lot_code,
        "land_use": part.lot.land_use_id,
        "function_name": part.lot.function_name or None,
        "area_m2": round(part.area_m2, 2),
        "share": _share(part.area_m2, parcel_m2),
        "indicators": indicators_dict(part.lot),
        **lot_geometry(part.lot),
    }


def _share(part: float, whole: float) -> float:
    return round(min(part / whole, 1.0), 4) if whole > 0 else 0.0
