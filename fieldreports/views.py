"""Public pages of field reports: send a report, follow it by its tracking code, nearby open reports, photos."""

import re
from typing import Any

from django.conf import settings
from django.contrib.gis.db.models.functions import Distance
from django.contrib.gis.geos import Point
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import FileResponse, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts.models import User
from accounts.permissions import has_permission
from alerts import api as alerts
from core.client_ip import client_ip
from core.errors import InvalidInput, IOCError, NotFound
from core.images import FORMATS, without_metadata
from core.numbers import NotANumber
from fieldreports.choices import Channel, PublicStatus
from fieldreports.handling import submit_report
from fieldreports.models import FieldReport, ReportCategory, ReportPhoto, normalize_tracking_code
from fieldreports.page_config import form_categories, page_config, split_full_name, web_attributes
from fieldreports.status import public_result, public_view, result_photos
from fieldreports.submission import find_category, problem_items, read_degrees, read_submission
from gis_core.srs import WGS84

NEARBY_LIMIT = 10
FORMAT_OF_TYPE = {content_type: name for name, (_extension, content_type) in FORMATS.items()}
TOO_BIG = (RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent)


@require_http_methods(["GET", "POST"])
def new_report(request: HttpRequest) -> HttpResponse:
    """The public form; IOC staff also enter voters' petitions and reports taken by phone here."""
    staff = has_permission(request.user, "fieldreports.enter_petitions")
    if request.method == "GET":
        return _form(request, staff)
    try:
        submission = read_submission(request.POST, Channel.STAFF if staff else Channel.WEB)
        submission.attributes = web_attributes(request.POST, submission.service_code)
        contact = submission.contact
        contact.first_name, contact.last_name = split_full_name(request.POST.get("full_name", ""))
        report = submit_report(submission, request.FILES.getlist("media"), ip=client_ip(request),
                               actor=request.user if staff and isinstance(request.user, User) else None)  # fmt: skip
    except TOO_BIG:
        message = _("The form is too large: attach at most %(n)d photos of %(mb)d MB each.") % {
            "n": settings.FIELDREPORTS_MAX_PHOTOS,
            "mb": settings.FIELDREPORTS_PHOTO_MAX_BYTES // 2**20,
        }
        return _form(request, staff, [{"field": "media", "message": message}], status=400, sent=False)
    except IOCError as error:
        return _form(request, staff, problem_items(error), status=error.status)
    return redirect(reverse("fieldreports:track", args=[report.tracking_code]) + "?sent=1")


def _form(request: HttpRequest, staff: bool, problems: list[dict[str, str]] | None = None, status: int = 200,
          sent: bool = True) -> HttpResponse:  # fmt: skip
    """The form, filled again with what was sent (sent=False when the body could not be read)."""
    categories = ReportCategory.objects.active() if staff else ReportCategory.objects.public()
    values: Any = request.POST if request.method == "POST" and sent else {}
    context: dict[str, Any] = {
        "categories": form_categories(categories.prefetch_related("attributes"), values),
        "staff": staff,
        "problems": problems or [],
        "fields_in_error": {problem.get("field", "") for problem in problems or []},
        "values": values,
        "fr_config": page_config(),
    }
    return render(request, "fieldreports/new.html", context, status=status)


@require_GET
def track_lookup(request: HttpRequest) -> HttpResponse:
    """Go from a typed tracking code to its page."""
    code = normalize_tracking_code(request.GET.get("code", ""))
    if not code:
        return render(request, "fieldreports/track_lookup.html", {})
    return redirect("fieldreports:track", code=code)


@require_GET
def track(request: HttpRequest, code: str) -> HttpResponse:
    """The public status page of one report: status, public answer or reason, agency; never the contact."""
    report = (
        FieldReport.objects.select_related("category", "unit", "alert__lead_agency", "merged_into__alert")
        .filter(tracking_code=normalize_tracking_code(code))
        .first()
    )
    if report is None:
        context = {"code": code[:20], "not_found": True}
        return render(request, "fieldreports/track_lookup.html", context, status=404)
    view = public_view(report)
    context = {
        "report": report,
        "view": view,
        "result": public_result(view),
        "photos": report.photos.order_by("position"),
        "sent": request.GET.get("sent") == "1",
    }
    return render(request, "fieldreports/track.html", context)


