"""Admin of the fire registers, kept by the IOC (the registers are map layers of the catalogue, hence its permission);
fire police officers send their registers through the data hub."""

from typing import Any

from django.contrib import admin
from django.db import transaction
from django.http import HttpRequest

from accounts.admin_access import RoleAdminMixin
from core.readonly_admin import ReadOnlyAdminMixin
from core.widgets import LocalGISModelAdmin
from sectors.fire import rules
from sectors.fire.models import FireIncident, FireStation, Premises, StationCoverage, WaterSource


class FireAdminMixin(RoleAdminMixin):
    view_permission = "alerts.view"
    change_permission = "layers.manage"

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)  # type: ignore[misc]
        transaction.on_commit(rules.run)  # the rules see the change as soon as it is stored

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        super().delete_model(request, obj)  # type: ignore[misc]
        transaction.on_commit(rules.run)


@admin.register(WaterSource)
class WaterSourceAdmin(FireAdminMixin, LocalGISModelAdmin):
    list_display = ("code", "name", "kind", "status", "last_checked", "unit")
    list_filter = ("kind", "status")
    search_fields = ("code", "name")
    readonly_fields = ("unit", "delivery", "source_row", "updated_at")


@admin.register(FireStation)
class FireStationAdmin(FireAdminMixin, LocalGISModelAdmin):
    list_display = ("code", "name", "engines", "unit")
    search_fields = ("code", "name")
    readonly_fields = ("unit", "delivery", "source_row", "updated_at")


@admin.register(Premises)
class PremisesAdmin(FireAdminMixin, LocalGISModelAdmin):
    list_display = ("code", "name", "risk_group", "last_inspection", "next_due", "unit")
    list_filter = ("risk_group",)
    search_fields = ("code", "name", "address")
    readonly_fields = ("unit", "delivery", "source_row", "updated_at")


@admin.register(FireIncident)
class FireIncidentAdmin(FireAdminMixin, LocalGISModelAdmin):
    list_display = ("code", "title", "kind", "reported_at", "arrived_at", "closed_at", "station", "unit")
    list_filter = ("kind",)
    search_fields = ("code", "title", "address")
    readonly_fields = ("unit", "response_s", "delivery", "source_row", "updated_at")


@admin.register(StationCoverage)
class StationCoverageAdmin(ReadOnlyAdminMixin, FireAdminMixin, LocalGISModelAdmin):
    """Computed from the road network by sectors.fire.coverage: shown, never edited by hand."""

    list_display = ("station", "minutes", "network_version")
