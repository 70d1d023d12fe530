"""Import a land-use status map (bản đồ hiện trạng sử dụng đất) through the shared importer, as plans are.

A status map is named and dated; the same file again changes nothing, a changed file under the same name and
date replaces its areas at once (one transaction), and a new date makes a new status map.
"""

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, cast

import numpy as np
import shapely
from django.contrib.gis.geos import MultiPolygon
from django.db import transaction
from django.utils.translation import gettext as _

from gis_core import importer
from gis_core.importer import GeometryKind, ImportReport, ImportTarget, Problem, Row, RowInvalid, Source, WriteCounts
from gis_core.models import AdminUnit
from planning import lot_checks
from planning.models import CurrentLandUse, LandUseCode, LandUseSurvey

BATCH = 2000


@dataclass
class StatusMapDetails:
    """Which status map the file is, and how to read its land-use codes."""

    name: str
    reference_date: Any  # datetime.date
    source_note: str = ""
    aliases: dict[str, str] = field(default_factory=dict)
    skip_unknown_codes: bool = False


@dataclass
class StatusImportReport:
    """What the import did beyond the shared importer's counts."""

    survey: str = ""
    unchanged: bool = False
    replaced: bool = False
    skipped: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        """The report as lines of text."""
        if self.unchanged:
            head = _("Status map %(name)s: the file is the same as the one imported; nothing changed.")
        elif self.replaced:
            head = _("Status map %(name)s: its areas were replaced.")
        else:
            head = _("Status map %(name)s: created.")
        lines = [head % {"name": self.survey}]
        if self.skipped:
            shown = ", ".join(self.skipped[:50]) + (" …" if len(self.skipped) > 50 else "")
            message = _("Skipped features (unknown land-use code) (%(count)d): %(shown)s")
            lines.append(message % {"count": len(self.skipped), "shown": shown})
        return lines


class StatusAreasTarget(ImportTarget):
    """The polygons of one land-use status map, each with its current land-use code."""

    name = "landuse_status"

    def __init__(self, field_map: Mapping[str, str | None], **options: Any) -> None:
        super().__init__(field_map, **options)
        self.details: StatusMapDetails = options["details"]
        self.report = StatusImportReport(survey=self.details.name)
        self._codes = set(LandUseCode.objects.values_list("code", flat=True))

    def required_fields(self) -> list[str]:
        return ["land_use"]

    def geometry_kind(self) -> GeometryKind:
        return GeometryKind.POLYGON

    def validate_row(self, row: Row, source: Source) -> dict[str, Any]:
        raw = str(row.values.get("land_use") or "").strip().upper()
        code = self.details.aliases.get(raw, raw)
        if code in self._codes:
            return {"land_use": code}
        if self.details.skip_unknown_codes:
            return {"skip": raw}
        raise RowInvalid(
            _(
                "the land-use code %(code)r is not in the national catalogue; map it with --alias %(code)s=CODE, "
                "or pass --skip-unknown-codes to leave such areas out."
            )
            % {"code": raw}
        )

    def check_rows(self, rows: Sequence[Row], source: Source) -> list[Problem]:
        self.report.skipped = [f"{row.number} ({row.clean['skip']})" for row in rows if "skip" in row.clean]
        if rows and len(self.report.skipped) == len(rows):  # else a changed map would be replaced by nothing
            message = _("every area has an unknown land-use code; no area is left to import. Map them with --alias.")
            return [Problem(source.name, message)]
        return []

    def write(self, rows: Sequence[Row], source: Source) -> WriteCounts:
        kept = [row for row in rows if "skip" not in row.clean]
        geoms = np.empty(len(kept), dtype=object)
        geoms[:] = [row.geom for row in kept]
        checksum = _checksum([row.clean["land_use"] for row in kept], geoms)
        details = self.details
        survey = LandUseSurvey.objects.filter(name=details.name, reference_date=details.reference_date).first()
        if survey is not None and survey.source_checksum == checksum:
            self.report.unchanged = True
            return WriteCounts(unchanged=len(kept))
        if survey is None:
            survey = LandUseSurvey.objects.create(
                name=details.name, reference_date=details.reference_date, source_note=details.source_note
            )
        else:
            self.report.replaced = True
            survey.areas.all().delete()
        survey.source_checksum = checksum
        survey.save(update_fields=["source_checksum"])
        wkb = shapely.to_wkb(geoms)
        CurrentLandUse.objects.bulk_create(
            (
                CurrentLandUse(survey=survey, land_use_id=row.clean["land_use"], geom=_multipolygon(blob))
                for row, blob in zip(kept, wkb, strict=True)
            ),
            batch_size=BATCH,
        )
        covered = lot_checks.as_geos(lot_checks.union(geoms)) if len(kept) else None
        if covered is not None:
            survey.units.set(AdminUnit.objects.filter(geom__intersects=covered))
        return WriteCounts(created=len(kept)) if not self.report.replaced else WriteCounts(updated=len(kept))


def _multipolygon(wkb: bytes) -> MultiPolygon:
    """A GeoDjango MultiPolygon in EPSG:4326 (the importer promoted every polygon to one)."""
    return cast(MultiPolygon, lot_checks.geos_from_wkb(wkb))


def _checksum(codes: list[str], geoms: np.ndarray) -> str:
    """The same areas in any order give the same digest."""
    lines = sorted(f"{code}\t{blob.hex()}" for code, blob in zip(codes, shapely.to_wkb(geoms), strict=True))
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()


def import_status_map(
    path: str,
    details: StatusMapDetails,
    *,
    land_use_field: str,
    layer: str | None = None,
    srid: int | None = None,
    encoding: str = "auto",
    dry_run: bool = False,
) -> tuple[ImportReport, StatusImportReport]:
    """Import a status map's areas in one transaction; a dry run rolls it back."""
    target = StatusAreasTarget({"land_use": land_use_field}, details=details)
    with transaction.atomic():
        summary = importer.run_import(path, target, layer=layer, srid=srid, encoding=encoding)
        if dry_run:
            transaction.set_rollback(True)
    return summary, target.report
