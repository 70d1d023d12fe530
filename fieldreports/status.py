"""What the public may know of a report: status, public answer or reason, agency, dates — never the contact.

The public page, the nearby list and the Open311 documents all read a report through public_view(), so the
line between public and private is drawn once.
"""

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from alerts.api import AlertEvent, EventKind, Evidence, State
from fieldreports.choices import PublicStatus
from fieldreports.models import FieldReport

if TYPE_CHECKING:
    from django.db.models import QuerySet

AGENCY_STATES = frozenset({State.FORWARDED, State.IN_PROGRESS, State.RESOLVED, State.CLOSED})


@dataclass
class PublicView:
    """A report as the public sees it."""

    report: FieldReport
    followed: FieldReport
    status: PublicStatus
    notes: str
    agency: str
    expected_at: datetime.datetime | None
    updated_at: datetime.datetime

    @property
    def status_label(self) -> str:
        return str(self.status.label)

    @property
    def reporters(self) -> int:
        """How many people follow this handling: the followed report's reporter and those merged into it."""
        return 1 + self.followed.merged_reports.count()

    @property
    def is_closed(self) -> bool:
        return self.status in (PublicStatus.RESOLVED, PublicStatus.REFUSED)


@dataclass
class PublicResult:
    """The result the agency reported and the IOC confirmed: its text, when, and the photos that prove it."""

    text: str
    at: datetime.datetime
    photos: list[Evidence]


def public_result(view: PublicView) -> PublicResult | None:
    """The confirmed result of a resolved report: the last result reported before closing, with its photos."""
    if view.status != PublicStatus.RESOLVED:
        return None
    event = _last_results(view.followed).first()
    if event is None:
        return None
    return PublicResult(text=event.reason, at=event.at, photos=list(result_photos(view.followed)))


def result_photos(followed: FieldReport) -> "QuerySet[Evidence]":
    """The photos attached to the followed alert's last reported result (PDFs stay internal)."""
    last = _last_results(followed)[:1]
    return Evidence.objects.filter(event__in=last, kind=Evidence.Kind.IMAGE).order_by("uploaded_at", "id")


def _last_results(followed: FieldReport) -> "QuerySet[AlertEvent]":
    """The followed alert's reported results, last first (a result returned for rework is followed by another)."""
    return AlertEvent.objects.filter(alert_id=followed.alert_id, kind=EventKind.RESOLVED).order_by("-seq")


def public_view(report: FieldReport) -> PublicView:
    """Read the report and the alert it follows into what may be shown to anyone."""
    followed = report.followed
    alert = followed.alert
    status = report.public_status
    lead = alert.lead_agency if alert.state in AGENCY_STATES and alert.lead_agency_id else None
    updated = max(report.updated_at, followed.updated_at, alert.updated_at)
    expected = (
        alert.resolution_deadline if status == PublicStatus.IN_PROGRESS or alert.state == State.FORWARDED else None
    )
    return PublicView(
        report=report, followed=followed, status=status, notes=status_notes(followed, status),
        agency=lead.name if lead is not None else "", expected_at=expected, updated_at=updated,
    )  # fmt: skip


def status_notes(followed: FieldReport, status: PublicStatus) -> str:
    """The words shown beside the status: the public reason, the public answer, or what happens next."""
    if status == PublicStatus.REFUSED:
        return followed.public_reason or _("The report was not accepted for handling.")
    if followed.public_answer:
        return followed.public_answer
    if status == PublicStatus.RESOLVED:
        return _("The competent agency has handled the report and the IOC has confirmed the result.")
    if status == PublicStatus.IN_PROGRESS:
        return _("The competent agency has accepted the report and is handling it.")
    return _("The IOC has received the report and is checking it before sending it to the competent agency.")
