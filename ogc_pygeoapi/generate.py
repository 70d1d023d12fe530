"""Synthetic readings written in one statement per month (the EDR benchmark and tests): value = hour of the day."""

import datetime

from django.db import connection

from iot import partitions

INSERT_SQL = """
INSERT INTO iot_reading (device_id, quantity, at, value, received_at)
SELECT d, q, t, extract(hour FROM t AT TIME ZONE 'UTC') + extract(minute FROM t AT TIME ZONE 'UTC') / 60.0, t
  FROM unnest(%(devices)s::bigint[]) AS d, unnest(%(quantities)s::text[]) AS q,
       generate_series(%(start)s::timestamptz, %(end)s::timestamptz, make_interval(secs => %(step)s)) AS t
 WHERE t < %(end)s
ON CONFLICT DO NOTHING
"""


def generate_readings(device_ids: list[int], quantities: list[str], start: datetime.datetime,
                      end: datetime.datetime, interval_seconds: int) -> int:  # fmt: skip
    """Write a reading every interval for each device and quantity in [start, end); return the rows written."""
    written = 0
    month = partitions.month_start(start)
    while datetime.datetime.combine(month, datetime.time(), tzinfo=datetime.UTC) < end:
        partitions.ensure_month(month)
        following = partitions.add_months(month, 1)
        low = max(start, datetime.datetime.combine(month, datetime.time(), tzinfo=datetime.UTC))
        high = min(end, datetime.datetime.combine(following, datetime.time(), tzinfo=datetime.UTC))
        with connection.cursor() as cursor:
            cursor.execute(INSERT_SQL, {"devices": device_ids, "quantities": quantities, "start": low, "end": high,
                                        "step": interval_seconds})  # fmt: skip
            written += cursor.rowcount
        month = following
    return written
