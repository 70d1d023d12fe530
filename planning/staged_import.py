"""Plan imports from the web app: upload, dry run with its report, then confirm to apply exactly that file once.

The upload is kept under a random token in a private folder (never served: MEDIA_ROOT has no route) with its
SHA-256; confirming re-checks the digest, runs the same import for real and marks the upload applied, so a
second confirmation finds it applied and does nothing.
"""

import datetime
import hashlib
import re
import secrets
import shutil
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from core.errors import ImportFailed, NotFound
from gis_core import hints
from gis_core.importer import FORMATS, ImportReport
from imports import jobs
from imports.kinds import JobKind, JobResult
from imports.models import ImportJob
from layers.uploads import stored_problem, too_large, zip_problem
from planning.import_mapping import parse_mapping
from planning.models import Plan, StagedPlanImport
from planning.plan_import import PlanImportReport, import_plan_file

UPLOAD_SUFFIXES = {".gpkg", ".geojson", ".json", ".zip", ".dxf", ".kml"}
KEEP_UNCONFIRMED = datetime.timedelta(days=7)
_SAFE_NAME = re.compile(r"[^\w.-]+")


def staging_dir() -> Path:
    """The private folder of uploads waiting for confirmation."""
    return Path(settings.MEDIA_ROOT) / "planning-staged"


def staged_path(staged: StagedPlanImport) -> Path:
    """Where the staged upload's file is kept."""
    return staging_dir() / staged.token / staged.file_name


def upload_problem(upload: UploadedFile) -> str | None:
    """Why an uploaded plan file is refused before it is read, or None."""
    name = Path(upload.name or "").name
    suffix = Path(name).suffix.lower()
    if suffix not in UPLOAD_SUFFIXES:
        return _(
            "%(name)s: files of type %(suffix)s are not accepted; upload a GeoPackage, GeoJSON, KML, DXF, or a zip "
            "of a Shapefile or MapInfo TAB (%(formats)s)."
        ) % {"name": name, "suffix": suffix or _("(none)"), "formats": FORMATS}
    limit = settings.LAYERS_UPLOAD_MAX_BYTES
    if upload.size is not None and upload.size > limit:
        return too_large(name, upload.size, limit)
    return None


def stage(
    user: User, upload: UploadedFile, document: dict[str, Any], plan: Plan | None, skip_unknown_codes: bool
) -> StagedPlanImport:
    """Keep the upload under a new token and dry-run its import; on any problem keep nothing and raise ImportFailed."""
    if problem := upload_problem(upload):
        raise ImportFailed(problem)
    token = secrets.token_urlsafe(32)
    name = _SAFE_NAME.sub("_", Path(upload.name or "upload").name).lstrip(".") or "upload"
    folder = staging_dir() / token
    folder.mkdir(parents=True)
    try:
        _save(upload, folder / name)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return stage_file(user, folder / name, document, plan, skip_unknown_codes)


def stage_file(
    user: User, path: Path, document: dict[str, Any], plan: Plan | None, skip_unknown_codes: bool
) -> StagedPlanImport:
    """Dry-run the import of a file kept in its own token folder of staging_dir(); on a problem remove the folder."""
    _forget_expired()
    folder, name, token = path.parent, path.name, path.parent.name
    try:
        mapping = parse_mapping(document, "mapping")
        digest = _digest(path)
        if path.suffix.lower() == ".zip" and (problem := zip_problem(path)):
            raise ImportFailed(problem)
        with hints.using(hints.plan_form):  # messages name this page's fields, not the command's options
            summary, report = import_plan_file(
                path, mapping, plan=plan, skip_unknown_codes=skip_unknown_codes, dry_run=True
            )
        return StagedPlanImport.objects.create(
            token=token,
            uploaded_by=user,
            file_name=name,
            file_sha256=digest,
            plan=plan,
            mapping=document,
            skip_unknown_codes=skip_unknown_codes,
            report=report_data(summary, report),
        )
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise


def find(token: str, user: User) -> StagedPlanImport:
    """The user's staged upload with this token, or NotFound (another user's token finds nothing)."""
    staged = StagedPlanImport.objects.filter(token=token, uploaded_by=user).select_related("plan").first()
    if staged is None:
        raise NotFound(_("No upload waits under this address; it may have expired. Upload the file again."))
    return staged


