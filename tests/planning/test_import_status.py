"""manage.py import_landuse_status: the land-use status map through the shared importer, for implementation rates."""

import io
from pathlib import Path

import geopandas as gpd
import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from shapely.geometry import box

from accounts.models import User
from planning.models import CurrentLandUse, LandUseSurvey, Plan

NAME = "Hiện trạng sử dụng đất 2024"
# In VN-2000 / TM-3 108-15 over the test plan's lots: A1 built as housing ("OTDT" in the file), A2 and R1 rice.
AREAS = [
    ("OTDT", box(602_700, 1_353_600, 602_900, 1_353_700)),
    ("LUC", box(602_900, 1_353_580, 603_100, 1_353_700)),
    ("LUC", box(602_700, 1_353_580, 602_900, 1_353_600)),
]


def _gpkg(path: Path, areas: list[tuple[str, object]]) -> Path:
    frame = gpd.GeoDataFrame([{"HT_SDD": code, "geometry": geom} for code, geom in areas], crs="EPSG:9217")
    frame.to_file(path, driver="GPKG", layer="hien_trang")
    return path


def _import(path: Path, *extra: str, date: str = "2024-12-31") -> str:
    out = io.StringIO()
    call_command(
        "import_landuse_status", str(path), "--name", NAME, "--date", date, "--land-use-field", "HT_SDD", *extra,
        stdout=out,
    )  # fmt: skip
    return out.getvalue()


def _state() -> tuple[list[tuple[str, str, str]], int]:
    surveys = [(s.name, str(s.reference_date), s.source_checksum) for s in LandUseSurvey.objects.order_by("pk")]
    return surveys, CurrentLandUse.objects.count()


def test_a_status_map_is_imported_and_drives_the_implementation_rates(
    zoning_plan: Plan, tmp_path: Path, client: Client, django_user_model: type[User]
) -> None:
    output = _import(_gpkg(tmp_path / "ht.gpkg", AREAS), "--alias", "OTDT=ODT")
    assert "3 created" in output and f"Status map {NAME}: created." in output
    survey = LandUseSurvey.objects.get()
    assert sorted(survey.areas.values_list("land_use_id", flat=True)) == ["LUC", "LUC", "ODT"]
    assert list(survey.units.values_list("code", flat=True)) == ["22366"]
    client.force_login(django_user_model.objects.create_user("planner", password="correct-horse-42"))
    body = client.get("/api/v1/planning/implementation", {"plan": "test-zoning", "date": "2025-01-01"}).json()
    groups = {g["group"]: g for g in body["units"][0]["groups"]}
    assert body["survey"]["name"] == NAME
    assert groups["non_agricultural"]["implementation_rate"] == pytest.approx(20_000 / 48_000, abs=1e-3)


def test_the_same_file_again_changes_nothing_and_a_changed_one_replaces_the_areas(
    zoning_plan: Plan, tmp_path: Path
) -> None:
    path = _gpkg(tmp_path / "ht.gpkg", AREAS)
    _import(path, "--alias", "OTDT=ODT")
    before = _state()
    assert "nothing changed" in _import(path, "--alias", "OTDT=ODT")
    assert _state() == before
    changed = _gpkg(tmp_path / "changed.gpkg", [("ODT", AREAS[0][1]), ("ODT", AREAS[1][1])])
    assert "its areas were replaced" in _import(changed)
    assert sorted(LandUseSurvey.objects.get().areas.values_list("land_use_id", flat=True)) == ["ODT", "ODT"]
    _import(changed, date="2025-06-30")
    assert LandUseSurvey.objects.count() == 2


def test_unknown_codes_abort_or_are_skipped_and_listed(zoning_plan: Plan, tmp_path: Path) -> None:
    path = _gpkg(tmp_path / "ht.gpkg", AREAS)
    before = _state()
    with pytest.raises(CommandError, match=r"feature 1: the land-use code 'OTDT' is not in the national catalogue"):
        _import(path)
    assert _state() == before
    output = _import(path, "--skip-unknown-codes")
    assert "Skipped features (unknown land-use code) (1): 1 (OTDT)" in output
    assert CurrentLandUse.objects.count() == 2


@pytest.mark.parametrize(
    ("extra", "date", "message"),
    [
        ((), "31/12/2024", "--date 31/12/2024 is not a date YYYY-MM-DD"),
        (("--alias", "OTDT"), "2024-12-31", "--alias OTDT must be FILE_CODE=CATALOGUE_CODE"),
        (("--land-use-field", "NO_SUCH"), "2024-12-31", "the column 'NO_SUCH' (for land_use) is not in the file"),
    ],
)
def test_bad_arguments_are_refused_and_nothing_is_written(
    zoning_plan: Plan, tmp_path: Path, extra: tuple[str, ...], date: str, message: str
) -> None:
    before = _state()
    with pytest.raises(CommandError) as raised:
        _import(_gpkg(tmp_path / "ht.gpkg", AREAS), *extra, date=date)
    assert message in str(raised.value)
    assert _state() == before


def test_a_map_whose_every_code_is_unknown_is_refused_and_keeps_the_areas_it_had(
    zoning_plan: Plan, tmp_path: Path
) -> None:
    _import(_gpkg(tmp_path / "ht.gpkg", AREAS), "--alias", "OTDT=ODT")
    before = _state()
    unknown = _gpkg(tmp_path / "unknown.gpkg", [("XYZ", AREAS[0][1]), ("OTDT", AREAS[1][1])])
    with pytest.raises(CommandError, match=r"every area has an unknown land-use code; .* Map them with --alias"):
        _import(unknown, "--skip-unknown-codes")
    assert _state() == before
