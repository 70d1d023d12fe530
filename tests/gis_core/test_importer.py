"""The vector-file importer: formats, CRS, geometry repair, legacy text, validation, registry, all-or-nothing."""

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.contrib.gis.db.models.functions import Transform
from django.contrib.gis.geos import Point
from django.utils import translation
from django.utils.module_loading import import_string
from pyproj import Geod
from shapely import box

from core.errors import ImportFailed
from gis_core.importer import (
    IMPORT_TARGETS,
    BoundariesTarget,
    GeometryKind,
    ImportTarget,
    Row,
    RowInvalid,
    Source,
    check_geometry,
    get_target,
    run_import,
    unit_code,
    unit_kind,
    unit_name,
    write_rows,
)
from gis_core.models import AdminUnit, Province
from gis_core.srs import VN2000_TM3_108_15
from tests.gis_core import files
from tests.gis_core.reference import TEST_E, TEST_LAT, TEST_LON, TEST_N

pytestmark = pytest.mark.django_db

EXPECTED = {
    "22333": ("Phường Bắc Nha Trang", AdminUnit.Kind.WARD),
    "22366": ("Phường Nha Trang", AdminUnit.Kind.WARD),
    "22453": ("Xã Cam Lâm", AdminUnit.Kind.COMMUNE),
    "22736": ("Đặc khu Trường Sa", AdminUnit.Kind.SPECIAL_ZONE),
}


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    """Assert on the English messages whatever translations exist."""
    with translation.override("en"):
        yield


def boundaries(kind_field: str | None = None) -> ImportTarget:
    return get_target("boundaries", {"code": "MA_XA", "name": "TEN", "kind": kind_field})


def stored() -> dict[str, tuple[str, str]]:
    return {unit.code: (unit.name, unit.kind) for unit in AdminUnit.objects.all()}


def _shapefile(directory: Path) -> Path:
    return files.write(directory / "units.shp", files.UNITS)


FORMATS: dict[str, Callable[[Path], Path]] = {
    "geopackage": lambda d: files.write(d / "units.gpkg", files.UNITS),
    "shapefile": _shapefile,
    "zipped shapefile": lambda d: files.zip_shapefile(_shapefile(d)),
    "geojson": lambda d: files.write(d / "units.geojson", files.UNITS),
    "mapinfo": lambda d: files.write(d / "units.tab", files.UNITS, driver="MapInfo File"),
    "kml": lambda d: files.write(d / "units.kml", files.UNITS, driver="KML"),
}


@pytest.mark.parametrize("fmt", FORMATS)
def test_each_format_imports_its_units(tmp_path: Path, fmt: str) -> None:
    path = FORMATS[fmt](tmp_path)
    report = run_import(path, boundaries())
    assert (report.read, report.created, report.updated, report.unchanged) == (4, 4, 0, 0)
    assert stored() == EXPECTED
    ward = AdminUnit.objects.get(code="22333")
    assert ward.geometry_source == path.name
    assert ward.geom.geom_type == "MultiPolygon"
    assert ward.geom.covers(Point(109.195, 12.275, srid=4326))
    assert 1.1 < ward.area_km2 < 1.3  # a 0.01 by 0.01 degree square at 12° N
    assert ward.province.code == "56"
    outline = Province.objects.get(code="56").geom
    assert outline is not None
    assert all(outline.covers(unit.geom) for unit in AdminUnit.objects.all())


def test_a_second_import_changes_nothing_and_a_changed_name_is_updated(tmp_path: Path) -> None:
    path = files.write(tmp_path / "units.gpkg", files.UNITS)
    run_import(path, boundaries())
    again = run_import(path, boundaries())
    assert (again.created, again.updated, again.unchanged) == (0, 0, 4)
    renamed = files.write(tmp_path / "renamed.gpkg", [{**files.UNITS[0], "TEN": "Phường Bắc Nha Trang Mới"}])
    report = run_import(renamed, boundaries())
    assert (report.created, report.updated, report.unchanged) == (0, 1, 0)
    ward = AdminUnit.objects.get(code="22333")
    assert (ward.name, ward.geometry_source) == ("Phường Bắc Nha Trang Mới", "renamed.gpkg")
    assert AdminUnit.objects.count() == 4


