"""What one transition records: events to append and the messages each one puts in the outbox."""

import datetime
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from alerts.choices import Audience, EventKind

if TYPE_CHECKING:
    from agencies.models import Agency
    from alerts.report_models import QuickReport


@dataclass(frozen=True)
class Notice:
    """A message to queue in the outbox; the courier (alerts.couriers) makes one message per recipient per channel."""

    audience: Audience
    subject: str
    body: str = ""
    agency: "Agency | None" = None
    report: "QuickReport | None" = None  # a quick report travels with it (as a PDF attachment by email)


@dataclass
class Record:
    """One event to append, with the messages it causes."""

    kind: EventKind
    reason: str = ""
    data: dict[str, Any] = field(default_factory=dict)
    notices: list[Notice] = field(default_factory=list)


@dataclass(frozen=True)
class PhoneCall:
    """A phone call the operator or the agency made (Appendix III, steps 2 and 3): who called whom, and when."""

    to: str
    summary: str = ""
    caller: str = ""
    at: datetime.datetime | None = None

    def as_dict(self) -> dict[str, str]:
        data = {"to": self.to, "summary": self.summary}
        if self.caller:
            data["caller"] = self.caller
        if self.at is not None:
            data["at"] = self.at.isoformat()
        return data
