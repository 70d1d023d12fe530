"""The planners' plan upload: the form, the dry-run report, and the button that applies exactly that file."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.permissions import acting_user, require_permission
from core.errors import Conflict, ImportFailed
from planning import staged_import
from planning.forms import PlanUploadForm

PERMISSION = "planning.import"


@login_required
@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest) -> HttpResponse:
    """Take a plan file and its mapping, dry-run the import and show its report (nothing written yet)."""
    require_permission(request.user, PERMISSION)
    form = PlanUploadForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            job = staged_import.queue_check(
                acting_user(request), data["file"], data["document"], data["plan"], data["skip_unknown_codes"]
            )
        except (ImportFailed, Conflict) as exc:
            problems = exc.message.splitlines()
        else:
            return redirect("imports:job", job_id=job.pk)  # the worker runs the check; its page links the report
    status = 400 if request.method == "POST" else 200
    return render(request, "planning/import_upload.html", {"form": form, "problems": problems}, status=status)


@login_required
@require_GET
def report(request: HttpRequest, token: str) -> HttpResponse:
    """The dry-run report of a staged upload, with the button that applies it (or what applying did)."""
    require_permission(request.user, PERMISSION)
    staged = staged_import.find(token, acting_user(request))
    return render(request, "planning/import_report.html", {"staged": staged})


@login_required
@require_POST
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    """Queue the staged file's import once; a confirmation after it was applied shows that and does nothing."""
    require_permission(request.user, PERMISSION)
    user = acting_user(request)
    job = staged_import.queue_confirm(token, user)
    if job is not None:
        return redirect("imports:job", job_id=job.pk)
    staged = staged_import.find(token, user)
    return render(request, "planning/import_report.html", {"staged": staged, "already_applied": True})
