"""The items parameters beyond paging: datetime on the layer's time property and queryables as plain parameters.

OGC API Features Part 1 /req/core/fc-time-response and Part 3 /req/queryables-query-parameters: each becomes one
SQL condition with bound values, combined with bbox and filter by AND. A layer's temporal property is its first
datetime property, else its first date property; a layer with neither refuses datetime rather than ignore it.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import QueryDict
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from psycopg2 import sql

from core.errors import InvalidInput
from layers.models import Layer

# The items parameters of Part 1, 2 and 3 this API implements; every other name must be a queryable property.
ITEMS_PARAMETERS = frozenset({
    "limit", "offset", "bbox", "bbox-crs", "crs", "properties", "sortby", "cursor", "filter", "filter-lang",
    "filter-crs", "datetime", "skipGeometry",
})  # fmt: skip
ITEM_PARAMETERS = frozenset({"crs", "skipGeometry"})
TEMPORAL_TYPES = ("datetime", "date")  # in the order a temporal property is chosen
# Field types a plain parameter can compare with, and how its text becomes a bound value.
PLAIN_TYPES = ("string", "integer", "number", "boolean", "date", "datetime")
OPEN = ("", "..")


@dataclass(frozen=True)
class Condition:
    """One SQL condition over `t` and its bound values."""

    sql: sql.Composable
    params: list[Any]


def temporal_property(layer: Layer) -> str | None:
    """The property datetime filters on: the first datetime property, else the first date property."""
    for wanted_type in TEMPORAL_TYPES:
        for field in layer.fields:
            if field["type"] == wanted_type:
                return str(field["name"])
    return None


def queryable_names(layer: Layer) -> list[str]:
    """The properties a plain query parameter may filter on (those whose values compare as text, number or time)."""
    return [field["name"] for field in layer.fields if field["type"] in PLAIN_TYPES]


def skip_geometry(params: QueryDict) -> bool:
    value = params.get("skipGeometry")
    if value in (None, "", "false"):
        return False
    if value == "true":
        return True
    raise InvalidInput(_("skipGeometry must be true or false, not %(value)r.") % {"value": value[:20]},
                       parameter="skipGeometry")  # fmt: skip


def conditions(layer: Layer, params: QueryDict) -> list[Condition]:
    """The datetime and plain-property conditions of the request; unknown parameter names are refused."""
    found = []
    moment = params.get("datetime")
    if moment:
        found.append(_datetime(layer, moment))
    types = {field["name"]: field["type"] for field in layer.fields}
    plain = queryable_names(layer)
    for name in params:
        if name in ITEMS_PARAMETERS or name in ("f", "lang"):
            continue
        if name not in types:
            raise InvalidInput(
                _("%(name)s is neither a parameter of this request nor a property of this collection; its queryable "
                  "properties are: %(names)s.") % {"name": name[:60], "names": ", ".join(plain)},
                parameter=name[:60],
            )  # fmt: skip
        if name not in plain:
            raise InvalidInput(
                _("%(name)s is a %(type)s property and cannot be filtered by a query parameter; use filter instead.")
                % {"name": name, "type": types[name]},
                parameter=name,
            )
        found.append(_equals(name, types[name], params.getlist(name)))
    return found


def _equals(name: str, field_type: str, texts: list[str]) -> Condition:
    """name = value, or name IN (values) when the parameter is repeated."""
    values = [_value(name, field_type, text) for text in texts]
    column = sql.SQL("t.{}").format(sql.Identifier(name))
    marks = sql.SQL(", ").join(sql.SQL("%s") for _value in values)
    return Condition(sql.SQL("{} IN ({})").format(column, marks), values)


PARSE: dict[str, Callable[[str], Any]] = {
    "string": str, "integer": int, "number": float, "boolean": lambda text: _boolean(text),
    "date": parse_date, "datetime": lambda text: _instant(text, end=False),
}  # fmt: skip


def _value(name: str, field_type: str, text: str) -> Any:
    try:
        value = PARSE[field_type](text)
    except ValueError:
        value = None
    if value is None:
        raise InvalidInput(
            _("%(name)s is a %(type)s property; %(value)r is not a %(type)s value.")
            % {"name": name, "type": field_type, "value": text[:60]},
            parameter=name,
        )
    return value


def _boolean(text: str) -> bool | None:
    return {"true": True, "false": False}.get(text.lower())


def _instant(text: str, end: bool) -> datetime.datetime | None:
    """An RFC 3339 date-time (UTC when no offset), or a date as the start of that day (the next day's when end)."""
    day = parse_date(text)  # first: parse_datetime would read a bare date as its midnight
    if day is None:
        moment = parse_datetime(text)
        if moment is None:
            return None
        return moment if moment.tzinfo else moment.replace(tzinfo=datetime.UTC)
    start = datetime.datetime.combine(day, datetime.time(), tzinfo=datetime.UTC)
    return start + datetime.timedelta(days=1) if end else start


def _datetime(layer: Layer, text: str) -> Condition:
    """The condition of datetime=instant, start/end, ../end or start/.. on the layer's temporal property."""
    name = temporal_property(layer)
    if name is None:
        raise InvalidInput(
            _("Collection %(slug)s has no time property, so datetime cannot filter it; leave datetime out.")
            % {"slug": layer.slug},
            parameter="datetime",
        )
    parts = text.split("/")
    bounds: tuple[datetime.datetime | None, datetime.datetime | None]
    try:
        if len(parts) == 1:
            start, end = _instant(parts[0], end=False), _instant(parts[0], end=True)
            if start is None:
                raise ValueError(text)
            bounds = (start, end)
        elif len(parts) == 2 and not (parts[0] in OPEN and parts[1] in OPEN):
            bounds = (
                None if parts[0] in OPEN else _instant(parts[0], end=False),
                None if parts[1] in OPEN else _instant(parts[1], end=True),
            )
            if None in [b for b, part in zip(bounds, parts, strict=True) if part not in OPEN]:
                raise ValueError(text)
        else:
            raise ValueError(text)
    except ValueError:
        raise InvalidInput(
            _("datetime must be a date-time (2024-05-01T08:00:00Z), a date, or an interval start/end where either "
              "end may be '..', not %(value)r.") % {"value": text[:80]},
            parameter="datetime",
        ) from None  # fmt: skip
    column = sql.SQL("t.{}").format(sql.Identifier(name))
    clauses, values = [], []
    if bounds[0] is not None:
        clauses.append(sql.SQL("{} >= %s").format(column))
        values.append(bounds[0])
    if bounds[1] is not None:
        # An end given as a date-time is included; one given as a date includes that whole day.
        exclusive = "T" not in (parts[-1].upper())
        clauses.append(sql.SQL("{} {} %s").format(column, sql.SQL("<" if exclusive else "<=")))
        values.append(bounds[1])
    return Condition(sql.SQL(" AND ").join(clauses), values)
