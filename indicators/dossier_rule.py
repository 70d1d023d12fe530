"""The late-processing rule of administrative procedures (service 3, Article 8): an agency whose dossiers of a month
are resolved late too often, or pile up past their deadline, raises a deadline-procedure alert routed to it.

Late rate = resolved late / resolved (on time + late), over all the agency's rows of the month (every procedure and
unit). The alert fires when the rate is above DOSSIER_LATE_RATE_PERCENT (default 10 %) with at least
DOSSIER_MIN_RESOLVED resolved dossiers (default 20, so that 1 late of 3 is no alarm), or when the dossiers in progress
past their deadline reach DOSSIER_OVERDUE_LIMIT (default 20). One alert per agency and month (its external
reference); a later delivery that brings the month back under both limits records the retreat on it. Only the two
latest closed months and the current one are checked: older months are history, not situations to handle.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from agencies.models import Agency, Sector
from alerts import api as alerts
from core.errors import Conflict
from indicators import periods
from indicators.models import DossierStat

SECTOR = "administrative-procedures"


@dataclass(frozen=True)
class Limits:
    late_rate_percent: int
    min_resolved: int
    overdue: int

    @classmethod
    def from_settings(cls) -> "Limits":
        return cls(settings.DOSSIER_LATE_RATE_PERCENT, settings.DOSSIER_MIN_RESOLVED, settings.DOSSIER_OVERDUE_LIMIT)


@dataclass(frozen=True)
class MonthResult:
    agency: Agency
    month: datetime.date
    on_time: int
    late: int
    overdue: int

    @property
    def late_rate(self) -> Decimal | None:
        resolved = self.on_time + self.late
        return Decimal(self.late * 100) / resolved if resolved else None

    def breaches(self, limits: Limits) -> list[str]:
        """The limits passed, in words (empty when the month is within both)."""
        found = []
        rate = self.late_rate
        if rate is not None and self.on_time + self.late >= limits.min_resolved and rate > limits.late_rate_percent:
            found.append(_("%(rate)s %% of resolved dossiers were late (limit %(limit)d %%)")
                         % {"rate": f"{rate:.1f}".replace(".", ","), "limit": limits.late_rate_percent})  # fmt: skip
        if self.overdue >= limits.overdue:
            found.append(_("%(n)d dossiers in progress are past their deadline (limit %(limit)d)")
                         % {"n": self.overdue, "limit": limits.overdue})  # fmt: skip
        return found


def month_result(agency: Agency, month: datetime.date) -> MonthResult:
    """The agency's totals for the month over all its rows."""
    sums = DossierStat.objects.filter(agency=agency, period_start=month).aggregate(
        on_time=Sum("on_time"), late=Sum("late"), overdue=Sum("overdue")
    )
    return MonthResult(agency, month, sums["on_time"] or 0, sums["late"] or 0, sums["overdue"] or 0)


def check_months(pairs: set[tuple[int, datetime.date]], limits: Limits | None = None) -> list[alerts.Alert]:
    """Apply the rule to each (agency id, month); return the alerts raised or updated."""
    limits = limits or Limits.from_settings()
    # Back-filled history is shown on the pages but raises nothing: only the two latest closed months (and the
    # current one) are situations to handle, as for the indicators' limits (indicators.checks).
    since = periods.shift(periods.MONTH, periods.last_closed(periods.MONTH, timezone.localdate()), -1)
    pairs = {(agency_id, month) for agency_id, month in pairs if month >= since}
    agencies = Agency.objects.in_bulk({agency_id for agency_id, _month in pairs})
    raised = []
    for agency_id, month in sorted(pairs, key=lambda pair: (pair[1], pair[0])):
        result = month_result(agencies[agency_id], month)
        alert = apply(result, limits)
        if alert is not None:
            raised.append(alert)
    return raised


def reference(agency: Agency, month: datetime.date) -> str:
    return f"dossiers-late:{agency.code}:{month:%Y-%m}"


def apply(result: MonthResult, limits: Limits) -> alerts.Alert | None:
    """Raise or update the month's alert when a limit is passed; record the retreat when it is back under both."""
    ref = reference(result.agency, result.month)
    breaches = result.breaches(limits)
    if not breaches:
        open_alert = alerts.find_open(ref)
        if open_alert is not None and open_alert.retreated_at is None:
            alerts.record_retreat(open_alert, {"late": result.late, "on_time": result.on_time,
                                               "overdue": result.overdue})  # fmt: skip
        return None
    title = _("%(agency)s: late processing of administrative dossiers in %(month)s") % {
        "agency": result.agency.name, "month": f"{result.month:%m/%Y}"
    }  # fmt: skip
    data = alerts.AlertInput(
        title=title[:300], source=alerts.Source.SECTOR_RULE, category=alerts.Category.LATE_PROCESSING,
        severity=alerts.Severity.MODERATE, sector=Sector.objects.filter(code=SECTOR).first(),
        description="; ".join(breaches) + ".",
        details={
            "agency": result.agency.code, "month": f"{result.month:%Y-%m}", "on_time": result.on_time,
            "late": result.late, "overdue": result.overdue,
            "late_rate_percent": str(round(result.late_rate, 1)) if result.late_rate is not None else None,
        },
        procedure=alerts.ProcedureName.DEADLINE, external_ref=ref,
    )  # fmt: skip
    try:
        alert, created = alerts.raise_alert(data)
    except Conflict:
        return None  # the month's alert was handled and closed: one situation, one alert
    if created:
        alerts.notify_agency(alert, result.agency, _("late processing of administrative dossiers"), data.description)
    return alert
