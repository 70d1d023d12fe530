"""The 403 and 404 pages people see in a browser, in the site's layout; API callers keep their JSON errors."""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from accounts import landing
from accounts.permissions import PERMISSIONS, action_of
from core.errors import Forbidden

# Query values by which the OGC pages and the APIs ask for a format; only "html" asks for a page.
_FORMAT_PARAM = "f"


def wants_html(request: HttpRequest) -> bool:
    """Whether the caller is a browser asking for a page, not an API client (token, /api/, f=json, XHR)."""
    if request.path.startswith("/api/") or "Authorization" in request.headers:
        return False
    requested = request.GET.get(_FORMAT_PARAM)
    if requested:
        return requested == "html"
    return "text/html" in request.headers.get("Accept", "")


def forbidden_reason(request: HttpRequest, permission: str = "") -> str:
    """Say in words what the visitor may not do; never the permission's code."""
    if permission in PERMISSIONS:
        return _("Your account may not %(action)s.") % {"action": action_of(permission)}
    if request.user.is_authenticated:
        return _("Your account may not open this page.")
    return _("Sign in with an account allowed to open this page.")


def forbidden_page(request: HttpRequest, permission: str = "") -> HttpResponse:
    """Render the 403 page saying what the visitor may not do, with a way back to their home page."""
    context = {"forbidden_reason": forbidden_reason(request, permission), "home_url": landing.home_url(request.user)}
    return render(request, "403.html", context, status=403)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """handler403: Django's PermissionDenied and the project's Forbidden, as a page in the site's layout."""
    permission = ""
    if isinstance(exception, Forbidden):
        permission = str(exception.details.get("permission", ""))
    elif isinstance(exception, PermissionDenied) and exception.args and exception.args[0] in PERMISSIONS:
        permission = exception.args[0]
    return forbidden_page(request, permission)
