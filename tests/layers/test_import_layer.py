"""import_layer: every accepted format becomes an uploaded layer's table, with its columns, types and summary."""

from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from shapely import Point

from gis_core.importer import IMPORT_TARGETS, get_target
from layers.import_target import LayerTarget
from layers.importing import ImportOptions, LayerImport, database_name, import_layer
from layers.models import Layer
from layers.schema import UPLOAD_SCHEMA, columns, has_version_trigger
from tests.gis_core import files as gis_files
from tests.gis_core.reference import TEST_E, TEST_LAT, TEST_LON, TEST_N
from tests.layers import data

pytestmark = pytest.mark.django_db


def column_types(table: str) -> dict[str, str]:
    return {column.name: column.pg_type for column in columns(UPLOAD_SCHEMA, table)}


def test_the_layers_kind_is_registered_in_the_shared_importer() -> None:
    assert IMPORT_TARGETS["layers"] == "layers.import_target.LayerTarget"
    assert isinstance(get_target("layers", {}, slug="x"), LayerTarget)


def test_a_geopackage_becomes_a_new_layer_with_typed_columns_and_a_summary(tmp_path: Path) -> None:
    path = data.write(tmp_path / "khu.gpkg", data.ZONES)
    result = import_layer(path, "khu-dan-cu", ImportOptions(metadata={"title": "Khu dân cư"}))

    layer = result.layer
    assert (layer.title, layer.source_kind, layer.schema_name, layer.table_name) == (
        "Khu dân cư", "upload", UPLOAD_SCHEMA, "khu_dan_cu",
    )  # fmt: skip
    assert (layer.geometry_column, layer.id_column, layer.srid) == ("geom", "fid", 4326)
    assert column_types("khu_dan_cu") == {
        "fid": "bigint",
        "geom": "geometry(MultiPolygon,4326)",
        "tên": "text",
        "dan_so": "bigint",
        "dien_tich": "double precision",
    }
    assert layer.fields == [
        {"name": "fid", "type": "integer"},
        {"name": "tên", "type": "string"},
        {"name": "dan_so", "type": "integer"},
        {"name": "dien_tich", "type": "number"},
    ]
    assert layer.feature_count == 3
    assert layer.geometry_type == "MULTIPOLYGON"
    assert layer.extent == pytest.approx([109.19, 12.23, 109.22, 12.28])
    assert layer.data_version == layer.summary_version > 1
    assert layer.last_updated is not None
    rows = data.rows_of("khu_dan_cu")
    assert [row[:4] for row in rows] == [(1, "Khu A", 1200, 1.5), (2, "Khu B", 800, 2.25), (3, "Khu C", None, 0.5)]
    assert has_version_trigger(UPLOAD_SCHEMA, "khu_dan_cu")
    assert "Columns renamed for the database: Tên → tên." in result.summary()


def test_the_command_imports_and_prints_its_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = data.write(tmp_path / "tram.geojson", data.SENSORS, driver="GeoJSON")
    call_command("import_layer", str(path), "--slug", "tram-quan-trac", "--title", "Trạm quan trắc", "--publish")

    out = capsys.readouterr().out
    assert "tram.geojson" in out and "2 features read" in out and "Layer tram-quan-trac now holds 2 features" in out
    layer = Layer.objects.get(slug="tram-quan-trac")
    assert (layer.title, layer.published_tiles, layer.published_ogc, layer.access) == (
        "Trạm quan trắc", True, True, Layer.Access.INTERNAL,
    )  # fmt: skip
    # Single points stay points (not one-part multipoints).
    assert column_types("tram_quan_trac")["geom"] == "geometry(Point,4326)"
    assert [row[1:3] for row in data.rows_of("tram_quan_trac")] == [("S01", "mưa"), ("S02", "mực nước")]


def test_a_zipped_shapefile_is_imported(tmp_path: Path) -> None:
    shp = data.write(tmp_path / "khu.shp", data.ZONES, encoding="UTF-8")
    archive = gis_files.zip_shapefile(shp)
    layer = import_layer(archive, "khu-shp").layer
    assert layer.feature_count == 3
    assert [row[1] for row in data.rows_of("khu_shp")] == ["Khu A", "Khu B", "Khu C"]


def test_kml_and_mapinfo_tab_are_imported(tmp_path: Path) -> None:
    kml = data.write(tmp_path / "tram.kml", [{"Name": "S01", "geometry": Point(109.195, 12.275)}], driver="KML")
    assert import_layer(kml, "tram-kml").layer.feature_count == 1
    records = [{"ten": zone["Tên"], "geometry": zone["geometry"]} for zone in data.ZONES]  # MapInfo: ASCII names
    tab = data.write(tmp_path / "khu.tab", records, driver="MapInfo File")
    layer = import_layer(tab, "khu-tab").layer
    assert layer.feature_count == 3
    assert sorted(row[1] for row in data.rows_of("khu_tab")) == ["Khu A", "Khu B", "Khu C"]


