"""Who may do what, in one place: the role table, the object rule and the view decorators.

A permission name maps to the roles that hold it. Agency officers and data providers act only for
their own agency: given an object, has_permission also checks that the object belongs to it. An
object says which agencies it belongs to by being an Agency, by an `agency_id` attribute, or by an
`agency_ids()` method (e.g. an alert with a lead agency and coordinating agencies).
Anonymous visitors hold no permission; public views simply do not use these decorators.
"""

import functools
from collections.abc import Callable
from typing import Any, Concatenate

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt

from accounts.models import AGENCY_BOUND_ROLES, ApiToken, Role, User
from agencies.models import Agency
from core.errors import Forbidden, NotAuthenticated

_ALL_ROLES = frozenset(Role)
_PROVINCE = frozenset({Role.MANAGEMENT_ADMIN, Role.OPERATOR})

PERMISSIONS: dict[str, frozenset[Role]] = {
    # Accounts (Article 5: accounts are issued by the management agency).
    "accounts.view_self": _ALL_ROLES,
    "accounts.manage_users": frozenset({Role.MANAGEMENT_ADMIN}),
    "accounts.manage_tokens": frozenset({Role.MANAGEMENT_ADMIN}),
    # The Django admin site; each model admin then asks for its own permission.
    "admin.access": _PROVINCE,
    # Agencies: personal data of leaders and focal persons; staff changes go to the operator (Article 16.2).
    "agencies.view_contacts": _PROVINCE | {Role.AGENCY_OFFICER},
    "agencies.manage": frozenset({Role.MANAGEMENT_ADMIN}),
    "agencies.manage_contacts": _PROVINCE,
    # Data feeds (Article 6): providers push by API; the operator keeps feeds alive.
    "data.push": _PROVINCE | {Role.DATA_PROVIDER},
    "data.view": _ALL_ROLES,  # the dataset catalogue and its freshness; providers upload to their own datasets
    # The indicator set (service 1) and administrative procedure results (service 3), for every account.
    "indicators.view": _ALL_ROLES,
    # Alerts (Articles 8, 9): operators verify, forward and confirm; processing agencies accept and resolve.
    "alerts.view": _PROVINCE | {Role.AGENCY_OFFICER, Role.LEADER, Role.VIEWER},
    "alerts.operate": _PROVINCE,
    "alerts.process": frozenset({Role.AGENCY_OFFICER}),
    "alerts.submit": _PROVINCE | {Role.DATA_PROVIDER},
    "alerts.manage_rules": frozenset({Role.MANAGEMENT_ADMIN}),
    "alerts.manage_calendar": frozenset({Role.MANAGEMENT_ADMIN}),
    # IoT devices (services 8, 13, 15): staff see all devices; street lights are switched by the IOC or by the
    # owner agency's officers; the registry is kept by the IOC.
    "iot.view": _PROVINCE | {Role.AGENCY_OFFICER, Role.LEADER, Role.VIEWER},
    "iot.control": _PROVINCE | {Role.AGENCY_OFFICER},
    "iot.manage": _PROVINCE,
    # Layers: metadata of any layer; agency staff load data only into their own agency's layers.
    "layers.manage": _PROVINCE,
    "layers.upload": _PROVINCE | {Role.AGENCY_OFFICER, Role.DATA_PROVIDER},
    # Field reports (service 2): the management agency keeps the categories and Open311 clients; IOC staff
    # enter voters' petitions, see reporters' contacts and merge duplicates; the lead agency answers publicly.
    "fieldreports.manage_categories": frozenset({Role.MANAGEMENT_ADMIN}),
    "fieldreports.enter_petitions": _PROVINCE,
    "fieldreports.view_contacts": _PROVINCE,
    "fieldreports.merge": _PROVINCE,
    "fieldreports.answer": _PROVINCE | {Role.AGENCY_OFFICER},
    # Planning (services 4, 5): planners of the province and of agencies import plans through the web app.
    "planning.view": _ALL_ROLES,  # the planners' page: lot search, implementation and exports
    "planning.import": _PROVINCE | {Role.AGENCY_OFFICER, Role.PLANNER},
    # Education (service 12): the education department and the commune close and reopen schools in a disaster.
    "education.mark_closures": _PROVINCE | {Role.AGENCY_OFFICER},
    # Reports (Articles 13, 14): the leadership's dashboards.
    "reports.view": _PROVINCE | {Role.LEADER, Role.VIEWER},
    # The audit log of user activity: the leadership and the management administrators, not operators.
    "audit.view": frozenset({Role.MANAGEMENT_ADMIN, Role.LEADER, Role.VIEWER}),
}


