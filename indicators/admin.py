from django.contrib import admin

from accounts.admin_access import RecordsAdminMixin, RoleAdminMixin
from indicators.models import DossierStat, Indicator, IndicatorValue


@admin.register(Indicator)
class IndicatorAdmin(RoleAdminMixin, admin.ModelAdmin):  # type: ignore[type-arg]
    """The indicator catalogue: the management agency and the operators keep it."""

    view_permission = "alerts.operate"
    change_permission = "alerts.operate"
    list_display = ("code", "name", "unit", "period", "level", "agency", "target", "warn_above", "warn_below")
    list_filter = ("period", "level", "agency")
    search_fields = ("code", "name", "name_en")


class ReadOnly(RecordsAdminMixin):
    """Values arrive only through datasets, with their lineage: nobody adds, changes or deletes them here."""

    view_permission = "alerts.operate"
    change_permission = "alerts.operate"


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
