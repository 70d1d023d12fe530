"""The alert's page and the agency's inbox show the citizens' photos through a permission-checked address; only
staff allowed to see personal data (fieldreports.view_contacts) see the reporter's contact."""

import io
import re
from pathlib import Path

import pytest
from django.test import Client
from PIL import Image
from time_machine import TimeMachineFixture

from alerts import routing
from fieldreports.models import FieldReport
from tests.fieldreports.conftest import media_root, rate_cache  # noqa: F401  (fixtures of the field-report tests)
from tests.fieldreports.world import LAT_B, LONG_B, World, build_world, post_report

pytestmark = pytest.mark.django_db

CONTACT = {"first_name": "Lan", "last_name": "Trần Thị", "phone": "0905 123 456", "email": "lan.tran@example.org"}


@pytest.fixture
def fr_world(db: None, frozen_clock: TimeMachineFixture, media_root: Path, rate_cache: str) -> World:  # noqa: F811
    return build_world()


@pytest.fixture
def report(fr_world: World) -> FieldReport:
    """A street-light report with two photos and the reporter's contact, forwarded to ward A's committee."""
    assert post_report(Client(), fr_world, photos=2, **CONTACT).status_code == 200
    report = FieldReport.objects.get()
    operator = fr_world.users["operator"]
    report.alert.verify(operator)
    proposal = routing.propose(report.alert)
    assert proposal.lead is not None
    report.alert.forward(operator, proposal.lead, coordinating=proposal.coordinating)
    assert report.alert.lead_agency == fr_world.ubnd_a
    return report


def _photo_links(html: str, alert_id: int) -> list[str]:
    return re.findall(rf'href="(/alerts/{alert_id}/photos/[0-9a-f]+\.jpg)"', html)


def test_the_operator_sees_the_photos_and_the_contact(fr_world: World, report: FieldReport) -> None:
    page = fr_world.client_as("operator").get(f"/alerts/{report.alert_id}/").content.decode()
    names = [photo.name for photo in report.photos.order_by("position")]
    assert _photo_links(page, report.alert_id) == [f"/alerts/{report.alert_id}/photos/{name}" for name in names]
    assert f'src="/alerts/{report.alert_id}/photos/{names[0]}?thumbnail=1"' in page
    assert "data-contact" in page and "0905 123 456" in page and "lan.tran@example.org" in page
    assert "Trần Thị Lan" in page


@pytest.mark.parametrize("who", ["officer_a", "viewer"])
def test_others_see_the_photos_but_not_the_contact(fr_world: World, report: FieldReport, who: str) -> None:
    page = fr_world.client_as(who).get(f"/alerts/{report.alert_id}/").content.decode()
    assert len(_photo_links(page, report.alert_id)) == 2
    assert "data-contact" not in page
    assert not [secret for secret in ("0905 123 456", "0905123456", "lan.tran", "Trần Thị") if secret in page]


def test_the_agencys_inbox_shows_the_photos(fr_world: World, report: FieldReport) -> None:
    inbox = fr_world.client_as("officer_a").get("/alerts/inbox/").content.decode()
    assert len(_photo_links(inbox, report.alert_id)) == 2
    assert "0905 123 456" not in inbox
    other = fr_world.client_as("officer_b").get("/alerts/inbox/").content.decode()
    assert _photo_links(other, report.alert_id) == []


def test_photos_are_served_only_to_those_who_may_see_the_alert(fr_world: World, report: FieldReport) -> None:
    name = report.photos.order_by("position").first().name  # type: ignore[union-attr]
    path = f"/alerts/{report.alert_id}/photos/{name}"
    full = fr_world.client_as("officer_a").get(path)
    assert full.status_code == 200 and full["Content-Type"] == "image/jpeg" and "private" in full["Cache-Control"]
    thumb = fr_world.client_as("operator").get(path + "?thumbnail=1")
    with Image.open(io.BytesIO(thumb.content)) as image:
        assert image.format == "JPEG" and max(image.size) <= 320
    assert fr_world.client_as("officer_b").get(path).status_code == 404  # another ward's committee
    anonymous = Client().get(path)
    assert anonymous.status_code == 302 and "next=" in anonymous["Location"]  # sent to sign in, no photo


def test_a_photo_is_served_only_under_its_own_alert(fr_world: World, report: FieldReport) -> None:
    assert post_report(Client(), fr_world, lat=str(LAT_B), long=str(LONG_B), photos=1).status_code == 200
    other = FieldReport.objects.exclude(pk=report.pk).get()
    foreign = other.photos.get().name
    operator = fr_world.client_as("operator")
    assert operator.get(f"/alerts/{report.alert_id}/photos/{foreign}").status_code == 404
    assert operator.get(f"/alerts/{other.alert_id}/photos/{foreign}").status_code == 200
