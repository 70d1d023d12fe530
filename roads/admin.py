"""Admin of the road network: segments can be read and corrected; the network itself comes from import_roads."""

from django.contrib import admin

from accounts.admin_access import RoleAdminMixin
from core.widgets import LocalGISModelAdmin
from roads.models import RoadEdge, RoadNetwork


class RoadsAdminMixin(RoleAdminMixin):
    view_permission = "layers.manage"
    change_permission = "layers.manage"


@admin.register(RoadEdge)
class RoadEdgeAdmin(RoadsAdminMixin, LocalGISModelAdmin):
    list_display = ("id", "name", "road_class", "oneway", "speed_kmh", "length_m", "unit")
    list_filter = ("road_class", "oneway")
    search_fields = ("name",)
    readonly_fields = ("source", "target", "length_m", "cost_s", "reverse_cost_s", "unit")


@admin.register(RoadNetwork)
class RoadNetworkAdmin(RoadsAdminMixin, admin.ModelAdmin):
    list_display = ("source", "version", "synthetic", "imported_at")
    readonly_fields = ("source", "version", "synthetic", "imported_at", "report")

    def has_add_permission(self, *args: object, **kwargs: object) -> bool:
        return False
