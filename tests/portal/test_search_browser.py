"""The search box of the maps in headless Chromium: typed "nha trang", keyboard or tap, the map moves there,
on a desktop screen and on a 390 x 844 phone, offline and with ARIA combobox semantics."""

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page, Route
from pytest_django.live_server_helper import LiveServer

from tests.portal.conftest import LOCAL_HOST, MapData

SHOTS = Path("/tmp/shots/search")
# Phường Nha Trang's box in the demo geometry (fixtures/demo_units.geojson).
NHA_TRANG = (109.165867, 12.198514, 109.288892, 12.310432)
pytestmark = [pytest.mark.browser, pytest.mark.vietnamese, pytest.mark.django_db(transaction=True)]


@pytest.fixture(params=[(1366, 768), (390, 844)], ids=["desktop", "phone"])
def home_page(
    request: pytest.FixtureRequest, map_data: MapData, live_server: LiveServer, browser: Browser
) -> Iterator[tuple[Page, list[str], list[str]]]:
    """The home map at one screen size, refusing every request that leaves 127.0.0.1; yields page, blocked, errors."""
    width, height = request.param
    context = browser.new_context(locale="vi-VN", viewport={"width": width, "height": height},
                                  has_touch=width < 500, is_mobile=width < 500)  # fmt: skip
    blocked: list[str] = []
    errors: list[str] = []

    def route(request_route: Route) -> None:
        parts = urlsplit(request_route.request.url)
        if parts.scheme not in {"data", "blob"} and parts.hostname != LOCAL_HOST:
            blocked.append(request_route.request.url)
            request_route.abort("blockedbyclient")
        else:
            request_route.continue_()

    context.route("**/*", route)
    page = context.new_page()
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.goto(live_server.url.replace("://localhost:", f"://{LOCAL_HOST}:") + "/", wait_until="networkidle")
    page.wait_for_selector('#ioc-map[data-ready="true"]', timeout=15_000)
    try:
        yield page, blocked, errors
    finally:
        context.unroute_all(behavior="ignoreErrors")
        context.close()


def centre_and_zoom(page: Page) -> tuple[float, float, float]:
    script = "() => { const m = window.iocMap.map, c = m.getCenter(); return [c.lng, c.lat, m.getZoom()]; }"
    return page.evaluate(script)


def test_typing_nha_trang_and_picking_the_ward_moves_the_map_there(
    home_page: tuple[Page, list[str], list[str]],
) -> None:
    page, blocked, errors = home_page
    phone = page.viewport_size is not None and page.viewport_size["width"] < 500
    box = page.get_by_role("combobox", name="Tìm trên bản đồ")
    assert box.get_attribute("placeholder") == "Xã, phường, quy hoạch, mã lô hoặc tọa độ"
    frame = box.bounding_box()
    assert frame is not None and frame["height"] >= 44
    _lon, _lat, zoom_before = centre_and_zoom(page)

    box.click()
    box.type("nha trang", delay=30)
    first = page.get_by_role("option").first
    first.wait_for(timeout=10_000)
    assert first.locator(".ioc-search__label").inner_text() == "Phường Nha Trang"
    assert first.locator(".ioc-search__about").inner_text() == "Phường · Tỉnh Khánh Hòa"
    assert box.get_attribute("aria-expanded") == "true"
    assert page.get_by_role("status").filter(has_text="kết quả").count() == 1
    SHOTS.mkdir(parents=True, exist_ok=True)
    size = "390x844" if phone else "1366x768"
    page.screenshot(path=str(SHOTS / f"home_search_list_{size}.png"))

    if phone:
        first.tap()
    else:
        box.press("ArrowDown")
        assert box.get_attribute("aria-activedescendant") == first.get_attribute("id")
        assert first.get_attribute("aria-selected") == "true"
        box.press("Enter")
    page.wait_for_selector('#ioc-map[data-search-jumped="unit"]', timeout=5_000)
    page.wait_for_timeout(400)  # the fitBounds animation
    lon, lat, zoom = centre_and_zoom(page)
    west, south, east, north = NHA_TRANG
    assert west < lon < east and south < lat < north
    assert zoom > zoom_before
    assert box.input_value() == "Phường Nha Trang" and box.get_attribute("aria-expanded") == "false"
    page.screenshot(path=str(SHOTS / f"home_search_jumped_{size}.png"))

    overflow = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, "the page scrolls sideways"
    assert blocked == [] and errors == []


def test_coordinates_put_a_marker_and_escape_closes_the_list(home_page: tuple[Page, list[str], list[str]]) -> None:
    page, _blocked, errors = home_page
    box = page.get_by_role("combobox", name="Tìm trên bản đồ")
    box.fill("1353660.03 602805.66")
    option = page.get_by_role("option").first
    option.wait_for(timeout=10_000)
    assert option.locator(".ioc-search__label").inner_text() == "Vĩ độ 12,238800, kinh độ 109,196700"
    box.press("Escape")
    assert box.get_attribute("aria-expanded") == "false"
    box.press("Enter")  # Enter picks the first result even with the list closed
    page.wait_for_selector('#ioc-map[data-search-jumped="coordinates"]', timeout=5_000)
    page.wait_for_timeout(400)
    lon, lat, zoom = centre_and_zoom(page)
    assert lon == pytest.approx(109.1967, abs=1e-4) and lat == pytest.approx(12.2388, abs=1e-4) and zoom >= 17
    assert page.locator("#ioc-map path.leaflet-interactive[stroke='#B3261E']").count() == 1
    box.fill("khong co noi nay")
    page.get_by_role("status").filter(has_text="Không tìm thấy").wait_for(timeout=10_000)
    assert errors == []
