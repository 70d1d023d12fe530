"""Admin of alerts: alerts and events read-only (steps go through the procedure), rules, routing table, outbox (with
the sending app's inlines, alerts.couriers), province recipients, CAP feeds and receipts."""

from typing import Any

from django.contrib import admin, messages
from django.contrib.admin.options import InlineModelAdmin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts.admin_access import RecordsAdminMixin, RoleAdminMixin
from alerts import cap_import
from alerts.couriers import OUTBOX_INLINES
from alerts.models import (
    Alert,
    AlertEvent,
    AlertRule,
    CapFeed,
    CapReceipt,
    Evidence,
    Outbox,
    ProvinceRecipient,
    QuickReport,
    SectorRoute,
    WorkdayAdjustment,
)
from core import registry

RULE_PARAMS_HELP = _(
    'threshold: {"quantity": "water_level_cm", "threshold": 150, "direction": "above"}. '
    'spatial_intersection: {"hazard": {"source": "layer", "layer": "flood-extent", "filter": {"level": ["high"]}}, '
    '"exposure": {"source": "plan_lots", "land_use": ["ODT", "ONT"]}, "min_area_m2": 50, "min_percent": 10, '
    '"feature_label": "residential lots"}; the exposure may also be {"source": "current_land_use", '
    '"land_use": [...]} or a layer of schools, clinics or roads. '
    'raster_zonal: {"raster": {"layer": "flood-depth"}, "threshold": 0.5, "exposure": {...}, "min_area_m2": 20}.'
)

# Until accounts.permissions has alerts.manage_rules / alerts.manage_calendar, the management agency edits these.


class VisibleAlertsReadOnlyMixin(RecordsAdminMixin):
    """Records of alerts, viewable by IOC staff and only for alerts the user may see; never edited here."""

    view_permission = "alerts.operate"
    change_permission = "alerts.operate"
    # How a row reaches its alert ("" for the alert itself): rows of alerts the user may not see (restricted ones,
    # AlertQuerySet.visible_to) are left out of the admin too.
    alert_path = "alert"

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        queryset = super().get_queryset(request)  # type: ignore[misc]
        hidden = Alert.objects.exclude(pk__in=Alert.objects.visible_to(request.user).values("pk"))
        if not self.alert_path:
            return queryset.exclude(pk__in=hidden.values("pk"))
        return queryset.exclude(**{f"{self.alert_path}__in": hidden})


class AlertEventInline(VisibleAlertsReadOnlyMixin, admin.TabularInline):
    model = AlertEvent
    fields = ("seq", "at", "actor_label", "kind", "from_state", "to_state", "reason", "data")
    readonly_fields = fields
    ordering = ("seq",)
    extra = 0
    can_delete = False


@admin.register(Alert)
class AlertAdmin(VisibleAlertsReadOnlyMixin, admin.ModelAdmin):
    alert_path = ""
    list_display = ("id", "title", "category", "procedure", "state", "lead_agency", "deadline_at", "appeared_at")
    list_filter = ("state", "procedure", "category", "severity", "source", "sector")
    search_fields = ("title", "description", "external_ref")
    date_hierarchy = "appeared_at"
    inlines = (AlertEventInline,)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [field.name for field in Alert._meta.get_fields() if field.concrete]


@admin.register(AlertEvent)
class AlertEventAdmin(VisibleAlertsReadOnlyMixin, admin.ModelAdmin):
    list_display = ("alert", "seq", "at", "actor_label", "kind", "from_state", "to_state")
    list_filter = ("kind",)
    search_fields = ("reason", "actor_label")
    date_hierarchy = "at"

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [field.name for field in AlertEvent._meta.get_fields() if field.concrete]


@admin.register(Outbox)
class OutboxAdmin(VisibleAlertsReadOnlyMixin, admin.ModelAdmin):
    list_display = ("subject", "audience", "agency", "created_at", "sent_at", "undelivered")
    list_filter = ("audience", "undelivered", ("sent_at", admin.EmptyFieldListFilter))
    search_fields = ("subject", "body")

    def get_inlines(self, request: HttpRequest, obj: Any = None) -> list[type["InlineModelAdmin[Any, Any]"]]:
        # The messages of the notice, shown by the app that sends them (alerts.couriers.OUTBOX_INLINES).
        return [registry.load_class(OUTBOX_INLINES, name, InlineModelAdmin, "outbox inline") for name in OUTBOX_INLINES]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [field.name for field in Outbox._meta.get_fields() if field.concrete]


class NotificationSettingsAdmin(RoleAdminMixin, admin.ModelAdmin):
    view_permission = "alerts.operate"
    change_permission = "alerts.manage_rules"


