"""The fire police officer's journey (demo-fire) in Vietnamese at 1366 x 768 and 390 x 844: the fire service page
with station coverage, hydrants and premises on the map, an open incident, and a fire-safety alert beside it that the
operator forwarded to the fire police, accepted by the officer."""

import datetime

import pytest
from django.contrib.gis.geos import Point
from django.utils import timezone
from playwright.sync_api import Browser
from pytest_django import DjangoDbBlocker

from alerts.models import Alert
from alerts.records import PhoneCall
from sectors.fire.models import FireIncident, FireStation
from tests.e2e.checks import VIEWPORTS
from tests.e2e.conftest import DemoSite
from tests.e2e.steps import act, follow, forwarded_by_the_operator, state_of, walk

TIMEOUT = 30_000
pytestmark = [pytest.mark.browser, pytest.mark.vietnamese, pytest.mark.django_db]
# The demo's fire-safety alerts each viewport's journey handles (sectors/fire/demo.py places them on purpose).
ALERT_PREFIXES = {"desktop": "fire:hydrant:TH-NT-CHO#", "phone": "fire:inspection:CS-NT-KS1@"}


@pytest.fixture(scope="module")
def incidents_to_handle(demo_site: DemoSite, django_db_blocker: DjangoDbBlocker) -> dict[str, tuple[str, int]]:
    """For each viewport, an open incident 50 m from a demo fire-safety alert the operator forwarded (committed)."""
    with django_db_blocker.unblock():
        station = FireStation.objects.order_by("code").first()
        found = {}
        for viewport in sorted(VIEWPORTS):
            if viewport not in ALERT_PREFIXES:
                continue
            alert = forwarded_by_the_operator(
                Alert.objects.get(external_ref__startswith=ALERT_PREFIXES[viewport]), "ca-tinh-pccc", "fire",
                reason="Cảnh sát PCCC chủ trì xử lý", message="Đề nghị Phòng Cảnh sát PCCC và CNCH kiểm tra, xử lý.",
                phone_call=PhoneCall(to="Trực ban Cảnh sát PCCC", summary="Đã báo tin"),
            )  # fmt: skip
            assert alert.geom is not None
            reported = timezone.now() - datetime.timedelta(minutes=20)
            incident = FireIncident.objects.create(
                code=f"E2E-{viewport}", title=f"Cháy cửa hàng gần điểm cảnh báo ({viewport})", kind="fire",
                geom=Point(alert.geom.x + 0.0004, alert.geom.y, srid=4326), station=station, reported_at=reported,
                dispatched_at=reported + datetime.timedelta(minutes=2),
                arrived_at=reported + datetime.timedelta(minutes=9), injured=1,
            )  # fmt: skip
            found[viewport] = (incident.code, alert.pk)
    return found


def test_a_fire_officer_reads_the_map_opens_an_incident_and_accepts_the_alert_beside_it(
    demo_site: DemoSite, incidents_to_handle: dict[str, tuple[str, int]], browser: Browser, viewport: str
) -> None:
    code, alert_pk = incidents_to_handle[viewport]
    for journey in walk(browser, demo_site, viewport, "fire"):
        page = journey.page
        journey.open("/services/fire/")
        page.locator("[data-fire-figures]").wait_for(timeout=TIMEOUT)
        page.locator(".leaflet-container").first.wait_for(timeout=TIMEOUT)
        page.wait_for_load_state("networkidle")
        journey.check("service-page")
        link = page.locator(f'[data-incident-list] a[href="/sectors/fire/incidents/{code}/"]')
        link.scroll_into_view_if_needed()
        follow(journey, link)
        assert "1 người bị thương" in page.locator("[data-casualties]").inner_text()
        assert "9 phút" in page.locator("[data-response-time]").inner_text()
        journey.check("incident")
        follow(journey, page.locator(f'[data-nearby-alerts] a[href="/alerts/{alert_pk}/"]'))
        journey.check("alert")
        act(journey, "accept")
        assert state_of(journey) == "Đã tiếp nhận, đang xử lý"
        journey.check("alert-accepted")
        journey.assert_clean()
