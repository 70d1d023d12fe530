from django.contrib import admin

from accounts.admin_access import RecordsAdminMixin, RoleAdminMixin
from datahub.models import Dataset, Delivery


@admin.register(Dataset)
class DatasetAdmin(RoleAdminMixin, admin.ModelAdmin):  # type: ignore[type-arg]
    """The dataset catalogue, kept by the IOC (Article 6: a catalogue with update frequency and format per provider)."""

    view_permission = "alerts.operate"
    change_permission = "alerts.operate"
    list_display = ("code", "name", "provider", "target", "format", "arrival", "expected_every", "last_received_at")
    list_filter = ("arrival", "format", "target", "provider")
    search_fields = ("code", "name", "name_en")
    readonly_fields = ("last_received_at", "feed_alert", "pull_failures", "last_pull_error")


@admin.register(Delivery)
class DeliveryAdmin(RecordsAdminMixin, admin.ModelAdmin):  # type: ignore[type-arg]
    """Deliveries are the lineage of stored values: read-only."""

    view_permission = "alerts.operate"
    change_permission = "alerts.operate"
    list_display = ("pk", "dataset", "channel", "status", "received_at", "rows_total", "rows_created", "rows_updated")
    list_filter = ("status", "channel", "dataset")
    list_select_related = ("dataset",)
    search_fields = ("dataset__code", "dataset__name", "filename", "source_url", "content_sha256")
    date_hierarchy = "received_at"
