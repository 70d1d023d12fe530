"""Two-factor sign-in: operators and administrators enrol and give a code when REQUIRE_2FA is on; others may."""

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from pytest_django.fixtures import Settings as SettingsWrapper

from accounts.models import Role, User
from audit.models import AuditEntry, Kind
from tests.agencies.factories import make_user

PASSWORD = "correct horse battery staple"


def _account(username: str, role: str) -> User:
    user = make_user(username, role)
    user.set_password(PASSWORD)
    user.save()
    return user


@pytest.fixture
def require_2fa(settings: SettingsWrapper) -> SettingsWrapper:
    settings.REQUIRE_2FA = True
    return settings


@pytest.fixture
def operator(db: None) -> User:
    return _account("op", Role.OPERATOR)


@pytest.fixture
def viewer(db: None) -> User:
    return _account("leader", Role.VIEWER)


def _sign_in(client: Client, username: str, next_url: str = "") -> Any:
    data = {"username": username, "password": PASSWORD}
    if next_url:
        data["next"] = next_url
    return client.post(reverse("accounts:login"), data, REMOTE_ADDR="10.0.0.9")


def _code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def _confirmed_device(user: User) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="phone", confirmed=True)


def test_operator_without_a_device_is_sent_to_enrol_before_any_staff_page(require_2fa: Any, operator: User) -> None:
    client = Client()
    response = _sign_in(client, "op", "/alerts/console/")

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:two-factor-enrol"))
    console = client.get("/alerts/console/")
    assert console.status_code == 302
    assert console["Location"].startswith(reverse("accounts:two-factor-enrol"))
    page = client.get(console["Location"])
    assert page.status_code == 200
    assert b"<svg" in page.content  # the QR code, drawn on the server
    assert page.context["secret"].replace(" ", "")


def test_enrolment_with_a_wrong_code_is_refused_and_nothing_is_confirmed(require_2fa: Any, operator: User) -> None:
    client = Client()
    _sign_in(client, "op")
    client.get(reverse("accounts:two-factor-enrol"))
    device = TOTPDevice.objects.get(user=operator)
    wrong = f"{(int(_code(device)) + 1) % 1_000_000:06d}"

    response = client.post(reverse("accounts:two-factor-enrol"), {"code": wrong})

    assert response.status_code == 400
    assert "This code is wrong or has expired" in response.context["problem"]
    assert not TOTPDevice.objects.filter(user=operator, confirmed=True).exists()
    assert client.get("/alerts/console/").status_code == 302
    assert AuditEntry.objects.filter(kind=Kind.TWO_FACTOR_FAILED, user=operator).count() == 1


def test_enrolment_with_letters_says_how_to_type_the_code(require_2fa: Any, operator: User) -> None:
    client = Client()
    _sign_in(client, "op")

    response = client.post(reverse("accounts:two-factor-enrol"), {"code": "12ab56"})

    assert response.status_code == 400
    assert "6 digits" in response.context["problem"]
    assert not TOTPDevice.objects.filter(user=operator, confirmed=True).exists()


def test_enrolment_with_the_right_code_confirms_the_device_and_verifies_the_session(
    require_2fa: Any, operator: User
) -> None:
    client = Client()
    _sign_in(client, "op")
    client.get(reverse("accounts:two-factor-enrol"))
    device = TOTPDevice.objects.get(user=operator)

    response = client.post(reverse("accounts:two-factor-enrol"), {"code": _code(device), "next": "/alerts/console/"})

    assert response.status_code == 302
    assert response["Location"] == "/alerts/console/"
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/alerts/console/").status_code == 200
    assert AuditEntry.objects.filter(kind=Kind.TWO_FACTOR_ENROLLED, user=operator).exists()


