"""The MQTT subscriber behind `manage.py iot_ingest`: no acknowledged reading is ever lost.

It connects with a fixed client id and a persistent session (MQTT 5: clean start off, session expiry
IOT_MQTT_SESSION_EXPIRY_SECONDS), subscribes with QoS 1 and acknowledges each message by hand only after the
transaction that stored it has committed. Killed at any moment, it loses nothing: whatever was not yet
acknowledged is sent again by the broker when it reconnects, and a reading stored before the kill but not yet
acknowledged is skipped as a duplicate (the readings' primary key). The network thread only queues messages;
the main thread takes them in batches (up to IOT_INGEST_BATCH_MESSAGES, or what arrived within
IOT_INGEST_MAX_WAIT_MS) and writes each batch with one INSERT. The broker sends at most
IOT_MQTT_RECEIVE_MAXIMUM messages ahead of the acknowledgements.
"""

import dataclasses
import logging
import queue
import threading
import time
from collections.abc import Callable
from typing import Any

import paho.mqtt.client as paho
from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from paho.mqtt.subscribeoptions import SubscribeOptions

from iot import ingestion, mqtt, storage
from iot.directory import Directory
from iot.models import Reject
from iot.payloads import Refused

logger = logging.getLogger(__name__)


@dataclasses.dataclass(frozen=True)
class Received:
    mid: int
    qos: int
    topic: str
    payload: bytes


class Stopped(Exception):
    """Stop was asked while the database was unreachable: leave the batch unacknowledged for the next run."""


