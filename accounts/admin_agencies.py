"""Admin of agencies: the sectors of Appendix I, agencies with their contacts, and the contacts on their own.

It lives in accounts because roles grant its pages (accounts.permissions); accounts.admin loads it.
"""

from typing import Any

from django.contrib import admin
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.admin_access import RoleAdminMixin
from accounts.permissions import has_permission
from agencies.forms import AgencyContactForm, ContactRosterFormSet
from agencies.models import Agency, AgencyContact, Sector


@admin.register(Sector)
class SectorAdmin(RoleAdminMixin, admin.ModelAdmin):
    view_permission = "agencies.manage_contacts"
    change_permission = "agencies.manage"

    list_display = ("number", "code", "name", "name_en", "is_active")
    list_display_links = ("code", "name")
    list_filter = ("is_active",)
    search_fields = ("code", "name", "name_en", "description")


class AgencyContactInline(RoleAdminMixin, admin.StackedInline):
    view_permission = change_permission = "agencies.manage_contacts"

    model = AgencyContact
    formset = ContactRosterFormSet
    # Stacked, a few fields to a line: as a table its nine columns made the agency page 2,600 px wide.
    fieldsets = (
        (
            None,
            {"fields": (("role", "full_name"), ("position", "phone"), ("email", "user"), ("since", "until"), "note")},
        ),
    )
    autocomplete_fields = ("user",)
    # A roster needs a leader and a focal person (Article 16.2): a new agency starts with two rows to fill.
    min_num = 2
    extra = 0
    verbose_name_plural = _("Contacts (required: one leader and at least one focal person in post)")

    def get_extra(self, request: HttpRequest, obj: Any = None, **kwargs: Any) -> int:
        return 1 if obj is not None else 0


# The agency's own fields, which only the management agency edits.
AGENCY_FIELDS = (
    "code", "name", "name_en", "kind", "sectors", "all_sectors",
    "whole_province", "units", "email", "phone", "is_active",
)  # fmt: skip


@admin.register(Agency)
class AgencyAdmin(RoleAdminMixin, admin.ModelAdmin):
    view_permission = "agencies.manage_contacts"
    change_permission = "agencies.manage_contacts"

    list_display = ("name", "code", "kind", "whole_province", "all_sectors", "is_active", "leader_name", "focal_count")
    list_filter = ("kind", "sectors", "whole_province", "all_sectors", "is_active")
    search_fields = ("name", "name_en", "code")
    filter_horizontal = ("sectors", "units")
    inlines = (AgencyContactInline,)

    class Media:
        css = {"all": ("agencies/admin.css",)}

    def get_queryset(self, request: HttpRequest) -> QuerySet[Agency]:
        today = timezone.localdate()
        in_post = Q(contacts__since__lte=today) & (Q(contacts__until__isnull=True) | Q(contacts__until__gte=today))
        focal = Count("contacts", filter=in_post & Q(contacts__role=AgencyContact.Role.FOCAL))
        leaders = Prefetch(
            "contacts", AgencyContact.objects.current().filter(role=AgencyContact.Role.LEADER), "current_leaders"
        )
        return super().get_queryset(request).annotate(focal_count=focal).prefetch_related(leaders)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        # Operators register staff changes (Article 16.2); only the management agency edits the agency itself.
        if has_permission(request.user, "agencies.manage"):
            return ()
        return AGENCY_FIELDS

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return has_permission(request.user, "agencies.manage")

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return has_permission(request.user, "agencies.manage")

    @admin.display(description=_("leader"))
    def leader_name(self, obj: Agency) -> str:
        return ", ".join(leader.full_name for leader in obj.current_leaders) or "—"  # type: ignore[attr-defined]

    @admin.display(description=_("focal persons"), ordering="focal_count")
    def focal_count(self, obj: Agency) -> int:
        return obj.focal_count  # type: ignore[attr-defined]


@admin.register(AgencyContact)
class AgencyContactAdmin(RoleAdminMixin, admin.ModelAdmin):
    view_permission = change_permission = "agencies.manage_contacts"

    form = AgencyContactForm
    list_display = ("full_name", "role", "agency", "position", "phone", "email", "since", "until")
    list_filter = ("role", "agency__kind", "until")
    search_fields = ("full_name", "email", "phone", "agency__name", "agency__code")
    list_select_related = ("agency",)
    autocomplete_fields = ("agency", "user")
    date_hierarchy = "since"

    class Media:
        css = {"all": ("agencies/admin.css",)}

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        # Moving a contact to another agency would bypass the roster check of the agency it leaves.
        return ("agency",) if obj is not None else ()

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # end a term with 'in post until' (or on the agency page) so the roster rule applies
