"""`manage.py import_boundaries`: prints its report, or exits with every problem and writes nothing."""

from collections.abc import Iterator
from io import StringIO
from pathlib import Path

import pytest
import shapely
from django.contrib.gis.geos import MultiPolygon, Polygon
from django.core.management import CommandError, call_command
from django.utils import translation
from shapely import Point, box

from gis_core.models import AdminUnit, Province
from tests.gis_core import files

pytestmark = pytest.mark.django_db

FIELDS = ["--code-field", "MA_XA", "--name-field", "TEN"]


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    """Assert on the English messages whatever translations exist."""
    with translation.override("en"):
        yield


@pytest.fixture
def earlier_import() -> AdminUnit:
    """A unit already in the database, which a refused import must leave exactly as it is."""
    province = Province.objects.create(code="56", name="Tỉnh Khánh Hòa")
    square = Polygon.from_bbox((109.18, 12.26, 109.19, 12.27))
    return AdminUnit.objects.create(
        province=province,
        code="22333",
        name="Phường Bắc Nha Trang",
        kind=AdminUnit.Kind.WARD,
        geom=MultiPolygon(square, srid=4326),
        area_km2=1.2,
        geometry_source="earlier.gpkg",
    )


def run(*args: str) -> str:
    out = StringIO()
    call_command("import_boundaries", *args, stdout=out)
    return out.getvalue()


def refused(*args: str) -> str:
    """Run the command, expect CommandError, check nothing changed and return its message."""
    before = files.database_state()
    with pytest.raises(CommandError) as refusal:
        run(*args)
    assert files.database_state() == before
    return str(refusal.value)


def many_units(count: int) -> list[dict[str, object]]:
    """Return count valid wards in a row of small squares east of Nha Trang."""
    return [
        {
            "MA_XA": f"{22000 + n:05d}",
            "TEN": f"Phường Thử {n}",
            "geometry": box(109.0 + n / 100, 12.0, 109.005 + n / 100, 12.005),
        }
        for n in range(count)
    ]


def test_an_import_prints_its_report(tmp_path: Path, earlier_import: AdminUnit) -> None:
    out = run(str(files.write(tmp_path / "units.gpkg", files.UNITS)), *FIELDS)
    assert "units.gpkg (layer units) → boundaries: 4 features read; 3 created, 1 updated, 0 unchanged" in out
    assert "0 invalid geometries repaired" in out
    assert "source CRS EPSG:4326 WGS 84" in out
    earlier_import.refresh_from_db()
    assert earlier_import.geometry_source == "units.gpkg"
    assert AdminUnit.objects.count() == 4


def test_a_file_without_crs_needs_srid_or_vn2000(tmp_path: Path, earlier_import: AdminUnit) -> None:
    record = {"MA_XA": "22366", "TEN": "Phường Nha Trang", "geometry": files.to_vn2000(files.NHA_TRANG)}
    path = str(files.write(tmp_path / "nocrs.shp", [record], crs=None))
    message = refused(path, *FIELDS)
    assert "nocrs.shp: the file has no coordinate reference system; give it with --vn2000 for VN-2000" in message
    assert "EPSG:9217 VN-2000 / TM-3 108-15 (given by the caller)" in run(path, *FIELDS, "--vn2000")
    assert "0 created, 0 updated, 1 unchanged" in run(path, *FIELDS, "--srid", "EPSG:9217")
    extent = AdminUnit.objects.get(code="22366").geom.extent
    assert [round(value, 6) for value in extent] == [109.19, 12.23, 109.20, 12.24]


@pytest.mark.parametrize(
    ("srid", "problem"),
    [("EPSG:2154", "CRS EPSG:2154 is not supported; use one of EPSG:4326"), ("+proj=longlat", "Unrecognised CRS")],
)
def test_an_srid_outside_the_allow_list_is_refused(
    tmp_path: Path, earlier_import: AdminUnit, srid: str, problem: str
) -> None:
    path = str(files.write(tmp_path / "units.gpkg", files.UNITS))
    assert problem in refused(path, *FIELDS, "--srid", srid)


