"""Import a plan's lots from a vector file through the shared importer (gis_core.importer) as a new revision."""

import hashlib
import json
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

import numpy as np
import shapely
from django.contrib.gis.db.models import Union
from django.contrib.gis.geos import GEOSGeometry
from django.utils.translation import gettext as _
from pyproj import Geod

from core.errors import ImportFailed
from gis_core.importer import STORAGE_SRID, GeometryKind, ImportTarget, Problem, Row, RowInvalid, Source, WriteCounts
from gis_core.models import AdminUnit
from planning.import_mapping import ImportMapping
from planning.lot_copy import copy_lots
from planning.models import LandUseCode, Plan

OVERLAP_M2 = 1.0  # overlaps smaller than this are digitising noise along shared edges
MAX_LISTED = 50
WGS84_ELLIPSOID = Geod(ellps="WGS84")
# (field, lowest, highest, decimal places) of the numeric indicators; the plan's values are stored as stated.
DECIMALS = {
    "building_coverage_pct": (Decimal(0), Decimal(100)),
    "floor_area_ratio": (Decimal(0), Decimal("999.99")),
    "height_max_m": (Decimal(0), Decimal("9999.99")),
    "setback_m": (Decimal(0), Decimal("9999.99")),
    "area_m2": (Decimal(0), Decimal("999999999999.99")),
}
INTEGERS = {"floors_min": 500, "floors_max": 500, "population": 10_000_000}
TEXTS = {"function_name": 200, "building_line": 200, "red_line_ref": 200, "note": 300}
INDICATORS = (*DECIMALS, *INTEGERS, "building_line", "red_line_ref")
_RANGE = re.compile(r"^\s*(\d+)\s*[-\u2013]\s*(\d+)\s*$")  # "3-5" floors


@dataclass
class PlanImportReport:
    """The validation report of one plan import, beyond the shared importer's summary."""

    plan: str = ""
    revision: int | None = None
    unchanged: bool = False
    skipped: list[str] = field(default_factory=list)
    overlaps: list[str] = field(default_factory=list)
    outside_units: list[str] = field(default_factory=list)
    missing: dict[str, list[str]] = field(default_factory=dict)

    def lines(self) -> list[str]:
        """The report as lines of text."""
        if self.unchanged:
            head = _("Plan %(plan)s: the file is the same as revision %(n)s; nothing changed.")
        else:
            head = _("Plan %(plan)s: revision %(n)s written.")
        lines = [head % {"plan": self.plan, "n": self.revision}]
        lines += _listed(_("Skipped (unknown land-use code)"), self.skipped)
        lines += _listed(_("Lots overlapping inside the plan"), self.overlaps)
        lines += _listed(_("Lots outside the plan's administrative units"), self.outside_units)
        for name, codes in self.missing.items():
            lines += _listed(_("Lots without %(field)s") % {"field": name}, codes)
        return lines


def _listed(title: str, items: list[str]) -> list[str]:
    if not items:
        return []
    shown = ", ".join(items[:MAX_LISTED]) + (" …" if len(items) > MAX_LISTED else "")
    return [f"{title} ({len(items)}): {shown}"]


