"""Demo data of accounts: one account per role, without a usable password unless DEMO_PASSWORD is set."""

from dataclasses import dataclass
from typing import TextIO

from accounts.models import AGENCY_BOUND_ROLES, Role, User
from accounts.permissions import roles_with
from agencies.demo import Tally, upsert
from agencies.models import Agency
from config.env import env_str


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: Role
    agency_code: str | None
    first_name: str
    last_name: str
    superuser: bool = False


DEMO_ACCOUNTS = [
    DemoAccount("demo-admin", Role.MANAGEMENT_ADMIN, "so-khcn", "Quản trị", "Demo", superuser=True),
    DemoAccount("demo-operator", Role.OPERATOR, "ttcds", "Vận hành", "Demo"),
    DemoAccount("demo-agency", Role.AGENCY_OFFICER, "ubnd-22366", "Cán bộ", "Demo"),
    DemoAccount("demo-press", Role.AGENCY_OFFICER, "so-vhttdl", "Cán bộ báo chí", "Demo"),
    DemoAccount("demo-provider", Role.DATA_PROVIDER, "so-nnmt", "Cung cấp dữ liệu", "Demo"),
    DemoAccount("demo-planner", Role.PLANNER, None, "Cán bộ quy hoạch", "Demo"),
    DemoAccount("demo-leader", Role.LEADER, None, "Lãnh đạo", "Demo"),
    DemoAccount("demo-cyber", Role.AGENCY_OFFICER, "ca-tinh", "An ninh mạng", "Demo"),
    DemoAccount("demo-viewer", Role.VIEWER, None, "Người xem", "Demo"),
    DemoAccount("demo-traffic", Role.AGENCY_OFFICER, "ca-tinh", "Cảnh sát giao thông", "Demo"),
    DemoAccount("demo-fire", Role.AGENCY_OFFICER, "ca-tinh-pccc", "Cảnh sát PCCC", "Demo"),
    DemoAccount("demo-health", Role.AGENCY_OFFICER, "so-yt", "Cán bộ y tế", "Demo"),
    DemoAccount("demo-education", Role.AGENCY_OFFICER, "so-gddt", "Cán bộ giáo dục", "Demo"),
]


def load(stdout: TextIO) -> Tally:
    """Upsert the demo accounts; a second run writes nothing and says so."""
    tally = Tally()
    password = env_str("DEMO_PASSWORD", "")
    for account in DEMO_ACCOUNTS:
        agency = Agency.objects.filter(code=account.agency_code).first() if account.agency_code else None
        if agency is None and account.role in AGENCY_BOUND_ROLES:
            stdout.write(f"accounts: {account.username} skipped: agency {account.agency_code} is missing.\n")
            continue
        user, outcome = upsert(User, {"username": account.username}, _values(account, agency))
        if _set_password(user, password):
            outcome = "created" if outcome == "created" else "updated"
        tally.add("accounts", outcome)
    stdout.write(tally.summary("accounts") + "\n")
    stdout.write(
        "accounts: demo passwords set from DEMO_PASSWORD.\n"
        if password
        else "accounts: demo accounts have no usable password; set DEMO_PASSWORD and reload to sign in.\n"
    )
    return tally


def _values(account: DemoAccount, agency: Agency | None) -> dict[str, object]:
    return {
        "role": account.role,
        "agency": agency,
        "first_name": account.first_name,
        "last_name": account.last_name,
        "email": f"{account.username.replace('-', '.')}@khanhhoa.gov.vn",
        "is_active": True,
        "is_superuser": account.superuser,
        "is_staff": account.superuser or account.role in roles_with("admin.access"),
    }


def _set_password(user: User, password: str) -> bool:
    """Give the account DEMO_PASSWORD, or an unusable one without it; return whether it had to change."""
    if password:
        if user.check_password(password):
            return False
        user.set_password(password)
    elif user.has_usable_password():
        user.set_unusable_password()
    else:
        return False
    user.save(update_fields=["password"])
    return True
