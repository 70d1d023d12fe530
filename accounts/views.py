"""Views of accounts: sign-in and sign-out pages, /api/v1/me and the agencies' contacts (by role)."""

from typing import Any

from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.http import require_GET

from accounts import landing, two_factor
from accounts.permissions import (
    acting_user,
    login_or_token_required,
    permission_required,
    permissions_of,
    require_permission,
)
from agencies.serializers import contact_dict
from agencies.views import active_agency


@require_GET
@permission_required("accounts.view_self")
def me(request: HttpRequest) -> JsonResponse:
    """Describe the caller's account: username, role, agency and permissions."""
    user = acting_user(request)
    agency = user.agency
    body = {
        "username": user.get_username(),
        "full_name": user.get_full_name(),
        "role": user.role,
        "role_label": str(user.get_role_display()),
        "agency": {"code": agency.code, "name": agency.name} if agency else None,
        "authenticated_by": "token" if getattr(request, "auth_token", None) else "session",
        "permissions": permissions_of(user),
    }
    return JsonResponse(body, json_dumps_params={"ensure_ascii": False})


@require_GET
@login_or_token_required
def agency_contacts(request: HttpRequest, code: str) -> JsonResponse:
    """List the leader and focal persons in post: management, operators and the agency's own officers only."""
    agency = active_agency(code)
    require_permission(request.user, "agencies.view_contacts", agency)
    contacts = agency.contacts.current().order_by("role", "full_name")
    body = {"agency": agency.code, "contacts": [contact_dict(contact) for contact in contacts]}
    return JsonResponse(body, json_dumps_params={"ensure_ascii": False})


class LoginView(auth_views.LoginView):
    """Sign-in page; django-axes locks a username from one address after repeated failures."""

    template_name = "accounts/login.html"

    def get_default_redirect_url(self) -> str:
        """Send the account to its role's home page when the sign-in link named none (`next=` wins)."""
        return landing.home_url(self.request.user)

    def get_success_url(self) -> str:
        """After the password, the code of the authenticator app when the account has one or must have one."""
        url = super().get_success_url()
        step = two_factor.pending_step(self.request.user)
        return two_factor.step_url(step, url) if step else url


class LogoutView(auth_views.LogoutView):
    """Sign-out page: GET shows a confirmation button, POST signs out (Django only signs out on POST)."""

    http_method_names = ["get", "post", "options"]
    template_name = "accounts/logged_out.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return self.render_to_response(self.get_context_data(confirm=request.user.is_authenticated))
