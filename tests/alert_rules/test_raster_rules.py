"""Raster rules: flood depth over a threshold across residential blocks, by zonal statistics with rasterio.

The GeoTIFF is written here in UTM 49N (no datum shift, so PostGIS and pyproj agree to the millimetre); the
expected wet areas come from shapely's point-in-polygon test on the cell centres, not from rasterio's masks.
"""

from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import rasterio
import shapely
from pyproj import Geod, Transformer
from rasterio.transform import from_origin

from alert_rules.rules import run_rule
from alerts.models import Alert, AlertEvent, AlertRule
from core.errors import InvalidInput
from layers.importing import import_layer
from tests.alert_rules.rule_data import BLOCKS, import_file
from tests.alerts.world import World

UTM49 = "EPSG:32649"
CELL = 20.0
NODATA = -9999.0
TO_UTM = Transformer.from_crs("EPSG:4326", UTM49, always_xy=True)
WEST, SOUTH = TO_UTM.transform(109.10, 12.20)
EAST, NORTH = TO_UTM.transform(109.23, 12.25)
COLS, ROWS = int((EAST - WEST) // CELL) + 1, int((NORTH - SOUTH) // CELL) + 1
SPLIT_E = TO_UTM.transform(109.135, 12.2)[0]  # deep water west of this easting, shallow east of it


def depth_grid(deep: float, shallow: float) -> np.ndarray:
    grid = np.full((ROWS, COLS), shallow, dtype="float32")
    split = int((SPLIT_E - WEST) // CELL)
    grid[:, :split] = deep
    grid[: ROWS // 10, :] = NODATA  # a strip of missing data in the north
    return grid


def write_depths(path: Path, grid: np.ndarray) -> Path:
    profile = {"driver": "GTiff", "height": ROWS, "width": COLS, "count": 1, "dtype": "float32", "nodata": NODATA,
               "crs": UTM49, "transform": from_origin(WEST, NORTH, CELL, CELL)}  # fmt: skip
    with rasterio.open(path, "w", **profile) as dataset:
        dataset.write(grid, 1)
    return path


def expected_wet(grid: np.ndarray, threshold: float) -> dict[str, dict[str, float]]:
    """Per block: cells whose centre lies in the block with a depth at or over the threshold, in m²."""
    xs = WEST + (np.arange(COLS) + 0.5) * CELL
    ys = NORTH - (np.arange(ROWS) + 0.5) * CELL
    grid_x, grid_y = np.meshgrid(xs, ys)
    wet = (grid >= threshold) & (grid != NODATA)
    result = {}
    for block in BLOCKS:
        if block["loai"] != "ODT":
            continue
        in_utm = shapely.transform(block["geometry"], lambda xy: np.column_stack(TO_UTM.transform(xy[:, 0], xy[:, 1])))
        inside = shapely.contains_xy(in_utm, grid_x, grid_y)
        area = abs(Geod(ellps="WGS84").geometry_area_perimeter(block["geometry"])[0])
        result[block["ma"]] = {"wet_m2": float((inside & wet).sum() * CELL * CELL), "area_m2": area,
                               "population": block["dan_so"]}  # fmt: skip
    return result


@pytest.fixture
def depth_rule(world: World, tmp_path: Path) -> AlertRule:
    import_file(tmp_path, "khu-dan-cu", BLOCKS)
    return AlertRule.objects.create(
        key="ngap-sau-khu-dan-cu", name="Ngập sâu khu dân cư", rule_type="raster_zonal", category="flood",
        sector=world.utilities,
        params={
            "raster": {"layer": "do-sau-ngap"}, "threshold": 0.5, "feature_label": "khu dân cư",
            "exposure": {"source": "layer", "layer": "khu-dan-cu", "filter": {"loai": "ODT"}, "population": "dan_so"},
        },
    )  # fmt: skip


def import_depths(tmp_path: Path, capture: Callable[..., Any], grid: np.ndarray) -> None:
    path = write_depths(tmp_path / f"do-sau-{len(list(tmp_path.iterdir()))}.tif", grid)
    with capture(execute=True):
        import_layer(path, "do-sau-ngap")


def test_flood_depth_over_the_threshold_raises_alerts_per_unit_with_the_wet_area_of_the_blocks(
    world: World, depth_rule: AlertRule, tmp_path: Path, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    grid = depth_grid(deep=1.2, shallow=0.8)

    import_depths(tmp_path, django_capture_on_commit_callbacks, grid)

    expected = expected_wet(grid, 0.5)
    a, b = Alert.objects.get(dedup_unit=world.ward_a), Alert.objects.get(dedup_unit=world.ward_b)
    assert (a.source, a.rule, a.procedure) == ("raster_rule", depth_rule, "immediate")
    assert a.details["features"] == 2 and b.details["features"] == 1
    assert a.details["flooded_area_m2"] == pytest.approx(expected["A1"]["wet_m2"] + expected["A2"]["wet_m2"], abs=1)
    assert b.details["flooded_area_m2"] == pytest.approx(expected["B1"]["wet_m2"], abs=1)
    assert (a.details["max_value"], b.details["max_value"]) == (1.2, 0.8)
    share = {code: block["wet_m2"] / block["area_m2"] for code, block in expected.items()}
    assert a.details["population"] == round(400 * share["A1"] + 300 * share["A2"])
    assert all(0.95 < share[code] < 1.05 for code in ("A1", "A2", "B1"))  # cells centred inside cover each block
    assert a.geom is not None and a.geom.area == pytest.approx(0.0002, rel=0.01)  # the union of blocks A1 and A2
    assert a.description.startswith("2 khu dân cư")


def test_the_same_raster_again_raises_nothing_and_shallow_water_lets_a_unit_retreat(
    world: World, depth_rule: AlertRule, tmp_path: Path, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    import_depths(tmp_path, django_capture_on_commit_callbacks, depth_grid(deep=1.2, shallow=0.8))
    events = AlertEvent.objects.count()

    import_depths(tmp_path, django_capture_on_commit_callbacks, depth_grid(deep=1.2, shallow=0.8))
    assert AlertEvent.objects.count() == events

    import_depths(tmp_path, django_capture_on_commit_callbacks, depth_grid(deep=1.2, shallow=0.3))  # B drains
    b = Alert.objects.get(dedup_unit=world.ward_b)
    assert b.retreated_at is not None and b.is_open
    assert list(b.events.values_list("kind", flat=True)) == ["created", "hazard_retreated"]
    a = Alert.objects.get(dedup_unit=world.ward_a)
    assert a.events.filter(kind="updated").exists()  # A2 lies half in the shallow part: less of it is wet


def test_a_percentage_keeps_only_the_blocks_mostly_under_deep_water(
    world: World, depth_rule: AlertRule, tmp_path: Path, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    depth_rule.params = {**depth_rule.params, "threshold": 1.0, "min_percent": 80}
    depth_rule.save()

    import_depths(tmp_path, django_capture_on_commit_callbacks, depth_grid(deep=1.2, shallow=0.8))

    alert = Alert.objects.get(rule=depth_rule)  # A2 is only partly deep; B1 is shallow
    assert alert.dedup_unit == world.ward_a and alert.details["features"] == 1


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"raster": {"layer": "khu-dan-cu"}}, "khu-dan-cu is not a raster layer"),
        ({"raster": {"layer": "do-sau-ngap", "band": 2}}, "'band' is a band number from 1 to 1"),
        ({"threshold": "sâu"}, "'threshold' must be a number"),
    ],
)
def test_wrong_raster_parameters_are_refused_with_a_clear_message(
    world: World,
    depth_rule: AlertRule,
    tmp_path: Path,
    django_capture_on_commit_callbacks: Callable[..., Any],
    params: dict[str, Any],
    message: str,
) -> None:
    import_depths(tmp_path, django_capture_on_commit_callbacks, depth_grid(deep=1.2, shallow=0.8))
    alerts = Alert.objects.count()
    depth_rule.params = {**depth_rule.params, **params}

    with pytest.raises(InvalidInput, match=message):
        run_rule(depth_rule, None)
    assert Alert.objects.count() == alerts