@admin.register(ProvinceRecipient)
class ProvinceRecipientAdmin(NotificationSettingsAdmin):
    list_display = ("full_name", "audience", "position", "email", "phone", "is_active")
    list_filter = ("audience", "is_active")
    search_fields = ("full_name", "email", "phone")


@admin.register(Evidence)
class EvidenceAdmin(VisibleAlertsReadOnlyMixin, admin.ModelAdmin):
    list_display = ("title", "alert", "kind", "size_bytes", "gps_kept", "uploaded_by", "uploaded_at")
    list_filter = ("kind", "gps_kept")
    search_fields = ("title", "alert__title")

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [field.name for field in Evidence._meta.get_fields() if field.concrete]


@admin.register(QuickReport)
class QuickReportAdmin(VisibleAlertsReadOnlyMixin, admin.ModelAdmin):
    alert_path = "alerts"
    list_display = ("title", "created_by", "created_at", "size_bytes")

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [field.name for field in QuickReport._meta.get_fields() if field.concrete]


class CapReceiptInline(VisibleAlertsReadOnlyMixin, admin.TabularInline):
    model = CapReceipt
    fields = ("received_at", "sender", "identifier", "msg_type", "outcome", "reason", "alert")
    readonly_fields = fields
    extra = 0
    can_delete = False
    ordering = ("-received_at",)


@admin.register(CapFeed)
class CapFeedAdmin(RoleAdminMixin, admin.ModelAdmin):
    view_permission = "alerts.operate"
    change_permission = "alerts.manage_rules"

    list_display = ("name", "url", "is_active", "poll_every", "next_poll_at", "last_polled_at")
    list_filter = ("is_active",)
    readonly_fields = ("last_polled_at", "last_outcome")
    actions = ("poll_soon",)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # receipts point at their feed; deactivate it instead

    @admin.action(description=_("Read the selected feeds at the worker's next pass"), permissions=["change"])
    def poll_soon(self, request: HttpRequest, queryset: QuerySet[CapFeed]) -> None:
        count = cap_import.poll_now(queryset)
        self.message_user(request, ngettext("%(count)d feed will be read within a worker pass.",
                                            "%(count)d feeds will be read within a worker pass.", count)
                          % {"count": count})  # fmt: skip


@admin.register(CapReceipt)
class CapReceiptAdmin(VisibleAlertsReadOnlyMixin, admin.ModelAdmin):
    list_display = ("received_at", "feed", "sender", "identifier", "msg_type", "outcome", "alert")
    list_filter = ("outcome", "feed")
    search_fields = ("identifier", "sender", "reason")

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [field.name for field in CapReceipt._meta.get_fields() if field.concrete]


@admin.register(AlertRule)
class AlertRuleAdmin(RoleAdminMixin, admin.ModelAdmin):
    view_permission = "alerts.operate"
    change_permission = "alerts.manage_rules"

    list_display = ("key", "name", "rule_type", "category", "severity", "is_active", "run_every", "last_run_at")
    list_filter = ("rule_type", "category", "is_active")
    search_fields = ("key", "name")
    readonly_fields = ("next_run_at", "last_run_at", "last_run")
    actions = ("run_soon",)

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any) -> Any:
        form = super().get_form(request, obj, change, **kwargs)
        if "params" in form.base_fields:
            form.base_fields["params"].help_text = RULE_PARAMS_HELP
        return form

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # alerts point at their rule; deactivate it instead

    @admin.action(description=_("Run the selected rules at the worker's next pass"), permissions=["change"])
    def run_soon(self, request: HttpRequest, queryset: QuerySet[AlertRule]) -> None:
        count = queryset.filter(is_active=True).update(next_run_at=timezone.now())
        self.message_user(
            request,
            ngettext("%(count)d rule will run within a worker pass.", "%(count)d rules will run within a worker pass.",
                     count) % {"count": count},
            messages.SUCCESS,
        )  # fmt: skip


@admin.register(SectorRoute)
class SectorRouteAdmin(RoleAdminMixin, admin.ModelAdmin):
    view_permission = "alerts.operate"
    change_permission = "alerts.manage_rules"

    list_display = ("sector", "category", "department", "department_leads", "note")
    list_filter = ("department_leads", "sector")


@admin.register(WorkdayAdjustment)
class WorkdayAdjustmentAdmin(RoleAdminMixin, admin.ModelAdmin):
    view_permission = "alerts.operate"
    change_permission = "alerts.manage_calendar"

    list_display = ("date", "kind", "reason")
    list_filter = ("kind",)
    date_hierarchy = "date"
    search_fields = ("reason",)
