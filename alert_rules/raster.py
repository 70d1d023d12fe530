"""The raster rule: flood depth (a GeoTIFF layer) over a threshold across residential lots, by zonal statistics.

One PostGIS query cuts the exposure features (lots) by the units they lie in and reprojects the parts to the
raster's CRS; rasterio then counts, in each part, the cells whose centre lies inside and whose value reaches
the threshold. A part's wet area is its count of wet cells times the cell's area on the ground. Features pass
on the rule's thresholds (area, share of the feature); their parts are summed per unit, one alert per unit.
The alert's geometry is the union of the unit's wet lots.
"""

import datetime
import json
import math
from contextlib import suppress
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import shapely
from django.conf import settings
from django.contrib.gis.geos import GEOSGeometry
from django.db import connection
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from psycopg2 import sql
from pyproj import Geod
from rasterio.features import geometry_mask
from rasterio.warp import transform_geom
from rasterio.windows import Window
from shapely.geometry import shape

from alert_rules.features import feature_source
from alert_rules.rules import Evaluation, Finding, RuleType, units_clear_of
from alert_rules.spatial import PIECE_VERTICES, grouped, number
from alerts.api import Source
from core.errors import InvalidInput
from gis_core.models import AdminUnit
from layers import rasters
from layers.models import Layer

if TYPE_CHECKING:
    from rasterio.io import DatasetReader


# Read the whole area of the parts at once when it holds at most this many cells, else part by part.
MAX_CELLS_AT_ONCE = 25_000_000
WGS84_GEOD = Geod(ellps="WGS84")
PARTS_QUERY = """
WITH area AS (SELECT ST_MakeEnvelope(%s, %s, %s, %s, 4326) AS geom),
pieces AS MATERIALIZED (
    SELECT u.id AS unit_id, ST_Subdivide(u.geom, {piece_vertices}) AS geom
    FROM {units} AS u, area WHERE ST_Intersects(u.geom, area.geom)
),
parts AS (
    SELECT e.fid, pc.unit_id, e.population, ST_Area(e.geom::geography) AS feature_m2,
           ST_CollectionExtract(ST_Intersection(e.geom, pc.geom), 3) AS geom
    FROM ({exposure}) AS e JOIN pieces AS pc ON ST_Intersects(e.geom, pc.geom), area
    WHERE ST_Intersects(e.geom, area.geom) AND ST_Dimension(e.geom) = 2
)
SELECT fid, unit_id, population, feature_m2, ST_AsBinary(geom), {in_raster_crs}
FROM parts WHERE NOT ST_IsEmpty(geom) ORDER BY fid, unit_id
"""


@dataclass
class Part:
    """A feature's part inside one unit, and what the raster says under it."""

    fid: int
    unit_id: int
    population: float | None
    feature_m2: float
    geom: Any  # shapely, EPSG:4326
    raster_geom: dict[str, Any]  # GeoJSON in the raster's CRS
    wet_m2: float = 0.0
    wet_values: list[float] = field(default_factory=list)


