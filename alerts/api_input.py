"""Reading API requests: JSON bodies, GeoJSON geometries, instants, agencies and sectors, list filters."""

import datetime
from typing import Any

import shapely
import shapely.geometry
from django.contrib.gis.geos import GEOSGeometry
from django.db.models import Q
from django.http import HttpRequest, QueryDict
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _

from agencies.models import Agency, Sector
from alerts.choices import Category, ProcedureName, State
from alerts.intake import ACCEPTED_GEOMETRIES
from alerts.models import AlertQuerySet
from alerts.records import PhoneCall
from core.errors import InvalidInput
from core.json_body import read_json_object
from gis_core.models import AdminUnit
from gis_core.srs import WGS84, parse_srid

MAX_LIMIT = 500
DEFAULT_LIMIT = 100


def json_body(request: HttpRequest) -> dict[str, Any]:
    """The request body as a JSON object (an empty body is an empty object)."""
    return read_json_object(request)


def text(body: dict[str, Any], name: str) -> str:
    value = body.get(name, "")
    if value is None:
        return ""
    if not isinstance(value, str):
        raise InvalidInput(_("'%(field)s' must be text.") % {"field": name})
    return value


def instant(body: dict[str, Any], name: str, *, required: bool = False) -> datetime.datetime | None:
    """An ISO 8601 date-time; one without an offset is read as Asia/Ho_Chi_Minh time."""
    value = body.get(name)
    if value in (None, ""):
        if required:
            raise InvalidInput(
                _("'%(field)s' is required (ISO 8601, e.g. 2026-03-06T17:00:00+07:00).") % {"field": name}
            )
        return None
    parsed = parse_datetime(value) if isinstance(value, str) else None
    if parsed is None:
        raise InvalidInput(
            _("'%(field)s' is not a date-time; write it as ISO 8601, e.g. 2026-03-06T17:00:00+07:00.") % {"field": name}
        )
    return timezone.make_aware(parsed) if timezone.is_naive(parsed) else parsed


def agency(code: Any, name: str = "lead_agency") -> Agency:
    if not isinstance(code, str) or not code:
        raise InvalidInput(_("'%(field)s' must be an agency code; see /api/v1/agencies.") % {"field": name})
    found = Agency.objects.filter(code=code).first()
    if found is None:
        raise InvalidInput(_("No agency has the code '%(code)s'; see /api/v1/agencies.") % {"code": code})
    return found


def agencies(codes: Any, name: str = "coordinating_agencies") -> list[Agency]:
    if codes in (None, ""):
        return []
    if not isinstance(codes, list):
        raise InvalidInput(_("'%(field)s' must be a list of agency codes.") % {"field": name})
    return [agency(code, name) for code in codes]


def sector(code: Any) -> Sector | None:
    if code in (None, ""):
        return None
    found = Sector.objects.filter(code=code, is_active=True).first() if isinstance(code, str) else None
    if found is None:
        raise InvalidInput(
            _("No active sector has the code '%(code)s'; see the sectors in /api/v1/agencies.") % {"code": code}
        )
    return found


def phone_call(body: dict[str, Any]) -> PhoneCall | None:
    value = body.get("phone_call")
    if value in (None, ""):
        return None
    if not isinstance(value, dict) or not all(isinstance(value.get(key, ""), str) for key in ("to", "caller")):
        raise InvalidInput(
            _(
                '\'phone_call\' is an object with "to" (whom was called), "caller" (who called), "at" (when, '
                'ISO 8601) and "summary" (what was said).'
            )
        )
    return PhoneCall(
        to=value.get("to", "").strip(),
        summary=str(value.get("summary", "")).strip(),
        caller=value.get("caller", "").strip(),
        at=instant(value, "at"),
    )


