"""The traffic police officer's journey (demo-traffic) in Vietnamese at 1366 x 768 and 390 x 844: the traffic service
page with its congestion map and a past 5-minute step, an open incident, its alert accepted, the road cleared."""

import pytest
from django.contrib.gis.geos import Point
from playwright.sync_api import Browser
from pytest_django import DjangoDbBlocker

from alerts.records import PhoneCall
from sectors.traffic import incidents
from sectors.traffic.models import IncidentKind
from tests.e2e.checks import VIEWPORTS
from tests.e2e.conftest import DemoSite
from tests.e2e.steps import act, follow, forwarded_by_the_operator, operator, state_of, walk

TIMEOUT = 30_000
pytestmark = [pytest.mark.browser, pytest.mark.vietnamese, pytest.mark.django_db]
ACCIDENT_AT = (109.1935, 12.2425)  # in Nha Trang, beside the demo's traffic cameras


@pytest.fixture(scope="module")
def incidents_to_handle(demo_site: DemoSite, django_db_blocker: DjangoDbBlocker) -> dict[str, int]:
    """For each viewport, an accident whose alert the operator has forwarded to the traffic police (committed)."""
    with django_db_blocker.unblock():
        found = {}
        for viewport in sorted(VIEWPORTS):
            incident = incidents.record(incidents.IncidentInput(
                IncidentKind.ACCIDENT, Point(*ACCIDENT_AT, srid=4326), lanes_blocked=1, injured=1,
                description="Va chạm giữa xe máy và ô tô con, một người bị thương nhẹ.",
            ), operator())  # fmt: skip
            assert incident.alert is not None
            forwarded_by_the_operator(
                incident.alert, "ca-tinh", "traffic", reason="Cảnh sát giao thông chủ trì xử lý tai nạn",
                message="Đề nghị Cảnh sát giao thông cử tổ tuần tra đến hiện trường.",
                phone_call=PhoneCall(to="Trực ban Cảnh sát giao thông", summary="Đã báo tin tai nạn"),
            )  # fmt: skip
            found[viewport] = incident.pk
    return found


def test_a_traffic_officer_reads_the_congestion_map_opens_an_incident_and_acts_on_its_alert(
    demo_site: DemoSite, incidents_to_handle: dict[str, int], browser: Browser, viewport: str
) -> None:
    for journey in walk(browser, demo_site, viewport, "traffic"):
        page = journey.page
        incident = incidents_to_handle[viewport]
        journey.open("/services/traffic/")
        page.locator(".ioc-layer--traffic-congestion").first.wait_for(state="attached", timeout=TIMEOUT)
        page.locator("[data-step-select] option").nth(3).wait_for(state="attached", timeout=TIMEOUT)
        journey.check("service-page")
        past = page.locator("[data-step-select] option").nth(3).get_attribute("value")
        with page.expect_response(lambda response: "/sectors/traffic/congestion/tiles/" in response.url
                                  and response.status == 200, timeout=TIMEOUT):  # fmt: skip
            page.locator("[data-step-select]").select_option(past)
        journey.check("past-step")
        link = page.locator(f'[data-open-incidents-table] tr[data-incident="{incident}"] a')
        link.scroll_into_view_if_needed()
        follow(journey, link)
        assert page.locator("[data-injured]").inner_text().strip() == "1"
        journey.check("incident")
        follow(journey, page.locator("[data-alert-link]"))
        journey.check("alert")
        act(journey, "accept")
        assert state_of(journey) == "Đã tiếp nhận, đang xử lý"
        journey.check("alert-accepted")
        journey.open(f"/sectors/traffic/incidents/{incident}/")
        follow(journey, page.locator("[data-clear]"))
        page.locator('[data-state="cleared"]').wait_for(timeout=TIMEOUT)
        journey.check("incident-cleared")
        journey.assert_clean()
