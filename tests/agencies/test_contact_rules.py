"""Article 16.2: an agency has exactly one leader and at least one focal person in post."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse

from accounts.models import Role
from agencies.models import Agency, AgencyContact, validate_contact_roster
from tests.agencies.factories import SINCE, add_contact, make_agency, make_user

LEADER, FOCAL = AgencyContact.Role.LEADER, AgencyContact.Role.FOCAL
TODAY = datetime.date(2026, 1, 15)


def _contact(role: str, since: datetime.date = SINCE, until: datetime.date | None = None) -> AgencyContact:
    return AgencyContact(role=role, since=since, until=until)


def test_one_leader_and_one_focal_person_pass() -> None:
    validate_contact_roster([_contact(LEADER), _contact(FOCAL)], on=TODAY)


@pytest.mark.parametrize(
    ("roster", "code"),
    [
        ([_contact(FOCAL)], "leader_count"),
        ([_contact(LEADER), _contact(LEADER), _contact(FOCAL)], "leader_count"),
        ([_contact(LEADER)], "no_focal_person"),
        ([_contact(LEADER), _contact(FOCAL, until=datetime.date(2026, 1, 14))], "no_focal_person"),
        ([_contact(LEADER, since=datetime.date(2026, 2, 1)), _contact(FOCAL)], "leader_count"),
    ],
    ids=["no leader", "two leaders", "no focal", "focal term ended", "leader not yet in post"],
)
def test_incomplete_roster_is_refused_with_the_article(roster: list[AgencyContact], code: str) -> None:
    with pytest.raises(ValidationError) as error:
        validate_contact_roster(roster, on=TODAY)

    assert code in {e.code for e in error.value.error_list}
    assert "Article 16.2" in " ".join(error.value.messages)


def test_leader_change_passes_when_the_old_term_ends_the_day_before() -> None:
    old = _contact(LEADER, until=datetime.date(2026, 1, 14))
    new = _contact(LEADER, since=datetime.date(2026, 1, 15))

    validate_contact_roster([old, new, _contact(FOCAL)], on=TODAY)


def test_leader_and_alert_recipients_are_the_contacts_in_post(db: None) -> None:
    agency = make_agency("so-x")
    add_contact(agency, FOCAL, "Former focal", until=datetime.date(2025, 8, 1))
    add_contact(agency, FOCAL, "Second focal")

    assert str(agency.leader()).startswith("Leader of so-x —")
    assert sorted(c.full_name for c in agency.alert_recipients()) == ["Focal of so-x", "Second focal"]
    agency.check_contacts()


def test_database_refuses_a_second_open_leader(db: None) -> None:
    agency = make_agency("so-x")

    with pytest.raises(IntegrityError), transaction.atomic():
        add_contact(agency, LEADER, "Second leader")
    assert agency.contacts.filter(role=LEADER).count() == 1


def test_lacking_contacts_lists_agencies_breaking_the_rule(db: None) -> None:
    make_agency("complete")
    make_agency("empty", with_contacts=False)
    leaderless = make_agency("leaderless", with_contacts=False)
    add_contact(leaderless, FOCAL, "Only focal")
    inactive = make_agency("inactive", with_contacts=False)
    inactive.is_active = False
    inactive.save()

    assert sorted(Agency.objects.lacking_contacts().values_list("code", flat=True)) == ["empty", "leaderless"]


def _inline_post(agency: Agency, rows: list[dict[str, str]]) -> dict[str, str]:
    """The admin change form of an agency with the given contact rows (existing contacts first)."""
    data = {
        "code": agency.code, "name": agency.name, "name_en": "", "kind": agency.kind, "is_active": "on",
        "contacts-TOTAL_FORMS": str(len(rows)), "contacts-INITIAL_FORMS": str(agency.contacts.count()),
        "contacts-MIN_NUM_FORMS": "0", "contacts-MAX_NUM_FORMS": "1000",
    }  # fmt: skip
    for index, row in enumerate(rows):
        data.update({f"contacts-{index}-{key}": value for key, value in row.items()})
    return data


def _row(contact: AgencyContact | None = None, **fields: str) -> dict[str, str]:
    base = {"agency": "", "id": ""}
    if contact is not None:
        base = {
            "id": str(contact.pk), "agency": str(contact.agency_id), "role": contact.role,
            "full_name": contact.full_name, "phone": contact.phone, "email": contact.email,
            "since": contact.since.isoformat(), "until": "",
        }  # fmt: skip
    return {**base, **fields}


@pytest.fixture
def operator_client(db: None) -> Client:
    client = Client()
    client.force_login(make_user("operator", Role.OPERATOR))
    return client


def test_admin_refuses_deleting_the_last_focal_person_and_deletes_nothing(operator_client: Client) -> None:
    agency = make_agency("so-x")
    leader, focal = agency.contacts.get(role=LEADER), agency.contacts.get(role=FOCAL)

    response = operator_client.post(
        reverse("admin:agencies_agency_change", args=[agency.pk]),
        _inline_post(agency, [_row(leader), _row(focal, DELETE="on")]),
    )

    assert response.status_code == 200
    assert "at least one focal person" in response.content.decode()
    assert agency.contacts.count() == 2


def test_admin_refuses_a_second_leader_and_writes_nothing(operator_client: Client) -> None:
    agency = make_agency("so-x")
    leader, focal = agency.contacts.get(role=LEADER), agency.contacts.get(role=FOCAL)
    newcomer = _row(
        role=LEADER, full_name="New leader", phone="0905000000", email="n@example.org", since="2025-09-01", until=""
    )

    response = operator_client.post(
        reverse("admin:agencies_agency_change", args=[agency.pk]),
        _inline_post(agency, [_row(leader), _row(focal), newcomer]),
    )

    assert response.status_code == 200
    assert "exactly one leader in post today" in response.content.decode()
    assert not agency.contacts.filter(full_name="New leader").exists()


def test_admin_accepts_a_leader_change_with_the_old_term_ended(operator_client: Client) -> None:
    agency = make_agency("so-x")
    leader, focal = agency.contacts.get(role=LEADER), agency.contacts.get(role=FOCAL)
    newcomer = _row(
        role=LEADER, full_name="New leader", phone="0905000000", email="n@example.org", since="2025-09-01", until=""
    )

    response = operator_client.post(
        reverse("admin:agencies_agency_change", args=[agency.pk]),
        _inline_post(agency, [_row(leader, until="2025-08-31"), _row(focal), newcomer]),
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    assert str(agency.leader()).startswith("New leader —")


def test_operator_cannot_rename_the_agency_itself(operator_client: Client) -> None:
    agency = make_agency("so-x")
    leader, focal = agency.contacts.get(role=LEADER), agency.contacts.get(role=FOCAL)
    data = _inline_post(agency, [_row(leader), _row(focal)]) | {"name": "Renamed"}

    response = operator_client.post(reverse("admin:agencies_agency_change", args=[agency.pk]), data)

    assert response.status_code == 302
    agency.refresh_from_db()
    assert agency.name == "Agency so-x"


def test_contact_page_refuses_ending_the_only_focal_persons_term(operator_client: Client) -> None:
    agency = make_agency("so-x")
    focal = agency.contacts.get(role=FOCAL)
    data = _row(focal, until="2025-08-01") | {"position": "", "note": "", "user": ""}

    response = operator_client.post(reverse("admin:agencies_agencycontact_change", args=[focal.pk]), data)

    assert response.status_code == 200
    assert "at least one focal person" in response.content.decode()
    focal.refresh_from_db()
    assert focal.until is None


def test_new_agency_without_contacts_is_refused_and_not_created(db: None) -> None:
    client = Client()
    client.force_login(make_user("admin", Role.MANAGEMENT_ADMIN))
    data = {
        "code": "so-moi", "name": "Sở Mới", "kind": Agency.Kind.PROCESSING, "is_active": "on",
        "contacts-TOTAL_FORMS": "0", "contacts-INITIAL_FORMS": "0",
        "contacts-MIN_NUM_FORMS": "0", "contacts-MAX_NUM_FORMS": "1000",
    }  # fmt: skip

    response = client.post(reverse("admin:agencies_agency_add"), data)

    assert response.status_code == 200
    assert "exactly one leader" in response.content.decode()
    assert not Agency.objects.filter(code="so-moi").exists()
