"""Process hazard-exposure: which units, how many lots of each land-use group and how much area a hazard covers.

The hazard is a GeoJSON polygon, or a reference {"href": ".../ogc/collections/{id}/items/{featureId}"} to a
polygon feature of a collection the caller may see (its access is checked like any items request). The whole
overlay — units cut by the hazard, lots in force on the date cut by each unit's part — is one PostGIS statement
returning JSON; areas are geodesic m² (WGS 84 ellipsoid) like the implementation figures of the planning app.
"""

import datetime
import json
from typing import Any
from urllib.parse import urlsplit

from django.contrib.gis.geos import GEOSGeometry, Polygon
from django.db import connection
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _
from psycopg2 import sql

from core.errors import InvalidInput
from gis_core.srs import WGS84, parse_srid
from layers.access import Viewer
from layers.import_target import VIETNAM_EXTENT
from ogc_api.catalogue import vector_collection_for
from ogc_api.processes.inputs import DATE_SCHEMA, GEOMETRY_SCHEMA, day, geometry_object, text
from ogc_api.processes.registry import Process
from planning.models import LandUseGroup, ZoningLot
from planning.parcel_input import geojson_polygon

SLIVER_M2 = 0.01  # a lot that only touches the hazard's edge covers no area and is not counted
EXPOSURE_SQL = """
WITH hazard AS (SELECT ST_Multi(ST_CollectionExtract(ST_MakeValid(ST_GeomFromEWKB(%s)), 3)) AS g),
lot AS (
    SELECT l.id, c."group" AS grp, l.geom FROM planning_zoninglot l
    JOIN planning_landusecode c ON c.code = l.land_use_id
    WHERE ST_Intersects(l.geom, (SELECT g FROM hazard)) AND l.id IN ({in_force})
),
unit AS (
    SELECT u.code, u.name, u.kind, ST_Intersection(u.geom, h.g) AS g FROM gis_core_adminunit u, hazard h
    WHERE ST_Intersects(u.geom, h.g)
),
part AS (
    SELECT unit.code, lot.id, lot.grp, ST_Area(ST_Intersection(lot.geom, unit.g)::geography) AS m2
    FROM unit JOIN lot ON ST_Intersects(lot.geom, unit.g)
)
SELECT json_build_object(
    'hazard_m2', (SELECT ST_Area(g::geography) FROM hazard),
    'units', COALESCE((SELECT json_agg(json_build_object(
        'code', unit.code, 'name', unit.name, 'kind', unit.kind, 'area_m2', ST_Area(unit.g::geography),
        'groups', COALESCE((SELECT json_agg(json_build_object('group', grp, 'lots', n, 'area_m2', m2) ORDER BY grp)
                            FROM (SELECT grp, count(*) AS n, sum(m2) AS m2 FROM part
                                  WHERE part.code = unit.code AND m2 > %s GROUP BY grp) AS g), '[]'::json)
    ) ORDER BY unit.code) FROM unit), '[]'::json),
    'totals', COALESCE((SELECT json_agg(json_build_object('group', grp, 'lots', n, 'area_m2', m2) ORDER BY grp)
                        FROM (SELECT grp, count(DISTINCT id) AS n, sum(m2) AS m2 FROM part WHERE m2 > %s
                              GROUP BY grp) AS t), '[]'::json)
)::text
"""


