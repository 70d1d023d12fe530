"""From raw messages to stored readings: check each message, then write the whole batch in one transaction.

Both channels use it: the MQTT subscriber (iot.subscriber) hands over a batch of messages and acknowledges
them to the broker only after commit() returned; the HTTP view hands over one request. A refused message is
counted (iot.models.Reject) in the same transaction and never stored as data.
"""

import dataclasses
import datetime
import logging

from django.db import transaction

from core.redaction import redact
from iot import lights, observers, storage, thresholds
from iot.directory import DeviceInfo, Directory
from iot.mqtt import ACKS, READINGS
from iot.payloads import Refused, Sample, check_device, decode, samples, time_window

logger = logging.getLogger(__name__)


@dataclasses.dataclass
class Batch:
    """What a batch of messages amounts to, before it is written."""

    channel: str
    now: datetime.datetime
    readings: list[tuple[DeviceInfo, list[Sample]]] = dataclasses.field(default_factory=list)
    answers: list[lights.Answer] = dataclasses.field(default_factory=list)
    refusals: list[storage.Refusal] = dataclasses.field(default_factory=list)
    window: tuple[datetime.datetime, datetime.datetime] | None = None

    def __post_init__(self) -> None:
        self.window = time_window(self.now)  # once per batch, not per message

    def refuse(self, device_ref: str, device: DeviceInfo | None, refused: Refused, raw: bytes) -> None:
        # The device's secret never reaches the table (the admin shows it): redact the whole payload, then cut it.
        # PostgreSQL text holds no NUL character: a payload may carry one, the record of its refusal may not.
        sample = redact(raw.decode("utf-8", errors="replace"))[: storage.SAMPLE_LIMIT].replace("\x00", "\ufffd")
        message = refused.message.replace("\x00", "\ufffd")
        device_id = device.id if device else None
        self.refusals.append(storage.Refusal(device_ref, device_id, self.channel, refused.reason, message, sample))


@dataclasses.dataclass(frozen=True)
class Outcome:
    """What one committed batch did."""

    stored: int
    duplicates: int
    refused: int
    answers: int
    rule_changes: int


def add_message(batch: Batch, device_code: str, leaf: str, raw: bytes, directory: Directory) -> None:
    """Check one MQTT message and add it to the batch (as readings, an answer or a refusal); never raises."""
    info = directory.get(device_code)
    try:
        body = decode(raw)
        info = check_device(info, device_code, body.get("token"))
        if leaf == READINGS:
            batch.readings.append((info, samples(body, info, batch.now, batch.window)))
        elif leaf == ACKS:
            batch.answers.append(lights.read_answer(info, body))
    except Refused as refused:
        batch.refuse(device_code, info, refused, raw)


def commit(batch: Batch) -> Outcome:
    """Write the batch in one transaction: readings (duplicates skipped), latest values, refusals, answers, rules."""
    rows = [(info.id, sample) for info, items in batch.readings for sample in items]
    devices = {info.id: info for info, _items in batch.readings}
    with transaction.atomic():
        stored = storage.insert_readings(rows, batch.now)
        storage.update_latest(stored)
        storage.mark_seen(devices, batch.now)
        storage.mark_seen((answer.device.id for answer in batch.answers), batch.now)
        storage.count_refusals(batch.refusals, batch.now)
        answered = lights.record_answers(batch.answers, batch.now)
        observations = [thresholds.Observation(row.device_id, row.quantity, row.at, row.value) for row in stored]
        changes = thresholds.evaluate(observations, devices)
        observers.readings_stored(stored, devices)
    distinct = len({(device_id, sample.quantity, sample.at) for device_id, sample in rows})
    return Outcome(len(stored), distinct - len(stored), len(batch.refusals), answered, len(changes))


def refusal_only(channel: str, device_ref: str, device: DeviceInfo | None, refused: Refused, raw: bytes,
                 now: datetime.datetime) -> None:  # fmt: skip
    """Count one refused HTTP request at once (the request then fails with the refusal's message)."""
    batch = Batch(channel, now)
    batch.refuse(device_ref, device, refused, raw)
    with transaction.atomic():
        storage.count_refusals(batch.refusals, now)
