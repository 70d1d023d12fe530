"""Threshold rules on new readings keep a hysteresis band: one alert per episode, no flapping; water-level alarms
climb and fall through levels I, II and III."""

import datetime

import pytest

from alerts.models import Alert, AlertRule
from iot import api
from iot.models import Device, RuleState
from tests.iot.world import World

START = datetime.datetime(2026, 2, 13, 1, 0, tzinfo=datetime.UTC)


def feed(device: Device, quantity: str, values: list[float], start_minute: int = 0) -> None:
    """Each value one minute after the previous one, through the ingestion path."""
    for offset, value in enumerate(values):
        at = START + datetime.timedelta(minutes=start_minute + offset)
        api.ingest(device, {"at": at.isoformat(), "values": {quantity: value}}, now=at)


@pytest.fixture
def pm25_rule(world: World) -> AlertRule:
    return AlertRule.objects.create(
        key="pm25-high", name="PM2,5 vượt ngưỡng", rule_type="threshold",
        params={"quantity": "pm25", "threshold": 50, "hysteresis": 5}, category="threshold",
    )  # fmt: skip


def kinds(alert: Alert) -> list[str]:
    return list(alert.events.order_by("seq").values_list("kind", flat=True))


def test_a_value_hovering_at_the_threshold_raises_one_alert_and_nothing_more(
    world: World, pm25_rule: AlertRule
) -> None:
    feed(world.devices["aq-01"], "pm25", [40, 55, 49, 52, 47, 51, 46, 53])

    (alert,) = Alert.objects.all()
    assert kinds(alert) == ["created"]
    assert alert.details["value"] == 55
    assert RuleState.objects.get(rule=pm25_rule).level == 1


def test_the_alert_retreats_only_past_the_band_and_a_new_breach_brings_it_back(
    world: World, pm25_rule: AlertRule
) -> None:
    feed(world.devices["aq-01"], "pm25", [55, 46, 45.5, 44.9, 48, 49.9, 60])

    (alert,) = Alert.objects.all()
    assert kinds(alert) == ["created", "hazard_retreated", "updated"]
    assert alert.retreated_at is None  # the hazard is back
    assert alert.details["value"] == 60


def test_without_a_band_in_the_rule_the_default_percentage_applies(world: World, settings: object) -> None:
    settings.IOT_HYSTERESIS_PERCENT = 10  # type: ignore[attr-defined]
    AlertRule.objects.create(
        key="no2-high", name="NO2", rule_type="threshold", params={"quantity": "no2", "threshold": 200}
    )

    feed(world.devices["aq-01"], "no2", [210, 185, 205, 179])  # band 20: clears only at or under 180

    (alert,) = Alert.objects.all()
    assert kinds(alert) == ["created", "hazard_retreated"]


def test_a_falling_threshold_rule_works_the_other_way(world: World) -> None:
    AlertRule.objects.create(
        key="do-low", name="Ô-xy hòa tan thấp", rule_type="threshold",
        params={"quantity": "water_level", "threshold": 0.5, "direction": "below", "hysteresis": 0.1},
    )  # fmt: skip

    feed(world.devices["wl-01"], "water_level", [0.8, 0.45, 0.55, 0.48, 0.61])

    (alert,) = Alert.objects.all()
    assert kinds(alert) == ["created", "hazard_retreated"]


def test_a_late_reading_older_than_the_last_one_changes_nothing(world: World, pm25_rule: AlertRule) -> None:
    feed(world.devices["aq-01"], "pm25", [30], start_minute=10)
    feed(world.devices["aq-01"], "pm25", [90], start_minute=5)  # older than the state: ignored by the rule

    assert not Alert.objects.exists()


def test_a_device_under_maintenance_raises_nothing(world: World, pm25_rule: AlertRule) -> None:
    device = world.devices["aq-01"]
    device.status = Device.Status.MAINTENANCE
    device.save()

    feed(device, "pm25", [300])

    assert not Alert.objects.exists()


def test_water_level_alarms_climb_and_fall_through_levels_one_two_three(world: World) -> None:
    AlertRule.objects.create(
        key="water-level-alarm", name="Báo động mực nước", rule_type="water_level_alarm", category="flood",
        params={"hysteresis": 0.1},
    )  # fmt: skip
    station = world.devices["wl-01"]
    seen = []
    for minute, value in enumerate([0.5, 1.2, 2.3, 3.4, 2.95, 2.5, 1.95, 0.95, 0.85]):
        feed(station, "water_level", [value], start_minute=minute)
        alert = Alert.objects.first()
        seen.append(None if alert is None else (alert.severity, alert.details.get("alarm_level"), alert.is_open))

    assert seen == [
        None,
        ("moderate", 1, True),
        ("severe", 2, True),
        ("extreme", 3, True),
        ("extreme", 3, True),  # 2.95 is within the band under level III
        ("severe", 2, True),
        ("severe", 2, True),  # 1.95 is within the band under level II
        ("moderate", 1, True),  # 0.95 is within the band under level I
        ("moderate", 1, True),  # 0.85: retreat recorded, the alert stays for the operator
    ]
    alert = Alert.objects.get()
    assert alert.procedure == "immediate"
    assert alert.title.startswith("Water level at alarm level I:")
    assert kinds(alert)[-1] == "hazard_retreated"
