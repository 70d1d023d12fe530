"""CQL2 filters (text and JSON) turned into PostGIS conditions: pygeofilter parses, this module writes the SQL.

Only the layer's own properties may be named and every literal is bound, typed by the property it is compared with.
Anything outside what is translated here (temporal and array predicates, arithmetic, functions other than BBOX)
is refused with a message, so the conformance classes advertised are the ones that really work.
"""

import datetime
import json
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import shapely
import shapely.errors
import shapely.geometry
from django.http import QueryDict
from django.utils.translation import gettext as _
from lark.exceptions import LarkError
from psycopg2 import sql
from pygeofilter import ast, values
from pygeofilter.parsers.cql2_json import parse as parse_json
from pygeofilter.parsers.cql2_text import parse as parse_text

from core.errors import InvalidInput
from core.json_body import nesting_depth
from layers.models import Layer
from ogc_api.crs import OgcCrs, parse_crs

CONFORMANCE = [
    "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/filter",
    "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/features-filter",
    "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables",
    "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables-query-parameters",  # ogc_api.selection
    "http://www.opengis.net/spec/cql2/1.0/conf/cql2-text",
    "http://www.opengis.net/spec/cql2/1.0/conf/cql2-json",
    "http://www.opengis.net/spec/cql2/1.0/conf/basic-cql2",
    "http://www.opengis.net/spec/cql2/1.0/conf/advanced-comparison-operators",
    "http://www.opengis.net/spec/cql2/1.0/conf/basic-spatial-functions",
    "http://www.opengis.net/spec/cql2/1.0/conf/spatial-functions",
]


def _bbox_as_polygon(node: Any) -> Any:
    """Replace CQL2-JSON {"bbox": [minx, miny, maxx, maxy]} by its polygon (pygeofilter 0.4 swaps its corners)."""
    if isinstance(node, dict):
        box = node.get("bbox")
        if len(node) == 1 and isinstance(box, list) and len(box) == 4:
            minx, miny, maxx, maxy = box
            ring = [[minx, miny], [maxx, miny], [maxx, maxy], [minx, maxy], [minx, miny]]
            return {"type": "Polygon", "coordinates": [ring]}
        return {key: _bbox_as_polygon(value) for key, value in node.items()}
    if isinstance(node, list):
        return [_bbox_as_polygon(value) for value in node]
    return node


PARSERS: dict[str, Callable[[str], Any]] = {
    "cql2-text": parse_text,
    "cql2-json": lambda text: parse_json(_bbox_as_polygon(json.loads(text))),
}
COMPARISONS = {
    ast.Equal: "=", ast.NotEqual: "<>", ast.LessThan: "<", ast.LessEqual: "<=",
    ast.GreaterThan: ">", ast.GreaterEqual: ">=",
}  # fmt: skip
SPATIAL = {
    ast.GeometryIntersects: "ST_Intersects", ast.GeometryDisjoint: "ST_Disjoint", ast.GeometryContains: "ST_Contains",
    ast.GeometryWithin: "ST_Within", ast.GeometryTouches: "ST_Touches", ast.GeometryCrosses: "ST_Crosses",
    ast.GeometryOverlaps: "ST_Overlaps", ast.GeometryEquals: "ST_Equals",
}  # fmt: skip
# Python types a literal may have for each field type of the catalogue (layers.schema.FIELD_TYPES).
LITERAL_TYPES: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "integer": (int,),
    "number": (int, float),
    "boolean": (bool,),
    "date": (datetime.date,),
    "datetime": (datetime.datetime, datetime.date),
}
GEOMETRY_NAMES = {"geometry", "geom"}
MAX_FILTER_CHARS = 20_000  # parsing is linear, but a bound keeps one request from holding a worker
MAX_NESTING = 20  # parentheses (text) or arrays and objects (JSON); the parser recurses through each level
# Brackets that nest in each filter language, and the pattern of its string literals (never counted).
NESTING: dict[str, tuple[str, str, re.Pattern[str]]] = {
    "cql2-text": ("(", ")", re.compile(r"'(?:[^']|'')*'")),
    "cql2-json": ("[{", "]}", re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)),
}


@dataclass(frozen=True)
class Filter:
    """A checked filter: one SQL condition over `t` and its bound values."""

    condition: sql.Composable
    params: list[Any]


