"""The shared base switcher: the offline base (sea, land, coastline, unit names) and an online base when configured."""

import io
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from playwright.sync_api import Browser
from pytest_django.live_server_helper import LiveServer

from gis_core import demo
from layers.builtin import register_builtin_layers
from tests.gis_core.reference import TEST_LAT, TEST_LON
from tests.portal.conftest import LOCAL_HOST, OfflinePage

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("base_data")]
LABELS = "#ioc-map .ioc-unit-label__text"
PROVINCE_LAND = "#ioc-map path.ioc-land--province"
BASE_CHOICES = '.ioc-switcher__group[data-group="basemap"] .ioc-switcher__item--choice'
# A valid 1 x 1 PNG.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c63f8cfc0f01f0005000201"
    "e2c6ee2f0000000049454e44ae426082"
)


class FakeTileServer:
    """A tile server on 127.0.0.1 that answers every path with a PNG and records the paths asked for."""

    def __init__(self) -> None:
        paths: list[str] = []

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                paths.append(self.path)
                self.send_response(200)
                self.send_header("Content-Type", "image/png")
                self.send_header("Content-Length", str(len(PNG)))
                self.send_header("Access-Control-Allow-Origin", "*")
                self.end_headers()
                self.wfile.write(PNG)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.paths = paths
        self.server = ThreadingHTTPServer((LOCAL_HOST, 0), Handler)
        self.url = f"http://{LOCAL_HOST}:{self.server.server_address[1]}/{{z}}/{{x}}/{{y}}.png"

    def __enter__(self) -> "FakeTileServer":
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def base_data(transactional_db: None) -> None:
    """Commit the demo units and the built-in layers (the communes overlay) for the live server."""
    demo.load(io.StringIO())
    register_builtin_layers(io.StringIO())


@pytest.fixture
def tile_server() -> Iterator[FakeTileServer]:
    with FakeTileServer() as server:
        yield server


def _open_home(offline_page: OfflinePage) -> None:
    offline_page.open("/")
    offline_page.page.evaluate("() => window.iocMap.ready")


def _zoom_to_nha_trang(offline_page: OfflinePage, zoom: int) -> None:
    offline_page.page.evaluate(f"() => window.iocMap.map.setView([{TEST_LAT}, {TEST_LON}], {zoom}, {{animate: false}})")


def test_the_offline_base_draws_land_and_unit_names_from_zoom_10(offline_page: OfflinePage) -> None:
    page = offline_page.page
    _open_home(offline_page)
    assert page.get_attribute("#ioc-map", "data-base") == "offline"
    assert page.locator(PROVINCE_LAND).count() > 0, "the province's land is drawn"
    assert page.locator("#ioc-map path.ioc-land--surroundings").count() > 0, "so are its neighbours"
    assert page.locator(LABELS).count() == 0, "no names at the province's zoom"
    _zoom_to_nha_trang(offline_page, 11)
    page.wait_for_function(f"() => document.querySelectorAll('{LABELS}').length > 0")
    names = page.locator(LABELS).all_inner_texts()
    assert "Phường Nha Trang" in names
    assert page.locator(".leaflet-tile-container img").count() == 0, "no image tiles on the offline base"
    assert offline_page.blocked == [] and offline_page.console_errors == []


def test_the_base_switcher_lists_only_the_offline_base_when_no_online_one_is_set(offline_page: OfflinePage) -> None:
    page = offline_page.page
    _open_home(offline_page)
    choices = page.locator(BASE_CHOICES)
    assert choices.count() == 1
    assert choices.first.get_attribute("data-layer") == "offline"
    assert choices.first.inner_text().strip() == "Bản đồ nền ngoại tuyến"
    assert choices.first.locator("input[type=radio]").is_checked()
    # Overlays stay checkboxes.
    assert page.locator('.ioc-switcher__item[data-layer="admin-units"] input[type=checkbox]').is_checked()


def test_an_online_base_is_a_second_choice_that_draws_tiles_from_its_server(
    settings: Any, tile_server: FakeTileServer, offline_page: OfflinePage
) -> None:
    settings.MAP_ONLINE_BASEMAP_URL = tile_server.url
    page = offline_page.page
    _open_home(offline_page)
    choices = page.locator(BASE_CHOICES)
    assert [choices.nth(i).get_attribute("data-layer") for i in range(choices.count())] == ["offline", "basemap"]
    assert tile_server.paths == [], "the offline base stays the default"
    choices.nth(1).locator("input").check()
    page.wait_for_function("() => document.querySelectorAll('#ioc-map img.leaflet-tile-loaded').length > 0")
    assert page.get_attribute("#ioc-map", "data-base") == "basemap"
    assert len(tile_server.paths) > 0 and all(path.endswith(".png") for path in tile_server.paths)
    assert page.locator(PROVINCE_LAND).count() == 0, "the offline land is replaced, not drawn over"
    choices.nth(0).locator("input").check()
    assert page.locator(PROVINCE_LAND).count() > 0
    assert page.locator("#ioc-map img.leaflet-tile").count() == 0
    assert offline_page.blocked == [] and offline_page.console_errors == []


def test_on_a_phone_the_switcher_starts_folded_with_44_pixel_targets(live_server: LiveServer, browser: Browser) -> None:
    context = browser.new_context(locale="vi-VN", viewport={"width": 390, "height": 844}, has_touch=True)
    page = context.new_page()
    try:
        page.goto(live_server.url.replace("://localhost:", f"://{LOCAL_HOST}:") + "/", wait_until="networkidle")
        page.evaluate("() => window.iocMap.ready")
        details = page.locator(".ioc-switcher__details")
        assert details.evaluate("node => node.open") is False
        summary = page.locator(".ioc-switcher__title")
        summary_box = summary.bounding_box()
        assert summary_box is not None and summary_box["height"] >= 44
        summary.click()
        assert details.evaluate("node => node.open") is True
        for label in page.locator(".ioc-switcher__label").all():
            box = label.bounding_box()
            assert box is not None and box["height"] >= 44, label.inner_text()
        assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
    finally:
        context.close()
