"""The audit log: each kind of event is recorded, entries are append-only in the database, leaders search it."""

import datetime
from typing import Any

import pytest
from django.db import DatabaseError, connection, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role, User
from audit.models import AuditEntry, Kind
from audit.tasks import PurgeOld
from tests.agencies.factories import make_user

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery staple"
PAGE = "text/html"


def _account(username: str, role: str = Role.VIEWER, **fields: Any) -> User:
    user = make_user(username, role, **fields)
    user.set_password(PASSWORD)
    user.save()
    return user


def _signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_sign_in_is_recorded_with_the_address() -> None:
    user = _account("alice")

    Client().post(reverse("accounts:login"), {"username": "alice", "password": PASSWORD}, REMOTE_ADDR="10.1.2.3")

    entry = AuditEntry.objects.get(kind=Kind.LOGIN)
    assert (entry.user, entry.username, entry.ip) == (user, "alice", "10.1.2.3")


def test_failed_sign_in_is_recorded_with_the_username_tried() -> None:
    _account("alice")

    Client().post(reverse("accounts:login"), {"username": "alice", "password": "wrong"}, REMOTE_ADDR="10.1.2.4")

    entry = AuditEntry.objects.get(kind=Kind.LOGIN_FAILED)
    assert (entry.user, entry.username, entry.target, entry.ip) == (None, "alice", "alice", "10.1.2.4")
    assert "wrong" not in str(entry.details)


def test_sign_out_is_recorded() -> None:
    user = _account("alice")
    client = _signed_in(user)

    client.post(reverse("accounts:logout"))

    assert AuditEntry.objects.filter(kind=Kind.LOGOUT, user=user).count() == 1


def test_a_role_change_in_code_is_recorded_with_before_and_after() -> None:
    user = _account("bob", Role.VIEWER)

    user.role = Role.OPERATOR
    user.save()

    entry = AuditEntry.objects.get(kind=Kind.ROLE_CHANGED)
    assert entry.target == "bob"
    assert entry.details == {"role": ["viewer", "operator"]}
    assert "Viewer → IOC operator" in entry.details_text()


def test_a_save_that_leaves_the_rights_alone_records_nothing() -> None:
    user = _account("bob", Role.VIEWER)

    user.first_name = "Bob"
    user.save()
    user.last_login = timezone.now()
    user.save(update_fields=["last_login"])

    assert not AuditEntry.objects.filter(kind=Kind.ROLE_CHANGED).exists()


def test_an_admin_change_records_the_role_change_and_the_admin_action() -> None:
    admin = _account("root", Role.MANAGEMENT_ADMIN, is_superuser=True)
    target = _account("carol", Role.VIEWER)
    client = _signed_in(admin)
    form = {
        "role": Role.OPERATOR, "agency": "", "username": "carol", "first_name": "", "last_name": "", "email": "",
        "phone": "", "is_active": "on", "date_joined_0": "2026-01-01", "date_joined_1": "08:00:00",
    }  # fmt: skip

    response = client.post(f"/admin/accounts/user/{target.pk}/change/", form, REMOTE_ADDR="10.9.9.9")

    assert response.status_code == 302, response.content.decode()[:2000]
    role = AuditEntry.objects.get(kind=Kind.ROLE_CHANGED)
    assert (role.user, role.target, role.ip) == (admin, "carol", "10.9.9.9")
    change = AuditEntry.objects.get(kind=Kind.ADMIN_CHANGE)
    assert change.user == admin and "carol" in change.target and change.details["object_id"] == str(target.pk)


def test_an_admin_deletion_is_recorded_and_the_user_link_goes_while_the_name_stays() -> None:
    admin = _account("root", Role.MANAGEMENT_ADMIN, is_superuser=True)
    gone = _account("dave")
    Client().post(reverse("accounts:login"), {"username": "dave", "password": PASSWORD})

    response = _signed_in(admin).post(f"/admin/accounts/user/{gone.pk}/delete/", {"post": "yes"})

    assert response.status_code == 302
    assert AuditEntry.objects.filter(kind=Kind.ADMIN_DELETE, target__contains="dave").exists()
    login = AuditEntry.objects.get(kind=Kind.LOGIN, username="dave")
    assert login.user is None


def test_an_export_is_recorded_with_what_was_exported() -> None:
    viewer = _account("leader")

    response = _signed_in(viewer).get(reverse("indicators:export"))

    assert response.status_code == 200
    entry = AuditEntry.objects.get(kind=Kind.EXPORT)
    assert entry.user == viewer
    assert entry.target.startswith("bo-chi-tieu-") and entry.target.endswith(".xlsx")


