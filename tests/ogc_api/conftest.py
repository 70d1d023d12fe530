"""Fixtures of the OGC API tests: the layers tests' accounts, a public point layer and a restricted one."""

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from shapely import Point

from layers.importing import ImportOptions, import_layer
from layers.models import Layer
from tests.layers import data
from tests.layers.conftest import People, empty_cache, english, people  # noqa: F401

# The province's test vector: WGS84 lon/lat and its VN-2000 / TM-3 108-15 easting/northing.
TEST_LON, TEST_LAT = 109.1967, 12.2388
TEST_E, TEST_N = 602805.66, 1353660.03
# 5 x 5 points 0.01 degrees apart from the test vector, numbered in rows from the south-west.
SIDE, STEP = 5, 0.01


def point_records() -> list[dict[str, Any]]:
    return [
        {"ten": f"Điểm {row}-{column}", "hang": row, "cot": column,
         "geometry": Point(TEST_LON + column * STEP, TEST_LAT + row * STEP)}
        for row in range(SIDE) for column in range(SIDE)
    ]  # fmt: skip


def publish(layer: Layer, **options: Any) -> Layer:
    for name, value in {"published_ogc": True, "access": "public", **options}.items():
        setattr(layer, name, value)
    layer.save()
    return layer


@pytest.fixture
def points(db: None, tmp_path: Path) -> Iterator[Layer]:
    """25 public points starting at the test vector."""
    path = data.write(tmp_path / "diem.gpkg", point_records())
    layer = import_layer(path, "diem", ImportOptions(metadata={"title": "Điểm", "title_en": "Points"})).layer
    yield publish(layer)
    layer.delete()  # drops its table too, which a transactional test's flush would leave behind


@pytest.fixture
def secret(people: People, tmp_path: Path) -> Iterator[Layer]:  # noqa: F811
    """Two sensors, restricted to the environment agency that owns them."""
    path = data.write(tmp_path / "tram.geojson", data.SENSORS, driver="GeoJSON")
    layer = import_layer(path, "tram-mat").layer
    yield publish(layer, access="restricted", owner=people.environment)
    layer.delete()


@pytest.fixture
def client() -> Client:
    return Client(HTTP_HOST="localhost")
