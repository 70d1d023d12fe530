"""The MQTT side: topic names, connecting a client to the broker, publishing one message and waiting for it.

Topics (prefix IOT_MQTT_TOPIC_PREFIX, "ioc" by default):
  <prefix>/sensors/<device>/readings   device → platform, readings (iot.payloads)
  <prefix>/sensors/<device>/acks       device → platform, answers to commands (iot.lights)
  <prefix>/sensors/<device>/commands   platform → device, street-light commands
"""

import re
import uuid

import paho.mqtt.client as mqtt
from django.conf import settings
from django.utils.translation import gettext as _
from paho.mqtt.packettypes import PacketTypes
from paho.mqtt.properties import Properties

from core.errors import IOCError

READINGS, ACKS, COMMANDS = "readings", "acks", "commands"


class BrokerUnavailable(IOCError):
    """The MQTT broker did not take the message; the caller may retry."""

    status = 503
    code = "broker_unavailable"


def prefix() -> str:
    return settings.IOT_MQTT_TOPIC_PREFIX.strip("/")


def topic(device_code: str, leaf: str) -> str:
    return f"{prefix()}/sensors/{device_code}/{leaf}"


def subscription(leaf: str) -> str:
    return f"{prefix()}/sensors/+/{leaf}"


def parse_topic(name: str) -> tuple[str, str] | None:
    """(device identifier, leaf) of one of our topics, or None."""
    match = re.fullmatch(re.escape(prefix()) + r"/sensors/([^/]+)/(readings|acks)", name)
    return (match[1], match[2]) if match else None


def make_client(client_id: str, *, manual_ack: bool = False) -> mqtt.Client:
    """An MQTT 5 client with the configured credentials (not yet connected)."""
    client = mqtt.Client(
        mqtt.CallbackAPIVersion.VERSION2, client_id=client_id, protocol=mqtt.MQTTv5, manual_ack=manual_ack
    )
    if settings.IOT_MQTT_USERNAME:
        client.username_pw_set(settings.IOT_MQTT_USERNAME, settings.IOT_MQTT_PASSWORD or None)
    return client


def connect(client: mqtt.Client, *, persistent: bool, receive_maximum: int = 0) -> None:
    """Connect; a persistent client keeps its session (and the messages queued for it) across disconnections."""
    properties = Properties(PacketTypes.CONNECT)
    if persistent:
        properties.SessionExpiryInterval = settings.IOT_MQTT_SESSION_EXPIRY_SECONDS
    if receive_maximum:
        properties.ReceiveMaximum = min(receive_maximum, 65535)
    client.connect(
        settings.IOT_MQTT_HOST, settings.IOT_MQTT_PORT, keepalive=30, clean_start=not persistent, properties=properties
    )


def publish_once(topic_name: str, payload: bytes, timeout: float = 5.0) -> None:
    """Publish one QoS 1 message and wait for the broker's acknowledgement; raise BrokerUnavailable otherwise."""
    client = make_client(f"ioc-web-{uuid.uuid4().hex[:12]}")
    try:
        connect(client, persistent=False)
    except OSError as exc:
        raise BrokerUnavailable(
            _("The MQTT broker cannot be reached (%(error)s); try again.") % {"error": exc}
        ) from None
    client.loop_start()
    try:
        info = client.publish(topic_name, payload, qos=1)
        info.wait_for_publish(timeout)
        if not info.is_published():
            raise BrokerUnavailable(_("The MQTT broker did not confirm the command within %(s)d s; try again.") % {
                "s": timeout
            })  # fmt: skip
    except (RuntimeError, ValueError) as exc:
        raise BrokerUnavailable(_("The MQTT broker refused the command (%(error)s).") % {"error": exc}) from None
    finally:
        client.disconnect()
        client.loop_stop()
