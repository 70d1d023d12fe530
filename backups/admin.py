from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from accounts.admin_access import RoleAdminMixin
from backups.models import Backup


@admin.register(Backup)
class BackupAdmin(RoleAdminMixin, admin.ModelAdmin):  # type: ignore[type-arg]
    """The record of backup runs, read-only: backups are made by manage.py backup and the worker."""

    view_permission = "alerts.operate"  # IOC staff (management agency and operators)
    change_permission = "alerts.operate"
    list_display = ("name", "trigger", "status", "started_at", "finished_at", "database_bytes", "media_files")
    list_filter = ("status", "trigger")

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
