"""Use cases of field reports that reach into the alerts app: file a report, merge duplicates, answer, refuse.

A report becomes an alert through the alerts intake (deadline procedure, source field_report, the category's
sector, the reported position): routing then proposes the unit's People's Committee and the sector's
competent agencies, and the procedure's steps run as for any alert. These functions are the only writers
of reports; each is one transaction.
"""

from typing import TYPE_CHECKING

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.permissions import has_permission
from alerts.api import AlertInput, Category, ProcedureName, Source, State, raise_alert
from core.errors import Conflict, Forbidden, InvalidInput, NotAuthenticated
from fieldreports import ratelimit
from fieldreports.choices import Channel
from fieldreports.models import FieldReport, ReportContact, ReportPhoto
from fieldreports.photos import CleanPhoto, check_photos
from fieldreports.submission import CleanReport, Problems, Submission, clean, problem_items

if TYPE_CHECKING:
    from django.core.files.uploadedfile import UploadedFile

    from accounts.models import User
    from alerts.api import Alert

TITLE_EXCERPT = 120
# An alert the IOC has not yet sent on can be closed as a duplicate; later, the agency already holds it.
MERGEABLE_STATES = frozenset({State.NEW, State.VERIFIED, State.RETURNED})


def submit_report(
    submission: Submission, photos: list["UploadedFile"], *, ip: str = "", actor: "User | None" = None
) -> FieldReport:
    """Check the submission and its photos, apply the abuse limits, then write the report and raise its alert."""
    staff = submission.channel == Channel.STAFF
    if staff and not has_permission(actor, "fieldreports.enter_petitions"):
        raise Forbidden(_("Only IOC staff enter reports on someone's behalf and voters' petitions."))
    problems = Problems()
    try:
        report = clean(submission, staff=staff)
    except InvalidInput as exc:
        problems.items.extend(problem_items(exc))
        check_photos(photos, problems)  # report every problem at once
        problems.raise_if_any()
        raise
    clean_photos = check_photos(photos, problems)
    problems.raise_if_any()
    reservation = ratelimit.reserve([] if staff else ratelimit.buckets(ip, report.contact, report.client))
    try:
        return _write(report, clean_photos, actor if staff else None)
    except BaseException:
        reservation.release()
        raise


def _write(report: CleanReport, photos: list[CleanPhoto], actor: "User | None") -> FieldReport:
    stored: list[str] = []
    try:
        with transaction.atomic():
            code = _unused_tracking_code()
            now = timezone.now()
            alert, _created = raise_alert(_alert_input(report, code, photos), actor)
            saved = FieldReport.objects.create(
                tracking_code=code, category=report.category, channel=report.channel, client=report.client,
                geom=report.point, address=report.address, unit=report.unit, description=report.description,
                attributes=report.attributes, media_url=report.media_url, alert=alert, submitted_at=now,
            )  # fmt: skip
            if not report.contact.is_empty:
                ReportContact.objects.create(
                    report=saved, consent_at=now if report.consent else None, **report.contact.as_dict()
                )
            for position, photo in enumerate(photos, start=1):
                _store_photo(saved, photo, position, stored)
            if report.client is not None:
                type(report.client).objects.filter(pk=report.client.pk).update(last_used_at=now)
    except BaseException:
        for name in stored:  # the files are not part of the transaction
            default_storage.delete(name)
        raise
    return saved


def _unused_tracking_code() -> str:
    for _attempt in range(5):
        code = FieldReport.new_tracking_code()
        if not FieldReport.objects.filter(tracking_code=code).exists():
            return code
    raise Conflict(_("Could not draw a free tracking code; send the report again."))


def _alert_input(report: CleanReport, code: str, photos: list[CleanPhoto]) -> AlertInput:
    name = report.category.name
    excerpt = report.description.splitlines()[0][:TITLE_EXCERPT] if report.description else ""
    details = {
        "field_report": {
            "tracking_code": code, "service_code": report.category.service_code, "channel": report.channel,
            "address": report.address, "attributes": report.attributes, "photos": len(photos),
            "media_url": report.media_url,
        }
    }  # fmt: skip
    return AlertInput(
        title=f"{name}: {excerpt}" if excerpt else name, source=Source.FIELD_REPORT, category=Category.OTHER,
        sector=report.category.sector, geom=report.point, description=report.description, details=details,
        procedure=ProcedureName.DEADLINE, external_ref=f"field-report:{code}", observed_at=timezone.now(),
    )  # fmt: skip