@pytest.mark.parametrize("variant", ["geopackage", "shapefile", "shapefile whose .prj has no names or datum shift"])
def test_a_vn2000_file_is_reprojected_onto_the_test_vector(tmp_path: Path, variant: str) -> None:
    # The importer uses EPSG:9217's own datum shift (VN-2000 -> WGS 84), whatever the file spells out.
    square = box(TEST_E, TEST_N, TEST_E + 500, TEST_N + 500)
    record = {"MA_XA": "22366", "TEN": "Phường Nha Trang", "geometry": square}
    suffix = ".gpkg" if variant == "geopackage" else ".shp"
    path = files.write(tmp_path / f"vn2000{suffix}", [record], crs=VN2000_TM3_108_15)
    if variant.endswith("datum shift"):
        path.with_suffix(".prj").write_text(files.ANONYMOUS_TM3_PRJ)
    report = run_import(path, boundaries())
    assert report.source_crs.startswith("EPSG:9217")
    ring = AdminUnit.objects.get(code="22366").geom.coords[0][0]
    lon, lat = min(ring, key=lambda xy: (xy[0] - TEST_LON) ** 2 + (xy[1] - TEST_LAT) ** 2)
    assert Geod(ellps="WGS84").inv(lon, lat, TEST_LON, TEST_LAT)[2] < 0.05
    # PostGIS's own VN-2000 definition takes the stored corner back to the same metres.
    back = AdminUnit.objects.annotate(vn=Transform("geom", VN2000_TM3_108_15)).get(code="22366").vn.coords[0][0]
    east, north = min(back, key=lambda xy: (xy[0] - TEST_E) ** 2 + (xy[1] - TEST_N) ** 2)
    assert abs(east - TEST_E) < 0.05 and abs(north - TEST_N) < 0.05


def test_a_file_without_crs_is_refused_naming_srid_and_read_with_the_given_one(tmp_path: Path) -> None:
    record = {"MA_XA": "22366", "TEN": "Phường Nha Trang", "geometry": files.to_vn2000(files.NHA_TRANG)}
    path = files.write(tmp_path / "nocrs.shp", [record], crs=None)
    with pytest.raises(ImportFailed) as refusal:
        run_import(path, boundaries())
    message = str(refusal.value)
    assert "nocrs.shp: the file has no coordinate reference system; give it with VN-2000 in the “CRS of the " \
        "coordinates” field" in message  # fmt: skip
    assert "the “CRS of the coordinates” field, EPSG:4326 for WGS84" in message
    assert AdminUnit.objects.count() == 0
    report = run_import(path, boundaries(), srid=VN2000_TM3_108_15)
    assert "given by the caller" in report.source_crs
    lon_min, lat_min, lon_max, lat_max = AdminUnit.objects.get(code="22366").geom.extent
    assert [round(v, 6) for v in (lon_min, lat_min, lon_max, lat_max)] == [109.19, 12.23, 109.20, 12.24]


def test_projected_coordinates_declared_as_wgs84_are_refused(tmp_path: Path) -> None:
    record = {"MA_XA": "22366", "TEN": "Phường Nha Trang", "geometry": files.to_vn2000(files.NHA_TRANG)}
    path = files.write(tmp_path / "metres.shp", [record], crs=None)
    with pytest.raises(ImportFailed, match=r"metres.shp, feature 1: its coordinates \(602\d+, 1\.35\d+e\+06\) are not"):
        run_import(path, boundaries(), srid=4326)
    assert AdminUnit.objects.count() == 0


def test_a_unit_outside_the_province_is_refused(tmp_path: Path) -> None:
    hanoi = {"MA_XA": "00004", "TEN": "Phường Ba Đình", "geometry": box(105.82, 21.03, 105.83, 21.04)}
    path = files.write(tmp_path / "hanoi.gpkg", [hanoi])
    with pytest.raises(ImportFailed, match=r"hanoi.gpkg, feature 1: the unit lies at 105\.82\d*, 21\.03\d*, outside"):
        run_import(path, boundaries())


def test_a_self_intersecting_polygon_is_repaired_and_counted(tmp_path: Path) -> None:
    records = [files.UNITS[0], {**files.UNITS[1], "geometry": files.BOW_TIE}]
    path = files.write(tmp_path / "bowtie.gpkg", records)
    report = run_import(path, boundaries())
    assert report.repaired == 1
    repaired = AdminUnit.objects.get(code="22366").geom
    assert repaired.valid and repaired.geom_type == "MultiPolygon" and repaired.num_geom == 2
    assert repaired.area == pytest.approx(files.BOW_TIE.buffer(0).area * 2, rel=1e-6)
    promoted = AdminUnit.objects.get(code="22333").geom
    assert promoted.geom_type == "MultiPolygon" and promoted.num_geom == 1


