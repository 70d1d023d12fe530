"""Admin of the traffic service: detectors are linked to segments by the IOC; flows, congestion episodes and the
incident register are written by the platform and its pages, and are read here."""

from django.contrib import admin

from accounts.admin_access import RecordsAdminMixin, RoleAdminMixin
from core.widgets import LocalGISModelAdmin
from sectors.traffic.models import CongestionEpisode, Detector, SegmentFlow, TrafficIncident


class TrafficAdminMixin(RoleAdminMixin):
    view_permission = "iot.view"
    change_permission = "iot.manage"


class TrafficRecordMixin(RecordsAdminMixin, TrafficAdminMixin):
    """Records written by the platform: viewable, never edited here."""


@admin.register(Detector)
class DetectorAdmin(TrafficAdminMixin, admin.ModelAdmin):
    list_display = ("device", "edge")
    raw_id_fields = ("device", "edge")
    search_fields = ("device__code", "device__name", "edge__name")


@admin.register(SegmentFlow)
class SegmentFlowAdmin(TrafficRecordMixin, admin.ModelAdmin):
    list_display = ("edge", "step", "motorbikes", "cars", "trucks", "buses", "speed_kmh", "los")
    list_filter = ("step",)
    raw_id_fields = ("edge",)
    date_hierarchy = "step"


@admin.register(CongestionEpisode)
class CongestionEpisodeAdmin(TrafficRecordMixin, admin.ModelAdmin):
    list_display = ("edge", "started_at", "ended_at", "alert")
    raw_id_fields = ("edge", "alert")


@admin.register(TrafficIncident)
class IncidentAdmin(TrafficRecordMixin, LocalGISModelAdmin):
    list_display = ("__str__", "kind", "origin", "unit", "reported_at", "cleared_at", "escalated_at")
    list_filter = ("kind", "origin")
    raw_id_fields = ("edge", "alert", "field_report", "camera_event", "created_by")
    date_hierarchy = "reported_at"
