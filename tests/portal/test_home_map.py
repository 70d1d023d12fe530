"""The home page: a map of Khánh Hòa's 65 units that works with no internet, checked in HTML and in Chromium."""

import base64
import json
import re
from collections import Counter
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
from gis_core.models import AdminUnit
from tests.gis_core.reference import NHA_TRANG_WARD, SPECIAL_ZONE, TEST_LAT, TEST_LON
from tests.portal.conftest import LOCAL_HOSTS, RecordedPage

SCREENSHOT = Path(settings.BASE_DIR) / "test-artifacts" / "home_map.png"
UNIT_PATHS = "#ioc-map svg path.ioc-unit"
BASEMAP = "https://tiles.example.test/{z}/{x}/{y}.png"
TITLE_MSGIDS = ("Map of Khánh Hòa", "Khánh Hòa Intelligent Operations Center")
ABSOLUTE_URL = re.compile(r"""(?:https?:)?//[^\s"'<>\\)]+""")
LINKED_URL = re.compile(r"""\b(?:src|href|action)\s*=\s*["']([^"']*)["']""")


def _demo_properties() -> list[dict[str, Any]]:
    collection = json.loads(demo.DEMO_FILE.read_text(encoding="utf-8"))
    return [feature["properties"] for feature in collection["features"]]


def _title(language: str) -> str:
    with translation.override(language):
        return " — ".join(gettext(msgid) for msgid in TITLE_MSGIDS)


def _kind_labels(language: str) -> list[tuple[str, str]]:
    with translation.override(language):
        return [(kind, str(label)) for kind, label in AdminUnit.Kind.choices]


def _map_config(html: str) -> dict[str, Any]:
    match = re.search(r'<script id="ioc-map-config" type="application/json">(.*?)</script>', html, re.S)
    assert match, "the page has no map config"
    return json.loads(match.group(1))


# --- The page as HTML ---------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_home_page_renders_the_map_element_and_its_config(client: Client) -> None:
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="ioc-map"' in html and 'data-ioc-map="ioc-map-config"' in html
    config = _map_config(html)
    assert config["unitsUrl"] == "/api/v1/units"
    assert config["basemap"]["url"] == ""
    assert [entry["kind"] for entry in config["legend"]] == ["xa", "phuong", "dac_khu"]