def test_a_lot_export_is_recorded_but_the_pages_own_json_is_not() -> None:
    client = _signed_in(_account("planner"))

    exported = client.get("/api/v1/planning/lots", {"format": "csv", "limit": "10"})
    client.get("/api/v1/planning/lots", {"format": "json"})

    assert exported.status_code == 200
    entry = AuditEntry.objects.get(kind=Kind.EXPORT)
    assert entry.target == "zoning-lots.csv"
    assert entry.details["format"] == "CSV" and "limit=10" in entry.details["filters"]


def _entry(**fields: Any) -> AuditEntry:
    return AuditEntry.objects.create(kind=Kind.EXPORT, username="x", target="file.xlsx", **fields)


def test_the_database_refuses_to_update_an_entry() -> None:
    entry = _entry()

    with (
        pytest.raises(DatabaseError, match="cannot be changed or deleted"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("UPDATE audit_auditentry SET target = 'forged' WHERE id = %s", [entry.pk])

    entry.refresh_from_db()
    assert entry.target == "file.xlsx"


def test_the_database_refuses_to_delete_an_entry() -> None:
    entry = _entry()

    with pytest.raises(DatabaseError, match="cannot be changed or deleted"), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).delete()

    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_the_admin_shows_entries_read_only() -> None:
    admin = _account("root", Role.MANAGEMENT_ADMIN)
    entry = _entry()
    client = _signed_in(admin)

    assert client.get(f"/admin/audit/auditentry/{entry.pk}/change/").status_code == 200
    assert client.post(f"/admin/audit/auditentry/{entry.pk}/delete/", {"post": "yes"}).status_code == 403
    assert client.get("/admin/audit/auditentry/add/").status_code == 403
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_the_page_is_shown_to_a_leader() -> None:
    _entry()
    response = _signed_in(_account("leader", Role.LEADER)).get(reverse("audit:log"), HTTP_ACCEPT=PAGE)

    assert response.status_code == 200
    assert b"file.xlsx" in response.content
    assert b'<div class="ioc-table-scroll" tabindex="0"' in response.content  # keyboard users can scroll it


def test_the_page_is_refused_to_an_operator_with_the_403_page() -> None:
    _entry()
    response = _signed_in(_account("op", Role.OPERATOR)).get(reverse("audit:log"), HTTP_ACCEPT=PAGE)

    assert response.status_code == 403
    assert b"audit log" in response.content
    assert b"file.xlsx" not in response.content


def _listed(client: Client, **query: str) -> list[str]:
    response = client.get(reverse("audit:log"), query, HTTP_ACCEPT=PAGE)
    assert response.status_code == 200
    return [entry.target for entry in response.context["page"]]


def test_the_filters_narrow_by_kind_user_dates_and_text() -> None:
    now = timezone.now()
    AuditEntry.objects.create(
        kind=Kind.EXPORT, username="an", target="plan.gpkg", when=now - datetime.timedelta(days=10)
    )
    AuditEntry.objects.create(kind=Kind.LOGIN, username="binh", target="", when=now)
    AuditEntry.objects.create(kind=Kind.EXPORT, username="binh", target="lots.csv", details={"filters": "plan=QH-7"})
    client = _signed_in(_account("leader"))
    today = timezone.localdate().isoformat()
    past = (timezone.localdate() - datetime.timedelta(days=10)).isoformat()

    assert sorted(_listed(client, kind="export")) == ["lots.csv", "plan.gpkg"]
    assert sorted(_listed(client, user="BIN")) == ["", "lots.csv"]
    assert _listed(client, since=past, until=past) == ["plan.gpkg"]
    assert "plan.gpkg" not in _listed(client, since=today)
    assert _listed(client, q="QH-7") == ["lots.csv"]
    assert _listed(client, q="plan.gp") == ["plan.gpkg"]


def test_a_reversed_date_range_is_refused_with_a_message() -> None:
    response = _signed_in(_account("leader")).get(reverse("audit:log"), {"since": "2026-05-02", "until": "2026-05-01"})

    assert response.status_code == 200
    assert "The start date is after the end date" in response.content.decode()


def test_the_purge_removes_only_entries_older_than_the_setting(settings: Any) -> None:
    settings.AUDIT_KEEP_DAYS = 30
    now = timezone.now()
    old = _entry(when=now - datetime.timedelta(days=31))
    recent = _entry(when=now - datetime.timedelta(days=29))

    summary = PurgeOld().run(now)

    assert not AuditEntry.objects.filter(pk=old.pk).exists()
    assert AuditEntry.objects.filter(pk=recent.pk).exists()
    assert summary.startswith("1 ")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(pk=recent.pk).delete()  # the purge's permission ended with its transaction
