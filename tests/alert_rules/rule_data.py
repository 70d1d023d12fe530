"""Layers for the rule tests over world.py's two wards: a hazard zone and residential blocks, as real files."""

from collections.abc import Callable
from pathlib import Path
from typing import Any

from shapely import box

from alerts.models import AlertRule
from layers.importing import ImportOptions, import_layer
from tests.alerts.world import World
from tests.layers.data import write

# Ward A spans 109.10 to 109.15 E, ward B 109.20 to 109.25 E, both 12.20 to 12.25 N.
BLOCKS = [
    {"ma": "A1", "loai": "ODT", "dan_so": 400, "geometry": box(109.11, 12.21, 109.12, 12.22)},
    {"ma": "A2", "loai": "ODT", "dan_so": 300, "geometry": box(109.13, 12.21, 109.14, 12.22)},
    {"ma": "A3", "loai": "TMD", "dan_so": 0, "geometry": box(109.115, 12.23, 109.125, 12.24)},
    {"ma": "B1", "loai": "ODT", "dan_so": 500, "geometry": box(109.21, 12.21, 109.22, 12.22)},
]
HAZARD_BOTH = box(109.105, 12.205, 109.215, 12.245)  # A1, A2, A3 and half of B1
HAZARD_A = box(109.105, 12.205, 109.135, 12.245)  # A1, half of A2, A3


def import_file(tmp_path: Path, slug: str, records: list[dict[str, Any]]) -> None:
    path = write(tmp_path / f"{slug}-{len(list(tmp_path.iterdir()))}.gpkg", records)
    import_layer(path, slug, ImportOptions(metadata={"title": slug}))


def import_hazard(tmp_path: Path, capture: Callable[..., Any], zone: Any) -> None:
    """Import the hazard layer and run what its commit triggers."""
    with capture(execute=True):
        import_file(tmp_path, "vung-nguy-hiem", [{"cap": 1, "geometry": zone}])


def blocks_rule(world: World, **fields: Any) -> AlertRule:
    """A spatial rule: the hazard zone over the residential (ODT) blocks, with their population."""
    values: dict[str, Any] = {
        "key": "nguy-hiem-khu-dan-cu",
        "name": "Vùng nguy hiểm trùm khu dân cư",
        "rule_type": "spatial_intersection",
        "category": "disaster",
        "sector": world.utilities,
        "params": {
            "hazard": {"source": "layer", "layer": "vung-nguy-hiem"},
            "exposure": {"source": "layer", "layer": "khu-dan-cu", "filter": {"loai": "ODT"}, "population": "dan_so"},
        },
    }
    values.update(fields)
    return AlertRule.objects.create(**values)
