"""Two-factor sign-in (TOTP through django-otp): who must use it, which step a session still owes, the enforcement.

With REQUIRE_2FA on, operators, management administrators and superusers must enrol an authenticator app and give
its code after their password before any page (the admin site included). Anyone else may enrol; once a person has
a confirmed device, every sign-in asks for its code, whatever the setting.
"""

import base64
import datetime
from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import Role, User
from core.errors import Forbidden
from core.formats import fmt_duration
from core.middleware import error_response

REQUIRED_ROLES = frozenset({Role.MANAGEMENT_ADMIN, Role.OPERATOR})
ENROL = "accounts:two-factor-enrol"
VERIFY = "accounts:two-factor-verify"
# Pages a session that still owes its second step may open: the steps themselves, signing in or out, the language.
OPEN_VIEWS = frozenset({ENROL, VERIFY, "accounts:login", "accounts:logout", "set_language"})


def must_use_two_factor(user: User) -> bool:
    """Whether the account may work only after a second step (REQUIRE_2FA and a province staff role)."""
    return bool(settings.REQUIRE_2FA) and (user.is_superuser or user.role in REQUIRED_ROLES)


def confirmed_device(user: User) -> TOTPDevice | None:
    """The account's confirmed authenticator, if it has one."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def is_verified(user: object) -> bool:
    """Whether this session gave a code (OTPMiddleware puts is_verified on request.user)."""
    check = getattr(user, "is_verified", None)
    return bool(check()) if callable(check) else False


def pending_step(user: object) -> str | None:
    """The URL name of the step the signed-in user still owes (verify or enrol), or None."""
    if not isinstance(user, User) or not user.is_authenticated or is_verified(user):
        return None
    if confirmed_device(user) is not None:
        return VERIFY
    return ENROL if must_use_two_factor(user) else None


def step_url(step: str, next_url: str) -> str:
    """The step's address, carrying where to go afterwards."""
    return f"{reverse(step)}?{urlencode({'next': next_url})}" if next_url else reverse(step)


def new_device(user: User) -> TOTPDevice:
    """The account's unconfirmed device, created with a fresh secret when there is none."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=_("Authenticator app"), confirmed=False)
    return device


def secret_text(device: TOTPDevice) -> str:
    """The secret as people type it into an app: base32 in groups of four."""
    raw = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(raw[i : i + 4] for i in range(0, len(raw), 4))


def wait_message(device: TOTPDevice) -> str | None:
    """Why a code cannot be tried now (after wrong codes each wait doubles), or None when it can."""
    allowed, data = device.verify_is_allowed()
    if allowed:
        return None
    until = (data or {}).get("locked_until")
    seconds = max(1, int((until - timezone.now()).total_seconds()) + 1) if isinstance(until, datetime.datetime) else 1
    return _("Too many wrong codes. Wait %(duration)s, then type the code your app shows at that moment.") % {
        "duration": fmt_duration(seconds)
    }


class TwoFactorMiddleware:
    """Send a signed-in account that still owes its second step to it, before any other page or API call."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if settings.SESSION_COOKIE_NAME not in request.COOKIES:
            # No session, no signed-in account: leave the session unread, so public answers (tiles) vary on nothing.
            return self.get_response(request)
        # request.user is the session's account; token callers are authenticated later, by the view, and pass.
        step = pending_step(getattr(request, "user", None))
        if step is None or _is_open(request):
            return self.get_response(request)
        if request.path.startswith("/api/") or "Authorization" in request.headers:
            message = _("Finish signing in with the code of your authenticator app first.")
            return error_response(request, Forbidden(message))
        return HttpResponseRedirect(step_url(step, request.get_full_path()))


def _is_open(request: HttpRequest) -> bool:
    try:
        return resolve(request.path_info).view_name in OPEN_VIEWS
    except Resolver404:
        return False
