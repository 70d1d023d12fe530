"""The project's own broker keeps every QoS 1 reading through a subscriber outage (Debian's defaults keep 1,000)."""

from iot import mqtt
from tests.iot.conftest import RunningSubscriber
from tests.iot.world import Publisher, World, reading_count, reading_payload, wait_for

READINGS = 5_000


def _instant(index: int) -> str:
    return f"2026-02-13T{9 + index // 3600:02d}:{index // 60 % 60:02d}:{index % 60:02d}+07:00"


def test_readings_published_while_the_subscriber_is_down_are_all_stored_when_it_returns(
    live_world: World, mqtt_names: dict[str, str], publisher: Publisher
) -> None:
    token = live_world.tokens["aq-01"]
    devices = [live_world.devices["aq-01"].pk]
    first = RunningSubscriber()  # opens the persistent session the broker keeps while nobody listens
    first.halt()

    infos = [
        publisher.publish(mqtt.topic("aq-01", "readings"), reading_payload(token, _instant(i), pm25=float(i % 500)),
                          wait=False)
        for i in range(READINGS)
    ]  # fmt: skip
    for info in infos:
        info.wait_for_publish(30)
    assert all(info.is_published() for info in infos), "the broker did not acknowledge every reading"
    assert reading_count(devices) == 0  # nobody stored anything while the subscriber was down

    second = RunningSubscriber()
    try:
        wait_for(lambda: reading_count(devices) >= READINGS, timeout=120, what="every queued reading")
    finally:
        second.halt()
    assert reading_count(devices) == READINGS
