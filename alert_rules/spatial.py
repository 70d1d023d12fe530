"""The spatial rule: features of an exposure input intersecting a hazard layer, one alert per affected unit.

"Hazard zones (a flood extent, landslide zones…) crossing residential lots, schools, clinics or roads." One
PostGIS query per run: the hazard features are merged, every exposure feature that intersects them is measured
on the ellipsoid (geography: square metres for polygons, metres for lines, a count for points), kept when it
reaches the rule's thresholds, split among the units it lies in, and summed per unit. The alert's geometry is
the hazard's part inside the unit.
"""

import datetime
from typing import Any

from django.conf import settings
from django.contrib.gis.geos import GEOSGeometry
from django.db import connection
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from psycopg2 import sql

from alert_rules.features import FeatureSource, feature_source
from alert_rules.rules import Evaluation, Finding, RuleType, units_clear_of
from alerts.api import Source
from core.errors import InvalidInput
from gis_core.models import AdminUnit

# The hazard's part in each unit is cut into pieces of at most this many vertices: each feature is then
# intersected with a few small polygons (fast, and robust with GEOS's OverlayNG) instead of a detailed outline.
PIECE_VERTICES = 128
# Length (metres) or area (square metres) of a geometry of the exposure's dimension, on the WGS 84 ellipsoid.
MEASURE = "CASE {dim} WHEN 2 THEN ST_Area(({geom})::geography) WHEN 1 THEN ST_Length(({geom})::geography) ELSE 1 END"
QUERY = """
WITH hazard AS MATERIALIZED (
    SELECT ST_Union(ST_CollectionExtract(ST_MakeValid(h.geom), 3)) AS geom FROM ({hazard}) AS h
),
zones AS MATERIALIZED (
    SELECT u.id AS unit_id, u.code,
           ST_Multi(ST_CollectionExtract(ST_Intersection(z.geom, u.geom), 3)) AS geom
    FROM hazard AS z JOIN {units} AS u ON ST_Intersects(u.geom, z.geom)
),
pieces AS MATERIALIZED (
    SELECT unit_id, ST_Subdivide(geom, {piece_vertices}) AS geom FROM zones WHERE NOT ST_IsEmpty(geom)
),
hits AS (
    SELECT e.fid, pc.unit_id, e.population, ST_Dimension(e.geom) AS dim, {total} AS total,
           {here} AS here
    FROM ({exposure}) AS e JOIN pieces AS pc ON ST_Intersects(e.geom, pc.geom)
),
per_feature_unit AS (
    SELECT fid, unit_id, min(dim) AS dim, max(population) AS population, max(total) AS total,
           CASE WHEN min(dim) = 0 THEN 1 ELSE sum(here) END AS here
    FROM hits GROUP BY fid, unit_id
),
passing AS (
    SELECT fid FROM per_feature_unit
    GROUP BY fid
    HAVING min(dim) = 0 OR (
        sum(here) > 0
        AND sum(here) >= CASE min(dim) WHEN 2 THEN %s ELSE %s END
        AND sum(here) * 100 >= max(total) * %s
    )
),
totals AS (
    SELECT f.unit_id, count(*) AS features,
           coalesce(sum(f.here) FILTER (WHERE f.dim = 2), 0) AS area_m2,
           coalesce(sum(f.here) FILTER (WHERE f.dim = 1), 0) AS length_m,
           sum(CASE WHEN f.dim = 0 THEN f.population ELSE f.population * f.here / NULLIF(f.total, 0) END)
               AS population,
           count(f.population) AS with_population
    FROM per_feature_unit AS f JOIN passing USING (fid)
    WHERE f.dim = 0 OR f.here > 0
    GROUP BY f.unit_id HAVING count(*) >= %s
)
SELECT t.unit_id, t.features, t.area_m2, t.length_m, t.population, t.with_population, ST_AsBinary(z.geom)
FROM totals AS t JOIN zones AS z USING (unit_id)
ORDER BY z.code
"""


def measure_sql(geom: str, dim: str) -> sql.Composable:
    """SQL measuring the geometry expression as a feature of dimension dim (an SQL expression too)."""
    return sql.SQL(MEASURE.format(geom=geom, dim=dim))


def grouped(value: int) -> str:
    """A whole number with its thousands grouped by dots, as Vietnamese writes them (12.345)."""
    return f"{value:,}".replace(",", ".")


def number(params: dict[str, Any], name: str, *, maximum: float | None = None) -> float:
    """The parameter as a number from 0 (to maximum), 0 when absent; InvalidInput otherwise."""
    value = params.get(name, 0)
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        raise InvalidInput(_("Rule parameter '%(name)s' must be a number, 0 or more.") % {"name": name})
    if maximum is not None and value > maximum:
        raise InvalidInput(
            _("Rule parameter '%(name)s' must be at most %(maximum)s.") % {"name": name, "maximum": maximum}
        )
    return float(value)


