"""Two journeys in Vietnamese at 1366 x 768 and 390 x 844: the cyber-security officer (demo-cyber) reads the register,
opens an incident and its alert, posts a progress note and records the containment; a citizen and a leader read the
public ranking of administrative procedure results."""

from collections.abc import Iterator

import pytest
from django.test import Client
from django.utils import timezone
from playwright.sync_api import Browser
from pytest_django import DjangoDbBlocker

from accounts.models import User
from sectors.cyber.intake import read_report, record
from tests.e2e.checks import VIEWPORTS, Journey, open_journey
from tests.e2e.conftest import DemoSite

TIMEOUT = 30_000
pytestmark = [pytest.mark.browser, pytest.mark.vietnamese, pytest.mark.django_db]


@pytest.fixture(params=sorted(VIEWPORTS))
def viewport(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(scope="module")
def cyber_session(demo_site: DemoSite, django_db_blocker: DjangoDbBlocker) -> str:
    with django_db_blocker.unblock():
        client = Client()
        client.force_login(User.objects.get(username="demo-cyber"))
        return client.cookies["sessionid"].value


@pytest.fixture(scope="module")
def incidents_to_handle(demo_site: DemoSite, django_db_blocker: DjangoDbBlocker) -> dict[str, int]:
    """For each viewport, a severe incident from the SOC on the demo public-service portal (committed)."""
    with django_db_blocker.unblock():
        found = {}
        for viewport in sorted(VIEWPORTS):
            incident, _created = record(read_report({
                "reference": f"e2e-{viewport}", "title": "Tấn công dò mật khẩu hàng loạt (dữ liệu kiểm thử)",
                "kind": "intrusion", "severity": "severe", "systems": ["cong-dvc-demo"],
                "detected_at": timezone.now().isoformat(),
            }))  # fmt: skip
            found[viewport] = incident.pk
    return found


def walk(browser: Browser, site: DemoSite, viewport: str, session: str | None) -> Iterator[Journey]:
    yield from open_journey(browser, site.base_url.replace("localhost", "127.0.0.1"), viewport, session)


def test_the_cyber_officer_opens_an_incident_notes_its_alert_and_records_the_containment(
    demo_site: DemoSite, cyber_session: str, incidents_to_handle: dict[str, int], browser: Browser, viewport: str
) -> None:
    for journey in walk(browser, demo_site, viewport, cyber_session):
        page = journey.page
        incident = incidents_to_handle[viewport]
        journey.open("/sectors/cyber/")
        journey.check("cyber-register")
        link = page.locator(f'[data-incidents] tr[data-incident="{incident}"] a')
        link.scroll_into_view_if_needed()
        with page.expect_navigation():
            link.click()
        page.wait_for_load_state("networkidle")
        journey.check("cyber-incident")
        with page.expect_navigation():
            page.locator("[data-alert-link]").click()
        page.wait_for_load_state("networkidle")
        journey.check("cyber-alert")
        box = page.locator('details[data-action="note"]')
        box.locator("summary").click()
        box.locator("textarea[name=text]").fill("Đã chặn địa chỉ tấn công trên tường lửa, đang rà soát nhật ký.")
        with page.expect_navigation():
            box.locator("button[type=submit]").click()
        page.wait_for_load_state("networkidle")
        assert "Đã chặn địa chỉ tấn công" in page.content()
        journey.check("cyber-alert-noted")
        journey.open(f"/sectors/cyber/incidents/{incident}/")
        with page.expect_navigation():
            page.locator('[data-step="contain"]').click()
        page.wait_for_load_state("networkidle")
        assert page.locator("[data-contained]").inner_text().strip() != "—"
        journey.check("cyber-contained")
        journey.assert_clean()


@pytest.mark.parametrize("who", ["citizen", "leader"])
def test_a_citizen_and_a_leader_read_the_public_procedure_ranking(
    demo_site: DemoSite, browser: Browser, viewport: str, who: str
) -> None:
    session = demo_site.sessions.get(who)
    for journey in walk(browser, demo_site, viewport, session):
        page = journey.page
        journey.open("/indicators/procedures/ranking/")
        page.locator('[data-ranking="agency"] tbody tr').first.wait_for(timeout=TIMEOUT)
        assert "Xếp hạng giải quyết thủ tục hành chính" in page.locator("h1").inner_text()
        journey.check(f"ranking-{who}")
        with page.expect_navigation():
            page.locator('[data-span="quarter"]').click()
        page.wait_for_load_state("networkidle")
        assert page.locator('[data-ranking="agency"] tbody tr[data-code]').count() > 0
        journey.check(f"ranking-quarter-{who}")
        journey.assert_clean()
