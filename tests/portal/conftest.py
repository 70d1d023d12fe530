"""Fixtures of the portal tests: the demo units committed for the live server, and a browser page that records."""

import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, Request, Response
from pytest_django.live_server_helper import LiveServer

from gis_core import demo

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
