"""Import a vector file, a CSV/XLSX table with coordinate columns, or a GeoTIFF (raster layer): all or nothing."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from agencies.models import Agency
from core.errors import IOCError
from gis_core import encoding, hints
from gis_core.srs import parse_srid
from layers.importing import ImportOptions, import_layer
from layers.models import Layer


class Command(BaseCommand):
    help = (
        "Import GeoPackage, Shapefile (or zipped), GeoJSON, KML, MapInfo TAB, or CSV/XLSX with coordinate columns "
        "into the layer SLUG, or a GeoTIFF (.tif) as a raster layer stored as a Cloud-Optimized GeoTIFF, replacing "
        "its data atomically. Nothing is written unless every feature (or the whole raster) is valid."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="The file to import.")
        parser.add_argument("--slug", required=True, help="The layer's slug (created if new, replaced if it exists).")
        parser.add_argument("--source-layer", help="Layer (or sheet) to read, for a file with several.")
        parser.add_argument(
            "--srid", help="EPSG code of the coordinates, for a file (or GeoTIFF) without (or with a wrong) CRS."
        )
        parser.add_argument(
            "--encoding",
            default=encoding.AUTO,
            choices=encoding.ENCODING_CHOICES,
            help="Text encoding of the attributes.",
        )
        parser.add_argument("--title", help="Vietnamese title of a new layer (default: the slug).")
        parser.add_argument("--title-en", help="English title of a new layer.")
        parser.add_argument("--owner", help="Code of the agency owning a new layer.")
        parser.add_argument("--access", choices=Layer.Access.values, help="Access of a new layer (default internal).")
        parser.add_argument("--publish", action="store_true", help="Publish a new layer to OGC APIs and tiles.")
        tabular = parser.add_argument_group("CSV/XLSX coordinate columns (found from their headers when not given)")
        tabular.add_argument("--lon-column", help="Column of WGS84 longitudes.")
        tabular.add_argument("--lat-column", help="Column of WGS84 latitudes.")
        tabular.add_argument("--x-column", help="Column of VN-2000 X (the northing, metres); default EPSG:9217.")
        tabular.add_argument("--y-column", help="Column of VN-2000 Y (the easting, metres).")

    @hints.for_command(hints.IMPORT_LAYER)
    def handle(self, *args: Any, **options: Any) -> None:
        try:
            srid = parse_srid(options["srid"]) if options["srid"] else None
            result = import_layer(
                options["path"],
                options["slug"],
                ImportOptions(
                    source_layer=options["source_layer"],
                    srid=srid,
                    encoding=options["encoding"],
                    coordinates={
                        "lon": options["lon_column"],
                        "lat": options["lat_column"],
                        "x": options["x_column"],
                        "y": options["y_column"],
                    },
                    metadata=self._metadata(options),
                ),
            )
        except IOCError as exc:
            raise CommandError(exc.message) from None
        self.stdout.write(result.summary())

    def _metadata(self, options: dict[str, Any]) -> dict[str, Any]:
        """Return the field values of the layer if the import creates it."""
        metadata: dict[str, Any] = {}
        if options["title"]:
            metadata["title"] = options["title"]
        if options["title_en"]:
            metadata["title_en"] = options["title_en"]
        if options["access"]:
            metadata["access"] = options["access"]
        if options["publish"]:
            metadata.update(published_ogc=True, published_tiles=True)
        if options["owner"]:
            owner = Agency.objects.filter(code=options["owner"]).first()
            if owner is None:
                message = _("No agency has the code %(code)r; see /api/v1/agencies.") % {"code": options["owner"]}
                raise CommandError(message)
            metadata["owner"] = owner
        return metadata
