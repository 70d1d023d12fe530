"""Alerts of iot's own rules on derived values (VN_WQI of a sample, a meter's night flow): raise, or retreat.

One episode on one device is one alert: its reference is the rule's prefix for the device plus the instant the
episode began ("iot-wqi:<device>:<unix time>"). While that alert is open, a new finding updates it and a good value
records the retreat on it (its procedure goes on, as alerts.api asks); once it is closed, the next finding opens a
new episode and so a new alert.
"""

import datetime
from typing import Any

from agencies.models import Sector
from alerts.api import Alert, AlertInput, raise_alert, record_retreat
from core.errors import Conflict
from iot.models import Device


def sector(code: str) -> Sector | None:
    return Sector.objects.filter(code=code).first()


def open_episode(prefix: str) -> Alert | None:
    """The open alert of the device's current episode under this rule, if any."""
    return Alert.objects.open().filter(external_ref__startswith=f"{prefix}:").order_by("-pk").first()


def raise_finding(data: AlertInput, prefix: str, began: datetime.datetime) -> bool:
    """Raise the episode's alert (or update the open one); False when the same alert was closed meanwhile."""
    current = open_episode(prefix)
    data.external_ref = current.external_ref if current is not None else f"{prefix}:{int(began.timestamp())}"
    try:
        raise_alert(data)
    except Conflict:
        return False
    return True


def retreat(prefix: str, details: dict[str, Any]) -> bool:
    """Record the retreat on the open alert of the episode; False when there is none (or it retreated already)."""
    alert = open_episode(prefix)
    if alert is None:
        return False
    return record_retreat(alert, details) is not None


def place(device: Device) -> Any:
    """The device's position when it lies in the province (an alert must be placed in a unit), else None."""
    return device.position if device.unit_id is not None else None
