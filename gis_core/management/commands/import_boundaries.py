"""Import commune, ward and special-zone boundaries from a vector file: all rows or none."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from core.errors import IOCError
from gis_core import encoding, hints, importer
from gis_core.srs import VN2000_TM3_108_15, parse_srid


class Command(BaseCommand):
    help = (
        "Import administrative boundaries (GeoPackage, Shapefile or zipped Shapefile, GeoJSON, KML, MapInfo TAB) "
        "into AdminUnit, upserting by the 5-digit unit code. Nothing is written unless every feature is valid."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="The vector file to import.")
        parser.add_argument("--code-field", required=True, help="Column holding the 5-digit unit code.")
        parser.add_argument("--name-field", required=True, help="Column holding the unit's name.")
        parser.add_argument(
            "--kind-field", help="Column holding the kind (Xã/Phường/Đặc khu); by default taken from the name."
        )
        crs = parser.add_mutually_exclusive_group()
        crs.add_argument("--srid", help="EPSG code of the coordinates, for a file without (or with a wrong) CRS.")
        crs.add_argument(
            "--vn2000",
            action="store_true",
            help=f"The coordinates are VN-2000 / TM-3 108-15 (EPSG:{VN2000_TM3_108_15}).",
        )
        parser.add_argument("--layer", help="Layer to read, for a file with several.")
        parser.add_argument(
            "--encoding",
            default=encoding.AUTO,
            choices=encoding.ENCODING_CHOICES,
            help="Text encoding of the attributes; by default found from the file and its content.",
        )

    @hints.for_command(hints.IMPORT_BOUNDARIES)
    def handle(self, *args: Any, **options: Any) -> None:
        try:
            srid = VN2000_TM3_108_15 if options["vn2000"] else None
            if options["srid"] is not None:
                srid = parse_srid(options["srid"])
            target = importer.get_target(
                "boundaries",
                {"code": options["code_field"], "name": options["name_field"], "kind": options["kind_field"]},
            )
            report = importer.run_import(
                options["path"], target, layer=options["layer"], srid=srid, encoding=options["encoding"]
            )
        except IOCError as exc:
            raise CommandError(exc.message) from None
        self.stdout.write(report.summary())
