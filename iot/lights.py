"""Street-light control (service 15): commands and schedules sent over MQTT, each logged with its sender and
the device's answer.

The command row is written before publishing, so the device's answer (on <prefix>/sensors/<device>/acks:
{"token", "command_id", "status": "ok" | "error", "message"}) always finds it; a broker that does not take the
message leaves the row "failed", and a device that never answers leaves it "unanswered" after
IOT_COMMAND_ACK_TIMEOUT_SECONDS.
"""

import dataclasses
import datetime
import json
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from core.errors import Conflict, InvalidInput
from iot import mqtt
from iot.directory import DeviceInfo
from iot.models import Device, LightCommand, LightSchedule, Reject
from iot.payloads import Refused


@dataclasses.dataclass(frozen=True)
class Answer:
    """A device's answer to a command."""

    device: DeviceInfo
    command_id: int
    ok: bool
    body: dict[str, Any]


def check_controllable(device: Device) -> None:
    """Raise unless the device is a street-light controller in service."""
    if device.kind != Device.Kind.STREET_LIGHT:
        raise InvalidInput(_("Device '%(code)s' is not a street-light controller.") % {"code": device.code})
    if device.status == Device.Status.RETIRED:
        raise Conflict(_("Device '%(code)s' is retired; it takes no commands.") % {"code": device.code})


def send(device: Device, action: str, user: User, schedule: LightSchedule | None = None) -> LightCommand:
    """Log the command, publish it to the device and return it (status sent, or failed with BrokerUnavailable)."""
    check_controllable(device)
    if action not in LightCommand.Action.values:
        allowed = ", ".join(LightCommand.Action.values)
        raise InvalidInput(_("Unknown action '%(action)s'; use one of: %(allowed)s.") % {
            "action": action, "allowed": allowed
        })  # fmt: skip
    if (action == LightCommand.Action.SCHEDULE) != (schedule is not None):
        raise InvalidInput(_("Send a schedule with the action 'schedule', and only with it."))
    command = LightCommand.objects.create(device=device, action=action, schedule=schedule, sent_by=user)
    payload = {"command_id": command.pk, "action": action, "issued_at": command.created_at.isoformat()}
    if schedule is not None:
        payload["schedule"] = schedule.as_payload()
    command.payload = payload
    command.save(update_fields=["payload"])
    try:
        mqtt.publish_once(mqtt.topic(device.code, mqtt.COMMANDS), json.dumps(payload).encode())
    except mqtt.BrokerUnavailable as exc:
        command.status, command.error = LightCommand.Status.FAILED, exc.message
        command.save(update_fields=["status", "error"])
        exc.details["command_id"] = command.pk
        raise
    command.status, command.sent_at = LightCommand.Status.SENT, timezone.now()
    command.save(update_fields=["status", "sent_at"])
    return command


def read_answer(device: DeviceInfo, body: dict[str, Any]) -> Answer:
    """The device's answer, checked; Refused when it is malformed."""
    command_id, status = body.get("command_id"), body.get("status")
    if isinstance(command_id, bool) or not isinstance(command_id, int) or status not in ("ok", "error"):
        raise Refused(
            Reject.Reason.MALFORMED,
            _('An answer is {"token", "command_id": <number>, "status": "ok" or "error", "message"}.'),
        )
    kept = {key: value for key, value in body.items() if key != "token"}
    return Answer(device, command_id, status == "ok", kept)


def record_answers(answers: list[Answer], now: datetime.datetime) -> int:
    """Store the answers on their commands (a device answers only its own); return how many matched."""
    matched = 0
    for answer in answers:
        status = LightCommand.Status.ACKNOWLEDGED if answer.ok else LightCommand.Status.REFUSED
        matched += LightCommand.objects.filter(pk=answer.command_id, device_id=answer.device.id).update(
            status=status, acked_at=now, ack=answer.body
        )
    return matched


def expire_unanswered(now: datetime.datetime) -> int:
    """Mark sent commands without an answer after the timeout."""
    cutoff = now - datetime.timedelta(seconds=settings.IOT_COMMAND_ACK_TIMEOUT_SECONDS)
    return LightCommand.objects.filter(status=LightCommand.Status.SENT, sent_at__lt=cutoff).update(
        status=LightCommand.Status.UNANSWERED
    )


def parse_schedule(body: dict[str, Any], device: Device, user: User) -> LightSchedule:
    """A schedule from {"on": "18:00", "off": "05:30", "weekdays": [0..6], "brightness": 1..100} (not saved)."""
    times: dict[str, datetime.time] = {}
    for field in ("on", "off"):
        value = body.get(field)
        try:
            parsed = datetime.time.fromisoformat(value) if isinstance(value, str) else None
        except ValueError:
            parsed = None
        if parsed is None:
            raise InvalidInput(_("'schedule.%(field)s' must be a time such as 18:00.") % {"field": field})
        times[field] = parsed
    weekdays = body.get("weekdays", [])
    if not isinstance(weekdays, list) or not all(
        isinstance(day, int) and not isinstance(day, bool) and 0 <= day <= 6 for day in weekdays
    ):
        raise InvalidInput(_("'schedule.weekdays' is a list of days, 0 = Monday to 6 = Sunday."))
    brightness = body.get("brightness", 100)
    if isinstance(brightness, bool) or not isinstance(brightness, int) or not 1 <= brightness <= 100:
        raise InvalidInput(_("'schedule.brightness' is a whole percentage from 1 to 100."))
    return LightSchedule(
        device=device, on_time=times["on"], off_time=times["off"], weekdays=sorted(set(weekdays)),
        brightness=brightness, created_by=user,
    )  # fmt: skip
