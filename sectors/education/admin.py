"""Admin of the schools register: kept by the IOC; closures are a read-only history (staff close on the web page)."""

from django.contrib import admin

from accounts.admin_access import RecordsAdminMixin, RoleAdminMixin
from core.widgets import LocalGISModelAdmin
from sectors.education.models import Closure, School


class EducationAdminMixin(RoleAdminMixin):
    view_permission = "alerts.view"
    change_permission = "layers.manage"


@admin.register(School)
class SchoolAdmin(EducationAdminMixin, LocalGISModelAdmin):
    list_display = ("code", "name", "level", "ownership", "unit", "enrolment", "teachers", "closed")
    list_filter = ("level", "ownership", "closed")
    search_fields = ("code", "name")


@admin.register(Closure)
class ClosureAdmin(RecordsAdminMixin, EducationAdminMixin, admin.ModelAdmin):
    list_display = ("school", "action", "reason", "at", "by")
