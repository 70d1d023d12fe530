"""The press officer's journey (demo-press, Sở Văn hóa, Thể thao và Du lịch) in Vietnamese at 1366 x 768 and
390 x 844: the social-listening page with its chart by topic, the spike alert forwarded to the press office, a
negative mention answered from the awaiting list, a sentiment corrected."""

from collections.abc import Iterator

import pytest
from django.test import Client
from playwright.sync_api import Browser
from pytest_django import DjangoDbBlocker

from accounts.models import User
from agencies.models import Agency, Sector
from alerts.api import find_open
from sectors.listening import spikes
from sectors.listening.models import Topic
from tests.e2e.checks import VIEWPORTS, Journey, open_journey
from tests.e2e.conftest import DemoSite

TIMEOUT = 30_000
pytestmark = [pytest.mark.browser, pytest.mark.vietnamese, pytest.mark.django_db]


@pytest.fixture(params=sorted(VIEWPORTS))
def viewport(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(scope="module")
def press_session(demo_site: DemoSite, django_db_blocker: DjangoDbBlocker) -> str:
    with django_db_blocker.unblock():
        client = Client()
        client.force_login(User.objects.get(username="demo-press"))
        return client.cookies["sessionid"].value


@pytest.fixture(scope="module")
def spike_alert(demo_site: DemoSite, django_db_blocker: DjangoDbBlocker) -> int:
    """The demo's flooding spike alert, verified and forwarded by the operator to the press office (committed)."""
    with django_db_blocker.unblock():
        alert = find_open(spikes.external_ref(Topic.objects.get(name="Ngập")))
        assert alert is not None, "the listening demo raises a spike alert on flooding"
        operator = User.objects.get(username="demo-operator")
        alert.verify(operator)
        press_office, sector = Agency.objects.get(code="so-vhttdl"), Sector.objects.get(code="social-listening")
        alert.forward(operator, press_office, sector=sector, reason="Bộ phận báo chí chủ trì phản hồi dư luận")
        return alert.pk


def walk(browser: Browser, site: DemoSite, viewport: str, session: str) -> Iterator[Journey]:
    yield from open_journey(browser, site.base_url.replace("localhost", "127.0.0.1"), viewport, session)


def test_the_press_officer_follows_topics_reads_the_spike_and_answers_a_negative_mention(
    demo_site: DemoSite, press_session: str, spike_alert: int, browser: Browser, viewport: str
) -> None:
    for journey in walk(browser, demo_site, viewport, press_session):
        page = journey.page
        journey.open("/services/social-listening/")
        page.locator("[data-sentiment-chart] svg").wait_for(timeout=TIMEOUT)
        assert page.locator(f'[data-spike-alerts] tr[data-alert="{spike_alert}"]').count() == 1
        journey.check("listening-service-page")
        page.locator("#listening-topic").select_option(label="Ngập")
        with page.expect_navigation():
            page.locator("[data-topic-filter] button").click()
        page.wait_for_load_state("networkidle")
        assert "Ngập" in (page.locator("[data-sentiment-chart] svg").get_attribute("aria-label") or "")
        journey.check("listening-topic-chart")
        item = page.locator("[data-awaiting] li[data-mention]").first
        mention = item.get_attribute("data-mention")
        item.locator("summary").click()
        item.locator("input[name=responder]").fill("Người phát ngôn Sở Văn hóa, Thể thao và Du lịch")
        item.locator("select[name=where]").select_option("press_release")
        journey.check("listening-response-form")
        with page.expect_navigation():
            item.locator("button[type=submit]").click()
        page.wait_for_load_state("networkidle")
        assert page.locator(f'[data-awaiting] li[data-mention="{mention}"]').count() == 0
        journey.check("listening-response-recorded")
        row = page.locator("[data-recent] tr[data-mention]").first
        current = row.locator("select").input_value()
        row.locator("select").select_option("positive" if current != "positive" else "neutral")
        with page.expect_navigation():
            row.locator("button[type=submit]").click()
        page.wait_for_load_state("networkidle")
        journey.check("listening-sentiment-corrected")
        journey.open(f"/alerts/{spike_alert}/")
        journey.check("listening-spike-alert")
        journey.assert_clean()
