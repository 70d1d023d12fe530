"""Fixtures of the traffic tests: the road world, and for the broker test the IoT tests' subscriber and publisher."""

from collections.abc import Iterator

import pytest

from tests.iot.conftest import RunningSubscriber, mqtt_names  # noqa: F401 (a fixture the subscriber needs)
from tests.iot.world import Publisher, empty_readings, ensure_catalogue
from tests.traffic.world import RoadWorld, build_world


@pytest.fixture
def road_world(db: None) -> RoadWorld:
    return build_world()


@pytest.fixture
def live_road_world(transactional_db: None) -> Iterator[RoadWorld]:
    """The road world committed, for the subscriber's own connection."""
    readings = empty_readings()
    next(readings)
    ensure_catalogue()
    yield build_world()
    next(readings, None)


@pytest.fixture
def road_subscriber(live_road_world: RoadWorld, mqtt_names: dict[str, str]) -> Iterator[RunningSubscriber]:  # noqa: F811
    running = RunningSubscriber()
    yield running
    running.halt()


@pytest.fixture
def publisher() -> Iterator[Publisher]:
    client = Publisher()
    yield client
    client.close()
