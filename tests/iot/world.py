"""A small province for the IoT tests: one ward, an owner agency, four devices with tokens, and the real broker."""

import dataclasses
import importlib
import json
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import paho.mqtt.client as paho
from django.conf import settings
from django.contrib.gis.geos import Point
from django.db import connection

from accounts.models import Role, User
from agencies.models import Agency
from gis_core.models import AdminUnit
from iot.models import Device, DeviceQuantity, Quantity
from tests.agencies.factories import make_agency, make_unit, make_user

CATALOGUE = importlib.import_module("iot.migrations.0003_quantity_catalogue").QUANTITIES
IN_WARD = Point(109.125, 12.225, srid=4326)


@dataclasses.dataclass
class World:
    ward: AdminUnit
    agency: Agency
    other_agency: Agency
    devices: dict[str, Device]
    tokens: dict[str, str]
    users: dict[str, User]


def ensure_catalogue() -> None:
    """The quantities of migration 0003 (a transactional test's flush empties the table)."""
    for code, name, name_en, unit, low, high in CATALOGUE:
        Quantity.objects.update_or_create(
            code=code, defaults={"name": name, "name_en": name_en, "unit": unit, "min_value": low, "max_value": high}
        )


def make_device(code: str, kind: str, agency: Agency, quantities: list[str], **fields: Any) -> Device:
    device = Device.objects.create(
        code=code, name=f"Trạm {code}", kind=kind, agency=agency, position=fields.pop("position", IN_WARD), **fields
    )
    for quantity in quantities:
        DeviceQuantity.objects.create(device=device, quantity=Quantity.objects.get(code=quantity))
    return device


def build_world() -> World:
    ensure_catalogue()
    ward = make_unit("90001", "Phường Thử")
    agency = make_agency("stnmt", units=(ward,), all_sectors=True)
    other = make_agency("ubnd-khac", units=(ward,), all_sectors=True)
    devices = {
        "aq-01": make_device(
            "aq-01", Device.Kind.AIR_QUALITY, agency, ["pm25", "pm10", "o3", "no2", "so2", "co", "temperature"],
            interval_seconds=60,
        ),
        "wl-01": make_device(
            "wl-01", Device.Kind.WATER_LEVEL, agency, ["water_level"], alarm_level_1=1.0, alarm_level_2=2.0,
            alarm_level_3=3.0,
        ),
        "cam-01": make_device("cam-01", Device.Kind.CAMERA, agency, [], stream_url="rtsp://10.0.0.5/live"),
        "sl-01": make_device("sl-01", Device.Kind.STREET_LIGHT, agency, ["lamp_state"]),
    }  # fmt: skip
    tokens = {code: device.issue_token() for code, device in devices.items()}
    users = {
        "operator": make_user("operator", Role.OPERATOR),
        "officer": make_user("officer", Role.AGENCY_OFFICER, agency),
        "other_officer": make_user("other-officer", Role.AGENCY_OFFICER, other),
        "viewer": make_user("viewer", Role.VIEWER),
    }
    return World(ward, agency, other, devices, tokens, users)


def broker() -> tuple[str, int]:
    """The project's own broker the tests started (tests/conftest.py), never the machine's."""
    return settings.IOT_MQTT_HOST, settings.IOT_MQTT_PORT


def reading_payload(token: str, at: str, **values: float) -> bytes:
    return json.dumps({"token": token, "at": at, "values": values}).encode()


class Publisher:
    """A device-side MQTT client on the real broker, publishing with QoS 1 and waiting for the broker's ack."""

    def __init__(self) -> None:
        self.client = paho.Client(paho.CallbackAPIVersion.VERSION2, client_id=f"test-pub-{uuid.uuid4().hex[:10]}")
        self.client.connect(*broker())
        self.client.loop_start()

    def publish(self, topic: str, payload: bytes, wait: bool = True) -> paho.MQTTMessageInfo:
        info = self.client.publish(topic, payload, qos=1)
        if wait:
            info.wait_for_publish(10)
            assert info.is_published(), f"the broker did not acknowledge a message on {topic}"
        return info

    def close(self) -> None:
        self.client.disconnect()
        self.client.loop_stop()


class Listener:
    """Collects what the platform publishes on a topic (a street light's command topic)."""

    def __init__(self, topic: str) -> None:
        self.messages: list[dict[str, Any]] = []
        self.ready = threading.Event()
        self.client = paho.Client(paho.CallbackAPIVersion.VERSION2, client_id=f"test-dev-{uuid.uuid4().hex[:10]}")
        self.client.on_message = lambda _c, _u, message: self.messages.append(json.loads(message.payload))
        self.client.on_subscribe = lambda *_args: self.ready.set()
        self.client.connect(*broker())
        self.client.subscribe(topic, qos=1)
        self.client.loop_start()
        assert self.ready.wait(5), "subscription not confirmed"

    def close(self) -> None:
        self.client.disconnect()
        self.client.loop_stop()


def forget_session(client_id: str) -> None:
    """Remove a persistent session left on the broker by a test's subscriber."""
    client = paho.Client(paho.CallbackAPIVersion.VERSION2, client_id=client_id, protocol=paho.MQTTv5)
    client.connect(*broker(), clean_start=True)
    client.loop_start()
    time.sleep(0.1)
    client.disconnect()
    client.loop_stop()


def wait_for(condition: Callable[[], Any], timeout: float = 15.0, what: str = "condition") -> Any:
    """Poll until condition() is truthy (reading committed data through this test's connection)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")


def reading_count(device_ids: list[int] | None = None) -> int:
    with connection.cursor() as cursor:
        if device_ids is None:
            cursor.execute("SELECT count(*) FROM iot_reading")
        else:
            cursor.execute("SELECT count(*) FROM iot_reading WHERE device_id = ANY(%s)", [device_ids])
        return int(cursor.fetchone()[0])


def empty_readings() -> Iterator[None]:
    """Readings are not emptied by Django's flush (unmanaged, partitioned table): empty them around a test."""
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE iot_reading")
    yield
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE iot_reading")
