"""Export a selection of zoning lots: one class per file format, chosen through a registry."""

import io
import json
import tempfile
from pathlib import Path
from typing import Any

import geopandas as gpd
import shapely
from django.contrib.gis.db.models.functions import AsGeoJSON
from django.db.models import F
from django.http import HttpResponse, JsonResponse
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from openpyxl import Workbook

from core.errors import InvalidInput
from planning.exports import csv_response
from planning.models import INDICATORS, ZoningLotQuerySet

EXPORT_FORMATS: dict[str, str] = {
    "json": "planning.lot_export.JsonExport",
    "geojson": "planning.lot_export.GeoJsonExport",
    "csv": "planning.lot_export.CsvExport",
    "gpkg": "planning.lot_export.GeoPackageExport",
    "xlsx": "planning.lot_export.XlsxExport",
}
COLUMNS = ("id", "plan", "revision", "lot_code", "land_use", "land_use_name", "group", "function_name", *INDICATORS)


class LotExport:
    """A file format for a selection of lots."""

    with_geometry = False

    def response(self, rows: list[dict[str, Any]], total: int, name: str) -> HttpResponse:
        """Return the lots as a response in this format."""
        raise NotImplementedError


def exporter(name: str | None) -> LotExport:
    """The exporter for ?format= (json by default)."""
    key = name or "json"
    if key not in EXPORT_FORMATS:
        raise InvalidInput(
            _("Parameter format=%(value)s must be one of %(formats)s.")
            % {"value": key[:20], "formats": ", ".join(EXPORT_FORMATS)}
        )
    return import_string(EXPORT_FORMATS[key])()


def lot_rows(lots: ZoningLotQuerySet, with_geometry: bool) -> list[dict[str, Any]]:
    """The lots as plain rows (numbers as floats), with GeoJSON geometry text when asked."""
    selected = lots.annotate(
        plan=F("revision__plan__code"),
        revision_number=F("revision__number"),
        land_use_name=F("land_use__name_vi"),
        group=F("land_use__group"),
    )
    fields = ["id", "plan", "revision_number", "lot_code", "land_use_id", "land_use_name", "group", "function_name"]
    if with_geometry:
        selected = selected.annotate(geojson=AsGeoJSON("geom", precision=7))
        fields.append("geojson")
    rows = []
    for row in selected.values(*fields, *INDICATORS):
        row["revision"] = row.pop("revision_number")
        row["land_use"] = row.pop("land_use_id")
        rows.append({key: float(value) if hasattr(value, "as_tuple") else value for key, value in row.items()})
    return rows


class JsonExport(LotExport):
    def response(self, rows: list[dict[str, Any]], total: int, name: str) -> HttpResponse:
        return JsonResponse({"count": total, "lots": rows}, json_dumps_params={"ensure_ascii": False})


class GeoJsonExport(LotExport):
    with_geometry = True

    def response(self, rows: list[dict[str, Any]], total: int, name: str) -> HttpResponse:
        features = [
            {"type": "Feature", "id": row["id"], "geometry": json.loads(row.pop("geojson")), "properties": row}
            for row in rows
        ]
        body = {"type": "FeatureCollection", "numberMatched": total, "features": features}
        response = JsonResponse(body, json_dumps_params={"ensure_ascii": False}, content_type="application/geo+json")
        response["Content-Disposition"] = f'attachment; filename="{name}.geojson"'
        return response


class CsvExport(LotExport):
    def response(self, rows: list[dict[str, Any]], total: int, name: str) -> HttpResponse:
        table: list[list[object]] = [list(COLUMNS)]
        table += [["" if row.get(column) is None else row.get(column) for column in COLUMNS] for row in rows]
        return csv_response(table, f"{name}.csv")


class GeoPackageExport(LotExport):
    with_geometry = True

    def response(self, rows: list[dict[str, Any]], total: int, name: str) -> HttpResponse:
        geometries = [shapely.from_geojson(row.pop("geojson")) for row in rows]
        frame = gpd.GeoDataFrame(rows, columns=list(COLUMNS), geometry=geometries, crs="EPSG:4326")
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / f"{name}.gpkg"
            frame.to_file(path, driver="GPKG", layer="zoning_lots")
            data = path.read_bytes()
        response = HttpResponse(data, content_type="application/geopackage+sqlite3")
        response["Content-Disposition"] = f'attachment; filename="{name}.gpkg"'
        return response


class XlsxExport(LotExport):
    """A spreadsheet with the CSV's columns: one row per lot, numbers as numbers."""

    def response(self, rows: list[dict[str, Any]], total: int, name: str) -> HttpResponse:
        book = Workbook(write_only=True)
        sheet = book.create_sheet("zoning_lots")
        sheet.append(list(COLUMNS))
        for row in rows:
            sheet.append([row.get(column) for column in COLUMNS])
        buffer = io.BytesIO()
        book.save(buffer)
        response = HttpResponse(
            buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
        return response
