"""The press officer's journey (demo-press, Sở Văn hóa, Thể thao và Du lịch) in Vietnamese at 1366 x 768 and
390 x 844: the social-listening page with its chart by topic, the spike alert forwarded to the press office, a
negative mention answered from the awaiting list, a sentiment corrected."""

import pytest
from playwright.sync_api import Browser
from pytest_django import DjangoDbBlocker

from alerts.api import find_open
from sectors.listening import spikes
from sectors.listening.models import Topic
from tests.e2e.conftest import DemoSite
from tests.e2e.steps import follow, forwarded_by_the_operator, walk

TIMEOUT = 30_000
pytestmark = [pytest.mark.browser, pytest.mark.vietnamese, pytest.mark.django_db]


@pytest.fixture(scope="module")
def spike_alert(demo_site: DemoSite, django_db_blocker: DjangoDbBlocker) -> int:
    """The demo's flooding spike alert, verified and forwarded by the operator to the press office (committed)."""
    with django_db_blocker.unblock():
        alert = find_open(spikes.external_ref(Topic.objects.get(name="Ngập")))
        assert alert is not None, "the listening demo raises a spike alert on flooding"
        forwarded_by_the_operator(alert, "so-vhttdl", "social-listening",
                                  reason="Bộ phận báo chí chủ trì phản hồi dư luận")  # fmt: skip
        return alert.pk


def test_the_press_officer_follows_topics_reads_the_spike_and_answers_a_negative_mention(
    demo_site: DemoSite, spike_alert: int, browser: Browser, viewport: str
) -> None:
    for journey in walk(browser, demo_site, viewport, "press"):
        page = journey.page
        journey.open("/services/social-listening/")
        page.locator("[data-sentiment-chart] svg").wait_for(timeout=TIMEOUT)
        assert page.locator(f'[data-spike-alerts] tr[data-alert="{spike_alert}"]').count() == 1
        journey.check("listening-service-page")
        page.locator("#listening-topic").select_option(label="Ngập")
        follow(journey, page.locator("[data-topic-filter] button"))
        assert "Ngập" in (page.locator("[data-sentiment-chart] svg").get_attribute("aria-label") or "")
        journey.check("listening-topic-chart")
        item = page.locator("[data-awaiting] li[data-mention]").first
        mention = item.get_attribute("data-mention")
        item.locator("summary").click()
        item.locator("input[name=responder]").fill("Người phát ngôn Sở Văn hóa, Thể thao và Du lịch")
        item.locator("select[name=where]").select_option("press_release")
        journey.check("listening-response-form")
        follow(journey, item.locator("button[type=submit]"))
        assert page.locator(f'[data-awaiting] li[data-mention="{mention}"]').count() == 0
        journey.check("listening-response-recorded")
        row = page.locator("[data-recent] tr[data-mention]").first
        current = row.locator("select").input_value()
        row.locator("select").select_option("positive" if current != "positive" else "neutral")
        follow(journey, row.locator("button[type=submit]"))
        journey.check("listening-sentiment-corrected")
        journey.open(f"/alerts/{spike_alert}/")
        journey.check("listening-spike-alert")
        journey.assert_clean()
