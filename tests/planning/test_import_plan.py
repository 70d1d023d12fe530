"""manage.py import_plan: lots from a VN-2000 GeoPackage through the shared importer, as revisions of a plan."""

import io
import warnings
from pathlib import Path
from typing import Any

import geopandas as gpd
import pytest
from django.core.management import CommandError, call_command
from shapely.geometry import Polygon, box

from gis_core.models import AdminUnit
from planning.models import Plan, PlanRevision, ZoningLot

MAPPING = """\
fields:
  lot_code: MA_LO
  land_use: KH_SDD
  function_name: CHUC_NANG
  building_coverage_pct: MDXD
  floor_area_ratio: HSSDD
  floors_max: TANG_CAO
plan:
  code: qhpk-thu-nghiem
  name: Quy hoạch phân khu nhập thử
  type: zoning_2000
revision:
  decision_number: 300/QĐ-UBND
  effective_from: 2024-04-01
land_use_aliases:
  OTDT: ODT
"""
# Three lots of a 60 m x 40 m grid in VN-2000 / TM-3 108-15 around the test vector (E 602805, N 1353660).
LOTS = [
    ("L1", "ODT", "Nhóm nhà ở", "60%", 4.2, "3-5", box(602_780, 1_353_640, 602_840, 1_353_680)),
    ("L2", "OTDT", "Nhóm nhà ở", 70, 3.5, "5", box(602_840, 1_353_640, 602_900, 1_353_680)),
    ("L3", "DKV", "Công viên", None, None, None, box(602_780, 1_353_600, 602_900, 1_353_640)),
]


def _gpkg(path: Path, lots: list[tuple]) -> Path:
    columns = ["MA_LO", "KH_SDD", "CHUC_NANG", "MDXD", "HSSDD", "TANG_CAO", "geometry"]
    frame = gpd.GeoDataFrame([dict(zip(columns, lot, strict=True)) for lot in lots], crs="EPSG:9217")
    frame["MDXD"] = frame["MDXD"].astype(str).replace("None", None)
    frame.to_file(path, driver="GPKG", layer="lots")
    return path


@pytest.fixture
def files(tmp_path: Path, ward: AdminUnit) -> tuple[Path, Path]:
    mapping = tmp_path / "mapping.yml"
    mapping.write_text(MAPPING, encoding="utf-8")
    return _gpkg(tmp_path / "lots.gpkg", LOTS), mapping


def _import(source: Path, mapping: Path, *extra: str, plan: str = "new") -> str:
    out = io.StringIO()
    call_command("import_plan", str(source), "--plan", plan, "--mapping", str(mapping), *extra, stdout=out)
    return out.getvalue()


def _counts() -> tuple[int, int, int]:
    return Plan.objects.count(), PlanRevision.objects.count(), ZoningLot.objects.count()


def test_a_new_plan_is_created_with_its_lots_indicators_and_units(files: tuple[Path, Path]) -> None:
    output = _import(*files)
    plan = Plan.objects.get(code="qhpk-thu-nghiem")
    assert plan.status == Plan.Status.APPROVED
    revision = plan.revisions.get()
    assert (revision.number, str(revision.effective_from), revision.decision_number) == (1, "2024-04-01", "300/QĐ-UBND")
    lots = {lot.lot_code: lot for lot in revision.lots.select_related("land_use")}
    assert set(lots) == {"L1", "L2", "L3"}
    assert lots["L2"].land_use_id == "ODT"  # through land_use_aliases
    assert (lots["L1"].building_coverage_pct, lots["L1"].floors_min, lots["L1"].floors_max) == (60, 3, 5)
    assert lots["L3"].building_coverage_pct is None
    assert list(plan.units.values_list("code", flat=True)) == ["22366"]
    assert plan.boundary is not None
    assert "revision 1 written" in output
    assert "Lots without building_coverage_pct (1): L3" in output


def test_importing_the_same_file_again_changes_nothing(files: tuple[Path, Path]) -> None:
    _import(*files)
    before = _counts()
    output = _import(*files)
    assert _counts() == before
    assert "nothing changed" in output


def test_a_changed_file_becomes_a_new_revision_and_closes_the_old_one(files: tuple[Path, Path], tmp_path: Path) -> None:
    _import(*files)
    plan = Plan.objects.get(code="qhpk-thu-nghiem")
    changed = _gpkg(tmp_path / "changed.gpkg", [(*LOTS[0][:1], "DGD", *LOTS[0][2:]), *LOTS[1:]])
    adjusted = files[1].read_text(encoding="utf-8").replace("2024-04-01", "2025-01-01")
    mapping = tmp_path / "adjusted.yml"
    mapping.write_text(adjusted, encoding="utf-8")
    _import(changed, mapping, plan=str(plan.pk))
    first, second = plan.revisions.order_by("number")
    assert str(first.effective_to) == "2024-12-31"
    assert second.lots.get(lot_code="L1").land_use_id == "DGD"
    assert first.lots.get(lot_code="L1").land_use_id == "ODT"


