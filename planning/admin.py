"""Admin of the planning app: the catalogue, plans with their revisions and documents, lots and status maps."""

from django.contrib import admin
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest

from core.widgets import LocalGISModelAdmin
from planning.models import (
    CurrentLandUse,
    LandUseCode,
    LandUseSurvey,
    Plan,
    PlanDocument,
    PlanRevision,
    RedLine,
    ZoningLot,
)


@admin.register(LandUseCode)
class LandUseCodeAdmin(admin.ModelAdmin):
    list_display = ("code", "name_vi", "name_en", "group", "colour", "disputed")
    list_filter = ("group", "disputed")
    search_fields = ("code", "name_vi", "name_en")
    # The catalogue comes from fixtures/landuse_codes.json (manage.py sync_landuse_codes); edit it there.
    readonly_fields = (
        "code",
        "name_vi",
        "name_en",
        "group",
        "colour",
        "basis",
        "disputed",
        "source_note",
        "sort_order",
    )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: LandUseCode | None = None) -> bool:
        return False


class PlanRevisionInline(admin.TabularInline):
    model = PlanRevision
    extra = 0
    fields = ("number", "title", "decision_number", "decision_date", "effective_from", "effective_to")
    show_change_link = True


class PlanDocumentInline(admin.TabularInline):
    model = PlanDocument
    extra = 0
    fields = ("title", "kind", "revision", "file", "url")
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(Plan)
class PlanAdmin(LocalGISModelAdmin):
    list_display = ("name", "plan_type", "status", "decision_number", "effective_from", "effective_to")
    list_filter = ("plan_type", "status")
    search_fields = ("name", "code", "decision_number")
    filter_horizontal = ("units",)
    inlines = (PlanRevisionInline, PlanDocumentInline)


@admin.register(PlanRevision)
class PlanRevisionAdmin(admin.ModelAdmin):
    list_display = ("plan", "number", "title", "decision_number", "effective_from", "effective_to")
    list_filter = ("plan",)
    list_select_related = ("plan",)
    readonly_fields = ("source_checksum", "created_at")


@admin.register(ZoningLot)
class ZoningLotAdmin(LocalGISModelAdmin):
    list_display = ("lot_code", "land_use", "function_name", "revision", "building_coverage_pct", "floor_area_ratio")
    list_filter = ("land_use__group", "revision__plan")
    list_select_related = ("land_use", "revision__plan")
    search_fields = ("lot_code", "function_name")
    raw_id_fields = ("revision",)
    autocomplete_fields = ("land_use",)

    def get_queryset(self, request: HttpRequest) -> QuerySet[ZoningLot]:
        # The list of 100,000 lots never shows polygons; the change form loads its one polygon when needed.
        return super().get_queryset(request).defer("geom")


@admin.register(RedLine)
class RedLineAdmin(LocalGISModelAdmin):
    list_display = ("reference", "revision")
    list_filter = ("revision__plan__plan_type", "revision__plan")
    list_select_related = ("revision__plan",)
    search_fields = ("reference", "revision__plan__code", "revision__plan__name")
    raw_id_fields = ("revision",)

    def get_queryset(self, request: HttpRequest) -> QuerySet[RedLine]:
        # The list never shows lines; the change form loads its one geometry.
        return super().get_queryset(request).defer("geom")


@admin.register(LandUseSurvey)
class LandUseSurveyAdmin(admin.ModelAdmin):
    list_display = ("name", "reference_date")
    filter_horizontal = ("units",)


@admin.register(CurrentLandUse)
class CurrentLandUseAdmin(LocalGISModelAdmin):
    list_display = ("survey", "land_use")
    list_filter = ("survey", "land_use__group", "land_use")
    list_select_related = ("survey", "land_use")
    search_fields = ("land_use__code", "land_use__name_vi", "land_use__name_en", "survey__name")
    autocomplete_fields = ("land_use",)

    def get_queryset(self, request: HttpRequest) -> QuerySet[CurrentLandUse]:
        # Thousands of polygons: the list shows none of them.
        return super().get_queryset(request).defer("geom")
