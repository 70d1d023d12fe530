"""Import a plan's lots from a vector file through the shared importer (gis_core.importer) as a new revision."""

from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from django.db import transaction
from django.utils.translation import gettext as _

from core.errors import ImportFailed
from gis_core import hints, importer
from gis_core.importer import (
    GeometryKind,
    ImportReport,
    ImportTarget,
    Problem,
    Row,
    RowInvalid,
    Source,
    WriteCounts,
)
from gis_core.models import AdminUnit
from planning import lot_checks
from planning.import_mapping import ImportMapping
from planning.lot_copy import batch_of, copy_lots
from planning.lot_values import INDICATORS, LotValues, text
from planning.models import LandUseCode, Plan

MAX_LISTED = 50


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

    def as_dict(self, limit: int = MAX_LISTED) -> dict[str, Any]:
        """The report as data for a page: each list with its full count and its first items."""

        def listed(items: list[str]) -> dict[str, Any]:
            return {"count": len(items), "items": items[:limit]}

        return {
            "plan": self.plan,
            "revision": self.revision,
            "unchanged": self.unchanged,
            "skipped": listed(self.skipped),
            "overlaps": listed(self.overlaps),
            "outside_units": listed(self.outside_units),
            "missing": [{"field": name, **listed(codes)} for name, codes in self.missing.items()],
        }


def import_plan_file(
    path: str | Path,
    mapping: ImportMapping,
    *,
    plan: Plan | None,
    skip_unknown_codes: bool = False,
    layer: str | None = None,
    srid: int | None = None,
    dry_run: bool = False,
) -> tuple[ImportReport, PlanImportReport]:
    """Import a file's lots into plan (None: the mapping's plan) in one transaction; a dry run rolls it back."""
    target = PlanLotsTarget(mapping.fields, plan=plan, mapping=mapping, skip_unknown_codes=skip_unknown_codes)
    with transaction.atomic():
        summary = importer.run_import(
            path, target, layer=layer or mapping.layer, srid=srid or mapping.srid, encoding=mapping.encoding
        )
        if dry_run:
            transaction.set_rollback(True)
    return summary, target.report


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
        self._values = LotValues(self.field_map)  # one per import: each distinct indicator value is read once
        if self.plan is None:
            _check_new_plan(self.mapping.plan)

    def required_fields(self) -> list[str]:
        return ["lot_code", "land_use"]

    def geometry_kind(self) -> GeometryKind:
        return GeometryKind.POLYGON

    def validate_row(self, row: Row, source: Source) -> dict[str, Any]:
        return self._clean(row.values, self._values)

    def _clean(self, values: dict[str, Any], reader: LotValues) -> dict[str, Any]:
        lot_code = text(values.get("lot_code"), 60, "lot_code")
        if not lot_code:
            raise RowInvalid(_("the lot code is empty."))
        raw_code = str(values.get("land_use") or "").strip().upper()
        code = self.mapping.aliases.get(raw_code, raw_code)
        clean: dict[str, Any] = {"lot_code": lot_code}
        if code not in self._codes:  # a dict of the catalogue: a look-up per lot, no query
            if not self.skip_unknown_codes:
                controls = hints.current() if hints.current().aliases else hints.plan_form()
                raise RowInvalid(
                    _(
                        "the land-use code %(code)r is not in the national catalogue; map it with %(aliases)s, or "
                        "leave such lots out with %(skip)s."
                    )
                    % {"code": raw_code, "aliases": controls.aliases, "skip": controls.skip_unknown}
                )
            return {**clean, "skip": raw_code}
        clean["land_use"] = code
        reader.indicators(values, clean)
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
        if rows and not kept:
            message = _("every lot has an unknown land-use code; no lot is left to import.")
            problems.append(Problem(source.name, message))
        missing = {
            name: [row.clean["lot_code"] for row in kept if row.clean.get(name) in (None, "")]
            for name in INDICATORS
            if name in self.field_map
        }
        self.report.missing = {name: lots for name, lots in missing.items() if lots}
        return problems

    def write(self, rows: Sequence[Row], source: Source) -> WriteCounts:
        kept = [row for row in rows if "skip" not in row.clean]
        geoms = _geometries(kept)
        codes = [row.clean["lot_code"] for row in kept]
        batch = batch_of([row.clean for row in kept], geoms)
        plan = self.plan or _plan_for(self.mapping)
        self.report.plan = plan.code
        latest = plan.current_revision()
        if latest is not None and latest.source_checksum == batch.checksum:
            self.report.unchanged, self.report.revision = True, latest.number
            self.report.overlaps = lot_checks.overlaps(geoms, codes)
            return WriteCounts(unchanged=len(kept))
        revision = plan.add_revision(source_checksum=batch.checksum, **self.mapping.revision)
        self.report.revision = revision.number
        # GEOS releases the GIL: the overlap and unit checks run on a second core while PostgreSQL writes the lots.
        with ThreadPoolExecutor(max_workers=1) as pool:
            overlaps = pool.submit(lot_checks.overlaps, geoms, codes)
            plan.extend_boundary(lot_checks.as_geos(lot_checks.union(geoms)))
            if not plan.units.exists() and plan.boundary is not None:
                plan.units.set(AdminUnit.objects.filter(geom__intersects=plan.boundary))
            outside = pool.submit(lot_checks.outside_units, lot_checks.units_area(plan), geoms, codes)
            copy_lots(revision.pk, batch)
            self.report.overlaps, self.report.outside_units = overlaps.result(), outside.result()
        return WriteCounts(created=len(kept))


def _geometries(rows: Sequence[Row]) -> np.ndarray:
    geoms = np.empty(len(rows), dtype=object)
    geoms[:] = [row.geom for row in rows]
    return geoms


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
