"""Read the corner-coordinate table printed on a land-use-right certificate, as citizens paste it."""

import re
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.gis.geos import LinearRing, MultiPoint, Point, Polygon
from django.utils.translation import gettext as _

from core import numbers
from core.errors import InvalidInput
from gis_core.srs import VN2000_TM3_108_15

# Plausible VN-2000 TM-3 108°15' values for Khánh Hòa (lat 11.2-13.0°N, lon 108.3-109.6°E), with a margin:
# a table copied from another province or with a digit missing fails here, not as a parcel in the sea.
NORTHING_RANGE = (1_200_000.0, 1_460_000.0)
EASTING_RANGE = (480_000.0, 660_000.0)
MAX_POINTS = 500
_SEPARATORS = re.compile(r"[\t;|]+|\s+")
_NUMBER = re.compile(r"^[+-]?\d[\d.,]*$")


@dataclass(frozen=True)
class Corner:
    """One corner of the parcel: its number on the certificate and its VN-2000 coordinates in metres."""

    line: int
    label: str
    northing: float
    easting: float


# How the columns were read, as the API says it (pages show a translated sentence, planning.page_config).
NORTHING_FIRST = "X,Y (northing first)"
COLUMNS_SWAPPED = "Y,X (easting first; columns swapped)"


@dataclass(frozen=True)
class CornerTable:
    """The parsed table and the column order that was assumed."""

    corners: list[Corner]
    swapped: bool  # True when the columns were pasted as Y (easting) before X (northing)

    @property
    def assumed_order(self) -> str:
        """Say which column was read as the northing."""
        return COLUMNS_SWAPPED if self.swapped else NORTHING_FIRST

    def polygon(self) -> Polygon:
        """The parcel as a polygon in EPSG:9217 (x = easting, y = northing)."""
        coords = [(c.easting, c.northing) for c in self.corners]
        return Polygon(LinearRing([*coords, coords[0]]), srid=VN2000_TM3_108_15)


def parse_number(token: str, line: int) -> float:
    """Read a coordinate, Vietnamese (1.353.660,03) or international (1,353,660.03) by core.numbers.

    An ambiguous token is read the one way that lands in Khánh Hòa: "602,850" is 602850 m, never 602.85 m.
    """
    try:
        return float(numbers.parse_number(token, plausible=_in_province))
    except numbers.NotANumber as exc:
        raise InvalidInput(_("Line %(line)s: %(reason)s") % {"line": line, "reason": exc.message}, line=line) from None


def _in_province(value: Decimal) -> bool:
    return _in(float(value), NORTHING_RANGE) or _in(float(value), EASTING_RANGE)


def _row_numbers(line_no: int, raw: str) -> tuple[str, float, float] | None:
    """Return (label, first, second) of one line, None for a header or blank line."""
    tokens = [t for t in _SEPARATORS.split(raw.strip()) if t]
    if not any(_NUMBER.match(token) for token in tokens):
        return None  # a header such as "Số hiệu điểm  X (m)  Y (m)"
    if len(tokens) == 2:
        label, values = str(line_no), tokens
    elif len(tokens) in (3, 4):
        # The 4th column, where present, is the edge length printed on newer certificates; it is not needed.
        label, values = tokens[0], tokens[1:3]
    else:
        raise InvalidInput(
            _(
                "Line %(line)s: expected 'point X Y' (point number, X northing, Y easting), "
                "found %(count)s values: %(text)r."
            )
            % {"line": line_no, "count": len(tokens), "text": raw.strip()[:80]},
            line=line_no,
        )
    return label, parse_number(values[0], line_no), parse_number(values[1], line_no)


def _in(value: float, bounds: tuple[float, float]) -> bool:
    return bounds[0] <= value <= bounds[1]


