from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from accounts.admin_access import RoleAdminMixin
from indicators.models import DossierStat, Indicator, IndicatorValue


@admin.register(Indicator)
class IndicatorAdmin(RoleAdminMixin, admin.ModelAdmin):  # type: ignore[type-arg]
    """The indicator catalogue: the management agency and the operators keep it."""

    view_permission = "alerts.operate"
    change_permission = "alerts.operate"
    list_display = ("code", "name", "unit", "period", "level", "agency", "target", "warn_above", "warn_below")
    list_filter = ("period", "level", "agency")
    search_fields = ("code", "name", "name_en")


class ReadOnly(RoleAdminMixin):
    view_permission = "alerts.operate"
    change_permission = "alerts.operate"

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False  # values arrive only through datasets, with their lineage

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(IndicatorValue)
class IndicatorValueAdmin(ReadOnly, admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("indicator", "period_start", "unit", "value", "delivery", "source_ref")
    list_filter = ("indicator__period", "indicator__agency", "indicator")
    list_select_related = ("indicator", "unit", "delivery__dataset")
    search_fields = ("indicator__code", "indicator__name", "unit__name", "unit__code", "source_ref")
    date_hierarchy = "period_start"


@admin.register(DossierStat)
class DossierStatAdmin(ReadOnly, admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("agency", "unit", "period_start", "received", "on_time", "late", "in_progress")
    list_filter = ("agency",)
    list_select_related = ("agency", "unit")
    search_fields = ("agency__name", "agency__code", "unit__name", "unit__code")
    date_hierarchy = "period_start"
