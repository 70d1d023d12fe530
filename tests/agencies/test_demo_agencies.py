"""The agencies demo: 16 sectors, the agencies of Article 2 with demo contacts, and a rerun that writes nothing."""

import io
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from agencies import demo
from agencies.models import Agency, AgencyContact, Sector
from gis_core import demo as gis_demo
from tests.agencies.factories import add_contact, make_unit


def _writes(queries: CaptureQueriesContext) -> list[str]:
    return [q["sql"] for q in queries.captured_queries if q["sql"].split()[0] in {"INSERT", "UPDATE", "DELETE"}]


def _snapshot() -> dict[str, list[Any]]:
    return {
        "sectors": list(Sector.objects.order_by("code").values()),
        "agencies": list(Agency.objects.order_by("code").values()),
        "contacts": list(AgencyContact.objects.order_by("email").values()),
        "units": list(Agency.units.through.objects.order_by("agency_id", "adminunit_id").values()),
        "sectors_of": list(Agency.sectors.through.objects.order_by("agency_id", "sector_id").values()),
    }


@pytest.fixture
def demo_province(db: None) -> None:
    gis_demo.load(io.StringIO())
    demo.load(io.StringIO())


def test_sixteen_sectors_of_appendix_one_with_new_services_last(demo_province: None) -> None:
    sectors = list(Sector.objects.all())

    assert [sector.number for sector in sectors] == list(range(1, 17))
    assert sectors[13].name == "Phòng cháy, chữa cháy"
    assert sectors[15].code == "new-services"
    assert all(sector.name_en and sector.description for sector in sectors)


def test_a_peoples_committee_for_each_of_the_65_units(demo_province: None) -> None:
    committees = Agency.objects.filter(code__startswith="ubnd-")

    assert committees.count() == 65
    nha_trang = Agency.objects.get(code="ubnd-22366")
    assert nha_trang.name == "UBND Phường Nha Trang"
    assert nha_trang.name_en == "Nha Trang Ward People's Committee"
    assert list(nha_trang.units.values_list("code", flat=True)) == ["22366"]
    assert nha_trang.all_sectors and nha_trang.kind == Agency.Kind.PROCESSING
    assert Agency.objects.get(code="ubnd-22736").name == "UBND Đặc khu Trường Sa"
    assert Agency.objects.get(code="ubnd-22453").name == "UBND Xã Cam Lâm"


def test_management_operating_and_merged_departments(demo_province: None) -> None:
    assert Agency.objects.get(kind=Agency.Kind.MANAGEMENT).name == "Sở Khoa học và Công nghệ tỉnh Khánh Hòa"
    assert Agency.objects.get(kind=Agency.Kind.OPERATING).name == "Trung tâm Chuyển đổi số tỉnh Khánh Hòa"
    environment = Agency.objects.get(code="so-nnmt")
    assert environment.name == "Sở Nông nghiệp và Môi trường tỉnh Khánh Hòa" and environment.whole_province
    assert set(environment.sectors.values_list("number", flat=True)) == {4, 7, 8}
    assert not Agency.objects.filter(name__contains="Tài nguyên và Môi trường").exists()
    assert not Agency.objects.filter(name__contains="Giao thông vận tải").exists()


def test_every_agency_has_one_leader_and_a_demo_focal_person(demo_province: None) -> None:
    assert not Agency.objects.lacking_contacts().exists()
    contacts = AgencyContact.objects.all()
    assert all(c.note == demo.DEMO_NOTE and c.email.startswith("demo.") for c in contacts)
    assert all(c.email.endswith("@khanhhoa.gov.vn") for c in contacts)
    assert all(c.phone.startswith(("0258", "09")) and c.phone.isdigit() for c in contacts)
    assert Agency.objects.get(code="ttcds").alert_recipients().count() == 2


def test_demo_routes_a_fire_in_nha_trang_to_its_committee_first(demo_province: None) -> None:
    codes = list(Agency.objects.responsible_for("22366", "fire").values_list("code", flat=True))

    assert codes[0] == "ubnd-22366"
    assert {"ca-tinh", "ca-tinh-pccc"} <= set(codes)
    assert len(codes) == 3


def test_second_run_writes_nothing(demo_province: None) -> None:
    before = _snapshot()
    out = io.StringIO()

    with CaptureQueriesContext(connection) as queries:
        demo.load(out)

    assert _writes(queries) == []
    assert _snapshot() == before
    assert "agencies: nothing to change" in out.getvalue()


def test_a_changed_name_is_restored_and_reported(demo_province: None) -> None:
    Agency.objects.filter(code="so-xd").update(name="Sở Giao thông vận tải")
    out = io.StringIO()

    demo.load(out)

    assert Agency.objects.get(code="so-xd").name == "Sở Xây dựng tỉnh Khánh Hòa"
    assert "1 agencies updated" in out.getvalue()


def test_real_contacts_are_never_replaced_by_demo_ones(db: None) -> None:
    demo.load(io.StringIO())
    agency = Agency.objects.get(code="so-yt")
    agency.contacts.all().delete()
    add_contact(agency, AgencyContact.Role.LEADER, "Real Director")

    demo.load(io.StringIO())

    assert list(agency.contacts.values_list("full_name", flat=True)) == ["Real Director"]


def test_without_units_the_committees_are_skipped_with_a_message(db: None) -> None:
    out = io.StringIO()

    demo.load(out)

    assert "no administrative units loaded" in out.getvalue()
    assert not Agency.objects.filter(code__startswith="ubnd-").exists()
    assert Agency.objects.filter(code="so-xd").exists()


def test_units_present_later_are_linked_on_the_next_run(db: None) -> None:
    demo.load(io.StringIO())
    make_unit("22366", "Phường Nha Trang")

    demo.load(io.StringIO())

    assert Agency.objects.get(code="do-thi-nha-trang").units.get().code == "22366"
    assert Agency.objects.get(code="ubnd-22366").name == "UBND Phường Nha Trang"
