"""The daily VN_AQI of every air station (Decision 1459/QĐ-TCMT, 2.2.2), stored per station and local day.

The day's hourly means (the same hours as iot.air: an hour is named by its end) give the daily figures of
iot.aqi.daily: PM2.5 and PM10 by the mean of the day's hourly means, the gases by the day's largest hourly mean,
O3 also by its largest 8-hour running mean. The periodic task iot.tasks.DailyFigures computes each day once it has
ended (and the day before again, for readings that arrived late).
"""

import datetime
from zoneinfo import ZoneInfo

from django.db import connection, transaction
from django.utils import timezone

from iot import aqi
from iot.air import stations
from iot.models import AqiDaily

LOCAL = ZoneInfo("Asia/Ho_Chi_Minh")
HOURS_FOR_8H = 8


def day_bounds(day: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    start = datetime.datetime.combine(day, datetime.time(), tzinfo=LOCAL)
    return start, start + datetime.timedelta(days=1)


def hourly_means(device_ids: list[int], day: datetime.date) -> dict[int, dict[str, dict[int, float]]]:
    """For each device and AQI quantity, the mean of each hour of the day (0 = the hour ending 01:00)."""
    start, end = day_bounds(day)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT device_id, quantity, floor(extract(epoch FROM (at - %s)) / 3600)::int AS hour, avg(value) "
            "FROM iot_reading WHERE device_id = ANY(%s) AND quantity = ANY(%s) AND at >= %s AND at < %s "
            "GROUP BY 1, 2, 3",
            [start, device_ids, list(aqi.QUANTITIES), start, end],
        )
        rows = cursor.fetchall()
    means: dict[int, dict[str, dict[int, float]]] = {}
    for device_id, quantity, hour, mean in rows:
        means.setdefault(device_id, {}).setdefault(quantity, {})[hour] = float(mean)
    return means


def max_8h(hours: dict[int, float]) -> float | None:
    """The largest mean of 8 consecutive hours of the day (each window needs all its 8 hours)."""
    windows = [
        sum(hours[hour] for hour in range(first, first + HOURS_FOR_8H)) / HOURS_FOR_8H
        for first in range(0, 24 - HOURS_FOR_8H + 1)
        if all(hour in hours for hour in range(first, first + HOURS_FOR_8H))
    ]
    return max(windows) if windows else None


def result_of(series: dict[str, dict[int, float]]) -> aqi.Result | None:
    """The day's AQI from its hourly means."""
    means = {quantity: sum(hours.values()) / len(hours) for quantity, hours in series.items() if hours}
    largest = {quantity: max(hours.values()) for quantity, hours in series.items() if hours}
    o3_8h = max_8h(series["o3"]) if "o3" in series else None
    return aqi.daily(means, largest, o3_8h)


def compute_day(day: datetime.date, now: datetime.datetime | None = None) -> list[AqiDaily]:
    """Compute (or recompute) the daily AQI of every station for a local day."""
    now = now or timezone.now()
    devices = {device.pk: device for device in stations()}
    if not devices:
        return []
    rows = []
    with transaction.atomic():
        for device_id, series in sorted(hourly_means(list(devices), day).items()):
            result = result_of(series)
            if result is None:
                continue
            hours = len(set().union(*(set(values) for values in series.values())))
            row, _created = AqiDaily.objects.update_or_create(
                device_id=device_id, day=day,
                defaults={"aqi": result.aqi, "dominant": result.dominant, "sub_indices": result.sub_indices,
                          "hours": hours, "computed_at": now},
            )  # fmt: skip
            rows.append(row)
    return rows


def compute_due(now: datetime.datetime, days_back: int = 7) -> list[AqiDaily]:
    """Compute the ended days of the last week that have no row yet, and yesterday again (late readings)."""
    today = timezone.localtime(now, LOCAL).date()
    yesterday = today - datetime.timedelta(days=1)
    done = set(
        AqiDaily.objects.filter(day__gte=today - datetime.timedelta(days=days_back)).values_list("day", flat=True)
    )
    rows = []
    for back in range(days_back, 0, -1):
        day = today - datetime.timedelta(days=back)
        if day == yesterday or day not in done:
            rows += compute_day(day, now)
    return rows


def latest_by_device() -> dict[int, AqiDaily]:
    """The newest daily AQI of each station."""
    rows = AqiDaily.objects.order_by("device_id", "-day").distinct("device_id")
    return {row.device_id: row for row in rows}
