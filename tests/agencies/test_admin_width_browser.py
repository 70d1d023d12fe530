"""The admin's agency change form, contacts inline included, fits a 1366 x 768 desktop screen without sideways
scrolling, in Vietnamese, for the management agency (every field editable) and an operator (agency fields read-only)."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from django.test import Client
from playwright.sync_api import Browser, Page
from pytest_django.live_server_helper import LiveServer

from accounts.models import Role
from agencies.models import Agency
from tests.agencies.factories import make_agency, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path("/tmp/shots/agencies")
SCROLL_WIDTH = "() => [document.documentElement.scrollWidth, window.innerWidth]"


@pytest.fixture
def agency() -> Agency:
    """An agency with its leader and focal person in post (the roster of Article 16.2)."""
    return make_agency("so-xay-dung-thu")


@pytest.fixture
def sessions(agency: Agency) -> dict[str, str]:
    """Signed-in sessions of the management agency's administrator and of an operator, committed for the server."""
    found: dict[str, str] = {}
    for role in (Role.MANAGEMENT_ADMIN, Role.OPERATOR):
        client = Client()
        client.force_login(make_user(f"admin-width-{role}", role))
        found[role] = client.cookies["sessionid"].value
    return found


@pytest.fixture
def desktop(live_server: LiveServer, browser: Browser) -> Iterator[tuple[Page, str]]:
    context = browser.new_context(locale="vi-VN", viewport={"width": 1366, "height": 768})
    try:
        yield context.new_page(), live_server.url.replace("://localhost:", "://127.0.0.1:")
    finally:
        context.close()


@pytest.mark.parametrize("role", [Role.MANAGEMENT_ADMIN, Role.OPERATOR])
def test_the_agency_change_form_fits_a_1366_pixel_screen(
    agency: Agency, sessions: dict[str, str], desktop: tuple[Page, str], role: str
) -> None:
    page, base_url = desktop
    page.context.add_cookies([{"name": "sessionid", "value": sessions[role], "url": base_url}])
    page.goto(f"{base_url}/admin/agencies/agency/{agency.pk}/change/", wait_until="networkidle")
    assert page.locator("#contacts-group").count() == 1  # the contacts inline is on the page
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"agency_change_{role}_1366.png"), full_page=True)
    scroll_width, viewport = page.evaluate(SCROLL_WIDTH)
    assert scroll_width <= viewport, (scroll_width, viewport)
