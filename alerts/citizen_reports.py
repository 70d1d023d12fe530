"""What an alert's pages show of the citizens' reports behind it, from the sources the apps above add.

An app holding such reports (fieldreports: the report that raised the alert and those merged into it, with their
photos) adds its ReportSource to REPORT_SOURCES from its AppConfig.ready, through alerts.api and core.registry; the
alert's page, the inbox cards and the photo view show what every source gives, so alerts never names those apps.
"""

from collections.abc import Iterable
from typing import Any

from accounts.models import User
from core.registry import load_class

# name -> dotted path of a ReportSource subclass.
REPORT_SOURCES: dict[str, str] = {}

# A report as alerts/includes/citizen_reports.html shows it (report, photos, contact), and a photo as the pages show
# and serve it (name, content_type, file): e.g. fieldreports.staff.StaffReport and fieldreports.models.ReportPhoto.
type CitizenReport = Any
type Photo = Any


class ReportSource:
    """The citizens' reports of alerts from one app; this base has none."""

    def reports_of_alert(self, alert_id: int, user: User) -> list[CitizenReport]:
        """Return the alert's reports as the user may see them, oldest first."""
        return []

    def photos_by_alert(self, alert_ids: list[int]) -> dict[int, list[Photo]]:
        """Return the photos of each alert, in the order they were sent."""
        return {}

    def photo_of_alert(self, alert_id: int, name: str) -> Photo | None:
        """Return the photo of that name if it belongs to the alert's reports, else None."""
        return None


def _sources() -> list[ReportSource]:
    return [load_class(REPORT_SOURCES, name, ReportSource, "report source")() for name in REPORT_SOURCES]


def reports_of_alert(alert_id: int, user: User) -> list[CitizenReport]:
    """The alert's citizens' reports from every source."""
    return [report for source in _sources() for report in source.reports_of_alert(alert_id, user)]


def photos_by_alert(alert_ids: Iterable[int]) -> dict[int, list[Photo]]:
    """The citizens' photos of each alert from every source."""
    ids = list(alert_ids)
    found: dict[int, list[Photo]] = {}
    for source in _sources():
        for alert_id, photos in source.photos_by_alert(ids).items():
            found.setdefault(alert_id, []).extend(photos)
    return found


def photo_of_alert(alert_id: int, name: str) -> Photo | None:
    """The photo of that name among the alert's citizens' reports, else None."""
    return next((photo for source in _sources() if (photo := source.photo_of_alert(alert_id, name)) is not None), None)
