"""The steps of an alert through its procedure; alerts.models.Alert exposes each one as a method.

Each step is one database transaction: it locks the alert row (select_for_update), checks the actor's
role, then the current state, then the actor's agency, applies the change, recomputes the deadlines and appends
events (with their outbox messages). When two people press the same button, the second waits for the lock,
finds the state moved on and gets core.errors.Conflict; nothing of theirs is written.
"""

import datetime
from collections.abc import Callable, Iterable
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.permissions import has_permission
from agencies.models import Agency
from alerts import notifications, routing
from alerts.choices import OPEN_STATES, URGENT_CATEGORIES, EventKind, State
from alerts.procedures import acting_ioc, get_procedure
from alerts.records import PhoneCall, Record
from alerts.workdays import local_deadline
from core.errors import Conflict, Forbidden, InvalidInput, NotAuthenticated

# Fields a repeated finding or a resent alert may change; each change is an "updated" event.
UPDATABLE = ("title", "description", "severity", "details", "observed_at")

if TYPE_CHECKING:
    from accounts.models import User
    from agencies.models import Sector
    from alerts.intake import AlertInput
    from alerts.models import Alert, AlertEvent
    from alerts.report_models import QuickReport
    from gis_core.models import AdminUnit

type Change = Callable[["Alert", datetime.datetime], list[Record]]

# Who acts at each state (Appendices II and III): the IOC or the processing agency.
IOC_STATES = frozenset({State.NEW, State.VERIFIED, State.RETURNED, State.RESOLVED})
AGENCY_STATES = frozenset({State.FORWARDED, State.IN_PROGRESS})
SYSTEM_LABEL = "system"
# From this reminder on, the immediate procedure's hourly reminders also go to the agency's leader.
ESCALATE_AT_REMINDER = 2
# The fields reschedule, the reminders and write_events change.
SCHEDULE_FIELDS = (
    "deadline_at", "overdue_at", "resolution_overdue_at", "reminder_anchor_at", "next_reminder_at",
    "reminders_sent", "next_action_at", "schedule_version", "last_event_seq", "updated_at",
)  # fmt: skip


class Party(StrEnum):
    IOC = "ioc"
    LEAD_AGENCY = "lead_agency"
    INVOLVED = "involved"  # the IOC or any agency the alert involves (progress notes)


_ALL_STATES = frozenset(State)
# Who takes each step and from which states (named as the API's actions); alerts.actions offers the pages exactly
# the steps can_take allows, from this one table.
STEPS: dict[str, tuple[Party, frozenset[str]]] = {
    "verify": (Party.IOC, frozenset({State.NEW})),
    "reject": (Party.IOC, frozenset({State.NEW, State.VERIFIED, State.RETURNED})),
    "forward": (Party.IOC, frozenset({State.VERIFIED, State.RETURNED})),
    "change-procedure": (Party.IOC, OPEN_STATES),
    "grant-extension": (Party.IOC, frozenset({State.IN_PROGRESS})),
    "deny-extension": (Party.IOC, frozenset({State.IN_PROGRESS})),
    "confirm": (Party.IOC, frozenset({State.RESOLVED})),
    "return-for-rework": (Party.IOC, frozenset({State.RESOLVED})),
    "accept": (Party.LEAD_AGENCY, frozenset({State.FORWARDED})),
    "refuse": (Party.LEAD_AGENCY, frozenset({State.FORWARDED})),
    "request-extension": (Party.LEAD_AGENCY, frozenset({State.IN_PROGRESS})),
    "resolve": (Party.LEAD_AGENCY, frozenset({State.IN_PROGRESS})),
    "note": (Party.INVOLVED, OPEN_STATES),
    "quick-report": (Party.IOC, _ALL_STATES),
}


def _extension_pending(alert: "Alert") -> bool:
    return alert.pending_extension_until is not None


def _extension_possible(alert: "Alert") -> bool:
    return alert.resolution_deadline is not None and alert.pending_extension_until is None


# Conditions a step checks inside its change besides role, state and agency.
PRECONDITIONS: dict[str, Callable[["Alert"], bool]] = {
    "grant-extension": _extension_pending,
    "deny-extension": _extension_pending,
    "request-extension": _extension_possible,
}


