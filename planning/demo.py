"""Load the SYNTHETIC Nha Trang demo plans and land-use status map; a second run writes nothing."""

import datetime
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, TextIO

from django.contrib.gis.db.models import Union
from django.contrib.gis.db.models.functions import Transform
from django.contrib.gis.geos import GEOSGeometry
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from shapely import wkb
from shapely.geometry.base import BaseGeometry

from gis_core.models import AdminUnit
from gis_core.srs import VN2000_TM3_108_15
from planning import demo_layout
from planning.catalogue import sync_catalogue
from planning.demo_layout import SYNTHETIC, DemoLot
from planning.models import (
    CurrentLandUse,
    LandUseCode,
    LandUseSurvey,
    Plan,
    PlanDocument,
    PlanRevision,
    RedLine,
    ZoningLot,
)

NHA_TRANG = "Nha Trang"
GENERAL_CODE = "demo-nha-trang-general"
ZONING_CODE = "demo-nha-trang-central-zoning"
SURVEY_NAME = "Bản đồ hiện trạng sử dụng đất khu vực Nha Trang năm 2024 (dữ liệu mô phỏng)"
AUTHORITY_PROVINCE = "UBND tỉnh Khánh Hòa"


@dataclass(frozen=True)
class RevisionSpec:
    """What the synthetic decision of one revision says."""

    title: str
    decision_number: str
    decision_date: datetime.date
    effective_from: datetime.date
    authority: str = AUTHORITY_PROVINCE


def load(stdout: TextIO) -> None:
    """Create or refresh the demo plans over the Nha Trang wards; skip (and say so) if the wards are missing."""
    created, updated = sync_catalogue(LandUseCode)
    stdout.write(f"planning: land-use catalogue {created} created, {updated} updated.\n")
    units = list(AdminUnit.objects.filter(name__contains=NHA_TRANG).order_by("code"))
    if not units:
        stdout.write("planning: no unit named '*Nha Trang*' (load gis_core's demo first); demo plans skipped.\n")
        return
    area = _wards_in_metres(units)
    fingerprint = _fingerprint(area)
    for label, loader in (("general plan", _load_general), ("zoning plan", _load_zoning), ("status map", _load_status)):
        outcome = loader(area, units, fingerprint)
        stdout.write(f"planning: demo {label} {outcome}.\n")


def _wards_in_metres(units: list[AdminUnit]) -> BaseGeometry:
    """The union of the wards in EPSG:9217, transformed by PostGIS (spatial_ref_sys holds our VN-2000 shift)."""
    union = AdminUnit.objects.filter(pk__in=[u.pk for u in units]).aggregate(
        u=Union(Transform("geom", VN2000_TM3_108_15))
    )["u"]
    return wkb.loads(bytes(union.wkb)).buffer(0)


def _fingerprint(area: BaseGeometry) -> str:
    """Changes when the generator, its source note or the wards change; equal means the data is already there."""
    generator = (demo_layout.GENERATOR_VERSION + SYNTHETIC).encode()
    return hashlib.sha256(generator + wkb.dumps(area.normalize(), hex=False)).hexdigest()


def _geos(geom: BaseGeometry) -> Any:
    """A GEOS copy in EPSG:9217 of a shapely geometry (a MultiPolygon or MultiLineString here)."""
    return GEOSGeometry(memoryview(wkb.dumps(geom)), srid=VN2000_TM3_108_15)


# Lots were cut in VN-2000 metres; cut them again in WGS 84 so none pokes past the wards by reprojection noise.
CLIP_SQL = """
UPDATE {table} SET geom = ST_Multi(ST_CollectionExtract(ST_Intersection(geom, wards.g), 3))
FROM (SELECT ST_Union(geom) AS g FROM gis_core_adminunit WHERE id = ANY(%s)) AS wards
WHERE {owner} = %s AND NOT ST_CoveredBy(geom, wards.g)
"""


def _clip_to_wards(table: str, owner: str, owner_id: int, units: list[AdminUnit]) -> None:
    """Clip the rows of one revision or survey to the wards, in PostGIS (identifiers are ours, values bound)."""
    sql = CLIP_SQL.format(table=connection.ops.quote_name(table), owner=connection.ops.quote_name(owner))
    with connection.cursor() as cursor:
        cursor.execute(sql, [[u.pk for u in units], owner_id])


def _is_current(plan_code: str, fingerprint: str) -> bool:
    return PlanRevision.objects.filter(plan__code=plan_code, number=1, source_checksum=fingerprint).exists()


def _new_plan(code: str, fields: dict[str, object], units: Iterable[AdminUnit]) -> tuple[Plan, str]:
    """Delete an outdated demo plan and create it afresh."""
    existed = Plan.objects.filter(code=code).exists()
    Plan.objects.filter(code=code).delete()
    plan = Plan.objects.create(code=code, status=Plan.Status.APPROVED, source_note=SYNTHETIC, **fields)
    plan.units.set(units)
    return plan, "regenerated" if existed else "created"


