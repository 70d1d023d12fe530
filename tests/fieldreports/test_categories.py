"""Categories are data the management agency edits (admin); voters' petitions are a kind entered by staff only;
demo categories load idempotently; Open311 clients get an api_key of which only the hash is kept."""

import io
import re

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from agencies.models import Sector
from alerts.models import Alert
from fieldreports import demo
from fieldreports.choices import AttributeType, Channel
from fieldreports.models import CategoryAttribute, FieldReport, Open311Client, ReportCategory
from tests.fieldreports.world import LAT_A, LONG_A, World, open311_form

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("caller", "changelist", "add"), [("admin", 200, 200), ("operator", 200, 403),
                                                           ("officer_a", 302, 302)])  # fmt: skip
def test_the_management_agency_edits_categories_operators_read_them(
    world: World, caller: str, changelist: int, add: int
) -> None:
    client = world.client_as(caller)
    assert client.get("/admin/fieldreports/reportcategory/").status_code == changelist
    assert client.get("/admin/fieldreports/reportcategory/add/").status_code == add


def test_a_new_category_from_the_admin_is_offered_at_once(world: World) -> None:
    response = world.client_as("admin").post("/admin/fieldreports/reportcategory/add/", {
        "service_code": "graffiti", "name": "Vẽ bậy nơi công cộng", "name_en": "Graffiti", "kind": "public",
        "sector": world.utilities.pk, "order": 5, "is_active": "on",
        "attributes-TOTAL_FORMS": "0", "attributes-INITIAL_FORMS": "0",
    })  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:2000]
    codes = [item["service_code"] for item in Client().get("/open311/v2/services.json").json()]
    assert codes[0] == "graffiti"  # order 5 comes first
    ReportCategory.objects.filter(service_code="graffiti").update(is_active=False)
    assert "graffiti" not in str(Client().get("/open311/v2/services.json").json())


def test_a_list_question_needs_values(world: World) -> None:
    question = CategoryAttribute(category=world.waste, code="kind", datatype=AttributeType.SINGLE,
                                 description="Loại rác", order=1)  # fmt: skip
    with pytest.raises(ValidationError, match="needs values"):
        question.full_clean()


def test_voters_petitions_are_not_offered_to_the_public(world: World) -> None:
    anonymous = Client()
    assert "voters-petition" not in str(anonymous.get("/open311/v2/services.json").json())
    assert anonymous.get("/open311/v2/services/voters-petition.json").status_code == 404
    page = anonymous.get("/field-reports/").content.decode()
    assert 'value="voters-petition"' not in page
    form = {"service_code": "voters-petition", "lat": LAT_A, "long": LONG_A, "description": "Kiến nghị"}
    refused = anonymous.post("/field-reports/", form)
    assert refused.status_code == 404 and "no longer open for reports" in refused.content.decode()
    assert FieldReport.objects.count() == 0


def test_staff_enter_a_voters_petition_on_the_same_page(world: World) -> None:
    world.petition.attributes.create(code="meeting", description="Buổi tiếp xúc", required=True, order=1)
    operator = world.client_as("operator")
    page = operator.get("/field-reports/").content.decode()
    assert 'value="voters-petition"' in page and 'name="attr:voters-petition:meeting"' in page
    missing = operator.post("/field-reports/", {"service_code": "voters-petition", "address_string": "Phường Thử A",
                                                "description": "Cử tri đề nghị sửa đường."})  # fmt: skip
    assert missing.status_code == 400 and "attribute[meeting]" in missing.content.decode()
    response = operator.post("/field-reports/", {
        "service_code": "voters-petition", "address_string": "Tổ dân phố 3, Phường Thử A",
        "description": "Cử tri đề nghị sửa đường.", "attr:voters-petition:meeting": "Nhà văn hóa, 05/3/2026",
    })  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:3000]
    report = FieldReport.objects.get()
    assert (report.channel, report.geom, report.attributes) == (
        Channel.STAFF, None, {"meeting": "Nhà văn hóa, 05/3/2026"})  # fmt: skip
    alert = Alert.objects.get()
    assert alert.created_by == world.users["operator"] and alert.sector == world.field_sector
    assert alert.units.count() == 0  # no position: the operator routes it
    # A petition is not an Open311 request.
    assert Client().get(f"/open311/v2/requests/{report.pk}.json").status_code == 404


def test_open311_clients_get_a_key_shown_once(world: World) -> None:
    response = world.client_as("admin").post("/admin/fieldreports/open311client/add/", {
        "name": "Zalo OA Khánh Hòa", "organisation": "Sở KH&CN", "is_active": "on"}, follow=True)  # fmt: skip
    message = re.search(r"copy it: ([\w-]+)", response.content.decode())
    assert message is not None
    client_app = Open311Client.objects.get(name="Zalo OA Khánh Hòa")
    assert client_app.key_hash == Open311Client.hash(message[1]) and message[1] not in client_app.key_hash
    assert Client().post("/open311/v2/requests.json", open311_form(world, api_key=message[1])).status_code == 200
    client_app.is_active = False
    client_app.save()
    assert Client().post("/open311/v2/requests.json", open311_form(world, api_key=message[1])).status_code == 403
    assert world.client_as("operator").get("/admin/fieldreports/open311client/").status_code == 403


def test_the_demo_categories_load_once_and_keep_the_agencys_edits(db: None) -> None:
    from agencies.demo import Tally as AgencyTally
    from agencies.demo import _load_sectors

    _load_sectors(AgencyTally())
    first = demo.load(io.StringIO())
    assert first["categories created"] == len(demo.CATEGORIES) and first["questions created"] == 6
    ReportCategory.objects.filter(service_code="waste").update(name="Rác thải sinh hoạt")
    out = io.StringIO()
    second = demo.load(out)
    assert not second.wrote() and "nothing to change" in out.getvalue()
    assert ReportCategory.objects.get(service_code="waste").name == "Rác thải sinh hoạt"
    petition = ReportCategory.objects.get(service_code="voters-petition")
    assert petition.kind == "voters_petition" and petition.sector == Sector.objects.get(code="field-reports")
