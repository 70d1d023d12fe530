"""Rule types that raise alerts, in a registry; an AlertRule row names its type and parameters.

RULE_TYPES maps a name to the dotted path of a RuleType subclass: the threshold rule on sensor readings (here),
the spatial rule ("features of layer A intersecting layer B by at least N m² or N %", e.g. a flood extent over
residential lots; alert_rules.spatial) and the raster rule (flood depth by zonal statistics; alert_rules.raster).
Apps above add their own types from their AppConfig.ready (iot's water-level alarm). run_rule turns any type's
findings into one alert per rule and unit through alerts.api, updated (never duplicated) while open, and records
a retreat as an event instead of letting the alert vanish. alert_rules.rule_runs runs the layer-fed types when
their input layers change and on their schedule.
"""

import datetime
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.contrib.gis.geos import GEOSGeometry, Point
from django.utils.translation import gettext as _

from alerts.api import Alert, AlertInput, AlertRule, Source, raise_alert, units_touched
from core.errors import InvalidInput
from core.registry import load_class
from gis_core.models import AdminUnit

if TYPE_CHECKING:
    from accounts.models import User

RULE_TYPES: dict[str, str] = {
    "threshold": "alert_rules.rules.ThresholdRule",
    "spatial_intersection": "alert_rules.spatial.SpatialIntersectionRule",
    "raster_zonal": "alert_rules.raster.RasterZonalRule",
}


@dataclass
class Finding:
    """The rule's hazard on one unit: one alert per unit and rule."""

    unit: AdminUnit
    title: str
    geom: GEOSGeometry | None
    details: dict[str, Any] = field(default_factory=dict)
    severity: str = ""
    observed_at: datetime.datetime | None = None
    description: str = ""


@dataclass
class Evaluation:
    """Where the rule finds the hazard, and where its input shows the hazard gone."""

    findings: list[Finding] = field(default_factory=list)
    cleared_units: list[AdminUnit] = field(default_factory=list)


class RuleType:
    """One kind of rule; subclasses say what they check and on what input."""

    source: str = ""
    reads_layers = False  # True: it reads catalogue layers, runs when they change and may run on a schedule

    def __init__(self, rule: AlertRule) -> None:
        self.rule = rule
        self.params: dict[str, Any] = rule.params or {}

    def validate_params(self) -> None:
        """Raise InvalidInput when the rule's parameters are incomplete or wrong."""
        raise NotImplementedError

    def evaluate(self, payload: Any) -> Evaluation:
        """Evaluate the rule on its input (a reading, an imported layer…)."""
        raise NotImplementedError

    def input_layers(self) -> set[str]:
        """Slugs of the catalogue layers the rule reads; importing one of them runs the rule."""
        return set()


@dataclass(frozen=True)
class SensorReading:
    """One measurement from a sensor at a place (the IoT feeds fill these)."""

    sensor: str
    quantity: str
    value: float
    location: Point
    at: datetime.datetime | None = None
    unit_of_measure: str = ""


