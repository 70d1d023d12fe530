"""The demo province: the official 65 units, a gap-free, overlap-free synthetic tiling, and an idempotent loader."""

import io
import json
import unicodedata
from pathlib import Path
from typing import Any

import pytest
import vietnam_provinces
from django.conf import settings
from django.db import connection

from core.errors import ImportFailed
from gis_core import demo
from gis_core.models import AdminUnit, Province
from tests.gis_core.reference import SPECIAL_ZONE

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_units")]
KIND_OF_DIVISION = {"xã": "xa", "phường": "phuong", "đặc khu": "dac_khu"}


def _scalar(sql: str, params: list[str] | None = None) -> Any:
    with connection.cursor() as cursor:
        cursor.execute(sql, params or [])
        return cursor.fetchone()[0]


def _row_versions() -> dict[str, str]:
    """Map each unit and the province to its PostgreSQL row version (xmin changes on every UPDATE)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT 'unit ' || code, xmin::text FROM gis_core_adminunit"
            " UNION ALL SELECT 'province ' || code, xmin::text FROM gis_core_province"
        )
        return dict(cursor.fetchall())


def test_there_are_65_units_48_communes_16_wards_1_special_zone() -> None:
    assert AdminUnit.objects.count() == 65
    assert AdminUnit.objects.filter(kind=AdminUnit.Kind.COMMUNE).count() == 48
    assert AdminUnit.objects.filter(kind=AdminUnit.Kind.WARD).count() == 16
    assert list(AdminUnit.objects.filter(kind=AdminUnit.Kind.SPECIAL_ZONE).values_list("code", flat=True)) == [
        SPECIAL_ZONE
    ]


def test_codes_names_and_kinds_are_the_official_list() -> None:
    official = {
        f"{int(ward.code):05d}": (
            unicodedata.normalize("NFC", str(ward.name)),
            KIND_OF_DIVISION[str(ward.division_type)],
        )
        for ward in vietnam_provinces.Ward.iter_by_province(vietnam_provinces.ProvinceCode(56))
    }
    stored = {code: (name, kind) for code, name, kind in AdminUnit.objects.values_list("code", "name", "kind")}
    assert stored == official
    assert Province.objects.get(code="56").name == "Tỉnh Khánh Hòa"


def test_every_unit_says_its_geometry_is_synthetic() -> None:
    sources = set(AdminUnit.objects.values_list("geometry_source", flat=True))
    assert sources == {
        "synthetic demo geometry (Voronoi tiling of approximate unit centres) — not an official boundary"
    }


def test_mainland_units_do_not_overlap() -> None:
    overlap = _scalar(
        "SELECT COALESCE(SUM(ST_Area(ST_Intersection(a.geom, b.geom))), 0) FROM gis_core_adminunit a"
        " JOIN gis_core_adminunit b ON a.code < b.code AND a.geom && b.geom"
        " WHERE a.code <> %s AND b.code <> %s",
        [SPECIAL_ZONE, SPECIAL_ZONE],
    )
    assert overlap < 1e-12  # square degrees; one square metre is about 8e-11


def test_mainland_units_leave_no_gaps_and_fill_the_outline() -> None:
    collection = json.loads(Path(settings.BASE_DIR, "fixtures", "demo_units.geojson").read_text(encoding="utf-8"))
    outline = json.dumps(collection["mainland_outline"])
    with connection.cursor() as cursor:
        cursor.execute(
            "WITH mainland AS (SELECT ST_Union(geom) AS g FROM gis_core_adminunit WHERE code <> %s),"
            " outline AS (SELECT ST_SetSRID(ST_GeomFromGeoJSON(%s), 4326) AS g)"
            " SELECT ST_NumGeometries(m.g), ST_NumInteriorRings(ST_GeometryN(m.g, 1)),"
            " ST_Area(ST_SymDifference(m.g, o.g)) / ST_Area(o.g), ST_Area(m.g::geography) / 1e6"
            " FROM mainland m, outline o",
            [SPECIAL_ZONE, outline],
        )
        parts, holes, mismatch, area_km2 = cursor.fetchone()
    assert (parts, holes) == (len(collection["mainland_outline"]["coordinates"]), 0)  # mainland, Hòn Tre, Hòn Lớn
    assert mismatch < 1e-9
    assert 7000 < area_km2 < 9000  # the province's mainland is about 8,000 km²


def test_the_province_outline_is_the_union_of_its_units() -> None:
    equal = _scalar(
        "SELECT ST_Equals(p.geom, (SELECT ST_Union(geom) FROM gis_core_adminunit)) FROM gis_core_province p"
        " WHERE p.code = '56'"
    )
    assert equal is True


def test_every_unit_but_truong_sa_has_neighbours() -> None:
    lonely = [unit.code for unit in AdminUnit.objects.all() if not unit.neighbours().exists()]
    assert lonely == [SPECIAL_ZONE]


def test_truong_sa_lies_offshore_near_its_real_position() -> None:
    xmin, ymin, xmax, ymax = AdminUnit.objects.get(code=SPECIAL_ZONE).geom.extent
    assert xmin >= 111.8 and xmax <= 114.6
    assert ymin >= 8.5 and ymax <= 11.6


def test_areas_are_computed_from_the_boundaries() -> None:
    unit = AdminUnit.objects.get(code="22366")
    geodesic = _scalar("SELECT ST_Area(geom::geography) / 1e6 FROM gis_core_adminunit WHERE code = '22366'")
    assert unit.area_km2 == pytest.approx(geodesic)
    assert AdminUnit.objects.filter(area_km2__lte=0).count() == 0


def test_loading_twice_changes_nothing_and_says_so() -> None:
    before = _row_versions()
    output = io.StringIO()
    report = demo.load(output)
    assert (report.created, report.updated, report.province_changed) == ([], [], False)
    assert len(report.unchanged) == 65
    assert "unchanged" in output.getvalue()
    assert _row_versions() == before


def test_loading_into_an_empty_database_creates_everything() -> None:
    AdminUnit.objects.all().delete()
    Province.objects.all().delete()
    report = demo.load(io.StringIO())
    assert len(report.created) == 65 and report.province_changed
    geom = Province.objects.get(code="56").geom
    assert geom is not None
    assert geom.num_geom == 10  # the mainland, two near-shore islands and Trường Sa's seven islets


def test_loading_repairs_an_edited_demo_unit() -> None:
    AdminUnit.objects.filter(code="22366").update(name="Phường Sai Tên", area_km2=0)
    report = demo.load(io.StringIO())
    assert report.updated == ["22366"]
    unit = AdminUnit.objects.get(code="22366")
    assert unit.name == "Phường Nha Trang"
    assert unit.area_km2 > 0


def test_loading_keeps_an_imported_boundary() -> None:
    AdminUnit.objects.filter(code="22366").update(geometry_source="Sở Nông nghiệp và Môi trường, 2025")
    before = AdminUnit.objects.get(code="22366").geom
    report = demo.load(io.StringIO())
    assert report.kept == ["22366"]
    assert AdminUnit.objects.get(code="22366").geom.equals_exact(before, 0)


def test_a_broken_demo_file_is_refused_and_nothing_is_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    AdminUnit.objects.all().delete()
    Province.objects.all().delete()
    broken = tmp_path / "demo_units.geojson"
    broken.write_text('{"type": "FeatureCollection", "features": [{"properties": {"code": "22366"}}]}')
    monkeypatch.setattr(demo, "DEMO_FILE", broken)
    with pytest.raises(ImportFailed) as caught:
        demo.load(io.StringIO())
    assert "build_demo_units.py" in caught.value.message
    assert (Province.objects.count(), AdminUnit.objects.count()) == (0, 0)


def test_the_demo_file_stays_small_and_describes_itself_as_synthetic() -> None:
    path = Path(settings.BASE_DIR, "fixtures", "demo_units.geojson")
    assert path.stat().st_size < 400_000
    collection = json.loads(path.read_text(encoding="utf-8"))
    assert "SYNTHETIC" in collection["description"]
    assert len(collection["features"]) == 65