# What each permission lets a person do, in words a 403 page can show ("Your account may not …").
PERMISSION_ACTIONS: dict[str, Promise] = {
    "accounts.view_self": gettext_lazy("see its own account details"),
    "accounts.manage_users": gettext_lazy("manage user accounts"),
    "accounts.manage_tokens": gettext_lazy("manage API tokens"),
    "admin.access": gettext_lazy("open the administration site"),
    "agencies.view_contacts": gettext_lazy("see the contacts of agency leaders and focal persons"),
    "agencies.manage": gettext_lazy("manage agencies"),
    "agencies.manage_contacts": gettext_lazy("change agency leaders and focal persons"),
    "data.push": gettext_lazy("send data to the data hub"),
    "data.view": gettext_lazy("open the data hub"),
    "indicators.view": gettext_lazy("see the indicators"),
    "alerts.view": gettext_lazy("see alerts"),
    "education.mark_closures": gettext_lazy("close and reopen schools"),
    "alerts.operate": gettext_lazy("open the operators' console or handle alerts as an operator"),
    "alerts.process": gettext_lazy("open the agencies' inbox or process alerts for an agency"),
    "alerts.submit": gettext_lazy("raise alerts"),
    "alerts.manage_rules": gettext_lazy("manage alert rules"),
    "alerts.manage_calendar": gettext_lazy("manage the working-day calendar"),
    "iot.view": gettext_lazy("see sensors, cameras and street lights"),
    "iot.control": gettext_lazy("switch street lights"),
    "iot.manage": gettext_lazy("manage the device registry"),
    "layers.manage": gettext_lazy("manage map layers"),
    "layers.upload": gettext_lazy("upload data to map layers"),
    "fieldreports.manage_categories": gettext_lazy("manage the field report categories"),
    "fieldreports.enter_petitions": gettext_lazy("enter voters' petitions"),
    "fieldreports.view_contacts": gettext_lazy("see the contacts of people who sent field reports"),
    "fieldreports.merge": gettext_lazy("merge duplicate field reports"),
    "fieldreports.answer": gettext_lazy("answer field reports"),
    "planning.view": gettext_lazy("open the planners' page"),
    "planning.import": gettext_lazy("import plans"),
    "reports.view": gettext_lazy("see the periodic reports and the leadership dashboard"),
    "audit.view": gettext_lazy("see the audit log of user activity"),
}


def action_of(perm: str) -> str:
    """Say in words what a permission lets a person do; an unknown name is a programming error."""
    roles_with(perm)
    return str(PERMISSION_ACTIONS[perm])


def roles_with(perm: str) -> frozenset[Role]:
    """Return the roles holding a permission; an unknown name is a programming error."""
    try:
        return PERMISSIONS[perm]
    except KeyError:
        raise KeyError(f"Unknown permission {perm!r}; add it to accounts.permissions.PERMISSIONS.") from None


def permissions_of(user: User | AnonymousUser | None) -> list[str]:
    """Return the names of the permissions the user holds, sorted."""
    return sorted(perm for perm in PERMISSIONS if has_permission(user, perm))


