"""The home page: the province drawn from our own vector tiles with no internet, checked in HTML and in Chromium."""

import base64
import io
import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext

from gis_core import demo
from gis_core.srs import VN2000_TOWGS84
from tests.gis_core.reference import NHA_TRANG_WARD, TEST_LAT, TEST_LON
from tests.portal.conftest import LOCAL_HOSTS, MVT, MapData, OfflinePage, RecordedPage

LANDUSE_FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "landuse_codes.json"
VECTOR_PATHS = "#ioc-map .ioc-tiles--vector path"
BASEMAP = "https://tiles.example.test/{z}/{x}/{y}.png"
TITLE_MSGIDS = ("Map of Khánh Hòa", "Khánh Hòa Intelligent Operations Center")
ABSOLUTE_URL = re.compile(r"""(?:https?:)?//[^\s"'<>\\)]+""")
LINKED_URL = re.compile(r"""\b(?:src|href|action)\s*=\s*["']([^"']*)["']""")
VENDORED = {
    "/static/vendor/leaflet/leaflet.js",
    "/static/vendor/leaflet/leaflet.css",
    "/static/vendor/leaflet.vectorgrid/Leaflet.VectorGrid.bundled.min.js",
}  # proj4js is not linked: map.js loads it on the first pointer move (config vn2000.script)


def _title(language: str) -> str:
    with translation.override(language):
        return " — ".join(gettext(msgid) for msgid in TITLE_MSGIDS)


def _map_config(html: str) -> dict[str, Any]:
    match = re.search(r'<script id="ioc-map-config" type="application/json">(.*?)</script>', html, re.S)
    assert match, "the page has no map config"
    return json.loads(match.group(1))


def _official_colours() -> dict[str, str]:
    codes = json.loads(LANDUSE_FIXTURE.read_text(encoding="utf-8"))["codes"]
    return {entry["code"]: entry["colour"].upper() for entry in codes}


# --- The page as HTML ---------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_home_page_renders_the_map_element_and_its_config(client: Client) -> None:
    demo.load(io.StringIO())
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="ioc-map"' in html and 'data-ioc-map="ioc-map-config"' in html
    config = _map_config(html)
    assert config["layersUrl"] == "/api/v1/layers"
    assert config["defaultLayers"] == ["admin-units", "land-use-status"]
    assert config["basemap"]["url"] == ""
    assert config["popups"] is True
    # The view opens on the mainland: Trường Sa (east of 111°) is in the province's bounds, not the mainland's.
    west, south, east, north = config["views"]["mainland"]
    assert 108 < west < east < 110 and 11 < south < north < 13.5
    assert config["views"]["province"][2] > 111
    proj4 = config["vn2000"]["proj4"]
    assert config["vn2000"]["code"] == "EPSG:9217"
    assert config["vn2000"]["script"] == "/static/vendor/proj4/proj4.js"
    assert "+lon_0=108.25" in proj4 and f"+towgs84={VN2000_TOWGS84}" in proj4


@pytest.mark.django_db
def test_home_page_loads_nothing_from_outside_this_server(client: Client) -> None:
    html = client.get("/").content.decode()
    remote = [url for url in ABSOLUTE_URL.findall(html) if urlsplit(url).hostname not in LOCAL_HOSTS]
    assert remote == [], f"the home page references other hosts (a CDN?): {remote}"
    static = [url for url in LINKED_URL.findall(html) if url.startswith(settings.STATIC_URL)]
    assert set(static) >= VENDORED
    missing = [url for url in static if finders.find(url.removeprefix(settings.STATIC_URL)) is None]
    assert missing == [], f"static files the page needs are missing (run scripts/setup.sh): {missing}"


@pytest.mark.django_db
def test_online_basemap_reaches_the_map_only_when_configured(client: Client, settings: Any) -> None:
    assert _map_config(client.get("/").content.decode())["basemap"]["url"] == ""
    settings.MAP_ONLINE_BASEMAP_URL = BASEMAP
    assert _map_config(client.get("/").content.decode())["basemap"]["url"] == BASEMAP


