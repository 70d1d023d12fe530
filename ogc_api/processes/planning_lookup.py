"""Process planning-lookup: the plans in force at a point or over a parcel, from planning.lookup and parcel_report."""

from typing import Any

from django.utils.translation import gettext as _

from core.errors import InvalidInput
from gis_core.coords import point_from_query
from layers.access import Viewer
from ogc_api.processes.inputs import DATE_SCHEMA, GEOMETRY_SCHEMA, day, geometry_object, number, one_of, text
from ogc_api.processes.registry import Process
from planning.lookup import lookup
from planning.parcel_input import parcel_from_fields
from planning.parcel_report import parcel_report

CRS_SCHEMA = {"type": "string", "default": "EPSG:4326", "examples": ["EPSG:4326", "EPSG:9217"]}


class PlanningLookup(Process):
    id = "planning-lookup"

    def title(self) -> str:
        return _("Planning lookup")

    def description(self) -> str:
        return _(
            "The plans in force on a date at a point (lon, lat or x, y, crs) — unit, lot, land use, indicators and "
            "documents — or, for a parcel (a GeoJSON polygon or a certificate corner table), its area and the land "
            "uses it falls in with area and share."
        )

    def keywords(self) -> list[str]:
        return [_("planning"), _("land use"), _("parcel")]

    def inputs(self) -> dict[str, Any]:
        def entry(title: str, schema: dict[str, Any], description: str = "") -> dict[str, Any]:
            return {"title": title, "description": description, "schema": schema, "minOccurs": 0, "maxOccurs": 1}

        return {
            "lon": entry(_("Longitude (WGS 84)"), {"type": "number", "minimum": -180, "maximum": 180}),
            "lat": entry(_("Latitude (WGS 84)"), {"type": "number", "minimum": -90, "maximum": 90}),
            "x": entry(_("X in crs"), {"type": "number"}, _("VN-2000 tables write X for northing; both orders work.")),
            "y": entry(_("Y in crs"), {"type": "number"}),
            "crs": entry(_("CRS of x, y or of the parcel"), CRS_SCHEMA),
            "parcel": entry(_("Parcel polygon (GeoJSON)"), GEOMETRY_SCHEMA),
            "table": entry(_("Certificate corner table"), {"type": "string"},
                           _("One line 'point X Y' per corner, as on the land-use-right certificate.")),
            "date": entry(_("Date (YYYY-MM-DD), today when absent"), DATE_SCHEMA),
            "with_geometry": entry(_("Include the lots' polygons"), {"type": "boolean", "default": False}),
        }  # fmt: skip

    def output_description(self) -> str:
        return _("The answer of the planning lookup (point) or the parcel report (parcel), as the planning API gives.")

    def execute(self, inputs: dict[str, Any], user: Viewer) -> dict[str, Any]:
        given = one_of(inputs, ("lon", "lat"), ("x", "y"), ("parcel",), ("table",))
        on = day(inputs)
        with_geometry = inputs.get("with_geometry", False)
        if not isinstance(with_geometry, bool):
            raise InvalidInput(_("Input with_geometry must be true or false."), parameter="with_geometry")
        if given in (("lon", "lat"), ("x", "y")):
            names = [*given, "crs"] if "crs" in inputs else list(given)  # x, y without crs: coords says it lacks
            params = {name: number(inputs, name) if name != "crs" else text(inputs, "crs", 100) for name in names}
            point = point_from_query(params)
            return {"query": point.as_dict(), **lookup(point.point, on, with_geometry=with_geometry)}
        fields: dict[str, Any] = {}
        if given == ("parcel",):
            fields["geometry"] = geometry_object(inputs, "parcel")
            if "crs" in inputs:
                fields["crs"] = text(inputs, "crs", 100)
        else:
            fields["table"] = text(inputs, "table")
        return parcel_report(parcel_from_fields(fields), on, with_geometry=with_geometry)
