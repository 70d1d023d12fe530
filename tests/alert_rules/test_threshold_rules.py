"""The rule registry and the threshold rule on sensor readings: one open alert per rule and unit, retreats kept."""

import pytest
from django.contrib.gis.geos import Point
from django.core.exceptions import ValidationError

from alert_rules.rules import RuleType, SensorReading, rule_type_for, run_rule
from alerts.models import Alert, AlertRule
from core.errors import InvalidInput
from tests.alerts.world import World


@pytest.fixture
def rule(world: World) -> AlertRule:
    return AlertRule.objects.create(
        key="water-level-high",
        name="Mực nước vượt báo động",
        rule_type="threshold",
        params={"quantity": "water_level_cm", "threshold": 150},
        sector=world.utilities,
        category="flood",
        severity="severe",
    )


def reading(value: float, sensor: str = "wl-01", location: Point | None = None) -> SensorReading:
    return SensorReading(sensor, "water_level_cm", value, location or Point(109.125, 12.225, srid=4326), None, "cm")


def test_a_reading_over_the_threshold_raises_an_alert_on_the_sensors_unit(world: World, rule: AlertRule) -> None:
    result = run_rule(rule, reading(180))

    (alert,) = result.created
    assert (alert.source, alert.procedure, alert.severity) == ("sensor_threshold", "immediate", "severe")
    assert (alert.rule, alert.dedup_unit, alert.sector) == (rule, world.ward_a, world.utilities)
    assert alert.details["value"] == 180
    assert alert.title == "Mực nước vượt báo động: water_level_cm 180 cm at sensor wl-01"


def test_a_reading_under_the_threshold_or_of_another_quantity_raises_nothing(world: World, rule: AlertRule) -> None:
    run_rule(rule, reading(120))
    run_rule(rule, SensorReading("wl-01", "rain_mm", 900, Point(109.125, 12.225, srid=4326)))

    assert not Alert.objects.exists()


def test_a_repeated_breach_updates_the_open_alert_instead_of_raising_another(world: World, rule: AlertRule) -> None:
    first = run_rule(rule, reading(180)).created[0]

    again = run_rule(rule, reading(180))
    higher = run_rule(rule, reading(210))

    assert (again.created, higher.created) == ([], [])
    assert Alert.objects.count() == 1
    kinds = list(first.events.values_list("kind", flat=True))
    assert kinds == ["created", "updated"]  # the identical reading changed nothing, so it wrote nothing


def test_when_the_hazard_retreats_the_alert_says_so_instead_of_vanishing(world: World, rule: AlertRule) -> None:
    alert = run_rule(rule, reading(180)).created[0]

    result = run_rule(rule, reading(100))
    run_rule(rule, reading(90))  # already retreated: no second event

    assert result.retreated == [alert]
    alert.refresh_from_db()
    assert alert.state == "new" and alert.retreated_at is not None
    assert list(alert.events.values_list("kind", flat=True)) == ["created", "hazard_retreated"]
    run_rule(rule, reading(170))
    last = alert.events.order_by("-seq").first()
    assert last is not None and last.data["hazard_back"] is True


def test_a_rejected_alert_frees_the_rule_and_unit_for_a_new_alert(world: World, rule: AlertRule) -> None:
    first = run_rule(rule, reading(180)).created[0]
    first.reject(world.users["operator"], "Cảm biến lỗi")

    second = run_rule(rule, reading(185)).created[0]

    assert second.pk != first.pk
    assert Alert.objects.open().get() == second


def test_an_inactive_rule_raises_nothing(world: World, rule: AlertRule) -> None:
    rule.is_active = False

    assert run_rule(rule, reading(500)).created == []


def test_rule_parameters_are_checked_with_a_clear_message(world: World, rule: AlertRule) -> None:
    rule.params = {"quantity": "water_level_cm", "threshold": "high"}

    with pytest.raises(InvalidInput, match="'threshold', a number"):
        run_rule(rule, reading(180))
    with pytest.raises(ValidationError) as error:
        rule.full_clean()
    assert "params" in error.value.message_dict
    assert not Alert.objects.exists()


def test_an_unknown_rule_type_names_the_known_ones(world: World, rule: AlertRule) -> None:
    rule.rule_type = "satellite_fire"

    with pytest.raises(
        InvalidInput,
        match="Unknown rule type 'satellite_fire'; use one of: threshold, spatial_intersection, raster_zonal",
    ):
        rule_type_for(rule)
    with pytest.raises(ValidationError) as error:
        rule.full_clean()
    assert "rule_type" in error.value.message_dict


def test_the_base_rule_type_leaves_every_method_to_its_kinds(world: World, rule: AlertRule) -> None:
    base = RuleType(rule)

    with pytest.raises(NotImplementedError):
        base.validate_params()
    with pytest.raises(NotImplementedError):
        base.evaluate(reading(180))
