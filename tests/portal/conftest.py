"""Fixtures of the portal tests: the demo units committed for the live server, and a browser page that records."""

import datetime
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pytest
from django.contrib.gis.geos import MultiPolygon, Point, Polygon
from django.core.cache import cache
from django.test import Client
from playwright.sync_api import Browser, ConsoleMessage, Page, Request, Response, Route
from pytest_django.live_server_helper import LiveServer

from accounts.models import Role, User
from alerts.api import raise_alert
from alerts.choices import Source
from alerts.intake import AlertInput
from gis_core import demo
from gis_core.models import AdminUnit
from gis_core.srs import VN2000_TM3_108_15
from layers import demo_raster
from layers.builtin import register_builtin_layers
from planning.catalogue import sync_catalogue
from planning.models import CurrentLandUse, LandUseCode, LandUseSurvey, Plan, ZoningLot
from tests.gis_core.reference import NHA_TRANG_WARD, TEST_E, TEST_LAT, TEST_LON, TEST_N

LOCAL_HOSTS = {"127.0.0.1", "localhost"}


@dataclass
class RecordedPage:
    """A Playwright page and what it did: every request, console error and failed or refused request."""

    page: Page
    base_url: str
    requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)

    def open(self, path: str) -> None:
        """Load a page of the live server and wait until the network is quiet."""
        self.page.goto(self.base_url + path, wait_until="networkidle")

    def remote_requests(self) -> list[str]:
        """Requests to anywhere but this machine (data: URLs stay in the page)."""
        return [url for url in self.requests if not _is_local(url)]


def _is_local(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in {"data", "blob"} or (parts.scheme in {"http", "https"} and parts.hostname in LOCAL_HOSTS)


@pytest.fixture
def live_demo_units(transactional_db: None) -> None:
    """Commit the 65 demo units so the live server's thread sees them (the test's flush removes them)."""
    demo.load(io.StringIO())


@pytest.fixture
def recorded_page(live_server: LiveServer, browser: Browser) -> Iterator[RecordedPage]:
    """A Vietnamese-speaking 1280 by 800 page recording its requests and errors; request it after data fixtures."""
    context = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 800})
    page = context.new_page()
    recorded = RecordedPage(page=page, base_url=live_server.url)

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            recorded.console_errors.append(f"{message.text} at {message.location}")

    def on_response(response: Response) -> None:
        if response.status >= 400:
            recorded.failures.append(f"{response.status} {response.url}")

    def on_failed(request: Request) -> None:
        recorded.failures.append(f"{request.failure} {request.url}")

    page.on("request", lambda request: recorded.requests.append(request.url))
    page.on("console", on_console)
    page.on("pageerror", lambda error: recorded.console_errors.append(f"uncaught: {error}"))
    page.on("response", on_response)
    page.on("requestfailed", on_failed)
    try:
        yield recorded
    finally:
        context.close()


# --- Map pages: the data every map page draws, and a browser page that may not leave 127.0.0.1 ----------------

LOCAL_HOST = "127.0.0.1"
MVT = "application/vnd.mapbox-vector-tile"
PNG = "image/png"


@dataclass
class MapData:
    """What the map-page fixtures committed: a signed-in operator's session and the test plan's code."""

    operator_session: str
    plan_code: str
    alert_title: str


def _grid(codes: list[str], west: float, south: float, side: int, metres: float) -> list[tuple[str, MultiPolygon]]:
    """side x side squares of `metres` in VN-2000 TM-3 108-15 from (west, south), codes taken in turn."""
    cells = []
    for row in range(side):
        for column in range(side):
            e, n = west + column * metres, south + row * metres
            square = Polygon(((e, n), (e + metres, n), (e + metres, n + metres), (e, n + metres), (e, n)))
            geom = MultiPolygon(square, srid=VN2000_TM3_108_15)
            geom.transform(4326)
            cells.append((codes[(row + column) % len(codes)], geom))
    return cells


