"""The query of GET requests: service_request_id, service_code, start_date, end_date, status, and its limits.

GeoReport v2: service_request_id (comma-delimited) overrides every other argument; the date range may not span
more than 90 days and defaults to the most recent 90; at most the first 1000 requests are returned.
"""

import datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from core.errors import InvalidInput
from fieldreports.models import FieldReport, FieldReportQuerySet, ReportCategory

if TYPE_CHECKING:
    from django.http import QueryDict

STATUSES = ("open", "closed")


def listed_reports() -> FieldReportQuerySet:
    """Reports the public API lists: those of public categories (voters' petitions are not Open311 requests)."""
    return (
        FieldReport.objects.filter(category__kind="public")
        .select_related("category", "unit", "alert__lead_agency", "merged_into__alert__lead_agency")
        .prefetch_related("photos")
        .order_by("-submitted_at", "-pk")
    )


def filter_requests(query: "QueryDict") -> FieldReportQuerySet:
    """Apply the GeoReport v2 filters, or raise InvalidInput naming the argument and its expected form."""
    reports = listed_reports()
    limit = settings.OPEN311_MAX_REQUESTS
    ids = _list(query, "service_request_id")
    if ids:
        return reports.filter(pk__in=[_id(value) for value in ids])[:limit]
    codes = _list(query, "service_code")
    if codes:
        known = set(ReportCategory.objects.public().filter(service_code__in=codes).values_list("service_code",
                                                                                                flat=True))  # fmt: skip
        unknown = [code for code in codes if code not in known]
        if unknown:
            raise InvalidInput(_("Unknown service_code: %(codes)s; see services.json.") % {"codes": ", ".join(unknown)})
        reports = reports.filter(category__service_code__in=codes)
    start, end = _date_range(query)
    reports = reports.filter(submitted_at__gte=start, submitted_at__lte=end)
    statuses = _list(query, "status")
    if statuses:
        wrong = [status for status in statuses if status not in STATUSES]
        if wrong:
            raise InvalidInput(_("status '%(value)s' is not open or closed.") % {"value": wrong[0][:20]})
        reports = reports.open311_status(set(statuses))
    return reports[:limit]


def _list(query: "QueryDict", name: str) -> list[str]:
    """Comma-delimited values, possibly given several times."""
    return [part.strip() for value in query.getlist(name) for part in value.split(",") if part.strip()]


def _id(value: str) -> int:
    if not value.isdigit() or len(value) > 18:
        raise InvalidInput(_("service_request_id '%(value)s' is not a request number.") % {"value": value[:30]})
    return int(value)


def _date_range(query: "QueryDict") -> tuple[datetime.datetime, datetime.datetime]:
    span = datetime.timedelta(days=settings.OPEN311_MAX_DAYS)
    start, end = _instant(query, "start_date"), _instant(query, "end_date")
    if start is None and end is None:
        end = timezone.now()
    if start is None:
        assert end is not None
        start = end - span
    if end is None:
        end = start + span
    if end < start:
        raise InvalidInput(_("end_date comes before start_date."))
    if end - start > span:
        raise InvalidInput(_("The range from start_date to end_date may span at most %(days)d days.")
                           % {"days": settings.OPEN311_MAX_DAYS})  # fmt: skip
    return start, end


def _instant(query: "QueryDict", name: str) -> datetime.datetime | None:
    raw = (query.get(name) or "").strip()
    if not raw:
        return None
    try:
        value = parse_datetime(raw.replace(" ", "+"))  # a '+' in a query string arrives as a space
    except ValueError:
        value = None
    if value is None or value.tzinfo is None:
        raise InvalidInput(_("%(name)s '%(value)s' is not a w3 date-time with its zone, e.g. 2026-01-01T00:00:00Z.")
                           % {"name": name, "value": raw[:40]})  # fmt: skip
    return value
