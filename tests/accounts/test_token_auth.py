"""API tokens: 'Authorization: Token <secret>' authenticates, is recorded as used, and stops once revoked."""

import io
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from accounts.models import ApiToken, Role
from tests.agencies.factories import make_user
from tests.agencies.world import World


def _me(header: str) -> Any:
    return Client(headers={"Authorization": header}).get(reverse("accounts_api:me"))


def test_token_authenticates_as_its_user_and_records_its_use(world: World) -> None:
    token = ApiToken.objects.get(user=world.users["provider_token"])
    assert token.last_used_at is None

    response = _me(f"Token {world.provider_secret}")

    assert response.status_code == 200
    body = response.json()
    assert body["username"] == "provider"
    assert body["role"] == Role.DATA_PROVIDER
    assert body["agency"] == {"code": "agency-a", "name": "Agency agency-a"}
    assert body["authenticated_by"] == "token"
    assert "data.push" in body["permissions"]
    assert "agencies.view_contacts" not in body["permissions"]
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_revoked_token_is_refused(world: World) -> None:
    ApiToken.objects.get(user=world.users["provider_token"]).revoke()

    response = _me(f"Token {world.provider_secret}")

    assert response.status_code == 401
    assert response.json()["error"] == "not_authenticated"
    assert "revoked" in response.json()["message"]
    assert response["WWW-Authenticate"] == 'Token realm="ioc"'


def test_token_of_a_disabled_account_is_refused(world: World) -> None:
    world.users["provider_token"].is_active = False
    world.users["provider_token"].save()

    assert _me(f"Token {world.provider_secret}").status_code == 401


def test_unknown_token_is_refused_and_touches_nothing(world: World) -> None:
    response = _me("Token not-a-real-secret")

    assert response.status_code == 401
    assert ApiToken.objects.filter(last_used_at__isnull=False).count() == 0


def test_a_header_in_another_scheme_gets_a_message_saying_how_to_send_it(world: World) -> None:
    response = _me(f"Bearer {world.provider_secret}")

    assert response.status_code == 401
    assert "Authorization: Token <secret>" in response.json()["message"]


def test_only_the_hash_of_the_secret_is_stored(db: None) -> None:
    token, raw = ApiToken.issue(make_user("sys"), "gateway")

    stored = ApiToken.objects.filter(pk=token.pk).values().get()
    assert raw not in {str(value) for value in stored.values()}
    assert stored["key_hash"] == ApiToken.hash(raw)
    assert stored["prefix"] == raw[:8]


def test_command_issues_a_working_token_and_refuses_unknown_accounts(world: World) -> None:
    out = io.StringIO()

    call_command("issue_api_token", "provider", "flood gauges", stdout=out)

    secret = out.getvalue().strip().splitlines()[-1]
    assert ApiToken.objects.authenticate(secret).name == "flood gauges"  # type: ignore[union-attr]
    with pytest.raises(CommandError, match="nobody"):
        call_command("issue_api_token", "nobody", "x")
    assert ApiToken.objects.count() == 2