class PlanLotsTarget(ImportTarget):
    """Zoning lots of one plan: every import of a changed file becomes a new revision; the same file changes nothing."""

    name = "plans"

    def __init__(self, field_map: Mapping[str, str | None], **options: Any) -> None:
        super().__init__(field_map, **options)
        self.plan: Plan | None = options.get("plan")
        self.mapping: ImportMapping = options["mapping"]
        self.skip_unknown_codes: bool = bool(options.get("skip_unknown_codes"))
        self.report = PlanImportReport()
        self._codes = {code.code: code for code in LandUseCode.objects.all()}
        if self.plan is None:
            _check_new_plan(self.mapping.plan)

    def required_fields(self) -> list[str]:
        return ["lot_code", "land_use"]

    def geometry_kind(self) -> GeometryKind:
        return GeometryKind.POLYGON

    def validate_row(self, row: Row, source: Source) -> dict[str, Any]:
        values = row.values
        lot_code = _text(values.get("lot_code"), 60, "lot_code")
        if not lot_code:
            raise RowInvalid(_("the lot code is empty."))
        raw_code = str(values.get("land_use") or "").strip().upper()
        code = self.mapping.aliases.get(raw_code, raw_code)
        clean: dict[str, Any] = {"lot_code": lot_code}
        if code not in self._codes:
            if not self.skip_unknown_codes:
                raise RowInvalid(
                    _(
                        "the land-use code %(code)r is not in the national catalogue; map it under "
                        "land_use_aliases in the mapping file, or pass --skip-unknown-codes to leave such lots out."
                    )
                    % {"code": raw_code}
                )
            return {**clean, "skip": raw_code}
        clean["land_use"] = code
        clean |= _indicators(values, self.field_map)
        floors = (clean.get("floors_min"), clean.get("floors_max"))
        if None not in floors and floors[0] > floors[1]:  # type: ignore[operator]
            raise RowInvalid(_("the minimum number of floors exceeds the maximum."))
        return clean

    def check_rows(self, rows: Sequence[Row], source: Source) -> list[Problem]:
        first: dict[str, int] = {}
        problems = []
        for row in rows:
            code = row.clean["lot_code"]
            if code in first:
                message = _("the lot code %(code)s is also used by feature %(first)d; each lot must appear once.")
                problems.append(Problem(source.name, message % {"code": code, "first": first[code]}, row.number))
            first.setdefault(code, row.number)
        kept = [row for row in rows if "skip" not in row.clean]
        self.report.skipped = [f"{row.clean['lot_code']} ({row.clean['skip']})" for row in rows if "skip" in row.clean]
        self.report.overlaps = _overlaps(kept)
        self.report.missing = {
            name: [row.clean["lot_code"] for row in kept if row.clean.get(name) in (None, "")]
            for name in INDICATORS
            if name in self.field_map
        }
        self.report.missing = {name: codes for name, codes in self.report.missing.items() if codes}
        return problems

    def write(self, rows: Sequence[Row], source: Source) -> WriteCounts:
        kept = [row for row in rows if "skip" not in row.clean]
        geoms = shapely.set_srid(np.array([row.geom for row in kept], dtype=object), STORAGE_SRID)
        ewkb = shapely.to_wkb(geoms, hex=True, include_srid=True)
        checksum = _checksum(kept, ewkb)
        plan = self.plan or _plan_for(self.mapping)
        self.report.plan = plan.code
        latest = plan.current_revision()
        if latest is not None and latest.source_checksum == checksum:
            self.report.unchanged, self.report.revision = True, latest.number
            return WriteCounts(unchanged=len(kept))
        revision = plan.add_revision(source_checksum=checksum, **self.mapping.revision)
        self.report.revision = revision.number
        copy_lots(revision.pk, [row.clean for row in kept], list(ewkb))
        plan.extend_boundary(_union(geoms))
        if not plan.units.exists() and plan.boundary is not None:
            plan.units.set(AdminUnit.objects.filter(geom__intersects=plan.boundary))
        self.report.outside_units = _outside_units(plan, kept)
        return WriteCounts(created=len(kept))


def _check_new_plan(details: dict[str, Any]) -> None:
    missing = [key for key in ("code", "name", "type") if not details.get(key)]
    if missing:
        raise ImportFailed(
            _("--plan new needs plan %(keys)s in the mapping file's 'plan' section.") % {"keys": ", ".join(missing)}
        )


def _plan_for(mapping: ImportMapping) -> Plan:
    """The plan named by the mapping's code: created the first time, found again on a re-import."""
    details = dict(mapping.plan)
    existing = Plan.objects.filter(code=details["code"]).first()
    if existing is not None:
        return existing
    effective_from = details.pop("effective_from", None) or mapping.revision.get("effective_from")
    status = details.pop("status", None) or (Plan.Status.APPROVED if effective_from else Plan.Status.DRAFT)
    return Plan.objects.create(
        code=details.pop("code"), plan_type=details.pop("type"), status=status, effective_from=effective_from, **details
    )


def _text(value: Any, limit: int, name: str) -> str:
    text = " ".join(str(value).split()) if value is not None else ""
    if len(text) > limit:
        raise RowInvalid(_("%(field)s is longer than %(limit)d characters.") % {"field": name, "limit": limit})
    return text