class RasterZonalRule(RuleType):
    """Cells of a raster layer (e.g. flood depth in metres) at or over a threshold under exposure features.

    Parameters: raster ({"layer": slug, "band": 1}), threshold (number), exposure (a polygon feature spec, see
    alert_rules.features), min_area_m2 (wet area of a feature), min_percent (wet share of a feature), min_features
    (per unit, default 1), feature_label.
    """

    source = Source.RASTER_RULE
    reads_layers = True

    def raster_layer(self) -> Layer:
        spec = self.params.get("raster")
        slug = spec.get("layer") if isinstance(spec, dict) else None
        if not isinstance(slug, str) or not slug:
            raise InvalidInput(_('Rule parameter \'raster\' names the raster layer, e.g. {"layer": "flood-depth"}.'))
        layer = Layer.objects.filter(slug=slug).first()
        if layer is None or not layer.is_raster:
            raise InvalidInput(
                _("Rule parameter 'raster': %(slug)s is not a raster layer; import a GeoTIFF as it "
                  "(manage.py import_layer FILE.tif --slug %(slug)s).") % {"slug": slug}
            )  # fmt: skip
        if not layer.raster_path:
            raise InvalidInput(_("Rule parameter 'raster': the layer %(slug)s has no data yet.") % {"slug": slug})
        return layer

    def band(self, layer: Layer) -> int:
        band = self.params["raster"].get("band", 1)
        count = (layer.raster or {}).get("count", 1)
        if isinstance(band, bool) or not isinstance(band, int) or not 1 <= band <= count:
            raise InvalidInput(
                _("Rule parameter 'raster': 'band' is a band number from 1 to %(count)d.") % {"count": count}
            )
        return band

    def validate_params(self) -> None:
        self.band(self.raster_layer())
        threshold = self.params.get("threshold")
        if isinstance(threshold, bool) or not isinstance(threshold, int | float):
            raise InvalidInput(_("Rule parameter 'threshold' must be a number (e.g. 0.5 for half a metre of water)."))
        feature_source(self.params.get("exposure"), "exposure").validate()
        number(self.params, "min_area_m2")
        number(self.params, "min_percent", maximum=100)
        min_features = self.params.get("min_features", 1)
        if isinstance(min_features, bool) or not isinstance(min_features, int) or min_features < 1:
            raise InvalidInput(_("Rule parameter 'min_features' must be a whole number, 1 or more."))

    def input_layers(self) -> set[str]:
        spec = self.params.get("raster")
        slugs = {spec["layer"]} if isinstance(spec, dict) and isinstance(spec.get("layer"), str) else set()
        exposure = self.params.get("exposure")
        if isinstance(exposure, dict):
            with suppress(InvalidInput):  # a broken spec reads no layer; validate_params reports it
                slugs |= feature_source(exposure, "exposure").layer_slugs()
        return slugs

    def evaluate(self, payload: Any = None) -> Evaluation:
        layer = self.raster_layer()
        band = self.band(layer)
        with rasters.open_raster(layer.raster_file()) as dataset:
            parts = self.parts(layer, dataset, timezone.localdate(timezone.now()))
            measure_parts(dataset, band, parts, float(self.params["threshold"]))
        per_unit = self.per_unit(parts)
        units = AdminUnit.objects.in_bulk(list(per_unit))
        with translation.override(settings.LANGUAGE_CODE):  # stored texts do not depend on who ran the rule
            findings = [self.finding(units[unit_id], unit_parts) for unit_id, unit_parts in sorted(per_unit.items())]
        return Evaluation(findings=findings, cleared_units=units_clear_of(self.rule, findings))

    def parts(self, layer: Layer, dataset: "DatasetReader", on_date: datetime.date) -> list[Part]:
        """The exposure features over the raster, cut by unit, in EPSG:4326 and in the raster's CRS (one query)."""
        exposure = feature_source(self.params["exposure"], "exposure").features(on_date)
        srid = (layer.raster or {}).get("srid")
        in_raster_crs = (
            sql.SQL("ST_AsGeoJSON(ST_Transform(geom, {}))").format(sql.Literal(int(srid))) if srid else sql.SQL("NULL")
        )
        query = sql.SQL(PARTS_QUERY).format(
            piece_vertices=sql.Literal(PIECE_VERTICES), units=sql.Identifier(AdminUnit._meta.db_table),
            exposure=exposure.query, in_raster_crs=in_raster_crs,
        )  # fmt: skip
        if layer.extent is None:
            raise InvalidInput(_("Rule parameter 'raster': the layer %(slug)s has no extent.") % {"slug": layer.slug})
        west, south, east, north = layer.extent
        with connection.cursor() as cursor:
            cursor.execute(query, [west, south, east, north, *exposure.params])
            rows = cursor.fetchall()
        parts = []
        for fid, unit_id, population, feature_m2, wkb, geojson in rows:
            geom = shapely.from_wkb(bytes(wkb))
            in_crs = (
                json.loads(geojson) if geojson else transform_geom("EPSG:4326", dataset.crs, geom.__geo_interface__)
            )
            parts.append(Part(fid, unit_id, population, feature_m2, geom, in_crs))
        return parts

    def per_unit(self, parts: list[Part]) -> dict[int, list[Part]]:
        """The wet parts of the features passing the thresholds, by unit."""
        wet_by_feature: dict[int, float] = {}
        area_by_feature: dict[int, float] = {}
        for part in parts:
            wet_by_feature[part.fid] = wet_by_feature.get(part.fid, 0.0) + part.wet_m2
            area_by_feature[part.fid] = part.feature_m2
        min_area, min_percent = number(self.params, "min_area_m2"), number(self.params, "min_percent", maximum=100)
        passing = {
            fid for fid, wet in wet_by_feature.items()
            if wet > 0 and wet >= min_area and wet * 100 >= area_by_feature[fid] * min_percent
        }  # fmt: skip
        by_unit: dict[int, list[Part]] = {}
        for part in parts:
            if part.fid in passing and part.wet_m2 > 0:
                by_unit.setdefault(part.unit_id, []).append(part)
        minimum = self.params.get("min_features", 1)
        return {unit: unit_parts for unit, unit_parts in by_unit.items() if len({p.fid for p in unit_parts}) >= minimum}

    def finding(self, unit: AdminUnit, parts: list[Part]) -> Finding:
        values = np.concatenate([np.asarray(part.wet_values, dtype="float64") for part in parts])
        details: dict[str, Any] = {
            "unit": unit.code,
            "features": len({part.fid for part in parts}),
            "flooded_area_m2": round(sum(part.wet_m2 for part in parts)),
            "threshold": self.params["threshold"],
            "max_value": round(float(values.max()), 2),
            "mean_value": round(float(values.mean()), 2),
        }
        known = [part for part in parts if part.population is not None]
        if known:
            shares = [(p.population or 0.0) * p.wet_m2 / p.feature_m2 for p in known if p.feature_m2]
            details["population"] = round(sum(shares))
        union = shapely.union_all([part.geom for part in parts])
        geom = GEOSGeometry(memoryview(shapely.to_wkb(shapely.make_valid(union))), srid=4326)
        title = f"{self.rule.name} — {unit.name}"
        return Finding(unit, title, geom if geom.geom_type in ("Polygon", "MultiPolygon") else None, details, "", None,
                       self.describe(details))  # fmt: skip

    def describe(self, details: dict[str, Any]) -> str:
        """The figures in a sentence for people."""
        text = _(
            "%(count)d %(label)s with values of %(threshold)s or more over %(area)s m² (highest %(max)s, mean %(mean)s)"
        ) % {
            "count": details["features"], "label": self.params.get("feature_label") or _("features"),
            "threshold": details["threshold"], "area": grouped(details["flooded_area_m2"]),
            "max": details["max_value"], "mean": details["mean_value"],
        }  # fmt: skip
        if "population" in details:
            text += "; " + _("about %(population)s people") % {"population": grouped(details["population"])}
        return text + "."


