"""Education pages: the schools register by commune for staff, and closing or reopening a school."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from accounts.permissions import has_permission, require_permission
from core.errors import NotFound
from indicators.choropleth import choropleth
from portal.map_config import MapOptions
from sectors.education import closures, figures
from sectors.education.layer import SLUG
from sectors.education.models import School

PERMISSION = "alerts.view"


def _school(code: str) -> School:
    school = School.objects.select_related("unit").filter(code=code).first()
    if school is None:
        raise NotFound(_("No school has the code '%(code)s'.") % {"code": code})
    return school


@require_safe
@login_required
def schools(request: HttpRequest) -> HttpResponse:
    """Pupils per teacher by commune on a map, the communes' table and the schools (closed ones first)."""
    require_permission(request.user, PERMISSION)
    communes = figures.by_commune()
    ratios = {row.code: row.pupils_per_teacher for row in communes if row.pupils_per_teacher is not None}
    label = _("Pupils per teacher")
    shown = School.objects.select_related("unit").order_by("-closed", "unit__name", "name")
    if request.GET.get("closed") == "1":
        shown = shown.filter(closed=True)
    context = {
        "communes": communes, "totals": figures.totals(), "schools": shown[:300],
        "map_options": MapOptions(layers=("admin-units", SLUG)),
        "map_data": choropleth(ratios, label, "number"), "label": label,
        "may_close": has_permission(request.user, closures.PERMISSION),
        "only_closed": request.GET.get("closed") == "1",
    }  # fmt: skip
    return render(request, "education/schools.html", context)


@require_POST
@login_required
def close_school(request: HttpRequest, code: str) -> HttpResponse:
    school = _school(code)
    closures.close(school, request.user, request.POST.get("reason", ""))  # type: ignore[arg-type]
    return HttpResponseRedirect(reverse("education:schools") + f"#school-{school.code}")


@require_POST
@login_required
def reopen_school(request: HttpRequest, code: str) -> HttpResponse:
    school = _school(code)
    closures.reopen(school, request.user)  # type: ignore[arg-type]
    return HttpResponseRedirect(reverse("education:schools") + f"#school-{school.code}")
