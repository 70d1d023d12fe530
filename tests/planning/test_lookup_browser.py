"""The citizen lookup in headless Chromium (vi-VN) on a desktop and a phone: the lots layer is drawn, a tap brings
a plain Vietnamese answer into view without covering the tapped point, and its sheet link returns a one-page PDF."""

import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page, Route
from pypdf import PdfReader
from pytest_django.live_server_helper import LiveServer

from layers.builtin import register_builtin_layers
from planning.models import Plan
from tests.planning.conftest import TEST_LAT, TEST_LON

SHOTS = Path("/tmp/shots/lookup")
LOCAL_HOST = "127.0.0.1"
VIEWPORTS = {"desktop": (1366, 768), "phone": (390, 844)}
ON_ROAD_TABLE = "1 1353590 602710\n2 1353590 602750\n3 1353630 602750\n4 1353630 602710"
# Internal names, values and English that must never reach a Vietnamese answer.
LEAKS = ("_id", "x_northing", "northing first", "None", "True", "False", "null", "undefined", "NaN", ".txt",
         ".pdf", "test-zoning", "Building coverage", "Revision", "Lot area", "EPSG")  # fmt: skip
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@dataclass
class LookupPage:
    page: Page
    name: str
    base_url: str
    problems: list[str] = field(default_factory=list)

    @property
    def phone(self) -> bool:
        return self.name == "phone"

    def tap_map_centre(self) -> tuple[float, float]:
        box = self.page.locator("#pl-map").bounding_box()
        assert box is not None
        x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
        if self.phone:
            self.page.touchscreen.tap(x, y)
        else:
            self.page.mouse.click(x, y)
        return x, y

    def shot(self, what: str) -> None:
        SHOTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(SHOTS / f"{what}_{self.name}.png"))


@pytest.fixture
def catalogue(zoning_plan: Plan) -> None:
    """The built-in layers (units, land use) as on the site, so the map draws its usual base under the lots."""
    register_builtin_layers(io.StringIO())


@pytest.fixture(params=list(VIEWPORTS))
def lookup(
    request: pytest.FixtureRequest, catalogue: None, live_server: LiveServer, browser: Browser
) -> Iterator[LookupPage]:
    """The lookup page in Vietnamese at one viewport, reaching only 127.0.0.1, failing on script errors."""
    width, height = VIEWPORTS[request.param]
    context = browser.new_context(
        locale="vi-VN", viewport={"width": width, "height": height}, has_touch=request.param == "phone"
    )
    page = context.new_page()
    base_url = live_server.url.replace("://localhost:", f"://{LOCAL_HOST}:")
    opened = LookupPage(page, request.param, base_url)

    def route(answer: Route) -> None:
        parts = urlsplit(answer.request.url)
        if parts.scheme not in {"data", "blob"} and parts.hostname != LOCAL_HOST:
            opened.problems.append(f"left 127.0.0.1: {answer.request.url}")
            answer.abort("blockedbyclient")
        else:
            answer.continue_()

    context.route("**/*", route)
    page.on("pageerror", lambda error: opened.problems.append(f"uncaught: {error}"))
    page.on("console", lambda message: opened.problems.append(message.text) if message.type == "error" else None)
    page.on("response", lambda response: opened.problems.append(f"{response.status} {response.url}")
            if response.status >= 400 else None)  # fmt: skip
    try:
        yield opened
    finally:
        context.unroute_all(behavior="ignoreErrors")
        context.close()
    assert opened.problems == []


def open_at_the_test_point(lookup: LookupPage, query: str = "") -> Page:
    page = lookup.page
    page.goto(f"{lookup.base_url}/planning/{query}", wait_until="networkidle")
    page.wait_for_selector("#pl-map[data-ready=true]")
    page.evaluate(f"() => window.iocMap.map.setView([{TEST_LAT}, {TEST_LON}], 17, {{animate: false}})")
    # The lots in force (A1, A2 and the road R1) are drawn before anything is asked.
    page.wait_for_function("() => document.querySelectorAll('#pl-map path.pl-lots-layer').length >= 3")
    return page


def assert_in_view(page: Page, selector: str) -> None:
    box = page.locator(selector).bounding_box()
    height = page.viewport_size["height"] if page.viewport_size else 0
    assert box is not None and 0 <= box["y"] < height * 0.5, f"{selector} is not in view: {box}"