def _indicators(values: dict[str, Any], mapped: dict[str, str]) -> dict[str, Any]:
    clean: dict[str, Any] = {}
    for name, limit in TEXTS.items():
        if name in mapped:
            clean[name] = _text(values.get(name), limit, name)
    for name, (low, high) in DECIMALS.items():
        if name in mapped:
            clean[name] = _decimal(values.get(name), name, low, high)
    floors = values.get("floors_max")
    match = _RANGE.match(floors) if isinstance(floors, str) and "floors_min" not in mapped else None
    if match:  # the plan writes "3-5" floors in one column
        clean["floors_min"], clean["floors_max"] = int(match[1]), int(match[2])
    for name, high_int in INTEGERS.items():
        if name in mapped and name not in clean:
            clean[name] = _integer(values.get(name), name, high_int)
    return clean


def _empty(value: Any) -> bool:
    return (
        value is None
        or (isinstance(value, str) and not value.strip())
        or (isinstance(value, float) and math.isnan(value))
    )


def _decimal(value: Any, name: str, low: Decimal, high: Decimal) -> Decimal | None:
    if _empty(value):
        return None
    text = str(value).strip().rstrip("%").strip().replace(",", ".")
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise RowInvalid(_("%(field)s=%(value)r is not a number.") % {"field": name, "value": value}) from None
    if not number.is_finite() or not low <= number <= high:
        raise RowInvalid(
            _("%(field)s=%(value)s is outside %(low)s to %(high)s.")
            % {"field": name, "value": value, "low": low, "high": high}
        )
    return number.quantize(Decimal("0.01"))


def _integer(value: Any, name: str, high: int) -> int | None:
    number = _decimal(value, name, Decimal(0), Decimal(high))
    if number is None:
        return None
    if number != number.to_integral_value():
        raise RowInvalid(_("%(field)s=%(value)s is not a whole number.") % {"field": name, "value": value})
    return int(number)


def _overlaps(rows: Sequence[Row]) -> list[str]:
    """Pairs of lots whose overlap exceeds OVERLAP_M2 (geodesic area on the WGS 84 ellipsoid)."""
    geoms = np.array([row.geom for row in rows], dtype=object)
    if shapely.coverage_is_valid(geoms):
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
            found.append(f"{rows[i].clean['lot_code']}/{rows[j].clean['lot_code']} ({area:.0f} m²)")
    return found


def _union(geoms: np.ndarray) -> GEOSGeometry:
    """The area the lots cover, as a WGS 84 MultiPolygon (a coverage union when the lots do not overlap)."""
    try:
        union = shapely.coverage_union_all(geoms)
    except shapely.errors.GEOSException:
        union = shapely.union_all(geoms)
    if not union.is_valid:
        union = shapely.union_all(geoms)
    multi = union if isinstance(union, shapely.MultiPolygon) else shapely.MultiPolygon(shapely.get_parts(union))
    return GEOSGeometry(memoryview(shapely.to_wkb(multi)), srid=STORAGE_SRID)


def _checksum(rows: Sequence[Row], ewkb: Sequence[str]) -> str:
    """A digest of the lots' values and geometries: the same file gives the same digest."""
    digest = hashlib.sha256()
    for row, geom in sorted(zip(rows, ewkb, strict=True), key=lambda pair: pair[0].clean["lot_code"]):
        values = {key: str(value) for key, value in row.clean.items()}
        digest.update(json.dumps(values, sort_keys=True, ensure_ascii=False).encode())
        digest.update(geom.encode())
    return digest.hexdigest()


def _outside_units(plan: Plan, rows: Sequence[Row]) -> list[str]:
    """Lots not covered by the plan's units (tested in memory against the units' union)."""
    union = plan.units.aggregate(u=Union("geom"))["u"]
    if union is None:
        return []
    area = shapely.from_wkb(bytes(union.wkb))
    shapely.prepare(area)
    geoms = np.array([row.geom for row in rows], dtype=object)
    inside = shapely.covered_by(geoms, area)
    return [row.clean["lot_code"] for row, ok in zip(rows, inside, strict=True) if not ok]
