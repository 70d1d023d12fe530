"""Error pages people see in a browser, in the site's layout; API callers keep their JSON errors.

wants_html() is the one place that tells a page from an API call; core.middleware asks it for every IOCError.
What a permission lets a person do, and where a person's home page is, are told by the app that owns roles: it adds
its AccessGuide to ACCESS_GUIDES from its AppConfig.ready (accounts), so core never names it.
"""

from collections.abc import Callable
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.functional import Promise
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.errors import Forbidden, IOCError, NotAuthenticated
from core.registry import load_class

# Query values by which the OGC pages and the APIs ask for a format; only "html" asks for a page.
_FORMAT_PARAM = "f"
# Paths whose callers are programs whatever they send in Accept: the REST API and Open311 (its own XML/JSON).
_API_PATHS = ("/api/", "/open311/")
# Which representation a view's errors take when the caller's Accept does not choose (none, or */*).
_ANSWERS = "answers_errors_with"
_JSON, _HTML, _API = "application/json", "text/html", "api"
# Where a person goes when no guide knows better.
_SITE_HOME = "/"

# The heading of the page for each status an IOCError carries; other statuses read as their family (4xx, 5xx).
_TITLES: dict[int, Promise] = {
    400: gettext_lazy("The request could not be used"),
    401: gettext_lazy("Sign in to continue"),
    403: gettext_lazy("Not allowed"),
    404: gettext_lazy("Not found"),
    409: gettext_lazy("Someone acted first"),
    413: gettext_lazy("Too large"),
    429: gettext_lazy("Too many requests"),
    500: gettext_lazy("Something went wrong"),
    503: gettext_lazy("Temporarily unavailable"),
}


class AccessGuide:
    """What the error pages ask of the app that owns roles; this base knows no permission and no home page."""

    def action_of(self, permission: str) -> str | None:
        """Say in words what the permission lets a person do; None for a name this guide does not know."""
        return None

    def home_url(self, user: AbstractBaseUser | AnonymousUser) -> str | None:
        """Return the URL of the person's home page, or None to leave it to another guide."""
        return None


# name -> dotted path of an AccessGuide; accounts adds its own with core.registry.register.
ACCESS_GUIDES: dict[str, str] = {}


def _guides() -> list[AccessGuide]:
    return [load_class(ACCESS_GUIDES, name, AccessGuide, "access guide")() for name in ACCESS_GUIDES]


def action_of(permission: str) -> str | None:
    """Say in words what a permission lets a person do, as the first guide knowing it says; None when none does."""
    return next((words for guide in _guides() if (words := guide.action_of(permission)) is not None), None)


def home_url(user: AbstractBaseUser | AnonymousUser) -> str:
    """Return the URL of the person's home page (their role's, for a signed-in account), else the site's home."""
    return next((url for guide in _guides() if (url := guide.home_url(user)) is not None), _SITE_HOME)


def api_view[V: Callable[..., Any]](view: V) -> V:
    """Mark a view outside /api/ as an API: its errors stay JSON even for a browser's Accept."""
    setattr(view, _ANSWERS, _API)
    return view


def page_view[V: Callable[..., Any]](view: V) -> V:
    """Mark a view as a page: its errors are pages unless the caller asks for JSON (Accept, f=json, a token)."""
    setattr(view, _ANSWERS, _HTML)
    return view


def wants_html(request: HttpRequest) -> bool:
    """Whether the caller is a browser asking for a page, not an API client (token, /api/, f=json, JSON Accept)."""
    answers = _view_answers(request)
    if request.path.startswith(_API_PATHS) or "Authorization" in request.headers or answers == _API:
        return False
    requested = request.GET.get(_FORMAT_PARAM)
    if requested:
        return requested == "html"
    # The first offered wins when Accept does not choose: a page's own kind, else JSON as before pages had theirs.
    offered = [_HTML, _JSON] if answers == _HTML else [_JSON, _HTML]
    return request.get_preferred_type(offered) == _HTML


def _view_answers(request: HttpRequest) -> str:
    match = getattr(request, "resolver_match", None)  # None before URL resolution (a refusal at the door)
    return getattr(match.func, _ANSWERS, "") if match is not None else ""


def error_page(request: HttpRequest, error: IOCError) -> HttpResponse:
    """Render the page for an IOCError: its status, its message (written for people) and a way back."""
    if not hasattr(request, "user"):
        request.user = AnonymousUser()  # refused at the door, before sign-in was read: shown as a visitor
    if isinstance(error, Forbidden):
        return permission_denied(request, error)
    message = error.message
    if isinstance(error, NotAuthenticated):
        message = _("Sign in with your account to open this page.")  # its API message speaks of tokens
    response = _render(request, error.status, message)
    if error.status == 401:
        response["WWW-Authenticate"] = 'Token realm="ioc"'
    return response


def forbidden_reason(request: HttpRequest, permission: str = "") -> str:
    """Say in words what the visitor may not do; never the permission's code."""
    action = action_of(permission) if permission else None
    if action is not None:
        return _("Your account may not %(action)s.") % {"action": action}
    if request.user.is_authenticated:
        return _("Your account may not open this page.")
    return _("Sign in with an account allowed to open this page.")


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """handler403: Django's PermissionDenied and the project's Forbidden, as a page in the site's layout."""
    permission, message = "", ""
    if isinstance(exception, Forbidden):
        permission = str(exception.details.get("permission", ""))
        message = exception.message
    elif isinstance(exception, PermissionDenied) and exception.args and isinstance(exception.args[0], str):
        permission = exception.args[0] if action_of(exception.args[0]) is not None else ""
    # A permission is said in words (its Forbidden message names the code); other refusals say why themselves.
    reason = forbidden_reason(request, permission) if permission or not message else message
    return _render(request, 403, reason)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """handler404: the not-found page in the site's layout, with a way back and a way home."""
    user = getattr(request, "user", None) or AnonymousUser()
    context = {"back_url": _previous_page(request), "home_url": home_url(user)}
    return render(request, "404.html", context, status=404)


def _render(request: HttpRequest, status: int, message: str) -> HttpResponse:
    title = _TITLES.get(status) or _TITLES[500 if status >= 500 else 400]
    context = {
        "status": status,
        "title": title,
        "message": message,
        "back_url": _previous_page(request),
        "home_url": home_url(request.user),
        "sign_in": status == 401 and not request.user.is_authenticated,
        "ask_for_role": status == 403 and request.user.is_authenticated,
    }
    return render(request, "error.html", context, status=status)


def _previous_page(request: HttpRequest) -> str:
    """The page the visitor came from on this site (from Referer), unless it is this very address."""
    referer = request.headers.get("Referer", "")
    allowed = url_has_allowed_host_and_scheme(referer, {request.get_host()}, require_https=request.is_secure())
    return referer if allowed and referer != request.build_absolute_uri() else ""
