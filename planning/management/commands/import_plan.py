"""Import a plan's zoning lots from a vector file as a new revision, with a validation report."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from core.errors import IOCError
from gis_core import hints
from gis_core.srs import parse_srid
from planning.import_mapping import read_mapping
from planning.models import Plan
from planning.plan_import import import_plan_file


class Command(BaseCommand):
    help = (
        "Import zoning lots (GeoPackage, Shapefile, MapInfo TAB, GeoJSON; VN-2000 or WGS 84) into a plan as a new "
        "revision. The mapping file (YAML) names the source column of each field. All or nothing; the same file "
        "again changes nothing; a changed file becomes a new revision."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="The vector file to import.")
        parser.add_argument("--plan", required=True, help="The plan's id, or 'new' (the mapping's plan section).")
        parser.add_argument("--mapping", required=True, help="YAML file: fields, plan, revision, land_use_aliases.")
        parser.add_argument("--dry-run", action="store_true", help="Check and report, then write nothing.")
        parser.add_argument(
            "--skip-unknown-codes", action="store_true", help="Leave out lots whose land-use code is unknown."
        )
        parser.add_argument("--layer", help="Layer to read (overrides the mapping).")
        parser.add_argument("--srid", help="EPSG code of the coordinates (overrides the mapping and the file).")

    @hints.for_command(hints.IMPORT_PLAN)
    def handle(self, *args: Any, **options: Any) -> None:
        try:
            mapping = read_mapping(options["mapping"])
            summary, report = import_plan_file(
                options["path"],
                mapping,
                plan=self._plan(options["plan"]),
                skip_unknown_codes=options["skip_unknown_codes"],
                layer=options["layer"],
                srid=parse_srid(options["srid"]) if options["srid"] else None,
                dry_run=options["dry_run"],
            )
        except IOCError as exc:
            raise CommandError(exc.message) from None
        self.stdout.write(summary.summary())
        for line in report.lines():
            self.stdout.write(line)
        if options["dry_run"]:
            self.stdout.write(_("Dry run: nothing was written."))

    def _plan(self, value: str) -> Plan | None:
        if value == "new":
            return None
        if not value.isdigit() or not (plan := Plan.objects.filter(pk=int(value)).first()):
            raise CommandError(_("--plan %(value)s: no plan with that id; give an id or 'new'.") % {"value": value})
        return plan
