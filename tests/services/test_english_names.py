"""English pages show the English names of sectors, agencies, units and indicators; Vietnamese pages the Vietnamese."""

import html
import re

import pytest
from django.test import Client
from django.utils import translation

from accounts.models import Role
from agencies.models import Agency, Sector
from core.names import display_name
from gis_core.models import AdminUnit
from indicators.models import Indicator
from services.models import ServicePage
from tests.agencies.factories import make_user

pytestmark = pytest.mark.usefixtures("demo")

OPTION = re.compile(r'<option value="[^"]+"(?: selected)?>([^<]+)</option>')


def _operator() -> Client:
    client = Client()
    client.force_login(make_user("names-operator", Role.OPERATOR))
    return client


def _page(client: Client, path: str, language: str) -> str:
    response = client.get(path, headers={"Accept-Language": language})
    assert response.status_code == 200, path
    return html.unescape(response.content.decode())


def test_the_services_list_names_every_service_in_english() -> None:
    page = _page(_operator(), "/services/", "en")

    for sector in Sector.objects.filter(service_page__in=ServicePage.objects.active()):
        assert sector.name_en and sector.name_en in page
        assert f">{sector.name}<" not in page


def test_the_indicator_pages_name_agencies_in_english() -> None:
    client = _operator()
    table = _page(client, "/indicators/", "en")
    procedures = _page(client, "/indicators/procedures/", "en")

    agencies = Agency.objects.filter(indicators__is_active=True).distinct()
    assert agencies
    for agency in agencies:
        assert f"<td>{agency.name_en}</td>" in table
        assert f"<td>{agency.name}</td>" not in table + procedures
    for indicator in Indicator.objects.filter(is_active=True):
        assert indicator.name_en in table


def test_the_console_filters_name_sectors_agencies_and_units_in_english() -> None:
    options = set(OPTION.findall(_page(_operator(), "/alerts/console/", "en")))

    sectors = Sector.objects.filter(is_active=True)
    agencies = Agency.objects.active().filter(kind=Agency.Kind.PROCESSING)
    assert {sector.name_en for sector in sectors} <= options
    assert {agency.name_en for agency in agencies} <= options
    assert "Nha Trang Ward" in options and "Trường Sa Special Zone" in options
    vietnamese = {sector.name for sector in sectors} | {agency.name for agency in agencies}
    assert vietnamese.isdisjoint(options)
    assert {unit.name for unit in AdminUnit.objects.all()}.isdisjoint(options)


def test_vietnamese_pages_keep_the_vietnamese_names() -> None:
    client = _operator()
    options = set(OPTION.findall(_page(client, "/alerts/console/", "vi")))

    assert {sector.name for sector in Sector.objects.filter(is_active=True)} <= options
    assert "Phường Nha Trang" in options
    assert all(sector.name in _page(client, "/services/", "vi") for sector in Sector.objects.filter(number=1))


def test_display_name_falls_back_to_vietnamese_when_there_is_no_english_name() -> None:
    sector = Sector(code="moi", name="Dịch vụ mới", name_en="")
    unit = AdminUnit(name="Thôn Lạ", kind=AdminUnit.Kind.COMMUNE)  # not named "Xã …": no English form

    with translation.override("en"):
        assert display_name(sector) == "Dịch vụ mới"
        assert display_name(unit) == "Thôn Lạ"
        assert display_name(AdminUnit(name="Xã Cam Lâm", kind=AdminUnit.Kind.COMMUNE)) == "Cam Lâm Commune"
    with translation.override("vi"):
        assert display_name(Sector(name="Giao thông", name_en="Traffic")) == "Giao thông"
