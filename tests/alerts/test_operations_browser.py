"""Done-when of alert operations, in headless Chromium: an operator verifies and forwards a new alert from the console,
an agency officer on a phone accepts it and reports the result with a photo, the operator confirms it; each sees only
what their role allows. Screenshots go to test-artifacts/."""

import datetime
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.core.cache import cache
from django.test import Client, override_settings
from django.utils import timezone
from PIL import Image
from playwright.sync_api import Browser, BrowserContext, FilePayload, Page, Response, ViewportSize
from pytest_django.live_server_helper import LiveServer

from delivery.message_defaults import create_defaults
from layers.builtin import register_builtin_layers
from tests.alerts.world import build_world

ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts"
TIMEOUT = 20_000
pytestmark = [pytest.mark.browser, pytest.mark.vietnamese, pytest.mark.django_db(transaction=True)]


@dataclass
class Operations:
    operator_session: str
    officer_session: str
    new_alert: int
    overdue_alert: int
    other_agency_alert: int


@pytest.fixture
def operations(transactional_db: None, tmp_path: Path) -> Iterator[Operations]:
    """Commit a small province, its agencies and accounts, a new alert, an overdue one and another agency's alert."""
    cache.clear()
    create_defaults()
    with override_settings(MEDIA_ROOT=tmp_path, ALERTS_CONSOLE_POLL_SECONDS=2):
        world = build_world()
        register_builtin_layers(io.StringIO())
        operator = world.users["operator"]
        appeared = timezone.now() - datetime.timedelta(hours=3)  # 3 hours ago: its 1-hour step is overdue
        with time_machine.travel(appeared, tick=False):
            overdue = world.alert(title="Đèn tín hiệu hỏng ở ngã tư", geom=world.polygon_across())
        other = world.alert(title="Cống tắc ở phường B", geom=world.polygon_across())
        other.verify(operator)
        other.forward(operator, world.ubnd_b, sector=world.utilities, reason="Phường B quản lý tuyến cống")
        new = world.alert(title="Cây đổ chắn đường Lê Thánh Tôn", description="Cây xà cừ đổ sau mưa lớn")
        sessions = []
        for who in ("operator", "officer_a"):
            client = Client()
            client.force_login(world.users[who])
            sessions.append(client.cookies["sessionid"].value)
        yield Operations(sessions[0], sessions[1], new.pk, overdue.pk, other.pk)


def context_for(browser: Browser, live_server: LiveServer, session: str, phone: bool = False) -> BrowserContext:
    size: ViewportSize = {"width": 390, "height": 844} if phone else {"width": 1280, "height": 800}
    context = browser.new_context(locale="vi-VN", viewport=size, has_touch=phone, is_mobile=phone)
    context.add_cookies([{"name": "sessionid", "value": session, "url": live_server.url}])
    return context


def watch(page: Page, errors: list[str]) -> Page:
    page.on("pageerror", lambda error: errors.append(f"uncaught: {error}"))
    page.on("console", lambda m: errors.append(f"{m.text} at {m.location['url']}") if m.type == "error" else None)
    return page


def shot(page: Page, name: str, map_id: str = "alert-map") -> None:
    page.wait_for_selector(f'#{map_id}:is([data-ready="true"], [data-ready="error"])', timeout=TIMEOUT)
    state = page.locator(f"#{map_id}").get_attribute("data-ready")
    assert state == "true", page.locator(f"#{map_id} .ioc-map__status").inner_text()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"alerts_{name}.png"), full_page=True)


def take(page: Page, action: str, fill: dict[str, str] | None = None) -> None:
    """Open an action's form on the alert page, fill it and submit it; wait for the page that follows."""
    box = page.locator(f'details[data-action="{action}"]')
    box.locator("summary").click()
    for selector, value in (fill or {}).items():
        field = box.locator(selector)
        field.select_option(value) if selector.startswith("select") else field.fill(value)
    with page.expect_navigation():
        box.locator("button[type=submit]").click()


def status(response: Response | None) -> int:
    assert response is not None
    return response.status


def actions_on(page: Page) -> set[str]:
    return set(page.locator("details[data-action]").evaluate_all("nodes => nodes.map(n => n.dataset.action)"))


def photo_with_gps() -> bytes:
    image = Image.new("RGB", (800, 600), (90, 140, 60))
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (12.0, 13.0, 30.0), 3: "E", 4: (109.0, 7.0, 30.0)}
    output = io.BytesIO()
    image.save(output, "JPEG", exif=exif.tobytes())
    return output.getvalue()


