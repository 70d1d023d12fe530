"""The hourly VN_AQI of air stations from stored readings: the guidance's example end to end, shown on the map."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.test import Client

from alerts.models import Alert, AlertRule
from iot import air, api
from iot.models import AqiHourly
from tests.iot.test_vn_aqi import PM25_09_TO_20
from tests.iot.world import World

VN = ZoneInfo("Asia/Ho_Chi_Minh")
HOUR_END = datetime.datetime(2026, 2, 13, 20, 0, tzinfo=VN)


@pytest.fixture
def guidance_day(world: World) -> World:
    """PM2.5 hourly means 09:00 … 20:00 of section 2.3 a, and O3 136.1, NO2 118.7 in the hour ending 20:00."""
    station = world.devices["aq-01"]
    for index, value in enumerate(PM25_09_TO_20):
        hour_end = datetime.datetime(2026, 2, 13, 9 + index, 0, tzinfo=VN)
        # Two readings per hour whose mean is the hourly value.
        for minutes, delta in ((-45, -1.0), (-15, 1.0)):
            at = hour_end + datetime.timedelta(minutes=minutes)
            api.ingest(station, {"at": at.isoformat(), "values": {"pm25": value + delta}}, now=HOUR_END)
    at = HOUR_END - datetime.timedelta(minutes=30)
    api.ingest(station, {"at": at.isoformat(), "values": {"o3": 136.1, "no2": 118.7}}, now=HOUR_END)
    return world


def test_the_hourly_aqi_of_the_guidance_example(guidance_day: World) -> None:
    (row,) = air.compute_hour(HOUR_END)

    assert (row.aqi, row.dominant) == (59, "no2")
    assert row.sub_indices["pm25"] == pytest.approx(50 / 25 * 20.3, abs=0.1)  # Nowcast 20.3 µg/m³
    assert row.sub_indices["o3"] == pytest.approx(42.53, abs=0.01)


def test_the_map_shows_the_aqi_with_its_official_colour(guidance_day: World, client: Client) -> None:
    air.compute_hour(HOUR_END)

    feature = client.get("/api/v1/iot/devices/aq-01").json()

    assert feature["properties"]["vn_aqi"]["value"] == 59
    assert feature["properties"]["vn_aqi"]["colour"] == "#FFFF00"
    assert feature["properties"]["vn_aqi"]["band"] == "Trung bình"


def test_an_aqi_threshold_rule_raises_an_alert(guidance_day: World) -> None:
    AlertRule.objects.create(
        key="aqi-moderate", name="VN_AQI trên 50", rule_type="threshold", params={"quantity": "vn_aqi", "threshold": 50}
    )

    air.compute_hour(HOUR_END)

    alert = Alert.objects.get()
    assert alert.details["quantity"] == "vn_aqi" and alert.details["value"] == 59


def test_the_periodic_check_does_each_hour_once_and_computing_again_replaces_it(guidance_day: World) -> None:
    # At 20:04 the hour ending 20:00 is still in its grace period: the one ending 19:00 is computed.
    (earlier,) = air.compute_due(HOUR_END + datetime.timedelta(minutes=4))
    assert earlier.hour_end == HOUR_END - datetime.timedelta(hours=1)

    after = HOUR_END + datetime.timedelta(minutes=6)
    (row,) = air.compute_due(after)
    assert (row.hour_end, row.aqi) == (HOUR_END, 59)
    assert air.compute_due(after) == []
    air.compute_hour(HOUR_END)
    assert AqiHourly.objects.filter(hour_end=HOUR_END).count() == 1