def from_params(layer: Layer, params: QueryDict) -> Filter | None:
    """Parse filter, filter-lang and filter-crs, or return None when there is no filter."""
    text = params.get("filter")
    if not text:
        return None
    if len(text) > MAX_FILTER_CHARS:
        raise InvalidInput(
            _("filter is longer than %(max)s characters; send a simpler filter.") % {"max": MAX_FILTER_CHARS},
            parameter="filter",
        )
    language = params.get("filter-lang", "cql2-text")
    if language not in PARSERS:
        raise InvalidInput(
            _("filter-lang must be cql2-text or cql2-json, not %(value)r.") % {"value": language[:40]},
            parameter="filter-lang",
        )
    if nesting_depth(text, *NESTING[language]) > MAX_NESTING:
        raise _too_complex()
    try:
        tree = PARSERS[language](text)
    # All mean malformed text (IndexError: an operator without its arguments).
    except (LarkError, ValueError, KeyError, TypeError, AttributeError, IndexError) as error:
        raise InvalidInput(
            _("filter is not valid %(language)s: %(error)s") % {"language": language, "error": str(error)[:200]},
            parameter="filter",
        ) from error
    except RecursionError:  # a long chain of AND/OR nests as deep as it is long
        raise _too_complex() from None
    translator = Translator(layer, parse_crs(params.get("filter-crs"), "filter-crs"))
    params_list: list[Any] = []
    try:
        return Filter(translator.node(tree, params_list), params_list)
    except RecursionError:
        raise _too_complex() from None


def _too_complex() -> InvalidInput:
    return InvalidInput(
        _("filter is nested more than %(n)s levels deep; send a simpler filter (IN lists instead of long OR chains).")
        % {"n": MAX_NESTING},
        parameter="filter",
    )


def _unsupported(what: str) -> InvalidInput:
    return InvalidInput(
        _("filter: %(what)s is not supported; use comparisons, LIKE, IN, BETWEEN, IS NULL and S_* spatial functions.")
        % {"what": what},
        parameter="filter",
    )


