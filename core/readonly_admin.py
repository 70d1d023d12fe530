"""The one read-only mixin of admin pages and inlines (no side effects on import, unlike core/admin.py)."""

from typing import Any

from django.http import HttpRequest


class ReadOnlyAdminMixin:
    """Show rows the platform writes (records, runs, computed tables) on an admin page or inline, never edit them.

    Put it before the class that decides who may view (accounts.admin_access.RoleAdminMixin, or Django's own model
    permissions). Deleting is refused too unless ``deletable`` is set, when that class decides as for any page.
    """

    deletable = False
    # Inlines: no empty rows to fill and no delete boxes.
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.deletable and super().has_delete_permission(request, obj)  # type: ignore[misc]
