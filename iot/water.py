"""The VN_WQI of every water sample of the water-quality stations, from their stored readings, and its alert.

A sample is what a station sends at one instant: the readings of one device with the same timestamp. The periodic
check (iot.api.run_periodic) rates the samples newer than the station's last rated one (at most LOOKBACK
back) with iot.wqi and keeps each as an iot.models.WqiSample; a sample lacking what the guidance requires is
skipped. When a station's newest sample rates below IOT_WQI_ALERT_BELOW (51 by default: the classes "Xấu" (bad)
and worse of the rating scale), an alert is raised for the environment sector; a later sample at or above it
records the retreat.
"""

import datetime

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from alerts.api import AlertInput, Category, Severity, Source
from iot import findings, wqi
from iot.models import Device, WqiSample

LOOKBACK = datetime.timedelta(days=2)
SECTOR = "environment"
QUANTITIES = wqi.PARAMETERS + wqi.COMPANIONS
# The class of the sample decides how severe the alert is.
SEVERITY_BELOW = ((10, Severity.EXTREME), (26, Severity.SEVERE))


def stations() -> list[Device]:
    return list(Device.objects.filter(kind=Device.Kind.WATER_QUALITY, status=Device.Status.ACTIVE))


def pending_samples(device: Device, now: datetime.datetime) -> dict[datetime.datetime, dict[str, float]]:
    """The values of each sample of the device not yet rated, by instant."""
    last = WqiSample.objects.filter(device=device).order_by("-at").values_list("at", flat=True).first()
    since = max(last, now - LOOKBACK) if last is not None else now - LOOKBACK
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT at, quantity, value FROM iot_reading WHERE device_id = %s AND quantity = ANY(%s) "
            "AND at > %s AND at <= %s ORDER BY at",
            [device.pk, list(QUANTITIES), since, now],
        )
        rows = cursor.fetchall()
    samples: dict[datetime.datetime, dict[str, float]] = {}
    for at, quantity, value in rows:
        samples.setdefault(at, {})[quantity] = float(value)
    return samples


def rate_device(device: Device, now: datetime.datetime) -> list[WqiSample]:
    """Rate the device's new samples; alert on (or retreat from) the newest one."""
    computed = []
    for at, values in pending_samples(device, now).items():
        try:
            result = wqi.compute(values)
        except wqi.NotRateable:
            continue
        row, _created = WqiSample.objects.update_or_create(
            device=device, at=at,
            defaults={"wqi": result.wqi, "values": values, "sub_indices": result.sub_indices,
                      "groups": result.groups, "computed_at": now},
        )  # fmt: skip
        computed.append(row)
    if computed:
        check_alert(device, computed[-1])
    return computed


def compute_due(now: datetime.datetime | None = None) -> list[WqiSample]:
    """Rate the new samples of every station (the periodic check calls this every minute)."""
    now = now or timezone.now()
    rated = []
    for device in stations():
        with transaction.atomic():
            rated += rate_device(device, now)
    return rated


def alert_prefix(device: Device) -> str:
    return f"iot-wqi:{device.code}"


def check_alert(device: Device, sample: WqiSample) -> None:
    """Raise the alert when the sample rates below the configured level; record the retreat when it is back."""
    limit = settings.IOT_WQI_ALERT_BELOW
    if sample.wqi >= limit:
        findings.retreat(alert_prefix(device), {"device": device.code, "wqi": sample.wqi, "at": sample.at})
        return
    klass = wqi.class_of(sample.wqi)
    severity = next((level for below, level in SEVERITY_BELOW if sample.wqi < below), Severity.MODERATE)
    title = _("Water quality at %(name)s: VN_WQI %(wqi)d (%(rating)s)") % {
        "name": device.name, "wqi": sample.wqi, "rating": klass.label
    }  # fmt: skip
    description = _(
        "The sample of %(at)s rates VN_WQI %(wqi)d, below the alert level %(limit)d (Decision 1460/QĐ-TCMT). "
        "Suitable use: %(use)s."
    ) % {"at": timezone.localtime(sample.at).strftime("%d/%m/%Y %H:%M"), "wqi": sample.wqi, "limit": limit,
         "use": klass.use}  # fmt: skip
    findings.raise_finding(AlertInput(
        title=title[:300], source=Source.SECTOR_RULE, category=Category.THRESHOLD, severity=severity,
        sector=findings.sector(SECTOR), geom=findings.place(device), description=description,
        details={"device": device.code, "wqi": sample.wqi, "class": klass.label, "at": sample.at,
                 "sub_indices": sample.sub_indices, "groups": sample.groups},
        observed_at=sample.at,
    ), alert_prefix(device), sample.at)  # fmt: skip


def latest_by_device() -> dict[int, WqiSample]:
    """The newest rated sample of each station."""
    rows = WqiSample.objects.order_by("device_id", "-at").distinct("device_id")
    return {row.device_id: row for row in rows}
