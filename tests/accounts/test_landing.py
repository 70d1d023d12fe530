"""After signing in, each role lands on its own home page; a `next=` in the sign-in link still wins."""

import pytest
from django.test import Client
from django.urls import reverse

from accounts.landing import ROLE_HOMES
from accounts.models import Role
from tests.agencies.world import World

PASSWORD = "a-long-passphrase-1"

LANDINGS = [
    ("management_admin", "/alerts/console/"),
    ("operator", "/alerts/console/"),
    ("officer_a", "/alerts/inbox/"),
    ("provider_token", "/data/"),
    ("planner", "/planning/planners/"),
    ("leader", "/reports/dashboard/"),
    ("viewer", "/reports/dashboard/"),
]


def _sign_in(world: World, caller: str, next_url: str | None = None) -> str:
    user = world.users[caller]
    user.set_password(PASSWORD)
    user.save(update_fields=["password"])
    data = {"username": user.username, "password": PASSWORD}
    if next_url is not None:
        data["next"] = next_url
    response = Client().post(reverse("accounts:login"), data)
    assert response.status_code == 302, response.content[:300]
    return str(response["Location"])


def test_every_role_has_a_home_page() -> None:
    assert set(ROLE_HOMES) == set(Role)


@pytest.mark.parametrize(("caller", "home"), LANDINGS)
def test_each_role_lands_on_its_own_home_after_signing_in(world: World, caller: str, home: str) -> None:
    assert _sign_in(world, caller) == home


@pytest.mark.parametrize(("caller", "home"), LANDINGS)
def test_the_home_page_opens_for_the_role_that_lands_there(world: World, caller: str, home: str) -> None:
    client = Client()
    client.force_login(world.users[caller])

    assert client.get(home).status_code == 200


@pytest.mark.parametrize("caller", ["operator", "officer_a", "planner", "leader", "viewer"])
def test_next_in_the_sign_in_link_wins_over_the_role_home(world: World, caller: str) -> None:
    assert _sign_in(world, caller, next_url="/planning/?lat=12.24") == "/planning/?lat=12.24"


def test_a_next_to_another_site_is_ignored_and_the_role_home_used(world: World) -> None:
    assert _sign_in(world, "officer_a", next_url="https://evil.example/phish") == "/alerts/inbox/"


def test_the_sign_in_form_carries_next_through(world: World) -> None:
    html = Client().get(reverse("accounts:login") + "?next=/indicators/").content.decode()

    assert '<input type="hidden" name="next" value="/indicators/">' in html
