"""Admin of field reports: the management agency edits categories and Open311 clients; operators read reports,
their contacts and likely duplicates, and merge duplicates (the alert's steps go through the alerts API)."""

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.forms import ModelForm
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.admin_access import RoleAdminMixin
from accounts.permissions import has_permission
from core.errors import IOCError
from core.readonly_admin import ReadOnlyAdminMixin
from fieldreports import handling
from fieldreports.models import (
    CategoryAttribute,
    FieldReport,
    Open311Client,
    ReportCategory,
    ReportContact,
    ReportPhoto,
)


class CategoryAttributeInline(RoleAdminMixin, admin.TabularInline):
    view_permission = "alerts.operate"
    change_permission = "fieldreports.manage_categories"
    model = CategoryAttribute
    extra = 0
    fields = ("order", "code", "datatype", "variable", "required", "description", "description_en",
              "datatype_description", "values")  # fmt: skip


@admin.register(ReportCategory)
class ReportCategoryAdmin(RoleAdminMixin, admin.ModelAdmin):
    view_permission = "alerts.operate"
    change_permission = "fieldreports.manage_categories"
    list_display = ("service_code", "name", "name_en", "kind", "sector", "group", "order", "is_active")
    list_filter = ("kind", "sector", "is_active")
    list_editable = ("order", "is_active")
    search_fields = ("service_code", "name", "name_en", "keywords")
    inlines = (CategoryAttributeInline,)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # reports keep their category; deactivate it instead


@admin.register(Open311Client)
class Open311ClientAdmin(RoleAdminMixin, admin.ModelAdmin):
    view_permission = change_permission = "fieldreports.manage_categories"
    list_display = ("name", "organisation", "prefix", "is_active", "shared_address", "created_at", "last_used_at")
    list_filter = ("is_active", "shared_address")
    search_fields = ("name", "organisation", "prefix")
    readonly_fields = ("prefix", "created_at", "last_used_at")

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # reports name the client that sent them; deactivate it instead

    def save_model(self, request: HttpRequest, obj: Open311Client, form: ModelForm, change: bool) -> None:
        raw = None if change else obj.assign_key()
        super().save_model(request, obj, form, change)
        if raw is not None:
            message = gettext("api_key of “%(name)s”, shown only now; copy it: %(key)s") % {
                "name": obj.name,
                "key": raw,
            }
            self.message_user(request, message, messages.WARNING)


class ReportContactInline(ReadOnlyAdminMixin, RoleAdminMixin, admin.StackedInline):
    """Personal data: only for those holding fieldreports.view_contacts; nobody edits it here."""

    view_permission = change_permission = "fieldreports.view_contacts"
    model = ReportContact
    fields = ("first_name", "last_name", "phone", "email", "device_id", "account_id", "consent_at")
    readonly_fields = fields


class ReportPhotoInline(ReadOnlyAdminMixin, RoleAdminMixin, admin.TabularInline):
    view_permission = change_permission = "alerts.operate"
    model = ReportPhoto
    fields = ("position", "preview", "content_type", "width", "height", "size_bytes", "exif_kept")
    readonly_fields = fields

    @admin.display(description=_("photo"))
    def preview(self, photo: ReportPhoto) -> SafeString:
        url = reverse("fieldreports:photo", args=[photo.name])
        return format_html('<a href="{0}"><img src="{0}" alt="" style="max-height:6rem"></a>', url)


@admin.register(FieldReport)
class FieldReportAdmin(RoleAdminMixin, admin.ModelAdmin):
    view_permission = "alerts.operate"
    change_permission = "fieldreports.merge"
    list_display = ("tracking_code", "category", "channel", "public_status_label", "alert_link", "unit",
                    "submitted_at", "merged_into")  # fmt: skip
    list_filter = ("category", "channel", "alert__state", ("merged_into", admin.EmptyFieldListFilter))
    search_fields = ("tracking_code", "description", "address")
    date_hierarchy = "submitted_at"
    list_select_related = ("category", "alert", "unit", "merged_into")
    inlines = (ReportContactInline, ReportPhotoInline)
    actions = ("merge_into_oldest",)
    fields = ("tracking_code", "category", "channel", "client", "alert_link", "public_status_label", "unit",
              "address", "geom", "description", "attributes", "media_url", "submitted_at", "likely_duplicates",
              "merged_into", "merged_at", "merged_by", "public_answer", "public_answer_at", "public_answer_by",
              "public_reason")  # fmt: skip

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        return self.fields  # type: ignore[return-value]  # steps go through handling, never through this form

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False  # reports come through the public page, Open311 or the staff form

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.display(description=_("public status"))
    def public_status_label(self, report: FieldReport) -> str:
        return str(report.public_status.label)

    @admin.display(description=_("alert"))
    def alert_link(self, report: FieldReport) -> SafeString:
        url = reverse("admin:alerts_alert_change", args=[report.alert_id])
        return format_html('<a href="{}">#{} {}</a>', url, report.alert_id, report.alert.get_state_display())

    @admin.display(description=_("likely duplicates"))
    def likely_duplicates(self, report: FieldReport) -> SafeString:
        rows = [(reverse("admin:fieldreports_fieldreport_change", args=[item.pk]), item.tracking_code,
                 item.submitted_at.strftime("%d/%m/%Y %H:%M")) for item in report.likely_duplicates()]  # fmt: skip
        if not rows:
            return format_html("{}", gettext("none"))
        return format_html_join(", ", '<a href="{}">{}</a> ({})', rows)

    @admin.action(description=_("Merge the selected reports into the oldest one"))
    def merge_into_oldest(self, request: HttpRequest, queryset: QuerySet[FieldReport]) -> None:
        if not has_permission(request.user, "fieldreports.merge"):
            self.message_user(request, gettext("Only IOC operators merge reports."), messages.ERROR)
            return
        reports = list(queryset.order_by("submitted_at", "pk"))
        if len(reports) < 2:
            self.message_user(request, gettext("Select at least two reports to merge."), messages.ERROR)
            return
        try:
            root = handling.merge_reports(reports[0], reports[1:], request.user)  # type: ignore[arg-type]
        except IOCError as error:
            self.message_user(request, error.message, messages.ERROR)
            return
        self.message_user(request, gettext("%(n)d report(s) merged into %(code)s.")
                          % {"n": len(reports) - 1, "code": root.tracking_code}, messages.SUCCESS)  # fmt: skip
