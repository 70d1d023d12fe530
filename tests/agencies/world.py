"""A small shared world for the accounts and agencies tests: two agencies and one account per role."""

from dataclasses import dataclass

from django.test import Client

from accounts.models import ApiToken, Role, User
from agencies.models import Agency
from tests.agencies.factories import make_agency, make_unit, make_user


@dataclass
class World:
    agency_a: Agency
    agency_b: Agency
    users: dict[str, User]
    provider_secret: str


def build_world() -> World:
    """Agency A (a ward committee) and B, and one account per role; the provider calls with a token."""
    unit_a = make_unit("90001", "Phường Thử A")
    unit_b = make_unit("90002", "Phường Thử B", offset=0.1)
    agency_a = make_agency("agency-a", units=(unit_a,), all_sectors=True)
    agency_b = make_agency("agency-b", units=(unit_b,), all_sectors=True)
    users = {
        "management_admin": make_user("admin", Role.MANAGEMENT_ADMIN),
        "operator": make_user("operator", Role.OPERATOR),
        "officer_a": make_user("officer-a", Role.AGENCY_OFFICER, agency_a),
        "officer_b": make_user("officer-b", Role.AGENCY_OFFICER, agency_b),
        "provider_token": make_user("provider", Role.DATA_PROVIDER, agency_a),
        "viewer": make_user("viewer", Role.VIEWER),
    }
    _token, secret = ApiToken.issue(users["provider_token"], "sensor gateway")
    return World(agency_a, agency_b, users, secret)


def client_as(world: World, caller: str) -> Client:
    """A test client for a caller: a signed-in session, a token header, or nobody."""
    if caller == "anonymous":
        return Client()
    if caller == "provider_token":
        return Client(headers={"Authorization": f"Token {world.provider_secret}"})
    client = Client()
    client.force_login(world.users[caller])
    return client
