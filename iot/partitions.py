"""Monthly partitions of iot_reading: create the coming ones, drop those past the retention period.

Partitions are named iot_reading_yYYYYmMM and cover one calendar month in UTC. The SQL function
iot_ensure_reading_partition (migration 0002) creates one if missing; ingestion calls it for any month it has
not seen yet, so a reading never lacks its partition, and the periodic check creates months ahead.
"""

import datetime
import re

from django.conf import settings
from django.db import connection
from psycopg2 import sql

PARENT = "iot_reading"
_NAME = re.compile(r"^iot_reading_y(\d{4})m(\d{2})$")


def month_start(instant: datetime.datetime | datetime.date) -> datetime.date:
    """The first day of the instant's month in UTC."""
    if isinstance(instant, datetime.datetime):
        instant = instant.astimezone(datetime.UTC).date()
    return instant.replace(day=1)


def add_months(month: datetime.date, count: int) -> datetime.date:
    index = month.year * 12 + month.month - 1 + count
    return datetime.date(index // 12, index % 12 + 1, 1)


def partition_name(month: datetime.date) -> str:
    return f"{PARENT}_y{month.year:04d}m{month.month:02d}"


def ensure_month(month: datetime.date) -> None:
    """Create the partition of the month if it does not exist (idempotent, safe beside other processes)."""
    # Not cached in the process: a cached month whose creation was rolled back would lose readings.
    with connection.cursor() as cursor:
        cursor.execute("SELECT iot_ensure_reading_partition(%s)", [month])


def ensure_for(instants: list[datetime.datetime]) -> None:
    """Make sure every instant has its partition."""
    for month in {month_start(instant) for instant in instants}:
        ensure_month(month)


def ensure_ahead(now: datetime.datetime, ahead: int | None = None) -> list[datetime.date]:
    """Create the partitions of this month and the next `ahead` months; return the months covered."""
    ahead = settings.IOT_PARTITIONS_AHEAD_MONTHS if ahead is None else ahead
    months = [add_months(month_start(now), offset) for offset in range(ahead + 1)]
    for month in months:
        ensure_month(month)
    return months


def existing() -> list[datetime.date]:
    """The months that have a partition, oldest first."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
            "JOIN pg_class p ON p.oid = i.inhparent WHERE p.relname = %s",
            [PARENT],
        )
        names = [row[0] for row in cursor.fetchall()]
    months = []
    for name in names:
        match = _NAME.match(name)
        if match:
            months.append(datetime.date(int(match[1]), int(match[2]), 1))
    return sorted(months)


def oldest_kept(now: datetime.datetime, retention_months: int | None = None) -> datetime.date:
    """The first month still kept: readings before it are past the retention period."""
    retention = settings.IOT_READING_RETENTION_MONTHS if retention_months is None else retention_months
    return add_months(month_start(now), -(retention - 1))


def drop_expired(now: datetime.datetime, retention_months: int | None = None) -> list[str]:
    """Drop the partitions of months entirely before the retention period; return their names."""
    keep_from = oldest_kept(now, retention_months)
    dropped = []
    for month in existing():
        if month >= keep_from:
            continue
        name = partition_name(month)
        with connection.cursor() as cursor:
            cursor.execute(sql.SQL("DROP TABLE IF EXISTS {}").format(sql.Identifier(name)))
        dropped.append(name)
    return dropped