def can_take(alert: "Alert", actor: "User", step: str) -> bool:
    """Whether the actor may take the step on the alert now (the checks of apply, without locking or writing)."""
    party, states = STEPS[step]
    try:
        _require_role(alert, actor, party)
        _require_agency(alert, actor, party)
    except (NotAuthenticated, Forbidden):
        return False
    return alert.state in states and PRECONDITIONS.get(step, lambda _alert: True)(alert)


def required_text(text: str | None, message: str) -> str:
    """Return the stripped text, or raise InvalidInput with the message when it is empty."""
    if text is None or not str(text).strip():
        raise InvalidInput(message)
    return str(text).strip()


def evidence_items(items: Iterable[Any] | None) -> list[dict[str, str]]:
    """Validate the evidence of a result: at least one item with a title and a URL or a document reference."""
    cleaned = []
    for number, item in enumerate(items or [], start=1):
        if not isinstance(item, dict) or not str(item.get("title", "")).strip():
            raise InvalidInput(_("Evidence item %(n)d needs a title.") % {"n": number})
        url, reference = str(item.get("url", "")).strip(), str(item.get("reference", "")).strip()
        if not (url or reference):
            raise InvalidInput(
                _("Evidence item %(n)d needs a url (photo or file) or a reference (document number).") % {"n": number}
            )
        cleaned.append({"title": str(item["title"]).strip(), "url": url, "reference": reference})
    if not cleaned:
        raise InvalidInput(_("Report the result with evidence: at least one photo or document (Appendix II, step 4)."))
    return cleaned


# ---- IOC steps (operators) -------------------------------------------------------------------------------


def verify(target: "Alert", actor: "User", note: str = "") -> "AlertEvent":
    """Step 1: the alert is true; urgent categories are reported to the province leadership at once."""

    def change(alert: "Alert", now: datetime.datetime) -> list[Record]:
        alert.state = State.VERIFIED
        return [Record(EventKind.VERIFIED, note.strip()), *_leadership_records(alert, now)]

    return apply(target, actor, *STEPS["verify"], _("verified"), change)


def reject(target: "Alert", actor: "User", reason: str) -> "AlertEvent":
    """Step 1: the alert is false; it ends here and stays on record."""
    reason = required_text(reason, _("Say why the alert is false; the reason is kept on record."))

    def change(alert: "Alert", now: datetime.datetime) -> list[Record]:
        alert.state = State.REJECTED
        return [Record(EventKind.REJECTED, reason)]

    return apply(target, actor, *STEPS["reject"], _("rejected"), change)


def forward(
    target: "Alert",
    actor: "User",
    lead_agency: "Agency",
    *,
    coordinating: Iterable["Agency"] = (),
    sector: "Sector | None" = None,
    message: str = "",
    reason: str = "",
    phone_call: PhoneCall | None = None,
) -> "AlertEvent":
    """Step 2: send the alert to its processing agency; a change to the proposed routing needs a reason."""
    coordinating = _check_agencies(lead_agency, list(coordinating))

    def change(alert: "Alert", now: datetime.datetime) -> list[Record]:
        procedure = get_procedure(alert.procedure)
        alert.sector = sector or alert.sector
        if alert.sector is None:
            raise InvalidInput(_("Choose the sector of the alert before forwarding it (Appendix II, step 2)."))
        procedure.check_forward(message, phone_call)
        proposal = routing.propose(alert)
        changed = not proposal.matches(lead_agency, coordinating)
        if (changed or proposal.needs_management_decision) and not reason.strip():
            raise InvalidInput(_forward_reason_message(proposal))
        alert.lead_agency = lead_agency
        alert.coordinating_agencies.set(coordinating)
        alert.state, alert.forwarded_at = State.FORWARDED, now
        _set_resolution_deadline(alert, procedure.resolution_deadline(now))
        _clear_extension(alert)
        _restart_reminders(alert)
        data = {
            "lead_agency": lead_agency.code,
            "coordinating_agencies": [agency.code for agency in coordinating],
            "sector": alert.sector.code,
            "message": message.strip(),
            "proposal": proposal.as_dict(),
            "routing_changed": changed,
            "resolution_deadline": alert.resolution_deadline,
        }
        handle = notifications.alert_subject(alert, _("forwarded to you to handle"))
        coordinate = notifications.alert_subject(alert, _("forwarded to you to coordinate"))
        notices = [notifications.to_agency(lead_agency, handle, message.strip())]
        notices += [notifications.to_agency(agency, coordinate, message.strip()) for agency in coordinating]
        forwarded = Record(EventKind.FORWARDED, reason.strip(), data, notices)
        return [forwarded, *procedure.forward_records(alert, message.strip(), phone_call)]

    return apply(target, actor, *STEPS["forward"], _("forwarded"), change)