def has_permission(user: User | AnonymousUser | None, perm: str, obj: object = None) -> bool:
    """Whether the user holds the permission, and for obj when given (agency-bound roles act for their agency)."""
    roles = roles_with(perm)
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    if user.role not in roles:
        return False
    if obj is None or user.role not in AGENCY_BOUND_ROLES:
        return True
    return user.agency_id is not None and user.agency_id in agency_ids_of(obj)


def agency_ids_of(obj: object) -> set[int]:
    """Return the ids of the agencies an object belongs to."""
    if isinstance(obj, Agency):
        return {obj.pk}
    agency_ids = getattr(obj, "agency_ids", None)
    if callable(agency_ids):
        return set(agency_ids())
    if hasattr(obj, "agency_id"):
        return {obj.agency_id} if obj.agency_id is not None else set()
    raise TypeError(f"{type(obj).__name__} names no agency; give it an agency_id attribute or an agency_ids() method.")


def acting_user(request: HttpRequest) -> User:
    """Return the caller's account in a view guarded by these decorators."""
    if not isinstance(request.user, User):
        raise NotAuthenticated(_("Sign in or send 'Authorization: Token <secret>' to use this."))
    return request.user


def require_permission(user: User | AnonymousUser | None, perm: str, obj: object = None) -> None:
    """Raise NotAuthenticated for anonymous callers and Forbidden for those lacking the permission."""
    if user is None or not user.is_authenticated:
        raise NotAuthenticated(_("Sign in or send 'Authorization: Token <secret>' to use this."))
    if not has_permission(user, perm, obj):
        raise Forbidden(_("Your account may not do this (permission %(perm)s).") % {"perm": perm}, permission=perm)


type View = Callable[Concatenate[HttpRequest, ...], HttpResponse]


def login_or_token_required(view: View) -> View:
    """Let a view run for a signed-in user or a caller sending 'Authorization: Token <secret>'."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        authenticate_request(request)
        return view(request, *args, **kwargs)

    # Token callers have no CSRF cookie; authenticate_request checks CSRF itself for session callers.
    return csrf_exempt(wrapped)


def permission_required(perm: str) -> Callable[[View], View]:
    """Let a view run only for callers (session or token) whose role holds the permission."""
    roles_with(perm)  # fail at import time on a misspelt name

    def decorator(view: View) -> View:
        @functools.wraps(view)
        def checked(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            require_permission(request.user, perm)
            return view(request, *args, **kwargs)

        return login_or_token_required(checked)

    return decorator


def authenticate_request(request: HttpRequest) -> None:
    """Set request.user from the token header, else keep the session user; raise NotAuthenticated if neither."""
    header = request.headers.get("Authorization", "")
    if header:
        token = _token_from_header(header)
        token.touch()
        request.user = token.user
        request.auth_token = token  # type: ignore[attr-defined]
        return
    if not request.user.is_authenticated:
        raise NotAuthenticated(_("Sign in or send 'Authorization: Token <secret>' to use this."))
    _enforce_csrf(request)


def _token_from_header(header: str) -> ApiToken:
    scheme, _sep, secret = header.partition(" ")
    if scheme.lower() != "token" or not secret.strip():
        raise NotAuthenticated(_("Send the header as 'Authorization: Token <secret>'."))
    token = ApiToken.objects.authenticate(secret.strip())
    if token is None:
        raise NotAuthenticated(_("The token is unknown, revoked or its account is disabled; ask for a new one."))
    return token


def _enforce_csrf(request: HttpRequest) -> None:
    """Apply Django's CSRF check to session callers of views that csrf_exempt opened for token callers."""
    if request.method in ("GET", "HEAD", "OPTIONS", "TRACE"):
        return
    check = CsrfViewMiddleware(lambda _request: HttpResponse())
    check.process_request(request)
    rejection = check.process_view(request, _csrf_probe, (), {})
    if rejection is not None:
        raise Forbidden(_("The form has expired or lacks its CSRF token; reload the page and try again."))


def _csrf_probe(request: HttpRequest) -> HttpResponse:
    """Stand-in view for the CSRF check (it must not be csrf_exempt)."""
    return HttpResponse()
