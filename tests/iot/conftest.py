"""Fixtures of the IoT tests: the small world, a topic prefix of its own per test, and a running subscriber."""

import threading
import uuid
from collections.abc import Iterator

import pytest
from django.db import connections
from pytest_django.fixtures import Settings

from iot.subscriber import Subscriber
from tests.iot.world import Publisher, World, build_world, empty_readings, forget_session


@pytest.fixture
def world(db: None) -> World:
    return build_world()


@pytest.fixture
def live_world(transactional_db: None) -> Iterator[World]:
    """The world committed, for a subscriber that reads and writes through its own connection."""
    readings = empty_readings()
    next(readings)
    yield build_world()
    next(readings, None)


@pytest.fixture
def mqtt_names(settings: Settings) -> Iterator[dict[str, str]]:
    """A topic prefix and client id of this test only, so that parallel runs never mix on the shared broker."""
    run = uuid.uuid4().hex[:12]
    settings.IOT_MQTT_TOPIC_PREFIX = f"ioc-test-{run}"
    settings.IOT_MQTT_CLIENT_ID = f"ioc-test-ingest-{run}"
    settings.IOT_MQTT_SESSION_EXPIRY_SECONDS = 300
    names = {"prefix": settings.IOT_MQTT_TOPIC_PREFIX, "client_id": settings.IOT_MQTT_CLIENT_ID}
    yield names
    forget_session(names["client_id"])


class RunningSubscriber:
    """The subscriber in a thread of this process (its own database connection), stopped at teardown."""

    def __init__(self) -> None:
        self.stop = threading.Event()
        self.subscriber = Subscriber(self.stop, max_wait_ms=20)
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()
        assert self.subscriber.subscribed.wait(10), "the subscriber did not connect to Mosquitto"

    def _run(self) -> None:
        try:
            self.subscriber.run()
        finally:
            connections.close_all()

    def halt(self) -> None:
        self.stop.set()
        self.thread.join(15)
        assert not self.thread.is_alive(), "the subscriber did not stop"


@pytest.fixture
def subscriber(live_world: World, mqtt_names: dict[str, str]) -> Iterator[RunningSubscriber]:
    running = RunningSubscriber()
    yield running
    running.halt()


@pytest.fixture
def publisher() -> Iterator[Publisher]:
    client = Publisher()
    yield client
    client.close()