@transaction.atomic
def confirm(token: str, user: User) -> tuple[StagedPlanImport, bool]:
    """Apply the staged file exactly as checked; return the upload and whether this call applied it."""
    staged = StagedPlanImport.objects.select_for_update().filter(token=token, uploaded_by=user).first()
    if staged is None:
        raise NotFound(_("No upload waits under this address; it may have expired. Upload the file again."))
    if staged.status == StagedPlanImport.Status.APPLIED:
        return staged, False
    path = staged_path(staged)
    if not path.is_file() or _digest(path) != staged.file_sha256:
        raise ImportFailed(_("The checked file is no longer there unchanged; upload it again."))
    summary, report = import_plan_file(
        path,
        parse_mapping(staged.mapping, "mapping"),
        plan=staged.plan,
        skip_unknown_codes=staged.skip_unknown_codes,
    )
    staged.status = StagedPlanImport.Status.APPLIED
    staged.applied_at = timezone.now()
    staged.applied_report = report_data(summary, report)
    staged.save(update_fields=["status", "applied_at", "applied_report"])
    folder = path.parent
    transaction.on_commit(lambda: shutil.rmtree(folder, ignore_errors=True))  # only once the lots are committed
    return staged, True


def report_data(summary: ImportReport, report: PlanImportReport) -> dict[str, Any]:
    """What the report page shows: the importer's counts and the plan checks."""
    return {
        "summary": summary.summary(),
        "read": summary.read,
        "repaired": summary.repaired,
        "reencoded": summary.reencoded,
        "source_crs": summary.source_crs,
        "lots": summary.created + summary.unchanged,
        **report.as_dict(),
    }


def _save(upload: UploadedFile, path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("wb") as handle:
        for chunk in upload.chunks():
            digest.update(chunk)
            handle.write(chunk)
    return digest.hexdigest()


def _digest(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _forget_expired() -> None:
    """Remove uploads left unconfirmed for longer than KEEP_UNCONFIRMED, with their files."""
    expired = StagedPlanImport.objects.filter(
        status=StagedPlanImport.Status.STAGED, created_at__lt=timezone.now() - KEEP_UNCONFIRMED
    )
    for token in expired.values_list("token", flat=True):
        shutil.rmtree(staging_dir() / token, ignore_errors=True)
    expired.delete()


# --- As import jobs run by the tasks worker (imports.jobs) ----------------------------------------------


def queue_check(
    user: User, upload: UploadedFile, document: dict[str, Any], plan: Plan | None, skip_unknown_codes: bool
) -> ImportJob:
    """Refuse a wrong type, size, zip or mapping at once; queue the dry run of the rest."""
    if problem := upload_problem(upload):
        raise ImportFailed(problem)
    parse_mapping(document, "mapping")
    params = {"document": document, "plan": plan.pk if plan else None, "skip_unknown_codes": skip_unknown_codes}
    return jobs.enqueue("plan_check", user, params, upload, check=stored_problem)


def queue_confirm(token: str, user: User) -> ImportJob | None:
    """Queue the application of the user's staged upload; None when it was already applied.

    A confirmation while one is queued or running returns that job: the file is applied at most once anyway.
    """
    staged = find(token, user)
    if staged.status == StagedPlanImport.Status.APPLIED:
        return None
    waiting = ImportJob.objects.filter(
        kind="plan_apply", params__token=token, state__in=[ImportJob.State.QUEUED, ImportJob.State.RUNNING]
    ).first()
    return waiting or jobs.enqueue("plan_apply", user, {"token": token}, file_name=staged.file_name)


class PlanCheckJob(JobKind):
    """The dry run of a plan upload: its report waits for the planner's confirmation."""

    title = gettext_lazy("Plan file check")

    def run(self, job: ImportJob, path: Path | None) -> JobResult:
        if path is None:
            raise ImportFailed(_("The uploaded file is no longer there; upload it again."))
        params = job.params
        plan = Plan.objects.filter(pk=params["plan"]).first() if params.get("plan") else None
        folder = staging_dir() / secrets.token_urlsafe(32)
        folder.mkdir(parents=True)
        kept = Path(shutil.move(path, folder / path.name))
        staged = stage_file(job.created_by, kept, params["document"], plan, bool(params.get("skip_unknown_codes")))
        return JobResult(
            lines=[staged.report["summary"]],
            url=reverse("planning:import-report", args=[staged.token]),
            link=_("See the report and confirm the import"),
        )


class PlanApplyJob(JobKind):
    """The confirmed import of a checked plan file, exactly as it was checked."""

    title = gettext_lazy("Plan import")

    def run(self, job: ImportJob, path: Path | None) -> JobResult:
        staged, _applied = confirm(job.params["token"], job.created_by)
        report = staged.applied_report or staged.report
        return JobResult(
            lines=[report["summary"]],
            url=reverse("planning:import-report", args=[staged.token]),
            link=_("See the import report"),
        )
