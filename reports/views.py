"""The report archive: every periodic report with its PDF and XLSX, and generation on demand."""

import datetime

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.permissions import acting_user, has_permission, require_permission
from audit.log import record_export
from core.errors import InvalidInput, NotFound
from reports import dashboard
from reports.generation import generate
from reports.models import Report
from reports.periods import last_closed


@login_required
@require_GET
def archive(request: HttpRequest) -> HttpResponse:
    require_permission(request.user, "reports.view")
    context = {
        "reports": Report.objects.select_related("generated_by")[:200],
        "may_generate": has_permission(request.user, "alerts.operate"),
        "kinds": Report.Kind.choices,
        "default_day": last_closed("monthly", timezone.localdate())[0].isoformat(),
    }
    return render(request, "reports/archive.html", context)


@login_required
@require_GET
def leadership(request: HttpRequest) -> HttpResponse:
    """The province at a glance for its leaders."""
    require_permission(request.user, "reports.view")
    return render(request, "reports/dashboard.html", {"board": dashboard.build(timezone.localdate())})


@login_required
@require_GET
def download(request: HttpRequest, pk: int, fmt: str) -> FileResponse:
    require_permission(request.user, "reports.view")
    report = Report.objects.filter(pk=pk).first()
    if report is None:
        raise NotFound(_("No report #%(id)s.") % {"id": pk})
    field = report.pdf if fmt == "pdf" else report.xlsx
    filename = str(field.name).rsplit("/", 1)[-1]
    record_export(request, filename, format=fmt.upper(), report=str(report))
    return FileResponse(field.open("rb"), as_attachment=True, filename=filename)


@login_required
@require_POST
def generate_now(request: HttpRequest) -> HttpResponse:
    """Generate (or regenerate) the report of a period on demand."""
    user = acting_user(request)
    require_permission(user, "alerts.operate")
    kind = request.POST.get("kind", "")
    if kind not in Report.Kind.values:
        raise InvalidInput(_("Choose weekly, monthly or quarterly."))
    try:
        day = datetime.date.fromisoformat(request.POST.get("day", ""))
    except ValueError:
        raise InvalidInput(_("Give a day of the period as YYYY-MM-DD.")) from None
    generate(kind, day, Report.Trigger.ON_DEMAND, user)
    return redirect("reports:archive")
