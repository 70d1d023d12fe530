"""Who may see a layer and who may manage or upload it; the one place these rules live.

Seeing: public layers are open to everyone; internal layers to any signed-in, active user; restricted layers
to superusers, to the roles and agencies the layer names, and to the agency that owns it.

Managing (metadata of any layer) and uploading (data of a layer of one's own agency) are the permissions
"layers.manage" and "layers.upload" of accounts.permissions.PERMISSIONS.
"""

from collections.abc import Collection
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.permissions import authenticate_request, has_permission, require_permission
from core.errors import Forbidden, NotAuthenticated

PUBLIC = "public"
INTERNAL = "internal"
RESTRICTED = "restricted"

type Viewer = User | AnonymousUser | None


def viewer(request: HttpRequest) -> Viewer:
    """Return the caller: the account of an 'Authorization: Token' header, else the session's user."""
    if request.headers.get("Authorization"):
        authenticate_request(request)  # raises NotAuthenticated for a bad token
    return request.user


def signed_in(user: Viewer) -> bool:
    """Whether the user is a signed-in, active account."""
    return user is not None and user.is_authenticated and user.is_active


def may_view(
    access: str, allowed_roles: Collection[str], allowed_agency_ids: Collection[int], owner_id: int | None, user: Viewer
) -> bool:
    """Whether the user may see a layer with these access settings."""
    if access == PUBLIC:
        return True
    if not signed_in(user):
        return False
    if access == INTERNAL or user.is_superuser:  # type: ignore[union-attr]
        return True
    agency_id = getattr(user, "agency_id", None)
    if getattr(user, "role", None) in allowed_roles:
        return True
    return agency_id is not None and (agency_id in allowed_agency_ids or agency_id == owner_id)


def check_view(
    access: str, allowed_roles: Collection[str], allowed_agency_ids: Collection[int], owner_id: int | None, user: Viewer
) -> None:
    """Raise NotAuthenticated (anonymous) or Forbidden unless the user may see the layer."""
    if may_view(access, allowed_roles, allowed_agency_ids, owner_id, user):
        return
    if not signed_in(user):
        raise NotAuthenticated(_("This layer is not public: sign in or send 'Authorization: Token <secret>'."))
    raise Forbidden(_("This layer is restricted to named roles and agencies; yours is not among them."))


def may(user: Viewer, perm: str, obj: Any = None) -> bool:
    """Whether the user holds a layers permission (for obj when given)."""
    return has_permission(user, perm, obj)


def require(user: Viewer, perm: str, obj: Any = None) -> None:
    """Raise NotAuthenticated or Forbidden unless the user holds the layers permission."""
    require_permission(user, perm, obj)