class SpatialIntersectionRule(RuleType):
    """Exposure features (lots, schools, roads…) intersecting the hazard by at least N m² (or m) or N %.

    Parameters: hazard and exposure (feature specs, see alert_rules.features), min_area_m2 (polygon features),
    min_length_m (line features), min_percent (share of each feature's own area or length), min_features
    (per unit, default 1), feature_label (what the features are, for the alert text, e.g. "lô đất ở").
    Every threshold given must be met; a point feature counts when it lies in the hazard.
    """

    source = Source.SPATIAL_RULE
    reads_layers = True

    def inputs(self) -> tuple[FeatureSource, FeatureSource]:
        return feature_source(self.params.get("hazard"), "hazard"), feature_source(
            self.params.get("exposure"), "exposure"
        )

    def validate_params(self) -> None:
        hazard, exposure = self.inputs()
        hazard.validate()
        exposure.validate()
        number(self.params, "min_area_m2")
        number(self.params, "min_length_m")
        number(self.params, "min_percent", maximum=100)
        min_features = self.params.get("min_features", 1)
        if isinstance(min_features, bool) or not isinstance(min_features, int) or min_features < 1:
            raise InvalidInput(_("Rule parameter 'min_features' must be a whole number, 1 or more."))
        label = self.params.get("feature_label", "")
        if not isinstance(label, str):
            raise InvalidInput(_("Rule parameter 'feature_label' must be text."))

    def input_layers(self) -> set[str]:
        slugs: set[str] = set()
        for role in ("hazard", "exposure"):
            spec = self.params.get(role)
            if isinstance(spec, dict):
                try:
                    slugs |= feature_source(spec, role).layer_slugs()
                except InvalidInput:
                    continue  # a broken spec reads no layer; validate_params reports it
        return slugs

    def evaluate(self, payload: Any = None) -> Evaluation:
        rows = self.measure(timezone.localdate(timezone.now()))
        units = AdminUnit.objects.in_bulk([row["unit_id"] for row in rows])
        with translation.override(settings.LANGUAGE_CODE):  # stored texts do not depend on who ran the rule
            findings = [self.finding(units[row["unit_id"]], row) for row in rows]
        return Evaluation(findings=findings, cleared_units=units_clear_of(self.rule, findings))

    def measure(self, on_date: datetime.date) -> list[dict[str, Any]]:
        """Run the rule's one query; return per affected unit its figures and the hazard's part in it."""
        hazard, exposure = (source.features(on_date) for source in self.inputs())
        query = sql.SQL(QUERY).format(
            hazard=hazard.query,
            exposure=exposure.query,
            total=measure_sql("e.geom", "ST_Dimension(e.geom)"),
            here=measure_sql("ST_Intersection(e.geom, pc.geom)", "ST_Dimension(e.geom)"),
            units=sql.Identifier(AdminUnit._meta.db_table),
            piece_vertices=sql.Literal(PIECE_VERTICES),
        )
        params = [
            *hazard.params, *exposure.params, number(self.params, "min_area_m2"),
            number(self.params, "min_length_m"), number(self.params, "min_percent", maximum=100),
            self.params.get("min_features", 1),
        ]  # fmt: skip
        with connection.cursor() as cursor:
            cursor.execute(query, params)
            columns = ["unit_id", "features", "area_m2", "length_m", "population", "with_population", "wkb"]
            return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]

    def finding(self, unit: AdminUnit, row: dict[str, Any]) -> Finding:
        details: dict[str, Any] = {"unit": unit.code, "features": row["features"]}
        if row["area_m2"]:
            details["exposed_area_m2"] = round(row["area_m2"])
        if row["length_m"]:
            details["exposed_length_m"] = round(row["length_m"])
        if row["with_population"]:
            details["population"] = round(row["population"])
        geom = GEOSGeometry(memoryview(row["wkb"]), srid=4326) if row["wkb"] else None
        title = f"{self.rule.name} — {unit.name}"
        return Finding(
            unit, title, geom if geom and not geom.empty else None, details, "", None, self.describe(details)
        )

    def describe(self, details: dict[str, Any]) -> str:
        """The figures in a sentence for people."""
        parts = [
            _("%(count)d %(label)s affected") % {
                "count": details["features"], "label": self.params.get("feature_label") or _("features"),
            }
        ]  # fmt: skip
        if "exposed_area_m2" in details:
            parts.append(_("exposed area %(area)s m²") % {"area": grouped(details["exposed_area_m2"])})
        if "exposed_length_m" in details:
            parts.append(_("exposed length %(length)s m") % {"length": grouped(details["exposed_length_m"])})
        if "population" in details:
            parts.append(_("about %(population)s people") % {"population": grouped(details["population"])})
        return "; ".join(parts) + "."
