"""Planners' search of zoning lots: filters read from query parameters, each refused with a clear message."""

import datetime
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.gis.geos import Polygon
from django.db.models import Q
from django.utils.translation import gettext as _

from core import numbers
from core.errors import InvalidInput
from gis_core.models import AdminUnit
from planning.lot_values import DECIMALS, INTEGERS
from planning.models import LandUseCode, LandUseGroup, Plan, ZoningLotQuerySet
from planning.params import on_date, plan_from_param

MAX_LIMIT = 5_000
MAX_IDS = 2_000  # lots picked on the map; more than that is a filter's job, not a selection's
# Khánh Hòa with Trường Sa lies well inside this box (west, south, east, north); a map box outside it is a mistake.
BBOX_LIMITS = (100.0, 5.0, 120.0, 20.0)
# Query parameter -> (lot field, lookup) for indicator ranges.
RANGES = {
    "coverage_min": ("building_coverage_pct", "gte"),
    "coverage_max": ("building_coverage_pct", "lte"),
    "far_min": ("floor_area_ratio", "gte"),
    "far_max": ("floor_area_ratio", "lte"),
    "floors_min": ("floors_max", "gte"),
    "floors_max": ("floors_max", "lte"),
    "area_min": ("area_m2", "gte"),
    "area_max": ("area_m2", "lte"),
}


def _plausible(field_name: str) -> Callable[[Decimal], bool]:
    """Return whether a number can be a value of the lot field, by the ranges the plan import accepts."""
    if field_name in INTEGERS:
        high = Decimal(INTEGERS[field_name])
        return lambda number: 0 <= number <= high and numbers.is_whole(number)
    low, high = DECIMALS[field_name]
    return lambda number: low <= number <= high


# Parameter -> what its values can be, so an ambiguous "12,500" coverage is 12.5 % (12500 % is none).
PLAUSIBLE = {name: _plausible(field_name) for name, (field_name, _lookup) in RANGES.items()}


@dataclass
class LotFilter:
    """What the planner asked for."""

    on_date: datetime.date
    plan: Plan | None = None
    land_uses: list[str] = field(default_factory=list)
    group: str | None = None
    unit: AdminUnit | None = None
    ranges: dict[str, Decimal] = field(default_factory=dict)
    ids: list[int] = field(default_factory=list)
    bbox: tuple[float, float, float, float] | None = None
    limit: int = 1_000
    offset: int = 0

    @classmethod
    def from_params(cls, params: Mapping[str, str]) -> "LotFilter":
        """Read the filter from query parameters, or raise InvalidInput naming the bad one."""
        found = cls(on_date=on_date(params.get("date")))
        if params.get("plan"):
            found.plan = plan_from_param(params["plan"])
        found.land_uses = _codes(params.get("land_use", ""))
        found.group = _group(params.get("group"))
        found.unit = _unit(params.get("unit"))
        found.ranges = {name: _number(name, params[name]) for name in RANGES if params.get(name)}
        found.ids = _ids(params.get("ids", ""))
        found.bbox = _bbox(params.get("bbox", ""))
        found.limit = _count("limit", params.get("limit"), 1_000, 1, MAX_LIMIT)
        found.offset = _count("offset", params.get("offset"), 0, 0, 10**9)
        return found

    def apply(self, lots: ZoningLotQuerySet) -> ZoningLotQuerySet:
        """Lots in force on the date matching every filter, ordered for stable pages."""
        lots = lots.in_force(self.on_date)
        if self.plan is not None:
            lots = lots.filter(revision__plan=self.plan)
        if self.land_uses:
            lots = lots.filter(land_use_id__in=self.land_uses)
        if self.group:
            lots = lots.filter(land_use__group=self.group)
        if self.unit is not None:
            lots = lots.filter(geom__intersects=self.unit.geom)
        if self.ids:
            lots = lots.filter(pk__in=self.ids)
        if self.bbox is not None:
            lots = lots.filter(geom__intersects=Polygon.from_bbox(self.bbox))
        conditions = Q()
        for name, value in self.ranges.items():
            field_name, lookup = RANGES[name]
            conditions &= Q(**{f"{field_name}__{lookup}": value})
        return lots.filter(conditions).order_by("revision__plan_id", "lot_code", "pk")


