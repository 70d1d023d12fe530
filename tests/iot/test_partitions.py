"""The readings table is partitioned by month: partitions come ahead of time, on demand, and go with retention."""

import datetime

import pytest
from django.db import connection
from django.utils import timezone

from iot import api, partitions
from iot.directory import info_of
from iot.payloads import Refused
from tests.iot.world import World, reading_count

NOW = datetime.datetime(2026, 2, 13, 2, 0, tzinfo=datetime.UTC)


def _bounds(name: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_get_expr(c.relpartbound, c.oid) FROM pg_class c WHERE c.relname = %s AND c.relispartition",
            [name],
        )
        row = cursor.fetchone()
    return row[0] if row else ""


def test_the_readings_table_is_partitioned_by_month(world: World) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT partstrat FROM pg_partitioned_table p JOIN pg_class c ON c.oid = p.partrelid "
                       "WHERE c.relname = 'iot_reading'")  # fmt: skip
        assert cursor.fetchone() == ("r",)


def test_partitions_are_created_for_this_month_and_the_coming_ones(world: World, settings: object) -> None:
    months = partitions.ensure_ahead(NOW, ahead=3)

    assert [month.isoformat() for month in months] == ["2026-02-01", "2026-03-01", "2026-04-01", "2026-05-01"]
    assert set(months) <= set(partitions.existing())
    assert "FROM ('2026-03-01 00:00:00+00') TO ('2026-04-01 00:00:00+00')" in _bounds("iot_reading_y2026m03")
    partitions.ensure_ahead(NOW, ahead=3)  # again: nothing changes, nothing fails


def test_a_reading_of_a_month_without_partition_gets_one(world: World) -> None:
    device = world.devices["wl-01"]
    assert "iot_reading_y2025m09" not in {partitions.partition_name(month) for month in partitions.existing()}

    api.ingest(device, {"at": "2025-09-30T23:30:00+07:00", "values": {"water_level": 1.2}}, now=NOW)

    assert datetime.date(2025, 9, 1) in partitions.existing()
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM iot_reading_y2025m09")
        assert cursor.fetchone() == (1,)


def test_retention_drops_whole_months_past_the_period(world: World) -> None:
    for month in (datetime.date(2023, 12, 1), datetime.date(2024, 1, 1), datetime.date(2024, 3, 1)):
        partitions.ensure_month(month)

    dropped = partitions.drop_expired(NOW, retention_months=24)  # keeps March 2024 … February 2026

    assert {"iot_reading_y2023m12", "iot_reading_y2024m01"} <= set(dropped)
    assert datetime.date(2024, 3, 1) in partitions.existing()
    assert datetime.date(2024, 1, 1) not in partitions.existing()


def test_a_reading_older_than_the_retention_period_is_refused(world: World, settings: object) -> None:
    settings.IOT_READING_RETENTION_MONTHS = 12  # type: ignore[attr-defined]
    device = info_of(world.devices["wl-01"])

    with pytest.raises(Refused) as refused:
        api.ingest(device, {"at": "2024-12-31T10:00:00+07:00", "values": {"water_level": 1.2}}, now=NOW)

    assert refused.value.reason == "too_old"
    assert reading_count() == 0


def test_the_periodic_check_creates_the_coming_partitions(world: World) -> None:
    report = api.run_periodic(timezone.now())

    ahead = partitions.add_months(partitions.month_start(timezone.now()), 3)
    assert ahead in partitions.existing()
    assert report.partitions_dropped == []
