"""OGC API - EDR over the IoT readings: a pygeoapi provider whose queries run in PostGIS over iot_reading.

The devices a query names are chosen in one statement on iot_device (position: within POSITION_TOLERANCE_M of
the point; radius: within the distance, geodesic; area: inside the polygon; cube: inside the bbox), then their
readings in one statement over the partitioned table (partitions pruned by the time bounds; the primary key
device, quantity, at serves the rest), aggregated per device and quantity into arrays in SQL. Every value is
bound; table names are quoted identifiers. Results are CoverageJSON (a PointSeries per device) that the GeoJSON
formatter (ogc_pygeoapi.formatters) can turn into features.
"""

import datetime
from typing import Any

from django.db import connection
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from psycopg2 import sql
from pygeoapi.provider.base import ProviderInvalidQueryError, ProviderNoDataError
from pygeoapi.provider.base_edr import BaseEDRProvider
from shapely.geometry.base import BaseGeometry

from iot.models import Device, Quantity

POSITION_TOLERANCE_M = 100.0  # a station "at" a position: the point clicked or typed is seldom exact
DEFAULT_PERIOD = datetime.timedelta(days=7)  # without datetime: the last week
UNITS_TO_METRES = {"m": 1.0, "km": 1000.0, "mi": 1609.344, "ft": 0.3048}
CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"
REFERENCING = [
    {"coordinates": ["x", "y"], "system": {"type": "GeographicCRS", "id": CRS84}},
    {"coordinates": ["t"], "system": {"type": "TemporalRS", "calendar": "Gregorian"}},
]
READINGS_SQL = """
SELECT r.device_id, r.quantity,
       array_agg(to_char(r.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') ORDER BY r.at),
       array_agg(r.value ORDER BY r.at)
  FROM {readings} r
 WHERE r.device_id = ANY(%(devices)s) AND r.at >= %(start)s AND r.at <= %(end)s
   AND (%(all_quantities)s OR r.quantity = ANY(%(quantities)s))
 GROUP BY r.device_id, r.quantity
"""
DEVICES_SQL = (
    "SELECT d.id, d.code, d.name, ST_X(d.position), ST_Y(d.position) FROM {devices} d WHERE {where} ORDER BY d.code"
)


def _instant(text: str, end: bool) -> datetime.datetime | None:
    """A datetime bound: '..' or empty is open; a date alone is its whole day (start or end of it), UTC if naive."""
    text = text.strip()
    if text in ("", ".."):
        return None
    moment = parse_datetime(text)
    if moment is None:
        day = parse_date(text)
        if day is None:
            raise ProviderInvalidQueryError(user_msg=f"datetime {text[:40]} is neither a date nor a date-time")
        moment = datetime.datetime.combine(day, datetime.time.max if end else datetime.time.min)
    return moment if timezone.is_aware(moment) else moment.replace(tzinfo=datetime.UTC)


def time_bounds(value: str | None) -> tuple[datetime.datetime, datetime.datetime]:
    """The closed interval of a datetime parameter (instant, start/end with '..' ends); the last week without."""
    if not value:
        now = timezone.now()
        return now - DEFAULT_PERIOD, now
    start_text, _slash, end_text = value.partition("/") if "/" in value else (value, "", value)
    start, end = _instant(start_text, end=False), _instant(end_text, end=True)
    low = start or datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)
    high = end or timezone.now() + datetime.timedelta(days=1)
    if high < low:
        raise ProviderInvalidQueryError(user_msg="datetime ends before it starts")
    return low, high