class Translator:
    """Write the SQL of a pygeofilter tree for one layer, binding every literal."""

    def __init__(self, layer: Layer, crs: OgcCrs) -> None:
        self.layer = layer
        self.crs = crs
        self.types = {field["name"]: field["type"] for field in layer.fields}

    def node(self, node: Any, params: list[Any]) -> sql.Composable:
        if isinstance(node, ast.And | ast.Or):
            joiner = " AND " if isinstance(node, ast.And) else " OR "
            parts = [self.node(node.lhs, params), self.node(node.rhs, params)]
            return sql.SQL("(") + sql.SQL(joiner).join(parts) + sql.SQL(")")
        if isinstance(node, ast.Not):
            return sql.SQL("NOT ({})").format(self.node(node.sub_node, params))
        if type(node) in COMPARISONS:
            return self._comparison(node, COMPARISONS[type(node)], params)
        if type(node) in SPATIAL:
            return self._spatial(node, SPATIAL[type(node)], params)
        return self._advanced(node, params)

    def _advanced(self, node: Any, params: list[Any]) -> sql.Composable:
        negate = sql.SQL("NOT " if getattr(node, "not_", False) else "")
        if isinstance(node, ast.IsNull | ast.Like | ast.In | ast.Between):
            self._column(node.lhs)  # an unknown property is named before any literal is checked
        if isinstance(node, ast.IsNull):
            return sql.SQL("{} IS {}NULL").format(self._column(node.lhs), negate)
        if isinstance(node, ast.Like):
            if self.types[node.lhs.name] != "string" or not isinstance(node.pattern, str):
                raise InvalidInput(
                    _("filter: LIKE compares a text property with a text pattern; %(name)s is a %(type)s property.")
                    % {"name": node.lhs.name, "type": self.types[node.lhs.name]},
                    parameter="filter",
                )
            params.append(self._literal(node.lhs, node.pattern))
            operator = sql.SQL("ILIKE" if node.nocase else "LIKE")
            return sql.SQL("{} {}{} %s").format(self._column(node.lhs), negate, operator)
        if isinstance(node, ast.In):
            params.extend(self._literal(node.lhs, value) for value in node.sub_nodes)
            marks = sql.SQL(", ").join(sql.SQL("%s") for _value in node.sub_nodes)
            return sql.SQL("{} {}IN ({})").format(self._column(node.lhs), negate, marks)
        if isinstance(node, ast.Between):
            params.extend([self._literal(node.lhs, node.low), self._literal(node.lhs, node.high)])
            return sql.SQL("{} {}BETWEEN %s AND %s").format(self._column(node.lhs), negate)
        raise _unsupported(type(node).__name__)

    def _comparison(self, node: Any, operator: str, params: list[Any]) -> sql.Composable:
        column = self._column(node.lhs)
        params.append(self._literal(node.lhs, node.rhs))
        return sql.SQL("{} {} %s").format(column, sql.SQL(operator))

    def _column(self, node: Any) -> sql.Composable:
        if not isinstance(node, ast.Attribute):
            raise _unsupported(_("a predicate whose left side is not a property"))
        if node.name not in self.types:
            raise InvalidInput(
                _("filter: %(name)r is not a queryable of this collection; see its /queryables.")
                % {"name": str(node.name)[:60]},
                parameter="filter",
            )
        return sql.SQL("t.{}").format(sql.Identifier(node.name))

    def _literal(self, attribute: Any, value: Any) -> Any:
        field_type = self.types.get(getattr(attribute, "name", ""), "string")
        accepted = LITERAL_TYPES.get(field_type)
        if accepted is None:
            raise _unsupported(_("filtering on a %(type)s property") % {"type": field_type})
        wrong_bool = isinstance(value, bool) and field_type != "boolean"
        if wrong_bool or not isinstance(value, accepted):
            raise InvalidInput(
                _("filter: %(name)s is a %(type)s property; %(value)r does not compare with it.")
                % {"name": attribute.name, "type": field_type, "value": value},
                parameter="filter",
            )
        return value

    def _spatial(self, node: Any, function: str, params: list[Any]) -> sql.Composable:
        if not (isinstance(node.lhs, ast.Attribute) and node.lhs.name in GEOMETRY_NAMES | {self.layer.geometry_column}):
            raise _unsupported(_("a spatial predicate whose first argument is not the geometry"))
        geometry = sql.SQL("t.{}").format(sql.Identifier(self.layer.geometry_column))
        return sql.SQL("{}({}, {})").format(sql.SQL(function), geometry, self._geometry_literal(node.rhs, params))

    def _geometry_literal(self, value: Any, params: list[Any]) -> sql.Composable:
        if isinstance(value, values.Geometry):
            self._check_geometry(value.geometry)
            params.append(json.dumps(value.geometry))
            shape = sql.SQL("ST_GeomFromGeoJSON(%s)")
        elif isinstance(value, values.Envelope):
            params.extend(self._box([value.x1, value.y1, value.x2, value.y2]))
            shape = sql.SQL("ST_MakeEnvelope(%s, %s, %s, %s)")
        elif isinstance(value, ast.Function) and value.name.lower() == "bbox" and len(value.arguments) == 4:
            params.extend(self._box(value.arguments))
            shape = sql.SQL("ST_MakeEnvelope(%s, %s, %s, %s)")
        else:
            raise _unsupported(_("this geometry literal"))
        if self.crs.lat_first:
            shape = sql.SQL("ST_FlipCoordinates({})").format(shape)
        shape = sql.SQL("ST_SetSRID({}, {})").format(shape, sql.Literal(self.crs.srid))
        if self.crs.srid != self.layer.srid:
            shape = sql.SQL("ST_Transform({}, {})").format(shape, sql.Literal(self.layer.srid))
        return shape

    def _box(self, corners: list[Any]) -> list[float]:
        """Return a BBOX's four numbers, checked to be numbers inside the filter CRS's area."""
        if not all(isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v) for v in corners):
            raise InvalidInput(_("filter: BBOX takes four numbers, minx, miny, maxx, maxy."), parameter="filter")
        numbers = [float(v) for v in corners]
        self._check_points([(numbers[0], numbers[1]), (numbers[2], numbers[3])])
        return numbers

    def _check_geometry(self, geojson: Any) -> None:
        """Refuse a GeoJSON geometry that is malformed or has a coordinate outside the filter CRS's area."""
        try:
            geometry = shapely.geometry.shape(geojson)
        except (shapely.errors.GeometryTypeError, ValueError, TypeError, KeyError, IndexError, AttributeError):
            raise InvalidInput(
                _("filter: the geometry is not a valid GeoJSON Point, LineString, Polygon or their Multi forms."),
                parameter="filter",
            ) from None
        coordinates = shapely.get_coordinates(geometry)
        if not np.isfinite(coordinates).all():
            raise InvalidInput(_("filter: the geometry has a coordinate that is not a number."), parameter="filter")
        self._check_points([(float(x), float(y)) for x, y in coordinates])

    def _check_points(self, points: list[tuple[float, float]]) -> None:
        if self.crs.lat_first:
            points = [(y, x) for x, y in points]
        self.crs.check_coordinates(points, "filter")