@require_GET
def nearby(request: HttpRequest) -> JsonResponse:
    """Open reports of the category near a position (before sending): public fields only."""
    category = find_category(request.GET.get("service_code", "").strip(),
                             staff=has_permission(request.user, "fieldreports.enter_petitions"))  # fmt: skip
    point = _point(request.GET.get("lat", ""), request.GET.get("long", ""))
    reports = FieldReport.objects.nearby_open(category, point).select_related("category", "alert")
    reports = reports.annotate(distance=Distance("geom", point))[:NEARBY_LIMIT]
    items = [_nearby_item(report) for report in reports]
    body = {"count": len(items), "reports": items}
    return JsonResponse(body, json_dumps_params={"ensure_ascii": False})


def _point(lat: str, long: str) -> Point:
    """The position asked about, read as the report form reads it (core.numbers: 12,2388 and 12.2388 alike)."""
    y, x = _degrees(lat, "lat"), _degrees(long, "long")
    if not (-90 <= y <= 90 and -180 <= x <= 180):
        raise InvalidInput(_("lat must lie between -90 and 90 and long between -180 and 180."))
    return Point(x, y, srid=WGS84)


def _degrees(raw: str, name: str) -> float:
    try:
        return read_degrees(raw)
    except NotANumber as exc:
        if not re.search(r"\d", raw, re.ASCII):  # no digits at all: nothing to say about separators
            raise InvalidInput(
                _("Give lat and long in degrees, e.g. lat=12.2388&long=109.1967."), parameter=name
            ) from None
        raise InvalidInput(
            _("%(name)s is not a number of degrees: %(reason)s") % {"name": name, "reason": exc.message}, parameter=name
        ) from None


def _nearby_item(report: FieldReport) -> dict[str, Any]:
    view = public_view(report)
    return {
        "tracking_code": report.tracking_code,
        "url": reverse("fieldreports:track", args=[report.tracking_code]),
        "category": report.category.display_name,
        "status": view.status.value,
        "status_label": view.status_label,
        "submitted_at": report.submitted_at.isoformat(),
        "distance_m": round(report.distance.m),  # type: ignore[attr-defined]
        "description": report.description[:200],
        "reporters": view.reporters,
    }


@require_GET
def result_photo(request: HttpRequest, code: str, name: str) -> HttpResponse:
    """A photo of a resolved report's result, re-encoded without metadata (evidence may keep its GPS tags)."""
    found = FieldReport.objects.filter(tracking_code=normalize_tracking_code(code)).first()
    if found is None or public_view(found).status != PublicStatus.RESOLVED:
        raise NotFound(_("No such photo."))
    item = result_photos(found.followed).filter(name=name).first()
    if item is None:
        raise NotFound(_("No such photo."))
    thumb = bool(request.GET.get("thumbnail")) and bool(item.thumbnail)
    with alerts.open_evidence(item, thumb) as stored:
        content = stored.read()
    if thumb:
        body, content_type = content, "image/jpeg"  # thumbnails are written without metadata
    else:
        body, content_type = without_metadata(content, FORMAT_OF_TYPE[item.content_type])[0], item.content_type
    response = HttpResponse(body, content_type=content_type)
    response["Cache-Control"] = "public, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_GET
def photo(request: HttpRequest, name: str) -> FileResponse:
    """A stored photo, by its random name, with the type found from its content when it was checked."""
    item = ReportPhoto.objects.filter(name=name).first()
    if item is None:
        raise NotFound(_("No such photo."))
    response = FileResponse(item.file.open("rb"), content_type=item.content_type)
    response["Cache-Control"] = "public, max-age=86400"
    response["X-Content-Type-Options"] = "nosniff"
    return response
