from django.contrib import admin

from accounts.admin_access import RecordsAdminMixin
from backups.models import Backup


@admin.register(Backup)
class BackupAdmin(RecordsAdminMixin, admin.ModelAdmin):  # type: ignore[type-arg]
    """The record of backup runs, read-only: backups are made by manage.py backup and the worker."""

    view_permission = "alerts.operate"  # IOC staff (management agency and operators)
    change_permission = "alerts.operate"
    list_display = ("name", "trigger", "status", "started_at", "finished_at", "database_bytes", "media_files")
    list_filter = ("status", "trigger")
