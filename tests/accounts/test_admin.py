"""Admin of accounts: issuing and revoking tokens, and users whose role needs an agency."""

from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from accounts.models import ApiToken, Role, User
from tests.agencies.world import World


def _admin_client(world: World) -> Client:
    client = Client()
    client.force_login(world.users["management_admin"])
    return client


def test_issuing_a_token_shows_its_secret_once_and_stores_only_the_hash(world: World) -> None:
    client = _admin_client(world)
    provider = world.users["provider_token"]

    response = client.post(
        reverse("admin:accounts_apitoken_add"), {"user": provider.pk, "name": "water gauges"}, follow=True
    )

    token = ApiToken.objects.get(name="water gauges")
    shown = [str(message) for message in get_messages(response.wsgi_request)] or [
        str(message) for message in response.context["messages"]
    ]
    secret = next(message for message in shown if token.prefix in message).rsplit(" ", 1)[-1]
    assert ApiToken.objects.authenticate(secret) == token
    assert secret not in token.key_hash
    assert secret not in client.get(reverse("admin:accounts_apitoken_change", args=[token.pk])).content.decode()


def test_revoke_action_stops_the_selected_tokens(world: World) -> None:
    token = ApiToken.objects.get(user=world.users["provider_token"])

    _admin_client(world).post(
        reverse("admin:accounts_apitoken_changelist"),
        {"action": "revoke_tokens", "_selected_action": [token.pk]},
    )

    assert ApiToken.objects.authenticate(world.provider_secret) is None


def test_agency_officer_without_agency_is_refused_with_a_message_and_not_created(world: World) -> None:
    response = _admin_client(world).post(
        reverse("admin:accounts_user_add"),
        {
            "username": "no-agency",
            "usable_password": "false",
            "role": Role.AGENCY_OFFICER,
            "agency": "",
        },
    )

    assert response.status_code == 200
    assert "Agency officers and data providers must belong to an agency." in response.content.decode()
    assert not User.objects.filter(username="no-agency").exists()


def test_saving_a_user_in_the_admin_sets_staff_from_the_role(world: World) -> None:
    response = _admin_client(world).post(
        reverse("admin:accounts_user_add"),
        {"username": "new-operator", "usable_password": "false", "role": Role.OPERATOR, "agency": ""},
    )

    assert response.status_code == 302
    assert User.objects.get(username="new-operator").is_staff
