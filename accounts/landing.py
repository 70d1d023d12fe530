"""Where each role lands after signing in: its own home page, unless the sign-in link asked for another (`next=`)."""

from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from accounts.models import Role, User

# Role -> URL name of its home page. The province's administrators and operators work from the console, agency
# officers from their inbox, data providers from the data hub, planners from the planners' page, and leaders and
# viewers from the dashboard.
ROLE_HOMES: dict[Role, str] = {
    Role.MANAGEMENT_ADMIN: "alerts:console",
    Role.OPERATOR: "alerts:console",
    Role.AGENCY_OFFICER: "alerts:inbox",
    Role.DATA_PROVIDER: "datahub:catalogue",
    Role.PLANNER: "planning:planners",
    Role.LEADER: "reports:dashboard",
    Role.VIEWER: "reports:dashboard",
}
PUBLIC_HOME = "portal:home"


def home_url(user: User | AnonymousUser) -> str:
    """Return the URL of the user's home page: its role's, or the public home for visitors."""
    if not isinstance(user, User):
        return reverse(PUBLIC_HOME)
    return reverse(ROLE_HOMES.get(Role(user.role), PUBLIC_HOME))
