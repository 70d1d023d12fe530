"""The audit log in the admin: read-only for those holding audit.view; nobody adds, changes or deletes."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from accounts.admin_access import RoleAdminMixin
from audit.models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(RoleAdminMixin, admin.ModelAdmin):
    view_permission = change_permission = "audit.view"

    list_display = ("when", "username", "kind", "target", "ip")
    list_filter = ("kind",)
    search_fields = ("username", "target")
    date_hierarchy = "when"
    readonly_fields = ("when", "user", "username", "kind", "target", "details", "ip")

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