@pytest.fixture
def map_data(transactional_db: None) -> MapData:
    """Commit the demo units, the built-in layers with land use around the test vector, the demo flood raster,
    a plan with a status map for the planners' page, an operator and one alert with a place."""
    cache.clear()  # tile keys carry layer ids, which a new test may reuse with other data
    demo.load(io.StringIO())
    sync_catalogue(LandUseCode)
    register_builtin_layers(io.StringIO())
    demo_raster.load(io.StringIO())
    ward = AdminUnit.objects.get(code=NHA_TRANG_WARD)
    survey = LandUseSurvey.objects.create(name="Hiện trạng thử nghiệm", reference_date=datetime.date(2024, 1, 1))
    survey.units.add(ward)
    west, south = TEST_E - 600, TEST_N - 600
    for code, geom in _grid(["ODT", "CLN", "DGT", "DKV", "LUC"], west, south, 6, 200):
        CurrentLandUse.objects.create(survey=survey, land_use_id=code, geom=geom)
    plan = Plan.objects.create(
        code="map-test", name="Quy hoạch thử nghiệm bản đồ", plan_type=Plan.Type.ZONING_2000,
        status=Plan.Status.APPROVED, effective_from=datetime.date(2020, 1, 1),
    )  # fmt: skip
    plan.units.add(ward)
    revision = plan.add_revision(effective_from=datetime.date(2020, 1, 1), title="Gốc")
    for number, (code, geom) in enumerate(_grid(["ODT", "DGD", "DGT"], west, south, 3, 400)):
        ZoningLot.objects.create(revision=revision, lot_code=f"L{number}", land_use_id=code, geom=geom)
    plan.refresh_boundary()
    operator = User.objects.create(username="operator", role=Role.OPERATOR, is_staff=True)
    title = "Ngập sâu tại phường Nha Trang"
    raise_alert(AlertInput(title=title, source=Source.MANUAL, geom=Point(TEST_LON, TEST_LAT, srid=4326)), operator)
    client = Client()
    client.force_login(operator)
    return MapData(operator_session=client.cookies["sessionid"].value, plan_code=plan.code, alert_title=title)


@dataclass
class OfflinePage:
    """A page that may reach only 127.0.0.1: every request is routed, any other host is refused and recorded."""

    page: Page
    base_url: str
    blocked: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    tiles: list[tuple[int, str, bytes]] = field(default_factory=list)  # status, content type, body

    def open(self, path: str) -> None:
        self.page.goto(self.base_url + path, wait_until="networkidle")


@pytest.fixture
def offline_page(live_server: LiveServer, browser: Browser) -> Iterator[OfflinePage]:
    """A Vietnamese 1280 x 800 page on the live server at 127.0.0.1; request it after data fixtures."""
    context = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 800})
    page = context.new_page()
    base_url = live_server.url.replace("://localhost:", f"://{LOCAL_HOST}:")
    recorded = OfflinePage(page=page, base_url=base_url)

    def route(request_route: Route) -> None:
        parts = urlsplit(request_route.request.url)
        if parts.scheme not in {"data", "blob"} and parts.hostname != LOCAL_HOST:
            recorded.blocked.append(request_route.request.url)
            request_route.abort("blockedbyclient")
        elif parts.path.startswith("/tiles/") and parts.path.endswith((".mvt", ".png")):
            # Fetched here so the test reads each tile's body exactly as the page received it.
            answer = request_route.fetch()
            recorded.tiles.append((answer.status, answer.headers.get("content-type", ""), answer.body()))
            request_route.fulfill(response=answer)
        else:
            request_route.continue_()

    def on_response(response: Response) -> None:
        if response.status >= 400:
            recorded.failures.append(f"{response.status} {response.url}")

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            recorded.console_errors.append(f"{message.text} at {message.location}")

    context.route("**/*", route)
    page.on("console", on_console)
    page.on("pageerror", lambda error: recorded.console_errors.append(f"uncaught: {error}"))
    page.on("response", on_response)
    page.on("requestfailed", lambda request: recorded.failures.append(f"{request.failure} {request.url}"))
    try:
        yield recorded
    finally:
        context.unroute_all(behavior="ignoreErrors")  # tiles still in flight when the test ends
        context.close()