class ReadingsEDRProvider(BaseEDRProvider):
    """EDR position, radius, area and cube queries over iot_reading, one PointSeries coverage per device."""

    def __init__(self, provider_def: dict[str, Any]) -> None:
        super().__init__(provider_def)
        self.get_fields()

    def get_fields(self) -> dict[str, Any]:
        """The measured quantities, each an EDR parameter named by its code."""
        if not self._fields:
            for code, name, name_en, unit in Quantity.objects.values_list("code", "name", "name_en", "unit"):
                self._fields[code] = {"type": "number", "title": name_en or name, "x-ogc-unit": unit or "1"}
        return self._fields

    def position(self, wkt: BaseGeometry, **kwargs: Any) -> dict[str, Any]:
        where = "ST_DWithin(d.position::geography, ST_GeomFromText(%(wkt)s, 4326)::geography, %(metres)s)"
        return self._answer(where, {"wkt": wkt.wkt, "metres": POSITION_TOLERANCE_M}, **kwargs)

    def radius(self, wkt: BaseGeometry, within: str | None = None, within_units: str | None = None,
               **kwargs: Any) -> dict[str, Any]:  # fmt: skip
        unit = (within_units or "").strip().lower()
        if unit not in UNITS_TO_METRES:
            raise ProviderInvalidQueryError(user_msg=f"within-units must be one of {', '.join(UNITS_TO_METRES)}")
        try:
            metres = float(within or "") * UNITS_TO_METRES[unit]
        except ValueError as error:
            raise ProviderInvalidQueryError(user_msg="within must be a number") from error
        if not 0 < metres <= 500_000:
            raise ProviderInvalidQueryError(user_msg="within must be more than 0 and at most 500 km")
        where = "ST_DWithin(d.position::geography, ST_GeomFromText(%(wkt)s, 4326)::geography, %(metres)s)"
        return self._answer(where, {"wkt": wkt.wkt, "metres": metres}, **kwargs)

    def area(self, wkt: BaseGeometry, **kwargs: Any) -> dict[str, Any]:
        if wkt.geom_type not in ("Polygon", "MultiPolygon"):
            raise ProviderInvalidQueryError(user_msg="coords of an area query must be a POLYGON or MULTIPOLYGON")
        where = "ST_Intersects(d.position, ST_GeomFromText(%(wkt)s, 4326))"
        return self._answer(where, {"wkt": wkt.wkt}, **kwargs)

    def cube(self, bbox: list[float], **kwargs: Any) -> dict[str, Any]:
        if len(bbox) not in (4, 6):
            raise ProviderInvalidQueryError(user_msg="bbox must have 4 or 6 numbers")
        minx, miny, maxx, maxy = (bbox[0], bbox[1], bbox[3], bbox[4]) if len(bbox) == 6 else bbox
        where = "d.position && ST_MakeEnvelope(%(minx)s, %(miny)s, %(maxx)s, %(maxy)s, 4326)"
        return self._answer(where, {"minx": minx, "miny": miny, "maxx": maxx, "maxy": maxy}, **kwargs)

    def _answer(self, where: str, params: dict[str, Any], datetime_: str | None = None,
                select_properties: list[str] | None = None, **_ignored: Any) -> dict[str, Any]:  # fmt: skip
        wanted = [name for name in (select_properties or []) if name in self.fields]
        start, end = time_bounds(datetime_)
        with connection.cursor() as cursor:
            devices_sql = sql.SQL(DEVICES_SQL).format(
                devices=sql.Identifier(Device._meta.db_table), where=sql.SQL(where)
            )
            cursor.execute(devices_sql, params)
            devices = cursor.fetchall()
            if not devices:
                raise ProviderNoDataError("No device matches the query")
            cursor.execute(
                sql.SQL(READINGS_SQL).format(readings=sql.Identifier("iot_reading")),
                {"devices": [row[0] for row in devices], "start": start, "end": end,
                 "all_quantities": not wanted, "quantities": wanted},
            )  # fmt: skip
            series = cursor.fetchall()
        return self._coverage_collection(devices, series, wanted)

    def _coverage_collection(self, devices: list[tuple], series: list[tuple], wanted: list[str]) -> dict[str, Any]:
        """One PointSeries per device with readings: the time axis is the union of its quantities' times."""
        by_device: dict[int, dict[str, tuple[list[str], list[float]]]] = {}
        for device_id, quantity, times, values in series:
            by_device.setdefault(device_id, {})[quantity] = (times, values)
        coverages, seen = [], set()
        for device_id, code, name, lon, lat in devices:
            quantities = by_device.get(device_id)
            if not quantities:
                continue
            axis = sorted({moment for times, _values in quantities.values() for moment in times})
            index = {moment: position for position, moment in enumerate(axis)}
            ranges = {}
            for quantity, (times, values) in sorted(quantities.items()):
                aligned: list[float | None] = list(values) if len(times) == len(axis) else [None] * len(axis)
                if len(times) != len(axis):
                    for moment, value in zip(times, values, strict=True):
                        aligned[index[moment]] = value
                ranges[quantity] = {"type": "NdArray", "dataType": "float", "axisNames": ["t"],
                                    "shape": [len(axis)], "values": aligned}  # fmt: skip
                seen.add(quantity)
            coverages.append({
                "type": "Coverage", "id": code, "name": name,
                "domain": {"type": "Domain", "domainType": "PointSeries",
                           "axes": {"x": {"values": [lon]}, "y": {"values": [lat]}, "t": {"values": axis}}},
                "ranges": ranges,
            })  # fmt: skip
        if not coverages:
            raise ProviderNoDataError("No readings in that time for the devices matched")
        return {
            "type": "CoverageCollection",
            "domainType": "PointSeries",
            "parameters": self.get_parameters(sorted(seen & set(self.fields))),
            "referencing": REFERENCING,
            "coverages": coverages,
        }