def test_a_path_that_does_not_exist_is_refused(tmp_path: Path, earlier_import: AdminUnit) -> None:
    missing = tmp_path / "missing.gpkg"
    assert f"{missing}: no such file; check the path." in refused(str(missing), *FIELDS)


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("garbage.gpkg", b"not a geopackage at all" * 20, "not recognized as being in a supported file format"),
        ("garbage.shp", b"\x00\x01garbage" * 50, "not recognized as being in a supported file format"),
        ("cut.geojson", b'{"type": "FeatureCollection", "features": [', "Failed to read GeoJSON data"),
    ],
)
def test_a_corrupt_file_is_refused(
    tmp_path: Path, earlier_import: AdminUnit, name: str, content: bytes, reason: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    message = refused(str(path), *FIELDS)
    assert f"{name}: cannot be read as a vector file" in message
    assert reason in message


def test_a_truncated_geopackage_is_refused(tmp_path: Path, earlier_import: AdminUnit) -> None:
    whole = files.write(tmp_path / "whole.gpkg", files.UNITS).read_bytes()
    cut = tmp_path / "cut.gpkg"
    cut.write_bytes(whole[: len(whole) // 2])
    message = refused(str(cut), *FIELDS)
    assert "cut.gpkg: the file is damaged" in message  # GDAL's SQLite statement is no help to the user
    assert "sqlite" not in message.lower()


def test_points_are_refused_naming_file_row_and_types(tmp_path: Path, earlier_import: AdminUnit) -> None:
    records = [files.UNITS[1], {**files.UNITS[2], "geometry": Point(109.1, 12.1)}]
    message = refused(str(files.write(tmp_path / "points.gpkg", records)), *FIELDS)
    assert "points.gpkg, feature 2: the geometry is a Point; MultiPolygon or Polygon expected." in message


def test_missing_and_empty_geometries_are_refused_with_their_row(tmp_path: Path, earlier_import: AdminUnit) -> None:
    records = [
        files.UNITS[1],
        {**files.UNITS[2], "geometry": None},
        {**files.UNITS[3], "geometry": shapely.Polygon()},
    ]
    message = refused(str(files.write(tmp_path / "holes.gpkg", records)), *FIELDS)
    assert "holes.gpkg, feature 2: the feature has no geometry." in message
    assert "holes.gpkg, feature 3: the geometry is empty." in message


def test_a_missing_field_is_refused_listing_the_fields_found(tmp_path: Path, earlier_import: AdminUnit) -> None:
    path = str(files.write(tmp_path / "units.gpkg", files.UNITS))
    message = refused(path, "--code-field", "MA", "--name-field", "TEN")
    assert "units.gpkg: the column 'MA' (for code) is not in the file; the fields found are: MA_XA, TEN." in message
    assert "the column 'LOAI' (for kind)" in refused(path, *FIELDS, "--kind-field", "LOAI")


def test_duplicate_codes_are_refused_naming_both_rows(tmp_path: Path, earlier_import: AdminUnit) -> None:
    records = [*files.UNITS[:3], {**files.UNITS[3], "MA_XA": "22333"}]
    message = refused(str(files.write(tmp_path / "dups.gpkg", records)), *FIELDS)
    assert "dups.gpkg, feature 4: the code 22333 is also used by feature 1; each unit must appear once." in message


@pytest.mark.parametrize("code", ["ABC12", "2233", "223330"])
def test_a_bad_code_is_refused(tmp_path: Path, earlier_import: AdminUnit, code: str) -> None:
    records = [files.UNITS[1], {**files.UNITS[2], "MA_XA": code}]
    message = refused(str(files.write(tmp_path / "codes.gpkg", records)), *FIELDS)
    assert f"codes.gpkg, feature 2: the code '{code}' is not a 5-digit unit code (for example 22333)." in message


def test_a_bad_row_last_of_many_writes_nothing(tmp_path: Path, earlier_import: AdminUnit) -> None:
    # Forty good rows first: written one by one without the transaction, they would stay behind.
    records = [*many_units(40), {**files.UNITS[0], "TEN": "Bắc Nha Trang"}]
    message = refused(str(files.write(tmp_path / "last.gpkg", records)), *FIELDS)
    assert "Nothing was imported; 1 problem(s):" in message
    assert "last.gpkg, feature 41: cannot tell the kind from the name 'Bắc Nha Trang'" in message
    assert AdminUnit.objects.count() == 1


def test_every_problem_is_listed_together(tmp_path: Path, earlier_import: AdminUnit) -> None:
    records = [
        files.UNITS[0],
        {**files.UNITS[1], "MA_XA": "X"},
        {**files.UNITS[2], "TEN": None},
        {**files.UNITS[3], "geometry": Point(114.3, 10.4)},
    ]
    message = refused(str(files.write(tmp_path / "three.gpkg", records)), *FIELDS)
    assert "Nothing was imported; 3 problem(s):" in message
    assert "three.gpkg, feature 2: the code 'X' is not a 5-digit unit code" in message
    assert "three.gpkg, feature 3: the name is empty." in message
    assert "three.gpkg, feature 4: the geometry is a Point" in message


def test_legacy_text_is_imported_as_unicode(tmp_path: Path) -> None:
    path = files.write_legacy_mapinfo(tmp_path / "cp1258.tab", "cp1258", charset="WindowsVietnamese")
    out = run(str(path), *FIELDS)
    assert "4 text values re-encoded (CP1258 (Windows Vietnamese) (MapInfo charset WindowsVietnamese))" in out
    assert AdminUnit.objects.get(code="22736").name == "Đặc khu Trường Sa"


def test_a_file_with_several_layers_needs_layer(tmp_path: Path, earlier_import: AdminUnit) -> None:
    path = files.write(tmp_path / "two.gpkg", files.UNITS[:1], layer="phuong")
    files.write(path, files.UNITS[2:3], layer="xa", append=True)
    assert "two.gpkg: the file has 2 spatial layers (phuong, xa); choose one with --layer." in refused(
        str(path), *FIELDS
    )
    assert "1 created" in run(str(path), *FIELDS, "--layer", "xa")


def test_an_unknown_encoding_is_refused(tmp_path: Path, earlier_import: AdminUnit) -> None:
    path = str(files.write(tmp_path / "units.gpkg", files.UNITS))
    assert "argument --encoding: invalid choice: 'koi8-r'" in refused(path, *FIELDS, "--encoding", "koi8-r")


def test_srid_and_vn2000_exclude_each_other(tmp_path: Path, earlier_import: AdminUnit) -> None:
    path = str(files.write(tmp_path / "units.gpkg", files.UNITS))
    assert "not allowed with argument" in refused(path, *FIELDS, "--srid", "9217", "--vn2000")
