"""The reading payload (MQTT and HTTP alike), checked field by field; a bad payload is refused as a whole.

One sample:  {"token": "<device secret>", "at": "2026-02-13T09:00:00+07:00", "values": {"pm25": 35.2}}
Many:        {"token": "<device secret>", "samples": [{"at": …, "values": {…}}, …]}
"at" is ISO 8601 (without an offset it is read as Asia/Ho_Chi_Minh time) or Unix seconds. Over HTTP the token
travels in the header "Authorization: Device <secret>" instead. docs/ARCHITECTURE.md documents the scheme.
"""

import dataclasses
import datetime
import hmac
import json
import math
from typing import Any, TypeGuard
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from core.errors import InvalidInput
from core.json_body import parse_json
from iot.directory import DeviceInfo
from iot.models import Device, Reject
from iot.partitions import oldest_kept

LOCAL = ZoneInfo("Asia/Ho_Chi_Minh")


class Refused(Exception):
    """A payload refused for a reason counted in iot.models.Reject; the message says what and how to fix it."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason
        self.message = message


@dataclasses.dataclass(frozen=True)
class Sample:
    """One value to store."""

    quantity: str
    at: datetime.datetime
    value: float


def decode(raw: bytes) -> dict[str, Any]:
    """The payload as a JSON object."""
    if len(raw) > settings.IOT_MAX_PAYLOAD_BYTES:
        raise Refused(
            Reject.Reason.TOO_LARGE,
            _("The payload has %(size)d bytes; send at most %(limit)d bytes per message (split the samples).")
            % {"size": len(raw), "limit": settings.IOT_MAX_PAYLOAD_BYTES},
        )
    try:
        body = parse_json(raw, max_bytes=settings.IOT_MAX_PAYLOAD_BYTES)
    except InvalidInput as error:
        raise Refused(Reject.Reason.MALFORMED, error.message) from None
    if not isinstance(body, dict):
        raise Refused(Reject.Reason.MALFORMED, _("The payload must be a JSON object."))
    return body


def check_device(info: DeviceInfo | None, code: str, token: object) -> DeviceInfo:
    """The device, if it is registered, not retired and the token is its own."""
    if info is None:
        raise Refused(
            Reject.Reason.UNKNOWN_DEVICE,
            _("No device '%(code)s' is registered; ask the IOC operator to register it.") % {"code": code},
        )
    if not isinstance(token, str) or not token or info.token_hash is None:
        raise Refused(Reject.Reason.BAD_TOKEN, _("Send the device's token in 'token'."))
    if not hmac.compare_digest(Device.hash_token(token), info.token_hash):
        raise Refused(Reject.Reason.BAD_TOKEN, _("The token is not the one issued to device '%(code)s'.") % {
            "code": code
        })  # fmt: skip
    if info.retired:
        raise Refused(Reject.Reason.DEVICE_RETIRED, _("Device '%(code)s' is retired.") % {"code": code})
    return info


def time_window(now: datetime.datetime) -> tuple[datetime.datetime, datetime.datetime]:
    """The instants a reading may carry: from the oldest month kept to a few minutes ahead (clock skew)."""
    return oldest_start(now), now + datetime.timedelta(seconds=settings.IOT_MAX_CLOCK_SKEW_SECONDS)


def samples(
    body: dict[str, Any],
    info: DeviceInfo,
    now: datetime.datetime,
    window: tuple[datetime.datetime, datetime.datetime] | None = None,
) -> list[Sample]:
    """Every value of the payload, checked; Refused names the first wrong field (window: see time_window)."""
    if "samples" in body:
        entries = body["samples"]
        if not isinstance(entries, list) or not entries:
            raise Refused(Reject.Reason.MALFORMED, _("'samples' must be a non-empty list of {at, values}."))
        if len(entries) > settings.IOT_MAX_SAMPLES:
            raise Refused(
                Reject.Reason.TOO_LARGE,
                _("%(count)d samples in one payload; send at most %(limit)d.")
                % {"count": len(entries), "limit": settings.IOT_MAX_SAMPLES},
            )
        located = [(f"samples[{index}]", entry) for index, entry in enumerate(entries)]
    else:
        located = [("", body)]
    window = window or time_window(now)
    result: list[Sample] = []
    for where, entry in located:
        result.extend(_entry(where, entry, info, window))
    return result


def oldest_start(now: datetime.datetime) -> datetime.datetime:
    return datetime.datetime.combine(oldest_kept(now), datetime.time(), tzinfo=datetime.UTC)


def _entry(
    where: str, entry: object, info: DeviceInfo, window: tuple[datetime.datetime, datetime.datetime]
) -> list[Sample]:
    prefix = f"{where}." if where else ""
    if not isinstance(entry, dict):
        raise Refused(Reject.Reason.MALFORMED, _("%(where)s must be an object {at, values}.") % {"where": where})
    at = _instant(entry.get("at"), f"{prefix}at", window)
    values = entry.get("values")
    if not isinstance(values, dict) or not values:
        raise Refused(
            Reject.Reason.MALFORMED,
            _("'%(field)s' must be an object of quantity: number, e.g. {\"pm25\": 35.2}.")
            % {"field": f"{prefix}values"},
        )
    return [_value(f"{prefix}values.{quantity}", quantity, value, info, at) for quantity, value in values.items()]


def _instant(value: object, field: str, window: tuple[datetime.datetime, datetime.datetime]) -> datetime.datetime:
    at: datetime.datetime | None = None
    if isinstance(value, str):
        try:
            at = datetime.datetime.fromisoformat(value)  # the common case, in C
        except ValueError:
            try:
                at = parse_datetime(value.strip())
            except ValueError:  # well-formed but impossible, e.g. month 13
                at = None
        if at is not None and at.tzinfo is None:
            at = at.replace(tzinfo=LOCAL)
    elif _is_number(value):
        try:
            at = datetime.datetime.fromtimestamp(value, tz=datetime.UTC)
        except (OverflowError, OSError, ValueError):
            at = None
    if at is None:
        raise Refused(
            Reject.Reason.MALFORMED if value is None else Reject.Reason.WRONG_TYPE,
            _("'%(field)s' must be an ISO 8601 instant (e.g. 2026-02-13T09:00:00+07:00) or Unix seconds.")
            % {"field": field},
        )
    oldest, latest = window
    if at > latest:
        raise Refused(
            Reject.Reason.FUTURE,
            _("'%(field)s' (%(at)s) is in the future; check the device's clock.") % {
                "field": field, "at": at.isoformat()
            },
        )  # fmt: skip
    if at < oldest:
        raise Refused(
            Reject.Reason.TOO_OLD,
            _("'%(field)s' (%(at)s) is older than the retention period (readings are kept from %(oldest)s).")
            % {"field": field, "at": at.isoformat(), "oldest": oldest.date().isoformat()},
        )
    return at


def _is_number(value: object) -> TypeGuard[int | float]:
    """A finite JSON number that fits a double (an integer of 400 digits does not)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    try:
        return math.isfinite(value)
    except OverflowError:
        return False


def _value(field: str, quantity: object, value: object, info: DeviceInfo, at: datetime.datetime) -> Sample:
    if not isinstance(quantity, str) or quantity not in info.bounds:
        allowed = ", ".join(sorted(info.bounds)) or _("none registered")
        raise Refused(
            Reject.Reason.UNKNOWN_QUANTITY,
            _("Device '%(code)s' does not report '%(quantity)s'; it reports: %(allowed)s.")
            % {"code": info.code, "quantity": quantity, "allowed": allowed},
        )
    if not _is_number(value):
        raise Refused(
            Reject.Reason.WRONG_TYPE,
            _("'%(field)s' must be a number, not %(value)s.") % {"field": field, "value": json.dumps(value)[:40]},
        )
    low, high = info.bounds[quantity]
    if not low <= value <= high:
        raise Refused(
            Reject.Reason.OUT_OF_BOUNDS,
            _("'%(field)s' = %(value)s lies outside the physical bounds of %(quantity)s (%(low)s to %(high)s).")
            % {"field": field, "value": value, "quantity": quantity, "low": f"{low:g}", "high": f"{high:g}"},
        )
    return Sample(quantity, at, float(value))
