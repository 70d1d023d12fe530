"""What a periodic report says, as tables the PDF and the XLSX both write (so both always show the same figures)."""

import datetime
from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from core.formats import fmt_date
from datahub.models import Freshness
from indicators.figures import IndicatorRow
from reports.figures import AlertHandling, FeedRow


@dataclass
class ReportContent:
    kind: str
    first: datetime.date
    last: datetime.date
    handling: AlertHandling
    feeds: list[FeedRow]
    indicators: list[IndicatorRow]
    agency: str = ""  # the agency's name when the report covers only its own alerts (Article 14.6b)

    @property
    def title(self) -> str:
        words = {"weekly": _("Weekly report"), "monthly": _("Monthly report"), "quarterly": _("Quarterly report")}
        title = _("%(kind)s of the Intelligent Operations Center, %(first)s – %(last)s") % {  # noqa: RUF001
            "kind": words[self.kind], "first": fmt_date(self.first), "last": fmt_date(self.last),
        }  # fmt: skip
        if self.agency:
            title += " — " + _("alerts of %(agency)s") % {"agency": self.agency}
        return title

    @property
    def subtitle(self) -> str:
        return _("Figures recomputed from the alert event log and the data feeds; generated %(at)s.") % {
            "at": timezone.localtime().strftime("%d/%m/%Y %H:%M")
        }

    def feed_counts(self) -> Counter[str]:
        return Counter(row.freshness for row in self.feeds)

    def summary(self) -> str:
        handling, feeds = self.handling, self.feed_counts()
        return _(
            "Alerts raised: %(raised)d; closed: %(closed)d; rejected as false: %(rejected)d; reminders due: "
            "%(reminders)d, of which missed while the worker was down: %(missed)d. Refusals: %(refusals)d. "
            "Datasets fresh: %(fresh)d, late: %(late)d, interrupted: "
            "%(interrupted)d. Indicators past a warning limit: %(breaches)d; not reported on time: %(late_ind)d."
        ) % {
            "raised": handling.raised, "closed": handling.closed, "rejected": handling.rejected,
            "reminders": handling.reminders, "missed": handling.reminders_missed,
            "refusals": len(handling.refusals), "fresh": feeds[Freshness.FRESH],
            "late": feeds[Freshness.LATE], "interrupted": feeds[Freshness.INTERRUPTED],
            "breaches": sum(1 for row in self.indicators if row.breach),
            "late_ind": sum(1 for row in self.indicators if row.late),
        }  # fmt: skip

    def agency_table(self) -> list[list[Any]]:
        rows: list[list[Any]] = [[
            _("Agency"), _("Forwarded"), _("Accepted"), _("Refused"), _("Answered on time"), _("Answered late"),
            _("Resolved"), _("Resolved on time"), _("Resolved late"), _("Overdue steps"),
            _("Mean hours to accept / to resolve"),
        ]]  # fmt: skip
        for a in self.handling.agencies:
            hours = f"{_hours(a.mean_hours_to_accept)} / {_hours(a.mean_hours_to_resolve)}"
            rows.append([a.name, a.forwarded, a.accepted, a.refused, a.answered_on_time, a.answered_late, a.resolved,
                         a.resolved_on_time, a.resolved_late, a.overdue, hours])  # fmt: skip
        return rows

    def reminder_agency_table(self) -> list[list[Any]]:
        """Reminders by processing agency (Appendix III step 2: logged for the report to the province)."""
        rows: list[list[Any]] = [[_("Agency"), _("Reminders due"), _("Of which missed while the worker was down")]]
        rows += [[a.name, a.reminders, a.reminders_missed] for a in self.handling.agencies if a.reminders]
        return rows

    def reminder_alert_table(self) -> list[list[Any]]:
        """Reminders and overdue marks by alert."""
        rows: list[list[Any]] = [[_("Alert"), _("Agency"), _("Reminders due"), _("Missed"), _("Overdue marks"),
                                  _("Past the resolution deadline")]]  # fmt: skip
        names = {a.code: a.name for a in self.handling.agencies}
        rows += [[f"#{a.alert} {a.title}", names.get(a.agency, a.agency) or "—", a.reminders, a.reminders_missed,
                  a.overdue, _("yes") if a.late else _("no")] for a in self.handling.alerts]  # fmt: skip
        return rows

    def step_table(self) -> list[list[Any]]:
        rows: list[list[Any]] = [[_("Step"), _("Done"), _("On time"), _("Late"), _("Marked overdue")]]
        rows += [[str(s.label), s.done, s.on_time, s.late, s.overdue_marked] for s in self.handling.steps]
        return rows

    def refusal_table(self) -> list[list[Any]]:
        rows: list[list[Any]] = [[_("Alert"), _("Agency"), _("At"), _("Reason")]]
        names = {a.code: a.name for a in self.handling.agencies}
        rows += [[f"#{r.alert}", names.get(r.agency, r.agency), timezone.localtime(r.at).strftime("%d/%m/%Y %H:%M"),
                  r.reason] for r in self.handling.refusals]  # fmt: skip
        return rows

    def unit_table(self, limit: int | None = None) -> list[list[Any]]:
        rows: list[list[Any]] = [[_("Unit"), _("Raised"), _("Closed"), _("Overdue steps")]]
        rows += [[u.name, u.raised, u.closed, u.overdue] for u in self.handling.units[:limit]]
        return rows

    def feed_table(self) -> list[list[Any]]:
        labels = dict(Freshness.choices)
        rows: list[list[Any]] = [[_("Provider"), _("Dataset"), _("Freshness"), _("Last received"), _("Stored"),
                                  _("Refused"), _("Data-feed alerts")]]  # fmt: skip
        rows += [[f.provider, f.dataset, str(labels[f.freshness]),
                  timezone.localtime(f.last_received_at).strftime("%d/%m/%Y") if f.last_received_at else None,
                  f.stored, f.refused, f.feed_alerts] for f in self.feeds]  # fmt: skip
        return rows

    def indicator_table(self) -> list[list[Any]]:
        rows: list[list[Any]] = [[_("Indicator"), _("Unit of measure"), _("Period"), _("Latest value"), _("Change (%)"),
                                  _("Target"), _("Status")]]  # fmt: skip
        for row in self.indicators:
            status = []
            if row.breach:
                status.append(_("past the warning limit"))
            if row.target_met is False:
                status.append(_("target not met"))
            if row.late:
                status.append(_("not reported on time"))
            rows.append([row.indicator.display_name, row.indicator.unit, row.latest_label or None,
                         _decimal(row.latest), _decimal(row.change), _decimal(row.indicator.target),
                         "; ".join(status) or _("normal")])  # fmt: skip
        return rows


def _hours(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}"


def _decimal(value: Any) -> float | None:
    return None if value is None else float(value)
