"""The daily VN_AQI stored per station and day from the hourly means, its map overlay and the environment panel."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.test import Client

from core.periodic import get_task
from iot import air, air_daily, api
from iot.models import AqiDaily, Device
from tests.agencies.factories import make_sector
from tests.iot.world import World

VN = ZoneInfo("Asia/Ho_Chi_Minh")
DAY = datetime.date(2026, 3, 1)
NOW = datetime.datetime(2026, 3, 2, 6, 0, tzinfo=VN)


def hour(index: int, minutes: int = 30) -> datetime.datetime:
    return datetime.datetime.combine(DAY, datetime.time(), tzinfo=VN) + datetime.timedelta(hours=index,
                                                                                           minutes=minutes)  # fmt: skip


@pytest.fixture
def a_day(world: World) -> Device:
    """PM2.5 40 µg/m³ for 12 hours and 60 for 12 (mean 50); NO2 80 every hour but 250 in one; O3 100 all day."""
    station = world.devices["aq-01"]
    for index in range(24):
        values = {"pm25": 40.0 if index < 12 else 60.0, "no2": 250.0 if index == 7 else 80.0, "o3": 100.0}
        api.ingest(station, {"at": hour(index).isoformat(), "values": values}, now=NOW)
    return station


def test_the_daily_aqi_takes_the_24_hour_pm_mean_and_the_largest_hourly_gas_mean(a_day: Device) -> None:
    (row,) = air_daily.compute_day(DAY, NOW)

    # PM2.5 24-hour mean 50 → 100 (Table 2: 50 µg/m³ is the top of "Trung bình"); NO2 largest hour 250 →
    # (150-100)/(700-200)·(250-200)+100 = 105; O3 1-hour 100 → 50/160·100 = 31.25, 8-hour 100 → 50 (BP 100).
    assert row.sub_indices["pm25"] == 100 and row.sub_indices["no2"] == 105 and row.sub_indices["o3"] == 50
    assert (row.aqi, row.dominant, row.hours) == (105, "no2", 24)
    assert AqiDaily.objects.get(device=a_day, day=DAY).aqi == 105


def test_the_periodic_task_stores_ended_days_once(a_day: Device) -> None:
    summary = get_task("iot.daily").run(NOW)

    assert "daily AQI rows 1" in summary
    assert AqiDaily.objects.filter(day=DAY).count() == 1
    assert air_daily.compute_due(NOW + datetime.timedelta(days=1)) == []  # no data on 2 March: nothing to store


def test_the_map_overlay_shows_each_station_with_its_latest_aqi(a_day: Device, client: Client) -> None:
    air_daily.compute_day(DAY, NOW)

    (feature,) = client.get("/api/v1/iot/aqi-map").json()["features"]

    assert feature["id"] == "aq-01"
    assert feature["properties"]["Daily VN_AQI"] == "105 — Kém (01/03/2026)"


def test_the_environment_page_draws_the_aqi_overlay_and_the_daily_table(
    a_day: Device, world: World, client: Client
) -> None:
    from services.models import ServicePage

    air_daily.compute_day(DAY, NOW)
    ServicePage.objects.create(sector=make_sector("environment"), device_kinds=["air_quality", "water_quality"])
    client.force_login(world.users["operator"])

    page = client.get("/services/environment/").content.decode()

    assert "/api/v1/iot/aqi-map" in page and "/api/v1/iot/wqi-map" in page
    assert "data-aqi-days" in page
    assert "105 — Kém" in page


def test_a_reading_on_the_start_of_an_hour_counts_in_that_hour(world: World) -> None:
    # The hour ending 20:00 is 19:00 ≤ at < 20:00: a reading at 19:00 sharp is its c1, and one at 08:00 sharp the
    # c12 of the twelve hours (it once fell outside the list and stopped the computation).
    station = world.devices["aq-01"]
    hour_end = datetime.datetime(2026, 3, 1, 20, 0, tzinfo=VN)
    for hours_back in (1, 12):
        at = hour_end - datetime.timedelta(hours=hours_back)
        api.ingest(station, {"at": at.isoformat(), "values": {"pm25": 30.0}}, now=hour_end)

    means = air.hourly_means([station.pk], hour_end)[station.pk]["pm25"]

    assert means[0] == 30.0 and means[11] == 30.0


def test_the_public_sees_the_environment_panel(a_day: Device, client: Client) -> None:
    from services.models import ServicePage

    air_daily.compute_day(DAY, NOW)
    ServicePage.objects.create(sector=make_sector("environment"), device_kinds=["air_quality", "water_quality"])

    page = client.get("/services/environment/").content.decode()

    assert "data-aqi-days" in page and "105 — Kém" in page
    assert "/api/v1/iot/aqi-map" in page