def _codes(text: str) -> list[str]:
    codes = [code.strip().upper() for code in text.split(",") if code.strip()]
    unknown = sorted(set(codes) - set(LandUseCode.objects.filter(code__in=codes).values_list("code", flat=True)))
    if unknown:
        raise InvalidInput(
            _("Parameter land_use has codes not in the catalogue: %(codes)s.") % {"codes": ", ".join(unknown)}
        )
    return codes


def _group(text: str | None) -> str | None:
    if not text:
        return None
    if text not in LandUseGroup.values:
        raise InvalidInput(
            _("Parameter group=%(value)s must be one of %(groups)s.")
            % {"value": text[:40], "groups": ", ".join(LandUseGroup.values)}
        )
    return text


def _unit(text: str | None) -> AdminUnit | None:
    if not text:
        return None
    unit = AdminUnit.objects.filter(code=text.strip()).only("code", "geom").first()
    if unit is None:
        raise InvalidInput(
            _("Parameter unit=%(value)s is not the code of a unit of the province.") % {"value": text[:40]}
        )
    return unit


def _ids(text: str) -> list[int]:
    parts = [part.strip() for part in text.split(",") if part.strip()]
    bad = [part for part in parts if not part.isdigit()]
    if bad:
        raise InvalidInput(
            _("Parameter ids has values that are not lot numbers: %(values)s. Give whole numbers separated by commas.")
            % {"values": ", ".join(part[:20] for part in bad[:5])}
        )
    ids = sorted({int(part) for part in parts})
    if len(ids) > MAX_IDS:
        raise InvalidInput(
            _("Parameter ids names %(count)s lots; at most %(most)s can be selected. Narrow it with the filters.")
            % {"count": len(ids), "most": MAX_IDS}
        )
    return ids


def _bbox(text: str) -> tuple[float, float, float, float] | None:
    if not text.strip():
        return None
    try:
        # The map writes the box; commas part its four numbers, so each is read with a decimal point.
        west, south, east, north = (float(numbers.parse_number(part, "en")) for part in text.split(","))
    except ValueError:  # a NotANumber, or not four numbers
        west = south = east = north = float("nan")
    inside = BBOX_LIMITS[0] <= west < east <= BBOX_LIMITS[2] and BBOX_LIMITS[1] <= south < north <= BBOX_LIMITS[3]
    if not inside:
        raise InvalidInput(
            _(
                "Parameter bbox=%(value)s must be west,south,east,north in degrees (WGS 84), west below east and "
                "south below north, around Khánh Hòa."
            )
            % {"value": text[:80]}
        )
    return west, south, east, north


def _number(name: str, text: str) -> Decimal:
    """Read a range parameter by core.numbers; an ambiguous value is taken the one way the lot field can hold."""
    try:
        return numbers.parse_number(text, plausible=PLAUSIBLE[name])
    except numbers.NotANumber as exc:
        if not re.search(r"\d", text, re.ASCII):  # no digits at all: nothing to say about separators
            raise InvalidInput(
                _("Parameter %(name)s=%(value)s is not a number; write one such as 1,5 or 1.5.")
                % {"name": name, "value": text[:40]}
            ) from None
        raise InvalidInput(_("Parameter %(name)s: %(reason)s") % {"name": name, "reason": exc.message}) from None


def _count(name: str, text: str | None, default: int, low: int, high: int) -> int:
    if text is None or text == "":
        return default
    if not text.isdigit() or not low <= int(text) <= high:
        raise InvalidInput(
            _("Parameter %(name)s=%(value)s must be a whole number from %(low)s to %(high)s.")
            % {"name": name, "value": text[:40], "low": low, "high": high}
        )
    return int(text)
