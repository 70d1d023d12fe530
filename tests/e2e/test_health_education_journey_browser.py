"""The health officer's (demo-health) and the education officer's (demo-education) journeys in Vietnamese at
1366 x 768 and 390 x 844: the health service page with its figures, the incidence and vaccination maps, an outbreak
alert and its channel chart; the education service page, schools by commune, a school closed and shown to the public,
then reopened."""

import pytest
from playwright.sync_api import Browser
from pytest_django import DjangoDbBlocker

from alerts.models import Alert
from alerts.records import PhoneCall
from sectors.education.models import School
from tests.e2e.checks import VIEWPORTS
from tests.e2e.conftest import DemoSite
from tests.e2e.steps import follow, forwarded_by_the_operator, walk

TIMEOUT = 30_000
pytestmark = [pytest.mark.browser, pytest.mark.vietnamese, pytest.mark.django_db]


@pytest.fixture(scope="module")
def forwarded(demo_site: DemoSite, django_db_blocker: DjangoDbBlocker) -> None:
    """The operator verifies an outbreak alert and a school-flood alert and forwards them to the departments."""
    with django_db_blocker.unblock():
        for ref, rule, agency, sector in (
            ("health-outbreak:", None, "so-yt", "health"), ("", "truong-hoc-vung-ngap", "so-gddt", "education"),
        ):  # fmt: skip
            alerts = Alert.objects.filter(external_ref__startswith=ref) if ref else Alert.objects.filter(rule__key=rule)
            alert = alerts.order_by("pk").first()
            assert alert is not None, f"the demo raised no alert for {ref or rule}"
            forwarded_by_the_operator(
                alert, agency, sector, reason="Chuyển sở chuyên ngành xử lý", message="Đề nghị Sở kiểm tra, xử lý.",
                phone_call=PhoneCall(to="Trực ban Sở", summary="Đã báo tin"),
            )  # fmt: skip


@pytest.fixture(scope="module")
def schools_to_close(demo_site: DemoSite, django_db_blocker: DjangoDbBlocker) -> dict[str, tuple[str, str]]:
    """An open school for each viewport (committed before the journeys)."""
    with django_db_blocker.unblock():
        open_schools = list(School.objects.filter(closed=False).order_by("-enrolment")[:2])
        chosen = zip(sorted(VIEWPORTS), open_schools, strict=True)
        return {viewport: (school.code, school.name) for viewport, school in chosen}


def test_a_health_officer_reads_cases_maps_and_an_outbreak_alert_with_its_channel_chart(
    demo_site: DemoSite, forwarded: None, browser: Browser, viewport: str
) -> None:
    for journey in walk(browser, demo_site, viewport, "health"):
        page = journey.page
        journey.open("/services/health/")
        page.locator('[data-sector-panel="health"] [data-week-cases] strong').wait_for(timeout=TIMEOUT)
        assert page.locator("[data-outbreak-list] li").count() > 0
        journey.check("health-service")
        with page.expect_navigation():
            page.locator("[data-incidence-link]").click()
        page.locator("#health-map[data-coloured-units]").wait_for(state="attached", timeout=TIMEOUT)
        assert "100.000" in page.locator("[data-map-label]").inner_text()
        journey.check("incidence-map")
        page.locator("#measure").select_option("vaccination")
        with page.expect_navigation():
            page.locator("form.dh-filters button[type=submit]").click()
        page.locator("#health-map[data-coloured-units]").wait_for(state="attached", timeout=TIMEOUT)
        assert page.locator("[data-unit-values] tbody tr").count() > 10
        journey.check("vaccination-map")
        journey.open("/services/health/")
        alert_link = page.locator("[data-outbreak-list] li a").first
        chart = page.locator("[data-outbreak-list] li a").nth(1).get_attribute("href")
        follow(journey, alert_link)
        assert "kênh dịch tễ" in page.content()
        journey.check("outbreak-alert")
        assert chart is not None
        answer = page.request.get(journey.base_url + chart)
        assert answer.status == 200 and "<svg" in answer.text()
        journey.assert_clean()


def test_an_education_officer_closes_a_school_that_the_public_then_sees_and_reopens_it(
    demo_site: DemoSite,
    forwarded: None,
    schools_to_close: dict[str, tuple[str, str]],
    browser: Browser,
    viewport: str,
) -> None:
    code, name = schools_to_close[viewport]
    for journey in walk(browser, demo_site, viewport, "education"):
        page = journey.page
        journey.open("/services/education/")
        page.locator('[data-sector-panel="education"] [data-schools] strong').wait_for(timeout=TIMEOUT)
        assert page.locator("[data-hazard-list] li").count() > 0
        journey.check("education-service")
        with page.expect_navigation():
            page.locator("[data-schools-link]").click()
        page.locator("#edu-map[data-coloured-units]").wait_for(state="attached", timeout=TIMEOUT)
        journey.check("schools-by-commune")
        row = page.locator(f'tr[data-school="{code}"]')
        row.scroll_into_view_if_needed()
        row.locator("input[name=reason]").fill("Ngập sâu quanh trường sau mưa lớn")
        with page.expect_navigation():
            row.locator("button[type=submit]").click()
        page.locator(f'tr[data-school="{code}"][data-closed]').wait_for(timeout=TIMEOUT)
        journey.check("school-closed")
        for public in walk(browser, demo_site, viewport):
            public.open("/public-alerts/")
            assert name in public.page.locator("[data-closed-schools]").inner_text()
            public.check("public-closed-schools")
            public.assert_clean()
        journey.open("/sectors/education/schools/?closed=1")
        with page.expect_navigation():
            page.locator(f'tr[data-school="{code}"] button[type=submit]').click()
        page.locator(f'tr[data-school="{code}"]:not([data-closed])').wait_for(timeout=TIMEOUT)
        journey.check("school-reopened")
        journey.assert_clean()
