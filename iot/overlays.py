"""Map overlays of the environment stations: the latest VN_AQI of each air station, the latest VN_WQI of each water
station, as GeoJSON FeatureCollections for the map component (portal/static/portal/map.js).

The map's popup lists a feature's properties by name, so the names here are the words a reader sees (translated),
and every value is already formatted. Air and water stations are public (iot.geojson.PUBLIC_KINDS).
"""

import json
from typing import Any

from django.contrib.gis.db.models.functions import AsGeoJSON
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from core.formats import fmt_date, fmt_datetime
from iot import air, air_daily, aqi, water, wqi
from iot.geojson import MEDIA_TYPE, collection
from iot.models import Device


def _stations(kind: str) -> list[Any]:
    devices = Device.objects.filter(kind=kind).exclude(status=Device.Status.RETIRED).order_by("code")
    return list(devices.annotate(geojson=AsGeoJSON("position", precision=6)))


def _feature(device: Any, properties: dict[str, Any]) -> dict[str, Any]:
    return {"type": "Feature", "id": device.code, "geometry": json.loads(device.geojson), "properties": properties}


def aqi_features() -> list[dict[str, Any]]:
    """Each air station with its latest hourly and daily VN_AQI."""
    hourly, daily = air.latest_by_device(), air_daily.latest_by_device()
    features = []
    for device in _stations(Device.Kind.AIR_QUALITY):
        hour, day = hourly.get(device.pk), daily.get(device.pk)
        properties: dict[str, Any] = {"title": device.name}
        if hour is not None:
            band = aqi.band_of(hour.aqi)
            properties["title"] = _("%(name)s: VN_AQI %(aqi)d (%(rating)s)") % {
                "name": device.name, "aqi": hour.aqi, "rating": band.label
            }  # fmt: skip
            properties[_("Hourly VN_AQI")] = f"{hour.aqi} — {band.label}"
            properties[_("Hour ending at")] = fmt_datetime(hour.hour_end)
        if day is not None:
            properties[_("Daily VN_AQI")] = f"{day.aqi} — {aqi.band_of(day.aqi).label} ({fmt_date(day.day)})"
        if hour is None and day is None:
            properties[_("VN_AQI")] = _("not computed yet")
        features.append(_feature(device, properties))
    return features


def wqi_features() -> list[dict[str, Any]]:
    """Each water station with the VN_WQI of its latest rated sample."""
    latest = water.latest_by_device()
    features = []
    for device in _stations(Device.Kind.WATER_QUALITY):
        sample = latest.get(device.pk)
        properties: dict[str, Any] = {"title": device.name}
        if sample is not None:
            klass = wqi.class_of(sample.wqi)
            properties["title"] = _("%(name)s: VN_WQI %(wqi)d (%(rating)s)") % {
                "name": device.name, "wqi": sample.wqi, "rating": klass.label
            }  # fmt: skip
            properties[_("VN_WQI")] = f"{sample.wqi} — {klass.label}"
            properties[_("Sampled at")] = fmt_datetime(sample.at)
            properties[_("Suitable use")] = klass.use
        else:
            properties[_("VN_WQI")] = _("not computed yet")
        features.append(_feature(device, properties))
    return features


@require_GET
def aqi_map(request: HttpRequest) -> HttpResponse:
    """The air stations with their latest VN_AQI, as GeoJSON."""
    return HttpResponse(collection(aqi_features()), content_type=MEDIA_TYPE)


@require_GET
def wqi_map(request: HttpRequest) -> HttpResponse:
    """The water stations with their latest VN_WQI, as GeoJSON."""
    return HttpResponse(collection(wqi_features()), content_type=MEDIA_TYPE)