def grant_extension(
    target: "Alert", actor: "User", until: datetime.datetime | None = None, reason: str = ""
) -> "AlertEvent":
    """Step 4: accept the agency's request and move the resolution deadline (to its date unless given)."""

    def change(alert: "Alert", now: datetime.datetime) -> list[Record]:
        _require_pending_extension(alert)
        asked = alert.pending_extension_until
        new_deadline = until or asked
        assert new_deadline is not None and asked is not None
        if new_deadline <= now:
            raise InvalidInput(_("The extended deadline must lie in the future."))
        previous = alert.resolution_deadline
        if previous is not None and new_deadline < previous:
            raise InvalidInput(
                _(
                    "An extension cannot shorten the deadline: %(granted)s is earlier than the current deadline "
                    "%(deadline)s. Grant a date from the current deadline on (the agency asked for %(asked)s), "
                    "or deny the request."
                )
                % {"granted": _local(new_deadline), "deadline": _local(previous), "asked": _local(asked)}
            )
        _set_resolution_deadline(alert, new_deadline)
        _clear_extension(alert)
        data = {"previous_deadline": previous, "resolution_deadline": new_deadline}
        notice = _to_lead(alert, _("extension granted"))
        return [Record(EventKind.EXTENSION_GRANTED, reason.strip(), data, notice)]

    return apply(target, actor, *STEPS["grant-extension"], _("given an extension"), change)


def deny_extension(target: "Alert", actor: "User", reason: str) -> "AlertEvent":
    """Step 4: refuse the agency's request; the deadline stays."""
    reason = required_text(reason, _("Say why the extension is denied; the agency reads it."))

    def change(alert: "Alert", now: datetime.datetime) -> list[Record]:
        _require_pending_extension(alert)
        data = {"asked_until": alert.pending_extension_until, "resolution_deadline": alert.resolution_deadline}
        _clear_extension(alert)
        return [Record(EventKind.EXTENSION_DENIED, reason, data, _to_lead(alert, _("extension denied")))]

    return apply(target, actor, *STEPS["deny-extension"], _("refused an extension"), change)


def confirm(target: "Alert", actor: "User", note: str = "") -> "AlertEvent":
    """Step 5: the result is satisfactory; the alert is closed."""

    def change(alert: "Alert", now: datetime.datetime) -> list[Record]:
        alert.state, alert.closed_at = State.CLOSED, now
        return [Record(EventKind.CLOSED, note.strip()), *get_procedure(alert.procedure).close_records(alert)]

    return apply(target, actor, *STEPS["confirm"], _("closed"), change)


def return_for_rework(target: "Alert", actor: "User", reason: str) -> "AlertEvent":
    """Step 5: the result is not satisfactory; the agency handles it again (with a fresh resolution period)."""
    reason = required_text(reason, _("Say what is missing from the result so the agency can redo it."))

    def change(alert: "Alert", now: datetime.datetime) -> list[Record]:
        procedure = get_procedure(alert.procedure)
        alert.state = State.IN_PROGRESS
        _set_resolution_deadline(alert, procedure.resolution_deadline(now))
        _restart_reminders(alert)
        data = {"resolution_deadline": alert.resolution_deadline}
        notice = _to_lead(alert, _("returned to you for rework"), reason)
        return [Record(EventKind.RETURNED_FOR_REWORK, reason, data, notice), *procedure.rework_records(alert, reason)]

    return apply(target, actor, *STEPS["return-for-rework"], _("returned for rework"), change)


