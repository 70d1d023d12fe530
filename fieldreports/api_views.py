"""The operators' API of field reports under /api/v1/field-reports: a report with its likely duplicates, merging,
the public answer and the refusal with its public reason. The alert's own steps stay in /api/v1/alerts."""

from typing import Any

from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.permissions import acting_user, has_permission, login_or_token_required, require_permission
from audit.log import record
from audit.models import Kind
from core.errors import InvalidInput, NotFound
from core.json_body import read_json_object
from fieldreports import handling
from fieldreports.models import FieldReport
from fieldreports.open311_documents import w3
from fieldreports.status import public_view


def _json(body: dict[str, Any], status: int = 200) -> JsonResponse:
    return JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})


def _body(request: HttpRequest) -> dict[str, Any]:
    return read_json_object(request)


def _report(pk: int) -> FieldReport:
    report = FieldReport.objects.select_related("category", "alert", "unit", "merged_into").filter(pk=pk).first()
    if report is None:
        raise NotFound(_("No field report #%(id)s.") % {"id": pk})
    return report


def report_dict(report: FieldReport, *, with_contact: bool) -> dict[str, Any]:
    """A report for IOC staff: the public view plus the alert, the duplicates and, when allowed, the contact."""
    view = public_view(report)
    body: dict[str, Any] = {
        "id": report.pk,
        "tracking_code": report.tracking_code,
        "service_code": report.category.service_code,
        "channel": report.channel,
        "alert": report.alert_id,
        "alert_state": report.alert.state,
        "public_status": view.status.value,
        "status_notes": view.notes,
        "merged_into": report.merged_into.tracking_code if report.merged_into is not None else None,
        "merged_reports": list(report.merged_reports.values_list("tracking_code", flat=True)),
        "submitted_at": w3(report.submitted_at),
        "lat": report.geom.y if report.geom is not None else None,
        "long": report.geom.x if report.geom is not None else None,
        "unit": report.unit.code if report.unit is not None else None,
        "address": report.address,
        "description": report.description,
        "attributes": report.attributes,
        "likely_duplicates": [_duplicate(item) for item in report.likely_duplicates().select_related("alert")],
    }
    if with_contact:
        contact = getattr(report, "contact", None)
        body["contact"] = None if contact is None else {
            "first_name": contact.first_name, "last_name": contact.last_name, "email": contact.email,
            "phone": contact.phone, "device_id": contact.device_id, "account_id": contact.account_id,
        }  # fmt: skip
    return body


def _duplicate(report: FieldReport) -> dict[str, Any]:
    return {"id": report.pk, "tracking_code": report.tracking_code, "alert": report.alert_id,
            "alert_state": report.alert.state, "submitted_at": w3(report.submitted_at)}  # fmt: skip


@require_GET
@login_or_token_required
def report_detail(request: HttpRequest, pk: int) -> JsonResponse:
    """A report with its likely duplicates (operators and agency officers who see its alert)."""
    user = acting_user(request)
    report = _report(pk)
    require_permission(user, "alerts.view", report)
    with_contact = has_permission(user, "fieldreports.view_contacts")
    if with_contact and getattr(report, "contact", None) is not None:
        record(Kind.CONTACTS_VIEWED, request=request, user=user, target=report.tracking_code)
    return _json(report_dict(report, with_contact=with_contact))


@require_POST
@login_or_token_required
def merge(request: HttpRequest, pk: int) -> JsonResponse:
    """Merge the listed reports into this one: {"duplicates": [ids], "reason": "…"}."""
    user = acting_user(request)
    body = _body(request)
    ids = body.get("duplicates")
    if not isinstance(ids, list) or not all(isinstance(item, int) for item in ids):
        raise InvalidInput(_("'duplicates' must be a list of report ids, e.g. [12, 15]."))
    duplicates = list(FieldReport.objects.filter(pk__in=ids))
    missing = sorted(set(ids) - {report.pk for report in duplicates})
    if missing:
        raise NotFound(_("No field report #%(ids)s.") % {"ids": ", #".join(map(str, missing))})
    reason = body.get("reason", "")
    root = handling.merge_reports(_report(pk), duplicates, user, reason if isinstance(reason, str) else "")
    return _json(report_dict(_report(root.pk), with_contact=False))


@require_POST
@login_or_token_required
def answer(request: HttpRequest, pk: int) -> JsonResponse:
    """Publish the public answer: {"text": "…"}."""
    user = acting_user(request)
    report = handling.publish_answer(_report(pk), user, _body(request).get("text", ""))
    return _json(report_dict(_report(report.pk), with_contact=False))


@require_POST
@login_or_token_required
def refuse(request: HttpRequest, pk: int) -> JsonResponse:
    """Reject the report's alert with a public reason: {"public_reason": "…", "reason": "internal, optional"}."""
    user = acting_user(request)
    body = _body(request)
    reason = body.get("reason", "")
    report = handling.refuse_report(_report(pk), user, body.get("public_reason", ""),
                                    reason if isinstance(reason, str) else "")  # fmt: skip
    return _json(report_dict(_report(report.pk), with_contact=False))
