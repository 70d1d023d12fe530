"""Importing a line layer as the road network: topology fixes reported, bad input refused, nothing half-written."""

import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from roads.importer import import_roads
from roads.models import RoadEdge, RoadNetwork, RoadNode

pytestmark = pytest.mark.django_db


def _write(path: Path, features: list[tuple[list[list[float]], dict[str, Any]]]) -> Path:
    path.write_text(json.dumps({
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "properties": props, "geometry": {"type": "LineString", "coordinates": coords}}
            for coords, props in features
        ],
    }), encoding="utf-8")  # fmt: skip
    return path


def _broken_network(tmp_path: Path) -> Path:
    return _write(tmp_path / "broken.geojson", [
        ([[109.190, 12.240], [109.200, 12.240]], {"ten": "Trần Phú", "loai": "QL", "speed": 60}),
        # Starts about 2 m from the first line's end: a digitising gap the import closes.
        ([[109.20001, 12.24001], [109.210, 12.240]], {"ten": "Trần Phú", "loai": "national", "speed": 60}),
        ([[109.210, 12.240], [109.210, 12.250]], {"ten": "Lê Thánh Tôn", "loai": "urban", "oneway": "yes"}),
        # Zero length as digitised (a millimetre); a line of one repeated point is refused by the importer itself.
        ([[109.205, 12.245], [109.20500001, 12.245]], {"ten": "Điểm", "loai": "urban"}),
        ([[109.000, 12.500], [109.010, 12.500]], {"ten": "Đường xã cô lập", "loai": "local"}),  # island
    ])  # fmt: skip


def test_import_snaps_a_gap_drops_a_zero_length_line_and_reports_an_island(tmp_path: Path) -> None:
    _report, target = import_roads(_broken_network(tmp_path))
    report = target.report
    assert report is not None
    assert report.endpoints_snapped == 1
    assert report.zero_length_dropped == 1
    assert (report.islands, report.island_edges) == (1, 1)
    assert report.island_list[0]["lon"] == pytest.approx(109.005, abs=1e-3)
    assert (report.edges, report.nodes) == (4, 6)
    first, second = RoadEdge.objects.filter(name="Trần Phú").order_by("id")
    assert first.target_id == second.source_id  # the gap is closed: one junction
    assert second.geom.coords[0] == first.geom.coords[-1]


def test_import_carries_class_name_oneway_and_speed(tmp_path: Path) -> None:
    import_roads(_broken_network(tmp_path))
    street = RoadEdge.objects.get(name="Lê Thánh Tôn")
    assert (street.road_class, street.oneway, street.speed_kmh) == ("urban", True, 30.0)
    assert street.reverse_cost_s == -1
    assert street.cost_s == pytest.approx(street.length_m / (30 / 3.6))
    highway = RoadEdge.objects.filter(name="Trần Phú").first()
    assert highway is not None and highway.road_class == "national" and highway.reverse_cost_s > 0


def test_import_bumps_the_network_version(tmp_path: Path) -> None:
    path = _broken_network(tmp_path)
    import_roads(path)
    first = RoadNetwork.current().version
    import_roads(path)
    network = RoadNetwork.current()
    assert network.version == first + 1
    assert network.report["islands"] == 1 and network.source == "broken.geojson"


def test_network_is_routable_with_pgrouting(tmp_path: Path) -> None:
    import_roads(_broken_network(tmp_path))
    west = RoadEdge.objects.filter(name="Trần Phú").order_by("id").first()
    street = RoadEdge.objects.get(name="Lê Thánh Tôn")
    assert west is not None
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pgr_dijkstra('SELECT id, source_id AS source, target_id AS target, cost_s AS cost,"
            " reverse_cost_s AS reverse_cost FROM roads_roadedge', %s, %s)",
            [west.source_id, street.target_id],
        )
        assert cursor.fetchone()[0] == 4  # three edges and the arrival


def test_bad_row_writes_nothing_and_names_the_feature(tmp_path: Path) -> None:
    import_roads(_broken_network(tmp_path))
    before = RoadEdge.objects.count(), RoadNetwork.current().version
    path = _write(tmp_path / "bad.geojson", [
        ([[109.1, 12.2], [109.2, 12.2]], {"loai": "national"}),
        ([[109.2, 12.2], [109.3, 12.2]], {"loai": "spaceway", "speed": 40}),
        ([[109.3, 12.2], [109.4, 12.2]], {"loai": "urban", "speed": 900}),
    ])  # fmt: skip
    with pytest.raises(CommandError) as error:
        call_command("import_roads", str(path))
    message = str(error.value)
    assert "feature 2" in message and "unknown road class 'spaceway'" in message
    assert "feature 3" in message and "speed" in message
    assert (RoadEdge.objects.count(), RoadNetwork.current().version) == before


def test_points_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "points.geojson"
    path.write_text(
        json.dumps(
            {
                "type": "FeatureCollection",
                "features": [
                    {"type": "Feature", "properties": {}, "geometry": {"type": "Point", "coordinates": [109.1, 12.2]}}
                ],
            }
        )
    )
    with pytest.raises(CommandError):
        call_command("import_roads", str(path))
    assert not RoadNode.objects.exists()


def test_command_prints_the_report_from_a_geopackage(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import geopandas
    import shapely

    frame = geopandas.GeoDataFrame(
        {"name": ["A", "B"], "highway": ["primary", "footway"]},
        geometry=[
            shapely.LineString([(109.1, 12.2), (109.11, 12.2)]),
            shapely.LineString([(109.2, 12.2), (109.21, 12.2)]),
        ],
        crs="EPSG:4326",
    )
    path = tmp_path / "roads.gpkg"
    frame.to_file(path, layer="duong", driver="GPKG")
    call_command("import_roads", str(path), "--source-layer", "duong")
    out = capsys.readouterr().out
    assert "1 road segments" in out and "1 features of roads nobody drives on" in out
    assert RoadEdge.objects.get().road_class == "provincial"


def test_an_osm_extract_is_read_through_gdal_with_its_highway_and_oneway_tags(tmp_path: Path) -> None:
    path = tmp_path / "extract.osm"
    path.write_text("""<?xml version="1.0" encoding="UTF-8"?>
<osm version="0.6" generator="test">
  <node id="1" lat="12.24" lon="109.19"/><node id="2" lat="12.24" lon="109.20"/>
  <node id="3" lat="12.25" lon="109.20"/><node id="4" lat="12.25" lon="109.21"/>
  <way id="10"><nd ref="1"/><nd ref="2"/><tag k="highway" v="primary"/><tag k="name" v="Trần Phú"/></way>
  <way id="11"><nd ref="2"/><nd ref="3"/><tag k="highway" v="residential"/><tag k="oneway" v="yes"/>
    <tag k="maxspeed" v="40"/></way>
  <way id="12"><nd ref="3"/><nd ref="4"/><tag k="highway" v="footway"/></way>
  <way id="13"><nd ref="1"/><nd ref="4"/><tag k="waterway" v="river"/></way>
</osm>""", encoding="utf-8")  # fmt: skip
    _report, target = import_roads(path)
    assert target.report is not None and (target.report.edges, target.skipped) == (2, 2)
    street = RoadEdge.objects.get(road_class="urban")
    assert (street.oneway, street.speed_kmh) == (True, 40.0)
    assert RoadEdge.objects.get(road_class="provincial").name == "Trần Phú"
