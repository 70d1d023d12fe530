"""Authenticator devices in the admin: administrators see who enrolled and remove a lost phone's device; the secret
never shows (django-otp's own admin shows the key and its QR code, so it is replaced)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.admin_access import RoleAdminMixin
from core.readonly_admin import ReadOnlyAdminMixin

if admin.site.is_registered(TOTPDevice):
    admin.site.unregister(TOTPDevice)


@admin.register(TOTPDevice)
class AuthenticatorAdmin(ReadOnlyAdminMixin, RoleAdminMixin, admin.ModelAdmin):
    # People enrol themselves at /accounts/two-factor/setup/, so only they ever see the secret; administrators remove
    # a lost phone's device.
    deletable = True
    view_permission = change_permission = "accounts.manage_users"

    list_display = ("user", "name", "confirmed", "created_at", "last_used_at")
    list_filter = ("confirmed",)
    search_fields = ("user__username", "name")
    list_select_related = ("user",)
    fields = ("user", "name", "confirmed", "created_at", "last_used_at", "throttling_failure_count")
    readonly_fields = fields


TOTPDevice._meta.verbose_name = _("authenticator app")
TOTPDevice._meta.verbose_name_plural = _("authenticator apps")
