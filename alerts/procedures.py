"""The two handling procedures of Decision 2421/QĐ-UBND: each step's deadline, reminders and what forwarding records.

Deadline procedure (Article 8, Appendix II): verify and forward within 1 hour of the alert appearing; the agency
accepts or refuses within 4 hours of forwarding; resolves within 5 working days of forwarding; the operator
confirms within 1 hour of the agency's response.
Immediate procedure (Article 9, Appendix III): verify and forward within 30 minutes; forwarding comes with a
message, a phone call and a quick report to the Provincial People's Committee; every 60 minutes that the agency
has not accepted or handled it, a reminder goes out and is logged for the report to the province.

Our choices where the text is silent: after a refusal the operator has 1 hour (30 minutes in the immediate
procedure) to forward again; an alert returned for rework gets a fresh 5 working days from the return.
Working days are counted by alerts.workdays (Civil Code 2015, Art. 147-148); hours and minutes are clock time,
the IOC running 24/7 (Art. 3.1).
"""

import datetime
import functools
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

from accounts.permissions import has_permission
from agencies.models import Agency
from alerts import notifications
from alerts.choices import IMMEDIATE_CATEGORIES, RESTRICTED_CATEGORIES, Category, EventKind, ProcedureName, State
from alerts.records import Notice, PhoneCall, Record
from alerts.workdays import add_working_days
from core.errors import InvalidInput
from core.registry import load_class

if TYPE_CHECKING:
    from alerts.models import Alert

HOUR = datetime.timedelta(hours=1)
HALF_HOUR = datetime.timedelta(minutes=30)

# Name -> dotted path of a Procedure subclass; a new procedure is a new entry, not a new branch.
PROCEDURES: dict[str, str] = {
    ProcedureName.DEADLINE: "alerts.procedures.DeadlineProcedure",
    ProcedureName.IMMEDIATE: "alerts.procedures.ImmediateProcedure",
}


class Procedure:
    """How one procedure times its steps; subclasses answer every method."""

    name: str
    reminder_interval: datetime.timedelta | None = None
    reminder_states: frozenset[str] = frozenset()

    def step_deadline(self, alert: "Alert") -> datetime.datetime | None:
        """The deadline of the alert's current step, or None when the step has none."""
        raise NotImplementedError

    def resolution_deadline(self, start: datetime.datetime) -> datetime.datetime | None:
        """The deadline to resolve an alert forwarded (or returned for rework) at start."""
        raise NotImplementedError

    def check_forward(self, message: str, phone_call: PhoneCall | None) -> None:
        """Raise InvalidInput when forwarding lacks what this procedure requires."""
        raise NotImplementedError

    def forward_records(self, alert: "Alert", message: str, phone_call: PhoneCall | None) -> list[Record]:
        """Events forwarding records besides the forwarding itself."""
        raise NotImplementedError

    def close_records(self, alert: "Alert") -> list[Record]:
        """Events closing records besides the closing itself."""
        raise NotImplementedError

    def rework_records(self, alert: "Alert", reason: str) -> list[Record]:
        """Events a return for rework records besides the return itself."""
        raise NotImplementedError

    def check_refuse(self, phone_call: PhoneCall | None, now: datetime.datetime) -> None:
        """Raise InvalidInput when a refusal lacks what this procedure requires besides its reason."""
        raise NotImplementedError


class DeadlineProcedure(Procedure):
    """Article 8 / Appendix II."""

    name = ProcedureName.DEADLINE
    VERIFY_AND_FORWARD = HOUR
    REROUTE = HOUR
    ACCEPT = datetime.timedelta(hours=4)
    RESOLVE_WORKING_DAYS = 5
    CONFIRM = HOUR

    def step_deadline(self, alert: "Alert") -> datetime.datetime | None:
        match alert.state:
            case State.NEW | State.VERIFIED:
                return alert.appeared_at + self.VERIFY_AND_FORWARD
            case State.RETURNED:
                return _after(alert.returned_at, self.REROUTE)
            case State.FORWARDED:
                return _after(alert.forwarded_at, self.ACCEPT)
            case State.IN_PROGRESS:
                return alert.resolution_deadline
            case State.RESOLVED:
                return _after(alert.resolved_at, self.CONFIRM)
        return None

    def resolution_deadline(self, start: datetime.datetime) -> datetime.datetime | None:
        return add_working_days(start, self.RESOLVE_WORKING_DAYS)

    def check_forward(self, message: str, phone_call: PhoneCall | None) -> None:
        return None

    def forward_records(self, alert: "Alert", message: str, phone_call: PhoneCall | None) -> list[Record]:
        return [Record(EventKind.PHONE_CALL, data=phone_call.as_dict())] if phone_call else []

    def close_records(self, alert: "Alert") -> list[Record]:
        return []

    def rework_records(self, alert: "Alert", reason: str) -> list[Record]:
        return []

    def check_refuse(self, phone_call: PhoneCall | None, now: datetime.datetime) -> None:
        return None  # Article 8.4: the reason, through the system, is enough


