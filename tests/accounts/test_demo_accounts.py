"""Demo accounts: one per role, no usable password unless DEMO_PASSWORD is set, and a rerun writes nothing."""

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts import demo as accounts_demo
from accounts.models import Role, User
from agencies import demo as agencies_demo
from tests.agencies.factories import make_unit


def _writes(queries: CaptureQueriesContext) -> list[str]:
    return [q["sql"] for q in queries.captured_queries if q["sql"].split()[0] in {"INSERT", "UPDATE", "DELETE"}]


@pytest.fixture
def demo_agencies(db: None) -> None:
    make_unit("22366", "Phường Nha Trang")
    agencies_demo.load(io.StringIO())


def test_one_account_per_role_with_its_agency(demo_agencies: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DEMO_PASSWORD", raising=False)

    accounts_demo.load(io.StringIO())

    users = {user.username: user for user in User.objects.select_related("agency")}
    assert {user.role for user in users.values()} == set(Role)
    assert users["demo-admin"].is_superuser and users["demo-admin"].is_staff
    assert users["demo-operator"].is_staff and not users["demo-operator"].is_superuser
    assert str(users["demo-agency"].agency) == "UBND Phường Nha Trang"
    assert users["demo-provider"].agency is not None
    assert not users["demo-viewer"].is_staff
    assert not any(user.has_usable_password() for user in users.values())


def test_demo_password_is_used_when_set_and_a_rerun_writes_nothing(
    demo_agencies: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DEMO_PASSWORD", "demo-password-2025")
    accounts_demo.load(io.StringIO())
    before = list(User.objects.order_by("username").values())

    out = io.StringIO()
    with CaptureQueriesContext(connection) as queries:
        accounts_demo.load(out)

    assert _writes(queries) == []
    assert list(User.objects.order_by("username").values()) == before
    assert "nothing to change" in out.getvalue()
    assert all(user.check_password("demo-password-2025") for user in User.objects.all())


def test_removing_demo_password_makes_the_passwords_unusable_again(
    demo_agencies: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DEMO_PASSWORD", "demo-password-2025")
    accounts_demo.load(io.StringIO())
    monkeypatch.delenv("DEMO_PASSWORD")

    accounts_demo.load(io.StringIO())

    assert not any(user.has_usable_password() for user in User.objects.all())


def test_agency_account_is_skipped_with_a_message_when_its_agency_is_missing(db: None) -> None:
    agencies_demo.load(io.StringIO())  # no units: no People's Committees
    out = io.StringIO()

    accounts_demo.load(out)

    assert "demo-agency skipped: agency ubnd-22366 is missing" in out.getvalue()
    assert not User.objects.filter(username="demo-agency").exists()
    assert User.objects.filter(username="demo-provider").exists()
