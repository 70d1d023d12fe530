"""Answer "which plans apply here, and what do they allow" for one point and one date."""

import datetime
import json
from collections import defaultdict
from typing import Any

from django.contrib.gis.db.models.functions import AsGeoJSON
from django.contrib.gis.geos import Point
from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import OuterRef, Q
from django.db.models.functions import JSONObject
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from core.errors import NotFound
from gis_core.models import AdminUnit
from planning.models import Plan, PlanDocument, PlanRevision, ZoningLot, ZoningLotQuerySet
from planning.serializers import document_dicts, lot_dict, plan_dict, revision_dict

# Most specific plans first: a detailed plan answers the citizen's question before the general plan.
PLAN_TYPE_ORDER = [
    Plan.Type.DETAILED_500,
    Plan.Type.ZONING_2000,
    Plan.Type.ZONING_5000,
    Plan.Type.GENERAL,
    Plan.Type.LAND_USE,
    Plan.Type.CONSTRUCTION,
    Plan.Type.SECTORAL,
]
GEOJSON_DECIMALS = 7  # about 1 cm
DISCLAIMER = gettext_noop(
    "For information only: the approved plan documents and the competent authority's written planning "
    "information prevail."
)


def documents_of(revision_ref: str = "pk", plan_ref: str = "plan_id") -> ArraySubquery:
    """The documents of the outer revision's plan: those for the whole plan and those of that revision."""
    rows = (
        PlanDocument.objects.filter(plan_id=OuterRef(plan_ref))
        .filter(Q(revision__isnull=True) | Q(revision_id=OuterRef(revision_ref)))
        .order_by("kind", "title")
        .values(json=JSONObject(title="title", kind="kind", file="file", url="url"))
    )
    return ArraySubquery(rows)


def unit_at(point: Point) -> AdminUnit:
    """The unit containing the point, or NotFound when it lies outside the province."""
    unit = AdminUnit.objects.containing(point).only("code", "name", "kind").order_by("code").first()
    if unit is None:
        raise NotFound(
            _("The point %(lon).6f, %(lat).6f lies outside Khánh Hòa province; no plan of ours covers it.")
            % {"lon": point.x, "lat": point.y}
        )
    return unit


def lookup(point: Point, on_date: datetime.date, *, with_geometry: bool = False) -> dict[str, Any]:
    """The unit and, for every plan in force on the date covering the point, its lot(s) and documents."""
    unit = unit_at(point)
    # The lots under the point first, through the spatial index alone (a handful, whatever the plans' size).
    # Asked in one query with the in-force join, PostgreSQL ANDs that index with the (revision, lot_code) one
    # and reads every lot of each revision in force: the lookup then grew with the plan (31 ms at 1,000,000 lots).
    under_point = list(ZoningLot.objects.covering(point).order_by().values_list("pk", flat=True))
    lots = list(
        with_lot_geometry(ZoningLot.objects.filter(pk__in=under_point), with_geometry)
        .in_force(on_date)
        .select_related("revision__plan", "land_use")
        .defer("geom", "revision__plan__boundary")  # large geometries the answer does not show
        .annotate(document_rows=documents_of("revision_id", "revision__plan_id"))
        .order_by("revision_id", "lot_code")
    )
    by_revision: dict[int, list[ZoningLot]] = defaultdict(list)
    for lot in lots:
        by_revision[lot.revision_id].append(lot)
    entries = [_entry(group[0].revision, _documents(group[0]), group) for group in by_revision.values()]
    # Plans whose area covers the point where no lot does (a gap between lots) are listed too, without a lot.
    uncovered = (
        PlanRevision.objects.in_force(on_date)
        .filter(plan__boundary__covers=point)
        .exclude(pk__in=list(by_revision))
        .select_related("plan")
        .defer("plan__boundary")
        .annotate(document_rows=documents_of())
    )
    entries += [_entry(revision, _documents(revision), []) for revision in uncovered]
    entries.sort(key=lambda e: (PLAN_TYPE_ORDER.index(e["plan"]["type"]), e["plan"]["name"]))
    return {
        "date": on_date.isoformat(),
        "unit": {"code": unit.code, "name": unit.name, "kind": unit.kind},
        "plans": entries,
        "disclaimer": _(DISCLAIMER),
    }


def with_lot_geometry(lots: ZoningLotQuerySet, wanted: bool) -> ZoningLotQuerySet:
    """Add each lot's polygon as GeoJSON text (written by PostGIS) when the caller wants to draw it."""
    return lots.annotate(geojson=AsGeoJSON("geom", precision=GEOJSON_DECIMALS)) if wanted else lots


def lot_geometry(lot: ZoningLot) -> dict[str, Any]:
    """{"geometry": GeoJSON} when the lot was fetched with_lot_geometry, else nothing."""
    text = lot.__dict__.get("geojson")
    return {"geometry": json.loads(text)} if text else {}


def _documents(annotated: Any) -> list[dict[str, Any]]:
    """The document_rows annotation of a lot or revision fetched above."""
    rows: list[dict[str, Any]] = annotated.document_rows
    return rows


def _entry(revision: PlanRevision, documents: list[dict[str, Any]], lots: list[ZoningLot]) -> dict[str, Any]:
    return {
        "plan": plan_dict(revision.plan),
        "revision": revision_dict(revision),
        "lots": [{**lot_dict(lot), **lot_geometry(lot)} for lot in lots],
        "documents": document_dicts(documents),
    }
