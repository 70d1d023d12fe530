"""The documents of GeoReport v2, field for field and in the spec's order, from our categories and reports.

Reporters' contact fields (email, device_id, account_id, first_name, last_name, phone) are never written
here: the spec's responses have no place for them but account_id, which stays empty (Decree 13/2023).
"""

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from fieldreports.models import FieldReport, ReportCategory
from fieldreports.status import public_view

SERVICE_TYPE = "realtime"  # the service_request_id comes back at once
COORD_DECIMALS = 6


def w3(instant: Any) -> str | None:
    """A w3 date-time with the offset, in the province's time zone (e.g. 2026-02-13T09:00:00+07:00)."""
    return timezone.localtime(instant).isoformat(timespec="seconds") if instant else None


def service(category: ReportCategory) -> dict[str, Any]:
    """One entry of GET services."""
    return {
        "service_code": category.service_code,
        "service_name": category.display_name,
        "description": category.display_description or None,
        "metadata": category.attributes.exists(),
        "type": SERVICE_TYPE,
        "keywords": category.keywords or None,
        "group": category.group or None,
    }


def service_definition(category: ReportCategory) -> dict[str, Any]:
    """GET services/{service_code}: the questions (attributes) of the category."""
    attributes = []
    for question in category.attributes.order_by("order"):
        attribute: dict[str, Any] = {
            "variable": question.variable,
            "code": question.code,
            "datatype": question.datatype,
            "required": question.required,
            "datatype_description": question.datatype_description or None,
            "order": question.order,
            "description": question.display_description,
        }
        if question.choices():
            attribute["values"] = [{"key": key, "name": name} for key, name in question.choices()]
        attributes.append(attribute)
    return {"service_code": category.service_code, "attributes": attributes}


def created(report: FieldReport) -> dict[str, Any]:
    """The answer to POST requests: the new id and what to expect; no token (realtime), no account_id."""
    return {
        "service_request_id": str(report.pk),
        "service_notice": report.category.display_notice or None,
        "account_id": None,
    }


def token(report: FieldReport, raw_token: str) -> dict[str, Any]:
    """GET tokens/{token}: the tracking code given on our page doubles as the Open311 token."""
    return {"service_request_id": str(report.pk), "token": raw_token}


def service_request(report: FieldReport, request: HttpRequest) -> dict[str, Any]:
    """One entry of GET requests and GET requests/{id}, from the report's public view only."""
    view = public_view(report)
    lon, lat = (report.geom.x, report.geom.y) if report.geom is not None else (None, None)
    return {
        "service_request_id": str(report.pk),
        "status": report.open311_status,
        "status_notes": view.notes or None,
        "service_name": report.category.display_name,
        "service_code": report.category.service_code,
        "description": report.description or None,
        "agency_responsible": view.agency or None,
        "service_notice": report.category.display_notice or None,
        "requested_datetime": w3(report.submitted_at),
        "updated_datetime": w3(view.updated_at),
        "expected_datetime": w3(view.expected_at),
        "address": report.address or (report.unit.name if report.unit is not None else None),
        "address_id": None,
        "zipcode": None,
        "lat": round(lat, COORD_DECIMALS) if lat is not None else None,
        "long": round(lon, COORD_DECIMALS) if lon is not None else None,
        "media_url": media_url(report, request),
    }


def media_url(report: FieldReport, request: HttpRequest) -> str | None:
    """Our first stored photo, else the address the client gave."""
    photo = min(report.photos.all(), key=lambda item: item.position, default=None)  # prefetched in lists
    if photo is not None:
        return request.build_absolute_uri(reverse("fieldreports:photo", args=[photo.name]))
    return report.media_url or None