class ImmediateProcedure(Procedure):
    """Article 9 / Appendix III."""

    name = ProcedureName.IMMEDIATE
    VERIFY_AND_FORWARD = HALF_HOUR
    REROUTE = HALF_HOUR
    reminder_interval = datetime.timedelta(minutes=60)
    reminder_states = frozenset({State.FORWARDED, State.IN_PROGRESS})

    def step_deadline(self, alert: "Alert") -> datetime.datetime | None:
        match alert.state:
            case State.NEW | State.VERIFIED:
                return alert.appeared_at + self.VERIFY_AND_FORWARD
            case State.RETURNED:
                return _after(alert.returned_at, self.REROUTE)
        return None  # the agency acts at once; the hourly reminders keep it moving

    def resolution_deadline(self, start: datetime.datetime) -> datetime.datetime | None:
        return None

    def check_forward(self, message: str, phone_call: PhoneCall | None) -> None:
        missing = []
        if not message.strip():
            missing.append(_("the message sent to the agency"))
        if phone_call is None or not phone_call.to.strip():
            missing.append(_("the phone call made to the agency (whom you called)"))
        if missing:
            raise InvalidInput(
                _(
                    "The immediate procedure forwards with a message and a phone call (Appendix III, step 2); "
                    "missing: %(missing)s."
                )
                % {"missing": "; ".join(missing)}
            )

    def forward_records(self, alert: "Alert", message: str, phone_call: PhoneCall | None) -> list[Record]:
        assert phone_call is not None  # check_forward ran first
        report = notifications.to_province_committee(
            notifications.alert_subject(
                alert, _("quick report: forwarded to %(agency)s") % {"agency": alert.lead_agency}
            ),
            message,
        )
        return [
            Record(EventKind.PHONE_CALL, data=phone_call.as_dict()),
            Record(EventKind.PROVINCE_QUICK_REPORT, data={"stage": "forwarded"}, notices=[report]),
        ]

    def close_records(self, alert: "Alert") -> list[Record]:
        report = notifications.to_province_committee(
            notifications.alert_subject(alert, _("quick report: handled and closed"))
        )
        return [Record(EventKind.PROVINCE_QUICK_REPORT, data={"stage": "closed"}, notices=[report])]

    def rework_records(self, alert: "Alert", reason: str) -> list[Record]:
        # Appendix III step 5: the IOC updates and reports quickly to the province on the result; a rework is one.
        report = notifications.to_province_committee(
            notifications.alert_subject(alert, _("quick report: result not satisfactory, returned for rework")),
            reason,
        )
        return [Record(EventKind.PROVINCE_QUICK_REPORT, data={"stage": "returned_for_rework"}, notices=[report])]

    def check_refuse(self, phone_call: PhoneCall | None, now: datetime.datetime) -> None:
        missing = []
        if phone_call is None or not phone_call.caller.strip():
            missing.append(_("who called (name and agency)"))
        if phone_call is None or not phone_call.to.strip():
            missing.append(_("whom they called at the IOC"))
        if phone_call is None or phone_call.at is None:
            missing.append(_("when the call was made"))
        if missing:
            raise InvalidInput(
                _(
                    "In the immediate procedure a refusal is also phoned to the IOC (Appendix III, step 3); record "
                    "the call: %(missing)s."
                )
                % {"missing": "; ".join(missing)}
            )
        assert phone_call is not None and phone_call.at is not None
        if phone_call.at > now:
            raise InvalidInput(_("The phone call cannot be later than now; check its date and time."))


@dataclass(frozen=True)
class ActingIoc:
    """Who acts as the IOC on one alert: the IOC operators, or the agency stewarding a restricted alert.

    Operators may not see a restricted alert (alerts.models.restricted_alerts_rule), so the agency its source names
    as steward (the provincial cyber-security team for cyber incidents) takes the IOC's steps on it and hears what
    the IOC would hear: its overdue steps, refusals, extension requests and results.
    """

    steward_id: int | None = None  # None: the IOC operators

    def may_act(self, actor: Any) -> bool:
        """Whether the actor takes the IOC's steps on the alert."""
        if self.steward_id is None:
            return has_permission(actor, "alerts.operate")
        return has_permission(actor, "alerts.process") and actor.agency_id == self.steward_id

    def refusal(self) -> str:
        """Why someone else may not take the IOC's steps on the alert."""
        if self.steward_id is None:
            return _("Only IOC operators verify, forward, confirm and return alerts.")
        return _("Only the agency in charge of this restricted alert takes the IOC's steps on it.")

    def notice(self, subject: str, body: str = "") -> Notice:
        """A message to whoever acts as the IOC on the alert."""
        if self.steward_id is None:
            return notifications.to_operators(subject, body)
        steward = Agency.objects.filter(pk=self.steward_id).first()
        if steward is None:  # a steward removed since: nobody else may be told (alerts.models.may_be_told)
            return notifications.to_operators(subject, body)
        return notifications.to_agency(steward, subject, body)


def acting_ioc(alert: "Alert") -> ActingIoc:
    """Return who acts as the IOC on the alert: the steward its source names on a restricted alert, else operators."""
    if alert.category not in RESTRICTED_CATEGORIES:
        return ActingIoc()
    steward = (alert.details or {}).get("steward")
    return ActingIoc(steward if isinstance(steward, int) else None)


def _after(start: datetime.datetime | None, delta: datetime.timedelta) -> datetime.datetime | None:
    return None if start is None else start + delta


@functools.cache
def get_procedure(name: str) -> Procedure:
    """Return the procedure registered under a name."""
    if name not in PROCEDURES:
        allowed = ", ".join(PROCEDURES)
        raise InvalidInput(
            _("Unknown procedure '%(name)s'; use one of: %(allowed)s.") % {"name": name, "allowed": allowed}
        )
    return load_class(PROCEDURES, name, Procedure, "procedure")()


def default_procedure(category: str) -> str:
    """Emergencies (Article 9.1) follow the immediate procedure; everything else the deadline procedure."""
    return ProcedureName.IMMEDIATE if category in IMMEDIATE_CATEGORIES else ProcedureName.DEADLINE


def is_known_category(category: str) -> bool:
    return category in Category.values
