"""Data-feed interruptions: a device silent for IOT_SILENCE_FACTOR (3) times its interval raises an alert to the
operator and a message to its owner agency (Article 6: interruptions must be noticed and handled).

One alert per silence: the device keeps a link to it (feed_alert) and is not alerted again until data comes back,
which records the hazard's retreat on the alert and clears the link.
"""

import dataclasses
import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from alerts.api import Alert, AlertInput, Category, Severity, Source, Tell, raise_alert, record_retreat
from iot.models import Device


@dataclasses.dataclass
class SilenceReport:
    raised: list[Alert] = dataclasses.field(default_factory=list)
    recovered: list[Device] = dataclasses.field(default_factory=list)


def check(now: datetime.datetime | None = None) -> SilenceReport:
    """Alert on devices that fell silent and close the silence of those heard from again."""
    now = now or timezone.now()
    report = SilenceReport()
    for device in Device.objects.silent(now).filter(feed_alert__isnull=True).select_related("agency"):
        report.raised.append(raise_silence_alert(device, now))
    for device in (
        Device.objects.heard_within_deadline(now).filter(feed_alert__isnull=False).select_related("feed_alert")
    ):
        end_silence(device)
        report.recovered.append(device)
    return report


def raise_silence_alert(device: Device, now: datetime.datetime) -> Alert:
    """Raise the data-feed alert of a silent device and tell its owner agency."""
    since = device.silent_since()
    local_since = timezone.localtime(since).strftime("%d/%m/%Y %H:%M")
    title = _("No data from device %(code)s (%(name)s) since %(since)s") % {
        "code": device.code, "name": device.name, "since": local_since
    }  # fmt: skip
    description = _(
        "The device reports every %(interval)d s and has been silent for %(minutes)d minutes; check its power, "
        "network and the provider's gateway."
    ) % {"interval": device.interval_seconds, "minutes": (now - since).total_seconds() // 60}
    data = AlertInput(
        title=title, source=Source.FEED_INTERRUPTION, category=Category.FEED_INTERRUPTION, severity=Severity.MODERATE,
        geom=device.position if device.unit_id is not None else None, description=description,
        details={"device": device.code, "kind": device.kind, "last_seen_at": device.last_seen_at,
                 "interval_seconds": device.interval_seconds, "agency": device.agency.code},
        external_ref=f"iot-feed:{device.code}:{int(since.timestamp())}", observed_at=since,
    )  # fmt: skip
    with transaction.atomic():
        tell = Tell(_("data feed interrupted"), agency=device.agency, operators=True, body=description)
        alert, _created = raise_alert(data, tell=tell)
        Device.objects.filter(pk=device.pk).update(feed_alert=alert)
    device.feed_alert = alert
    return alert


def end_silence(device: Device) -> None:
    """Data came back: the alert records the retreat (its procedure goes on) and the device may be alerted again."""
    with transaction.atomic():
        if device.feed_alert is not None:
            record_retreat(device.feed_alert, {"device": device.code, "last_seen_at": device.last_seen_at})
        Device.objects.filter(pk=device.pk).update(feed_alert=None)
    device.feed_alert = None
