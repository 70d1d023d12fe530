"""What the alert pages show of the field reports behind an alert: the reports, the citizens' photos and, only for
staff holding fieldreports.view_contacts, the reporter's contact (Decree 13/2023/NĐ-CP).

An alert's reports are the one that raised it and those merged into that one; their photos are served by the
alert's own permission-checked view (alerts.views.report_photo), never by the public photo address. The alert pages
read them through AlertReports, which FieldReportsConfig.ready adds to alerts' report sources.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q

from accounts.models import User
from accounts.permissions import has_permission
from alerts.api import ReportSource
from audit.log import record
from audit.models import Kind
from fieldreports.models import FieldReport, ReportContact, ReportPhoto


@dataclass
class StaffReport:
    """A report as the alert's page shows it; contact is None for those who may not see it or when none was given."""

    report: FieldReport
    photos: list[ReportPhoto]
    contact: ReportContact | None


def _of_alerts(alert_ids: Iterable[int]) -> Q:
    ids = list(alert_ids)
    return Q(alert_id__in=ids) | Q(merged_into__alert_id__in=ids)


def _followed_alert_id(report: FieldReport) -> int:
    return report.merged_into.alert_id if report.merged_into is not None else report.alert_id


def reports_of_alert(alert_id: int, user: User) -> list[StaffReport]:
    """The alert's field reports, oldest first, with their photos; contacts only for those allowed."""
    may_contact = has_permission(user, "fieldreports.view_contacts")
    reports = (
        FieldReport.objects.filter(_of_alerts([alert_id]))
        .select_related("category", "merged_into", "contact")
        .prefetch_related("photos")
        .order_by("submitted_at", "pk")
    )
    found = []
    for report in reports:
        contact = getattr(report, "contact", None) if may_contact else None
        visible_contact = contact if contact is not None and not contact.is_empty else None
        found.append(StaffReport(report, list(report.photos.all()), visible_contact))
    shown = [item.report.tracking_code for item in found if item.contact is not None]
    if shown:  # personal data seen by staff (Decree 13/2023/NĐ-CP): one audit entry per page view
        record(Kind.CONTACTS_VIEWED, user=user, target=f"#{alert_id}", details={"reports": shown})
    return found


def photos_by_alert(alert_ids: Iterable[int]) -> dict[int, list[ReportPhoto]]:
    """The citizens' photos of each alert (its own report's and those merged into it), in one query."""
    photos = (
        ReportPhoto.objects.filter(report__in=FieldReport.objects.filter(_of_alerts(alert_ids)))
        .select_related("report__merged_into")
        .order_by("report__submitted_at", "report_id", "position")
    )
    found: dict[int, list[ReportPhoto]] = {}
    for photo in photos:
        found.setdefault(_followed_alert_id(photo.report), []).append(photo)
    return found


def photo_of_alert(alert_id: int, name: str) -> ReportPhoto | None:
    """The photo of that name if it belongs to one of the alert's reports, else None."""
    return ReportPhoto.objects.filter(name=name, report__in=FieldReport.objects.filter(_of_alerts([alert_id]))).first()


class AlertReports(ReportSource):
    """The field reports behind alerts, for the alert pages (alerts.api.REPORT_SOURCES)."""

    def reports_of_alert(self, alert_id: int, user: User) -> list[StaffReport]:
        return reports_of_alert(alert_id, user)

    def photos_by_alert(self, alert_ids: list[int]) -> dict[int, list[ReportPhoto]]:
        return photos_by_alert(alert_ids)

    def photo_of_alert(self, alert_id: int, name: str) -> ReportPhoto | None:
        return photo_of_alert(alert_id, name)
