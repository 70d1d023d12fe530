"""Who hears about an alert: notices queued in the outbox in the same transaction as the event that caused them.

Who gets what (Articles 8, 9, 16.2): a forwarded alert goes to the focal persons of the lead and coordinating
agencies; an overdue agency step and the second and later hourly reminders of the immediate procedure also go to
the agency's leader (escalation); urgent, serious situations go to the province leadership at once; quick
reports go to the Provincial People's Committee; refusals, extension requests, results and overdue steps go to
whoever acts as the IOC (the operators, or the steward of a restricted alert: alerts.procedures.acting_ioc). Each
notice is one Outbox row with a snapshot of its recipients (the agency's contacts in post, or the
ProvinceRecipient rows of a province audience) and of what it says (alerts.snapshots); the registered courier
(alerts.couriers) then plans one message per recipient per channel from that row alone.
"""

from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from agencies.models import Agency, AgencyContact
from alerts import couriers, pass_memo, snapshots
from alerts.choices import Audience
from alerts.notify_models import ProvinceRecipient
from alerts.records import Notice
from alerts.visibility import may_be_told

if TYPE_CHECKING:
    from alerts.models import Alert, AlertEvent, Outbox
    from alerts.report_models import QuickReport


def to_agency(agency: Agency, subject: str, body: str = "") -> Notice:
    """A message to the focal persons of an agency (Article 8.2.a: email and SMS to the assigned contact)."""
    return Notice(Audience.AGENCY_FOCAL, subject, body, agency)


def to_agency_leader(agency: Agency, subject: str, body: str = "") -> Notice:
    """A message to the leader of an agency, for escalation."""
    return Notice(Audience.AGENCY_LEADER, subject, body, agency)


def to_operators(subject: str, body: str = "") -> Notice:
    return Notice(Audience.OPERATORS, subject, body)


def to_province_committee(subject: str, body: str = "", report: "QuickReport | None" = None) -> Notice:
    """A quick report to the Provincial People's Committee (Appendix III, steps 2 and 5; Article 14.6)."""
    return Notice(Audience.PROVINCE_COMMITTEE, subject, body, report=report)


def to_province_leadership(subject: str, body: str = "") -> Notice:
    """An immediate report to the province leadership for urgent, serious situations (Article 9.3)."""
    return Notice(Audience.PROVINCE_LEADERSHIP, subject, body)


def alert_subject(alert: "Alert", what: str) -> str:
    """Prefix a subject with the alert's number and title."""
    return _("Alert #%(id)s %(title)s: %(what)s") % {"id": alert.pk, "title": alert.title, "what": what}


def undelivered(notice: Notice) -> str:
    """Why nobody can receive the notice now (an Undelivered value: no recipient, no channel), or "" if someone can."""
    return couriers.courier().undeliverable(notice.audience, _recipients(notice))


def not_delivered(notices: list[Notice]) -> list[dict[str, str | None]]:
    """The notices nobody can receive, as an event records them: audience, agency and why."""
    gaps = []
    for notice in notices:
        reason = undelivered(notice)
        if reason:
            agency = notice.agency.code if notice.agency is not None else None
            gaps.append({"audience": str(notice.audience), "agency": agency, "reason": reason})
    return gaps


def queue(alert: "Alert", event: "AlertEvent", notice: Notice) -> "Outbox | None":
    """Store a notice in the outbox with a snapshot of its recipients and words, and have the courier plan it.

    A notice nobody can receive is kept, marked undelivered with the reason, instead of looking sent. A restricted
    alert (a cyber incident) is never told to anyone outside its audience (alerts.visibility.may_be_told).
    """
    if not may_be_told(alert, notice.audience, notice.agency.pk if notice.agency is not None else None):
        return None
    recipients = _recipients(notice)
    courier = couriers.courier()
    outbox = alert.outbox.create(
        event=event,
        audience=notice.audience,
        agency=notice.agency,
        recipients=recipients,
        subject=notice.subject[:300],
        body=notice.body,
        snapshot=snapshots.take(alert, event, notice.agency),
        created_at=event.at,
        report=notice.report,
        undelivered=courier.undeliverable(notice.audience, recipients),
    )
    courier.plan(outbox)
    return outbox


def _recipients(notice: Notice) -> list[dict[str, str]]:
    agency = notice.agency
    key = ("recipients", notice.audience, agency.pk if agency is not None else None)
    people = pass_memo.remembered(key, lambda: _read_recipients(notice))
    return [dict(person) for person in people]  # each outbox keeps its own snapshot


def _read_recipients(notice: Notice) -> list[dict[str, str]]:
    if notice.agency is None:
        people = ProvinceRecipient.objects.filter(audience=notice.audience, is_active=True).order_by("full_name")
        return [{"name": person.full_name, "phone": person.phone, "email": person.email} for person in people]
    if notice.audience == Audience.AGENCY_LEADER:
        leader = notice.agency.leader()
        contacts = [leader] if leader is not None else []
    else:
        contacts = list(notice.agency.alert_recipients())
    return [_contact(contact) for contact in contacts]


def _contact(contact: AgencyContact) -> dict[str, str]:
    return {"name": contact.full_name, "phone": contact.phone, "email": contact.email}