def _orient(line_no: int, first: float, second: float) -> bool:
    """Return True when the row is easting-first; raise when neither order fits Khánh Hòa."""
    if _in(first, NORTHING_RANGE) and _in(second, EASTING_RANGE):
        return False
    if _in(first, EASTING_RANGE) and _in(second, NORTHING_RANGE):
        return True
    raise InvalidInput(
        _(
            "Line %(line)s: %(x)s and %(y)s are not VN-2000 TM-3 108°15' coordinates in Khánh Hòa "
            "(X northing %(nmin)s-%(nmax)s m, Y easting %(emin)s-%(emax)s m). Check for a missing digit."
        )
        % {
            "line": line_no,
            "x": first,
            "y": second,
            "nmin": f"{NORTHING_RANGE[0]:,.0f}",
            "nmax": f"{NORTHING_RANGE[1]:,.0f}",
            "emin": f"{EASTING_RANGE[0]:,.0f}",
            "emax": f"{EASTING_RANGE[1]:,.0f}",
        },
        line=line_no,
    )


def parse_corner_table(text: str) -> CornerTable:
    """Parse 'point X Y' lines (spaces, tabs or semicolons; decimal point or comma) into a valid parcel."""
    rows: list[tuple[int, str, float, float]] = []
    for line_no, raw in enumerate(text.splitlines(), start=1):
        parsed = _row_numbers(line_no, raw)
        if parsed is not None:
            rows.append((line_no, *parsed))
    if len(rows) > MAX_POINTS:
        raise InvalidInput(
            _("The table has %(n)s points; at most %(max)s are accepted.") % {"n": len(rows), "max": MAX_POINTS}
        )
    orders = {line_no: _orient(line_no, first, second) for line_no, _label, first, second in rows}
    swapped = bool(rows) and orders[rows[0][0]]
    for line_no, is_swapped in orders.items():
        if is_swapped != swapped:
            raise InvalidInput(
                _("Line %(line)s has X and Y in the opposite order to line %(first)s; use one order for every line.")
                % {"line": line_no, "first": rows[0][0]},
                line=line_no,
            )
    corners = [
        Corner(line_no, label, *((second, first) if swapped else (first, second)))
        for line_no, label, first, second in rows
    ]
    corners = _without_closing_point(corners)
    _check_corners(corners)
    table = CornerTable(corners, swapped)
    _check_ring(table)
    return table


def _without_closing_point(corners: list[Corner]) -> list[Corner]:
    """Drop a last row that repeats the first corner (tables often close the ring)."""
    if len(corners) > 1 and (corners[0].northing, corners[0].easting) == (corners[-1].northing, corners[-1].easting):
        return corners[:-1]
    return corners


def _check_corners(corners: list[Corner]) -> None:
    if len(corners) < 3:
        raise InvalidInput(
            _("The table has %(n)s corner(s); a parcel needs at least 3 lines 'point X Y'.") % {"n": len(corners)}
        )
    seen: dict[str, int] = {}
    places: dict[tuple[float, float], int] = {}
    for corner in corners:
        if corner.label in seen:
            raise InvalidInput(
                _("Line %(line)s repeats point number %(label)s of line %(first)s.")
                % {"line": corner.line, "label": corner.label, "first": seen[corner.label]},
                line=corner.line,
            )
        seen[corner.label] = corner.line
        place = (corner.northing, corner.easting)
        if place in places:
            raise InvalidInput(
                _("Line %(line)s repeats the coordinates of line %(first)s.")
                % {"line": corner.line, "first": places[place]},
                line=corner.line,
            )
        places[place] = corner.line


def _check_ring(table: CornerTable) -> None:
    corners = MultiPoint([Point(c.easting, c.northing) for c in table.corners], srid=VN2000_TM3_108_15)
    if corners.convex_hull.area <= 0.01:
        raise InvalidInput(_("The corners lie on one line; the parcel has no area. Check the coordinates."))
    polygon = table.polygon()
    if not polygon.valid:
        raise InvalidInput(
            _("The corners, joined in the order given, cross themselves (%(reason)s). Check the order of the points.")
            % {"reason": polygon.valid_reason}
        )