def test_an_alert_goes_from_the_console_to_the_agencys_phone_and_back_to_closed(
    operations: Operations, live_server: LiveServer, browser: Browser
) -> None:
    errors: list[str] = []
    desk = context_for(browser, live_server, operations.operator_session)
    phone = context_for(browser, live_server, operations.officer_session, phone=True)
    operator, officer = watch(desk.new_page(), errors), watch(phone.new_page(), errors)
    base = live_server.url
    try:
        # The operator's console: every alert on the map and in the list, the overdue one unmistakable.
        operator.goto(f"{base}/alerts/console/")
        operator.wait_for_selector(f'#al-list li[data-id="{operations.new_alert}"]', timeout=TIMEOUT)
        overdue = operator.locator(f'#al-list li[data-id="{operations.overdue_alert}"]')
        assert overdue.get_attribute("data-overdue") == "true"
        assert "QUÁ HẠN" in overdue.inner_text()  # the badge, in capitals
        operator.wait_for_selector("#console-map path.al-shape--overdue", timeout=TIMEOUT)
        assert operator.locator("#al-list li").first.get_attribute("data-id") == str(operations.overdue_alert)
        shot(operator, "console", "console-map")

        # A new alert arrives through the API: the console shows it without a reload.
        created = operator.evaluate(
            """async () => {
                const token = document.cookie.split('; ').find(c => c.startsWith('csrftoken=')).split('=')[1];
                const response = await fetch('/api/v1/alerts', {method: 'POST', credentials: 'same-origin',
                    headers: {'Content-Type': 'application/json', 'X-CSRFToken': token},
                    body: JSON.stringify({title: 'Sạt lở taluy đường Phạm Văn Đồng', category: 'other',
                                          geometry: {type: 'Point', coordinates: [109.13, 12.23]}})});
                return (await response.json()).id;
            }"""
        )
        operator.wait_for_selector(f'#al-list li[data-id="{created}"].al-item--new', timeout=TIMEOUT)

        # The operator verifies the new alert and forwards it as proposed.
        with operator.expect_navigation():
            operator.locator(f'#al-list li[data-id="{operations.new_alert}"] a.al-item__title').click()
        assert {"verify", "reject", "quick-report"} <= actions_on(operator)
        assert not actions_on(operator) & {"accept", "resolve", "refuse"}
        take(operator, "verify")
        assert operator.locator("[data-state-label]").inner_text() == "Đã xác minh, chờ chuyển xử lý"
        assert operator.locator('details[data-action="forward"] select[name=lead_agency]').input_value() == "ubnd-90001"
        take(operator, "forward", {"select[name=sector]": "public-utilities",
                                   "textarea[name=message]": "Đề nghị phường xử lý, bảo đảm giao thông"})  # fmt: skip
        assert operator.locator("[data-state-label]").inner_text() == "Đã chuyển xử lý, chờ tiếp nhận"
        shot(operator, "forwarded")

        # The agency officer, on a phone: the inbox shows only the agency's alerts, with the time left.
        officer.goto(f"{base}/alerts/inbox/")
        card = officer.locator(f'li.al-card[data-id="{operations.new_alert}"]')
        card.wait_for(timeout=TIMEOUT)
        assert card.get_attribute("data-role") == "lead" and "còn" in card.inner_text()
        assert officer.locator(f'li.al-card[data-id="{operations.other_agency_alert}"]').count() == 0
        assert officer.evaluate("document.documentElement.scrollWidth") <= 391  # no sideways scrolling
        ARTIFACTS.mkdir(exist_ok=True)
        officer.screenshot(path=str(ARTIFACTS / "alerts_inbox_phone.png"), full_page=True)
        with officer.expect_navigation():
            card.locator("a.al-card__title").click()
        assert actions_on(officer) == {"accept", "refuse", "note"}
        take(officer, "accept")
        assert officer.locator("[data-state-label]").inner_text() == "Đã tiếp nhận, đang xử lý"
        box = officer.locator('details[data-action="resolve"]')
        box.locator("summary").click()
        box.locator("textarea[name=result]").fill("Đã cắt dọn cây, thông tuyến lúc 10 giờ")
        upload: FilePayload = {"name": "hien-truong.jpg", "mimeType": "image/jpeg", "buffer": photo_with_gps()}
        box.locator("input[type=file]").set_input_files([upload])
        with officer.expect_navigation():
            box.locator("button[type=submit]").click()
        assert officer.locator("[data-state-label]").inner_text() == "Đã báo cáo kết quả, chờ xác nhận"
        photo = officer.locator("li.al-file--image").first
        photo.wait_for(timeout=TIMEOUT)
        assert photo.locator("[data-gps]").get_attribute("data-gps") == "12.22500,109.12500"
        assert officer.evaluate("document.documentElement.scrollWidth") <= 391
        shot(officer, "resolved_phone")
        assert not actions_on(officer) & {"confirm", "return-for-rework", "verify", "forward", "quick-report"}
        officer.goto(f"{base}/alerts/console/")
        assert "bảng điều hành" in officer.locator("[data-forbidden]").inner_text()  # in words, not a code
        assert status(officer.goto(f"{base}/alerts/{operations.other_agency_alert}/")) == 404

        # Back at the IOC: the operator confirms the result; the alert is closed.
        operator.goto(f"{base}/alerts/{operations.new_alert}/")
        thumbnail = operator.locator(".al-layout__side li.al-file--image img")
        thumbnail.scroll_into_view_if_needed()
        operator.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=thumbnail.element_handle())
        assert thumbnail.evaluate("img => img.naturalWidth") == 320
        assert {"confirm", "return-for-rework"} <= actions_on(operator)
        take(operator, "confirm", {"textarea[name=note]": "Kết quả đạt yêu cầu"})
        assert operator.locator("[data-state-label]").inner_text() == "Đã kết thúc"
        kinds = operator.locator(".al-event").evaluate_all("nodes => nodes.map(n => n.dataset.kind)")
        assert kinds[:1] == ["created"] and kinds[-4:] == ["forwarded", "accepted", "resolved", "closed"]
        shot(operator, "closed")
        assert status(operator.goto(f"{base}/alerts/inbox/")) == 403
    finally:
        desk.close()
        phone.close()
    # Chromium logs the refusals the test asked for (and the favicon Django's plain 404 page lacks); nothing else.
    refused = (f"{base}/alerts/console/", f"{base}/alerts/{operations.other_agency_alert}/", f"{base}/alerts/inbox/",
               f"{base}/favicon.ico")  # fmt: skip
    unexpected = [error for error in errors if not error.endswith(refused)]
    assert unexpected == [], json.dumps(unexpected, ensure_ascii=False)