@pytest.mark.django_db
def test_home_page_loads_nothing_from_outside_this_server(client: Client) -> None:
    html = client.get("/").content.decode()
    remote = [url for url in ABSOLUTE_URL.findall(html) if urlsplit(url).hostname not in LOCAL_HOSTS]
    assert remote == [], f"the home page references other hosts (a CDN?): {remote}"
    linked = LINKED_URL.findall(html)
    static = [url for url in linked if url.startswith(settings.STATIC_URL)]
    assert {"/static/vendor/leaflet/leaflet.js", "/static/vendor/leaflet/leaflet.css"} <= set(static)
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
def test_home_map_draws_the_65_units_offline_with_a_legend(live_demo_units: None, recorded_page: RecordedPage) -> None:
    page = recorded_page.page
    recorded_page.open("/")
    assert page.evaluate("() => window.iocMap.ready") == 65
    assert page.get_attribute("#ioc-map", "data-ready") == "true"
    assert page.get_attribute("#ioc-map", "data-unit-count") == "65"

    units = page.locator(UNIT_PATHS)
    assert units.count() == 65
    expected = _demo_properties()
    assert Counter(units.evaluate_all("paths => paths.map(p => p.dataset.kind)")) == Counter(
        p["kind"] for p in expected
    )
    assert set(units.evaluate_all("paths => paths.map(p => p.dataset.code)")) == {p["code"] for p in expected}
    assert page.locator(".leaflet-tile").count() == 0, "no tile layer unless MAP_ONLINE_BASEMAP_URL is set"

    legend = page.locator(".ioc-legend")
    assert legend.is_visible()
    items = legend.locator(".ioc-legend__item").evaluate_all(
        "items => items.map(i => [i.dataset.kind, i.querySelector('.ioc-legend__label').textContent,"
        " i.querySelector('.ioc-legend__count').textContent])"
    )
    counts = Counter(p["kind"] for p in expected)
    assert items == [[kind, label, f"({counts[kind]})"] for kind, label in _kind_labels("vi")]

    assert recorded_page.console_errors == []
    assert recorded_page.failures == []
    assert recorded_page.remote_requests() == []
    assert any(urlsplit(url).path == "/api/v1/units" for url in recorded_page.requests)
    _save_screenshot(recorded_page)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_home_map_fits_the_mainland_and_reads_the_pointer_in_wgs84(
    live_demo_units: None, recorded_page: RecordedPage
) -> None:
    page = recorded_page.page
    recorded_page.open("/")
    page.evaluate("() => window.iocMap.ready")
    mainland = f"{UNIT_PATHS}:not(.ioc-unit--dac_khu)"
    assert _outside_map(recorded_page, mainland) == []
    # Fitted, not merely inside: the mainland spans the map's width or height (Trường Sa would shrink it).
    width_share, height_share = _share_of_map(recorded_page, mainland)
    assert max(width_share, height_share) > 0.9, (width_share, height_share)

    x, y = _screen_point(recorded_page, TEST_LON, TEST_LAT)
    page.mouse.move(x, y)
    pointer = page.locator(".ioc-pointer")
    assert "WGS 84" in pointer.inner_text()
    assert float(pointer.get_attribute("data-lon") or "nan") == pytest.approx(TEST_LON, abs=0.01)
    assert float(pointer.get_attribute("data-lat") or "nan") == pytest.approx(TEST_LAT, abs=0.01)

    page.mouse.click(x, y)
    popup = page.locator(".leaflet-popup-content")
    name = next(p["name"] for p in _demo_properties() if p["code"] == NHA_TRANG_WARD)
    assert name in popup.inner_text() and NHA_TRANG_WARD in popup.inner_text()

    assert _outside_map(recorded_page, f'{UNIT_PATHS}[data-code="{SPECIAL_ZONE}"]') == [SPECIAL_ZONE]
    page.click('.ioc-view__button[data-view="province"]')
    page.wait_for_function(f"() => ({_OUTSIDE_MAP_JS})('{UNIT_PATHS}').length === 0", timeout=5000)
    assert recorded_page.console_errors == []


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_switching_language_to_english_changes_the_page_language(recorded_page: RecordedPage) -> None:
    page = recorded_page.page
    recorded_page.open("/")
    assert page.get_attribute("html", "lang") == "vi"
    assert page.title() == _title("vi")
    assert page.get_attribute('.ioc-lang button[value="vi"]', "aria-pressed") == "true"

    with page.expect_navigation(wait_until="networkidle"):
        page.click('.ioc-lang button[value="en"]')
    assert page.get_attribute("html", "lang") == "en"
    assert page.title() == _title("en") == "Map of Khánh Hòa — Khánh Hòa Intelligent Operations Center"
    assert page.get_attribute('.ioc-lang button[value="en"]', "aria-pressed") == "true"
    page.evaluate("() => window.iocMap.ready")
    legend = page.locator(".ioc-legend__label").all_inner_texts()
    assert legend == ["Commune", "Ward", "Special zone"]
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
    assert page.locator(".leaflet-tile").count() > 0
    remote_hosts = {urlsplit(url).hostname for url in recorded_page.remote_requests()}
    assert remote_hosts == {"tiles.example.test"}
    assert recorded_page.console_errors == []


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_map_says_when_the_units_cannot_be_loaded(recorded_page: RecordedPage) -> None:
    page = recorded_page.page
    body = json.dumps({"message": "The database is being restored."})
    page.route("**/api/v1/units", lambda route: route.fulfill(status=503, body=body, content_type="application/json"))
    recorded_page.open("/")
    page.wait_for_selector('#ioc-map[data-ready="error"]')
    status = page.locator(".ioc-map__status")
    assert status.is_visible()
    assert "The database is being restored." in status.inner_text()
    assert page.locator(UNIT_PATHS).count() == 0
    assert any("IOC map" in error for error in recorded_page.console_errors)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_map_says_when_no_unit_is_loaded_yet(recorded_page: RecordedPage) -> None:
    page = recorded_page.page
    recorded_page.open("/")
    assert page.evaluate("() => window.iocMap.ready") == 0
    assert page.get_attribute("#ioc-map", "data-ready") == "true"
    assert page.locator(".ioc-map__status").inner_text() == "Chưa có đơn vị hành chính nào được nạp."  # the page speaks vi-VN
    assert recorded_page.console_errors == []


