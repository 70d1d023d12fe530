"""Admin of the IoT registry: devices (with their quantities and tokens) and the catalogue of quantities are kept by
the IOC; refusals, hourly and daily AQI, water samples' WQI, meters' days, camera events and street-light commands
are read-only records.
"""

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.admin_access import RecordsAdminMixin, RoleAdminMixin
from core.widgets import LocalGISModelAdmin
from iot.models import (
    AqiDaily,
    AqiHourly,
    CameraEvent,
    Device,
    DeviceQuantity,
    LightCommand,
    MeterDaily,
    Quantity,
    Reject,
    WqiSample,
)


class IotAdminMixin(RoleAdminMixin):
    view_permission = "iot.view"
    change_permission = "iot.manage"


class RecordAdminMixin(RecordsAdminMixin, IotAdminMixin):
    """Records written by the platform: viewable, never edited here."""


class DeviceQuantityInline(IotAdminMixin, admin.TabularInline):
    model = DeviceQuantity
    extra = 1


@admin.register(Device)
class DeviceAdmin(IotAdminMixin, LocalGISModelAdmin):
    list_display = ("code", "name", "kind", "agency", "status", "unit", "last_seen_at", "rejected_count")
    list_filter = ("kind", "status", "agency")
    search_fields = ("code", "name")
    readonly_fields = ("unit", "token_prefix", "last_seen_at", "rejected_count", "feed_alert", "created_at")
    inlines = (DeviceQuantityInline,)
    actions = ("issue_tokens",)

    @admin.action(description=gettext_lazy("Issue a new token (the old one stops working)"))
    def issue_tokens(self, request: HttpRequest, queryset: QuerySet[Device]) -> None:
        for device in queryset:
            raw = device.issue_token()
            # Shown once, like accounts' API tokens: only the hash is stored.
            self.message_user(
                request, _("New token of %(code)s: %(token)s") % {"code": device.code, "token": raw}, messages.WARNING
            )

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # readings point at their device; retire it instead


@admin.register(Quantity)
class QuantityAdmin(IotAdminMixin, admin.ModelAdmin):
    list_display = ("code", "name", "unit", "min_value", "max_value")
    search_fields = ("code", "name", "name_en")


@admin.register(Reject)
class RejectAdmin(RecordAdminMixin, admin.ModelAdmin):
    list_display = ("day", "device_ref", "channel", "reason", "count", "last_at")
    list_filter = ("reason", "channel", "day")
    search_fields = ("device_ref", "last_message")


@admin.register(AqiHourly)
class AqiHourlyAdmin(RecordAdminMixin, admin.ModelAdmin):
    list_display = ("device", "hour_end", "aqi", "dominant")
    list_filter = ("device",)
    search_fields = ("device__code", "device__name", "dominant")
    date_hierarchy = "hour_end"


@admin.register(AqiDaily)
class AqiDailyAdmin(RecordAdminMixin, admin.ModelAdmin):
    list_display = ("device", "day", "aqi", "dominant", "hours")
    list_filter = ("device",)
    search_fields = ("device__code", "device__name")
    date_hierarchy = "day"


@admin.register(WqiSample)
class WqiSampleAdmin(RecordAdminMixin, admin.ModelAdmin):
    list_display = ("device", "at", "wqi")
    list_filter = ("device",)
    search_fields = ("device__code", "device__name")
    date_hierarchy = "at"


@admin.register(MeterDaily)
class MeterDailyAdmin(RecordAdminMixin, admin.ModelAdmin):
    list_display = ("device", "day", "consumption", "quantity", "night_flow")
    list_filter = ("device",)
    search_fields = ("device__code", "device__name")
    date_hierarchy = "day"


@admin.register(CameraEvent)
class CameraEventAdmin(RecordAdminMixin, admin.ModelAdmin):
    list_display = ("device", "kind", "event_id", "at", "confidence", "alert")
    list_filter = ("kind", "device")
    search_fields = ("device__code", "device__name", "event_id")
    date_hierarchy = "at"


@admin.register(LightCommand)
class LightCommandAdmin(RecordAdminMixin, admin.ModelAdmin):
    list_display = ("id", "device", "action", "status", "sent_by", "created_at", "acked_at")
    list_filter = ("status", "action")
    search_fields = ("device__code", "device__name")
    date_hierarchy = "created_at"
