"""Admin of the layer catalogue; who may use it is decided by layers.access ("layers.manage")."""

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.forms import ModelForm
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from layers import access
from layers.models import Layer


class LayerManagerMixin:
    """Grant the page to holders of layers.manage (accounts.permissions or its pending stand-in)."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return access.may(request.user, "layers.manage")

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return access.may(request.user, "layers.manage")

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return access.may(request.user, "layers.manage")

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return access.may(request.user, "layers.manage")

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return access.may(request.user, "layers.manage")


@admin.register(Layer)
class LayerAdmin(LayerManagerMixin, admin.ModelAdmin):
    list_display = ("slug", "title", "kind", "source_kind", "access", "published_ogc", "published_tiles",
                    "feature_count", "data_version", "last_updated")  # fmt: skip
    list_filter = ("kind", "source_kind", "access", "published_ogc", "published_tiles", "owner")
    search_fields = ("slug", "title", "title_en", "description", "keywords")
    filter_horizontal = ("allowed_agencies",)
    readonly_fields = ("geometry_type", "fields", "extent", "feature_count", "data_version", "last_updated",
                       "raster_path", "raster")  # fmt: skip
    actions = ("mark_data_changed",)
    fieldsets = (
        (None, {"fields": ("slug", "title", "title_en", "description", "description_en", "keywords", "owner")}),
        (_("Provenance"), {"fields": ("source", "licence", "update_frequency", "last_updated")}),
        (_("Storage"), {"fields": ("kind", "source_kind", "schema_name", "table_name", "geometry_column", "id_column",
                                   "geometry_type", "fields", "extent", "feature_count", "data_version",
                                   "raster_path", "raster")}),
        (_("Access"), {"fields": ("access", "allowed_roles", "allowed_agencies")}),
        (_("Publication and style"), {"fields": ("published_ogc", "published_tiles", "style")}),
        (_("Tiles"), {"fields": ("tile_minzoom", "tile_maxzoom", "tile_attributes", "tile_simplify_px",
                                 "tile_simplify_below_zoom", "tile_feature_limit")}),
    )  # fmt: skip

    def save_model(self, request: HttpRequest, obj: Layer, form: ModelForm, change: bool) -> None:
        super().save_model(request, obj, form, change)
        obj.sync_with_source()

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Layer]) -> None:
        for layer in queryset:  # one by one, so each uploaded layer's table goes with it
            layer.delete()

    @admin.action(description=_("Mark the data of the selected layers as changed (renews their tiles)"))
    def mark_data_changed(self, request: HttpRequest, queryset: QuerySet[Layer]) -> None:
        for layer in queryset:
            layer.bump_data_version()
            layer.refresh_summary()
        self.message_user(
            request, _("%(count)d layer(s) marked as changed.") % {"count": len(queryset)}, messages.SUCCESS
        )
