"""The audit log in the admin: read-only for those holding audit.view; nobody adds, changes or deletes."""

from django.contrib import admin

from accounts.admin_access import RecordsAdminMixin
from audit.models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(RecordsAdminMixin, admin.ModelAdmin):
    view_permission = change_permission = "audit.view"

    list_display = ("when", "username", "kind", "target", "ip")
    list_filter = ("kind",)
    search_fields = ("username", "target")
    date_hierarchy = "when"
    readonly_fields = ("when", "user", "username", "kind", "target", "details", "ip")
