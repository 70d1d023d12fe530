"""`manage.py bench_iot`: sustained MQTT ingestion and reading-to-alert latency, against the real broker.

Runs in a database of its own (created from the migrations, dropped afterwards) with `manage.py iot_ingest` as
a separate process, as in production; the bench process publishes like a fleet of devices and watches the
database. Throughput counts readings stored per second from the first publication to the last row committed.
Latency is from publishing a reading that crosses a threshold to its alert being committed.
"""

import datetime
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable
from io import TextIOBase
from pathlib import Path
from typing import Any

import paho.mqtt.client as paho
from django.conf import settings
from django.contrib.gis.geos import MultiPolygon, Point, Polygon
from django.db import connection

from agencies.models import Agency
from alerts.api import Alert, AlertRule
from core import benchstats
from gis_core.models import AdminUnit, Province
from iot.models import Device, DeviceQuantity, Quantity

BASE_DIR = Path(__file__).resolve().parent.parent
BATCH_LINE = re.compile(r"batch stored=(\d+) duplicates=(\d+)")
# Messages published ahead of what iot_ingest reports committed. Mosquitto's defaults hold 1,000 queued messages
# per client beyond those in flight (IOT_MQTT_RECEIVE_MAXIMUM, 4,000) and drop the rest; acknowledgements of a
# committed batch (up to 2,000) may still be on their way, so the window stays well under the sum.
WINDOW_MESSAGES = 1500
TARGET_RATE = 5000.0
TARGET_LATENCY_S = 1.0
QUANTITIES = ("pm25", "pm10", "o3", "no2", "so2", "co", "temperature", "humidity")
CATALOGUE = {"pm25": 2000, "pm10": 3000, "o3": 2000, "no2": 5000, "so2": 5000, "co": 200000,
             "temperature": 60, "humidity": 100}  # fmt: skip


