"""Request parameters shared by the planning endpoints."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import InvalidInput, NotFound
from planning.models import Plan

EARLIEST = datetime.date(1975, 1, 1)


def on_date(text: str | None) -> datetime.date:
    """Return the date=YYYY-MM-DD parameter, today (Asia/Ho_Chi_Minh) when absent, or raise InvalidInput."""
    if text is None or not text.strip():
        return timezone.localdate()
    try:
        value = datetime.date.fromisoformat(text.strip())
    except ValueError:
        raise InvalidInput(
            _("Parameter date=%(value)s is not a date; write it as YYYY-MM-DD, for example 2024-06-30.")
            % {"value": text[:40]}
        ) from None
    if not EARLIEST <= value <= timezone.localdate() + datetime.timedelta(days=365 * 50):
        raise InvalidInput(_("Parameter date=%(value)s is out of range.") % {"value": value.isoformat()})
    return value


def plan_from_param(text: str | None) -> Plan:
    """Return the plan named by ?plan= (its id or code), or raise InvalidInput / NotFound."""
    value = (text or "").strip()
    if not value:
        raise InvalidInput(_("Parameter plan is missing; give the plan's id or code."))
    plan = Plan.objects.filter(pk=int(value)).first() if value.isdigit() else Plan.objects.filter(code=value).first()
    if plan is None:
        raise NotFound(_("No plan %(value)s; give the id or code of an existing plan.") % {"value": value[:60]})
    return plan
