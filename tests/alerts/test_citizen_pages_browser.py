"""The alert's page and the agency's inbox in headless Chromium, in Vietnamese, on a phone (390x844) and a desktop
(1366x768): the citizens' photos open, the agency picker can be searched, nothing scrolls sideways and every button
is at least 44 px high."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from playwright.sync_api import Browser, Page
from pytest_django.live_server_helper import LiveServer
from time_machine import TimeMachineFixture

from alerts import evidence
from fieldreports.models import FieldReport
from tests.alerts.test_evidence import photo as evidence_photo
from tests.fieldreports.conftest import media_root, rate_cache  # noqa: F401  (fixtures of the field-report tests)
from tests.fieldreports.world import World, build_world, post_report

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path("/tmp/shots/ops")
VIEWPORTS = {"phone": (390, 844), "desktop": (1366, 768)}
RESULT = "Đã thay bóng đèn LED 100 W ở cột NT-0412; đèn sáng lại từ 18:00."
CONTACT = {"first_name": "Lan", "last_name": "Trần Thị", "phone": "0905 123 456", "email": "lan.tran@example.org"}
# Buttons and links a finger must hit (inline links inside text are exempt, as WCAG 2.5.8 allows).
TARGETS = "button:visible, summary:visible, .al-thumbs a:visible, select:visible, input:not([type=hidden]):visible"


@pytest.fixture
def scene(db: None, frozen_clock: TimeMachineFixture, media_root: Path, rate_cache: str) -> dict[str, object]:  # noqa: F811
    """A verified street-light report with two photos (alert for the operator) and a forwarded one (inbox)."""
    world: World = build_world()
    world.ubnd_a.name, world.ubnd_b.name = "Ủy ban nhân dân Phường Thử A", "Ủy ban nhân dân Phường Thử B"
    world.ubnd_a.save()
    world.ubnd_b.save()
    world.lighting.name = "Công ty Chiếu sáng công cộng"
    world.lighting.save()
    for _n in range(3):
        assert post_report(Client(), world, photos=2, **CONTACT).status_code == 200
    first, second, third = FieldReport.objects.order_by("pk")
    _closed_with_result(world, third)
    operator = world.users["operator"]
    first.alert.verify(operator)
    second.alert.verify(operator)
    second.alert.forward(operator, world.ubnd_a, reason="Phường xử lý.")
    sessions = {}
    for who in ("operator", "officer_a"):
        client = Client()
        client.force_login(world.users[who])
        sessions[who] = client.cookies[settings.SESSION_COOKIE_NAME].value
    return {"verified": first.alert_id, "forwarded": second.alert_id, "sessions": sessions,
            "closed": third.tracking_code}  # fmt: skip


def _closed_with_result(world: World, report: FieldReport) -> None:
    """Forwarded, accepted, resolved with two photos of the work and confirmed by the IOC."""
    operator, officer, alert = world.users["operator"], world.users["officer_a"], report.alert
    alert.verify(operator)
    alert.forward(operator, world.ubnd_a, reason="Phường xử lý.")
    alert.accept(officer)
    files = evidence.check_files([SimpleUploadedFile(f"sau-{n}.jpg", evidence_photo(gps=True), "image/jpeg")
                                  for n in range(2)])  # fmt: skip
    evidence.attach(alert, officer, files, lambda items: alert.resolve(officer, RESULT, items))
    alert.confirm(operator)


def _page(browser: Browser, live_server: LiveServer, session: str, size: tuple[int, int]) -> Iterator[Page]:
    context = browser.new_context(locale="vi-VN", viewport={"width": size[0], "height": size[1]}, has_touch=True)
    if session:
        context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}])
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        yield page
    finally:
        context.close()
    assert errors == []


def _fits_and_is_tappable(page: Page) -> None:
    assert page.evaluate("() => document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    small = page.evaluate(
        """(selector) => Array.from(document.querySelectorAll(selector.replaceAll(':visible', '')))
             .filter((node) => node.closest('main') && node.offsetParent !== null)
             .filter((node) => !node.closest('.leaflet-container'))
             .filter((node) => node.getBoundingClientRect().height < 44)
             .map((node) => node.outerHTML.slice(0, 80))""",
        TARGETS,
    )
    assert small == []


@pytest.mark.parametrize("screen", sorted(VIEWPORTS))
def test_the_operators_alert_page_with_photos_contact_and_a_searchable_picker(
    scene: dict, live_server: LiveServer, browser: Browser, screen: str
) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    for page in _page(browser, live_server, scene["sessions"]["operator"], VIEWPORTS[screen]):
        page.goto(f"{live_server.url}/alerts/{scene['verified']}/", wait_until="networkidle")
        photos = page.locator("[data-citizen-photos] img")
        assert photos.count() == 2
        assert photos.first.evaluate("img => img.complete && img.naturalWidth > 0")
        assert "0905 123 456" in page.locator("[data-contact]").inner_text()
        forward = page.locator('details[data-action="forward"]')
        forward.locator("summary").click()
        search = forward.locator(".al-picker__search").first
        search.fill("phuong thu b")  # without accents
        options = forward.locator('select[name="lead_agency"] option')
        texts = options.all_inner_texts()
        assert "Ủy ban nhân dân Phường Thử B" in texts and "Công ty Chiếu sáng công cộng" not in texts
        assert forward.locator('select[name="lead_agency"]').input_value() == "ubnd-90002"  # the match is chosen
        search.fill("")
        assert options.count() == 3 and forward.locator('select[name="lead_agency"]').input_value() == "ubnd-90002"
        _fits_and_is_tappable(page)
        page.screenshot(path=str(SHOTS / f"alert-{screen}.png"), full_page=True)
        with page.expect_navigation():
            photos.first.click()
        assert page.url.split("?")[0].endswith(".jpg")


@pytest.mark.parametrize("screen", sorted(VIEWPORTS))
def test_the_agencys_inbox_shows_the_photos_on_a_phone(
    scene: dict, live_server: LiveServer, browser: Browser, screen: str
) -> None:
    for page in _page(browser, live_server, scene["sessions"]["officer_a"], VIEWPORTS[screen]):
        page.goto(f"{live_server.url}/alerts/inbox/", wait_until="networkidle")
        card = page.locator(f'.al-card[data-id="{scene["forwarded"]}"]')
        assert card.locator(".al-card__photos img").count() == 2
        assert "Ủy ban nhân dân Phường Thử A" in page.inner_text("main")
        _fits_and_is_tappable(page)
        page.screenshot(path=str(SHOTS / f"inbox-{screen}.png"), full_page=True)
        page.goto(f"{live_server.url}/alerts/{scene['forwarded']}/", wait_until="networkidle")
        assert page.locator("[data-citizen-photos] img").count() == 2
        assert page.locator("[data-contact]").count() == 0
        _fits_and_is_tappable(page)
        page.screenshot(path=str(SHOTS / f"alert-agency-{screen}.png"), full_page=True)


@pytest.mark.parametrize("screen", sorted(VIEWPORTS))
def test_the_reporters_status_page_shows_the_result_and_its_photos(
    scene: dict, live_server: LiveServer, browser: Browser, screen: str
) -> None:
    for page in _page(browser, live_server, "", VIEWPORTS[screen]):
        page.goto(f"{live_server.url}/field-reports/track/{scene['closed']}/", wait_until="networkidle")
        result = page.locator("#fr-result")
        assert RESULT in result.inner_text() and "Kết quả xử lý" in result.inner_text()
        photos = result.locator("img")
        assert photos.count() == 2 and photos.first.evaluate("img => img.complete && img.naturalWidth > 0")
        assert page.evaluate("() => document.documentElement.scrollWidth <= document.documentElement.clientWidth")
        page.screenshot(path=str(SHOTS / f"track-result-{screen}.png"), full_page=True)
