"""Killing `manage.py iot_ingest` mid-stream loses no acknowledged reading and stores none twice after restart.

The subscriber runs as a real process on the real broker; the test kills it with SIGKILL (no clean-up at all)
while a device is still publishing, then starts it again under the same client id.
"""

import os
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from django.db import connection

from iot import mqtt
from tests.iot.world import Publisher, World, reading_count, reading_payload, wait_for

BASE_DIR = Path(__file__).resolve().parents[2]
MESSAGES = 400
VALUES = ("pm25", "pm10", "o3", "no2", "so2")


def _start(names: dict[str, str]) -> subprocess.Popen[str]:
    db = connection.settings_dict
    url = f"postgis://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    env = os.environ | {
        "DATABASE_URL": url, "DJANGO_DEBUG": "1", "IOT_MQTT_TOPIC_PREFIX": names["prefix"],
        "IOT_MQTT_CLIENT_ID": names["client_id"], "IOT_MQTT_SESSION_EXPIRY_SECONDS": "300",
        "IOT_INGEST_BATCH_MESSAGES": "25", "IOT_INGEST_MAX_WAIT_MS": "10", "LOG_FORMAT": "text",
    }  # fmt: skip
    return subprocess.Popen(
        [sys.executable, "manage.py", "iot_ingest", "--no-periodic", "--verbose-batches"],
        cwd=BASE_DIR, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip


def _instant(index: int) -> str:
    return f"2026-02-13T{9 + index // 3600:02d}:{index // 60 % 60:02d}:{index % 60:02d}+07:00"


def _stored(output: str) -> int:
    return sum(int(count) for count in re.findall(r"batch stored=(\d+)", output))


def _readings() -> set[tuple[str, str, float]]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT quantity, to_char(at AT TIME ZONE 'Asia/Ho_Chi_Minh', 'HH24:MI:SS'), value FROM iot_reading"
        )
        return {(quantity, at, value) for quantity, at, value in cursor.fetchall()}


def test_killing_the_subscriber_mid_stream_loses_nothing_and_duplicates_nothing(
    live_world: World, mqtt_names: dict[str, str], publisher: Publisher
) -> None:
    token = live_world.tokens["aq-01"]
    device_ids = [live_world.devices["aq-01"].pk]
    first = _start(mqtt_names)
    try:
        # The subscriber is up and subscribed once a first reading comes through.
        wait_for(
            lambda: publisher.publish(
                mqtt.topic("aq-01", "readings"), reading_payload(token, "2026-02-13T08:00:00+07:00", temperature=25)
            ) and reading_count(device_ids) == 1,
            timeout=60, what="the subscriber to start",
        )  # fmt: skip

        published = threading.Event()

        def stream() -> None:
            for index in range(MESSAGES):
                values = {quantity: float(index % 97 + offset) for offset, quantity in enumerate(VALUES)}
                publisher.publish(mqtt.topic("aq-01", "readings"), reading_payload(token, _instant(index), **values))
                time.sleep(0.004)
            published.set()

        streamer = threading.Thread(target=stream)
        streamer.start()
        wait_for(lambda: reading_count(device_ids) > 300, what="a part of the stream")
        first.send_signal(signal.SIGKILL)
        first.wait(10)
        at_kill = reading_count(device_ids)
        acknowledged_before_kill = _stored(first.stdout.read() if first.stdout else "")
        assert not published.is_set(), "the stream ended before the kill: nothing was tested mid-stream"
        streamer.join(60)
        assert published.is_set()
        time.sleep(0.5)
        assert reading_count(device_ids) == at_kill  # nobody stores while the subscriber is down

        second = _start(mqtt_names)
        try:
            total = 1 + MESSAGES * len(VALUES)
            wait_for(lambda: reading_count(device_ids) == total, timeout=60, what="every reading after restart")
            time.sleep(1.0)  # anything redelivered late must not add a row either
            second.send_signal(signal.SIGTERM)
            output, _ = second.communicate(timeout=30)
        finally:
            if second.poll() is None:
                second.kill()
    finally:
        if first.poll() is None:
            first.kill()

    assert at_kill < total
    # Every reading the first run acknowledged (warm-up included) is in the table: it acknowledges after commit.
    assert 0 < acknowledged_before_kill <= at_kill
    assert reading_count(device_ids) == total
    expected = {("temperature", "08:00:00", 25.0)} | {
        (quantity, _instant(index)[11:19], float(index % 97 + offset))
        for index in range(MESSAGES)
        for offset, quantity in enumerate(VALUES)
    }
    assert _readings() == expected
    assert "batch stored=" in output
