"""Every deadline an alert runs against now, with the time left, as pages and reports show them."""

import datetime
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from alerts.choices import State
from alerts.models import Alert
from alerts.workdays import local_deadline
from core.formats import fmt_duration


@dataclass(frozen=True)
class Deadline:
    key: str
    label: str
    at: datetime.datetime
    left: str
    overdue: bool

    @property
    def local(self) -> str:
        """The deadline in local time; the end of a day (Civil Code 2015, Art. 148.6) reads 24:00 of that day."""
        return local_deadline(self.at)


def time_left(deadline: datetime.datetime, now: datetime.datetime | None = None) -> str:
    """'2 hours 15 minutes left', or 'overdue by 40 minutes' once the deadline has come."""
    now = now or timezone.now()
    seconds = int((deadline - now).total_seconds())
    amount = fmt_duration(seconds)
    return _("%(time)s left") % {"time": amount} if seconds > 0 else _("overdue by %(time)s") % {"time": amount}


def deadlines(alert: Alert, now: datetime.datetime | None = None) -> list[Deadline]:
    """The current step's deadline, the resolution deadline, an extension asked for and the next reminder."""
    now = now or timezone.now()
    found = []
    if alert.is_open and alert.deadline_at is not None:
        label = _("Current step (%(step)s)") % {"step": alert.get_state_display()}
        found.append(("step", label, alert.deadline_at))
    agency_step = alert.state in (State.FORWARDED, State.IN_PROGRESS)
    if agency_step and alert.resolution_deadline is not None and alert.resolution_deadline != alert.deadline_at:
        found.append(("resolution", _("Resolution (5 working days from forwarding)"), alert.resolution_deadline))
    if alert.pending_extension_until is not None:
        found.append(("extension", _("Extension asked until"), alert.pending_extension_until))
    if alert.is_open and alert.next_reminder_at is not None:
        found.append(("reminder", _("Next hourly reminder"), alert.next_reminder_at))
    return [Deadline(key, label, at, time_left(at, now), at <= now and key != "reminder") for key, label, at in found]
