"""Every map page draws its tiles in headless Chromium, offline: MVT and PNG tiles answer 200, nothing leaves
127.0.0.1, the console stays clean, and a screenshot of each page is kept in test-artifacts/."""

from dataclasses import dataclass
from pathlib import Path

import mapbox_vector_tile
import pytest
from django.conf import settings

from tests.portal.conftest import MVT, PNG, MapData, OfflinePage

ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts"
VECTOR_PATHS = ".ioc-tiles--vector path"
RASTER_IMAGES = ".ioc-tiles--raster img.leaflet-tile-loaded"
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@dataclass(frozen=True)
class MapPage:
    name: str
    path: str
    element: str
    signed_in: bool = False
    raster: bool = False


PAGES = [
    MapPage("home", "/", "ioc-map"),
    MapPage("citizen_lookup", "/planning/", "pl-map"),
    MapPage("planners", "/planning/planners/?plan=map-test", "pp-map", signed_in=True),
    MapPage("layer_vector", "/layers/land-use-status/", "layer-map"),
    MapPage("layer_raster", "/layers/flood-depth-demo/", "layer-map", raster=True),
    MapPage("operations", "/operations/map/", "ops-map", signed_in=True),
]


def sign_in(offline: OfflinePage, data: MapData) -> None:
    offline.page.context.add_cookies([{"name": "sessionid", "value": data.operator_session, "url": offline.base_url}])


def wait_for_tiles(offline: OfflinePage, element: str, raster: bool) -> None:
    page = offline.page
    page.wait_for_selector(f'#{element}[data-ready="true"]', timeout=15_000)
    page.wait_for_function(f"() => document.querySelectorAll('#{element} {VECTOR_PATHS}').length > 0", timeout=15_000)
    if raster:
        page.wait_for_function(
            f"() => document.querySelectorAll('#{element} {RASTER_IMAGES}').length > 0", timeout=15_000
        )
    page.wait_for_load_state("networkidle")


def screenshot(offline: OfflinePage, name: str, element: str | None = None) -> Path:
    if element:
        offline.page.locator(f"#{element}").scroll_into_view_if_needed()
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"map_{name}.png"
    data = offline.page.screenshot(path=str(path))
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and path.read_bytes() == data
    return path


@pytest.mark.parametrize("target", PAGES, ids=[page.name for page in PAGES])
def test_each_map_page_draws_its_tiles_offline(map_data: MapData, offline_page: OfflinePage, target: MapPage) -> None:
    if target.signed_in:
        sign_in(offline_page, map_data)
    offline_page.open(target.path)
    wait_for_tiles(offline_page, target.element, target.raster)

    tiles = offline_page.tiles
    vector = [(status, body) for status, kind, body in tiles if kind == MVT]
    assert vector and all(status == 200 for status, _body in vector), tiles
    decoded = [mapbox_vector_tile.decode(body) for _status, body in vector if body]
    assert any(layer["features"] for tile in decoded for layer in tile.values()), "no tile held a feature"
    if target.raster:
        pngs = [body for status, kind, body in tiles if kind == PNG and status == 200]
        assert pngs and all(body[:8] == b"\x89PNG\r\n\x1a\n" for body in pngs)
    assert offline_page.blocked == [], f"requests left 127.0.0.1: {offline_page.blocked}"
    assert offline_page.console_errors == []
    assert offline_page.failures == []
    screenshot(offline_page, target.name, target.element)


def test_the_operators_map_shows_the_alerts_over_the_tiles(map_data: MapData, offline_page: OfflinePage) -> None:
    sign_in(offline_page, map_data)
    offline_page.open("/operations/map/")
    wait_for_tiles(offline_page, "ops-map", raster=False)
    page = offline_page.page
    assert page.locator("#ops-map path.ioc-overlay--alerts").count() == 1
    item = page.locator('.ioc-switcher__item[data-layer="alerts"]')
    assert item.get_attribute("data-count") == "1"
    page.locator("#ops-map path.ioc-overlay--alerts").click()
    assert map_data.alert_title in page.locator(".leaflet-popup-content").inner_text()
    assert offline_page.blocked == [] and offline_page.console_errors == []


def test_the_operators_map_asks_anonymous_visitors_to_sign_in(map_data: MapData, offline_page: OfflinePage) -> None:
    offline_page.open("/operations/map/")
    assert "/accounts/login/" in offline_page.page.url


def test_the_planners_map_colours_the_units_by_their_rate(map_data: MapData, offline_page: OfflinePage) -> None:
    sign_in(offline_page, map_data)
    offline_page.open("/planning/planners/?plan=map-test")
    wait_for_tiles(offline_page, "pp-map", raster=False)
    page = offline_page.page
    assert page.get_attribute("#pp-map", "data-coloured-units") == "1"
    # The ward with the plan is drawn in its rate class's colour, one the legend under the map lists.
    legend = page.evaluate("() => [...document.querySelectorAll('[data-legend] li')].map(li => li.dataset.color)")
    fills = page.evaluate(
        """() => [...document.querySelectorAll('#pp-map .ioc-layer--admin-units path')]
            .map(p => [p.getAttribute('fill'), p.getAttribute('fill-opacity')])"""
    )
    assert any(fill in legend[:-1] and opacity == "0.85" for fill, opacity in fills), (legend, fills[:5])
    # The units are drawn above land use: their tiles sit higher in the map's stacking order.
    assert page.evaluate(
        """() => Number(getComputedStyle(document.querySelector('#pp-map .ioc-layer--admin-units')).zIndex)
            > Number(getComputedStyle(document.querySelector('#pp-map .ioc-layer--land-use-status')).zIndex)"""
    )
    assert offline_page.console_errors == []


def test_a_layer_exports_as_a_standalone_html_map_with_local_assets(
    map_data: MapData, offline_page: OfflinePage
) -> None:
    offline_page.open("/layers/land-use-status/map.html")
    page = offline_page.page
    drawn = "() => document.querySelectorAll('.leaflet-overlay-pane canvas, .leaflet-overlay-pane path').length > 0"
    page.wait_for_function(drawn)
    assert page.locator(".ioc-export-legend li").count() > 0
    assert offline_page.blocked == [] and offline_page.console_errors == [] and offline_page.failures == []
    screenshot(offline_page, "layer_export_html")
