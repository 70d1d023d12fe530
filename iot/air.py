"""The hourly VN_AQI of every air-quality station, from its stored readings, and the alert rules it feeds.

An hour is named by its end (the guidance's tables name 20:00 the hour 19:00-20:00) and its mean is taken over
readings with hour_end - 1 h ≤ at < hour_end. Computing an hour again (late readings) replaces its value. The AQI
is then offered to the sensor rules as the quantity "vn_aqi", so a threshold rule on it raises alerts.
"""

import datetime

from django.db import connection, transaction
from django.utils import timezone

from iot import aqi, thresholds
from iot.directory import info_of
from iot.models import AqiHourly, Device

AQI_QUANTITY = "vn_aqi"
HOUR = datetime.timedelta(hours=1)
# An hour is computed this long after it ends, so that readings a few minutes late still count.
GRACE = datetime.timedelta(minutes=5)


def last_hour_end(now: datetime.datetime) -> datetime.datetime:
    """The end of the last complete hour whose grace period has passed."""
    return (now - GRACE).replace(minute=0, second=0, microsecond=0)


def stations() -> list[Device]:
    """Active air stations that report PM2.5 or PM10 (the guidance requires one of them)."""
    return list(
        Device.objects.filter(
            kind=Device.Kind.AIR_QUALITY, status=Device.Status.ACTIVE, quantities__code__in=aqi.PARTICLES
        ).distinct()
    )


def hourly_means(device_ids: list[int], hour_end: datetime.datetime) -> dict[int, dict[str, list[float | None]]]:
    """For each device and AQI quantity, the hourly means c1 (the hour ending at hour_end) … c12."""
    start = hour_end - 12 * HOUR
    with connection.cursor() as cursor:
        cursor.execute(
            # hour_end - 1 h ≤ at < hour_end is c1 (ago 0): a reading exactly on an hour's start belongs to it.
            "SELECT device_id, quantity, ceil(extract(epoch FROM (%s - at)) / 3600)::int - 1 AS ago, avg(value) "
            "FROM iot_reading WHERE device_id = ANY(%s) AND quantity = ANY(%s) AND at >= %s AND at < %s "
            "GROUP BY 1, 2, 3",
            [hour_end, device_ids, list(aqi.QUANTITIES), start, hour_end],
        )
        rows = cursor.fetchall()
    means: dict[int, dict[str, list[float | None]]] = {}
    for device_id, quantity, ago, mean in rows:
        series = means.setdefault(device_id, {}).setdefault(quantity, [None] * 12)
        series[ago] = float(mean)
    return means


def compute_hour(hour_end: datetime.datetime) -> list[AqiHourly]:
    """Compute (or recompute) the AQI of every station for the hour ending at hour_end; feed it to the rules."""
    devices = {device.pk: device for device in stations()}
    if not devices:
        return []
    means = hourly_means(list(devices), hour_end)
    now = timezone.now()
    results = []
    with transaction.atomic():
        for device_id, series in sorted(means.items()):
            particles = {quantity: series[quantity] for quantity in aqi.PARTICLES if quantity in series}
            gases = {quantity: series[quantity][0] for quantity in aqi.GASES if quantity in series}
            result = aqi.hourly(particles, gases)
            if result is None:
                continue
            row, _created = AqiHourly.objects.update_or_create(
                device_id=device_id, hour_end=hour_end,
                defaults={"aqi": result.aqi, "dominant": result.dominant, "sub_indices": result.sub_indices,
                          "computed_at": now},
            )  # fmt: skip
            results.append(row)
        observations = [thresholds.Observation(row.device_id, AQI_QUANTITY, hour_end, row.aqi) for row in results]
        infos = {device_id: info_of(devices[device_id]) for device_id in {row.device_id for row in results}}
        thresholds.evaluate(observations, infos)
    return results


def compute_due(now: datetime.datetime) -> list[AqiHourly]:
    """Compute the last complete hour unless it is done already (the periodic check calls this every minute)."""
    hour_end = last_hour_end(now)
    if AqiHourly.objects.filter(hour_end=hour_end).exists():
        return []
    return compute_hour(hour_end)


def latest_by_device() -> dict[int, AqiHourly]:
    """The newest hourly AQI of each station."""
    rows = AqiHourly.objects.order_by("device_id", "-hour_end").distinct("device_id")
    return {row.device_id: row for row in rows}
