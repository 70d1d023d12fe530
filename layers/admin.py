"""Admin of the layer catalogue; who may use it is decided by layers.access ("layers.manage")."""

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.forms import ModelForm
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from accounts.models import Role
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


class LayerAdminForm(forms.ModelForm):
    """The layer form, with the roles allowed to see a restricted layer picked by name, not typed as codes."""

    allowed_roles = forms.MultipleChoiceField(
        label=_("allowed roles"),
        choices=Role.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Restricted layers only: accounts with one of these roles may see the layer."),
    )

    class Meta:
        model = Layer
        fields = ("allowed_roles",)  # the admin's fieldsets add the rest


@admin.register(Layer)
class LayerAdmin(LayerManagerMixin, admin.ModelAdmin):
    form = LayerAdminForm
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
