"""Writing a batch of readings: one INSERT for all of them (duplicates skipped), latest values, refusals.

Every function runs inside the caller's transaction; nothing here commits.
"""

import dataclasses
import datetime
from collections.abc import Iterable

from django.db import connection

from iot import partitions
from iot.payloads import Sample

SAMPLE_LIMIT = 500  # characters of a refused payload kept to help the provider fix it


@dataclasses.dataclass(frozen=True)
class Stored:
    """A reading that this batch stored (not a duplicate of one already there)."""

    device_id: int
    quantity: str
    at: datetime.datetime
    value: float


@dataclasses.dataclass(frozen=True)
class Refusal:
    """A refused payload to count."""

    device_ref: str
    device_id: int | None
    channel: str
    reason: str
    message: str
    sample: str


def insert_readings(rows: Iterable[tuple[int, Sample]], received_at: datetime.datetime) -> list[Stored]:
    """Insert the readings in one statement; return those new to the table (a reading sent twice is kept once)."""
    unique: dict[tuple[int, str, datetime.datetime], float] = {}
    for device_id, sample in rows:
        unique.setdefault((device_id, sample.quantity, sample.at), sample.value)
    if not unique:
        return []
    partitions.ensure_for([at for _device, _quantity, at in unique])
    devices, quantities, instants = zip(*unique, strict=True)
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO iot_reading (device_id, quantity, at, value, received_at) "
            "SELECT d, q, a, v, %s FROM unnest(%s::bigint[], %s::varchar[], %s::timestamptz[], %s::float8[]) "
            "AS r(d, q, a, v) ON CONFLICT DO NOTHING RETURNING device_id, quantity, at, value",
            [received_at, list(devices), list(quantities), list(instants), list(unique.values())],
        )
        return [Stored(*row) for row in cursor.fetchall()]


def update_latest(stored: list[Stored]) -> None:
    """Keep the newest value of each device and quantity (an older reading arriving late changes nothing)."""
    newest: dict[tuple[int, str], Stored] = {}
    for reading in stored:
        key = (reading.device_id, reading.quantity)
        if key not in newest or newest[key].at < reading.at:
            newest[key] = reading
    if not newest:
        return
    rows = sorted(newest.values(), key=lambda reading: (reading.device_id, reading.quantity))
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO iot_latestvalue (device_id, quantity, at, value) "
            "SELECT * FROM unnest(%s::bigint[], %s::varchar[], %s::timestamptz[], %s::float8[]) "
            "ON CONFLICT (device_id, quantity) DO UPDATE SET at = EXCLUDED.at, value = EXCLUDED.value "
            "WHERE iot_latestvalue.at < EXCLUDED.at",
            [
                [row.device_id for row in rows],
                [row.quantity for row in rows],
                [row.at for row in rows],
                [row.value for row in rows],
            ],
        )


def mark_seen(device_ids: Iterable[int], now: datetime.datetime) -> None:
    """Record that the devices sent data now (the silence check reads it)."""
    ids = sorted(set(device_ids))
    if ids:
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE iot_device SET last_seen_at = %s WHERE id = ANY(%s) "
                "AND (last_seen_at IS NULL OR last_seen_at < %s)",
                [now, ids, now],
            )


def count_refusals(refusals: list[Refusal], now: datetime.datetime) -> None:
    """Add the refusals to the per-device, per-reason counts of the day, and to each device's total."""
    groups: dict[tuple[str, str, str], list[Refusal]] = {}
    for refusal in refusals:
        groups.setdefault((refusal.device_ref[:100], refusal.channel, refusal.reason), []).append(refusal)
    day = now.date()
    with connection.cursor() as cursor:
        for (device_ref, channel, reason), items in sorted(groups.items()):
            last = items[-1]
            cursor.execute(
                "INSERT INTO iot_reject (device_id, device_ref, channel, reason, day, count, last_message, "
                "last_sample, last_at) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s) "
                "ON CONFLICT (device_ref, channel, reason, day) DO UPDATE SET count = iot_reject.count + "
                "EXCLUDED.count, last_message = EXCLUDED.last_message, last_sample = EXCLUDED.last_sample, "
                "last_at = EXCLUDED.last_at, device_id = COALESCE(EXCLUDED.device_id, iot_reject.device_id)",
                [
                    last.device_id, device_ref, channel, reason, day, len(items), last.message,
                    last.sample[:SAMPLE_LIMIT], now,
                ],
            )  # fmt: skip
        per_device: dict[int, int] = {}
        for refusal in refusals:
            if refusal.device_id is not None:
                per_device[refusal.device_id] = per_device.get(refusal.device_id, 0) + 1
        for device_id, count in sorted(per_device.items()):
            cursor.execute(
                "UPDATE iot_device SET rejected_count = rejected_count + %s WHERE id = %s", [count, device_id]
            )
