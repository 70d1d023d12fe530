"""Import a land-use status map (hiện trạng sử dụng đất) from a vector file, for the implementation figures."""

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from core.errors import IOCError
from gis_core import encoding
from gis_core.srs import parse_srid
from planning.status_import import StatusMapDetails, import_status_map


class Command(BaseCommand):
    help = (
        "Import a land-use status map (GeoPackage, Shapefile, MapInfo TAB, GeoJSON; VN-2000 or WGS 84): polygons "
        "with their current land-use code. All or nothing; the same file again changes nothing; a changed file "
        "under the same name and date replaces the map's areas."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="The vector file to import.")
        parser.add_argument("--name", required=True, help="Name of the status map.")
        parser.add_argument("--date", required=True, help="Its reference date, YYYY-MM-DD.")
        parser.add_argument("--land-use-field", required=True, help="Column holding the land-use code.")
        parser.add_argument("--alias", action="append", default=[], help="FILE_CODE=CATALOGUE_CODE (repeatable).")
        parser.add_argument("--source-note", default="", help="Where the map comes from.")
        parser.add_argument("--skip-unknown-codes", action="store_true", help="Leave out areas of unknown codes.")
        parser.add_argument("--layer", help="Layer to read.")
        parser.add_argument("--srid", help="EPSG code of the coordinates (overrides the file).")
        parser.add_argument("--encoding", default=encoding.AUTO, choices=encoding.ENCODING_CHOICES)
        parser.add_argument("--dry-run", action="store_true", help="Check and report, then write nothing.")

    def handle(self, *args: Any, **options: Any) -> None:
        details = StatusMapDetails(
            name=options["name"],
            reference_date=_date(options["date"]),
            source_note=options["source_note"],
            aliases=dict(_alias(text) for text in options["alias"]),
            skip_unknown_codes=options["skip_unknown_codes"],
        )
        try:
            summary, report = import_status_map(
                options["path"],
                details,
                land_use_field=options["land_use_field"],
                layer=options["layer"],
                srid=parse_srid(options["srid"]) if options["srid"] else None,
                encoding=options["encoding"],
                dry_run=options["dry_run"],
            )
        except IOCError as exc:
            raise CommandError(exc.message) from None
        self.stdout.write(summary.summary())
        for line in report.lines():
            self.stdout.write(line)
        if options["dry_run"]:
            self.stdout.write(_("Dry run: nothing was written."))


def _date(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise CommandError(_("--date %(value)s is not a date YYYY-MM-DD.") % {"value": text}) from None


def _alias(text: str) -> tuple[str, str]:
    source, sign, code = text.partition("=")
    if not sign or not source.strip() or not code.strip():
        raise CommandError(_("--alias %(value)s must be FILE_CODE=CATALOGUE_CODE.") % {"value": text})
    return source.strip().upper(), code.strip().upper()
