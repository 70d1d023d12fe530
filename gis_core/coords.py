"""Read a point from request query parameters: lon/lat in WGS 84, or x/y in a named CRS; return it in EPSG:4326."""

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.gis.gdal import GDALException
from django.contrib.gis.geos import Point
from django.utils.translation import gettext as _

from core import numbers
from core.errors import InvalidInput
from gis_core.srs import PROJECTED_VN2000, VN2000_TM3_108_15, VN2000_UTM48, VN2000_UTM49, WGS84, parse_srid

GEOGRAPHIC = {WGS84, 4756}  # accepted SRIDs whose x and y are longitude and latitude
X_EASTING_Y_NORTHING = "x_easting_y_northing"
X_NORTHING_Y_EASTING = "x_northing_y_easting"

# A parameter's value: text from a query string or a form, or a number from a JSON body.
type Coordinate = str | int | float
type Plausible = Callable[[Decimal], bool]


@dataclass(frozen=True)
class Band:
    """A closed interval of plausible coordinate values, in metres."""

    low: float
    high: float

    def __contains__(self, value: float) -> bool:
        return self.low <= value <= self.high


@dataclass(frozen=True)
class MainlandBands:
    """Where Khánh Hòa's mainland eastings and northings fall in one projection (with a margin)."""

    easting: Band
    northing: Band


# Each pair of bands is disjoint, so a value pair can be plausible in at most one order.
MAINLAND_BANDS: dict[int, MainlandBands] = {
    VN2000_TM3_108_15: MainlandBands(Band(400_000, 750_000), Band(1_150_000, 1_500_000)),
    VN2000_UTM48: MainlandBands(Band(800_000, 1_060_000), Band(1_150_000, 1_500_000)),
    VN2000_UTM49: MainlandBands(Band(150_000, 400_000), Band(1_150_000, 1_500_000)),
}


@dataclass(frozen=True)
class QueryPoint:
    """A point the caller gave, in EPSG:4326, with the CRS and axis order it was read in."""

    point: Point
    srid: int
    assumed_order: str | None = None

    def as_dict(self) -> dict[str, object]:
        """Describe how the query was read, for echoing back in a response."""
        described: dict[str, object] = {"lon": round(self.point.x, 7), "lat": round(self.point.y, 7)}
        described["crs"] = f"EPSG:{self.srid}"
        if self.assumed_order:
            described["assumed_order"] = self.assumed_order
        return described


def point_from_query(params: Mapping[str, Coordinate]) -> QueryPoint:
    """Return the point named by lon=&lat= or x=&y=&crs=, in EPSG:4326, or raise InvalidInput."""
    has_lonlat = _given(params, "lon") or _given(params, "lat")
    has_xy = _given(params, "x") or _given(params, "y")
    if has_lonlat and has_xy:
        raise InvalidInput(_("Give either lon and lat (WGS 84) or x, y and crs, not both."))
    if has_xy:
        return _from_xy(params)
    if has_lonlat:
        return _from_lonlat(params)
    raise InvalidInput(
        _("Missing coordinates: give lon and lat in WGS 84 (lon=109.1967&lat=12.2388) or x, y and crs (crs=EPSG:9217).")
    )


def _given(params: Mapping[str, Coordinate], name: str) -> bool:
    value = params.get(name)
    return value is not None and (not isinstance(value, str) or value.strip() != "")


def number(params: Mapping[str, Coordinate], name: str, plausible: Plausible | None = None) -> float:
    """Return the number in parameter `name`, read by core.numbers, or raise InvalidInput naming it.

    "109.115" may be 109.115 or, in Vietnamese writing, 109115: the reading `plausible` allows is taken (a
    longitude lies within ±180°), as datahub reads its longitude and latitude fields; with both or neither
    allowed, the message says how to write either meaning.
    """
    if not _given(params, name):
        raise InvalidInput(_("Parameter %(name)s is missing; give it as a decimal number.") % {"name": name})
    value = params[name]
    try:
        return float(numbers.parse_number(value.strip() if isinstance(value, str) else value, plausible=plausible))
    except numbers.NotANumber as exc:
        raise InvalidInput(
            _("Parameter %(name)s: %(reason)s") % {"name": name, "reason": exc.message}, parameter=name
        ) from None


