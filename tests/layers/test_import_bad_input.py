"""import_layer refuses bad input: non-zero exit, a message naming file, row and problem; nothing is written."""

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from pytest_django import Settings
from shapely import Point, Polygon

from layers.builtin import register_builtin_layers
from layers.models import Layer
from tests.layers import data

pytestmark = pytest.mark.django_db


@pytest.fixture
def existing(tmp_path: Path) -> None:
    """A layer "khu" already holding the three zones, so refusals are checked against existing data too."""
    call_command("import_layer", str(data.write(tmp_path / "khu.gpkg", data.ZONES)), "--slug", "khu")


def refused(*args: str) -> str:
    """Run the command expecting a refusal; return its message."""
    with pytest.raises(CommandError) as caught:
        call_command("import_layer", *args)
    return str(caught.value)


@pytest.fixture
def unchanged(existing: None) -> object:
    """Compare the whole catalogue and its tables before and after the test body."""
    before = data.catalogue_state()

    class Check:
        def __call__(self) -> None:
            assert data.catalogue_state() == before

    return Check()


def test_a_missing_file(unchanged: object, tmp_path: Path) -> None:
    message = refused(str(tmp_path / "khong-co.gpkg"), "--slug", "khu")
    assert "khong-co.gpkg: no such file" in message
    unchanged()  # type: ignore[operator]


def test_a_file_that_is_not_vector_data(unchanged: object, tmp_path: Path) -> None:
    path = tmp_path / "rac.gpkg"
    path.write_bytes(b"not a geopackage at all")
    message = refused(str(path), "--slug", "khu")
    assert "rac.gpkg: cannot be read as a vector file" in message
    unchanged()  # type: ignore[operator]


def test_a_file_without_crs_needs_srid(unchanged: object, tmp_path: Path) -> None:
    path = data.write(tmp_path / "khong-crs.shp", data.ZONES, crs=None)
    message = refused(str(path), "--slug", "khu")
    assert "khong-crs.shp: the file has no coordinate reference system; give it with --srid 9217" in message
    unchanged()  # type: ignore[operator]


def test_a_feature_outside_vietnam_is_named_and_nothing_is_written(unchanged: object, tmp_path: Path) -> None:
    records = [
        *data.ZONES,
        {"Tên": "Lạc chỗ", "dan_so": 1, "dien_tich": 1.0, "geometry": Point(2.35, 48.85).buffer(0.01)},
    ]
    path = data.write(tmp_path / "lac.gpkg", records)
    message = refused(str(path), "--slug", "khu")
    assert "lac.gpkg, feature 4: the feature lies at 2.3" in message and "outside Việt Nam" in message
    unchanged()  # type: ignore[operator]


def test_metres_declared_as_degrees_are_refused(unchanged: object, tmp_path: Path) -> None:
    records = [{"ma": "M1", "geometry": Point(602805.66, 1353660.03).buffer(10)}]
    path = data.write(tmp_path / "sai-crs.gpkg", records, crs=4326)
    message = refused(str(path), "--slug", "moi")
    assert "sai-crs.gpkg, feature 1" in message and "not longitude/latitude" in message
    unchanged()  # type: ignore[operator]


def test_a_mix_of_good_and_unrepairable_geometry_writes_nothing(unchanged: object, tmp_path: Path) -> None:
    line_like = Polygon([(109.19, 12.27), (109.20, 12.28), (109.19, 12.27)])  # no area: nothing left after repair
    records = [*data.ZONES, {"Tên": "Hỏng", "dan_so": 1, "dien_tich": 0.0, "geometry": line_like}]
    path = data.write(tmp_path / "hong.gpkg", records)
    message = refused(str(path), "--slug", "khu")
    assert "hong.gpkg, feature 4" in message
    unchanged()  # type: ignore[operator]


def test_a_csv_row_with_a_bad_coordinate_is_named_by_row_and_line(unchanged: object, tmp_path: Path) -> None:
    path = data.write_csv(
        tmp_path / "diem.csv",
        ["ten", "lon", "lat"],
        [["A", 109.19, 12.25], ["B", "109,20", 12.26], ["C", 109.21, ""]],
    )
    message = refused(str(path), "--slug", "diem")
    assert "diem.csv, feature 2: the 'lon' value '109,20' is not a number; write decimals with a point" in message
    assert "(line 3)" in message
    assert "diem.csv, feature 3: the coordinate column 'lat' is empty. (line 4)" in message
    unchanged()  # type: ignore[operator]


def test_a_csv_without_recognisable_coordinate_columns(unchanged: object, tmp_path: Path) -> None:
    path = data.write_csv(tmp_path / "diem.csv", ["ten", "dong", "bac"], [["A", 1, 2]])
    message = refused(str(path), "--slug", "diem")
    assert "Cannot tell which columns hold the coordinates among: ten, dong, bac" in message
    unchanged()  # type: ignore[operator]


def test_a_csv_naming_a_missing_column(unchanged: object, tmp_path: Path) -> None:
    path = data.write_csv(tmp_path / "diem.csv", ["ten", "lon", "lat"], [["A", 109.19, 12.25]])
    message = refused(str(path), "--slug", "diem", "--lon-column", "kinh_do", "--lat-column", "lat")
    assert "diem.csv: the column 'kinh_do' is not in the file; its columns are: ten, lon, lat." in message
    unchanged()  # type: ignore[operator]


def test_too_many_features(unchanged: object, tmp_path: Path, settings: Settings) -> None:
    settings.LAYERS_IMPORT_MAX_FEATURES = 2
    message = refused(str(data.write(tmp_path / "nhieu.gpkg", data.ZONES)), "--slug", "khu")
    assert (
        "nhieu.gpkg: the layer has 3 features; uploads are limited to 2 (setting LAYERS_IMPORT_MAX_FEATURES)" in message
    )
    unchanged()  # type: ignore[operator]


def test_a_file_larger_than_the_upload_limit(unchanged: object, tmp_path: Path, settings: Settings) -> None:
    settings.LAYERS_UPLOAD_MAX_BYTES = 1000
    message = refused(str(data.write(tmp_path / "lon.gpkg", data.ZONES)), "--slug", "khu")
    assert "lon.gpkg: the file is 0." in message
    assert " MiB; uploads are limited to 0.000954 MiB (environment variable LAYERS_UPLOAD_MAX_MB)" in message
    unchanged()  # type: ignore[operator]


def test_an_invalid_slug(unchanged: object, tmp_path: Path) -> None:
    message = refused(str(data.write(tmp_path / "khu.gpkg", data.ZONES)), "--slug", "Khu Dân Cư")
    assert "The slug 'Khu Dân Cư' is not valid" in message
    unchanged()  # type: ignore[operator]


def test_an_unaccepted_srid(unchanged: object, tmp_path: Path) -> None:
    message = refused(str(data.write(tmp_path / "khu.gpkg", data.ZONES)), "--slug", "khu", "--srid", "+proj=longlat")
    assert "Unrecognised CRS" in message
    unchanged()  # type: ignore[operator]


def test_a_built_in_table_layer_is_not_replaced(existing: None, tmp_path: Path) -> None:
    register_builtin_layers(io.StringIO())
    before = data.catalogue_state()
    message = refused(str(data.write(tmp_path / "khu.gpkg", data.ZONES)), "--slug", "admin-units")
    assert "served from the platform's table public.gis_core_adminunit" in message
    assert data.catalogue_state() == before
    assert Layer.objects.get(slug="admin-units").source_kind == "table"
