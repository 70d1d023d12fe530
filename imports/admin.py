from django.contrib import admin

from core.readonly_admin import ReadOnlyAdminMixin
from imports.models import ImportJob


@admin.register(ImportJob)
class ImportJobAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Import jobs, read only: the worker writes them (deleting an old one is left to Django's permissions)."""

    deletable = True

    list_display = ("file_name", "kind", "state", "created_by", "created_at", "features_read", "features_written")
    list_filter = ("state", "kind")
    readonly_fields = [field.name for field in ImportJob._meta.fields]