def _longitude(number: Decimal) -> bool:
    return -180 <= number <= 180


def _latitude(number: Decimal) -> bool:
    return -90 <= number <= 90


def _plausible_xy(srid: int) -> tuple[Plausible | None, Plausible | None]:
    """What x and y may be in a CRS: degrees in a geographic one, the province's metres in a VN-2000 one."""
    if srid in GEOGRAPHIC:
        return _longitude, _latitude
    bands = MAINLAND_BANDS.get(srid)
    if bands is None:
        return None, None  # another projection: no range to choose a reading by, so an ambiguous text is refused

    def in_province(number: Decimal) -> bool:  # either axis: Vietnamese tables may write northing first
        return float(number) in bands.easting or float(number) in bands.northing

    return in_province, in_province


def _from_lonlat(params: Mapping[str, Coordinate]) -> QueryPoint:
    if _given(params, "crs") and parse_srid(str(params["crs"])) != WGS84:
        raise InvalidInput(_("lon and lat are always WGS 84; to give coordinates in another CRS use x, y and crs."))
    lon, lat = number(params, "lon", _longitude), number(params, "lat", _latitude)
    _check_degrees(lon, lat, "lon", "lat")
    return QueryPoint(Point(lon, lat, srid=WGS84), WGS84)


def _from_xy(params: Mapping[str, Coordinate]) -> QueryPoint:
    if not _given(params, "crs"):
        raise InvalidInput(_("Parameter crs is missing: say which CRS x and y are in, for example crs=EPSG:9217."))
    srid = parse_srid(str(params["crs"]))
    plausible_x, plausible_y = _plausible_xy(srid)
    x, y = number(params, "x", plausible_x), number(params, "y", plausible_y)
    order = X_EASTING_Y_NORTHING
    if srid in PROJECTED_VN2000 and _clearly_swapped(srid, x, y):
        # Vietnamese survey tables write X for northing and Y for easting.
        x, y, order = y, x, X_NORTHING_Y_EASTING
    if srid in GEOGRAPHIC:
        _check_degrees(x, y, "x", "y")
    return QueryPoint(_to_wgs84(x, y, srid), srid, order)


def _clearly_swapped(srid: int, x: float, y: float) -> bool:
    """True when (x, y) only makes sense for the mainland read as (northing, easting)."""
    bands = MAINLAND_BANDS[srid]
    as_written = x in bands.easting and y in bands.northing
    as_swapped = x in bands.northing and y in bands.easting
    return as_swapped and not as_written


def _check_degrees(lon: float, lat: float, lon_name: str, lat_name: str) -> None:
    if not -180 <= lon <= 180:
        raise InvalidInput(
            _("Parameter %(name)s=%(value)s is out of range; a longitude lies between -180 and 180.")
            % {"name": lon_name, "value": lon}
        )
    if not -90 <= lat <= 90:
        raise InvalidInput(
            _("Parameter %(name)s=%(value)s is out of range; a latitude lies between -90 and 90 (did you swap them?).")
            % {"name": lat_name, "value": lat}
        )


def _to_wgs84(x: float, y: float, srid: int) -> Point:
    """Transform with GEOS/GDAL, naming both CRSs by integer SRID only (never by user text)."""
    point = Point(x, y, srid=srid)
    try:
        if srid != WGS84:
            point.transform(WGS84)
    except GDALException:
        raise _unlocatable(x, y, srid) from None
    if not (math.isfinite(point.x) and math.isfinite(point.y) and -180 <= point.x <= 180 and -90 <= point.y <= 90):
        raise _unlocatable(x, y, srid)
    return point


def _unlocatable(x: float, y: float, srid: int) -> InvalidInput:
    return InvalidInput(
        _("x=%(x)s, y=%(y)s cannot be located in EPSG:%(srid)s; check the CRS and the order of x and y.")
        % {"x": x, "y": y, "srid": srid}
    )