class ThresholdRule(RuleType):
    """A reading of one quantity above (or below) a threshold raises an alert on the unit holding the sensor.

    Parameters: quantity (text), threshold (number), direction ("above" or "below", default "above"),
    sensors (optional list of sensor identifiers the rule is limited to).
    """

    source = Source.SENSOR_THRESHOLD

    def validate_params(self) -> None:
        quantity, threshold = self.params.get("quantity"), self.params.get("threshold")
        if not isinstance(quantity, str) or not quantity.strip():
            raise InvalidInput(_("A threshold rule needs 'quantity', the name of the measured quantity."))
        if isinstance(threshold, bool) or not isinstance(threshold, int | float):
            raise InvalidInput(_("A threshold rule needs 'threshold', a number."))
        if self.params.get("direction", "above") not in ("above", "below"):
            raise InvalidInput(_("A threshold rule's 'direction' is 'above' or 'below'."))
        sensors = self.params.get("sensors", [])
        if not isinstance(sensors, list) or not all(isinstance(sensor, str) for sensor in sensors):
            raise InvalidInput(_("A threshold rule's 'sensors' is a list of sensor identifiers."))

    def evaluate(self, payload: SensorReading) -> Evaluation:
        if not self._applies_to(payload):
            return Evaluation()
        units = units_touched(payload.location)
        if not self.breached(payload.value):
            return Evaluation(cleared_units=units)
        details = {
            "sensor": payload.sensor, "quantity": payload.quantity, "value": payload.value,
            "unit_of_measure": payload.unit_of_measure, "threshold": self.params["threshold"],
            "direction": self.params.get("direction", "above"),
        }  # fmt: skip
        title = _("%(rule)s: %(quantity)s %(value)s%(uom)s at sensor %(sensor)s") % {
            "rule": self.rule.name, "quantity": payload.quantity, "value": payload.value,
            "uom": f" {payload.unit_of_measure}" if payload.unit_of_measure else "", "sensor": payload.sensor,
        }  # fmt: skip
        return Evaluation(findings=[Finding(unit, title, payload.location, details, "", payload.at) for unit in units])

    def breached(self, value: float) -> bool:
        threshold = float(self.params["threshold"])
        return value < threshold if self.params.get("direction") == "below" else value > threshold

    def _applies_to(self, reading: SensorReading) -> bool:
        sensors = self.params.get("sensors") or []
        return reading.quantity == self.params["quantity"] and (not sensors or reading.sensor in sensors)


def units_clear_of(rule: AlertRule, findings: list[Finding]) -> list[AdminUnit]:
    """Units with an open alert of the rule where the findings no longer show the hazard."""
    open_units = Alert.objects.open().filter(rule=rule, dedup_unit__isnull=False).values("dedup_unit")
    affected = {finding.unit.pk for finding in findings}
    return list(AdminUnit.objects.filter(pk__in=open_units).exclude(pk__in=affected).order_by("code"))


def rule_type_for(rule: AlertRule) -> RuleType:
    """Return the rule's type, ready to evaluate."""
    if rule.rule_type not in RULE_TYPES:
        allowed = ", ".join(RULE_TYPES)
        raise InvalidInput(
            _("Unknown rule type '%(type)s'; use one of: %(allowed)s.") % {"type": rule.rule_type, "allowed": allowed}
        )
    return load_class(RULE_TYPES, rule.rule_type, RuleType, "rule type")(rule)


@dataclass
class RunResult:
    """The alerts a rule run raised, updated (new figures), left unchanged or marked as retreated."""

    created: list[Alert] = field(default_factory=list)
    updated: list[Alert] = field(default_factory=list)
    retreated: list[Alert] = field(default_factory=list)
    unchanged: list[Alert] = field(default_factory=list)


def run_rule(rule: AlertRule, payload: Any, actor: "User | None" = None) -> RunResult:
    """Evaluate a rule and apply its findings: one open alert per rule and unit, retreats recorded as events."""
    result = RunResult()
    if not rule.is_active:
        return result
    rule_type = rule_type_for(rule)
    rule_type.validate_params()
    evaluation = rule_type.evaluate(payload)
    for finding in evaluation.findings:
        data = AlertInput(
            title=finding.title, source=rule_type.source, category=rule.category,
            severity=finding.severity or rule.severity, sector=rule.sector, geom=finding.geom,
            details=finding.details, rule=rule, dedup_unit=finding.unit, observed_at=finding.observed_at,
            description=finding.description, inter_sector=rule.inter_sector,
        )  # fmt: skip
        seen = Alert.objects.open().filter(rule=rule, dedup_unit=finding.unit).values_list("last_event_seq", flat=True)
        before = seen.first()
        alert, created = raise_alert(data, actor)
        if created:
            result.created.append(alert)
        else:
            (result.updated if alert.last_event_seq != before else result.unchanged).append(alert)
    for unit in evaluation.cleared_units:
        still_open = Alert.objects.open().filter(rule=rule, dedup_unit=unit).first()
        if still_open is not None and still_open.record_retreat({"unit": unit.code}) is not None:
            result.retreated.append(still_open)
    return result
