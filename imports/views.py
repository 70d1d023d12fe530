"""The page of one import job and the JSON it polls while the worker imports."""

import uuid

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from accounts.permissions import acting_user
from core.errors import NotFound
from imports.models import ImportJob
from imports.status import job_status


def _own_job(request: HttpRequest, job_id: uuid.UUID) -> ImportJob:
    """The caller's job; another user's job is not found (its address alone gives nothing away)."""
    job = ImportJob.objects.filter(pk=job_id, created_by=acting_user(request)).first()
    if job is None:
        raise NotFound(_("No import under this address; upload the file again."))
    return job


@login_required
@require_safe
def job(request: HttpRequest, job_id: uuid.UUID) -> HttpResponse:
    """The job's progress while it runs, then its report or what went wrong."""
    found = _own_job(request, job_id)
    took = found.finished_at - found.started_at if found.finished_at and found.started_at else None
    texts = {
        "counts": _("%(read)s features read, %(written)s written"),
        "counts_of_total": _("%(read)s features read, %(written)s written / %(total)s"),
        "remaining": _("About %(time)s left"),
    }
    context = {"job": found, "status": job_status(found), "took": took, "texts": texts}
    return render(request, "imports/job.html", context)


@login_required
@require_safe
def status(request: HttpRequest, job_id: uuid.UUID) -> JsonResponse:
    """The job's counters, share done and time left, for the page's script."""
    response = JsonResponse(job_status(_own_job(request, job_id)))
    response["Cache-Control"] = "no-store"
    return response