# --- The page in Chromium -----------------------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_home_map_draws_units_and_land_use_from_tiles_with_legends(
    map_data: MapData, offline_page: OfflinePage
) -> None:
    page = offline_page.page
    offline_page.open("/")
    assert page.evaluate("() => window.iocMap.ready") == 2  # the two default layers are on
    page.evaluate(f"() => window.iocMap.map.setView([{TEST_LAT}, {TEST_LON}], 13, {{animate: false}})")
    page.wait_for_load_state("networkidle")
    page.wait_for_function(f"() => document.querySelectorAll('{VECTOR_PATHS}').length > 0")
    assert {urlsplit(url).path.split("/")[2] for url in _tile_urls(page)} == {"admin-units", "land-use-status"}
    assert all(status == 200 and kind == MVT for status, kind, _body in offline_page.tiles)
    assert page.locator(".leaflet-tile-container img").count() == 0, "no image tiles unless a basemap is set"

    switcher = page.locator(".ioc-switcher")
    assert switcher.locator('.ioc-switcher__item[data-layer="admin-units"] input').is_checked()
    assert not switcher.locator('.ioc-switcher__item[data-layer="flood-depth-demo"] input').is_checked()
    # Land-use legend colours are the catalogue's, i.e. fixtures/landuse_codes.json's, code by code.
    entries = switcher.locator('.ioc-switcher__item[data-layer="land-use-status"] .ioc-legend__item').evaluate_all(
        "items => items.map(i => [i.querySelector('.ioc-legend__label').textContent.split(' — ')[0], i.dataset.color])"
    )
    assert dict(entries) == _official_colours()
    units = switcher.locator('.ioc-switcher__item[data-layer="admin-units"] .ioc-legend__label').all_inner_texts()
    assert units == ["Xã", "Phường", "Đặc khu"]
    assert offline_page.blocked == [] and offline_page.console_errors == [] and offline_page.failures == []


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_click_shows_the_attributes_of_every_layer_under_it(map_data: MapData, offline_page: OfflinePage) -> None:
    page = offline_page.page
    offline_page.open("/map/")  # full window: on the home page the map lies below the tasks, out of the viewport
    page.evaluate("() => window.iocMap.ready")
    page.evaluate(f"() => window.iocMap.map.setView([{TEST_LAT}, {TEST_LON}], 16, {{animate: false}})")
    for slug in ("admin-units", "land-use-status"):
        page.wait_for_function(f"() => document.querySelectorAll('#ioc-map .ioc-layer--{slug} path').length > 0")
    page.wait_for_load_state("networkidle")
    # Inside a land-use square (the test vector itself is a corner of the fixture's grid).
    x, y = _screen_point(page, TEST_LON + 0.0005, TEST_LAT + 0.0005)
    # Tiles arrive one by one: click once both layers have drawn a shape under the point.
    under_point = (
        f"() => ['admin-units', 'land-use-status'].every(slug => document.elementsFromPoint({x}, {y})"
        ".some(element => element.closest('.ioc-layer--' + slug)))"
    )
    page.wait_for_function(under_point)
    page.mouse.click(x, y)
    popup = page.locator(".ioc-popup")
    popup.wait_for()
    layers = popup.locator(".ioc-popup__layer").evaluate_all("sections => sections.map(s => s.dataset.layer)")
    assert sorted(layers) == ["admin-units", "land-use-status"]
    text = popup.inner_text()
    assert NHA_TRANG_WARD in text and "Phường Nha Trang" in text
    assert re.search(r"\b[A-Z]{3} — Đất ", text), text  # the land-use code with its catalogue name
    assert offline_page.console_errors == []


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_switching_a_layer_on_fetches_its_tiles_and_off_removes_them(
    map_data: MapData, offline_page: OfflinePage
) -> None:
    page = offline_page.page
    offline_page.open("/")
    page.evaluate("() => window.iocMap.ready")
    page.evaluate("() => window.iocMap.map.setView([12.26, 109.18], 13, {animate: false})")
    page.locator('.ioc-switcher__item[data-layer="flood-depth-demo"] input').check()
    page.wait_for_function("() => document.querySelectorAll('#ioc-map .ioc-tiles--raster .leaflet-tile-loaded').length")
    page.wait_for_load_state("networkidle")
    pngs = [body for status, kind, body in offline_page.tiles if kind == "image/png"]
    assert pngs and all(body.startswith(b"\x89PNG") for body in pngs)
    legend = page.locator('.ioc-switcher__item[data-layer="flood-depth-demo"] .ioc-legend__label').all_inner_texts()
    assert legend == ["0 - 0,5 m", "0,5 - 1 m", "1 - 2 m", "Trên 2 m"]
    page.locator('.ioc-switcher__item[data-layer="land-use-status"] input').uncheck()
    assert page.evaluate("() => window.iocMap.layer('land-use-status')") is None
    assert offline_page.blocked == [] and offline_page.console_errors == [] and offline_page.failures == []


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_view_buttons_fit_the_mainland_and_the_whole_province(map_data: MapData, offline_page: OfflinePage) -> None:
    page = offline_page.page
    offline_page.open("/")
    page.evaluate("() => window.iocMap.ready")

    def east_edge() -> float:
        return page.evaluate("() => window.iocMap.map.getBounds().getEast()")

    # The mainland: Trường Sa (its westernmost islet at 111.9° E) is off screen.
    assert east_edge() < 111.8
    page.click('.ioc-view__button[data-view="province"]')
    page.wait_for_function("() => window.iocMap.map.getBounds().getEast() > 114")
    page.click('.ioc-view__button[data-view="mainland"]')
    page.wait_for_function("() => window.iocMap.map.getBounds().getEast() < 111.8")
    assert offline_page.console_errors == []


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_switching_language_to_english_changes_the_page_language(recorded_page: RecordedPage) -> None:
    page = recorded_page.page
    recorded_page.open("/map/")  # the full-window map; the home page is the landing page with its own title
    assert page.get_attribute("html", "lang") == "vi"
    assert page.title() == _title("vi")
    assert page.get_attribute('.ioc-lang button[value="vi"]', "aria-pressed") == "true"

    with page.expect_navigation(wait_until="networkidle"):
        page.click('.ioc-lang button[value="en"]')
    assert page.get_attribute("html", "lang") == "en"
    assert page.title() == _title("en") == "Map of Khánh Hòa — Khánh Hòa Intelligent Operations Center"
    assert page.get_attribute('.ioc-lang button[value="en"]', "aria-pressed") == "true"
    page.evaluate("() => window.iocMap.ready")
    assert page.locator(".ioc-switcher__title").inner_text() == "Map layers"
    assert recorded_page.console_errors == [] and recorded_page.failures == []
    assert recorded_page.remote_requests() == []
    if _title("vi") == _title("en"):
        pytest.skip(
            f"The title cannot change yet: add Vietnamese translations of {TITLE_MSGIDS} to "
            "locale/vi/LC_MESSAGES/django.po."
        )
    assert page.title() != _title("vi")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_online_basemap_tiles_are_requested_only_when_configured(settings: Any, recorded_page: RecordedPage) -> None:
    settings.MAP_ONLINE_BASEMAP_URL = BASEMAP
    page = recorded_page.page
    # The tiles are answered here: the test never goes online.
    page.route("https://tiles.example.test/**", lambda route: route.fulfill(body=_ONE_PIXEL, content_type="image/png"))
    recorded_page.open("/")
    page.evaluate("() => window.iocMap.ready")
    assert recorded_page.remote_requests() == [], "the offline base is the default choice"
    page.locator('.ioc-switcher__item[data-layer="basemap"] input').check()
    page.wait_for_function("() => document.querySelectorAll('.leaflet-tile-container img.leaflet-tile').length > 0")
    remote_hosts = {urlsplit(url).hostname for url in recorded_page.remote_requests()}
    assert remote_hosts == {"tiles.example.test"}
    assert page.locator('.ioc-switcher__item[data-layer="basemap"] input').is_checked()
    assert recorded_page.console_errors == []


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_map_says_when_the_catalogue_cannot_be_loaded(recorded_page: RecordedPage) -> None:
    page = recorded_page.page
    body = json.dumps({"message": "The database is being restored."})
    page.route("**/api/v1/layers", lambda route: route.fulfill(status=503, body=body, content_type="application/json"))

    def without_inline_catalogue(route: Any) -> None:
        # The home page carries its catalogue in the map config; without it the map asks /api/v1/layers.
        answer = route.fetch()
        html = answer.text()
        match = re.search(r'<script id="ioc-map-config" type="application/json">(.*?)</script>', html, re.S)
        assert match
        config = json.loads(match.group(1)) | {"catalogue": None}
        text = json.dumps(config).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
        route.fulfill(response=answer, body=html[: match.start(1)] + text + html[match.end(1) :])

    page.route(lambda url: urlsplit(url).path == "/", without_inline_catalogue)
    recorded_page.open("/")
    page.wait_for_selector('#ioc-map[data-ready="error"]')
    status = page.locator(".ioc-map__status")
    assert status.is_visible()
    assert "The database is being restored." in status.inner_text()
    assert page.locator(VECTOR_PATHS).count() == 0
    assert any("IOC map" in error for error in recorded_page.console_errors)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_map_says_when_no_layer_is_published_yet(recorded_page: RecordedPage) -> None:
    page = recorded_page.page
    recorded_page.open("/")
    assert page.evaluate("() => window.iocMap.ready") == 0
    assert page.get_attribute("#ioc-map", "data-ready") == "true"
    assert page.locator(".ioc-map__status").inner_text() == _in_vietnamese("No map layer is published yet.")
    assert recorded_page.console_errors == []


# --- Helpers --------------------------------------------------------------------------------------------------

_ONE_PIXEL = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)


def _in_vietnamese(msgid: str) -> str:
    with translation.override("vi"):
        return gettext(msgid)


def _tile_urls(page: Any) -> list[str]:
    return page.evaluate(
        "() => performance.getEntriesByType('resource').map(e => e.name).filter(u => u.includes('/tiles/'))"
    )


def _screen_point(page: Any, lon: float, lat: float) -> tuple[float, float]:
    point = page.evaluate(
        """([lon, lat]) => {
            const p = window.iocMap.map.latLngToContainerPoint([lat, lon]);
            const box = document.getElementById("ioc-map").getBoundingClientRect();
            return [box.left + p.x, box.top + p.y];
        }""",
        [lon, lat],
    )
    return point[0], point[1]
