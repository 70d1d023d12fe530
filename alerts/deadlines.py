"""Every deadline an alert runs against now, with the time left, as pages and reports show them."""

import datetime
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from alerts import clock
from alerts.choices import State
from alerts.models import Alert


@dataclass(frozen=True)
class Deadline:
    key: str
    label: str
    at: datetime.datetime
    left: str
    overdue: bool

    @property
    def local(self) -> str:
        return timezone.localtime(self.at).strftime("%H:%M %d/%m/%Y")


def time_left(deadline: datetime.datetime, now: datetime.datetime | None = None) -> str:
    """'2 h 15 min left', or 'overdue by 40 min' once the deadline has come."""
    now = now or clock.now()
    seconds = int((deadline - now).total_seconds())
    amount = _duration(abs(seconds))
    return _("%(time)s left") % {"time": amount} if seconds > 0 else _("overdue by %(time)s") % {"time": amount}


def _duration(seconds: int) -> str:
    minutes = seconds // 60
    days, hours, minutes = minutes // 1440, minutes // 60 % 24, minutes % 60
    if days:
        day_text = ngettext("%(n)d day", "%(n)d days", days) % {"n": days}
        return f"{day_text} {_('%(n)d h') % {'n': hours}}" if hours else day_text
    if hours:
        return _("%(h)d h %(m)d min") % {"h": hours, "m": minutes}
    return _("%(m)d min") % {"m": max(minutes, 1) if seconds else 0}


def deadlines(alert: Alert, now: datetime.datetime | None = None) -> list[Deadline]:
    """The current step's deadline, the resolution deadline, an extension asked for and the next reminder."""
    now = now or clock.now()
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
