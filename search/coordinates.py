"""Read a coordinate pair typed in the search box: WGS 84 degrees or VN-2000 metres, in either order."""

import re
from dataclasses import dataclass
from decimal import Decimal

from core import numbers
from core.errors import InvalidInput
from gis_core.coords import MAINLAND_BANDS, QueryPoint, point_from_query
from gis_core.srs import VN2000_TM3_108_15

# Two numbers with decimal points, between them a comma, a semicolon or spaces: "12.2388, 109.1967".
_DOT_PAIR = re.compile(r"^([+-]?\d+(?:\.\d+)?)\s*(?:[,;]\s*|\s+)([+-]?\d+(?:\.\d+)?)$")
# Any other two numbers (decimal commas, thousands groups), between them a semicolon, a comma and a space, or
# spaces: "12,2388 109,1967", "12,2388, 109,1967", "1.353.660,03; 602.850,5". Each is read by core.numbers.
_PAIR = re.compile(r"^([+-]?\d(?:[\d.,]*\d)?)\s*(?:;\s*|,\s+|\s+)([+-]?\d(?:[\d.,]*\d)?)$")
MAX_DEGREES = 180.0
MIN_METRES = 1000.0  # below this a pair of numbers is no VN-2000 position in the province
# Where Việt Nam's latitudes and longitudes fall; the bands are disjoint, so either order can be told apart.
LATITUDES = (6.0, 24.0)
LONGITUDES = (102.0, 118.0)
_BANDS = MAINLAND_BANDS[VN2000_TM3_108_15]


@dataclass(frozen=True)
class TypedCoordinates:
    """A typed pair read as a point, with the way it was read."""

    query: QueryPoint
    lat_first: bool = False  # degrees typed latitude first (as map apps show them)


def read_pair(text: str) -> tuple[float, float] | None:
    """The two numbers of a typed coordinate pair, or None when the text is not one.

    "109,196" or "12.250" may be a number of degrees or a thousand times it; the reading that is degrees or a
    VN-2000 easting or northing in the province is taken (the two never both are), so "109,196" is 109.196°.
    """
    match = _DOT_PAIR.match(text) or _PAIR.match(text)
    if match is None:
        return None
    try:
        first, second = (float(numbers.parse_number(group, plausible=_plausible)) for group in match.groups())
    except numbers.NotANumber:
        return None  # "1.2.3 4" is no pair of numbers: the text is searched as words only
    return first, second


def _plausible(number: Decimal) -> bool:
    """Whether a number can be one of a typed pair: degrees, or metres in the province's bands."""
    return abs(number) <= MAX_DEGREES or float(number) in _BANDS.easting or float(number) in _BANDS.northing


def read_coordinates(text: str) -> TypedCoordinates | None:
    """The point a typed pair names (degrees or VN-2000 TM-3 108-15 metres), or None when it names none."""
    pair = read_pair(text)
    if pair is None:
        return None
    first, second = pair
    try:
        if abs(first) <= MAX_DEGREES and abs(second) <= MAX_DEGREES:
            return _degrees(first, second)
        if first >= MIN_METRES and second >= MIN_METRES:
            # gis_core.coords tells easting/northing from northing/easting by the province's bands.
            return TypedCoordinates(point_from_query({"x": first, "y": second, "crs": f"EPSG:{VN2000_TM3_108_15}"}))
    except InvalidInput:
        return None  # not a place on Earth in any reading: the text is searched as words only
    return None


def _degrees(first: float, second: float) -> TypedCoordinates:
    lon_first = _within(first, LONGITUDES) and _within(second, LATITUDES)
    if lon_first:
        lon, lat = first, second
    else:
        lat, lon = first, second  # latitude first, as map apps and GPS receivers show a position
    return TypedCoordinates(point_from_query({"lon": lon, "lat": lat}), lat_first=not lon_first)


def _within(value: float, band: tuple[float, float]) -> bool:
    low, high = band
    return low <= value <= high
