"""Read one lot's values as the plan states them: text, numbers within their ranges, "3-5" floors."""

import math
import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from core import numbers
from gis_core.importer import RowInvalid

# (lowest, highest) of the numeric indicators; the plan's values are stored as stated.
DECIMALS = {
    "building_coverage_pct": (Decimal(0), Decimal(100)),
    "floor_area_ratio": (Decimal(0), Decimal("999.99")),
    "height_max_m": (Decimal(0), Decimal("9999.99")),
    "setback_m": (Decimal(0), Decimal("9999.99")),
    "area_m2": (Decimal(0), Decimal("999999999999.99")),
}
INTEGERS = {"floors_min": 500, "floors_max": 500, "population": 10_000_000}
TEXTS = {"function_name": 200, "building_line": 200, "red_line_ref": 200, "note": 300}
INDICATORS = (*DECIMALS, *INTEGERS, "building_line", "red_line_ref")
_RANGE = re.compile(r"^\s*(\d+)\s*[-\u2013]\s*(\d+)\s*$")  # "3-5" floors
_CENT = Decimal("0.01")


class LotValues:
    """Turns the mapped values of each lot into clean values; remembers each distinct cell it has read.

    A plan repeats the same few coverages, ratios and floor counts across thousands of lots, so each distinct
    value is parsed once (its clean value or its message kept) and the rest are dictionary look-ups.
    """

    def __init__(self, mapped: dict[str, str]) -> None:
        self.mapped = mapped
        self._texts = [(name, limit) for name, limit in TEXTS.items() if name in mapped]
        self._decimals = [(name, low, high) for name, (low, high) in DECIMALS.items() if name in mapped]
        self._integers = [(name, high) for name, high in INTEGERS.items() if name in mapped]
        self._floor_range = "floors_max" in mapped and "floors_min" not in mapped
        self._seen: dict[tuple[str, type, Any], Any] = {}

    def indicators(self, values: dict[str, Any], clean: dict[str, Any]) -> dict[str, Any]:
        """Add the lot's function name, notes and indicators to clean; raise RowInvalid naming the first bad one."""
        for name, limit in self._texts:
            clean[name] = text(values.get(name), limit, name)
        for name, low, high in self._decimals:
            clean[name] = self._read(decimal, name, values.get(name), low, high)
        floors = values.get("floors_max") if self._floor_range else None
        match = _RANGE.match(floors) if isinstance(floors, str) else None
        if match:  # the plan writes "3-5" floors in one column
            clean["floors_min"], clean["floors_max"] = int(match[1]), int(match[2])
        for name, high_int in self._integers:
            if name not in clean:
                clean[name] = self._read(integer, name, values.get(name), high_int)
        return clean

    def _read(self, parse: Callable[..., Any], name: str, value: Any, *limits: Any) -> Any:
        if value is None:
            return None
        key = (name, type(value), value)
        try:
            found = self._seen[key]
        except KeyError:
            try:
                found = parse(value, name, *limits)
            except RowInvalid as exc:
                found = exc
            self._seen[key] = found
        except TypeError:  # an unhashable cell (never from the readers we use): parse it each time
            return parse(value, name, *limits)
        if isinstance(found, RowInvalid):
            raise RowInvalid(str(found))
        return found


def text(value: Any, limit: int, name: str) -> str:
    """The value with single spaces; raise RowInvalid when longer than limit."""
    if value is None:
        return ""
    cleaned = value if type(value) is str and " " not in value and value.isprintable() else " ".join(str(value).split())
    if len(cleaned) > limit:
        raise RowInvalid(_("%(field)s is longer than %(limit)d characters.") % {"field": name, "limit": limit})
    return cleaned


def empty(value: Any) -> bool:
    """Whether a cell holds nothing (None, blank text or NaN)."""
    return (
        value is None
        or (isinstance(value, str) and not value.strip())
        or (isinstance(value, float) and math.isnan(value))
    )


def decimal(value: Any, name: str, low: Decimal, high: Decimal, whole: bool = False) -> Decimal | None:
    """The value as a decimal with two places, "60%" and "4,2" accepted; raise RowInvalid outside [low, high].

    Numbers are read by core.numbers; an ambiguous one ("1.234") is taken the one way that is in range (and whole,
    for a count), else refused.
    """
    if empty(value):
        return None
    written = str(value).strip().rstrip("%").strip() if isinstance(value, str) else value
    try:
        number = numbers.parse_number(
            written, plausible=lambda n: low <= n <= high and (not whole or numbers.is_whole(n))
        )
    except numbers.NotANumber as exc:
        raise RowInvalid(f"{name}={exc.message}") from None  # the column's own name, then the reader's sentence
    if not low <= number <= high:
        raise RowInvalid(
            _("%(field)s=%(value)s is outside %(low)s to %(high)s.")
            % {"field": name, "value": value, "low": low, "high": high}
        )
    return number.quantize(_CENT)


def integer(value: Any, name: str, high: int) -> int | None:
    """The value as a whole number from 0 to high; raise RowInvalid otherwise."""
    number = decimal(value, name, Decimal(0), Decimal(high), whole=True)
    if number is None:
        return None
    if number != number.to_integral_value():
        raise RowInvalid(_("%(field)s=%(value)s is not a whole number.") % {"field": name, "value": value})
    return int(number)
