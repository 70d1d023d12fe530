"""Admin of accounts: users with their role and agency, and API tokens issued to systems.

The agencies' admin is accounts' too (accounts/admin_agencies.py): its pages are granted by role.
"""

from typing import Any

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.forms import ModelForm
from django.http import HttpRequest
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts import admin_agencies  # noqa: F401  (registers the admin of sectors, agencies and their contacts)
from accounts.admin_access import RoleAdminMixin
from accounts.models import ApiToken, ApiTokenQuerySet, User
from accounts.permissions import has_permission


@admin.register(User)
class UserAdmin(RoleAdminMixin, DjangoUserAdmin):
    view_permission = change_permission = "accounts.manage_users"

    list_display = ("username", "full_name", "role", "agency", "is_active", "is_staff", "last_login")
    list_filter = ("role", "agency__kind", "is_active", "is_staff", "is_superuser")
    search_fields = ("username", "first_name", "last_name", "email", "agency__name", "agency__code")
    list_select_related = ("agency",)
    autocomplete_fields = ("agency",)
    # The role and agency decide everything the account may do (accounts.permissions), so they come first; Django's
    # groups and per-user permissions are not shown: the platform never reads them.
    fieldsets = (
        (_("IOC role"), {"fields": ("role", "agency")}),
        (None, {"fields": ("username", "password")}),
        (_("Personal info"), {"fields": ("first_name", "last_name", "email", "phone")}),
        (_("Permissions"), {"fields": ("is_active", "is_staff", "is_superuser")}),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (_("IOC role"), {"fields": ("role", "agency")}),
        (None, {"classes": ("wide",), "fields": ("username", "usable_password", "password1", "password2")}),
        (_("Personal info"), {"fields": ("first_name", "last_name", "email", "phone")}),
    )
    filter_horizontal = ()

    @admin.display(description=_("full name"), ordering="last_name")
    def full_name(self, obj: User) -> str:
        return obj.get_full_name() or "—"

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        # The admin door follows the role table (admin.access); only superusers make superusers.
        readonly = ("is_staff",) if request.user.is_superuser else ("is_staff", "is_superuser")
        return (*super().get_readonly_fields(request, obj), *readonly)

    def save_model(self, request: HttpRequest, obj: User, form: ModelForm, change: bool) -> None:
        obj.is_staff = obj.is_superuser or has_permission(obj, "admin.access")
        super().save_model(request, obj, form, change)


@admin.register(ApiToken)
class ApiTokenAdmin(RoleAdminMixin, admin.ModelAdmin):
    view_permission = change_permission = "accounts.manage_tokens"

    list_display = ("name", "user", "prefix", "created_at", "last_used_at", "revoked_at")
    list_filter = (("revoked_at", admin.EmptyFieldListFilter), "user__role")
    search_fields = ("name", "prefix", "user__username")
    list_select_related = ("user",)
    autocomplete_fields = ("user",)
    readonly_fields = ("prefix", "created_at", "last_used_at", "revoked_at")
    actions = ("revoke_tokens",)

    def get_readonly_fields(self, request: HttpRequest, obj: ApiToken | None = None) -> tuple[str, ...]:
        # A token never changes hands; revoke it and issue a new one instead.
        return (*self.readonly_fields, "user") if obj is not None else self.readonly_fields

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # revoked tokens stay listed as a trace of who could push data

    def save_model(self, request: HttpRequest, obj: ApiToken, form: ModelForm, change: bool) -> None:
        raw = None if change else obj.assign_secret()
        super().save_model(request, obj, form, change)
        if raw is not None:
            message = gettext(
                "Token “%(name)s” issued. Copy its secret now; it is not stored and will not be shown again: %(secret)s"
            ) % {"name": obj.name, "secret": raw}
            self.message_user(request, message, messages.WARNING)

    @admin.action(description=_("Revoke the selected tokens"))
    def revoke_tokens(self, request: HttpRequest, queryset: ApiTokenQuerySet) -> None:
        count = queryset.revoke()
        self.message_user(request, gettext("%(count)d token(s) revoked.") % {"count": count}, messages.SUCCESS)


# Authenticator devices of two-factor sign-in (replaces django-otp's admin, which shows the secrets).
from accounts import two_factor_admin  # noqa: E402, F401
