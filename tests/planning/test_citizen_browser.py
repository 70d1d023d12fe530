"""The citizen page in headless Chromium: a tap and a pasted VN-2000 table give the card and a link to the sheet."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import Browser, Page
from pytest_django.live_server_helper import LiveServer

from planning.models import Plan
from tests.planning.conftest import TEST_LAT, TEST_LON

ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts"
ON_ROAD_TABLE = "1 1353590 602710\n2 1353590 602750\n3 1353630 602750\n4 1353630 602710"
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def phone(zoning_plan: Plan, live_server: LiveServer, browser: Browser) -> Iterator[Page]:
    """A Vietnamese phone-sized page on the lookup page, with the test plan committed; fails on script errors."""
    context = browser.new_context(locale="vi-VN", viewport={"width": 390, "height": 844}, has_touch=True)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("requestfailed", lambda request: errors.append(f"{request.failure} {request.url}"))
    page.goto(live_server.url + "/planning/", wait_until="networkidle")
    page.wait_for_selector("#pl-map[data-ready=true]")
    try:
        yield page
    finally:
        context.close()
    assert errors == []


def test_a_tap_on_the_map_shows_the_lot_and_its_indicators(phone: Page) -> None:
    phone.evaluate(f"() => window.iocMap.map.setView([{TEST_LAT}, {TEST_LON}], 17, {{animate: false}})")
    box = phone.locator("#pl-map").bounding_box()
    assert box is not None
    phone.touchscreen.tap(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    card = phone.locator(".pl-card")
    card.wait_for()
    text = card.inner_text()
    assert "Quy hoạch phân khu thử nghiệm" in text
    assert "Đất xây dựng cơ sở giáo dục và đào tạo" in text
    assert phone.locator(".pl-lot[data-lot=A1]").count() == 1
    assert "40%" in text  # building coverage, as stated by the adjustment
    assert phone.locator("#pl-map path.pl-lot-shape").count() >= 1
    ARTIFACTS.mkdir(exist_ok=True)
    phone.screenshot(path=str(ARTIFACTS / "planning_tap.png"), full_page=True)


def test_a_pasted_certificate_table_gives_the_parcel_report_and_a_printable_sheet(phone: Page) -> None:
    phone.locator("summary", has_text="Bảng tọa độ").or_(phone.locator(".pl-ask summary").nth(1)).first.click()
    phone.fill("#pl-table", ON_ROAD_TABLE)
    phone.locator("#pl-table-form button[type=submit]").click()
    phone.locator(".pl-uses").wait_for()
    rows = phone.locator(".pl-uses tr[data-code]")
    assert sorted(rows.evaluate_all("rows => rows.map(r => r.dataset.code)")) == ["DGD", "DGT"]
    assert phone.locator(".pl-redline").get_attribute("data-crosses") == "true"
    assert "1.600,0 m²" in phone.locator(".pl-card").inner_text()
    ARTIFACTS.mkdir(exist_ok=True)
    phone.screenshot(path=str(ARTIFACTS / "planning_table.png"), full_page=True)

    # The sheet is printed by the server (tests/planning/test_planning_sheet.py): the card links to it.
    href = phone.locator(".pl-card a.pl-print").get_attribute("href") or ""
    assert href.startswith("/planning/sheet.pdf?") and "table=" in href
