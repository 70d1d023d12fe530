"""Readings over the real Mosquitto broker: stored in batches, refused payloads counted and never stored."""

import json

from iot import mqtt
from iot.models import Device, LatestValue, Reject
from tests.iot.conftest import RunningSubscriber
from tests.iot.world import Publisher, World, reading_count, reading_payload, wait_for

AT = "2026-02-13T09:00:00+07:00"


def test_a_published_reading_is_stored_with_the_latest_value_and_the_device_seen(
    live_world: World, subscriber: RunningSubscriber, publisher: Publisher
) -> None:
    device = live_world.devices["aq-01"]
    publisher.publish(
        mqtt.topic("aq-01", "readings"), reading_payload(live_world.tokens["aq-01"], AT, pm25=35.2, pm10=51)
    )

    wait_for(lambda: reading_count([device.pk]) == 2, what="two readings")
    latest = {value.quantity: value.value for value in LatestValue.objects.filter(device=device)}
    assert latest == {"pm25": 35.2, "pm10": 51.0}
    device.refresh_from_db()
    assert device.last_seen_at is not None


def test_a_batch_of_samples_in_one_message_is_stored_whole(
    live_world: World, subscriber: RunningSubscriber, publisher: Publisher
) -> None:
    samples = [{"at": f"2026-02-13T09:{minute:02d}:00+07:00", "values": {"pm25": 10 + minute}} for minute in range(30)]
    body = json.dumps({"token": live_world.tokens["aq-01"], "samples": samples}).encode()

    publisher.publish(mqtt.topic("aq-01", "readings"), body)

    wait_for(lambda: reading_count() == 30, what="30 readings")
    assert LatestValue.objects.get(device=live_world.devices["aq-01"], quantity="pm25").value == 39


BAD = {
    "unknown_device": ("nobody-01", lambda token: reading_payload(token, AT, pm25=1)),
    "bad_token": ("aq-01", lambda token: reading_payload("not-the-token", AT, pm25=1)),
    "malformed": ("aq-01", lambda token: b"{not json"),
    "wrong_type": ("aq-01", lambda token: reading_payload(token, AT, pm25="high")),  # type: ignore[arg-type]
    "out_of_bounds": ("aq-01", lambda token: reading_payload(token, AT, pm25=99_999)),
    "future_timestamp": ("aq-01", lambda token: reading_payload(token, "2099-01-01T00:00:00+07:00", pm25=1)),
    "unknown_quantity": ("aq-01", lambda token: reading_payload(token, AT, radiation=1)),
}


def test_bad_payloads_are_counted_per_device_never_stored_and_the_subscriber_goes_on(
    live_world: World, subscriber: RunningSubscriber, publisher: Publisher
) -> None:
    token = live_world.tokens["aq-01"]
    for device_code, build in BAD.values():
        publisher.publish(mqtt.topic(device_code, "readings"), build(token))
    # A payload with one good and one bad value is refused whole: nothing half-written.
    publisher.publish(mqtt.topic("aq-01", "readings"), reading_payload(token, AT, pm25=20, pm10=-5))
    publisher.publish(mqtt.topic("aq-01", "readings"), reading_payload(token, AT, pm25=12.5))

    wait_for(lambda: reading_count() == 1, what="the one good reading")
    counts = {(row.device_ref, row.reason): row.count for row in Reject.objects.all()}
    expected = {(device_code, reason): 1 for reason, (device_code, _build) in BAD.items()}
    expected[("aq-01", "out_of_bounds")] = 2
    assert counts == expected
    device = Device.objects.get(code="aq-01")
    assert device.rejected_count == 7  # every refusal but the unknown device's
    assert LatestValue.objects.get(device=device, quantity="pm25").value == 12.5
    message = Reject.objects.get(reason="out_of_bounds").last_message
    assert "values.pm10" in message and "-5" in message


def test_a_reading_sent_twice_is_stored_once(
    live_world: World, subscriber: RunningSubscriber, publisher: Publisher
) -> None:
    payload = reading_payload(live_world.tokens["wl-01"], AT, water_level=0.42)
    for _ in range(3):
        publisher.publish(mqtt.topic("wl-01", "readings"), payload)
    publisher.publish(mqtt.topic("wl-01", "readings"), reading_payload(live_world.tokens["wl-01"], AT, water_level=0.5))

    wait_for(lambda: Device.objects.filter(code="wl-01", last_seen_at__isnull=False).exists(), what="the device")
    subscriber.halt()  # every message handled and acknowledged

    assert reading_count() == 1
    assert LatestValue.objects.get(quantity="water_level").value == 0.42  # the first value of that instant stays


def test_hostile_payloads_are_refused_and_the_subscriber_goes_on(
    live_world: World, subscriber: RunningSubscriber, publisher: Publisher
) -> None:
    token = live_world.tokens["aq-01"]
    topic = mqtt.topic("aq-01", "readings")
    publisher.publish(topic, b"[" * 100_000 + b"]" * 100_000)  # nesting deeper than any parser's stack
    nul_quantity = {"token": token, "at": AT, "values": {"pm\x002": 1}}  # a NUL inside a key
    publisher.publish(topic, json.dumps(nul_quantity).encode())
    publisher.publish(topic, b"\x00\xff\xfe not even UTF-8")
    publisher.publish(topic, reading_payload(token, "2026-13-45T25:00:00", pm25=1))
    publisher.publish(topic, reading_payload(token, AT, pm25=7))

    wait_for(lambda: reading_count() == 1, what="the good reading after the hostile ones")
    counts = {row.reason: row.count for row in Reject.objects.filter(device_ref="aq-01")}
    # A control character anywhere in a body is refused like any malformed input (core.json_body).
    assert counts == {"malformed": 3, "wrong_type": 1}
    last = Reject.objects.get(device_ref="aq-01", reason="malformed")
    assert "\x00" not in last.last_message + last.last_sample
