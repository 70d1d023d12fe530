"""VN_WQI kept per water sample from a station's readings, and the alert when a sample rates below the level."""

import datetime
import importlib
from zoneinfo import ZoneInfo

import pytest
from pytest_django.fixtures import Settings

from alerts.models import Alert
from iot import api, water
from iot.models import Device, Quantity, WqiSample
from tests.agencies.factories import make_sector
from tests.iot.world import World, make_device

VN = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = datetime.datetime(2026, 3, 2, 12, 0, tzinfo=VN)
WQI_QUANTITIES = importlib.import_module("iot.migrations.0006_environment_wqi_quantities").QUANTITIES
PARAMETERS = ["ph", "dissolved_oxygen", "water_temperature", "bod5", "cod", "n_nh4", "p_po4", "coliform", "turbidity"]
# Example A of tests/iot/test_vn_wqi.py: VN_WQI 84 ("Tốt").
CLEAN = {"ph": 7.0, "dissolved_oxygen": 6.0, "water_temperature": 25.0, "bod5": 5.0, "cod": 12.0, "n_nh4": 0.5,
         "p_po4": 0.15, "coliform": 3000.0, "turbidity": 40.0}  # fmt: skip
# BOD5 30 → (25-10)/(50-25)·20+10 = 22; COD 60 → (25-10)/100·90+10 = 23.5; N-NH4 2 → (25-10)/4.1·3+10 = 20.98;
# P-PO4 0.6 → (25-10)/3.5·3.4+10 = 24.57; DO 73.389; mean IV = 32.89; Coliform 12000 (> 10000) → 10.
# VN_WQI = (32.89² · 10)^(1/3) = 22.1 → 22 ("Kém", 10-25).
POLLUTED = {**CLEAN, "bod5": 30.0, "cod": 60.0, "n_nh4": 2.0, "p_po4": 0.6, "coliform": 12000.0}


@pytest.fixture
def station(world: World) -> Device:
    for code, name, name_en, unit, low, high in WQI_QUANTITIES:
        Quantity.objects.update_or_create(
            code=code, defaults={"name": name, "name_en": name_en, "unit": unit, "min_value": low, "max_value": high}
        )
    make_sector("environment")
    return make_device("wq-01", Device.Kind.WATER_QUALITY, world.agency, PARAMETERS)


def sample(device: Device, at: datetime.datetime, values: dict[str, float]) -> None:
    api.ingest(device, {"at": at.isoformat(), "values": values}, now=NOW)


def test_each_sample_is_rated_and_kept_with_its_sub_indices(station: Device) -> None:
    sample(station, NOW - datetime.timedelta(hours=2), CLEAN)
    sample(station, NOW - datetime.timedelta(hours=1), {"ph": 7.0, "bod5": 5.0})  # too few groups: skipped

    rated = water.compute_due(NOW)

    (row,) = rated
    assert row.wqi == 84 and row.at == NOW - datetime.timedelta(hours=2)
    assert row.sub_indices["bod5"] == 87.5 and row.groups["V"] == 95
    assert row.values["turbidity"] == 40.0  # kept with the sample, not indexed
    assert water.compute_due(NOW) == []  # a sample is rated once


def test_a_sample_below_the_level_raises_an_environment_alert_that_retreats(station: Device) -> None:
    sample(station, NOW - datetime.timedelta(hours=3), POLLUTED)
    water.compute_due(NOW)

    alert = Alert.objects.get()
    assert WqiSample.objects.get().wqi == 22
    assert alert.sector is not None
    assert (alert.category, alert.sector.code, alert.severity) == ("threshold", "environment", "severe")
    assert alert.details["wqi"] == 22 and alert.retreated_at is None

    sample(station, NOW - datetime.timedelta(hours=1), CLEAN)
    water.compute_due(NOW)

    alert.refresh_from_db()
    assert alert.retreated_at is not None
    assert Alert.objects.count() == 1


def test_the_alert_level_is_configurable(station: Device, settings: Settings) -> None:
    settings.IOT_WQI_ALERT_BELOW = 90
    sample(station, NOW - datetime.timedelta(hours=1), CLEAN)  # 84: "Tốt", below 90

    water.compute_due(NOW)

    assert Alert.objects.get().details["wqi"] == 84


def test_the_periodic_check_rates_new_samples(station: Device) -> None:
    sample(station, NOW - datetime.timedelta(minutes=10), CLEAN)

    report = api.run_periodic(NOW)

    assert report.wqi_samples == 1


def test_a_new_pollution_after_the_alert_was_closed_is_a_new_alert(station: Device) -> None:
    sample(station, NOW - datetime.timedelta(hours=5), POLLUTED)
    water.compute_due(NOW)
    sample(station, NOW - datetime.timedelta(hours=4), POLLUTED)  # the same episode: the same alert
    water.compute_due(NOW)
    first = Alert.objects.get()
    Alert.objects.filter(pk=first.pk).update(state="closed")  # the agency resolved it and the IOC closed it

    sample(station, NOW - datetime.timedelta(hours=1), POLLUTED)
    water.compute_due(NOW)

    assert Alert.objects.count() == 2
    assert Alert.objects.exclude(pk=first.pk).get().external_ref != first.external_ref
