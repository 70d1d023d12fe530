"""Plan implementation (service 5): per unit and land-use group, planned area against the land-use status map.

Also urban development indicators per unit. Units hold no population of their own (gis_core.AdminUnit has none),
so per-person figures use the planned population the plan states for its lots.
"""

import datetime
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.utils.translation import gettext as _

from core.errors import NotFound
from planning.models import LandUseGroup, LandUseSurvey, Plan, PlanRevision
from planning.serializers import plan_dict, revision_dict

# Areas are geodesic (m², on the WGS 84 ellipsoid) of the parts of lots and status polygons inside each unit.
# "matching" is the planned area whose current use is already in the planned group: the implementation rate is
# matching / planned.
OVERLAY_SQL = """
WITH unit AS (
    SELECT u.id, u.code, u.name, u.geom FROM gis_core_adminunit u
    JOIN planning_plan p ON p.id = %(plan)s AND ST_Intersects(u.geom, p.boundary)
),
lot AS (
    SELECT l.geom, c."group" AS grp FROM planning_zoninglot l
    JOIN planning_landusecode c ON c.code = l.land_use_id WHERE l.revision_id = %(revision)s
),
area AS (
    SELECT a.geom, c."group" AS grp FROM planning_currentlanduse a
    JOIN planning_landusecode c ON c.code = a.land_use_id WHERE a.survey_id = %(survey)s
),
planned AS (
    SELECT unit.id, lot.grp, SUM(ST_Area(ST_Intersection(lot.geom, unit.geom)::geography)) AS m2
    FROM unit JOIN lot ON ST_Intersects(lot.geom, unit.geom) GROUP BY unit.id, lot.grp
),
current AS (
    SELECT unit.id, area.grp, SUM(ST_Area(ST_Intersection(area.geom, unit.geom)::geography)) AS m2
    FROM unit JOIN area ON ST_Intersects(area.geom, unit.geom) GROUP BY unit.id, area.grp
),
matching AS (
    SELECT unit.id, lot.grp,
           SUM(ST_Area(ST_Intersection(ST_Intersection(lot.geom, area.geom), unit.geom)::geography)) AS m2
    FROM unit JOIN lot ON ST_Intersects(lot.geom, unit.geom)
    JOIN area ON area.grp = lot.grp AND ST_Intersects(area.geom, lot.geom) AND ST_Intersects(area.geom, unit.geom)
    GROUP BY unit.id, lot.grp
)
SELECT unit.code, unit.name, g.grp,
       COALESCE(planned.m2, 0), COALESCE(current.m2, 0), COALESCE(matching.m2, 0)
FROM unit CROSS JOIN (VALUES ('agricultural'), ('non_agricultural'), ('unused')) AS g(grp)
LEFT JOIN planned ON planned.id = unit.id AND planned.grp = g.grp
LEFT JOIN current ON current.id = unit.id AND current.grp = g.grp
LEFT JOIN matching ON matching.id = unit.id AND matching.grp = g.grp
ORDER BY unit.code, g.grp
"""

# Urban development indicators per unit from the same overlay: residential land planned and current, the planned
# population the plan states for its lots (shared between units by area), and planned residential area per person.
URBAN_SQL = """
WITH unit AS (
    SELECT u.id, u.code, u.geom FROM gis_core_adminunit u
    JOIN planning_plan p ON p.id = %(plan)s AND ST_Intersects(u.geom, p.boundary)
),
piece AS (
    SELECT unit.id, l.land_use_id = ANY(%(residential)s) AS residential, l.population,
           ST_Area(ST_Intersection(l.geom, unit.geom)::geography) AS m2, ST_Area(l.geom::geography) AS lot_m2
    FROM unit JOIN planning_zoninglot l ON l.revision_id = %(revision)s AND ST_Intersects(l.geom, unit.geom)
),
planned AS (
    SELECT id, SUM(m2) FILTER (WHERE residential) AS residential_m2,
           SUM(population * m2 / NULLIF(lot_m2, 0)) AS population
    FROM piece GROUP BY id
),
current AS (
    SELECT unit.id, SUM(ST_Area(ST_Intersection(a.geom, unit.geom)::geography)) AS residential_m2
    FROM unit JOIN planning_currentlanduse a
      ON a.survey_id = %(survey)s AND a.land_use_id = ANY(%(residential)s) AND ST_Intersects(a.geom, unit.geom)
    GROUP BY unit.id
)
SELECT unit.code, COALESCE(planned.residential_m2, 0), planned.population, COALESCE(current.residential_m2, 0)
FROM unit LEFT JOIN planned ON planned.id = unit.id LEFT JOIN current ON current.id = unit.id
"""
# Residential land of the national catalogue: urban (ODT) and rural (ONT) residential land.
RESIDENTIAL_CODES = ["ODT", "ONT"]

MIN_PLANNED_M2 = 100.0
MIN_PLANNED_SHARE = 0.001  # of the plan's planned area


