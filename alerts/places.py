"""Where an alert is: the units it touches and the zoning lots in force it reaches (for its page and quick reports)."""

from django.db.models import QuerySet
from django.utils import timezone

from alerts.models import Alert
from planning.models import Plan, ZoningLot


def lots_reached(alert: Alert, limit: int | None = None) -> list[ZoningLot]:
    """The lots in force of the detailed plans that the alert's geometry reaches, by plan and lot code."""
    lots = _lots(alert)
    return list(lots[:limit] if limit is not None else lots)


def lots_count(alert: Alert) -> int:
    return _lots(alert).count()


def _lots(alert: Alert) -> QuerySet[ZoningLot]:
    if alert.geom is None:
        return ZoningLot.objects.none()
    # The general plan's zones lie under the detailed plans' lots: count each piece of land once.
    return (
        ZoningLot.objects.in_force(timezone.localdate())
        .filter(geom__intersects=alert.geom, revision__plan__plan_type__in=list(Plan.DETAILED_TYPES))
        .select_related("land_use", "revision__plan")
        .order_by("revision__plan__code", "lot_code")
    )
