"""The public report page in headless Chromium on a phone: category and its question, a tap on the map and the
phone's position, the nearby report shown before sending, a photo, then the tracking code and status."""

import io
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from playwright.sync_api import Browser, Page
from pytest_django.live_server_helper import LiveServer

from fieldreports.choices import Channel
from fieldreports.handling import submit_report
from fieldreports.models import FieldReport
from fieldreports.submission import Submission
from layers.builtin import register_builtin_layers
from tests.fieldreports.world import LAT_30M, LAT_A, LONG_A, World, photo_bytes

ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts"
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def map_layers(world: World) -> None:
    """The built-in layers, so the map draws the test wards (tile cache keys carry layer ids: start empty)."""
    cache.clear()
    register_builtin_layers(io.StringIO())


@pytest.fixture
def earlier_report(world: World, map_layers: None) -> FieldReport:
    """An open street-light report 30 m from where the phone stands (committed before the browser starts)."""
    submission = Submission(channel=Channel.WEB, service_code="streetlight-out", lat=str(LAT_30M), long=str(LONG_A),
                            description="Cột đèn số 7 tắt từ hôm qua.", attributes={"state": ["off"]})  # fmt: skip
    return submit_report(submission, [], ip="192.0.2.99")


@pytest.fixture
def phone(earlier_report: FieldReport, live_server: LiveServer, browser: Browser) -> Iterator[Page]:
    """A Vietnamese phone standing in ward A, on the report page; fails on script errors."""
    context = browser.new_context(
        locale="vi-VN", viewport={"width": 390, "height": 844}, has_touch=True,
        geolocation={"latitude": LAT_A, "longitude": LONG_A, "accuracy": 10}, permissions=["geolocation"],
    )  # fmt: skip
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("requestfailed", lambda request: errors.append(f"{request.failure} {request.url}"))
    page.goto(live_server.url + "/field-reports/", wait_until="networkidle")
    page.wait_for_selector("#fr-map[data-ready=true]")
    try:
        yield page
    finally:
        context.close()
    assert errors == []


def test_a_citizen_reports_from_a_phone_and_gets_a_tracking_code(
    phone: Page, earlier_report: FieldReport, tmp_path: Path
) -> None:
    phone.select_option("#fr-category", "streetlight-out")
    questions = phone.locator('.fr-questions[data-category="streetlight-out"]')
    assert questions.is_visible()
    questions.locator("select").select_option("off")

    # A tap on the map chooses a position...
    phone.evaluate(f"() => window.iocMap.map.setView([{LAT_A + 0.01}, {LONG_A}], 16, {{animate: false}})")
    phone.locator("#fr-map").scroll_into_view_if_needed()
    box = phone.locator("#fr-map").bounding_box()
    assert box is not None
    phone.touchscreen.tap(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    assert abs(float(phone.input_value("#fr-lat")) - (LAT_A + 0.01)) < 0.001
    # ...and the phone's own position replaces it; the earlier report 30 m away is shown before sending.
    phone.click("#fr-locate")
    phone.wait_for_function(f"() => document.getElementById('fr-lat').value === '{LAT_A:.6f}'")
    nearby = phone.locator(f'#fr-nearby li[data-tracking-code="{earlier_report.tracking_code}"]')
    nearby.wait_for()
    assert "Cột đèn số 7 tắt từ hôm qua." in nearby.inner_text()
    assert "Theo dõi phản ánh này" in nearby.inner_text()

    phone.fill("#fr-description", "Đèn đường trước số 12 không sáng.")
    photo = tmp_path / "den.jpg"
    photo.write_bytes(photo_bytes())
    phone.set_input_files("#fr-photos", str(photo))
    phone.fill("input[name=phone]", "0905 123 456")
    phone.check("input[name=consent]")
    ARTIFACTS.mkdir(exist_ok=True)
    phone.screenshot(path=str(ARTIFACTS / "fieldreports_form.png"), full_page=True)

    phone.click("#fr-submit")
    phone.wait_for_selector("#fr-tracking-code")
    code = phone.inner_text("#fr-tracking-code").strip()
    assert re.fullmatch(r"PA[0-9A-Z]{8}", code) and code != earlier_report.tracking_code
    assert phone.locator(".fr-status").inner_text() == "Đã tiếp nhận"
    assert "0905 123 456" not in phone.content()
    assert phone.locator(".fr-photos img").count() == 1
    phone.screenshot(path=str(ARTIFACTS / "fieldreports_sent.png"), full_page=True)
