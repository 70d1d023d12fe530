from django.contrib import admin

from imports.models import ImportJob


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    """Import jobs, read only: the worker writes them."""

    list_display = ("file_name", "kind", "state", "created_by", "created_at", "features_read", "features_written")
    list_filter = ("state", "kind")
    readonly_fields = [field.name for field in ImportJob._meta.fields]

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False
