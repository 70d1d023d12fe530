"""Admin pages ask accounts.permissions, not Django's per-model permissions, so roles decide in one place."""

from typing import Any

from django.http import HttpRequest

from accounts.permissions import has_permission
from core.readonly_admin import ReadOnlyAdminMixin


class RoleAdminMixin:
    """Grant a ModelAdmin or inline from two permission names of accounts.permissions.PERMISSIONS."""

    view_permission: str = "accounts.manage_users"
    change_permission: str = "accounts.manage_users"

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self._may_view(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._may_view(request)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return has_permission(request.user, self.change_permission)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return has_permission(request.user, self.change_permission)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return has_permission(request.user, self.change_permission)

    def _may_view(self, request: HttpRequest) -> bool:
        return has_permission(request.user, self.view_permission) or has_permission(
            request.user, self.change_permission
        )


class RecordsAdminMixin(ReadOnlyAdminMixin, RoleAdminMixin):
    """Records the platform writes (events, runs, deliveries, audit entries): viewable by role, never edited here."""
