"""The permission table and its object rule: agency-bound roles act only for their own agency."""

from types import SimpleNamespace

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory

from accounts.models import ApiToken, Role
from accounts.permissions import (
    PERMISSIONS,
    agency_ids_of,
    has_permission,
    login_or_token_required,
    permission_required,
    permissions_of,
)
from core.errors import Forbidden, NotAuthenticated
from tests.agencies.factories import make_user
from tests.agencies.world import World


def test_every_permission_names_only_known_roles() -> None:
    assert all(roles and roles <= set(Role) for roles in PERMISSIONS.values())


def test_officer_may_view_contacts_of_their_own_agency_only(world: World) -> None:
    officer = world.users["officer_a"]

    assert has_permission(officer, "agencies.view_contacts", world.agency_a)
    assert not has_permission(officer, "agencies.view_contacts", world.agency_b)


def test_province_wide_roles_are_not_bound_to_an_agency(world: World) -> None:
    assert has_permission(world.users["operator"], "agencies.view_contacts", world.agency_b)
    assert has_permission(world.users["management_admin"], "agencies.view_contacts", world.agency_b)


def test_role_outside_the_table_is_refused_even_for_its_own_agency(world: World) -> None:
    assert not has_permission(world.users["provider_token"], "agencies.view_contacts", world.agency_a)


def test_object_rule_reads_agency_id_or_agency_ids(world: World) -> None:
    provider = world.users["provider_token"]
    own_feed = SimpleNamespace(agency_id=world.agency_a.pk)
    other_feed = SimpleNamespace(agency_id=world.agency_b.pk)
    shared_alert = SimpleNamespace(agency_ids=lambda: {world.agency_b.pk, world.agency_a.pk})

    assert has_permission(provider, "data.push", own_feed)
    assert not has_permission(provider, "data.push", other_feed)
    assert has_permission(world.users["officer_a"], "alerts.process", shared_alert)
    assert not has_permission(world.users["officer_a"], "alerts.process", SimpleNamespace(agency_id=None))


def test_an_object_naming_no_agency_is_a_programming_error() -> None:
    with pytest.raises(TypeError, match="agency_id"):
        agency_ids_of(object())


def test_anonymous_and_disabled_users_hold_nothing(world: World) -> None:
    viewer = world.users["viewer"]
    viewer.is_active = False

    assert not has_permission(None, "accounts.view_self")
    assert not has_permission(AnonymousUser(), "accounts.view_self")
    assert not has_permission(viewer, "accounts.view_self")
    assert permissions_of(AnonymousUser()) == []


def test_superuser_holds_every_permission(db: None) -> None:
    root = make_user("root", Role.VIEWER, is_superuser=True)

    assert permissions_of(root) == sorted(PERMISSIONS)


def test_a_misspelt_permission_fails_when_the_view_is_declared() -> None:
    with pytest.raises(KeyError, match=r"agencies\.view_contact"):
        permission_required("agencies.view_contact")
    with pytest.raises(KeyError):
        has_permission(None, "no.such")


@login_or_token_required
def _push(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok")


def test_session_post_without_csrf_token_is_refused(world: World) -> None:
    request = RequestFactory().post("/push", data={"x": "1"})
    request.user = world.users["provider_token"]

    with pytest.raises(Forbidden, match="CSRF"):
        _push(request)


def test_token_post_needs_no_csrf_token(world: World) -> None:
    request = RequestFactory().post("/push", headers={"Authorization": f"Token {world.provider_secret}"})
    request.user = AnonymousUser()

    assert _push(request).content == b"ok"
    assert request.user == world.users["provider_token"]
    assert getattr(request, "auth_token", None) == ApiToken.objects.get(user=world.users["provider_token"])


def test_no_credentials_raise_not_authenticated() -> None:
    request = RequestFactory().get("/push")
    request.user = AnonymousUser()

    with pytest.raises(NotAuthenticated):
        _push(request)