class Fleet:
    """Generated devices (and their tokens) in a generated unit near Nha Trang."""

    def __init__(self, devices: int, latency_devices: int) -> None:
        province, _created = Province.objects.get_or_create(code="56", defaults={"name": "Tỉnh Khánh Hòa"})
        square = Polygon(((109.0, 12.0), (109.4, 12.0), (109.4, 12.4), (109.0, 12.4), (109.0, 12.0)), srid=4326)
        unit = AdminUnit.objects.create(
            province=province, code="99999", name="Benchmark unit", kind="phuong", geom=MultiPolygon(square)
        )
        agency = Agency.objects.create(code="bench-iot", name="Benchmark agency", whole_province=True)
        agency.units.set([unit])
        for code, high in CATALOGUE.items():
            Quantity.objects.get_or_create(code=code, defaults={"name": code, "min_value": 0, "max_value": high})
        quantities = list(Quantity.objects.filter(code__in=QUANTITIES))
        self.tokens: dict[str, str] = {}
        for index in range(devices + latency_devices):
            code = f"bench-{index:05d}"
            point = Point(109.01 + (index % 300) * 0.001, 12.01 + (index // 300) * 0.001, srid=4326)
            device = Device.objects.create(code=code, name=code, kind="air_quality", agency=agency, position=point)
            DeviceQuantity.objects.bulk_create([DeviceQuantity(device=device, quantity=q) for q in quantities])
            self.tokens[code] = device.issue_token()
        codes = sorted(self.tokens)
        self.streaming, self.latency = codes[:devices], codes[devices:]
        # A rule watching every station (never crossed in the stream): its state is kept for each reading's device.
        AlertRule.objects.create(
            key="bench-pm25-all", name="bench", rule_type="threshold", params={"quantity": "pm25", "threshold": 1900}
        )
        for code in self.latency:
            AlertRule.objects.create(
                key=f"bench-latency-{code}", name=f"bench {code}", rule_type="threshold",
                params={"quantity": "pm25", "threshold": 500, "sensors": [code]},
            )  # fmt: skip


class Ingest:
    """`manage.py iot_ingest` as a child process against the benchmark database; counts what it has committed."""

    def __init__(self, prefix: str) -> None:
        self.client_id = f"bench-ingest-{uuid.uuid4().hex[:8]}"
        self.processed = 0  # readings committed (stored or skipped as duplicates) and acknowledged
        db = connection.settings_dict
        auth = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
        env = os.environ | {
            "DATABASE_URL": f"postgis://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
            "IOT_MQTT_TOPIC_PREFIX": prefix, "IOT_MQTT_CLIENT_ID": self.client_id,
            "IOT_MQTT_SESSION_EXPIRY_SECONDS": "600",
        }  # fmt: skip
        self.process = subprocess.Popen(
            [sys.executable, "manage.py", "iot_ingest", "--no-periodic", "--verbose-batches"], cwd=BASE_DIR,
            env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
        )  # fmt: skip
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            match = BATCH_LINE.match(line)
            if match:
                self.processed += int(match[1]) + int(match[2])

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(30)
        except subprocess.TimeoutExpired:
            self.process.kill()
        client = paho.Client(paho.CallbackAPIVersion.VERSION2, client_id=self.client_id, protocol=paho.MQTTv5)
        client.connect(settings.IOT_MQTT_HOST, settings.IOT_MQTT_PORT, clean_start=True)  # drop the session
        client.disconnect()


class Devices:
    """The devices' side: one MQTT connection publishing QoS 1 messages with many in flight."""

    def __init__(self, prefix: str, fleet: Fleet) -> None:
        self.prefix, self.fleet = prefix, fleet
        self.client = paho.Client(paho.CallbackAPIVersion.VERSION2, client_id=f"bench-pub-{uuid.uuid4().hex[:8]}")
        self.client.max_inflight_messages_set(2000)
        self.client.max_queued_messages_set(0)
        self.client.connect(settings.IOT_MQTT_HOST, settings.IOT_MQTT_PORT)
        self.client.loop_start()

    def publish(self, code: str, at: datetime.datetime, values: dict[str, float]) -> paho.MQTTMessageInfo:
        body = {"token": self.fleet.tokens[code], "at": at.isoformat(), "values": values}
        return self.client.publish(f"{self.prefix}/sensors/{code}/readings", json.dumps(body), qos=1)

    def close(self) -> None:
        self.client.disconnect()
        self.client.loop_stop()


class Stream:
    """The devices' side of the rate test: one mosquitto_pub (Mosquitto's own C client) per device, fed line by line.

    A Python MQTT client publishing tens of thousands of messages a second would need a core of its own, which a
    2-core machine running broker, database and subscriber does not have; mosquitto_pub costs almost nothing.
    """

    def __init__(self, prefix: str, fleet: Fleet) -> None:
        binary = shutil.which("mosquitto_pub")
        if binary is None:
            raise RuntimeError("mosquitto_pub is missing: apt-get install mosquitto-clients")
        auth = (
            ["-u", settings.IOT_MQTT_USERNAME, "-P", settings.IOT_MQTT_PASSWORD] if settings.IOT_MQTT_USERNAME else []
        )
        self.fleet = fleet
        self.pipes = {code: self._start(binary, prefix, code, auth) for code in fleet.streaming}

    @staticmethod
    def _start(binary: str, prefix: str, code: str, auth: list[str]) -> subprocess.Popen[str]:
        host, port = settings.IOT_MQTT_HOST, str(settings.IOT_MQTT_PORT)
        client_id, topic = f"bench-{code}-{uuid.uuid4().hex[:6]}", f"{prefix}/sensors/{code}/readings"
        command = [binary, "-h", host, "-p", port, "-q", "1", "-l", "-i", client_id, "-t", topic, *auth]
        return subprocess.Popen(command, stdin=subprocess.PIPE, text=True)  # noqa: S603 (Mosquitto's client, our arguments)

    def send(self, code: str, at: datetime.datetime, values: dict[str, float]) -> None:
        body = {"token": self.fleet.tokens[code], "at": at.isoformat(), "values": values}
        stdin = self.pipes[code].stdin
        assert stdin is not None
        stdin.write(json.dumps(body) + "\n")

    def flush(self) -> None:
        for process in self.pipes.values():
            assert process.stdin is not None
            process.stdin.flush()

    def close(self) -> None:
        for process in self.pipes.values():
            assert process.stdin is not None
            process.stdin.close()
        for process in self.pipes.values():
            process.wait(60)


def count_readings() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM iot_reading")
        return int(cursor.fetchone()[0])


def wait_until(condition: Callable[[], bool], timeout: float, pause: float = 0.002) -> float | None:
    """Seconds until condition() held, or None after timeout."""
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        if condition():
            return time.perf_counter() - started
        time.sleep(pause)
    return None


def throughput(ingest: Ingest, fleet: Fleet, prefix: str, readings: int, per_message: int, out: TextIOBase) -> float:
    """Publish `readings` readings as fast as iot_ingest commits them; return readings committed per second.

    The devices keep at most WINDOW_MESSAGES messages ahead of the subscriber's commits, so the rate measured is
    the subscriber's sustained rate and the broker never has to drop a message.
    """
    base = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
    before_rows, before_done = count_readings(), ingest.processed
    messages = readings // per_message
    total = messages * per_message
    codes = fleet.streaming
    stream = Stream(prefix, fleet)
    started = time.perf_counter()
    try:
        for index in range(messages):
            if index % 200 == 0:
                stream.flush()
                while index - (ingest.processed - before_done) // per_message > WINDOW_MESSAGES:
                    time.sleep(0.002)
            code = codes[index % len(codes)]
            at = base + datetime.timedelta(seconds=index // len(codes))
            stream.send(code, at, {quantity: float(index % 50 + 1) for quantity in QUANTITIES[:per_message]})
        stream.flush()
        done = wait_until(lambda: ingest.processed - before_done >= total, timeout=300, pause=0.005)
        elapsed = time.perf_counter() - started
    finally:
        stream.close()
    stored = count_readings() - before_rows
    rate = stored / elapsed
    verdict = "ok" if done is not None and stored == total and rate >= TARGET_RATE else "SLOW"
    out.write(
        f"ingestion: {stored} of {total} readings stored ({messages} QoS 1 messages of {per_message} value(s) from "
        f"{len(codes)} devices) in {elapsed:.1f} s = {rate:,.0f} readings/s, {messages / elapsed:,.0f} messages/s "
        f"(target >= {TARGET_RATE:,.0f} readings/s: {verdict})\n"
    )
    return rate


def latency(devices: Devices, codes: list[str], label: str, out: TextIOBase) -> list[float]:
    """Publish one crossing reading for each device and time until its alert is committed (seconds)."""
    timings = []
    at = datetime.datetime.now(datetime.UTC) - datetime.timedelta(minutes=1)
    for code in codes:
        rule = AlertRule.objects.get(key=f"bench-latency-{code}")
        devices.publish(code, at, {"pm25": 900.0})
        seconds = wait_until(lambda rule=rule: Alert.objects.filter(rule=rule).exists(), timeout=30)  # type: ignore[misc]
        timings.append(seconds if seconds is not None else float("inf"))
    ms = [value * 1000 for value in timings]
    worst = max(ms)
    verdict = "ok" if worst < TARGET_LATENCY_S * 1000 else "SLOW"
    out.write(
        f"reading-to-alert latency ({label}): {benchstats.summary(ms, digits=0)}, "
        f"max {worst:.0f} ms over {len(ms)} crossings (target < {TARGET_LATENCY_S * 1000:.0f} ms: {verdict})\n"
    )
    return timings


def under_load(fleet: Fleet, prefix: str, rate: float, run: Callable[[], Any]) -> Any:
    """Run `run` while the streaming devices publish about `rate` readings per second (mosquitto_pub)."""
    stop = threading.Event()
    base = datetime.datetime(2026, 1, 15, tzinfo=datetime.UTC)
    stream = Stream(prefix, fleet)

    def publish() -> None:
        index = 0
        while not stop.is_set():
            tick = time.perf_counter()
            for _ in range(int(rate / 10)):
                code = fleet.streaming[index % len(fleet.streaming)]
                at = base + datetime.timedelta(seconds=index // len(fleet.streaming))
                stream.send(code, at, {"pm25": float(index % 40 + 1)})
                index += 1
            stream.flush()
            stop.wait(max(0.0, 0.1 - (time.perf_counter() - tick)))

    thread = threading.Thread(target=publish, daemon=True)
    thread.start()
    try:
        time.sleep(2.0)  # let the load settle first
        return run()
    finally:
        stop.set()
        thread.join(10)
        stream.close()
