"""The public agency directory and the contacts endpoint."""

from django.test import Client
from django.urls import reverse

from agencies.models import Agency, AgencyContact
from tests.agencies.factories import add_contact, make_agency, make_sector
from tests.agencies.world import World, client_as


def test_public_list_has_codes_sectors_and_units_but_no_personal_data(world: World) -> None:
    fire = make_sector("fire", 14)
    make_agency("pccc", sectors=(fire,), whole_province=True)

    response = Client().get(reverse("agencies:agency-list"))

    assert response.status_code == 200
    agencies = {agency["code"]: agency for agency in response.json()["agencies"]}
    assert agencies["agency-a"]["unit_codes"] == ["90001"]
    assert agencies["agency-a"]["all_sectors"] is True
    assert agencies["pccc"]["sectors"] == [{"code": "fire", "number": 14, "name": "Fire", "name_en": "fire"}]
    assert agencies["pccc"]["whole_province"] is True
    text = response.content.decode()
    assert "Leader of" not in text and "@example.org" not in text and "0258" not in text


def test_list_filters_by_kind_and_sector(world: World) -> None:
    fire = make_sector("fire", 14)
    make_agency("pccc", sectors=(fire,), whole_province=True)
    make_agency("station", kind=Agency.Kind.DATA_PROVIDER)
    url = reverse("agencies:agency-list")

    by_sector = Client().get(url, {"sector": "fire"}).json()["agencies"]
    by_kind = Client().get(url, {"kind": "data_provider"}).json()["agencies"]

    assert [agency["code"] for agency in by_sector] == ["pccc"]
    assert [agency["code"] for agency in by_kind] == ["station"]


def test_unknown_filter_values_are_refused_with_a_message(world: World) -> None:
    url = reverse("agencies:agency-list")

    bad_kind = Client().get(url, {"kind": "ministry"})
    bad_sector = Client().get(url, {"sector": "astrology"})

    assert bad_kind.status_code == 400 and "processing" in bad_kind.json()["message"]
    assert bad_sector.status_code == 400 and "astrology" in bad_sector.json()["message"]


def test_detail_is_public_and_unknown_or_inactive_codes_are_404(world: World) -> None:
    world.agency_b.is_active = False
    world.agency_b.save()

    assert Client().get(reverse("agencies:agency-detail", args=["agency-a"])).json()["name"] == "Agency agency-a"
    missing = Client().get(reverse("agencies:agency-detail", args=["nope"]))
    assert missing.status_code == 404 and "nope" in missing.json()["message"]
    assert Client().get(reverse("agencies:agency-detail", args=["agency-b"])).status_code == 404


def test_contacts_list_only_those_in_post_with_their_phone_and_email(world: World) -> None:
    add_contact(world.agency_a, AgencyContact.Role.FOCAL, "Retired focal", until="2025-08-01")

    response = client_as(world, "officer_a").get(reverse("accounts_api:agency-contacts", args=["agency-a"]))

    contacts = response.json()["contacts"]
    assert [(c["role"], c["full_name"]) for c in contacts] == [
        ("focal", "Focal of agency-a"),
        ("leader", "Leader of agency-a"),
    ]
    assert contacts[1]["email"] == "leader.agency-a@example.org" and contacts[1]["phone"]


def test_contacts_of_an_unknown_agency_are_404_for_entitled_callers(world: World) -> None:
    response = client_as(world, "operator").get(reverse("accounts_api:agency-contacts", args=["nope"]))

    assert response.status_code == 404


def test_me_describes_a_session_user(world: World) -> None:
    body = client_as(world, "officer_a").get(reverse("accounts_api:me")).json()

    assert body["username"] == "officer-a"
    assert body["role"] == "agency_officer"
    assert body["agency"]["code"] == "agency-a"
    assert body["authenticated_by"] == "session"
    assert "alerts.process" in body["permissions"]
