"""Two journeys in Vietnamese at 1366 x 768 and 390 x 844: the cyber-security officer (demo-cyber) reads the register,
opens an incident and its alert, posts a progress note and records the containment; a citizen and a leader read the
public ranking of administrative procedure results."""

import pytest
from django.utils import timezone
from playwright.sync_api import Browser
from pytest_django import DjangoDbBlocker

from sectors.cyber.intake import read_report, record
from tests.e2e.checks import VIEWPORTS
from tests.e2e.conftest import DemoSite
from tests.e2e.steps import act, follow, walk

TIMEOUT = 30_000
pytestmark = [pytest.mark.browser, pytest.mark.vietnamese, pytest.mark.django_db]


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


def test_the_cyber_officer_opens_an_incident_notes_its_alert_and_records_the_containment(
    demo_site: DemoSite, incidents_to_handle: dict[str, int], browser: Browser, viewport: str
) -> None:
    for journey in walk(browser, demo_site, viewport, "cyber"):
        page = journey.page
        incident = incidents_to_handle[viewport]
        journey.open("/sectors/cyber/")
        journey.check("cyber-register")
        link = page.locator(f'[data-incidents] tr[data-incident="{incident}"] a')
        link.scroll_into_view_if_needed()
        follow(journey, link)
        journey.check("cyber-incident")
        follow(journey, page.locator("[data-alert-link]"))
        journey.check("cyber-alert")
        act(journey, "note", {"textarea[name=text]": "Đã chặn địa chỉ tấn công trên tường lửa, đang rà soát nhật ký."})
        assert "Đã chặn địa chỉ tấn công" in page.content()
        journey.check("cyber-alert-noted")
        journey.open(f"/sectors/cyber/incidents/{incident}/")
        follow(journey, page.locator('[data-step="contain"]'))
        assert page.locator("[data-contained]").inner_text().strip() != "—"
        journey.check("cyber-contained")
        journey.assert_clean()


@pytest.mark.parametrize("who", ["citizen", "leader"])
def test_a_citizen_and_a_leader_read_the_public_procedure_ranking(
    demo_site: DemoSite, browser: Browser, viewport: str, who: str
) -> None:
    for journey in walk(browser, demo_site, viewport, None if who == "citizen" else who):  # a citizen: a visitor
        page = journey.page
        journey.open("/indicators/procedures/ranking/")
        page.locator('[data-ranking="agency"] tbody tr').first.wait_for(timeout=TIMEOUT)
        assert "Xếp hạng giải quyết thủ tục hành chính" in page.locator("h1").inner_text()
        journey.check(f"ranking-{who}")
        follow(journey, page.locator('[data-span="quarter"]'))
        assert page.locator('[data-ranking="agency"] tbody tr[data-code]').count() > 0
        journey.check(f"ranking-quarter-{who}")
        journey.assert_clean()
