"""The alert engine's sensor rules on new readings, with hysteresis so that a value hovering at a threshold
raises one alert, not a flapping series.

Each (rule, device) pair has a level in iot.models.RuleState: 0 = clear, k = past the k-th threshold (a
threshold rule has one; a water-level alarm has levels I, II and III). A level rises as soon as a reading
passes its threshold and falls only once a reading is back by the hysteresis band (the rule's "hysteresis"
parameter, in the quantity's unit, or IOT_HYSTERESIS_PERCENT of the threshold). Only a change of level runs the
rule through alert_rules.api.run_rule: rising raises or escalates the alert, clearing records the retreat (unless
another device of the same unit still holds the rule). Runs inside the ingestion transaction, so a reading and
the alert it causes are committed together.
"""

import datetime
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction

from alert_rules.api import SensorReading, run_rule
from alerts.api import AlertRule
from core.errors import InvalidInput
from iot.directory import DeviceInfo
from iot.models import Quantity, RuleState

logger = logging.getLogger(__name__)

SENSOR_RULE_TYPES = ("threshold", "water_level_alarm")


@dataclass(frozen=True)
class Observation:
    """A new value of a device: a stored reading or a derived index such as the hourly VN_AQI."""

    device_id: int
    quantity: str
    at: datetime.datetime
    value: float


@dataclass(frozen=True)
class LevelReading(SensorReading):
    """A reading with the level the hysteresis keeps (a rule type may use it instead of the raw value)."""

    level: int = 0


@dataclass(frozen=True)
class Change:
    """A rule's level on a device changed with this observation."""

    rule: AlertRule
    device: DeviceInfo
    observation: Observation
    before: int
    after: int


def quantity_of(rule: AlertRule) -> str:
    default = "water_level" if rule.rule_type == "water_level_alarm" else ""
    quantity = (rule.params or {}).get("quantity", default)
    return quantity if isinstance(quantity, str) else ""


def ladder(rule: AlertRule, device: DeviceInfo) -> tuple[list[float], int] | None:
    """The rule's thresholds on this device and its direction (1 above, -1 below); None if it has none."""
    params = rule.params or {}
    if rule.rule_type == "water_level_alarm":
        levels = [level for level in device.alarm_levels if level is not None]
        return (levels, 1) if levels else None
    threshold = params.get("threshold")
    if isinstance(threshold, bool) or not isinstance(threshold, int | float):
        return None
    return [float(threshold)], -1 if params.get("direction") == "below" else 1


def bands(rule: AlertRule, thresholds: Sequence[float]) -> list[float]:
    """The hysteresis band of each threshold."""
    band = (rule.params or {}).get("hysteresis")
    if isinstance(band, int | float) and not isinstance(band, bool) and band >= 0:
        return [float(band)] * len(thresholds)
    return [abs(threshold) * settings.IOT_HYSTERESIS_PERCENT / 100 for threshold in thresholds]


def next_level(thresholds: Sequence[float], direction: int, widths: Sequence[float], before: int, value: float) -> int:
    """The level after a value: up at once past a threshold, down only beyond its band."""
    x = direction * value
    steps = sorted(zip([direction * threshold for threshold in thresholds], widths, strict=True))
    raw = sum(1 for threshold, _width in steps if x > threshold)
    if raw >= before:
        return raw
    held = sum(1 for threshold, width in steps[:before] if x > threshold - width)
    return max(raw, held)


def applies(rule: AlertRule, device: DeviceInfo) -> bool:
    sensors = (rule.params or {}).get("sensors") or []
    return not sensors or device.code in sensors


def evaluate(observations: Iterable[Observation], devices: dict[int, DeviceInfo]) -> list[Change]:
    """Move each (rule, device) level with the observations, in time order, and act on every change."""
    rules = list(AlertRule.objects.filter(is_active=True, rule_type__in=SENSOR_RULE_TYPES))
    if not rules:
        return []
    by_quantity: dict[str, list[AlertRule]] = {}
    for rule in rules:
        by_quantity.setdefault(quantity_of(rule), []).append(rule)
    pending: dict[tuple[int, int], list[Observation]] = {}
    for observation in observations:
        device = devices.get(observation.device_id)
        if device is None or not device.watched:
            continue
        for rule in by_quantity.get(observation.quantity, []):
            if applies(rule, device) and ladder(rule, device) is not None:
                pending.setdefault((device.id, rule.pk), []).append(observation)
    if not pending:
        return []
    changes = _move_levels(pending, {rule.pk: rule for rule in rules}, devices)
    for change in changes:
        _act(change)
    return changes


def _move_levels(
    pending: dict[tuple[int, int], list[Observation]], rules: dict[int, AlertRule], devices: dict[int, DeviceInfo]
) -> list[Change]:
    RuleState.objects.bulk_create(
        [RuleState(device_id=device_id, rule_id=rule_id) for device_id, rule_id in sorted(pending)],
        ignore_conflicts=True,
    )
    device_ids = {device_id for device_id, _rule in pending}
    rule_ids = {rule_id for _device, rule_id in pending}
    # Locked in id order: a concurrent ingestion (HTTP beside MQTT) waits here instead of acting twice.
    locked = RuleState.objects.select_for_update().filter(device_id__in=device_ids, rule_id__in=rule_ids)
    states = {(state.device_id, state.rule_id): state for state in locked.order_by("id")}
    changes: list[Change] = []
    touched = []
    for key, observations in sorted(pending.items()):
        state, rule, device = states[key], rules[key[1]], devices[key[0]]
        thresholds, direction = ladder(rule, device) or ([], 1)
        widths = bands(rule, thresholds)
        for observation in sorted(observations, key=lambda item: item.at):
            if state.at is not None and observation.at <= state.at:
                continue  # a late reading older than what the state already saw changes nothing
            after = next_level(thresholds, direction, widths, state.level, observation.value)
            if after != state.level:
                changes.append(Change(rule, device, observation, state.level, after))
                state.level, state.changed_at = after, observation.at
            state.at = observation.at
        touched.append(state)
    RuleState.objects.bulk_update(touched, ["level", "at", "changed_at"])
    return changes


def _act(change: Change) -> None:
    """Run the rule on the observation that changed the level; a rule that cannot place its alert is logged."""
    device, observation = change.device, change.observation
    if change.after == 0 and _still_held_nearby(change):
        return
    units = dict(Quantity.objects.filter(code=observation.quantity).values_list("code", "unit"))
    reading = LevelReading(
        sensor=device.code, quantity=observation.quantity, value=observation.value, location=device.position,
        at=observation.at, unit_of_measure=units.get(observation.quantity, ""), level=change.after,
    )  # fmt: skip
    try:
        with transaction.atomic():
            run_rule(change.rule, reading)
    except InvalidInput as exc:
        # E.g. a device placed outside the province: the reading stays stored; the operator fixes the position.
        logger.warning("rule %s on device %s: %s", change.rule.key, device.code, exc.message)


def _still_held_nearby(change: Change) -> bool:
    """Whether another device of the same unit still holds the rule (the unit's alert must not retreat yet)."""
    if change.device.unit_id is None:
        return False
    others = RuleState.objects.filter(rule=change.rule, level__gt=0, device__unit_id=change.device.unit_id)
    return others.exclude(device_id=change.device.id).exists()