def test_next_sign_in_asks_the_code_and_a_right_code_lets_in(require_2fa: Any, operator: User) -> None:
    device = _confirmed_device(operator)
    client = Client()

    response = _sign_in(client, "op", "/alerts/console/")

    assert response["Location"].startswith(reverse("accounts:two-factor-verify"))
    assert client.get("/alerts/console/")["Location"].startswith(reverse("accounts:two-factor-verify"))
    done = client.post(reverse("accounts:two-factor-verify"), {"code": _code(device), "next": "/alerts/console/"})
    assert done["Location"] == "/alerts/console/"
    assert client.get("/alerts/console/").status_code == 200


def test_wrong_codes_are_throttled_so_even_the_right_code_must_wait(require_2fa: Any, operator: User) -> None:
    require_2fa.OTP_TOTP_THROTTLE_FACTOR = 60  # a minute's wait, so a slow run cannot outlast it
    device = _confirmed_device(operator)
    client = Client()
    _sign_in(client, "op")
    wrong = f"{(int(_code(device)) + 1) % 1_000_000:06d}"

    first = client.post(reverse("accounts:two-factor-verify"), {"code": wrong})
    second = client.post(reverse("accounts:two-factor-verify"), {"code": _code(device)})

    assert first.status_code == 400
    assert second.status_code == 400
    assert "Too many wrong codes" in second.context["problem"]
    assert client.get("/alerts/console/").status_code == 302
    device.refresh_from_db()
    assert device.throttling_failure_count == 1


def test_an_api_call_of_an_unverified_session_is_refused_in_json(require_2fa: Any, operator: User) -> None:
    _confirmed_device(operator)
    client = Client()
    _sign_in(client, "op")

    response = client.get("/api/v1/me")

    assert response.status_code == 403
    assert "code" in response.json()["message"]


def test_a_viewer_is_not_forced_to_enrol(require_2fa: Any, viewer: User) -> None:
    client = Client()

    response = _sign_in(client, "leader")

    assert not response["Location"].startswith("/accounts/two-factor/")
    assert client.get(reverse("reports:dashboard")).status_code == 200


def test_a_viewer_who_enrolled_is_asked_the_code(viewer: User) -> None:
    _confirmed_device(viewer)
    client = Client()

    response = _sign_in(client, "leader")

    assert response["Location"].startswith(reverse("accounts:two-factor-verify"))


def test_with_require_2fa_off_nobody_is_forced(settings: SettingsWrapper, operator: User) -> None:
    settings.REQUIRE_2FA = False
    client = Client()

    response = _sign_in(client, "op", "/alerts/console/")

    assert response["Location"] == "/alerts/console/"
    assert client.get("/alerts/console/").status_code == 200


def test_the_admin_requires_verification(require_2fa: Any, db: None) -> None:
    admin = _account("boss", Role.MANAGEMENT_ADMIN)
    device = _confirmed_device(admin)
    client = Client()
    _sign_in(client, "boss")

    refused = client.get("/admin/")
    assert refused.status_code == 302
    assert refused["Location"].startswith(reverse("accounts:two-factor-verify"))
    client.post(reverse("accounts:two-factor-verify"), {"code": _code(device)})
    assert client.get("/admin/").status_code == 200


def test_an_administrator_sees_devices_without_their_secret_and_removes_a_lost_one(db: None) -> None:
    admin = _account("boss", Role.MANAGEMENT_ADMIN)
    lost = _confirmed_device(_account("op", Role.OPERATOR))
    client = Client()
    client.force_login(admin)

    listing = client.get("/admin/otp_totp/totpdevice/")
    page = client.get(f"/admin/otp_totp/totpdevice/{lost.pk}/change/")
    removed = client.post(f"/admin/otp_totp/totpdevice/{lost.pk}/delete/", {"post": "yes"})

    assert listing.status_code == 200 and b"op" in listing.content
    assert page.status_code == 200 and lost.key.encode() not in page.content
    assert removed.status_code == 302
    assert not TOTPDevice.objects.filter(pk=lost.pk).exists()
    assert AuditEntry.objects.filter(kind=Kind.ADMIN_DELETE, user=admin).exists()
