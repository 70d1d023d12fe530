"""Checks shared by the processes' inputs; each raises InvalidInput naming the input and how to fix it."""

import datetime
from typing import Any

from django.utils.translation import gettext as _

from core.errors import InvalidInput
from planning.params import on_date

GEOMETRY_SCHEMA = {"allOf": [{"format": "geojson-geometry"}, {"$ref": "https://geojson.org/schema/Geometry.json"}]}
DATE_SCHEMA = {"type": "string", "format": "date"}


def one_of(inputs: dict[str, Any], *groups: tuple[str, ...]) -> tuple[str, ...]:
    """Return the one group of input names given (e.g. ("lon", "lat") or ("parcel",)), or raise InvalidInput."""
    given = [group for group in groups if any(name in inputs for name in group)]
    if len(given) != 1:
        names = " | ".join("+".join(group) for group in groups)
        raise InvalidInput(_("Give exactly one of these inputs: %(names)s.") % {"names": names}, parameter="inputs")
    return given[0]


def text(inputs: dict[str, Any], name: str, max_chars: int = 200_000) -> str:
    value = inputs[name]
    if not isinstance(value, str) or len(value) > max_chars:
        raise InvalidInput(_("Input %(name)s must be text.") % {"name": name}, parameter=name)
    return value


def number(inputs: dict[str, Any], name: str) -> int | float | str:
    """The number in an input, or its text, for gis_core.coords to read (through core.numbers); or InvalidInput."""
    if name not in inputs:
        raise InvalidInput(_("Input %(name)s is missing; give it as a number.") % {"name": name}, parameter=name)
    value = inputs[name]
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise InvalidInput(_("Input %(name)s must be a number.") % {"name": name}, parameter=name)
    return value  # a JSON number stays a number: 123.456 is not the text "123.456", which may be 123456


def day(inputs: dict[str, Any]) -> datetime.date:
    """The date input (YYYY-MM-DD), today when absent."""
    value = inputs.get("date")
    if value is not None and not isinstance(value, str):
        raise InvalidInput(_("Input date must be text YYYY-MM-DD, for example 2025-07-01."), parameter="date")
    return on_date(value)


def geometry_object(inputs: dict[str, Any], name: str) -> dict[str, Any]:
    value = inputs[name]
    if isinstance(value, dict) and isinstance(value.get("value"), dict):
        value = value["value"]  # a qualified input {"value": ..., "mediaType": ...}
    if not isinstance(value, dict):
        raise InvalidInput(
            _("Input %(name)s must be a GeoJSON object (Polygon, MultiPolygon or a Feature holding one).")
            % {"name": name},
            parameter=name,
        )
    return value
