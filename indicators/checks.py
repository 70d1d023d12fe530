"""Alerts of the indicator set (deadline procedure, Article 8): a value past a warning limit, and an indicator the
responsible agency has not updated by its deadline.

One alert per situation: its external reference names the indicator, the period and the unit, so a value sent
again updates the open alert instead of raising a second one, and a situation already closed is not reopened.
"""

import datetime
from collections.abc import Iterable

from django.contrib.gis.geos import GEOSGeometry
from django.utils import timezone
from django.utils.translation import gettext as _

from alerts.api import Alert, AlertInput, Category, Severity, Source, Tell, raise_alert
from core.errors import Conflict
from gis_core.models import AdminUnit
from indicators import periods
from indicators.models import Indicator, IndicatorValue

# alerts.choices has no source for indicator limits yet; the closest is a measured value past a threshold.
THRESHOLD_SOURCE = Source.SENSOR_THRESHOLD


def check_thresholds(values: Iterable[IndicatorValue], today: datetime.date | None = None) -> list[Alert]:
    """Raise (or update) the alert of every current value past its indicator's warning limit.

    Current: of the two latest closed periods or later. Back-filled history is shown on the pages as past its limit
    but raises no alert: the situation it describes is over.
    """
    today = today or timezone.localdate()
    alerts = []
    for value in values:
        kind = value.indicator.period
        if value.period_start < periods.shift(kind, periods.last_closed(kind, today), -1):
            continue
        direction = value.indicator.breach(value.value)
        if direction:
            alert = _raise(_threshold_input(value, direction), value.indicator)
            if alert is not None:
                alerts.append(alert)
    return alerts


def _threshold_input(value: IndicatorValue, direction: str) -> AlertInput:
    indicator = value.indicator
    limit = indicator.warn_above if direction == "above" else indicator.warn_below
    place = value.unit.name if value.unit else _("the province")
    period = indicator.period_label(value.period_start)
    words = _("above") if direction == "above" else _("below")
    title = _("%(indicator)s %(period)s in %(place)s: %(value)s %(uom)s, %(words)s the warning limit %(limit)s") % {
        "indicator": indicator.name, "period": period, "place": place, "value": _number(value.value),
        "uom": indicator.unit, "words": words, "limit": _number(limit),
    }  # fmt: skip
    unit_code = value.unit.code if value.unit else "province"
    return AlertInput(
        title=title[:300], source=THRESHOLD_SOURCE, category=Category.THRESHOLD, severity=Severity.MODERATE,
        sector=indicator.sector, geom=_point(value.unit), description=value.source_in_words(),
        details={"indicator": indicator.code, "period": period, "unit": unit_code, "value": str(value.value),
                 "limit": str(limit), "direction": direction, "delivery": value.delivery_id},
        external_ref=f"indicator:{indicator.code}:{value.period_start:%Y-%m}:{unit_code}",
    )  # fmt: skip


def check_deadlines(today: datetime.date) -> list[Alert]:
    """Raise the alert of every active indicator whose latest closed period lacks values past its deadline."""
    alerts = []
    for indicator in Indicator.objects.filter(is_active=True).select_related("agency", "sector"):
        start = periods.last_closed(indicator.period, today)
        # The period closed most recently may still be within its deadline; then the one before is checked.
        if indicator.due_date(start) >= today:
            start = periods.shift(indicator.period, start, -1)
        missing = missing_units(indicator, start)
        if missing is None:
            continue
        alert = _raise(_late_input(indicator, start, missing), indicator, notify_agency=True)
        if alert is not None:
            alerts.append(alert)
    return alerts


def missing_units(indicator: Indicator, start: datetime.date) -> list[str] | None:
    """None when the period is complete; else the codes of units without a value ([] for a province value)."""
    stored = IndicatorValue.objects.filter(indicator=indicator, period_start=start)
    if indicator.level == Indicator.Level.PROVINCE:
        return None if stored.filter(unit__isnull=True).exists() else []
    have = set(stored.values_list("unit__code", flat=True))
    missing = sorted(set(AdminUnit.objects.values_list("code", flat=True)) - have)
    return missing or None


def _late_input(indicator: Indicator, start: datetime.date, missing: list[str]) -> AlertInput:
    period = indicator.period_label(start)
    title = _("%(indicator)s %(period)s not reported by %(agency)s (due %(due)s)") % {
        "indicator": indicator.name, "period": period, "agency": indicator.agency,
        "due": f"{indicator.due_date(start):%d/%m/%Y}",
    }  # fmt: skip
    description = (
        _("Values missing for %(count)d units: %(units)s.") % {"count": len(missing), "units": ", ".join(missing[:20])}
        if missing
        else _("The province's value is missing.")
    )
    return AlertInput(
        title=title[:300], source=Source.FEED_INTERRUPTION, category=Category.LATE_PROCESSING,
        severity=Severity.MINOR, sector=indicator.sector, description=description,
        details={"indicator": indicator.code, "period": period, "agency": indicator.agency.code,
                 "due": indicator.due_date(start), "missing_units": len(missing)},
        external_ref=f"indicator-late:{indicator.code}:{start:%Y-%m}",
    )  # fmt: skip


def _raise(data: AlertInput, indicator: Indicator, notify_agency: bool = False) -> Alert | None:
    """Raise or update the alert; None when the same situation was already handled and closed."""
    tell = Tell(_("indicator not reported"), agency=indicator.agency, body=data.description) if notify_agency else None
    try:
        alert, _created = raise_alert(data, tell=tell)
    except Conflict:
        return None  # closed or rejected already: one situation, one alert
    return alert


def _point(unit: AdminUnit | None) -> GEOSGeometry | None:
    return unit.geom.point_on_surface if unit is not None else None


def _number(value: object) -> str:
    text = f"{value:f}" if value is not None else ""
    return text.rstrip("0").rstrip(".") if "." in text else text
