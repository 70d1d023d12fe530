"""The audit log page for leaders and administrators (permission audit.view)."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from accounts.permissions import require_permission
from audit.search import AuditFilterForm, filtered

PER_PAGE = 50


@login_required
@require_GET
def log(request: HttpRequest) -> HttpResponse:
    """Search the audit log by event, user, dates and text; 50 entries a page, newest first."""
    require_permission(request.user, "audit.view")
    form = AuditFilterForm(request.GET or None)
    page = Paginator(filtered(form).select_related("user"), PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "query": query.urlencode()}
    return render(request, "audit/log.html", context)