def test_an_unknown_land_use_code_aborts_and_writes_nothing(files: tuple[Path, Path], tmp_path: Path) -> None:
    source = _gpkg(
        tmp_path / "unknown.gpkg",
        [*LOTS, ("L4", "XYZ", "", None, None, None, box(602_900, 1_353_600, 602_960, 1_353_640))],
    )
    before = _counts()
    with pytest.raises(CommandError, match=r"feature 4: the land-use code 'XYZ' is not in the national catalogue"):
        _import(source, files[1])
    assert _counts() == before


def test_unknown_codes_can_be_skipped_and_are_listed(files: tuple[Path, Path], tmp_path: Path) -> None:
    source = _gpkg(
        tmp_path / "unknown.gpkg",
        [*LOTS, ("L4", "XYZ", "", None, None, None, box(602_900, 1_353_600, 602_960, 1_353_640))],
    )
    output = _import(source, files[1], "--skip-unknown-codes")
    assert "Skipped (unknown land-use code) (1): L4 (XYZ)" in output
    assert set(ZoningLot.objects.values_list("lot_code", flat=True)) == {"L1", "L2", "L3"}


@pytest.mark.parametrize(
    ("lot", "message"),
    [
        (
            ("L9", "ODT", "", "150", None, None, box(602_900, 1_353_600, 602_960, 1_353_640)),
            "building_coverage_pct=150 is outside 0 to 100",
        ),
        (
            ("L9", "ODT", "", "nhiều", None, None, box(602_900, 1_353_600, 602_960, 1_353_640)),
            "building_coverage_pct='nhiều' is not a number",
        ),
        (
            ("L9", "ODT", "", None, None, "7-3", box(602_900, 1_353_600, 602_960, 1_353_640)),
            "minimum number of floors exceeds",
        ),
        (
            ("L1", "ODT", "", None, None, None, box(602_900, 1_353_600, 602_960, 1_353_640)),
            "lot code L1 is also used by feature 1",
        ),
    ],
)
def test_bad_rows_abort_with_the_feature_number_and_write_nothing(
    files: tuple[Path, Path], tmp_path: Path, lot: tuple, message: str
) -> None:
    source = _gpkg(tmp_path / "bad.gpkg", [*LOTS, lot])
    before = _counts()
    with pytest.raises(CommandError, match="Nothing was imported") as raised:
        _import(source, files[1])
    assert message in str(raised.value)
    assert "feature 4" in str(raised.value)
    assert _counts() == before


def test_a_dry_run_reports_and_writes_nothing(files: tuple[Path, Path]) -> None:
    before = _counts()
    output = _import(*files, "--dry-run")
    assert "3 created" in output
    assert "Dry run: nothing was written." in output
    assert _counts() == before


def test_overlapping_lots_are_reported(files: tuple[Path, Path], tmp_path: Path) -> None:
    overlapping = ("L4", "DKV", "", None, None, None, box(602_830, 1_353_630, 602_850, 1_353_650))
    output = _import(_gpkg(tmp_path / "overlap.gpkg", [*LOTS, overlapping]), files[1])
    assert "Lots overlapping inside the plan (3)" in output
    assert "L1/L4 (100 m²)" in output


@pytest.mark.parametrize(
    ("mapping", "message"),
    [
        ("fields:\n  lot_code: MA_LO\n", "'fields' must name the column of land_use"),
        ("fields:\n  lot_code: MA_LO\n  land_use: KH_SDD\n  colour: X\n", "unknown lot fields colour"),
        ("fields:\n  lot_code: MA_LO\n  land_use: KH_SDD\nplan:\n  code: x\n", "--plan new needs plan name, type"),
        ("fields:\n  lot_code: MA_LO\n  land_use: KH_SDD\nsrid: '+proj=longlat'\n", "Unrecognised CRS"),
        (
            "fields:\n  lot_code: MA_LO\n  land_use: NO_SUCH\nplan: {code: a, name: b, type: general}\n",
            "the column 'NO_SUCH'",
        ),
        ("- just a list\n", "must be a YAML mapping"),
    ],
)
def test_bad_mapping_files_are_refused_before_anything_is_written(
    files: tuple[Path, Path], tmp_path: Path, mapping: str, message: str
) -> None:
    bad = tmp_path / "bad.yml"
    bad.write_text(mapping, encoding="utf-8")
    before = _counts()
    with pytest.raises(CommandError) as raised:
        _import(files[0], bad)
    assert message in str(raised.value)
    assert _counts() == before