# --- Helpers --------------------------------------------------------------------------------------------------

_ONE_PIXEL = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)


# Codes of the unit paths matched by a selector whose shape is not wholly inside the map's box.
_OUTSIDE_MAP_JS = """selector => {
    const box = document.getElementById("ioc-map").getBoundingClientRect();
    return [...document.querySelectorAll(selector)].filter(path => {
        const r = path.getBoundingClientRect();
        return r.width === 0 || r.left < box.left - 1 || r.top < box.top - 1 || r.right > box.right + 1
            || r.bottom > box.bottom + 1;
    }).map(path => path.dataset.code);
}"""


def _outside_map(recorded: RecordedPage, selector: str) -> list[str]:
    return recorded.page.evaluate(_OUTSIDE_MAP_JS, selector)


def _share_of_map(recorded: RecordedPage, selector: str) -> tuple[float, float]:
    """Width and height of the box around the matched paths, as shares of the map's width and height."""
    return tuple(
        recorded.page.evaluate(
            """selector => {
                const box = document.getElementById("ioc-map").getBoundingClientRect();
                const rects = [...document.querySelectorAll(selector)].map(p => p.getBoundingClientRect());
                const width = Math.max(...rects.map(r => r.right)) - Math.min(...rects.map(r => r.left));
                const height = Math.max(...rects.map(r => r.bottom)) - Math.min(...rects.map(r => r.top));
                return [width / box.width, height / box.height];
            }""",
            selector,
        )
    )


def _screen_point(recorded: RecordedPage, lon: float, lat: float) -> tuple[float, float]:
    point = recorded.page.evaluate(
        """([lon, lat]) => {
            const p = window.iocMap.map.latLngToContainerPoint([lat, lon]);
            const box = document.getElementById("ioc-map").getBoundingClientRect();
            return [box.left + p.x, box.top + p.y];
        }""",
        [lon, lat],
    )
    return point[0], point[1]


def _save_screenshot(recorded: RecordedPage) -> None:
    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    data = recorded.page.screenshot(path=str(SCREENSHOT))
    assert SCREENSHOT.read_bytes() == data
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert (width, height) == (1280, 800)
    # Decode it in the browser and count colours: a blank or sea-only picture has a handful.
    colours = recorded.page.evaluate(
        """async b64 => {
            const image = new Image();
            image.src = "data:image/png;base64," + b64;
            await image.decode();
            const canvas = document.createElement("canvas");
            canvas.width = image.width;
            canvas.height = image.height;
            const context = canvas.getContext("2d");
            context.drawImage(image, 0, 0);
            const pixels = context.getImageData(0, 0, image.width, image.height).data;
            const seen = new Set();
            for (let i = 0; i < pixels.length; i += 4) {
                seen.add((pixels[i] << 16) | (pixels[i + 1] << 8) | pixels[i + 2]);
            }
            return seen.size;
        }""",
        base64.b64encode(data).decode(),
    )
    assert colours > 50, f"the screenshot has only {colours} colours"