def change_procedure(target: "Alert", actor: "User", procedure: str, reason: str) -> "AlertEvent":
    """Switch between the deadline and the immediate procedure, with a reason; deadlines are recomputed."""
    reason = required_text(reason, _("Say why the alert changes procedure; the reason is kept on record."))
    get_procedure(procedure)  # unknown names fail before anything is locked

    def change(alert: "Alert", now: datetime.datetime) -> list[Record]:
        if alert.procedure == procedure:
            raise InvalidInput(_("The alert already follows the %(name)s procedure.") % {"name": procedure})
        previous, alert.procedure = alert.procedure, procedure
        started = alert.forwarded_at if alert.state in AGENCY_STATES else None
        _set_resolution_deadline(alert, get_procedure(procedure).resolution_deadline(started) if started else None)
        _restart_reminders(alert)
        data = {"from": previous, "to": procedure, "resolution_deadline": alert.resolution_deadline}
        return [Record(EventKind.PROCEDURE_CHANGED, reason, data)]

    return apply(target, actor, *STEPS["change-procedure"], _("moved to another procedure"), change)


def record_quick_report(target: "Alert", actor: "User", report: "QuickReport", *, send: bool) -> "AlertEvent":
    """Record that a quick report on this alert went to the province (Article 9.3, 14.6); send it with the first."""

    def change(alert: "Alert", now: datetime.datetime) -> list[Record]:
        notices = []
        if send:
            subject = notifications.alert_subject(alert, _("quick report to the province"))
            notices.append(notifications.to_province_committee(subject, report.title, report=report))
        data = {"stage": "operator", "report": report.pk, "alerts": list(report.alerts.values_list("pk", flat=True))}
        return [Record(EventKind.PROVINCE_QUICK_REPORT, report.title, data, notices)]

    return apply(target, actor, *STEPS["quick-report"], _("reported"), change)


# ---- Processing agency steps --------------------------------------------------------------------------------


def accept(target: "Alert", actor: "User", note: str = "") -> "AlertEvent":
    """Step 3: the alert is within the agency's competence; it starts handling it."""

    def change(alert: "Alert", now: datetime.datetime) -> list[Record]:
        assert alert.lead_agency is not None  # _require_agency has checked it
        alert.state = State.IN_PROGRESS
        return [Record(EventKind.ACCEPTED, note.strip(), {"agency": alert.lead_agency.code})]

    return apply(target, actor, *STEPS["accept"], _("accepted"), change)


def refuse(target: "Alert", actor: "User", reason: str, phone_call: PhoneCall | None = None) -> "AlertEvent":
    """Step 3: not within the agency's competence; the alert returns to the IOC with the reason (Article 8.4)."""
    reason = required_text(
        reason, _("A refusal must give its reason (Articles 8.4 and 9.5): say why the alert is not yours.")
    )

    def change(alert: "Alert", now: datetime.datetime) -> list[Record]:
        agency = alert.lead_agency
        assert agency is not None  # _require_agency has checked it
        get_procedure(alert.procedure).check_refuse(phone_call, now)
        alert.state, alert.returned_at = State.RETURNED, now
        alert.lead_agency = None
        _set_resolution_deadline(alert, None)
        alert.coordinating_agencies.clear()
        data = {"agency": agency.code, "phone_call": phone_call.as_dict() if phone_call else None}
        notice = acting_ioc(alert).notice(
            notifications.alert_subject(alert, _("refused by %(agency)s") % {"agency": agency}), reason
        )
        return [Record(EventKind.REFUSED, reason, data, [notice])]

    return apply(target, actor, *STEPS["refuse"], _("refused"), change)


def request_extension(target: "Alert", actor: "User", until: datetime.datetime, reason: str) -> "AlertEvent":
    """Step 4: report the situation and ask for more time, with a reason and a proposed date."""
    reason = required_text(reason, _("Explain the situation and the obstacles when asking for an extension."))

    def change(alert: "Alert", now: datetime.datetime) -> list[Record]:
        if alert.resolution_deadline is None:
            raise InvalidInput(_("This alert has no resolution deadline to extend (immediate procedure)."))
        if alert.pending_extension_until is not None:
            raise Conflict(_("An extension request is already waiting for the operator's answer."))
        if until <= alert.resolution_deadline:
            raise InvalidInput(
                _("Propose a date after the current deadline (%(deadline)s).")
                % {"deadline": _local(alert.resolution_deadline)}
            )
        alert.pending_extension_until, alert.pending_extension_reason = until, reason
        data = {"until": until, "resolution_deadline": alert.resolution_deadline}
        notice = acting_ioc(alert).notice(notifications.alert_subject(alert, _("extension requested")), reason)
        return [Record(EventKind.EXTENSION_REQUESTED, reason, data, [notice])]

    return apply(target, actor, *STEPS["request-extension"], _("given an extension request"), change)


