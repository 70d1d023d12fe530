"""The demo publisher behind `manage.py iot_demo_publisher`: the simulated demo devices send live values over MQTT.

It plays the devices' side of the platform: gives each demo device (iot.demo) its demo secret, then every round
publishes, for each device whose reporting interval has passed, a reading payload of simulated values
(iot.simulation) on the device's topic with QoS 1, through the project's broker (IOT_MQTT_HOST:IOT_MQTT_PORT,
18830 by default). The subscriber (`manage.py iot_ingest`) stores them like any device's. Cumulative meter indexes
continue from the latest stored value. Only devices of the demo are ever fed; without them the publisher idles.
"""

import datetime
import hmac
import json
import logging
import threading
import uuid

import paho.mqtt.client as paho
from django.conf import settings
from django.utils import timezone

from iot import mqtt, simulation
from iot.demo import BY_CODE, DemoDevice, demo_devices
from iot.models import Device, LatestValue

logger = logging.getLogger(__name__)
ACK_TIMEOUT = 10.0


class DemoPublisher:
    """Publishes the demo devices' simulated values; connect(), then round() as often as wanted, then close()."""

    def __init__(self) -> None:
        self.devices: list[tuple[Device, DemoDevice]] = []
        self.tokens: dict[str, str] = {}
        self.last_sent: dict[str, datetime.datetime] = {}
        self.indexes: dict[str, dict[str, tuple[datetime.datetime, float]]] = {}
        self.client: paho.Client | None = None

    def prepare(self) -> int:
        """Load the demo devices, give each a new secret and read where their meter indexes stand."""
        self.devices = [
            (device, BY_CODE[device.code]) for device in demo_devices() if device.status == Device.Status.ACTIVE
        ]
        self.tokens = {device.code: self.secret_of(device) for device, _spec in self.devices}
        cumulative = list(simulation.CUMULATIVE)
        for value in LatestValue.objects.filter(device__in=[device for device, _spec in self.devices],
                                                quantity__in=cumulative).select_related("device"):  # fmt: skip
            self.indexes.setdefault(value.device.code, {})[value.quantity] = (value.at, value.value)
        return len(self.devices)

    @staticmethod
    def secret_of(device: Device) -> str:
        """The demo device's secret, derived from SECRET_KEY: the same after a restart, so the subscriber's cached
        directory never refuses the first readings of a restarted publisher; set on the device when it differs."""
        raw = hmac.new(settings.SECRET_KEY.encode(), f"iot-demo-device:{device.code}".encode(), "sha256").hexdigest()
        if device.token_hash != Device.hash_token(raw):
            device.token_hash, device.token_prefix = Device.hash_token(raw), raw[:8]
            device.save(update_fields=["token_hash", "token_prefix"])
        return raw

    def connect(self) -> None:
        client = mqtt.make_client(f"ioc-demo-publisher-{uuid.uuid4().hex[:8]}")
        mqtt.connect(client, persistent=False)
        client.loop_start()
        self.client = client

    def close(self) -> None:
        if self.client is not None:
            self.client.disconnect()
            self.client.loop_stop()
            self.client = None

    def due(self, device: Device, now: datetime.datetime) -> bool:
        last = self.last_sent.get(device.code)
        return last is None or (now - last).total_seconds() >= device.interval_seconds

    def payload(self, device: Device, spec: DemoDevice, now: datetime.datetime) -> bytes:
        indexes = self.indexes.setdefault(device.code, {})
        values = simulation.values_at(device.code, spec.quantities, now, spec.traits, indexes)
        return json.dumps({"token": self.tokens[device.code], "at": now.isoformat(), "values": values}).encode()

    def round(self, now: datetime.datetime | None = None) -> int:
        """Publish once for every device that is due; return how many messages the broker acknowledged."""
        if self.client is None:
            raise RuntimeError("connect() first")
        now = (now or timezone.now()).replace(microsecond=0)
        sent = []
        for device, spec in self.devices:
            if self.due(device, now):
                info = self.client.publish(
                    mqtt.topic(device.code, mqtt.READINGS), self.payload(device, spec, now), qos=1
                )
                sent.append((device.code, info))
        acknowledged = 0
        for code, info in sent:
            info.wait_for_publish(ACK_TIMEOUT)
            if info.is_published():
                acknowledged += 1
                self.last_sent[code] = now
            else:
                logger.warning("demo publisher: the broker did not acknowledge %s's reading", code)
        return acknowledged

    def run(self, stop: threading.Event, interval: float, rounds: int = 0) -> int:
        """Publish every interval seconds until stopped (or for a number of rounds); return the rounds done."""
        done = 0
        while not stop.is_set() and (rounds == 0 or done < rounds):
            count = self.round()
            logger.info("demo publisher: %d simulated readings published", count)
            done += 1
            if rounds and done >= rounds:
                break
            stop.wait(interval)
        return done