def assert_plain_vietnamese(text: str) -> None:
    for leaked in LEAKS:
        assert leaked not in text, f"{leaked!r} reached the answer: {text[:600]}"


def test_the_lots_layer_is_on_by_default_and_switches_off(lookup: LookupPage) -> None:
    page = open_at_the_test_point(lookup)

    switch = page.locator(".ioc-switcher [data-layer=planning-lots] input")
    assert switch.is_checked()
    entry = page.locator(".ioc-switcher [data-layer=planning-lots]").text_content() or ""
    assert "Lô đất quy hoạch đang có hiệu lực" in entry
    page.evaluate("() => { const d = document.querySelector('.ioc-switcher__details'); d.open = true; }")
    switch.uncheck()
    page.wait_for_function("() => document.querySelectorAll('#pl-map path.pl-lots-layer').length === 0")
    switch.check()
    page.wait_for_function("() => document.querySelectorAll('#pl-map path.pl-lots-layer').length >= 3")


def test_a_tap_brings_a_plain_vietnamese_answer_into_view_and_its_sheet_is_a_pdf(lookup: LookupPage) -> None:
    page = open_at_the_test_point(lookup)

    lookup.tap_map_centre()
    page.locator(".pl-card").wait_for()
    page.wait_for_timeout(300)  # the scroll into view

    assert_in_view(page, ".pl-card")
    lookup.shot("answer")
    text = page.locator(".pl-card").inner_text()
    for expected in ("Quy hoạch phân khu thử nghiệm", "Đất xây dựng cơ sở giáo dục và đào tạo", "40%", "2,00 ha",
                     "01/01/2023", "Phường Nha Trang", "Quyết định điều chỉnh (quyết định phê duyệt)"):  # fmt: skip
        assert expected in text, f"{expected!r} not in the answer: {text[:600]}"
    assert_plain_vietnamese(text)
    # Nothing covers the tapped point: the element on top of its marker belongs to the map, not to a control.
    page.evaluate("() => window.scrollTo(0, 0)")
    marker = page.locator("#pl-map .pl-point").bounding_box()
    assert marker is not None
    on_top = page.evaluate(
        "([x, y]) => { const e = document.elementFromPoint(x, y); return e ? e.outerHTML.slice(0, 120) : ''; }",
        [marker["x"] + marker["width"] / 2, marker["y"] + marker["height"] / 2],
    )
    assert "pl-point" in on_top, f"the tapped point is covered by {on_top}"
    lookup.shot("map_after_tap")

    link = page.locator(".pl-card a.pl-print")
    assert link.inner_text().strip() == "In phiếu thông tin quy hoạch"
    href = link.get_attribute("href")
    assert href and href.startswith("/planning/sheet.pdf?")
    answer = page.request.get(lookup.base_url + href)
    assert answer.status == 200 and answer.headers["content-type"] == "application/pdf"
    assert len(PdfReader(io.BytesIO(answer.body())).pages) == 1


def test_a_pasted_table_brings_the_parcel_answer_into_view(lookup: LookupPage) -> None:
    page = open_at_the_test_point(lookup)

    page.locator(".pl-ask summary").nth(1).click()
    page.fill("#pl-table", ON_ROAD_TABLE)
    page.locator("#pl-table-form button[type=submit]").click()
    page.locator(".pl-uses").wait_for()
    page.wait_for_timeout(300)

    assert_in_view(page, ".pl-card")
    lookup.shot("parcel")
    text = page.locator(".pl-card").inner_text()
    assert "1.600,0 m²" in text
    assert "Đất công trình giao thông" in text
    assert "X là tọa độ Bắc" in text  # how the columns were read, in words
    assert_plain_vietnamese(text)
    assert page.locator("#pl-map path.pl-parcel-shape").count() == 1


def test_a_link_with_the_place_asks_it_when_the_page_opens(lookup: LookupPage) -> None:
    page = lookup.page
    page.goto(f"{lookup.base_url}/planning/?lon={TEST_LON}&lat={TEST_LAT}&date=2020-06-30", wait_until="networkidle")

    page.locator(".pl-card").wait_for()

    text = page.locator(".pl-card").inner_text()
    assert "30/06/2020" in text
    assert "Đất ở tại đô thị" in text  # the original plan's housing lot, in force in 2020
    assert page.locator("#pl-date").input_value() == "2020-06-30"
    assert_plain_vietnamese(text)