def geometry(value: Any) -> GEOSGeometry | None:
    """A GeoJSON geometry (EPSG:4326 unless its crs member names another accepted CRS), parsed without GDAL."""
    if value in (None, ""):
        return None
    if not isinstance(value, dict):
        raise InvalidInput(_("'geometry' must be a GeoJSON geometry object."))
    if value.get("type") not in ACCEPTED_GEOMETRIES:
        allowed = ", ".join(sorted(ACCEPTED_GEOMETRIES))
        raise InvalidInput(_("'geometry' must be a GeoJSON geometry of type %(allowed)s.") % {"allowed": allowed})
    srid = _geojson_srid(value.get("crs"))
    try:
        shape = shapely.geometry.shape({key: value[key] for key in ("type", "coordinates") if key in value})
    except (KeyError, TypeError, ValueError, AttributeError, shapely.errors.ShapelyError) as exc:
        raise InvalidInput(_("'geometry' is not valid GeoJSON: %(error)s.") % {"error": exc}) from None
    if shape.is_empty:
        raise InvalidInput(_("The alert's geometry is empty."))
    geom = GEOSGeometry(memoryview(shapely.to_wkb(shape)), srid=srid)
    if srid == WGS84:
        xmin, ymin, xmax, ymax = geom.extent
        if not (-180 <= xmin <= xmax <= 180 and -90 <= ymin <= ymax <= 90):
            raise InvalidInput(_("Coordinates must be longitude, latitude in degrees (EPSG:4326)."))
    return geom


def _geojson_srid(crs: Any) -> int:
    if crs is None:
        return WGS84
    name = crs.get("properties", {}).get("name") if isinstance(crs, dict) else None
    if not isinstance(name, str):
        raise InvalidInput(_("The geometry's 'crs' member must name a CRS, e.g. EPSG:4326."))
    return parse_srid(name)


def filter_alerts(alerts: AlertQuerySet, params: QueryDict) -> AlertQuerySet:
    """Apply the list filters: state, unit, agency, sector, procedure, category, appeared_from/_to, overdue."""
    if states := params.get("state"):
        wanted = [state.strip() for state in states.split(",") if state.strip()]
        _check_choices("state", wanted, State.values)
        alerts = alerts.filter(state__in=wanted)
    for name, choices, lookup in (
        ("procedure", ProcedureName.values, "procedure"),
        ("category", Category.values, "category"),
    ):
        if value := params.get(name):
            _check_choices(name, [value], choices)
            alerts = alerts.filter(**{lookup: value})
    if code := params.get("unit"):
        if not AdminUnit.objects.filter(code=code).exists():
            raise InvalidInput(_("No administrative unit has the code '%(code)s'.") % {"code": code})
        alerts = alerts.filter(units__code=code)
    if code := params.get("agency"):
        found = agency(code, "agency")
        alerts = alerts.filter(Q(lead_agency=found) | Q(coordinating_agencies=found))
    if code := params.get("sector"):
        alerts = alerts.filter(sector=sector(code))
    for name, lookup in (("appeared_from", "appeared_at__date__gte"), ("appeared_to", "appeared_at__date__lte")):
        if value := params.get(name):
            alerts = alerts.filter(**{lookup: _date(name, value)})
    overdue = params.get("overdue")
    if overdue is not None:
        if overdue not in ("true", "false"):
            raise InvalidInput(_("'overdue' is true or false."))
        overdue_ids = alerts.model.objects.overdue().values("pk")
        alerts = alerts.filter(pk__in=overdue_ids) if overdue == "true" else alerts.exclude(pk__in=overdue_ids)
    return alerts.distinct()


def _date(name: str, value: str) -> datetime.date:
    parsed = parse_date(value)
    if parsed is None:
        raise InvalidInput(_("'%(field)s' is a date written YYYY-MM-DD (local time).") % {"field": name})
    return parsed


def page(params: QueryDict) -> tuple[int, int]:
    """limit (1 to 500, default 100) and offset (≥ 0) of a list request."""
    try:
        limit = int(params.get("limit", DEFAULT_LIMIT))
        offset = int(params.get("offset", 0))
    except ValueError:
        raise InvalidInput(_("'limit' and 'offset' are whole numbers.")) from None
    if not (1 <= limit <= MAX_LIMIT) or offset < 0:
        raise InvalidInput(_("'limit' runs from 1 to %(max)d and 'offset' from 0.") % {"max": MAX_LIMIT})
    return limit, offset


def _check_choices(name: str, values: list[str], choices: list[str]) -> None:
    unknown = [value for value in values if value not in choices]
    if unknown:
        raise InvalidInput(
            _("Unknown %(field)s '%(value)s'; use one of: %(allowed)s.")
            % {"field": name, "value": unknown[0], "allowed": ", ".join(choices)}
        )
