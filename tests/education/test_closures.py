"""Closures: staff of the education department or the commune mark schools closed and reopened; the public sees
closed schools on the public alerts page and on the public map layer."""

import io

from django.test import Client
from django.urls import reverse

from accounts.models import Role
from sectors.education import layer
from sectors.education.models import Closure, School
from tests.agencies.factories import make_agency, make_user
from tests.education.world import World


def officer_of(world: World) -> Client:
    client = Client()
    client.force_login(make_user("edu-officer", Role.AGENCY_OFFICER, world.department))
    return client


def test_an_education_officer_closes_a_school_and_the_public_alerts_page_shows_it(world: World) -> None:
    school = world.schools[0]

    response = officer_of(world).post(reverse("education:close", args=[school.code]), {"reason": "Ngập sâu 1 m"})

    assert response.status_code == 302
    school.refresh_from_db()
    assert school.closed and school.closure_reason == "Ngập sâu 1 m"
    assert Closure.objects.get().action == Closure.Action.CLOSED
    public = Client().get(reverse("portal:public-alerts")).content.decode()
    assert "Trường Tiểu học A1" in public and "Ngập sâu 1 m" in public
    assert "Trường THCS B1" not in public


def test_a_reopened_school_leaves_the_public_page(world: World) -> None:
    client = officer_of(world)
    school = world.schools[0]
    client.post(reverse("education:close", args=[school.code]), {"reason": "Bão"})

    client.post(reverse("education:reopen", args=[school.code]))

    school.refresh_from_db()
    assert not school.closed
    assert list(Closure.objects.order_by("at", "pk").values_list("action", flat=True)) == ["closed", "reopened"]
    public = Client().get(reverse("portal:public-alerts")).content.decode()
    assert "Trường Tiểu học A1" not in public and "No school is closed." in public


def test_the_public_map_layer_carries_the_closure(world: World) -> None:
    layer.register(io.StringIO())
    officer_of(world).post(reverse("education:close", args=[world.schools[2].code]), {"reason": "Sạt lở"})

    items = Client().get("/ogc/collections/truong-hoc/items", {"f": "json"}).json()

    closed = {feature["properties"]["code"]: feature["properties"]["closed"] for feature in items["features"]}
    assert closed == {"a-1": False, "a-2": False, "b-1": True}


def test_a_closure_needs_a_reason(world: World) -> None:
    response = officer_of(world).post(reverse("education:close", args=[world.schools[0].code]), {"reason": " "})

    assert response.status_code == 400
    assert not School.objects.filter(closed=True).exists()


def test_an_officer_of_an_unrelated_agency_may_not_close_a_school(world: World) -> None:
    other = Client()
    other.force_login(make_user("other", Role.AGENCY_OFFICER, make_agency("so-tc", whole_province=True)))

    response = other.post(reverse("education:close", args=[world.schools[0].code]), {"reason": "Bão"})

    assert response.status_code == 403
    assert not School.objects.filter(closed=True).exists()


def test_the_commune_committee_may_close_its_own_schools_only(world: World) -> None:
    client = Client()
    client.force_login(make_user("ward-officer", Role.AGENCY_OFFICER, world.committee))

    own = client.post(reverse("education:close", args=[world.schools[0].code]), {"reason": "Ngập"})
    other = client.post(reverse("education:close", args=[world.schools[2].code]), {"reason": "Ngập"})

    assert (own.status_code, other.status_code) == (302, 403)


def test_the_schools_page_shows_pupils_per_teacher_by_commune(world: World) -> None:
    response = officer_of(world).get(reverse("education:schools"))

    assert response.status_code == 200
    data = response.context["map_data"]
    assert data["values"] == {"90001": 17.8, "90002": 20.0}  # (600 + 200) / (30 + 15); 900 / 45
