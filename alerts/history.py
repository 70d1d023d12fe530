"""Rebuild an alert's history from its event log alone, for reports and to prove the log is complete."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.utils.dateparse import parse_datetime

from alerts.choices import EventKind, State
from alerts.models import AlertEvent


@dataclass
class History:
    """What the events say about an alert."""

    state: str = State.NEW
    procedure: str = ""
    lead_agency: str | None = None
    coordinating_agencies: list[str] = field(default_factory=list)
    forwarded_at: datetime.datetime | None = None
    returned_at: datetime.datetime | None = None
    resolved_at: datetime.datetime | None = None
    closed_at: datetime.datetime | None = None
    resolution_deadline: datetime.datetime | None = None
    reminders: int = 0
    reminders_missed: int = 0  # fell due while the worker was down; logged, then covered by one catch-up
    overdue_steps: list[str] = field(default_factory=list)
    refusals: list[str] = field(default_factory=list)
    late_steps: list[str] = field(default_factory=list)
    timeline: list[tuple[datetime.datetime, str, str]] = field(default_factory=list)


def rebuild(events: Iterable[AlertEvent]) -> History:
    """Fold the events (in their order) into a History; a gap or a jump between states is an error."""
    history = History()
    expected_seq = 1
    for event in sorted(events, key=lambda e: e.seq):
        if event.seq != expected_seq or event.from_state != history.state:
            raise ValueError(f"Event {event} does not follow event {expected_seq - 1} in state {history.state}.")
        expected_seq += 1
        if event.data.get("late"):
            history.late_steps.append(event.from_state)
        _apply(history, event)
        history.state = event.to_state
        history.timeline.append((event.at, event.kind, event.actor_label))
    return history


def _apply(history: History, event: AlertEvent) -> None:
    data: dict[str, Any] = event.data
    match event.kind:
        case EventKind.CREATED:
            history.procedure = data["procedure"]
        case EventKind.PROCEDURE_CHANGED:
            history.procedure = data["to"]
            history.resolution_deadline = _instant(data.get("resolution_deadline"))
        case EventKind.FORWARDED:
            history.lead_agency, history.coordinating_agencies = data["lead_agency"], data["coordinating_agencies"]
            history.forwarded_at = event.at
            history.resolution_deadline = _instant(data["resolution_deadline"])
        case EventKind.REFUSED:
            history.refusals.append(data["agency"])
            history.lead_agency, history.coordinating_agencies = None, []
            history.returned_at, history.resolution_deadline = event.at, None
        case EventKind.EXTENSION_GRANTED | EventKind.RETURNED_FOR_REWORK:
            history.resolution_deadline = _instant(data["resolution_deadline"])
        case EventKind.RESOLVED:
            history.resolved_at = event.at
        case EventKind.CLOSED:
            history.closed_at = event.at
        case EventKind.REMINDER:
            history.reminders += 1
        case EventKind.REMINDER_MISSED:
            history.reminders_missed += 1
        case EventKind.OVERDUE:
            history.overdue_steps.append(data["step"])


def _instant(value: str | None) -> datetime.datetime | None:
    return parse_datetime(value) if value else None
