"""Admin of gis_core: the province and its units, edited on an offline map."""

from django.contrib import admin
from django.forms import ModelForm
from django.http import HttpRequest
from django.template.defaultfilters import floatformat
from django.urls import reverse_lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from core.widgets import LocalGISModelAdmin
from gis_core.models import AdminUnit, Province

# The other units, lightly simplified, as context while editing one boundary.
UNITS_REFERENCE_URL = format_lazy("{}?simplify=50", reverse_lazy("gis_core:units"))


@admin.register(Province)
class ProvinceAdmin(LocalGISModelAdmin):
    list_display = ("code", "name")
    search_fields = ("code", "name")


@admin.register(AdminUnit)
class AdminUnitAdmin(LocalGISModelAdmin):
    list_display = ("code", "name", "kind", "area", "geometry_source")
    list_filter = ("kind",)
    search_fields = ("code", "name")
    readonly_fields = ("area_km2",)
    gis_widget_kwargs = {"attrs": {"reference_url": UNITS_REFERENCE_URL}}

    @admin.display(description=_("area (km²)"), ordering="area_km2")
    def area(self, unit: AdminUnit) -> str:
        return floatformat(unit.area_km2, 2)

    def save_model(self, request: HttpRequest, obj: AdminUnit, form: ModelForm, change: bool) -> None:
        super().save_model(request, obj, form, change)
        # The area is derived from the boundary, never typed in.
        AdminUnit.objects.filter(pk=obj.pk).update_areas()
