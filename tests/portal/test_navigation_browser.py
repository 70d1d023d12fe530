"""The site frame on a phone (390 x 844) in headless Chromium: the menu folds under a button that opens and
closes it (aria-expanded, Escape), its links are 44 px touch targets, and no page scrolls sideways."""

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.test import Client
from playwright.sync_api import Browser, Page, Route, ViewportSize
from pytest_django.live_server_helper import LiveServer

from accounts.models import Role, User

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE: ViewportSize = {"width": 390, "height": 844}
SHOTS = Path("/tmp/shots/nav")
NO_SIDEWAYS_SCROLL = "() => document.documentElement.scrollWidth <= window.innerWidth"


@dataclass
class Phone:
    page: Page
    base_url: str
    blocked: list[str]
    errors: list[str]

    def open(self, path: str) -> None:
        self.page.goto(self.base_url + path, wait_until="networkidle")


@pytest.fixture
def operator_session(live_demo_units: None) -> str:
    """Commit an operator and return a signed-in session for the live server."""
    client = Client()
    client.force_login(User.objects.create(username="phone-operator", role=Role.OPERATOR, is_staff=True))
    return client.cookies["sessionid"].value


@pytest.fixture
def phone(live_server: LiveServer, browser: Browser) -> Iterator[Phone]:
    """A Vietnamese phone-sized page that may reach only 127.0.0.1; request it after the data fixtures."""
    context = browser.new_context(locale="vi-VN", viewport=PHONE, has_touch=True, is_mobile=True)
    page = context.new_page()
    base_url = live_server.url.replace("://localhost:", "://127.0.0.1:")
    recorded = Phone(page, base_url, [], [])

    def route(request: Route) -> None:
        parts = urlsplit(request.request.url)
        if parts.scheme not in {"data", "blob"} and parts.hostname != "127.0.0.1":
            recorded.blocked.append(request.request.url)
            request.abort("blockedbyclient")
        else:
            request.continue_()

    context.route("**/*", route)
    page.on("pageerror", lambda error: recorded.errors.append(str(error)))
    try:
        yield recorded
    finally:
        context.unroute_all(behavior="ignoreErrors")
        context.close()


def _menu_is_shown(page: Page) -> bool:
    return bool(page.locator("#ioc-menu").is_visible())


def test_the_phone_menu_opens_and_closes_from_its_button(live_demo_units: None, phone: Phone) -> None:
    page = phone.page
    phone.open("/")
    button = page.locator("[data-ioc-menu-button]")

    assert button.is_visible() and button.get_attribute("aria-expanded") == "false"
    assert not _menu_is_shown(page)
    box = button.bounding_box()
    assert box is not None and box["width"] >= 44 and box["height"] >= 44

    button.click()
    assert button.get_attribute("aria-expanded") == "true" and _menu_is_shown(page)
    links = page.locator("#ioc-menu .ioc-nav a")
    assert links.count() == 9  # the public entries of portal.navigation.MENU, services included
    for index in range(links.count()):
        link_box = links.nth(index).bounding_box()
        assert link_box is not None and link_box["height"] >= 44 and link_box["x"] + link_box["width"] <= 390
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "test_phone_menu_open.png"))

    page.keyboard.press("Escape")
    assert button.get_attribute("aria-expanded") == "false" and not _menu_is_shown(page)

    button.click()
    with page.expect_navigation():
        page.locator('#ioc-menu a[data-nav="portal:public-alerts"]').click()
    assert page.locator('a[data-nav="portal:public-alerts"]').get_attribute("aria-current") == "page"
    assert phone.blocked == [] and phone.errors == []


def test_wide_screens_show_the_menu_without_a_button(live_demo_units: None, phone: Phone) -> None:
    phone.page.set_viewport_size({"width": 1366, "height": 768})
    phone.open("/")

    assert not phone.page.locator("[data-ioc-menu-button]").is_visible()
    assert _menu_is_shown(phone.page)


@pytest.mark.parametrize(
    ("path", "signed_in"),
    [("/", False), ("/public-alerts/", False), ("/field-reports/track/", False), ("/khong-co/", False),
     ("/alerts/console/", True), ("/services/", True), ("/indicators/", True)],
)  # fmt: skip
def test_no_page_scrolls_sideways_on_a_phone(operator_session: str, phone: Phone, path: str, signed_in: bool) -> None:
    if signed_in:
        phone.page.context.add_cookies([{"name": "sessionid", "value": operator_session, "url": phone.base_url}])
    phone.open(path)

    assert phone.page.evaluate(NO_SIDEWAYS_SCROLL), (
        path, phone.page.evaluate("document.documentElement.scrollWidth")
    )  # fmt: skip
    phone.page.locator("[data-ioc-menu-button]").click()
    assert phone.page.evaluate(NO_SIDEWAYS_SCROLL), f"{path} with the menu open"
    assert phone.blocked == []
