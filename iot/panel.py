"""The iot blocks of two service pages: environment (VN_AQI by day, VN_WQI by sample, their maps) and public
utilities (meters: consumption per day, night flow and the leak rule). Registered in iot.apps."""

import datetime
from typing import Any

from django.conf import settings
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from iot import air, aqi, meters, water, wqi
from iot.models import AqiDaily, Device, MeterDaily, WqiSample
from portal.map_config import Overlay
from services.panels import ServicePanel

DAYS_SHOWN = 7
SAMPLES_SHOWN = 10


class EnvironmentPanel(ServicePanel):
    """Air and water stations: latest VN_AQI and VN_WQI, the last week of daily VN_AQI, the newest samples."""

    template_name = "iot/panel_environment.html"
    # The stations, their VN_AQI and VN_WQI are public (Decisions 1459 and 1460/QĐ-TCMT ask for them to be published).
    public = True

    def overlays(self) -> list[Overlay]:
        return [
            Overlay(url=reverse("iot:aqi-map"), title=_("VN_AQI by station"), key="aqi"),
            Overlay(url=reverse("iot:wqi-map"), title=_("VN_WQI by station"), key="wqi"),
        ]

    def context(self) -> dict[str, Any]:
        # The week ending at the newest computed day (yesterday once the task has run).
        newest = AqiDaily.objects.order_by("-day").values_list("day", flat=True).first()
        last = newest or timezone.localdate() - datetime.timedelta(days=1)
        days = [last - datetime.timedelta(days=back) for back in range(DAYS_SHOWN - 1, -1, -1)]
        stations = list(Device.objects.filter(kind=Device.Kind.AIR_QUALITY).exclude(status=Device.Status.RETIRED))
        hourly = air.latest_by_device()
        daily: dict[tuple[int, datetime.date], AqiDaily] = {
            (row.device_id, row.day): row for row in AqiDaily.objects.filter(day__in=days)
        }
        air_rows = [
            {
                "device": device,
                "hour": hourly.get(device.pk),
                "hour_band": aqi.band_of(hourly[device.pk].aqi) if device.pk in hourly else None,
                "days": [
                    (daily[(device.pk, day)], aqi.band_of(daily[(device.pk, day)].aqi))
                    if (device.pk, day) in daily
                    else None
                    for day in days
                ],
            }
            for device in sorted(stations, key=lambda item: item.name)
        ]
        latest = water.latest_by_device()
        water_stations = Device.objects.filter(kind=Device.Kind.WATER_QUALITY).exclude(status=Device.Status.RETIRED)
        water_rows = [
            {"device": device, "sample": latest.get(device.pk),
             "class": wqi.class_of(latest[device.pk].wqi) if device.pk in latest else None}
            for device in sorted(water_stations, key=lambda item: item.name)
        ]  # fmt: skip
        samples = [
            (sample, wqi.class_of(sample.wqi))
            for sample in WqiSample.objects.select_related("device").order_by("-at")[:SAMPLES_SHOWN]
        ]
        return {
            "days": days, "air_rows": air_rows, "water_rows": water_rows, "samples": samples,
            "wqi_alert_below": settings.IOT_WQI_ALERT_BELOW,
        }  # fmt: skip


class UtilitiesPanel(ServicePanel):
    """Meters: the province's consumption per day and each water meter's night flow against the leak threshold."""

    template_name = "iot/panel_utilities.html"

    def context(self) -> dict[str, Any]:
        today = timezone.localdate()
        yesterday = today - datetime.timedelta(days=1)
        totals = meters.consumption_by_day(DAYS_SHOWN, today)
        rows = MeterDaily.objects.filter(day=yesterday).select_related("device")
        water, energy = dict(totals.get("volume", [])), dict(totals.get("energy", []))
        days = sorted(set(water) | set(energy), reverse=True)
        return {
            "consumption": [(day, water.get(day), energy.get(day)) for day in days],
            "meters": [(row, None if row.night_flow is None else round(row.night_flow * 1000))
                       for row in sorted(rows, key=lambda row: row.device.name)],
            "leak_limit": settings.IOT_LEAK_NIGHT_FLOW_LPH, "leak_nights": settings.IOT_LEAK_NIGHTS,
            "lights": lights_last_night(timezone.now()),
            "water_yesterday": water.get(yesterday), "energy_yesterday": energy.get(yesterday),
            "leaking": sum(1 for row in rows if row.night_flow is not None
                           and row.night_flow * 1000 > settings.IOT_LEAK_NIGHT_FLOW_LPH),
        }  # fmt: skip


def lights_last_night(now: datetime.datetime) -> dict[str, int]:
    """Street-light cabinets in service, and how many switched their lamps on during the last night (20:00-04:00)."""
    local = timezone.localtime(now)
    end = local.replace(hour=4, minute=0, second=0, microsecond=0)
    if end > local:
        end -= datetime.timedelta(days=1)
    start = end - datetime.timedelta(hours=8)
    cabinets = list(
        Device.objects.filter(kind=Device.Kind.STREET_LIGHT, status=Device.Status.ACTIVE).values_list("pk", flat=True)
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(DISTINCT device_id) FROM iot_reading WHERE device_id = ANY(%s) AND quantity = 'lamp_state' "
            "AND value >= 1 AND at >= %s AND at < %s",
            [cabinets, start, end],
        )
        lit = int(cursor.fetchone()[0])
    return {"cabinets": len(cabinets), "lit": lit, "percent": round(100 * lit / len(cabinets)) if cabinets else 0}
