"""django-axes: five failed sign-ins lock that username from that address; others are unaffected."""

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from tests.agencies.factories import make_user

PASSWORD = "correct horse battery staple"


@pytest.fixture
def alice(db: None) -> User:
    user = make_user("alice")
    user.set_password(PASSWORD)
    user.save()
    return user


def _login(client: Client, username: str, password: str, ip: str = "10.0.0.1") -> Any:
    return client.post(reverse("accounts:login"), {"username": username, "password": password}, REMOTE_ADDR=ip)


def _fail_five_times(client: Client) -> None:
    for _attempt in range(5):
        assert _login(client, "alice", "wrong password").status_code in (200, 429)


def test_correct_password_signs_in(alice: User) -> None:
    client = Client()

    response = _login(client, "alice", PASSWORD)

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(alice.pk)


def test_wrong_password_shows_the_form_again_with_an_error(alice: User) -> None:
    response = _login(Client(), "alice", "wrong password")

    assert response.status_code == 200
    assert response.context["form"].errors


def test_sixth_attempt_after_five_failures_is_refused_even_with_the_right_password(alice: User) -> None:
    client = Client()
    _fail_five_times(client)

    response = _login(client, "alice", PASSWORD)

    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_lockout_leaves_other_users_and_other_addresses_alone(alice: User) -> None:
    bob = make_user("bob")
    bob.set_password(PASSWORD)
    bob.save()
    _fail_five_times(Client())

    assert _login(Client(), "bob", PASSWORD).status_code == 302
    assert _login(Client(), "alice", PASSWORD, ip="10.0.0.2").status_code == 302
    assert _login(Client(), "alice", PASSWORD).status_code == 429
