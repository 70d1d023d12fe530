"""Imports that never choke and always explain (issue 18, part 3), each on a file the test makes.

Shapefiles zipped in a folder or in a zip within a zip are found; several datasets are listed to choose from; a
.dbf longer than its .shp, mixed geometry types, a damaged GeoPackage, an empty zip and zip bombs are refused with
a message in the user's terms; hints name the option or form field the user really has.
"""

import io
import shutil
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from pytest_django import Settings
from shapely import Point

from layers.models import Layer
from tests.layers import data
from tests.layers.conftest import People, people  # noqa: F401
from tests.layers.test_upload_page import post, signed_in

pytestmark = pytest.mark.django_db


def shapefile(folder: Path, name: str = "khu", records: list | None = None) -> Path:
    """Write a Shapefile (its .shp, .shx, .dbf, .prj) into folder and return the .shp."""
    folder.mkdir(parents=True, exist_ok=True)
    return data.write(folder / f"{name}.shp", records or data.ZONES)


def zip_folder(folder: Path, target: Path, inside: str = "") -> Path:
    """Zip every file under folder into target, under the folder name inside (as people zip a folder)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                archive.write(path, str(Path(inside) / path.relative_to(folder)))
    return target


def imported(path: Path, *args: str) -> str:
    out = io.StringIO()
    call_command("import_layer", str(path), "--slug", "khu", *args, stdout=out)
    return out.getvalue()


def refused(path: Path, *args: str) -> str:
    with pytest.raises(CommandError) as caught:
        call_command("import_layer", str(path), "--slug", "khu", *args, stdout=io.StringIO())
    return str(caught.value)


def test_a_shapefile_zipped_inside_a_folder_is_found(tmp_path: Path) -> None:
    shapefile(tmp_path / "src" / "Khu quy hoach")
    archive = zip_folder(tmp_path / "src", tmp_path / "khu.zip")
    imported(archive)
    assert Layer.objects.get(slug="khu").feature_count == 3


def test_a_shapefile_in_a_zip_within_a_zip_is_found(tmp_path: Path) -> None:
    shapefile(tmp_path / "inner" / "du lieu")
    inner = zip_folder(tmp_path / "inner", tmp_path / "middle" / "khu.zip")
    archive = zip_folder(tmp_path / "middle", tmp_path / "goi.zip", inside="gui di")
    assert inner.is_file()
    imported(archive)
    assert Layer.objects.get(slug="khu").feature_count == 3


def test_several_datasets_are_listed_and_one_is_chosen_by_name(tmp_path: Path) -> None:
    shapefile(tmp_path / "src" / "a", "khu")
    (tmp_path / "src" / "b").mkdir()
    data.write(tmp_path / "src" / "b" / "tram.geojson", data.SENSORS, driver="GeoJSON")
    archive = zip_folder(tmp_path / "src", tmp_path / "hai.zip")
    message = refused(archive)
    assert "hai.zip holds 2 datasets: a/khu.shp, b/tram.geojson. Choose one by its name with" in message
    assert "--source-layer" in message
    imported(archive, "--source-layer", "tram")
    assert Layer.objects.get(slug="khu").feature_count == 2


def test_a_dbf_with_more_rows_than_the_shp_is_refused_naming_both_counts(tmp_path: Path) -> None:
    shp = shapefile(tmp_path / "ba", "khu")
    five = shapefile(tmp_path / "nam", "khu", [*data.ZONES, *data.ZONES[:2]])
    shutil.copy(five.with_suffix(".dbf"), shp.with_suffix(".dbf"))
    message = refused(shp)
    assert "khu.dbf has 5 attribute rows but khu.shp has 3 shapes" in message
    assert not Layer.objects.filter(slug="khu").exists()


def test_mixed_geometry_types_are_refused_naming_the_dominant_type_and_the_rows(tmp_path: Path) -> None:
    records = [*data.ZONES, {"Tên": "Giếng", "dan_so": 1, "dien_tich": 0.0, "geometry": Point(109.2, 12.25)}]
    path = data.write(tmp_path / "tron.geojson", records, driver="GeoJSON")
    message = refused(path)
    assert "the layer mixes geometry types (3 polygons, 1 points)" in message
    assert "Most features are polygons: remove the 1 other features (rows 4)" in message
    assert not Layer.objects.filter(slug="khu").exists()


def test_a_damaged_geopackage_says_so_without_sql(tmp_path: Path) -> None:
    path = data.write(tmp_path / "hong.gpkg", data.ZONES)
    path.write_bytes(path.read_bytes()[:20_000])
    message = refused(path)
    assert "hong.gpkg: the file is damaged" in message
    assert "sqlite" not in message.lower() and "SELECT" not in message


def test_an_empty_zip_and_an_empty_file_say_the_file_is_empty(tmp_path: Path) -> None:
    zipfile.ZipFile(tmp_path / "rong.zip", "w").close()
    message = refused(tmp_path / "rong.zip")
    assert "rong.zip: the file is empty" in message and "does not exist" not in message
    (tmp_path / "rong.geojson").write_bytes(b"")
    assert "rong.geojson: the file is empty" in refused(tmp_path / "rong.geojson")


def test_a_zip_bomb_is_refused_by_its_declared_size(tmp_path: Path, settings: Settings) -> None:
    settings.LAYERS_UNZIPPED_MAX_BYTES = 1024 * 1024
    with zipfile.ZipFile(tmp_path / "bom.zip", "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("khong.geojson", b" " * (4 * 1024 * 1024))
    message = refused(tmp_path / "bom.zip")
    assert "bom.zip: unpacked, the zip would exceed 1 MiB" in message


def test_a_zip_bomb_within_a_zip_is_stopped_while_reading(tmp_path: Path, settings: Settings) -> None:
    settings.LAYERS_UNZIPPED_MAX_BYTES = 1024 * 1024
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w", zipfile.ZIP_DEFLATED) as archive:
        for number in range(3):
            archive.writestr(f"phan-{number}.geojson", b" " * (600 * 1024))
    with zipfile.ZipFile(tmp_path / "bom.zip", "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("trong.zip", inner.getvalue())  # the outer directory declares only a few kilobytes
    assert "unpacked, the zip would exceed 1 MiB" in refused(tmp_path / "bom.zip")


def test_hints_name_the_option_of_the_command_in_use(tmp_path: Path) -> None:
    path = tmp_path / "hai.gpkg"
    data.write(path, data.ZONES, layer="khu")
    data.write(path, data.SENSORS, layer="tram", append=True)
    message = refused(path)
    assert "choose one with --source-layer" in message and "--layer." not in message
    no_crs = data.write(tmp_path / "khong-crs.shp", data.ZONES, crs=None)
    message = refused(no_crs)
    assert "give it with --srid 9217 for VN-2000 / TM-3 108-15" in message and "--vn2000" not in message


def test_the_upload_page_names_its_own_field_not_a_command_option(
    people: People,  # noqa: F811
    tmp_path: Path,
) -> None:
    path = tmp_path / "hai.gpkg"
    data.write(path, data.ZONES, layer="khu")
    data.write(path, data.SENSORS, layer="tram", append=True)
    upload = SimpleUploadedFile("hai.gpkg", path.read_bytes(), content_type="application/geopackage+sqlite3")
    page = post(signed_in(people.operator), upload).content.decode()
    assert "choose one with the “Layer or sheet” field" in page and "--" not in page.split("<main")[-1]
