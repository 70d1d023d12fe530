"""Exports of the planners' selection: GeoPackage, GeoJSON, CSV and XLSX hold the same lots and columns."""

import csv
import io
from pathlib import Path

import pyogrio
import pytest
from django.test import Client
from openpyxl import load_workbook

from accounts.models import User
from planning.lot_export import COLUMNS, XLSX_COLUMNS
from planning.models import Plan

URL = "/api/v1/planning/lots"
# The lots in force today (revision 2 of the test plan) with a few of their values, as every format must give them.
EXPECTED = {
    "A1": ("DGD", "Đất xây dựng cơ sở giáo dục và đào tạo", 40.0, 1.6, 4),
    "A2": ("DKV", None, 5.0, None, None),
    "R1": ("DGT", None, None, None, None),
}


@pytest.fixture
def planner(client: Client, django_user_model: type[User], zoning_plan: Plan) -> Client:
    client.force_login(django_user_model.objects.create_user("planner", password="correct-horse-42"))
    return client


def _download(client: Client, fmt: str, tmp_path: Path) -> Path:
    response = client.get(URL, {"plan": "test-zoning", "format": fmt})
    assert response.status_code == 200, response.content[:300]
    assert f'filename="zoning-lots.{fmt}"' in response["Content-Disposition"]
    path = tmp_path / f"zoning-lots.{fmt}"
    path.write_bytes(response.content)
    return path


def _check(rows: dict[str, dict[str, object]]) -> None:
    assert set(rows) == set(EXPECTED)
    for code, (use, name, coverage, ratio, floors) in EXPECTED.items():
        row = rows[code]
        assert (row["land_use"], row["plan"], row["revision"]) == (use, "test-zoning", 2)
        if name is not None:
            assert row["land_use_name"] == name
        assert row["building_coverage_pct"] == coverage
        assert row["floor_area_ratio"] == ratio
        assert row["floors_max"] == floors


@pytest.mark.parametrize("fmt", ["gpkg", "geojson"])
def test_vector_exports_open_with_pyogrio_and_hold_the_lots(planner: Client, tmp_path: Path, fmt: str) -> None:
    frame = pyogrio.read_dataframe(_download(planner, fmt, tmp_path))
    assert frame.crs.to_epsg() == 4326
    assert set(frame.geometry.geom_type) == {"MultiPolygon"}
    assert set(COLUMNS) - {"id"} <= set(frame.columns)
    records = frame.drop(columns="geometry").astype(object).where(frame.notna(), None).to_dict("records")
    _check({str(row["lot_code"]): row for row in records})


def test_the_csv_export_has_every_column_and_lot(planner: Client, tmp_path: Path) -> None:
    text = _download(planner, "csv", tmp_path).read_text(encoding="utf-8-sig")
    table = list(csv.DictReader(io.StringIO(text)))
    assert list(table[0]) == list(COLUMNS)

    def typed(value: str, column: str) -> object:
        if value == "":
            return None
        return int(value) if column in {"revision", "floors_max"} else float(value) if column in {
            "building_coverage_pct", "floor_area_ratio"} else value  # fmt: skip

    _check({row["lot_code"]: {k: typed(v, k) for k, v in row.items()} for row in table})


def test_the_xlsx_export_has_every_lot_with_the_csv_values(planner: Client, tmp_path: Path) -> None:
    book = load_workbook(_download(planner, "xlsx", tmp_path), read_only=True)
    header, *lines = [list(row) for row in book.worksheets[0].iter_rows(values_only=True)]
    # The sheet is for people: labelled columns (tests/planning/test_lot_export_xlsx_headers.py), read back to keys.
    assert len(header) == len(XLSX_COLUMNS)
    keys = [key for key, _header, _format in XLSX_COLUMNS]
    padded = [line + [None] * (len(header) - len(line)) for line in lines]  # empty trailing cells are not stored
    rows = {str(line[keys.index("lot_code")]): dict(zip(keys, line, strict=True)) for line in padded}
    for row in rows.values():
        assert row.pop("plan_name") == "Quy hoạch phân khu thử nghiệm"
        row["plan"] = "test-zoning"
    _check(rows)