def test_a_file_in_vn2000_lands_in_wgs84(tmp_path: Path) -> None:
    records = [{"ma": "TV", "geometry": gis_files.to_vn2000(Point(TEST_LON, TEST_LAT).buffer(0.001))}]
    path = data.write(tmp_path / "vn2000.gpkg", records, crs=9217)
    layer = import_layer(path, "vn2000").layer
    assert layer.extent is not None
    xmin, ymin, xmax, ymax = layer.extent
    assert (xmin + xmax) / 2 == pytest.approx(TEST_LON, abs=1e-6)
    assert (ymin + ymax) / 2 == pytest.approx(TEST_LAT, abs=1e-6)


def test_a_csv_with_longitude_and_latitude_becomes_a_point_layer(tmp_path: Path) -> None:
    path = data.write_csv(
        tmp_path / "diem.csv",
        ["ten", "kinh_do", "vi_do", "ma_so"],
        [["Trạm A", 109.195, 12.275, "01234"], ["Trạm B", 109.215, 12.245, "00567"]],
    )
    result = import_layer(path, "diem-csv")
    assert isinstance(result, LayerImport)
    assert result.report.file == "diem.csv"
    assert column_types("diem_csv")["geom"] == "geometry(Point,4326)"
    rows = data.rows_of("diem_csv")
    # Codes keep their leading zeros; numbers are numbers.
    assert [row[1:5] for row in rows] == [("Trạm A", 109.195, 12.275, "01234"), ("Trạm B", 109.215, 12.245, "00567")]
    assert rows[0][-1] == "POINT(109.195 12.275)"


def test_a_csv_with_vn2000_x_northing_and_y_easting_lands_on_the_test_vector(tmp_path: Path) -> None:
    path = data.write_csv(tmp_path / "vn2000.csv", ["ten", "X", "Y"], [["Mốc", TEST_N, TEST_E]])
    import_layer(path, "moc-vn2000")
    with connection.cursor() as cursor:
        # Distance on the ellipsoid between the stored point and the province's test vector.
        cursor.execute(
            "SELECT ST_Distance(geom::geography, ST_SetSRID(ST_MakePoint(%s, %s), 4326)::geography) "
            "FROM layerdata.moc_vn2000",
            [TEST_LON, TEST_LAT],
        )
        (distance_m,) = cursor.fetchone()
    assert distance_m < 0.5  # the test vector is given to about 0.1 m (4 decimals of a degree is ~10 m)


def test_named_coordinate_columns_and_an_xlsx_sheet(tmp_path: Path) -> None:
    import geopandas as gpd
    import pyogrio

    frame = gpd.pd.DataFrame({"Tên điểm": ["A", "B"], "Đông": [TEST_E, TEST_E + 100], "Bắc": [TEST_N, TEST_N]})
    path = tmp_path / "diem.xlsx"
    pyogrio.write_dataframe(frame, path, driver="XLSX", layer="Diem")
    layer = import_layer(path, "diem-xlsx", ImportOptions(coordinates={"x": "Bắc", "y": "Đông"})).layer
    assert layer.feature_count == 2
    assert [field["name"] for field in layer.fields] == ["fid", "tên_điểm", "đông", "bắc"]
    assert layer.extent is not None
    assert layer.extent[0] == pytest.approx(TEST_LON, abs=1e-5)


def test_column_names_become_safe_identifiers() -> None:
    assert database_name("Tên đường") == "tên_đường"
    assert database_name("fid") == "fid_src"
    assert database_name("geom") == "geom_src"
    assert database_name("2020") == "f_2020"
    assert database_name("a" * 80) == "a" * 59


def test_reimporting_a_slug_replaces_its_data_and_columns(tmp_path: Path) -> None:
    first = import_layer(data.write(tmp_path / "v1.gpkg", data.ZONES), "khu").layer
    records = [{"ten_moi": "Chỉ một khu", "geometry": data.LOT_B}]
    second = import_layer(data.write(tmp_path / "v2.gpkg", records), "khu").layer

    assert second.pk == first.pk
    assert second.data_version == first.data_version + 1
    assert second.feature_count == 1
    assert [field["name"] for field in second.fields] == ["fid", "ten_moi"]
    assert [row[:2] for row in data.rows_of("khu")] == [(1, "Chỉ một khu")]
    assert data.upload_tables() == ["khu"]  # no staging table left behind


def test_deleting_an_uploaded_layer_drops_its_table(tmp_path: Path) -> None:
    layer = import_layer(data.write(tmp_path / "khu.gpkg", data.ZONES), "khu").layer
    assert data.upload_tables() == ["khu"]
    layer.delete()
    assert data.upload_tables() == [] and not Layer.objects.exists()