def resolve(target: "Alert", actor: "User", result: str, evidence: Iterable[Any]) -> "AlertEvent":
    """Step 4: report the result with photos or documents as evidence."""
    result = required_text(result, _("Describe the result of the handling."))
    items = evidence_items(evidence)

    def change(alert: "Alert", now: datetime.datetime) -> list[Record]:
        alert.state, alert.resolved_at = State.RESOLVED, now
        _clear_extension(alert)
        notice = acting_ioc(alert).notice(notifications.alert_subject(alert, _("result reported")), result)
        return [Record(EventKind.RESOLVED, result, {"evidence": items}, [notice])]

    return apply(target, actor, *STEPS["resolve"], _("resolved"), change)


def add_note(target: "Alert", actor: "User", text: str) -> "AlertEvent":
    """Exchange progress information (Articles 8.3 and 9.4): operators and the agencies involved."""
    text = required_text(text, _("Write the note."))

    def change(alert: "Alert", now: datetime.datetime) -> list[Record]:
        return [Record(EventKind.NOTE, text)]

    return apply(target, actor, *STEPS["note"], _("annotated"), change)


# ---- The worker ----------------------------------------------------------------------------------------------


def act_on_due(target: "Alert", now: datetime.datetime) -> list[Record]:
    """Mark the current step overdue and send the reminder that fell due; the caller holds the row lock.

    The resolution period (Appendix II step 4) runs from forwarding whether or not the agency has accepted, so it
    is checked in both agency states. After downtime only one reminder goes out for all the intervals missed (a
    catch-up that says how many), and each missed one is logged so the reports count it.
    """
    records = []
    if target.deadline_at is not None and target.overdue_at is None and target.deadline_at <= now:
        target.overdue_at = now
        if _resolution_is_the_step(target):
            target.resolution_overdue_at = now
        records.append(_overdue_record(target))
    if _resolution_due(target, now):
        target.resolution_overdue_at = now
        records.append(_resolution_overdue_record(target))
    interval = get_procedure(target.procedure).reminder_interval
    if target.next_reminder_at is not None and target.next_reminder_at <= now and interval is not None:
        records += _reminder_records(target, now, interval)
    reschedule(target, now, state_changed=False)
    write_events(target, None, target.state, records, now)
    target.save(update_fields=SCHEDULE_FIELDS)  # not the geometry and texts: the worker touches only its clock
    return records


# ---- The source (rules, systems) -----------------------------------------------------------------------------


def update_from_source(
    target: "Alert", data: "AlertInput", units: list["AdminUnit"], actor: "User | None"
) -> "AlertEvent | None":
    """Apply a repeated finding or a resent alert to this locked, open alert; None when nothing changed."""
    changed = []
    for name in UPDATABLE:
        value = getattr(data, name)
        if value is not None and getattr(target, name) != value:
            setattr(target, name, value)
            changed.append(name)
    if data.geom is not None and (target.geom is None or not target.geom.equals_exact(data.geom, tolerance=1e-9)):
        target.geom = data.geom
        target.units.set(units)
        changed.append("geom")
    hazard_back = target.retreated_at is not None
    if not changed and not hazard_back:
        return None
    target.retreated_at = None
    now = timezone.now()
    payload = {"changed": changed, "hazard_back": hazard_back, "units": [unit.code for unit in units]}
    events = write_events(
        target, actor, target.state, [Record(EventKind.UPDATED, data={**payload, "details": target.details})], now
    )
    target.save()
    return events[0]


