"""Every role against every protected page: the expected status of each cell is declared here.

Adding a protected view means adding a row to EXPECTED; a row must give a status for every caller.
"""

import pytest
from django.urls import reverse

from tests.agencies.world import World, client_as

CALLERS = ("management_admin", "operator", "officer_a", "officer_b", "provider_token", "viewer", "anonymous")

# view name -> URL builder (agency A is the officer_a's and the provider's agency)
URLS = {
    "agency_a_contacts": lambda world: reverse("accounts_api:agency-contacts", args=[world.agency_a.code]),
    "agency_list_public": lambda world: reverse("agencies:agency-list"),
    "me": lambda world: reverse("accounts_api:me"),
    "admin_index": lambda world: reverse("admin:index"),
    "admin_user_changelist": lambda world: reverse("admin:accounts_user_changelist"),
    "admin_token_changelist": lambda world: reverse("admin:accounts_apitoken_changelist"),
    "admin_agency_changelist": lambda world: reverse("admin:agencies_agency_changelist"),
    "admin_agency_a_change": lambda world: reverse("admin:agencies_agency_change", args=[world.agency_a.pk]),
    "admin_sector_add": lambda world: reverse("admin:agencies_sector_add"),
    "login_page": lambda world: reverse("accounts:login"),
    "logout_page": lambda world: reverse("accounts:logout"),
}

# Non-staff callers reach the admin only as far as its sign-in redirect (302).
EXPECTED: dict[str, dict[str, int]] = {
    #                          admin operator offA offB  prov viewer anon
    "agency_a_contacts":       dict(zip(CALLERS, (200, 200, 200, 403, 403, 403, 401), strict=True)),
    "agency_list_public":      dict(zip(CALLERS, (200, 200, 200, 200, 200, 200, 200), strict=True)),
    "me":                      dict(zip(CALLERS, (200, 200, 200, 200, 200, 200, 401), strict=True)),
    "admin_index":             dict(zip(CALLERS, (200, 200, 302, 302, 302, 302, 302), strict=True)),
    "admin_user_changelist":   dict(zip(CALLERS, (200, 403, 302, 302, 302, 302, 302), strict=True)),
    "admin_token_changelist":  dict(zip(CALLERS, (200, 403, 302, 302, 302, 302, 302), strict=True)),
    "admin_agency_changelist": dict(zip(CALLERS, (200, 200, 302, 302, 302, 302, 302), strict=True)),
    "admin_agency_a_change":   dict(zip(CALLERS, (200, 200, 302, 302, 302, 302, 302), strict=True)),
    "admin_sector_add":        dict(zip(CALLERS, (200, 403, 302, 302, 302, 302, 302), strict=True)),
    "login_page":              dict(zip(CALLERS, (200, 200, 200, 200, 200, 200, 200), strict=True)),
    "logout_page":             dict(zip(CALLERS, (200, 200, 200, 200, 200, 200, 200), strict=True)),
}  # fmt: skip

CELLS = [(view, caller, status) for view, row in EXPECTED.items() for caller, status in row.items()]


def test_the_matrix_has_a_url_and_every_caller_for_each_row() -> None:
    assert set(EXPECTED) == set(URLS)
    assert all(tuple(row) == CALLERS for row in EXPECTED.values())


@pytest.mark.parametrize(("view", "caller", "status"), CELLS, ids=[f"{v}-{c}" for v, c, _s in CELLS])
def test_caller_gets_the_declared_status(world: World, view: str, caller: str, status: int) -> None:
    response = client_as(world, caller).get(URLS[view](world))

    assert response.status_code == status, response.content[:300]
    if status in (401, 403) and view.startswith(("agency", "me")):
        assert response.json()["error"] == {401: "not_authenticated", 403: "forbidden"}[status]
    if status == 302:
        assert reverse("admin:login") in response["Location"]
