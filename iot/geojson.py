"""Devices as a GeoJSON layer with their latest values, the hourly VN_AQI and its colour, water-level alarms.

Environmental stations (air, water, water level, rain, weather) are public: the guidance of Decision
1459/QĐ-TCMT asks for the AQI to be published. Cameras, street-light controllers and meters, stream URLs and
ingestion figures are for signed-in staff with iot.view. Geometries are written by PostGIS (ST_AsGeoJSON).
"""

import json
from typing import Any

from django.contrib.gis.db.models.functions import AsGeoJSON
from django.utils import timezone

from iot import aqi
from iot.air import latest_by_device
from iot.models import Device, LatestValue, Quantity

MEDIA_TYPE = "application/geo+json"
PUBLIC_KINDS = frozenset(
    {
        Device.Kind.AIR_QUALITY, Device.Kind.WATER_QUALITY, Device.Kind.WATER_LEVEL, Device.Kind.RAIN_GAUGE,
        Device.Kind.WEATHER,
    }
)  # fmt: skip


def _local(instant: Any) -> str | None:
    return timezone.localtime(instant).isoformat() if instant is not None else None


def features(devices: Any, *, internal: bool) -> list[dict[str, Any]]:
    """One Feature per device of the queryset."""
    rows = list(devices.select_related("agency", "unit").annotate(geojson=AsGeoJSON("position", precision=6)))
    ids = [device.pk for device in rows]
    latest: dict[int, dict[str, LatestValue]] = {}
    for value in LatestValue.objects.filter(device_id__in=ids):
        latest.setdefault(value.device_id, {})[value.quantity] = value
    quantities = {quantity.code: quantity for quantity in Quantity.objects.all()}
    aqi_rows = latest_by_device()
    return [_feature(device, latest.get(device.pk, {}), quantities, aqi_rows, internal) for device in rows]


def _feature(
    device: Any, latest: dict[str, LatestValue], quantities: dict[str, Quantity], aqi_rows: dict[int, Any],
    internal: bool,
) -> dict[str, Any]:  # fmt: skip
    values = {
        code: {
            "value": value.value, "at": _local(value.at),
            "unit": quantities[code].unit if code in quantities else "",
            "name": quantities[code].name if code in quantities else code,
        }
        for code, value in sorted(latest.items())
    }  # fmt: skip
    properties: dict[str, Any] = {
        "code": device.code, "name": device.name, "kind": device.kind, "kind_label": str(device.get_kind_display()),
        "agency": {"code": device.agency.code, "name": device.agency.name},
        "unit": device.unit.code if device.unit else None, "status": device.status,
        "latest": values, "last_seen_at": _local(device.last_seen_at),
    }  # fmt: skip
    if device.kind == Device.Kind.AIR_QUALITY:
        properties["vn_aqi"] = _aqi(aqi_rows.get(device.pk))
    if device.kind == Device.Kind.WATER_LEVEL:
        properties["alarm_levels"] = list(device.alarm_levels())
        level_now = values.get("water_level", {}).get("value")
        properties["alarm_level"] = (
            sum(1 for mark in device.alarm_levels() if mark is not None and level_now > mark)
            if level_now is not None
            else None
        )
    if internal:
        properties.update(
            interval_seconds=device.interval_seconds, rejected_count=device.rejected_count,
            data_feed_alert=device.feed_alert_id,
        )  # fmt: skip
        if device.kind == Device.Kind.CAMERA:
            properties.update(stream_url=device.stream_url, snapshot_url=device.snapshot_url)
    return {"type": "Feature", "id": device.code, "geometry": json.loads(device.geojson), "properties": properties}


def _aqi(row: Any) -> dict[str, Any] | None:
    if row is None:
        return None
    band = aqi.band_of(row.aqi)
    return {
        "value": row.aqi, "hour_end": _local(row.hour_end), "dominant": row.dominant, "sub_indices": row.sub_indices,
        "band": band.label, "band_en": band.label_en, "colour": band.hex, "colour_name": band.colour_name,
    }  # fmt: skip


def collection(items: list[dict[str, Any]]) -> str:
    return json.dumps({"type": "FeatureCollection", "features": items}, ensure_ascii=False)
