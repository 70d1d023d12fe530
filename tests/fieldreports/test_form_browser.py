"""The report form in headless Chromium, in Vietnamese, on a phone (390x844) and a desktop (1366x768): choosing a
category shows only its questions, and sending an empty form names the missing field in words, before sending
(script) and from the server (no script)."""

import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.cache import cache
from playwright.sync_api import Browser, Page
from pytest_django.live_server_helper import LiveServer

from layers.builtin import register_builtin_layers
from tests.fieldreports.world import World

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path("/tmp/shots/ops")
VIEWPORTS = {"phone": (390, 844), "desktop": (1366, 768)}
PARAMETER_NAMES = ("service_code", "attribute[", "attr:", "address_string", "lat ", " long")


@pytest.fixture
def form_world(world: World) -> World:
    """The test wards on the map and a question for litter too (written before the browser starts)."""
    cache.clear()
    register_builtin_layers(io.StringIO())
    world.waste.attributes.create(code="amount", description="Khoảng bao nhiêu rác?", order=1)
    return world


def _open(browser: Browser, live_server: LiveServer, size: tuple[int, int], script: bool = True) -> Iterator[Page]:
    context = browser.new_context(locale="vi-VN", viewport={"width": size[0], "height": size[1]},
                                  java_script_enabled=script)  # fmt: skip
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    if script:  # without one, the browser logs the server's 400 answer to the refused form, as it should
        page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.goto(live_server.url + "/field-reports/", wait_until="networkidle")
    try:
        yield page
    finally:
        context.close()
    assert errors == []


def _no_sideways_scroll(page: Page) -> None:
    assert page.evaluate("() => document.documentElement.scrollWidth <= document.documentElement.clientWidth")


@pytest.mark.parametrize("screen", sorted(VIEWPORTS))
def test_a_category_shows_only_its_questions_and_an_empty_form_names_the_field(
    form_world: World, live_server: LiveServer, browser: Browser, screen: str
) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    for page in _open(browser, live_server, VIEWPORTS[screen]):
        page.wait_for_selector("#fr-map[data-ready=true]")
        streetlight = page.locator('.fr-questions[data-category="streetlight-out"]')
        waste = page.locator('.fr-questions[data-category="waste"]')
        assert not streetlight.is_visible() and not waste.is_visible()

        page.select_option("#fr-category", "streetlight-out")
        assert streetlight.is_visible() and not waste.is_visible()
        assert "Đèn đang thế nào?" in streetlight.inner_text()
        page.select_option("#fr-category", "waste")
        assert waste.is_visible() and not streetlight.is_visible()
        assert streetlight.evaluate("node => node.disabled")  # its answers are not sent
        _no_sideways_scroll(page)
        page.screenshot(path=str(SHOTS / f"form-category-{screen}.png"), full_page=False)

        # Nothing chosen: the script stops the sending and says, in Vietnamese, what to fill in.
        page.select_option("#fr-category", "")
        page.click("#fr-submit")
        problems = page.locator("#fr-problems")
        problems.wait_for(state="visible")
        text = problems.inner_text()
        assert "Hãy chọn loại phản ánh." in text and "Hãy cho biết vị trí" in text and "Hãy mô tả sự việc" in text
        assert not [name for name in PARAMETER_NAMES if name in text], text
        assert page.url.rstrip("/").endswith("/field-reports")
        assert page.locator("#fr-category").get_attribute("aria-invalid") == "true"
        _no_sideways_scroll(page)
        page.screenshot(path=str(SHOTS / f"form-empty-{screen}.png"), full_page=True)

        # The chosen category's required question is named by its words.
        page.select_option("#fr-category", "streetlight-out")
        page.click("#fr-submit")
        assert "Hãy trả lời câu hỏi “Đèn đang thế nào?”." in problems.inner_text()
        assert "Hãy chọn loại phản ánh." not in problems.inner_text()


def test_without_a_script_the_server_names_the_field_in_vietnamese(
    form_world: World, live_server: LiveServer, browser: Browser
) -> None:
    for page in _open(browser, live_server, VIEWPORTS["phone"], script=False):
        page.click("#fr-submit")
        page.wait_for_load_state()
        text = page.locator("#fr-problems").inner_text()
        assert "Hãy chọn loại phản ánh." in text
        assert not [name for name in PARAMETER_NAMES if name in text], text
        _no_sideways_scroll(page)
        page.screenshot(path=str(SHOTS / "form-server-errors-phone.png"), full_page=False)
