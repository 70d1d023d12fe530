"""A new import of the road network never takes the traffic detectors and their history with it, and its refusal
names what uses the network and what the user can actually do, not a move no page offers."""

import json
from pathlib import Path

import pytest

from core.errors import InvalidInput
from roads.importer import import_roads
from roads.models import RoadEdge
from sectors.traffic.models import Detector, SegmentFlow
from tests.traffic.test_rules import publish
from tests.traffic.world import RoadWorld


def _new_network(tmp_path: Path) -> Path:
    path = tmp_path / "new-network.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [{
        "type": "Feature", "properties": {"ten": "Đường mới", "loai": "urban"},
        "geometry": {"type": "LineString", "coordinates": [[109.11, 12.23], [109.12, 12.23]]},
    }]}), encoding="utf-8")  # fmt: skip
    return path


def test_a_network_import_is_refused_while_detectors_use_its_segments(road_world: RoadWorld, tmp_path: Path) -> None:
    edges_before = set(RoadEdge.objects.values_list("pk", flat=True))
    with pytest.raises(InvalidInput, match="cannot be replaced"):
        import_roads(_new_network(tmp_path))
    assert set(RoadEdge.objects.values_list("pk", flat=True)) == edges_before
    assert Detector.objects.filter(device=road_world.detector).exists()


def test_the_refusal_counts_what_uses_the_network_and_offers_no_move_that_no_page_can_make(
    road_world: RoadWorld, tmp_path: Path
) -> None:
    publish(road_world, 0, 30.0)
    publish(road_world, 5, 30.0)
    assert SegmentFlow.objects.count() == 2
    with pytest.raises(InvalidInput) as refused:
        import_roads(_new_network(tmp_path))
    message = refused.value.message
    assert "(segment flows: 2; traffic detectors: 1)" in message and "nothing was imported" in message
    assert "No page can move or delete these records, so the current network stays in use." in message
    assert "move those records to the new one before importing" not in message
