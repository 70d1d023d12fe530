"""A small cyber world: the cyber-security sector, the police's cyber team, two owner agencies with one system each,
and one account per role (admin, operator, officers of the owner, of another agency and of the team, provider,
viewer)."""

import dataclasses
import datetime

from accounts.models import ApiToken, Role, User
from agencies.models import Agency, Sector
from sectors.cyber.models import Hosting, InformationSystem
from tests.agencies.factories import make_agency, make_user


@dataclasses.dataclass
class CyberWorld:
    sector: Sector
    team: Agency
    owner: Agency
    other: Agency
    portal: InformationSystem
    mail: InformationSystem
    users: dict[str, User]
    soc_token: str


def build_world() -> CyberWorld:
    sector, _created = Sector.objects.get_or_create(
        code="cyber-security", defaults={"number": 9, "name": "An ninh mạng", "name_en": "Cyber-security"}
    )
    team = make_agency("ca-tinh", sectors=(sector,), whole_province=True)
    owner = make_agency("so-tc")
    other = make_agency("so-yt")
    portal = InformationSystem.objects.create(
        code="cong-dvc", name="Cổng dịch vụ công", owner=owner, hosting=Hosting.PROVINCIAL_DATA_CENTRE,
        security_level=3, level_dossier_approved=True, last_assessed_on=datetime.date(2025, 6, 1),
    )  # fmt: skip
    mail = InformationSystem.objects.create(
        code="thu-cong-vu", name="Thư công vụ", owner=other, hosting=Hosting.AGENCY_PREMISES, security_level=2,
    )  # fmt: skip
    users = {
        "admin": make_user("c-admin", Role.MANAGEMENT_ADMIN, is_superuser=True),
        "operator": make_user("c-operator", Role.OPERATOR),
        "owner": make_user("c-owner", Role.AGENCY_OFFICER, owner),
        "other": make_user("c-other", Role.AGENCY_OFFICER, make_agency("ubnd-x")),
        "team": make_user("c-team", Role.AGENCY_OFFICER, team),
        "provider": make_user("c-provider", Role.DATA_PROVIDER, make_agency("so-nn")),
        "viewer": make_user("c-viewer", Role.VIEWER),
        "soc": make_user("c-soc", Role.DATA_PROVIDER, team),
    }
    _token, secret = ApiToken.issue(users["soc"], "SOC")
    return CyberWorld(sector, team, owner, other, portal, mail, users, secret)