def _store_photo(report: FieldReport, photo: CleanPhoto, position: int, stored: list[str]) -> None:
    """Write the photo file (noting its name in `stored` at once, so a failed row save can remove it) and its row."""
    item = ReportPhoto(
        report=report, name=photo.new_name(), content_type=photo.content_type, width=photo.width,
        height=photo.height, size_bytes=len(photo.content), sha256=photo.sha256, exif_kept=photo.exif_kept,
        position=position,
    )  # fmt: skip
    item.file.save(item.name, ContentFile(photo.content), save=False)
    stored.append(item.file.name or "")
    item.save()


def photo_path(photo: ReportPhoto) -> str:
    return reverse("fieldreports:photo", args=[photo.name])


# ---- The operator and the agency ------------------------------------------------------------------------------


def merge_reports(primary: FieldReport, duplicates: list[FieldReport], actor: "User", reason: str = "") -> FieldReport:
    """Merge duplicates into the primary report: their alerts close as duplicates, their reporters follow it."""
    _require(actor, "fieldreports.merge", _("Only IOC operators merge reports."))
    if not duplicates:
        raise InvalidInput(_("Choose at least one report to merge into %(code)s.") % {"code": primary.tracking_code})
    with transaction.atomic():
        root = FieldReport.objects.select_for_update().get(pk=primary.followed.pk)
        merged = []
        for duplicate in duplicates:
            locked = FieldReport.objects.select_for_update().select_related("alert").get(pk=duplicate.pk)
            if locked.pk == root.pk or locked.merged_into_id == root.pk:
                raise InvalidInput(_("Report %(code)s is already the report kept, or merged into it.")
                                   % {"code": locked.tracking_code})  # fmt: skip
            _close_duplicate(locked, root, actor, reason)
            merged.append(locked.tracking_code)
        note = _("Merged into this report: %(codes)s.") % {"codes": ", ".join(merged)}
        if root.alert.is_open:
            root.alert.add_note(actor, f"{note} {reason}".strip())
    root.refresh_from_db()
    return root


def _close_duplicate(report: FieldReport, root: FieldReport, actor: "User", reason: str) -> None:
    alert: Alert = report.alert
    if alert.is_open and alert.state not in MERGEABLE_STATES:
        raise Conflict(
            _("Report %(code)s is already with the agency (alert #%(alert)s is '%(state)s'); it cannot be merged "
              "any more. Merge the others into it instead.")
            % {"code": report.tracking_code, "alert": alert.pk, "state": alert.get_state_display()}
        )  # fmt: skip
    if alert.is_open:
        why = _("Duplicate of field report %(code)s (alert #%(alert)s).") % {
            "code": root.tracking_code,
            "alert": root.alert_id,
        }
        alert.reject(actor, f"{why} {reason}".strip())
    now = timezone.now()
    FieldReport.objects.filter(merged_into=report).update(merged_into=root)  # those merged into it follow too
    report.merged_into, report.merged_at, report.merged_by = root, now, actor
    report.save(update_fields=["merged_into", "merged_at", "merged_by", "updated_at"])


def publish_answer(report: FieldReport, actor: "User", text: str) -> FieldReport:
    """Write the answer the public reads (the operator, or an officer of the agency handling the report)."""
    target = report.followed
    _require(actor, "fieldreports.answer", _("Only IOC operators and the agency handling the report answer it."),
             target)  # fmt: skip
    answer = text.strip() if isinstance(text, str) else ""
    if not answer:
        raise InvalidInput(_("Write the answer the reporter and the public will read."))
    with transaction.atomic():
        locked = FieldReport.objects.select_for_update().select_related("alert").get(pk=target.pk)
        locked.public_answer, locked.public_answer_at, locked.public_answer_by = answer, timezone.now(), actor
        locked.save(update_fields=["public_answer", "public_answer_at", "public_answer_by", "updated_at"])
        if locked.alert.is_open:  # the alert's log keeps the trace while the procedure runs
            locked.alert.add_note(actor, _("Public answer published: %(answer)s") % {"answer": answer})
    return locked


def refuse_report(report: FieldReport, actor: "User", public_reason: str, reason: str = "") -> FieldReport:
    """Reject the report's alert (step 1) and give the public the reason written for it."""
    public_reason = public_reason.strip() if isinstance(public_reason, str) else ""
    if not public_reason:
        raise InvalidInput(_("Give the reason the reporter and the public will read."))
    target = report.followed
    with transaction.atomic():
        locked = FieldReport.objects.select_for_update().select_related("alert").get(pk=target.pk)
        locked.alert.reject(actor, (reason or "").strip() or public_reason)
        locked.public_reason = public_reason
        locked.save(update_fields=["public_reason", "updated_at"])
    return locked


def _require(actor: "User | None", perm: str, message: str, obj: object = None) -> None:
    if actor is None or not actor.is_authenticated:
        raise NotAuthenticated(_("Sign in to act on field reports."))
    if not has_permission(actor, perm, obj):
        raise Forbidden(message)
