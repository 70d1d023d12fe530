"""The demo province (manage.py load_demo) committed once for the journeys, served by one live server on 127.0.0.1.

Loading the demo takes about a minute, so it is loaded once per module instead of once per test, and the test
database is flushed at the end as pytest-django does after a transactional test. Two database connections in all:
the tests' and the live server's.
"""

import datetime
import io
import os
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from django.contrib.gis.geos import Point
from django.core.cache import cache
from django.core.management import call_command
from django.test import override_settings
from playwright.sync_api import Browser
from pytest_django import DjangoDbBlocker
from pytest_django.live_server_helper import LiveServer

from accounts.models import User
from agencies.models import Agency, Sector
from alerts.api import raise_alert
from alerts.choices import Source
from alerts.intake import AlertInput
from fieldreports.models import ReportCategory
from planning.models import PlanRevision, ZoningLot
from tests.conftest import CHROMIUM, CHROMIUM_ARGS
from tests.e2e.checks import VIEWPORTS
from tests.e2e.steps import forwarded_by_the_operator, operator, session_of
from tests.seed import reseed

DEMO_ROLES = {
    "operator": "demo-operator",
    "officer": "demo-agency",
    "provider": "demo-provider",
    "planner": "demo-planner",
    "leader": "demo-leader",
    "admin": "demo-admin",
    # The sectors' officers, each in their own journey.
    "fire": "demo-fire",
    "traffic": "demo-traffic",
    "cyber": "demo-cyber",
    "press": "demo-press",
    "health": "demo-health",
    "education": "demo-education",
}
# Chromium draws its own controls (date and file inputs) in its UI language, which on Linux comes from LANGUAGE
# (with the vi locale of Debian's chromium-l10n); the context's locale alone leaves them in English (mm/dd/yyyy).
VIETNAMESE_CHROMIUM_ARGS = [*CHROMIUM_ARGS, "--lang=vi-VN"]


@pytest.fixture
def browser() -> Iterator[Browser]:
    """Debian's headless Chromium in Vietnamese, its own controls included (overrides tests/conftest.py's)."""
    from playwright.sync_api import sync_playwright

    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing; install Debian's chromium (scripts/setup.sh test does).")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=VIETNAMESE_CHROMIUM_ARGS, env={**os.environ, "LANGUAGE": "vi"}
        )
        try:
            yield chromium
        finally:
            chromium.close()


@dataclass
class DemoSite:
    """The live server's address, a signed-in session per role, and places the journeys use."""

    base_url: str
    sessions: dict[str, str]
    lot_point: tuple[float, float]  # (lon, lat) inside a lot of the demo zoning plan in force
    officer_point: tuple[float, float]  # inside the unit of the demo agency officer's ward
    category: str  # a field-report category without required questions


@pytest.fixture(params=sorted(VIEWPORTS))
def viewport(request: pytest.FixtureRequest) -> str:
    """Each journey runs at each viewport: a desktop and a phone."""
    return str(request.param)


@pytest.fixture(scope="module")
def demo_site(
    django_db_setup: None, django_db_blocker: DjangoDbBlocker, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[DemoSite]:
    """Load the demo province into the test database, sign the demo accounts in and start the live server."""
    media, layer_data = tmp_path_factory.mktemp("e2e-media"), tmp_path_factory.mktemp("e2e-layer-data")
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=media, LAYER_DATA_DIR=layer_data, LANGUAGE_CODE="vi"),
    ):
        cache.clear()
        call_command("load_demo", stdout=io.StringIO())
        sessions = {role: session_of(username) for role, username in DEMO_ROLES.items()}
        in_force = PlanRevision.objects.in_force(datetime.date.today())
        lot = ZoningLot.objects.filter(revision__in=in_force).order_by("pk").first()
        assert lot is not None, "the demo has no zoning lots"
        surface = lot.geom.point_on_surface
        officer = User.objects.get(username=DEMO_ROLES["officer"])
        unit_point = officer.agency.units.first().geom.point_on_surface  # type: ignore[union-attr]
        category = next(c for c in ReportCategory.objects.order_by("order") if not c.attributes.filter(required=True))
        server = LiveServer("127.0.0.1:0")
        server._live_server_modified_settings.enable()
        try:
            yield DemoSite(
                base_url=server.url, sessions=sessions, lot_point=(surface.x, surface.y),
                officer_point=(unit_point.x, unit_point.y), category=category.service_code,
            )  # fmt: skip
        finally:
            server._live_server_modified_settings.disable()
            server.stop()
            call_command("flush", verbosity=0, interactive=False)
            reseed()  # the tests after this module expect the data migrations' rows
            cache.clear()


@pytest.fixture(autouse=True)
def database_for_the_live_server(django_db_blocker: DjangoDbBlocker) -> Iterator[None]:
    """Let the live server's thread reach the database while a journey runs (pytest-django blocks it otherwise)."""
    with django_db_blocker.unblock():
        yield


@pytest.fixture
def layer_data_dir(demo_site: DemoSite) -> None:
    """Keep the demo's raster files where load_demo wrote them (the suite-wide fixture points elsewhere per test)."""


@dataclass
class AlertsToHandle:
    """A new alert for the operator, and one forwarded to the demo officer's agency."""

    new: int
    forwarded: int


@pytest.fixture(scope="module")
def alerts_to_handle(demo_site: DemoSite, django_db_blocker: DjangoDbBlocker) -> dict[str, AlertsToHandle]:
    """For each viewport, two alerts in the officer's ward, committed: one new, one forwarded to the officer's agency.

    Module-scoped so they are committed outside the tests' transactions, where the live server sees them.
    """
    with django_db_blocker.unblock():
        by = operator()
        officer = User.objects.get(username=DEMO_ROLES["officer"])
        agency: Agency = officer.agency  # type: ignore[assignment]
        sector = Sector.objects.get(code="public-utilities")
        where = Point(*demo_site.officer_point, srid=4326)
        alerts = {}
        for viewport in ("desktop", "phone"):
            new, _ = raise_alert(
                AlertInput(title="Cây đổ chắn đường Lê Thánh Tôn", description="Cây xà cừ đổ sau mưa lớn",
                           source=Source.MANUAL, sector=sector, geom=where), by,
            )  # fmt: skip
            forwarded, _ = raise_alert(
                AlertInput(title="Cống thoát nước bị tắc", description="Nước tràn lên mặt đường",
                           source=Source.MANUAL, geom=where), by,
            )  # fmt: skip
            forwarded_by_the_operator(forwarded, agency, sector.code, reason="Phường quản lý tuyến cống")
            alerts[viewport] = AlertsToHandle(new.pk, forwarded.pk)
    return alerts