def _add_revision(plan: Plan, spec: RevisionSpec, lots: list[DemoLot], fingerprint: str) -> PlanRevision:
    revision = plan.add_revision(
        effective_from=spec.effective_from,
        title=spec.title,
        decision_number=spec.decision_number,
        decision_date=spec.decision_date,
        approving_authority=spec.authority,
        note=SYNTHETIC,
        source_checksum=fingerprint,
    )
    codes = {code.code: code for code in LandUseCode.objects.all()}
    ZoningLot.objects.bulk_create(
        [
            ZoningLot(
                revision=revision,
                geom=_geos(lot.geom),
                lot_code=lot.lot_code,
                land_use=codes[lot.land_use],
                function_name=lot.function_name,
                note="mô phỏng",
                **lot.indicators,
            )
            for lot in lots
        ],
        batch_size=1000,
    )
    _clip_to_wards(ZoningLot._meta.db_table, "revision_id", revision.pk, list(plan.units.all()))
    _attach_decision(plan, revision, spec)
    return revision


def _attach_decision(plan: Plan, revision: PlanRevision, spec: RevisionSpec) -> None:
    name = f"planning/documents/demo/{plan.code}-{revision.number}.txt"
    if not default_storage.exists(name):
        text = f"{spec.decision_number} — {spec.title}\n\n{SYNTHETIC}\n"
        name = default_storage.save(name, ContentFile(text.encode("utf-8")))
    PlanDocument.objects.create(
        plan=plan,
        revision=revision,
        kind=PlanDocument.Kind.DECISION,
        file=name,
        title=f"Quyết định {spec.decision_number} (mô phỏng)",
    )


def _load_general(area: BaseGeometry, units: list[AdminUnit], fingerprint: str) -> str:
    if _is_current(GENERAL_CODE, fingerprint):
        return "unchanged"
    spec = RevisionSpec(
        "Quy hoạch chung (mô phỏng)",
        "DEMO-01/QĐ-TTg",
        datetime.date(2019, 12, 15),
        datetime.date(2020, 1, 1),
        "Thủ tướng Chính phủ (mô phỏng)",
    )
    plan, outcome = _new_plan(
        GENERAL_CODE,
        {
            "name": "Quy hoạch chung thành phố Nha Trang đến năm 2040 (dữ liệu mô phỏng)",
            "plan_type": Plan.Type.GENERAL,
            "decision_number": spec.decision_number,
            "decision_date": spec.decision_date,
            "approving_authority": spec.authority,
            "effective_from": spec.effective_from,
        },
        units,
    )
    zones = demo_layout.general_zones(area)
    _add_revision(plan, spec, zones, fingerprint)
    plan.boundary = _geos(demo_layout.as_multi(area))
    plan.save(update_fields=["boundary"])
    return f"{outcome}: {len(zones)} zones"


def _load_zoning(area: BaseGeometry, units: list[AdminUnit], fingerprint: str) -> str:
    if _is_current(ZONING_CODE, fingerprint):
        return "unchanged"
    original = RevisionSpec(
        "Quy hoạch phân khu tỷ lệ 1/2000 (mô phỏng)",
        "DEMO-1234/QĐ-UBND",
        datetime.date(2019, 6, 15),
        datetime.date(2019, 7, 1),
    )
    adjustment = RevisionSpec(
        "Điều chỉnh cục bộ quy hoạch phân khu (mô phỏng)",
        "DEMO-0567/QĐ-UBND",
        datetime.date(2024, 3, 20),
        datetime.date(2024, 4, 1),
    )
    zone, lots, lines = demo_layout.zoning_lots(area)
    plan, outcome = _new_plan(
        ZONING_CODE,
        {
            "name": "Quy hoạch phân khu tỷ lệ 1/2000 khu trung tâm Nha Trang (dữ liệu mô phỏng)",
            "plan_type": Plan.Type.ZONING_2000,
            "decision_number": original.decision_number,
            "decision_date": original.decision_date,
            "approving_authority": original.authority,
            "effective_from": original.effective_from,
        },
        units,
    )
    first = _add_revision(plan, original, lots, fingerprint)
    second = _add_revision(plan, adjustment, demo_layout.adjusted(lots, area), "")
    for revision in (first, second):
        RedLine.objects.bulk_create(
            [RedLine(revision=revision, geom=_geos(line), reference=f"QH-05/{i}") for i, line in enumerate(lines)]
        )
    plan.boundary = _geos(demo_layout.as_multi(zone))
    plan.save(update_fields=["boundary"])
    plan.units.set(AdminUnit.objects.filter(pk__in=[u.pk for u in units], geom__intersects=plan.boundary))
    return f"{outcome}: {len(lots)} lots in each of 2 revisions, {len(lines)} red lines"


def _load_status(area: BaseGeometry, units: list[AdminUnit], fingerprint: str) -> str:
    survey = LandUseSurvey.objects.filter(name=SURVEY_NAME).first()
    if survey is not None and survey.source_checksum == fingerprint:
        return "unchanged"
    outcome = "regenerated" if survey is not None else "created"
    LandUseSurvey.objects.filter(name=SURVEY_NAME).delete()
    survey = LandUseSurvey.objects.create(
        name=SURVEY_NAME,
        reference_date=datetime.date(2024, 12, 31),
        source_note=SYNTHETIC,
        source_checksum=fingerprint,
    )
    survey.units.set(units)
    codes = {code.code: code for code in LandUseCode.objects.all()}
    cells = demo_layout.status_areas(area)
    CurrentLandUse.objects.bulk_create(
        [CurrentLandUse(survey=survey, geom=_geos(cell.geom), land_use=codes[cell.land_use]) for cell in cells],
        batch_size=1000,
    )
    _clip_to_wards(CurrentLandUse._meta.db_table, "survey_id", survey.pk, units)
    return f"{outcome}: {len(cells)} areas"
