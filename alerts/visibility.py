"""Who may know of a restricted alert: the leadership, and the agencies it names (see alerts.models for queries)."""

from typing import TYPE_CHECKING, Any

from accounts.models import Role
from alerts.choices import RESTRICTED_CATEGORIES, Audience

if TYPE_CHECKING:
    from alerts.models import Alert


def sees_all_restricted(user: Any) -> bool:
    """Whether the account belongs to the leadership (leaders, viewers), who see every restricted alert and its data."""
    return bool(
        user is not None and user.is_authenticated and user.is_active and user.role in {Role.LEADER, Role.VIEWER}
    )


def may_be_told(alert: "Alert", audience: str, agency_id: int | None) -> bool:
    """The same rule for notices: a restricted alert is told only to the leadership and the agencies it names."""
    if alert.category not in RESTRICTED_CATEGORIES:
        return True
    if agency_id is None:
        return audience in (Audience.PROVINCE_LEADERSHIP, Audience.PROVINCE_COMMITTEE)
    named = set(alert.details.get("restricted_to", [])) | {alert.lead_agency_id}
    return agency_id in named or alert.coordinating_agencies.filter(pk=agency_id).exists()
