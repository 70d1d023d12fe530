"""How alerts come in (an operator, a trusted system or a rule finding), and why one situation is one alert.

An open alert of the same rule on the same unit, or with the same reference from the sending system, is
updated with an event instead of being raised twice. Units are found by intersecting the geometry with the
unit polygons in PostGIS.
"""

import datetime
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.contrib.gis.geos import GEOSGeometry
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from alerts import transitions
from alerts.choices import OPEN_STATES, Category, EventKind, Severity, Source, State
from alerts.models import Alert
from alerts.procedures import default_procedure, get_procedure
from alerts.records import Record
from core.errors import Conflict, InvalidInput
from gis_core.models import AdminUnit
from gis_core.srs import WGS84

if TYPE_CHECKING:
    from accounts.models import User
    from agencies.models import Sector
    from alerts.models import Alert, AlertRule

ACCEPTED_GEOMETRIES = {"Point", "MultiPoint", "LineString", "MultiLineString", "Polygon", "MultiPolygon"}


@dataclass
class AlertInput:
    """What a source says about a situation."""

    title: str
    source: str
    category: str = Category.OTHER
    severity: str = Severity.MODERATE
    sector: "Sector | None" = None
    geom: GEOSGeometry | None = None
    description: str = ""
    details: dict[str, Any] = field(default_factory=dict)
    procedure: str = ""
    procedure_reason: str = ""
    rule: "AlertRule | None" = None
    dedup_unit: AdminUnit | None = None
    external_ref: str = ""
    observed_at: datetime.datetime | None = None
    inter_sector: bool = False

    def validate(self) -> None:
        """Raise InvalidInput on the first field that is wrong."""
        self.title = self.title.strip() if isinstance(self.title, str) else ""
        if not self.title:
            raise InvalidInput(_("Give the alert a title."))
        for name, value, choices in (
            ("source", self.source, Source),
            ("category", self.category, Category),
            ("severity", self.severity, Severity),
        ):
            if value not in choices.values:
                allowed = ", ".join(choices.values)
                raise InvalidInput(_("Unknown %(field)s '%(value)s'; use one of: %(allowed)s.") % {
                    "field": name, "value": value, "allowed": allowed,
                })  # fmt: skip
        if self.procedure:
            get_procedure(self.procedure)
        if self.geom is not None:
            self.geom = clean_geometry(self.geom)


def clean_geometry(geom: GEOSGeometry) -> GEOSGeometry:
    """Return the geometry in EPSG:4326 if it is an accepted, valid shape; raise InvalidInput otherwise."""
    if geom.geom_type not in ACCEPTED_GEOMETRIES:
        raise InvalidInput(
            _("A %(type)s cannot locate an alert; send a point, line or polygon.") % {"type": geom.geom_type}
        )
    if geom.empty:
        raise InvalidInput(_("The alert's geometry is empty."))
    if geom.srid is None:
        geom.srid = WGS84
    elif geom.srid != WGS84:
        geom = geom.transform(WGS84, clone=True)
    if not geom.valid:
        raise InvalidInput(_("The alert's geometry is invalid: %(reason)s.") % {"reason": geom.valid_reason})
    return geom


def units_touched(geom: GEOSGeometry | None) -> list[AdminUnit]:
    """Units the geometry reaches into; a polygon only grazing a boundary does not touch the neighbour."""
    if geom is None:
        return []
    units = AdminUnit.objects.filter(geom__intersects=geom)
    if geom.dims == 2:
        units = units.exclude(geom__touches=geom)
    return list(units.order_by("code"))


def raise_alert(data: AlertInput, actor: "User | None" = None) -> tuple["Alert", bool]:
    """Create the alert, or update the open one of the same rule and unit (or reference); return it and created."""
    data.validate()
    procedure, basis = _procedure_of(data)
    units = units_touched(data.geom)
    if data.geom is not None and not units:
        raise InvalidInput(
            _("The geometry lies outside every unit of the province; coordinates are longitude, latitude in EPSG:4326.")
        )
    if data.dedup_unit is not None and data.dedup_unit not in units:
        units.append(data.dedup_unit)  # the rule found the hazard on this unit, whatever rounding does at its edge
    with transaction.atomic():
        existing = _open_duplicate(data)
        if existing is not None:
            transitions.update_from_source(existing, data, units, actor)
            return existing, False
        try:
            with transaction.atomic():  # a concurrent run may raise the same alert first
                alert = Alert.objects.create(**_fields(data, procedure, actor))
        except IntegrityError:
            existing = _open_duplicate(data)
            if existing is None:
                raise
            transitions.update_from_source(existing, data, units, actor)
            return existing, False
        alert.units.set(units)
        now = alert.appeared_at
        transitions.reschedule(alert, now, state_changed=True)
        created = {
            "procedure": procedure, "procedure_basis": basis, "units": [unit.code for unit in units],
            "source": data.source, "rule": data.rule.key if data.rule else None, "external_ref": data.external_ref,
        }  # fmt: skip
        record = Record(EventKind.CREATED, data.procedure_reason.strip(), created)
        transitions.write_events(alert, actor, State.NEW, [record], now)
        alert.save()
    return alert, True


def _procedure_of(data: AlertInput) -> tuple[str, str]:
    by_category = default_procedure(data.category)
    if data.rule is not None and data.rule.procedure and not data.procedure:
        return data.rule.procedure, "rule"
    if not data.procedure or data.procedure == by_category:
        return by_category, "category"
    if not data.procedure_reason.strip():
        raise InvalidInput(
            _(
                "A %(category)s alert follows the %(default)s procedure; "
                "say why this one should follow the %(chosen)s one."
            )
            % {"category": data.category, "default": by_category, "chosen": data.procedure}
        )
    return data.procedure, "chosen"


def _fields(data: AlertInput, procedure: str, actor: "User | None") -> dict[str, Any]:
    return {
        "title": data.title, "description": data.description, "source": data.source, "category": data.category,
        "severity": data.severity, "sector": data.sector, "procedure": procedure, "geom": data.geom,
        "details": data.details, "rule": data.rule, "dedup_unit": data.dedup_unit, "external_ref": data.external_ref,
        "observed_at": data.observed_at, "inter_sector": data.inter_sector, "appeared_at": timezone.now(),
        "created_by": actor if actor is not None and actor.is_authenticated else None,
    }  # fmt: skip


def _open_duplicate(data: AlertInput) -> "Alert | None":
    if data.external_ref:
        alert = Alert.objects.select_for_update().filter(external_ref=data.external_ref).first()
        if alert is not None and not alert.is_open:
            raise Conflict(
                _("The alert with reference %(ref)s is already %(state)s; send a new reference for a new situation.")
                % {"ref": data.external_ref, "state": alert.get_state_display()}
            )
        return alert
    if data.rule is None:
        return None
    candidates = Alert.objects.select_for_update().filter(rule=data.rule, state__in=OPEN_STATES)
    return candidates.filter(dedup_unit=data.dedup_unit).first()
