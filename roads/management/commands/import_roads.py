"""Import a road network from any line layer (GeoPackage, Shapefile, GeoJSON, OSM) and report what was fixed."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from core.errors import IOCError
from gis_core.srs import parse_srid
from roads import topology
from roads.importer import import_roads


class Command(BaseCommand):
    help = (
        "Replace the road network with the lines of a vector file: class, name, one-way and speed from its columns "
        "(guessed from common names unless given), endpoints snapped, zero-length lines dropped, islands reported. "
        "All or nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="The line file (GeoPackage, Shapefile, GeoJSON, .osm/.pbf).")
        parser.add_argument("--source-layer", dest="layer", help="Layer to read (OSM files: lines).")
        parser.add_argument("--srid", help="EPSG code of the coordinates (overrides the file).")
        parser.add_argument("--name-field", help="Column holding the road name.")
        parser.add_argument("--class-field", help="Column holding the road class.")
        parser.add_argument("--oneway-field", help="Column saying one-way (yes/no/-1).")
        parser.add_argument("--speed-field", help="Column holding the speed in km/h.")
        parser.add_argument(
            "--tolerance", type=float, default=topology.DEFAULT_TOLERANCE_M,
            help="Endpoints closer than this many metres become one junction.",
        )  # fmt: skip

    def handle(self, *args: Any, **options: Any) -> None:
        columns = {
            "name": options["name_field"], "road_class": options["class_field"],
            "oneway": options["oneway_field"], "speed_kmh": options["speed_field"],
        }  # fmt: skip
        try:
            report, target = import_roads(
                options["path"], layer=options["layer"], columns=columns, tolerance_m=options["tolerance"],
                srid=parse_srid(options["srid"]) if options["srid"] else None,
            )  # fmt: skip
        except IOCError as exc:
            raise CommandError(exc.message) from None
        assert target.report is not None  # set by a successful write
        self.stdout.write(report.summary())
        self.stdout.write(target.report.summary())
        if target.skipped:
            self.stdout.write(_("%(count)d features of roads nobody drives on (footways, paths) were left out.")
                              % {"count": target.skipped})  # fmt: skip
        for island in target.report.island_list:
            self.stdout.write(_("Island of %(edges)d segments near %(lon).5f, %(lat).5f.") % island)
