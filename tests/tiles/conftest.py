"""Fixtures of the tiles tests: the layers tests' accounts and settings, and a grid of squares around a tile."""

import math
from pathlib import Path
from typing import Any

import pytest
from shapely import box

from layers.importing import ImportOptions, import_layer
from layers.models import Layer
from tests.layers import data
from tests.layers.conftest import People, empty_cache, english, people  # noqa: F401

HOST: dict[str, Any] = {"HTTP_HOST": "localhost"}
# 12 x 12 squares of 0.01 degrees over Nha Trang: wider than a zoom-12 tile (0.088 degrees), so some squares lie
# inside the tile, some straddle its edges and some lie outside.
GRID_WEST, GRID_SOUTH, STEP, SIDE = 109.14, 12.20, 0.01, 12


def tile_of(lon: float, lat: float, z: int) -> tuple[int, int]:
    """Return the x, y of the XYZ tile holding a point (the standard slippy-map formulas)."""
    n = 2**z
    x = int((lon + 180) / 360 * n)
    y = int((1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * n)
    return x, y


def tile_bounds(z: int, x: int, y: int) -> tuple[float, float, float, float]:
    """Return west, south, east, north of a tile in degrees."""
    n = 2**z

    def lat(row: int) -> float:
        return math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * row / n))))

    return x / n * 360 - 180, lat(y + 1), (x + 1) / n * 360 - 180, lat(y)


def grid_records() -> list[dict[str, Any]]:
    records = []
    for row in range(SIDE):
        for column in range(SIDE):
            west, south = GRID_WEST + column * STEP, GRID_SOUTH + row * STEP
            records.append({
                "ten": f"Ô {row}-{column}", "nhom": (row + column) % 3, "ghi_chu": f"hàng {row}",
                "geometry": box(west, south, west + STEP * 0.9, south + STEP * 0.9),
            })  # fmt: skip
    return records


def publish(layer: Layer, **options: Any) -> Layer:
    for name, value in {"published_tiles": True, "access": "public", **options}.items():
        setattr(layer, name, value)
    layer.save()
    return layer


@pytest.fixture
def grid(db: None, tmp_path: Path) -> Layer:
    """The grid as a public layer with its name from zoom 0, its group from zoom 12 and its note from zoom 14."""
    path = data.write(tmp_path / "o-vuong.gpkg", grid_records())
    layer = import_layer(path, "o-vuong", ImportOptions(metadata={"title": "Ô vuông"})).layer
    return publish(layer, tile_attributes={"ten": 0, "nhom": 12, "ghi_chu": 14}, tile_maxzoom=18)


@pytest.fixture
def sensors(db: None, tmp_path: Path) -> Layer:
    """Two point sensors as a second public layer."""
    path = data.write(tmp_path / "tram.geojson", data.SENSORS, driver="GeoJSON")
    layer = import_layer(path, "tram").layer
    return publish(layer, tile_attributes={"ma": 0, "loai": 0})
