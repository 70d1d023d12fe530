"""Generate a periodic report: compute its figures, write the PDF and XLSX, archive them, email the recipients.

Article 14.6b: the report goes to the province (REPORTS_RECIPIENTS) and is copied to the agencies concerned; each
agency forwarded an alert in the period gets the report of its own alerts, at its focal persons' and leader's emails.

Generating a period again (on demand) replaces its files and figures: the archive keeps one report per period.
"""

import datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone

from agencies.models import Agency
from indicators import figures as indicator_figures
from reports import figures, pdf, xlsx
from reports.content import ReportContent
from reports.models import Report
from reports.periods import bounds, instants

if TYPE_CHECKING:
    from accounts.models import User


def content_for(kind: str, first: datetime.date) -> ReportContent:
    """The report's content for the kind's period holding first."""
    first, last = bounds(kind, first)
    start, end = instants(first, last)
    handling = figures.alert_handling(start, end)
    feeds = figures.data_feeds(start, end)
    indicators = indicator_figures.table(last + datetime.timedelta(days=1))
    return ReportContent(kind, first, last, handling, feeds, indicators)


def agency_contents(content: ReportContent) -> list[tuple[Agency, ReportContent]]:
    """For each agency forwarded alerts in the period, the report of its own alerts (no feeds, no indicators)."""
    start, end = instants(content.first, content.last)
    by_code = figures.alerts_by_agency(start, end)
    agencies = Agency.objects.filter(code__in=by_code).order_by("name")
    return [
        (agency, ReportContent(content.kind, content.first, content.last,
                               figures.alert_handling(start, end, by_code[agency.code]), [], [], agency=agency.name))
        for agency in agencies
    ]  # fmt: skip


def generate(
    kind: str, first: datetime.date, trigger: str = Report.Trigger.ON_DEMAND, user: "User | None" = None
) -> Report:
    """Compute, write and archive the report of the period; email it to REPORTS_RECIPIENTS."""
    content = content_for(kind, first)
    pdf_bytes, xlsx_bytes = pdf.build(content), xlsx.build(content)
    name = f"bao-cao-{kind}-{content.first:%Y-%m-%d}"
    with transaction.atomic():
        report = Report.objects.select_for_update().filter(kind=kind, period_start=content.first).first() or Report(
            kind=kind, period_start=content.first
        )
        report.period_end, report.generated_at, report.trigger = content.last, timezone.now(), trigger
        report.generated_by = user
        sent_to_agencies = _email_agencies(content, name)
        report.figures = {
            "handling": content.handling.as_dict(), "summary": content.summary(), "agencies_sent": sent_to_agencies,
        }  # fmt: skip
        report.pdf.save(f"{name}.pdf", ContentFile(pdf_bytes), save=False)
        report.xlsx.save(f"{name}.xlsx", ContentFile(xlsx_bytes), save=False)
        report.emailed_to = _email(content, name, pdf_bytes, xlsx_bytes) + [
            address for addresses in sent_to_agencies.values() for address in addresses
        ]
        report.save()
    return report


def _email(content: ReportContent, name: str, pdf_bytes: bytes, xlsx_bytes: bytes) -> list[str]:
    recipients = list(settings.REPORTS_RECIPIENTS)
    if not recipients:
        return []
    message = EmailMessage(content.title, content.summary(), to=recipients)
    message.attach(f"{name}.pdf", pdf_bytes, "application/pdf")
    message.attach(f"{name}.xlsx", xlsx_bytes, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    message.send()
    return recipients


def _email_agencies(content: ReportContent, name: str) -> dict[str, list[str]]:
    """Email each agency concerned the report of its own alerts; return the addresses by agency code ([] when it
    has no email on record: nobody there can receive it, and the figures say so)."""
    sent: dict[str, list[str]] = {}
    for agency, own in agency_contents(content):
        contacts = [*agency.alert_recipients(), agency.leader()]
        addresses = sorted({contact.email for contact in contacts if contact is not None and contact.email})
        sent[agency.code] = addresses
        if not addresses:
            continue
        message = EmailMessage(own.title, own.summary(), to=addresses)
        message.attach(f"{name}-{agency.code}.pdf", pdf.build(own), "application/pdf")
        message.attach(f"{name}-{agency.code}.xlsx", xlsx.build(own),
                       "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")  # fmt: skip
        message.send()
    return sent


def due_reports(today: datetime.date) -> list[tuple[str, datetime.date]]:
    """The reports the schedule wants now and the archive lacks: last week's, last month's (from
    REPORTS_MONTHLY_DAY, before the 30th), last quarter's."""
    wanted = [("weekly", today - datetime.timedelta(days=7))]
    if today.day >= settings.REPORTS_MONTHLY_DAY:
        wanted.append(("monthly", today.replace(day=1) - datetime.timedelta(days=1)))
        wanted.append(("quarterly", bounds("quarterly", today)[0] - datetime.timedelta(days=1)))
    due = []
    for kind, day in wanted:
        first, _last = bounds(kind, day)
        if not Report.objects.filter(kind=kind, period_start=first).exists():
            due.append((kind, first))
    return due
