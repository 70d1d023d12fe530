"""The zoning lots in force on a date inside a map view, as GeoJSON for the citizen lookup's lots layer.

The lookup page draws the lots that apply on its chosen date (a catalogue layer of the lot table would also show
old revisions); the planners' page draws those of its filter the same way, so moving its map is not an export. One
statement: lots chosen by the view's box and the date, simplified to about half a screen pixel at the map's zoom,
written as one FeatureCollection by PostGIS.
"""

import datetime
import math
from collections.abc import Mapping

from django.contrib.gis.geos import Polygon
from django.db import connection
from django.utils.translation import gettext as _

from core.errors import InvalidInput
from planning.lookup import PLAN_TYPE_ORDER
from planning.lot_search import RANGES, LotFilter
from planning.models import LandUseCode, Plan, PlanRevision, ZoningLot, ZoningLotQuerySet

MIN_ZOOM = 11  # below this a view holds too many lots to draw usefully; the page says to zoom in
MAX_ZOOM = 22
MAX_LOTS = 4000
MAX_BOX_DEGREES = 1.0
TILE_PIXELS = 256
# The planners' page draws the lots of its filter (planning.lot_search) here rather than through the audited export.
FILTER_PARAMS = ("plan", "land_use", "group", "unit", *RANGES)

# {chosen} is the ORM's query of the lots in force in the box (ZoningLotQuerySet.in_force keeps that rule).
LOTS_SQL = """
WITH chosen AS (
    SELECT lot.id, lot.lot_code, lot.land_use_id, use.name_vi, use.name_en, use.colour, plan.plan_type,
           ST_SimplifyPreserveTopology(lot.geom, %s) AS geom
      FROM {lots} AS lot
      JOIN {revisions} AS revision ON revision.id = lot.revision_id
      JOIN {plans} AS plan ON plan.id = revision.plan_id
      JOIN {uses} AS use ON use.code = lot.land_use_id
     WHERE lot.id IN ({chosen})
)
SELECT json_build_object(
    'type', 'FeatureCollection',
    'features', COALESCE(json_agg(json_build_object(
        'type', 'Feature',
        'id', id,
        'geometry', ST_AsGeoJSON(geom, 7)::json,
        'properties', json_build_object(
            'lot_code', lot_code, 'land_use', land_use_id, 'name_vi', name_vi, 'name_en', name_en,
            'colour', colour, 'plan_type', plan_type)
    ) ORDER BY array_position(%s, plan_type) DESC, id), '[]'::json),
    'truncated', count(*) >= %s
)::text
FROM chosen
"""


def parse_box(text: str | None) -> tuple[float, float, float, float]:
    """Read bbox=west,south,east,north in degrees, or say what is wrong."""
    parts = (text or "").split(",")
    try:
        west, south, east, north = (float(part) for part in parts)
    except ValueError:
        raise InvalidInput(
            _("Parameter bbox=%(value)s must be four numbers west,south,east,north in degrees (WGS 84).")
            % {"value": (text or "")[:80]}
        ) from None
    if not all(math.isfinite(v) for v in (west, south, east, north)) or west >= east or south >= north:
        raise InvalidInput(_("Parameter bbox must give west < east and south < north in degrees (WGS 84)."))
    if east - west > MAX_BOX_DEGREES or north - south > MAX_BOX_DEGREES:
        raise InvalidInput(
            _("The box is larger than %(n)s degree across; zoom in to see the lots.") % {"n": MAX_BOX_DEGREES}
        )
    return west, south, east, north


def parse_zoom(text: str | None) -> int:
    """Read zoom=<integer map zoom> (MIN_ZOOM to MAX_ZOOM)."""
    try:
        zoom = round(float(text or ""))
    except ValueError:
        raise InvalidInput(_("Parameter zoom must be the map's zoom level, a number.")) from None
    if not MIN_ZOOM <= zoom <= MAX_ZOOM:
        raise InvalidInput(
            _("Lots are drawn from zoom %(min)s to %(max)s; zoom=%(zoom)s is outside.")
            % {"min": MIN_ZOOM, "max": MAX_ZOOM, "zoom": zoom}
        )
    return zoom


def lots_in_view(params: Mapping[str, str], on_date: datetime.date) -> str:
    """The FeatureCollection (as text) of the lots in force on the date in bbox, simplified for zoom."""
    west, south, east, north = parse_box(params.get("bbox"))
    zoom = parse_zoom(params.get("zoom"))
    degrees_per_pixel = 360 / (TILE_PIXELS * 2**zoom)
    box = Polygon.from_bbox((west, south, east, north))
    box.srid = 4326
    chosen = _lots(params, on_date).filter(geom__bboverlaps=box).order_by("id").values("id")[:MAX_LOTS]
    chosen_sql, chosen_params = chosen.query.sql_with_params()
    sql = LOTS_SQL.format(
        lots=connection.ops.quote_name(ZoningLot._meta.db_table),
        revisions=connection.ops.quote_name(PlanRevision._meta.db_table),
        plans=connection.ops.quote_name(Plan._meta.db_table),
        uses=connection.ops.quote_name(LandUseCode._meta.db_table),
        chosen=chosen_sql,
    )
    # Most specific plans last, so they are drawn on top.
    order = [str(kind) for kind in PLAN_TYPE_ORDER]
    with connection.cursor() as cursor:
        cursor.execute(sql, [degrees_per_pixel / 2, *chosen_params, order, MAX_LOTS])
        return str(cursor.fetchone()[0])


def _lots(params: Mapping[str, str], on_date: datetime.date) -> ZoningLotQuerySet:
    """The lots in force on the date, narrowed by the planners' filter when the request carries one (planner.js)."""
    if not any(params.get(name) for name in FILTER_PARAMS):
        return ZoningLot.objects.in_force(on_date)
    wanted = {name: params[name] for name in (*FILTER_PARAMS, "date") if params.get(name)}
    return LotFilter.from_params(wanted).apply(ZoningLot.objects.all())
