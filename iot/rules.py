"""The water-level alarm, a rule type of the alert engine (registered as "water_level_alarm" by iot.apps).

A water-level station has alarm levels I, II and III (báo động I, II, III) set on the device. The rule raises
one alert per unit whose severity follows the level (I moderate, II severe, III extreme), escalated or lowered
as the water moves, and records the retreat when the water is back under level I. iot.thresholds supplies
the level with hysteresis; a plain SensorReading is placed by its raw value.
"""

from django.utils.translation import gettext as _

from alert_rules.api import Evaluation, Finding, RuleType, SensorReading
from alerts.api import Severity, Source, units_touched
from core.errors import InvalidInput
from iot.models import Device

ROMAN = {1: "I", 2: "II", 3: "III"}
SEVERITY = {1: Severity.MODERATE, 2: Severity.SEVERE, 3: Severity.EXTREME}


class WaterLevelAlarmRule(RuleType):
    """Water level past a station's alarm level I, II or III.

    Parameters (all optional): quantity (default "water_level"), sensors (station identifiers the rule is
    limited to), hysteresis (how far under a level the water must fall before the alarm is lowered).
    """

    source = Source.SENSOR_THRESHOLD

    def validate_params(self) -> None:
        quantity = self.params.get("quantity", "water_level")
        if not isinstance(quantity, str) or not quantity.strip():
            raise InvalidInput(_("A water-level alarm's 'quantity' is the name of the measured quantity."))
        sensors = self.params.get("sensors", [])
        if not isinstance(sensors, list) or not all(isinstance(sensor, str) for sensor in sensors):
            raise InvalidInput(_("A water-level alarm's 'sensors' is a list of station identifiers."))
        band = self.params.get("hysteresis", 0)
        if isinstance(band, bool) or not isinstance(band, int | float) or band < 0:
            raise InvalidInput(_("A water-level alarm's 'hysteresis' is a number of metres, zero or more."))

    def evaluate(self, payload: SensorReading) -> Evaluation:
        if payload.quantity != self.params.get("quantity", "water_level"):
            return Evaluation()
        device = Device.objects.filter(code=payload.sensor).first()
        if device is None:
            return Evaluation()
        level = getattr(payload, "level", None)
        if level is None:
            level = sum(1 for mark in device.alarm_levels() if mark is not None and payload.value > mark)
        units = units_touched(payload.location)
        if level == 0:
            return Evaluation(cleared_units=units)
        mark = device.alarm_levels()[level - 1]
        title = _("Water level at alarm level %(level)s: %(value)s%(uom)s at station %(station)s") % {
            "level": ROMAN[level], "value": payload.value,
            "uom": f" {payload.unit_of_measure}" if payload.unit_of_measure else "", "station": device.name,
        }  # fmt: skip
        details = {
            "sensor": device.code, "quantity": payload.quantity, "value": payload.value, "alarm_level": level,
            "alarm_level_value": mark, "unit_of_measure": payload.unit_of_measure,
        }  # fmt: skip
        return Evaluation(
            findings=[Finding(unit, title, payload.location, details, SEVERITY[level], payload.at) for unit in units]
        )
