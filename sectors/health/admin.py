"""Admin of the health registers: kept by the IOC; case counts arrive through the data hub and are read-only here."""

from django.contrib import admin

from accounts.admin_access import RecordsAdminMixin, RoleAdminMixin
from core.widgets import LocalGISModelAdmin
from sectors.health.models import CaseCount, CommunePopulation, Facility, VaccinationCoverage


class HealthAdminMixin(RoleAdminMixin):
    view_permission = "alerts.view"
    change_permission = "layers.manage"


@admin.register(Facility)
class FacilityAdmin(HealthAdminMixin, LocalGISModelAdmin):
    list_display = ("code", "name", "kind", "level", "unit", "beds", "occupied_beds")
    list_filter = ("kind", "level")
    search_fields = ("code", "name")


@admin.register(CaseCount)
class CaseCountAdmin(RecordsAdminMixin, HealthAdminMixin, admin.ModelAdmin):
    list_display = ("disease", "unit", "week_start", "cases", "deaths", "delivery")
    list_filter = ("disease",)
    date_hierarchy = "week_start"


@admin.register(CommunePopulation)
class CommunePopulationAdmin(HealthAdminMixin, admin.ModelAdmin):
    list_display = ("unit", "year", "population", "note")


@admin.register(VaccinationCoverage)
class VaccinationCoverageAdmin(HealthAdminMixin, admin.ModelAdmin):
    list_display = ("unit", "year", "target_children", "fully_immunised")
