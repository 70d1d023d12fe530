"""Admin of alerts: alerts and their events read-only (steps go through the procedure), rules, outbox, day swaps."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from accounts.admin_access import RoleAdminMixin
from alerts.models import Alert, AlertEvent, AlertRule, Outbox, WorkdayAdjustment

# Until accounts.permissions has alerts.manage_rules / alerts.manage_calendar, the management agency edits these.


class ReadOnlyAdminMixin(RoleAdminMixin):
    """Viewable by IOC staff; nobody adds, changes or deletes here."""

    view_permission = "alerts.operate"
    change_permission = "alerts.operate"

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class AlertEventInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = AlertEvent
    fields = ("seq", "at", "actor_label", "kind", "from_state", "to_state", "reason", "data")
    readonly_fields = fields
    ordering = ("seq",)
    extra = 0
    can_delete = False


@admin.register(Alert)
class AlertAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("id", "title", "category", "procedure", "state", "lead_agency", "deadline_at", "appeared_at")
    list_filter = ("state", "procedure", "category", "severity", "source", "sector")
    search_fields = ("title", "description", "external_ref")
    date_hierarchy = "appeared_at"
    inlines = (AlertEventInline,)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [field.name for field in Alert._meta.get_fields() if field.concrete]


@admin.register(AlertEvent)
class AlertEventAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("alert", "seq", "at", "actor_label", "kind", "from_state", "to_state")
    list_filter = ("kind",)
    search_fields = ("reason", "actor_label")
    date_hierarchy = "at"

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [field.name for field in AlertEvent._meta.get_fields() if field.concrete]


@admin.register(Outbox)
class OutboxAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("subject", "audience", "agency", "created_at", "sent_at")
    list_filter = ("audience", ("sent_at", admin.EmptyFieldListFilter))
    search_fields = ("subject", "body")

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [field.name for field in Outbox._meta.get_fields() if field.concrete]


@admin.register(AlertRule)
class AlertRuleAdmin(RoleAdminMixin, admin.ModelAdmin):
    view_permission = "alerts.operate"
    change_permission = "alerts.manage_rules"

    list_display = ("key", "name", "rule_type", "category", "severity", "procedure", "is_active")
    list_filter = ("rule_type", "category", "is_active")
    search_fields = ("key", "name")

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # alerts point at their rule; deactivate it instead


@admin.register(WorkdayAdjustment)
class WorkdayAdjustmentAdmin(RoleAdminMixin, admin.ModelAdmin):
    view_permission = "alerts.operate"
    change_permission = "alerts.manage_calendar"

    list_display = ("date", "kind", "reason")
    list_filter = ("kind",)
    date_hierarchy = "date"
    search_fields = ("reason",)