def cancel_by_source(target: "Alert", note: str, reference: str) -> "AlertEvent | None":
    """The source withdrew the alert (a CAP Cancel): not yet forwarded, it ends; forwarded, the IOC decides.

    None when the alert had already ended.
    """
    with transaction.atomic():
        alert = type(target).objects.select_for_update().get(pk=target.pk)
        if not alert.is_open:
            return None
        now, before = timezone.now(), alert.state
        if alert.state in (State.NEW, State.VERIFIED):
            alert.state = State.REJECTED
        subject = notifications.alert_subject(alert, _("cancelled by its source"))
        notices = [acting_ioc(alert).notice(subject, note), *_to_lead(alert, _("cancelled by its source"), note)]
        data = {"reference": reference, "ended": alert.state == State.REJECTED}
        reschedule(alert, now, state_changed=alert.state != before)
        events = write_events(alert, None, before, [Record(EventKind.SOURCE_CANCELLED, note, data, notices)], now)
        alert.save()
    target.refresh_from_db()
    return events[0]


def record_retreat(target: "Alert", details: dict[str, Any] | None = None) -> "AlertEvent | None":
    """Say the hazard has retreated, instead of letting the alert vanish; the procedure goes on."""
    with transaction.atomic():
        alert = type(target).objects.select_for_update().get(pk=target.pk)
        if not alert.is_open or alert.retreated_at is not None:
            return None
        now = timezone.now()
        alert.retreated_at = now
        events = write_events(alert, None, alert.state, [Record(EventKind.HAZARD_RETREATED, data=details or {})], now)
        alert.save()
    target.refresh_from_db()
    return events[0]


# ---- Machinery -----------------------------------------------------------------------------------------------


def apply(
    target: "Alert", actor: "User", party: Party, allowed: Iterable[str], action: str, change: Change
) -> "AlertEvent":
    """Lock the alert, check role, state and agency, apply the change, reschedule and append the events."""
    with transaction.atomic():
        alert = type(target).objects.select_for_update().get(pk=target.pk)
        _require_role(alert, actor, party)
        _require_state(alert, set(allowed), action)
        _require_agency(alert, actor, party)
        now = timezone.now()
        before = (alert.state, alert.deadline_at)
        records = change(alert, now)
        records[0].data.update(step_deadline=before[1], late=before[1] is not None and now >= before[1])
        reschedule(alert, now, state_changed=alert.state != before[0])
        events = write_events(alert, actor, before[0], records, now)
        alert.save()
    target.refresh_from_db()
    return events[0]


def _require_role(target: "Alert", actor: "User | None", party: Party) -> None:
    if actor is None or not actor.is_authenticated:
        raise NotAuthenticated(_("Sign in to act on alerts."))
    if party == Party.IOC:
        acting = acting_ioc(target)
        if not acting.may_act(actor):
            raise Forbidden(acting.refusal())
        return
    if party == Party.LEAD_AGENCY and not has_permission(actor, "alerts.process"):
        raise Forbidden(_("Only officers of the processing agency accept, refuse and resolve alerts."))


def acts_as_ioc(target: "Alert", actor: "User", step: str) -> bool:
    """Whether the step is one of the IOC's and the actor acts as the IOC on this alert (alerts.procedures)."""
    return STEPS[step][0] == Party.IOC and acting_ioc(target).may_act(actor)


def _require_state(target: "Alert", allowed: set[str], action: str) -> None:
    if target.state in allowed:
        return
    last = target.events.order_by("-seq").first()
    raise Conflict(
        _("Alert #%(id)s is now '%(state)s', so it cannot be %(action)s; reload it to see who acted last.")
        % {"id": target.pk, "state": target.get_state_display(), "action": action},
        state=target.state,
        last_event={"kind": last.kind, "actor": last.actor_label, "at": last.at.isoformat()} if last else None,
    )


def _require_agency(target: "Alert", actor: "User", party: Party) -> None:
    if party == Party.LEAD_AGENCY:
        if target.lead_agency is None or not has_permission(actor, "alerts.process", target.lead_agency):
            raise Forbidden(
                _("Only officers of the lead agency (%(agency)s) may do this.") % {"agency": target.lead_agency}
            )
    elif party == Party.INVOLVED and not (
        has_permission(actor, "alerts.operate") or has_permission(actor, "alerts.process", target)
    ):
        raise Forbidden(_("Only IOC operators and the agencies handling this alert may add notes."))


def _require_pending_extension(target: "Alert") -> None:
    if target.pending_extension_until is None:
        raise Conflict(_("No extension request is waiting on this alert; it may have been answered already."))


def _clear_extension(target: "Alert") -> None:
    target.pending_extension_until, target.pending_extension_reason = None, ""


