"""Meters: consumption per day from the cumulative index, and the leak rule on night flow (firing, retreating)."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from pytest_django.fixtures import Settings

from alerts.models import Alert
from iot import api, meters
from iot.models import Device, MeterDaily
from tests.agencies.factories import make_sector
from tests.iot.world import World, make_device

VN = ZoneInfo("Asia/Ho_Chi_Minh")
FIRST = datetime.date(2026, 3, 1)


def at(day: int, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(FIRST + datetime.timedelta(days=day), datetime.time(hour, minute), tzinfo=VN)


@pytest.fixture
def water_meter(world: World) -> Device:
    make_sector("public-utilities")
    return make_device("wm-01", Device.Kind.WATER_METER, world.agency, ["volume", "flow"], interval_seconds=900)


@pytest.fixture
def power_meter(world: World) -> Device:
    return make_device("pm-01", Device.Kind.POWER_METER, world.agency, ["energy", "power"], interval_seconds=900)


def send(device: Device, when: datetime.datetime, **values: float) -> None:
    api.ingest(device, {"at": when.isoformat(), "values": values}, now=when)


def test_consumption_of_a_day_counts_from_the_last_index_of_the_day_before(power_meter: Device) -> None:
    send(power_meter, at(0, 23, 50), energy=1000.0)
    send(power_meter, at(1, 8), energy=1012.5)
    send(power_meter, at(1, 20), energy=1030.0)

    row = meters.compute_day(power_meter, FIRST + datetime.timedelta(days=1), at(2, 1))

    assert row is not None and row.consumption == 30.0 and row.quantity == "energy"
    assert row.night_flow is None  # only water meters have a night flow


def test_a_replaced_meter_starting_again_from_zero_is_not_negative_consumption(power_meter: Device) -> None:
    send(power_meter, at(0, 6), energy=5000.0)
    send(power_meter, at(0, 12), energy=5010.0)
    send(power_meter, at(0, 13), energy=0.0)  # new meter
    send(power_meter, at(0, 18), energy=4.0)

    row = meters.compute_day(power_meter, FIRST, at(1, 1))

    assert row is not None and row.consumption == 14.0


def night(device: Device, day: int, flow_m3h: float) -> None:
    """Flow readings every half hour between 01:00 and 04:00, then the morning's periodic pass at 05:00."""
    for minute in range(0, 180, 30):
        send(
            device, at(day, 1) + datetime.timedelta(minutes=minute), flow=flow_m3h, volume=100 + day * 10 + minute / 60
        )
    meters.compute_due(at(day, 5))


def test_three_nights_of_flow_above_the_threshold_raise_a_leak_alert(water_meter: Device) -> None:
    night(water_meter, 0, 0.3)  # 300 L/h > 100 L/h
    night(water_meter, 1, 0.3)
    assert not Alert.objects.exists()  # two nights are not yet a leak

    night(water_meter, 2, 0.25)

    alert = Alert.objects.get()
    assert alert.sector is not None
    assert (alert.category, alert.sector.code) == ("utility", "public-utilities")
    assert alert.details["night_flow_lph"] == [300, 300, 250]
    assert MeterDaily.objects.get(device=water_meter, day=FIRST).night_flow == 0.3


def test_a_quiet_night_records_the_retreat_of_the_leak_alert(water_meter: Device) -> None:
    for day in range(3):
        night(water_meter, day, 0.3)
    alert = Alert.objects.get()

    night(water_meter, 3, 0.02)  # 20 L/h: the leak was repaired

    alert.refresh_from_db()
    assert alert.retreated_at is not None


def test_nights_that_are_not_consecutive_raise_nothing(water_meter: Device, settings: Settings) -> None:
    settings.IOT_LEAK_NIGHTS = 2
    night(water_meter, 0, 0.3)
    night(water_meter, 2, 0.3)  # night 1 has no data

    assert not Alert.objects.exists()


def test_night_flow_comes_from_the_index_when_the_meter_sends_no_flow(world: World) -> None:
    meter = make_device("wm-02", Device.Kind.WATER_METER, world.agency, ["volume"])
    send(meter, at(0, 1), volume=50.0)
    send(meter, at(0, 4), volume=50.6)  # 0.6 m³ in 3 hours

    row = meters.compute_day(meter, FIRST, at(0, 5))

    assert row is not None and row.night_flow == pytest.approx(0.2)