def cell_area_m2(dataset: "DatasetReader", part: Part) -> float:
    """The ground area of one cell: from the CRS's units when projected, on the ellipsoid when geographic."""
    x_size, y_size = abs(dataset.transform.a), abs(dataset.transform.e)
    if dataset.crs is not None and dataset.crs.is_projected:
        return x_size * y_size * dataset.crs.linear_units_factor[1] ** 2
    lon, lat = part.geom.centroid.x, part.geom.centroid.y
    cell = [(lon, lat), (lon + x_size, lat), (lon + x_size, lat + y_size), (lon, lat + y_size)]
    area, _perimeter = WGS84_GEOD.polygon_area_perimeter([p[0] for p in cell], [p[1] for p in cell])
    return abs(area)


def _window(dataset: "DatasetReader", bounds: tuple[float, float, float, float]) -> Window:
    """The whole cells covering the bounds (in the raster's CRS), possibly beyond the raster's edges."""
    inverse = ~dataset.transform
    corners = [inverse @ (x, y) for x in (bounds[0], bounds[2]) for y in (bounds[1], bounds[3])]
    cols, rows = [c[0] for c in corners], [c[1] for c in corners]
    col0, row0 = math.floor(min(cols)), math.floor(min(rows))
    return Window(col0, row0, max(1, math.ceil(max(cols)) - col0), max(1, math.ceil(max(rows)) - row0))


def measure_parts(dataset: "DatasetReader", band: int, parts: list[Part], threshold: float) -> None:
    """Fill each part's wet area and wet values from the raster (one read when the parts' area is small enough)."""
    if not parts:
        return
    bounds = [shape(part.raster_geom).bounds for part in parts]
    whole = _window(dataset, (min(b[0] for b in bounds), min(b[1] for b in bounds),
                              max(b[2] for b in bounds), max(b[3] for b in bounds)))  # fmt: skip
    block = None
    if whole.width * whole.height <= MAX_CELLS_AT_ONCE:
        block = dataset.read(band, window=whole, masked=True, boundless=True)
    for part, part_bounds in zip(parts, bounds, strict=True):
        window = _window(dataset, part_bounds)
        if block is not None:
            row, col = window.row_off - whole.row_off, window.col_off - whole.col_off
            data = block[row : row + window.height, col : col + window.width]
        else:
            data = dataset.read(band, window=window, masked=True, boundless=True)
        inside = ~geometry_mask(
            [part.raster_geom], out_shape=data.shape, transform=dataset.window_transform(window), all_touched=False
        )
        valid = inside & ~np.ma.getmaskarray(data)
        values = np.asarray(data.data, dtype="float64")
        wet = valid & ~np.isnan(values) & (values >= threshold)
        part.wet_values = values[wet].tolist()
        part.wet_m2 = len(part.wet_values) * cell_area_m2(dataset, part)
