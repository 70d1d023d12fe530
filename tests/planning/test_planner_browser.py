"""The planners' page in headless Chromium at desktop and phone sizes: a box drawn on the map selects the lots in
it, a click on a lot toggles it, the table follows, and the export links give exactly the selection."""

from collections.abc import Iterator
from io import BytesIO
from urllib.parse import urlsplit

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Browser, ConsoleMessage, FloatRect, Page, Route
from pytest_django.live_server_helper import LiveServer

from tests.portal.conftest import MapData, map_data  # noqa: F401  (the committed lots, units and operator)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SIZES = {"desktop": (1366, 768), "phone": (390, 844)}
LOCAL_HOST = "127.0.0.1"
MIN_TARGET_PX = 44


@pytest.fixture(params=list(SIZES))
def planner_page(
    request: pytest.FixtureRequest,
    map_data: MapData,  # noqa: F811  (the fixture imported above)
    live_server: LiveServer,
    browser: Browser,
) -> Iterator[tuple[Page, list[str]]]:
    """The signed-in planners' page at one size, refusing any request that leaves 127.0.0.1; and its errors."""
    width, height = SIZES[request.param]
    context = browser.new_context(
        locale="vi-VN", viewport={"width": width, "height": height}, has_touch=request.param == "phone"
    )
    base_url = live_server.url.replace("://localhost:", f"://{LOCAL_HOST}:")
    errors: list[str] = []

    def route(answer: Route) -> None:
        parts = urlsplit(answer.request.url)
        if parts.scheme not in {"data", "blob"} and parts.hostname != LOCAL_HOST:
            errors.append(f"left the machine: {answer.request.url}")
            answer.abort("blockedbyclient")
        else:
            answer.continue_()

    context.route("**/*", route)
    context.add_cookies([{"name": "sessionid", "value": map_data.operator_session, "url": base_url}])
    page = context.new_page()

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            errors.append(message.text)

    page.on("console", on_console)
    page.on("pageerror", lambda error: errors.append(f"uncaught: {error}"))
    page.goto(base_url + "/planning/planners/", wait_until="networkidle")
    page.wait_for_selector('.pp-pick[data-picker="ready"][data-lots-drawn="9"]', timeout=20_000)
    try:
        yield page, errors
    finally:
        context.unroute_all(behavior="ignoreErrors")
        context.close()


def _lot_box(page: Page, code: str) -> FloatRect:
    """The bounding box on screen of a lot drawn on the map, found through the table-free API ids."""
    lot_id = page.evaluate(
        """(code) => { let found = null;
            document.querySelector('.pp-pick').picker.lots.eachLayer(l => {
              if (l.feature.properties.lot_code === code) found = l.feature.id; });
            return found; }""",
        code,
    )
    box = page.locator(f'#pp-lots-map path[data-lot-id="{lot_id}"]').bounding_box()
    assert box is not None, code
    return box


def _table_codes(page: Page) -> list[str]:
    return sorted(page.locator("#pp-results tr[data-lot]").evaluate_all("rows => rows.map(r => r.dataset.lot)"))


def _wait_for_table(page: Page, codes: list[str]) -> None:
    page.wait_for_function(
        """(codes) => JSON.stringify([...document.querySelectorAll('#pp-results tr[data-lot]')]
            .map(r => r.dataset.lot).sort()) === JSON.stringify(codes)""",
        arg=codes,
        timeout=15_000,
    )


def test_a_box_drawn_on_the_map_selects_its_lots_and_a_click_toggles_one(
    planner_page: tuple[Page, list[str]],
) -> None:
    page, errors = planner_page
    assert len(_table_codes(page)) == 9  # nothing picked yet: every lot of the filter
    page.locator("#pp-lots-map").scroll_into_view_if_needed()
    page.click("[data-draw-box]")
    assert page.get_attribute("[data-draw-box]", "aria-pressed") == "true"
    first, second = _lot_box(page, "L0"), _lot_box(page, "L1")  # side by side, the lowest row
    # From inside L0 to inside L1, keeping clear of the lots above and below.
    start = (first["x"] + first["width"] / 2, first["y"] + first["height"] * 0.3)
    end = (second["x"] + second["width"] / 2, second["y"] + second["height"] * 0.7)
    page.mouse.move(*start)
    page.mouse.down()
    page.mouse.move((start[0] + end[0]) / 2, (start[1] + end[1]) / 2, steps=4)
    page.mouse.move(*end, steps=4)
    page.mouse.up()
    _wait_for_table(page, ["L0", "L1"])
    assert "2 lô đất đã chọn" in page.inner_text("#pp-results-title")
    assert "ids=" in page.url
    assert page.locator("#pp-lots-map path.pp-lot--selected").count() == 2

    middle = _lot_box(page, "L4")
    page.mouse.click(middle["x"] + middle["width"] / 2, middle["y"] + middle["height"] / 2)
    _wait_for_table(page, ["L0", "L1", "L4"])
    page.mouse.click(middle["x"] + middle["width"] / 2, middle["y"] + middle["height"] / 2)
    _wait_for_table(page, ["L0", "L1"])
    assert errors == []


def test_the_export_links_give_exactly_the_selection(planner_page: tuple[Page, list[str]]) -> None:
    page, errors = planner_page
    page.locator("#pp-lots-map").scroll_into_view_if_needed()
    box = _lot_box(page, "L4")
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    _wait_for_table(page, ["L4"])
    link = page.locator('#pp-results a[data-format="xlsx"]')
    assert "ids=" in (link.get_attribute("href") or "")
    with page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename == "zoning-lots.xlsx"
    sheet = load_workbook(BytesIO(download.value.path().read_bytes())).worksheets[0]
    header, *rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert header[0] == "Quy hoạch"
    assert [row[header.index("Ký hiệu lô đất")] for row in rows] == ["L4"]
    assert rows[0][0] == "Quy hoạch thử nghiệm bản đồ"
    assert errors == []


def test_the_page_fits_the_screen_with_touch_sized_targets(planner_page: tuple[Page, list[str]]) -> None:
    page, errors = planner_page
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
    small = page.evaluate(
        """(least) => [...document.querySelectorAll('.pp-tool, .pp-button-link, .pp-page-link, .pp-filters button')]
            .filter(e => e.offsetParent && e.getBoundingClientRect().height < least).map(e => e.textContent)""",
        MIN_TARGET_PX - 0.5,
    )
    assert small == []
    # The table scrolls in its own box instead of the page.
    assert page.evaluate("() => getComputedStyle(document.querySelector('#pp-results .pp-scroll')).overflowX") == "auto"
    assert errors == []
