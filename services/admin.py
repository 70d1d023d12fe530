from django import forms
from django.contrib import admin

from accounts.admin_access import RoleAdminMixin
from alerts.api import Category
from iot.models import Device
from services.models import ServicePage


class ServicePageForm(forms.ModelForm):  # type: ignore[type-arg]
    """Choices as check boxes instead of comma-separated codes."""

    alert_categories = forms.TypedMultipleChoiceField(
        choices=Category.choices, required=False, widget=forms.CheckboxSelectMultiple,
        label=ServicePage._meta.get_field("alert_categories").verbose_name,
        help_text=ServicePage._meta.get_field("alert_categories").help_text,
    )  # fmt: skip
    device_kinds = forms.TypedMultipleChoiceField(
        choices=Device.Kind.choices, required=False, widget=forms.CheckboxSelectMultiple,
        label=ServicePage._meta.get_field("device_kinds").verbose_name,
        help_text=ServicePage._meta.get_field("device_kinds").help_text,
    )  # fmt: skip

    class Meta:
        model = ServicePage
        fields = (
            "sector",
            "summary",
            "summary_en",
            "layers",
            "indicators",
            "alert_sectors",
            "alert_categories",
            "report_categories",
            "device_kinds",
            "order",
            "is_active",
        )


@admin.register(ServicePage)
class ServicePageAdmin(RoleAdminMixin, admin.ModelAdmin):  # type: ignore[type-arg]
    """Service pages: the management agency configures them; a new service (item 16) is a new row."""

    form = ServicePageForm
    view_permission = "alerts.operate"
    change_permission = "agencies.manage"
    list_display = ("sector", "order", "is_active")
    list_editable = ("order", "is_active")
    list_select_related = ("sector",)
    filter_horizontal = ("layers", "indicators", "alert_sectors", "report_categories")