def test_an_unknown_plan_id_is_refused(files: tuple[Path, Path]) -> None:
    with pytest.raises(CommandError, match="no plan with that id"):
        _import(*files, plan="999999")


def test_a_self_intersecting_lot_is_repaired_and_counted(files: tuple[Path, Path], tmp_path: Path) -> None:
    bow_tie = Polygon([(602_900, 1_353_600), (602_960, 1_353_640), (602_960, 1_353_600), (602_900, 1_353_640)])
    output = _import(_gpkg(tmp_path / "bow.gpkg", [*LOTS, ("L4", "DKV", "", None, None, None, bow_tie)]), files[1])
    assert "1 invalid geometries repaired" in output
    assert ZoningLot.objects.get(lot_code="L4").geom.area > 0


def test_a_lot_with_nothing_left_after_repair_aborts_and_writes_nothing(
    files: tuple[Path, Path], tmp_path: Path
) -> None:
    flat = Polygon([(602_900, 1_353_600), (602_960, 1_353_640), (602_960, 1_353_640), (602_900, 1_353_600)])
    source = _gpkg(tmp_path / "flat.gpkg", [*LOTS, ("L4", "DKV", "", None, None, None, flat)])
    before = _counts()
    with pytest.raises(CommandError, match="feature 4: the geometry is invalid") as raised:
        _import(source, files[1])
    assert "nothing of it is left after repair" in str(raised.value)
    assert _counts() == before


def test_lots_outside_the_plans_units_are_listed(files: tuple[Path, Path], tmp_path: Path) -> None:
    # The ward ends at E 606 000; L4 reaches 50 m past it.
    beyond = ("L4", "DGT", "", None, None, None, box(605_990, 1_353_600, 606_050, 1_353_640))
    output = _import(_gpkg(tmp_path / "beyond.gpkg", [*LOTS, beyond]), files[1])
    assert "Lots outside the plan's administrative units (1): L4" in output


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda tmp: tmp / "missing.gpkg", "no such file; check the path"),
        (lambda tmp: _written(tmp / "notes.gpkg", b"not a GeoPackage"), "cannot be read as a vector file"),
        (lambda tmp: _without_crs(tmp / "nocrs.shp"), "the file has no coordinate reference system"),
    ],
    ids=["missing file", "not vector data", "no CRS"],
)
def test_bad_files_are_refused_and_nothing_is_written(
    files: tuple[Path, Path], tmp_path: Path, make: Any, message: str
) -> None:
    before = _counts()
    with pytest.raises(CommandError, match="Nothing was imported") as raised:
        _import(make(tmp_path), files[1])
    assert message in str(raised.value)
    assert _counts() == before


def _written(path: Path, content: bytes) -> Path:
    path.write_bytes(content)
    return path


def _without_crs(path: Path) -> Path:
    columns = ["MA_LO", "KH_SDD", "CHUC_NANG", "MDXD", "HSSDD", "TANG_CAO", "geometry"]
    with warnings.catch_warnings():  # geopandas warns that the file will have no CRS: that is the point
        warnings.simplefilter("ignore", UserWarning)
        gpd.GeoDataFrame([dict(zip(columns, LOTS[0], strict=True))]).to_file(path)
    assert not path.with_suffix(".prj").exists()  # a Shapefile without its .prj: coordinates of unknown CRS
    return path


def test_an_adjustment_dated_before_the_current_revision_is_refused(files: tuple[Path, Path], tmp_path: Path) -> None:
    _import(*files)
    plan = Plan.objects.get(code="qhpk-thu-nghiem")
    changed = _gpkg(tmp_path / "changed.gpkg", [(*LOTS[0][:1], "DGD", *LOTS[0][2:]), *LOTS[1:]])
    before = _counts()
    with pytest.raises(CommandError, match="An adjustment must start after revision 1, which starts on 2024-04-01"):
        _import(changed, files[1], plan=str(plan.pk))
    assert _counts() == before


def test_a_file_whose_every_code_is_unknown_imports_nothing_even_when_skipping(
    files: tuple[Path, Path], tmp_path: Path
) -> None:
    unknown = [("L1", "XYZ", "", None, None, None, LOTS[0][-1]), ("L2", "QQQ", "", None, None, None, LOTS[1][-1])]
    before = _counts()
    with pytest.raises(CommandError, match="every lot has an unknown land-use code; no lot is left to import"):
        _import(_gpkg(tmp_path / "unknown.gpkg", unknown), files[1], "--skip-unknown-codes")
    assert _counts() == before