def _restart_reminders(target: "Alert") -> None:
    """Let reschedule start a fresh series of reminders if the new state has them."""
    target.next_reminder_at = target.reminder_anchor_at = None
    target.reminders_sent = 0


def reschedule(target: "Alert", now: datetime.datetime, *, state_changed: bool) -> None:
    """Recompute the current step's deadline, the reminders and the worker's next look at the alert."""
    procedure = get_procedure(target.procedure)
    deadline = procedure.step_deadline(target)
    if state_changed or deadline != target.deadline_at:
        target.overdue_at = None
    target.deadline_at = deadline
    if _resolution_is_the_step(target) and target.resolution_overdue_at is not None:
        target.overdue_at = target.resolution_overdue_at  # marked while awaiting acceptance: not twice
    interval = procedure.reminder_interval
    if interval is not None and target.state in procedure.reminder_states:
        if target.next_reminder_at is None:
            target.reminder_anchor_at, target.next_reminder_at, target.reminders_sent = now, now + interval, 0
    else:
        target.reminder_anchor_at = target.next_reminder_at = None
    resolution = target.resolution_deadline if _resolution_due(target, None) else None
    pending = [deadline if target.overdue_at is None else None, target.next_reminder_at, resolution]
    target.next_action_at = min((instant for instant in pending if instant is not None), default=None)
    target.schedule_version += 1


def write_events(
    target: "Alert", actor: "User | None", from_state: str, records: list[Record], now: datetime.datetime
) -> list["AlertEvent"]:
    """Append the events (numbered after the last one) and queue their messages; the caller saves the alert."""
    label = actor.get_username() if actor is not None else SYSTEM_LABEL
    events = []
    for record in records:
        target.last_event_seq += 1
        gaps = notifications.not_delivered(record.notices)
        data = {**record.data, "not_delivered": gaps} if gaps else record.data
        event = target.events.create(
            seq=target.last_event_seq, at=now, actor=actor, actor_label=label, kind=record.kind,
            from_state=from_state, to_state=target.state, reason=record.reason, data=data,
        )  # fmt: skip
        from_state = target.state
        for notice in record.notices:
            notifications.queue(target, event, notice)
        events.append(event)
    return events


def _leadership_records(target: "Alert", now: datetime.datetime) -> list[Record]:
    if target.category not in URGENT_CATEGORIES or target.leadership_notified_at is not None:
        return []
    target.leadership_notified_at = now
    subject = notifications.alert_subject(target, _("urgent situation, reported to the province leadership"))
    notice = notifications.to_province_leadership(subject, target.description)
    return [Record(EventKind.LEADERSHIP_NOTIFIED, data={"category": target.category}, notices=[notice])]


def _to_lead(target: "Alert", what: str, body: str = "") -> list[Any]:
    if target.lead_agency is None:
        return []
    return [notifications.to_agency(target.lead_agency, notifications.alert_subject(target, what), body)]


def _set_resolution_deadline(target: "Alert", deadline: datetime.datetime | None) -> None:
    """Set the resolution deadline; a new one has not been missed yet."""
    if deadline != target.resolution_deadline:
        target.resolution_overdue_at = None
    target.resolution_deadline = deadline


def _resolution_is_the_step(target: "Alert") -> bool:
    """Whether the current step's deadline is the resolution deadline (step 4 under way)."""
    return (
        target.state == State.IN_PROGRESS
        and target.resolution_deadline is not None
        and (target.deadline_at == target.resolution_deadline)
    )


def _resolution_due(target: "Alert", now: datetime.datetime | None) -> bool:
    """Whether the resolution deadline is still to be marked overdue (at now, or at all when now is None)."""
    deadline = target.resolution_deadline
    if target.state not in AGENCY_STATES or deadline is None or target.resolution_overdue_at is not None:
        return False
    return now is None or deadline <= now


