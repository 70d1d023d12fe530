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
from django.utils.functional import Promise
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

from core.errors import InvalidInput
from core.registry import load_class
from planning.exports import csv_response
from planning.models import INDICATORS, LandUseGroup, ZoningLot, ZoningLotQuerySet

EXPORT_FORMATS: dict[str, str] = {
    "json": "planning.lot_export.JsonExport",
    "geojson": "planning.lot_export.GeoJsonExport",
    "csv": "planning.lot_export.CsvExport",
    "gpkg": "planning.lot_export.GeoPackageExport",
    "xlsx": "planning.lot_export.XlsxExport",
}
COLUMNS = ("id", "plan", "revision", "lot_code", "land_use", "land_use_name", "group", "function_name", *INDICATORS)
# The spreadsheet is for people: (row key, header, Excel number format or None for text), in the active language.
# Headers of lot fields are the model's own labels, so the sheet, the admin and the import mapping say the same.
DECIMAL, WHOLE, GROUPED = "#,##0.00", "0", "#,##0"
XLSX_COLUMNS: tuple[tuple[str, str | Promise, str | None], ...] = (
    ("plan_name", gettext_lazy("Plan"), None),
    ("revision", gettext_lazy("Revision number"), WHOLE),
    ("lot_code", ZoningLot._meta.get_field("lot_code").verbose_name, None),
    ("land_use", ZoningLot._meta.get_field("land_use").verbose_name, None),
    ("land_use_name", gettext_lazy("Land use"), None),
    ("group_label", gettext_lazy("Land-use group"), None),
    ("function_name", ZoningLot._meta.get_field("function_name").verbose_name, None),
    ("building_coverage_pct", ZoningLot._meta.get_field("building_coverage_pct").verbose_name, DECIMAL),
    ("floor_area_ratio", ZoningLot._meta.get_field("floor_area_ratio").verbose_name, DECIMAL),
    ("floors_min", ZoningLot._meta.get_field("floors_min").verbose_name, WHOLE),
    ("floors_max", ZoningLot._meta.get_field("floors_max").verbose_name, WHOLE),
    ("height_max_m", ZoningLot._meta.get_field("height_max_m").verbose_name, DECIMAL),
    ("setback_m", ZoningLot._meta.get_field("setback_m").verbose_name, DECIMAL),
    ("building_line", ZoningLot._meta.get_field("building_line").verbose_name, None),
    ("red_line_ref", ZoningLot._meta.get_field("red_line_ref").verbose_name, None),
    ("area_m2", ZoningLot._meta.get_field("area_m2").verbose_name, DECIMAL),
    ("population", ZoningLot._meta.get_field("population").verbose_name, GROUPED),
)


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
    return load_class(EXPORT_FORMATS, key, LotExport, "export format")()


def lot_rows(lots: ZoningLotQuerySet, with_geometry: bool) -> list[dict[str, Any]]:
    """The lots as plain rows (numbers as floats), with GeoJSON geometry text when asked."""
    selected = lots.annotate(
        plan=F("revision__plan__code"),
        plan_name=F("revision__plan__name"),
        revision_number=F("revision__number"),
        land_use_name=F("land_use__name_vi"),
        group=F("land_use__group"),
    )
    fields = [
        "id",
        "plan",
        "plan_name",
        "revision_number",
        "lot_code",
        "land_use_id",
        "land_use_name",
        "group",
        "function_name",
    ]
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
    """A spreadsheet for people: headers and plan names in the active language, numbers as numeric cells."""

    def response(self, rows: list[dict[str, Any]], total: int, name: str) -> HttpResponse:
        book = Workbook(write_only=True)
        sheet = book.create_sheet(_("Zoning lots")[:31])
        sheet.freeze_panes = "A2"
        bold = Font(bold=True)
        sheet.append([_cell(sheet, capfirst(str(header)), None, bold) for _key, header, _format in XLSX_COLUMNS])
        labels = {value: str(label) for value, label in LandUseGroup.choices}
        for row in rows:
            values = {**row, "group_label": labels.get(str(row["group"]), row["group"])}
            sheet.append([_cell(sheet, values.get(key), number_format) for key, _header, number_format in XLSX_COLUMNS])
        buffer = io.BytesIO()
        book.save(buffer)
        response = HttpResponse(
            buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
        return response


def _cell(sheet: Worksheet, value: object, number_format: str | None, font: Font | None = None) -> WriteOnlyCell:
    """A cell holding a number as a number (shown with the format) and text as text; empty for no value."""
    cell = WriteOnlyCell(sheet, value=None if value == "" else value)
    if number_format is not None and isinstance(value, int | float):
        cell.number_format = number_format
    if font is not None:
        cell.font = font
    return cell