LEGACY_FILES: dict[str, Callable[[Path], Path]] = {
    "TCVN3 in a Shapefile without .cpg": lambda d: files.write_legacy_shapefile(d / "tcvn3.shp", "tcvn3", cpg=None),
    "VNI in a Shapefile marked 1252": lambda d: files.write_legacy_shapefile(d / "vni.shp", "vni", cpg="1252"),
    "CP1258 in a Shapefile marked 1258": lambda d: files.write_legacy_shapefile(d / "cp.shp", "cp1258", cpg="1258"),
    "CP1258 in a zipped Shapefile": lambda d: files.zip_shapefile(
        files.write_legacy_shapefile(d / "cpzip.shp", "cp1258", cpg="1258")
    ),
    "CP1258 in a Shapefile without .cpg": lambda d: files.write_legacy_shapefile(d / "c2.shp", "cp1258", cpg=None),
    "CP1258 in MapInfo": lambda d: files.write_legacy_mapinfo(d / "cp.tab", "cp1258", charset="WindowsVietnamese"),
    "TCVN3 in MapInfo marked Latin-1": lambda d: files.write_legacy_mapinfo(
        d / "t.tab", "tcvn3", charset="WindowsLatin1"
    ),
    "VNI in MapInfo marked Neutral": lambda d: files.write_legacy_mapinfo(d / "v.tab", "vni", charset="Neutral"),
    "TCVN3 saved into a GeoPackage": lambda d: files.write(d / "tcvn3.gpkg", files.legacy_records("tcvn3")),
}


@pytest.mark.parametrize("case", LEGACY_FILES)
def test_legacy_vietnamese_text_is_stored_as_nfc_unicode(tmp_path: Path, case: str) -> None:
    report = run_import(LEGACY_FILES[case](tmp_path), boundaries())
    assert stored() == EXPECTED  # the kinds too: they come from the repaired names' prefixes
    assert all(files.nfc(name) for name, _kind in stored().values())
    assert report.reencoded == 4


@pytest.mark.parametrize(("encoding", "legacy", "cpg"), [("tcvn3", "tcvn3", None), ("cp1258", "cp1258", "1252")])
def test_the_caller_can_name_the_encoding(tmp_path: Path, encoding: str, legacy: str, cpg: str | None) -> None:
    path = files.write_legacy_shapefile(tmp_path / "named.shp", legacy, cpg=cpg)
    report = run_import(path, boundaries(), encoding=encoding)
    assert stored() == EXPECTED
    assert "given by the caller" in report.text_encoding


def test_text_that_is_not_in_the_named_encoding_is_refused(tmp_path: Path) -> None:
    path = files.write_legacy_shapefile(tmp_path / "cp.shp", "cp1258", cpg="1258")
    with pytest.raises(ImportFailed, match=r"cp.shp, feature 1: the value of 'TEN' is not utf-8 text"):
        run_import(path, boundaries(), encoding="utf-8")
    assert AdminUnit.objects.count() == 0


@pytest.mark.parametrize(
    ("value", "expected"), [(22333, "22333"), (1234, "01234"), (22333.0, "22333"), (" 22333 ", "22333")]
)
def test_unit_codes_are_five_digit_strings(value: Any, expected: str) -> None:
    assert unit_code(value) == expected


@pytest.mark.parametrize("value", ["2233", "ABC12", "223330", "٢٢٣٣٣", 123456, 0, -5, 22333.5, None, True])
def test_other_codes_are_refused(value: Any) -> None:
    with pytest.raises(RowInvalid, match="is not a 5-digit unit code"):
        unit_code(value)


def test_integer_codes_are_zero_padded(tmp_path: Path) -> None:
    records = [{**files.UNITS[0], "MA_XA": 22333}, {**files.UNITS[1], "MA_XA": 4321}]
    run_import(files.write(tmp_path / "ints.shp", records), boundaries())
    assert sorted(stored()) == ["04321", "22333"]


def test_the_kind_column_is_used_when_given(tmp_path: Path) -> None:
    records = [
        {**files.UNITS[0], "TEN": "Bắc Nha Trang", "LOAI": "Phường"},
        {**files.UNITS[2], "TEN": "Cam Lâm", "LOAI": "xa"},
        {**files.UNITS[3], "LOAI": "ĐẶC KHU"},
    ]
    run_import(files.write(tmp_path / "kinds.gpkg", records), boundaries(kind_field="LOAI"))
    assert stored() == {
        "22333": ("Bắc Nha Trang", "phuong"),
        "22453": ("Cam Lâm", "xa"),
        "22736": ("Đặc khu Trường Sa", "dac_khu"),
    }