def _resolution_overdue_record(target: "Alert") -> Record:
    """Article 8.3, Appendix II step 4: 5 working days from forwarding have passed, accepted or not."""
    data = {"step": target.state, "deadline": target.resolution_deadline, "party": "agency", "period": "resolution"}
    what = _("the resolution deadline (5 working days from forwarding) has passed; state: %(state)s") % {
        "state": target.get_state_display()
    }
    subject = notifications.alert_subject(target, what)
    notices = [acting_ioc(target).notice(subject)]
    if target.lead_agency is not None:
        notices += [notifications.to_agency(target.lead_agency, subject)]
        notices += [notifications.to_agency_leader(target.lead_agency, subject)]
    return Record(EventKind.OVERDUE, data=data, notices=notices)


def _overdue_record(target: "Alert") -> Record:
    step = target.state
    data = {"step": step, "deadline": target.deadline_at, "party": "ioc" if step in IOC_STATES else "agency"}
    if _resolution_is_the_step(target):
        data["period"] = "resolution"
    subject = notifications.alert_subject(
        target, _("the step '%(step)s' is overdue") % {"step": target.get_state_display()}
    )
    notices = [acting_ioc(target).notice(subject)]  # the operators, or the steward of a restricted alert
    if step in AGENCY_STATES and target.lead_agency is not None:
        # Article 8.3: the operator urges the agency; its leader hears of it too.
        notices += [notifications.to_agency(target.lead_agency, subject)]
        notices += [notifications.to_agency_leader(target.lead_agency, subject)]
    return Record(EventKind.OVERDUE, data=data, notices=notices)


def _reminder_records(target: "Alert", now: datetime.datetime, interval: datetime.timedelta) -> list[Record]:
    """The reminder due now, after one 'missed' event per reminder that fell due while the worker was down.

    Reminders are numbered by their slot on the hourly grid from the anchor, sent or missed alike.
    """
    anchor, due = target.reminder_anchor_at, target.next_reminder_at
    assert anchor is not None and due is not None
    first, last = (due - anchor) // interval, (now - anchor) // interval
    missed = [
        Record(EventKind.REMINDER_MISSED, data={"number": number, "due_at": anchor + interval * number,
                                                "for_province_report": True})
        for number in range(first, last)
    ]  # fmt: skip
    target.reminders_sent = last
    target.next_reminder_at = anchor + interval * (last + 1)
    minutes = int((now - anchor).total_seconds() // 60)
    what = _("reminder %(n)d: not yet handled after %(minutes)d minutes") % {"n": last, "minutes": minutes}
    if missed:
        what += " " + ngettext(
            "(catch-up: %(missed)d reminder was missed while the worker was down)",
            "(catch-up: %(missed)d reminders were missed while the worker was down)",
            len(missed),
        ) % {"missed": len(missed)}
    subject = notifications.alert_subject(target, what)
    data = {
        "number": last,
        "due_at": anchor + interval * last,
        "minutes_waiting": minutes,
        "catch_up": bool(missed),
        "missed": len(missed),
        "for_province_report": True,
    }
    notices = _to_lead(target, what)  # _to_lead puts the alert's prefix on; the subject must not carry it twice
    if target.reminders_sent >= ESCALATE_AT_REMINDER and target.lead_agency is not None:
        # Two hours without acceptance or handling: the agency's leader hears of it too (escalation).
        notices.append(notifications.to_agency_leader(target.lead_agency, subject))
    data["escalated"] = len(notices) > 1
    return [*missed, Record(EventKind.REMINDER, data=data, notices=notices)]


def _check_agencies(lead: "Agency", coordinating: list["Agency"]) -> list["Agency"]:
    for agency in [lead, *coordinating]:
        if not agency.is_active or agency.kind != Agency.Kind.PROCESSING:
            raise InvalidInput(
                _("%(agency)s is not an active processing agency; choose another one.") % {"agency": agency}
            )
    if any(agency.pk == lead.pk for agency in coordinating):
        raise InvalidInput(_("The lead agency cannot also be a coordinating agency."))
    return list({agency.pk: agency for agency in coordinating}.values())


def _forward_reason_message(proposal: routing.RoutingProposal) -> str:
    if proposal.needs_management_decision:
        return _(
            "No single agency is proposed for this alert (inter-sector or no competent agency): name the decision "
            "of the management agency that chose the lead agency in the reason (Articles 8.5 and 9.8)."
        )
    return _("You changed the proposed routing (lead %(lead)s); give the reason for the change.") % {
        "lead": proposal.lead
    }


def _local(instant: datetime.datetime) -> str:
    return local_deadline(instant)