class Subscriber:
    """Receive, store in batches, then acknowledge."""

    def __init__(
        self,
        stop: threading.Event,
        *,
        client_id: str | None = None,
        batch_messages: int | None = None,
        max_wait_ms: int | None = None,
        on_commit: Callable[[ingestion.Outcome], None] | None = None,
    ) -> None:
        self.stop = stop
        self.client_id = client_id or settings.IOT_MQTT_CLIENT_ID
        self.batch_messages = batch_messages or settings.IOT_INGEST_BATCH_MESSAGES
        self.max_wait = (settings.IOT_INGEST_MAX_WAIT_MS if max_wait_ms is None else max_wait_ms) / 1000
        self.on_commit = on_commit
        self.inbox: queue.SimpleQueue[Received] = queue.SimpleQueue()
        self.subscribed = threading.Event()
        self.directory = Directory()
        self.client = mqtt.make_client(self.client_id, manual_ack=True)
        self.client.on_connect = self._on_connect
        self.client.on_message = self._on_message
        self.client.on_disconnect = self._on_disconnect

    # ---- network thread -------------------------------------------------------------------------------------

    def _on_connect(self, client: paho.Client, userdata: Any, flags: Any, reason: Any, properties: Any) -> None:
        if reason.is_failure:
            logger.error("MQTT connection refused: %s", reason)
            return
        options = SubscribeOptions(qos=1)
        client.subscribe([(mqtt.subscription(mqtt.READINGS), options), (mqtt.subscription(mqtt.ACKS), options)])
        logger.info("MQTT connected as %s (session present: %s)", self.client_id, flags.session_present)
        self.subscribed.set()

    def _on_disconnect(self, client: paho.Client, userdata: Any, flags: Any, reason: Any, properties: Any) -> None:
        self.subscribed.clear()
        if not self.stop.is_set():
            logger.warning("MQTT disconnected (%s); reconnecting", reason)

    def _on_message(self, client: paho.Client, userdata: Any, message: paho.MQTTMessage) -> None:
        self.inbox.put(Received(message.mid, message.qos, message.topic, bytes(message.payload)))

    # ---- main thread ----------------------------------------------------------------------------------------

    def start(self) -> None:
        """Connect (retrying until the broker answers or stop is asked) and start the network thread."""
        delay = 1.0
        while not self.stop.is_set():
            try:
                mqtt.connect(self.client, persistent=True, receive_maximum=settings.IOT_MQTT_RECEIVE_MAXIMUM)
                break
            except OSError as exc:
                logger.warning(
                    "MQTT broker %s:%s unreachable (%s)", settings.IOT_MQTT_HOST, settings.IOT_MQTT_PORT, exc
                )
                self.stop.wait(delay)
                delay = min(delay * 2, 30.0)
        self.client.loop_start()

    def close(self) -> None:
        self.client.disconnect()
        self.client.loop_stop()

    def run(self, between_batches: Callable[[], None] | None = None) -> None:
        """Ingest until stop is set; between_batches runs after each batch (and at least every second)."""
        self.start()
        try:
            while not self.stop.is_set():
                self.step()
                if between_batches is not None:
                    between_batches()
        except Stopped:
            logger.info("stopped while the database was unreachable; the batch will be delivered again")
        finally:
            self.close()

    def step(self) -> ingestion.Outcome | None:
        """Take one batch, store it, then acknowledge its messages."""
        messages = self._take()
        if not messages:
            return None
        outcome = self._write(messages)
        for message in messages:
            if message.qos > 0:
                self.client.ack(message.mid, message.qos)
        if self.on_commit is not None:
            self.on_commit(outcome)
        return outcome

    def _take(self) -> list[Received]:
        try:
            first = self.inbox.get(timeout=1.0)
        except queue.Empty:
            return []
        messages = [first]
        deadline = time.monotonic() + self.max_wait
        while len(messages) < self.batch_messages:
            try:
                messages.append(self.inbox.get_nowait())  # no lock wait per message while the inbox has some
            except queue.Empty:
                if time.monotonic() >= deadline:
                    break
                time.sleep(0.002)
        return messages

    def _write(self, messages: list[Received]) -> ingestion.Outcome:
        """Commit the batch; wait out a database outage (unacknowledged), and isolate a message the database refuses."""
        delay = 0.5
        while True:
            try:
                return ingestion.commit(self._batch(messages))
            except (OperationalError, InterfaceError) as exc:
                logger.error("database unavailable, %d messages wait unacknowledged: %s", len(messages), exc)
                connection.close()
                if self.stop.wait(delay):
                    raise Stopped from exc
                delay = min(delay * 2, 30.0)
            except DatabaseError as exc:
                logger.error(
                    "batch of %d messages refused by the database (%s); storing one by one", len(messages), exc
                )
                return self._one_by_one(messages)

    def _batch(self, messages: list[Received]) -> ingestion.Batch:
        batch = ingestion.Batch(Reject.Channel.MQTT, timezone.now())
        for message in messages:
            parsed = mqtt.parse_topic(message.topic)
            if parsed is None:
                refused = Refused(Reject.Reason.MALFORMED, _("Unexpected topic %(topic)s.") % {"topic": message.topic})
                batch.refuse(message.topic, None, refused, message.payload)
                continue
            ingestion.add_message(batch, parsed[0], parsed[1], message.payload, self.directory)
        return batch

    def _one_by_one(self, messages: list[Received]) -> ingestion.Outcome:
        totals = [0, 0, 0, 0, 0]
        for message in messages:
            try:
                outcome = ingestion.commit(self._batch([message]))
            except (OperationalError, InterfaceError):
                raise
            except DatabaseError as exc:
                # A message the database keeps refusing is counted, not retried forever.
                logger.error("message on %s cannot be stored: %s", message.topic, exc)
                parsed = mqtt.parse_topic(message.topic)
                batch = ingestion.Batch(Reject.Channel.MQTT, timezone.now())
                batch.refuse(
                    parsed[0] if parsed else message.topic,
                    None,
                    Refused(Reject.Reason.UNPROCESSABLE, str(exc)),
                    message.payload,
                )
                with transaction.atomic():
                    storage.count_refusals(batch.refusals, batch.now)
                outcome = ingestion.Outcome(0, 0, 1, 0, 0)
            for index, value in enumerate(dataclasses.astuple(outcome)):
                totals[index] += value
        return ingestion.Outcome(*totals)