def test_names_are_tidied_and_limited() -> None:
    assert unit_name("  Phường   Nha Trang ") == "Phường Nha Trang"
    for empty in (None, "", "   "):
        with pytest.raises(RowInvalid, match="the name is empty"):
            unit_name(empty)
    with pytest.raises(RowInvalid, match="is longer than 100 characters"):
        unit_name("Xã " + "a" * 98)


def test_kind_rules() -> None:
    assert unit_kind(None, "XÃ Cam Lâm", given=False) == AdminUnit.Kind.COMMUNE
    with pytest.raises(RowInvalid, match="cannot tell the kind from the name 'Cam Lâm'"):
        unit_kind(None, "Cam Lâm", given=False)
    with pytest.raises(RowInvalid, match="the kind 'huyện' is not one of"):
        unit_kind("huyện", "Cam Lâm", given=True)
    with pytest.raises(RowInvalid, match="the kind 'xa' contradicts the name 'Phường Nha Trang'"):
        unit_kind("xa", "Phường Nha Trang", given=True)


def test_every_problem_is_reported_at_once_up_to_a_cap(tmp_path: Path) -> None:
    records = [{**files.UNITS[0], "MA_XA": f"X{n}"} for n in range(60)]
    with pytest.raises(ImportFailed) as refusal:
        run_import(files.write(tmp_path / "many.gpkg", records), boundaries())
    message = str(refusal.value)
    assert "Nothing was imported; 60 problem(s):" in message
    assert "many.gpkg, feature 50: the code 'X49' is not a 5-digit unit code" in message
    assert "feature 51:" not in message
    assert message.endswith("… and 10 more.")
    assert refusal.value.details["error_count"] == 60
    errors = refusal.value.details["errors"]
    assert isinstance(errors, list)
    assert errors[0] == {
        "file": "many.gpkg",
        "row": 1,
        "message": "the code 'X0' is not a 5-digit unit code (for example 22333).",
    }


def test_a_layer_is_chosen_by_name_when_a_file_has_several(tmp_path: Path) -> None:
    path = files.write(tmp_path / "two.gpkg", files.UNITS[:1], layer="phuong")
    files.write(path, files.UNITS[2:3], layer="xa", append=True)
    with pytest.raises(ImportFailed, match=r"two.gpkg: the file has 2 spatial layers \(phuong, xa\); choose one"):
        run_import(path, boundaries())
    with pytest.raises(ImportFailed, match=r"two.gpkg: the file has no layer 'xã'; its layers are: phuong, xa\."):
        run_import(path, boundaries(), layer="xã")
    report = run_import(path, boundaries(), layer="xa")
    assert (report.layer, stored()) == ("xa", {"22453": EXPECTED["22453"]})


def test_a_database_error_on_the_last_row_undoes_the_earlier_rows(tmp_path: Path) -> None:
    target = BoundariesTarget({"code": "MA_XA", "name": "TEN"})
    source = Source(path=tmp_path / "db.gpkg", name="db.gpkg", layer="db")
    rows = []
    for number, unit in enumerate(files.UNITS, start=1):
        geom, _repaired = check_geometry(unit["geometry"], GeometryKind.POLYGON, "EPSG:4326")
        row = Row(number=number, values={"code": unit["MA_XA"], "name": unit["TEN"]}, geom=geom)
        row.clean = target.validate_row(row, source)
        rows.append(row)
    rows[-1].clean["name"] = "X" * 101  # past validation, the column (varchar 100) refuses it
    before = files.database_state()
    with pytest.raises(ImportFailed, match=r"db\.gpkg: the database refused the data"):
        write_rows(target, rows, source)
    assert files.database_state() == before
    assert write_rows(target, rows[:-1], source).created == 3  # the same rows do write without the bad one


def test_import_targets_are_a_registry_of_import_target_classes() -> None:
    for name, dotted in IMPORT_TARGETS.items():
        target_class = import_string(dotted)
        assert issubclass(target_class, ImportTarget)
        assert target_class.name == name
    assert boundaries().geometry_kind() == GeometryKind.POLYGON


def test_the_base_target_leaves_every_step_to_its_kinds(tmp_path: Path) -> None:
    base = ImportTarget({"code": "MA"})
    source = Source(path=tmp_path, name="x", layer="x")
    row = Row(number=1, values={}, geom=files.NHA_TRANG)
    for step in (base.required_fields, base.geometry_kind):
        with pytest.raises(NotImplementedError):
            step()
    with pytest.raises(NotImplementedError):
        base.validate_row(row, source)
    with pytest.raises(NotImplementedError):
        base.write([row], source)


def test_an_unknown_kind_of_import_is_refused() -> None:
    with pytest.raises(ImportFailed, match="Unknown import kind 'zoning'; use one of boundaries"):
        get_target("zoning", {})