@dataclass(frozen=True)
class GroupFigures:
    """One unit's figures for one land-use group."""

    group: str
    planned_m2: float
    current_m2: float
    matching_m2: float

    def as_dict(self) -> dict[str, Any]:
        """The figures with the group's label and the implementation rate (None where nothing is planned)."""
        rate = round(self.matching_m2 / self.planned_m2, 4) if self.planned_m2 > 0 else None
        return {
            "group": self.group,
            "group_label": str(LandUseGroup(self.group).label),
            "planned_m2": round(self.planned_m2, 1),
            "current_m2": round(self.current_m2, 1),
            "matching_m2": round(self.matching_m2, 1),
            "implementation_rate": rate,
        }


def revision_in_force(plan: Plan, on_date: datetime.date) -> PlanRevision:
    """The plan's revision in force on the date, or NotFound."""
    revision = PlanRevision.objects.in_force(on_date).filter(plan=plan).first()
    if revision is None:
        raise NotFound(
            _("Plan %(plan)s has no revision in force on %(date)s.") % {"plan": plan.code, "date": on_date.isoformat()}
        )
    return revision


def survey_for(on_date: datetime.date, survey_id: int | None) -> LandUseSurvey:
    """The status map asked for, or the latest one made on or before the date."""
    surveys = LandUseSurvey.objects.all()
    survey = (
        surveys.filter(pk=survey_id).first()
        if survey_id is not None
        else surveys.filter(reference_date__lte=on_date).order_by("-reference_date").first()
    )
    if survey is None:
        raise NotFound(_("No land-use status map is available for %(date)s.") % {"date": on_date.isoformat()})
    return survey


def implementation(plan: Plan, on_date: datetime.date, survey_id: int | None = None) -> dict[str, Any]:
    """Planned against current area per unit and land-use group, and the implementation rate."""
    revision = revision_in_force(plan, on_date)
    survey = survey_for(on_date, survey_id)
    params: dict[str, Any] = {
        "plan": plan.pk,
        "revision": revision.pk,
        "survey": survey.pk,
        "residential": RESIDENTIAL_CODES,
    }
    with connection.cursor() as cursor:
        cursor.execute(OVERLAY_SQL, params)
        rows = cursor.fetchall()
        cursor.execute(URBAN_SQL, params)
        urban = {code: urban_indicators(*figures) for code, *figures in cursor.fetchall()}
    units: dict[str, dict[str, Any]] = {}
    planned_in: dict[str, float] = {}
    for code, name, group, planned, current, matching in rows:
        unit = units.setdefault(code, {"code": code, "name": name, "groups": [], "urban": urban[code]})
        unit["groups"].append(GroupFigures(group, float(planned), float(current), float(matching)).as_dict())
        planned_in[code] = planned_in.get(code, 0.0) + float(planned)
    # Neighbours along the plan's edge share slivers with it (digitising and reprojection noise), not land.
    floor = max(MIN_PLANNED_M2, MIN_PLANNED_SHARE * sum(planned_in.values()))
    units = {code: unit for code, unit in units.items() if planned_in[code] >= floor}
    return {
        "date": on_date.isoformat(),
        "plan": plan_dict(plan),
        "revision": revision_dict(revision),
        "survey": {
            "id": survey.pk,
            "name": survey.name,
            "reference_date": survey.reference_date.isoformat(),
            "source_note": survey.source_note or None,
        },
        "units": list(units.values()),
    }


def urban_indicators(
    residential_planned: float, population: float | None, residential_current: float
) -> dict[str, Any]:
    """One unit's urban development indicators; per-person figures only where the plan states a population."""
    people = round(float(population)) if population is not None else None
    per_person = round(float(residential_planned) / people, 1) if people else None
    return {
        "residential_planned_m2": round(float(residential_planned), 1),
        "residential_current_m2": round(float(residential_current), 1),
        "planned_population": people,
        "residential_m2_per_person": per_person,
    }


URBAN_COLUMNS = ("residential_planned_m2", "residential_current_m2", "planned_population", "residential_m2_per_person")


def urban_csv_rows(answer: dict[str, Any]) -> list[list[object]]:
    """The urban development indicators as a table: one row per unit."""
    rows: list[list[object]] = [["unit_code", "unit_name", *URBAN_COLUMNS]]
    for unit in answer["units"]:
        values = unit["urban"]
        rows.append([unit["code"], unit["name"], *("" if values[c] is None else values[c] for c in URBAN_COLUMNS)])
    return rows


def csv_rows(answer: dict[str, Any]) -> list[list[object]]:
    """The answer as rows of a table: one per unit and group."""
    header: list[object] = ["unit_code", "unit_name", "group", "planned_m2", "current_m2", "matching_m2", "rate"]
    rows = [header]
    for unit in answer["units"]:
        for g in unit["groups"]:
            rate = "" if g["implementation_rate"] is None else g["implementation_rate"]
            rows.append(
                [unit["code"], unit["name"], g["group"], g["planned_m2"], g["current_m2"], g["matching_m2"], rate]
            )
    return rows