class HazardExposure(Process):
    id = "hazard-exposure"
    asynchronous = True  # a hazard over the whole province takes minutes: not something to hold a request for

    def title(self) -> str:
        return _("Hazard exposure")

    def description(self) -> str:
        return _(
            "For a hazard polygon (flood, landslide, storm surge...), the communes and wards it covers and, in "
            "each, how many planned lots of each land-use group it touches and how much of their area lies inside."
        )

    def keywords(self) -> list[str]:
        return [_("hazard"), _("exposure"), _("land use")]

    def inputs(self) -> dict[str, Any]:
        reference = {"type": "object", "required": ["href"], "properties": {"href": {"type": "string"}}}
        hazard_schema = {"oneOf": [GEOMETRY_SCHEMA, reference]}
        return {
            "hazard": {"title": _("Hazard area"), "minOccurs": 1, "maxOccurs": 1, "schema": hazard_schema,
                       "description": _("A GeoJSON Polygon or MultiPolygon (WGS 84 unless crs says otherwise), "
                                        'or {"href": ".../ogc/collections/{id}/items/{featureId}"} of a polygon.')},
            "crs": {"title": _("CRS of the hazard polygon"), "minOccurs": 0, "maxOccurs": 1,
                    "schema": {"type": "string", "default": "EPSG:4326"}},
            "date": {"title": _("Plans in force on (YYYY-MM-DD), today when absent"), "minOccurs": 0, "maxOccurs": 1,
                     "schema": DATE_SCHEMA},
        }  # fmt: skip

    def output_description(self) -> str:
        return _("Hazard area, and per unit and in total: lots and area (m²) of each land-use group inside it.")

    def check(self, inputs: dict[str, Any], user: Viewer) -> None:
        self._checked(inputs, user)

    def execute(self, inputs: dict[str, Any], user: Viewer) -> dict[str, Any]:
        on, hazard, source = self._checked(inputs, user)
        in_force, params = ZoningLot.objects.in_force(on).order_by().values("pk").query.sql_with_params()
        statement = sql.SQL(EXPOSURE_SQL).format(in_force=sql.SQL(in_force))  # Django's own SQL, its values bound
        with connection.cursor() as cursor:
            cursor.execute(statement, [bytes(hazard.ewkb), *params, SLIVER_M2, SLIVER_M2])
            answer = json.loads(cursor.fetchone()[0])
        labels = dict(LandUseGroup.choices)
        for entry in [*answer["totals"], *(group for unit in answer["units"] for group in unit["groups"])]:
            entry["label"] = str(labels.get(entry["group"], entry["group"]))
            entry["area_m2"] = round(entry["area_m2"], 2)
        for unit in answer["units"]:
            unit["area_m2"] = round(unit["area_m2"], 2)
        return {
            "date": on.isoformat(),
            "hazard": {"source": source, "area_m2": round(answer["hazard_m2"] or 0.0, 2)},
            "units": answer["units"],
            "totals": answer["totals"],
        }

    def _checked(self, inputs: dict[str, Any], user: Viewer) -> tuple[datetime.date, GEOSGeometry, str]:
        """The date, the hazard polygon in WGS 84 and where it came from; InvalidInput names a bad input."""
        if "hazard" not in inputs:
            missing = _("Input hazard is missing: give a GeoJSON polygon or an href to one.")
            raise InvalidInput(missing, parameter="hazard")
        on = day(inputs)
        hazard, source = self._hazard(inputs, user)
        if not Polygon.from_bbox(VIETNAM_EXTENT).contains(hazard.envelope):
            # Geodesic areas fail on edges spanning half the globe; a hazard of this province lies in Việt Nam.
            raise InvalidInput(
                _("The hazard reaches outside Việt Nam (longitude %(x0)s to %(x1)s, latitude %(y0)s to %(y1)s); "
                  "send the part of it over the province.")
                % dict(zip(("x0", "y0", "x1", "y1"), VIETNAM_EXTENT, strict=True)),
                parameter="hazard",
            )  # fmt: skip
        return on, hazard, source

    def _hazard(self, inputs: dict[str, Any], user: Viewer) -> tuple[GEOSGeometry, str]:
        value = inputs["hazard"]
        if isinstance(value, dict) and "href" in value:
            if "crs" in inputs:
                raise InvalidInput(_("Input crs applies to a GeoJSON hazard, not to an href."), parameter="crs")
            href = value["href"]
            if not isinstance(href, str):
                raise InvalidInput(_("hazard.href must be the URL of a feature."), parameter="hazard")
            return referenced_polygon(href[:2000], user), href[:2000]
        srid = parse_srid(text(inputs, "crs", 100), default=WGS84) if "crs" in inputs else WGS84
        polygon = geojson_polygon(geometry_object(inputs, "hazard"), srid)
        polygon.transform(WGS84)
        return polygon, "geojson"


def referenced_polygon(href: str, user: Viewer) -> GEOSGeometry:
    """The polygon of the feature an OGC API items URL names, if the user may see its collection."""
    try:
        match = resolve(urlsplit(href).path)
    except Resolver404:
        match = None
    if match is None or match.view_name != "ogc_api:item":
        raise InvalidInput(
            _("hazard.href must name a feature of this server: .../ogc/collections/{id}/items/{featureId}."),
            parameter="hazard",
        )
    layer = vector_collection_for(match.kwargs["slug"], user)  # NotAuthenticated / Forbidden / NotFound
    schema_name, table = layer.relation()
    statement = sql.SQL(
        "SELECT ST_AsEWKB(ST_Multi(ST_CollectionExtract(ST_MakeValid({geom}), 3))) FROM {rel} "
        "WHERE {id}::text = %s LIMIT 1"
    ).format(
        geom=sql.Identifier(layer.geometry_column), rel=sql.Identifier(schema_name, table),
        id=sql.Identifier(layer.id_column),
    )  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute(statement, [match.kwargs["feature_id"]])
        row = cursor.fetchone()
    if row is None:
        raise InvalidInput(_("hazard.href names no feature: %(href)s") % {"href": href[:200]}, parameter="hazard")
    polygon = GEOSGeometry(memoryview(row[0]))
    if polygon.empty:
        raise InvalidInput(_("The feature hazard.href names is not a polygon."), parameter="hazard")
    return polygon
