"""A new import of the road network never takes the traffic detectors and their history with it."""

import json
from pathlib import Path

import pytest

from core.errors import InvalidInput
from roads.importer import import_roads
from roads.models import RoadEdge
from sectors.traffic.models import Detector
from tests.traffic.world import RoadWorld


def test_a_network_import_is_refused_while_detectors_use_its_segments(road_world: RoadWorld, tmp_path: Path) -> None:
    path = tmp_path / "new-network.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [{
        "type": "Feature", "properties": {"ten": "Đường mới", "loai": "urban"},
        "geometry": {"type": "LineString", "coordinates": [[109.11, 12.23], [109.12, 12.23]]},
    }]}), encoding="utf-8")  # fmt: skip
    edges_before = set(RoadEdge.objects.values_list("pk", flat=True))
    with pytest.raises(InvalidInput, match="cannot be replaced"):
        import_roads(path)
    assert set(RoadEdge.objects.values_list("pk", flat=True)) == edges_before
    assert Detector.objects.filter(device=road_world.detector).exists()
