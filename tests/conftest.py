"""Shared fixtures for the whole suite (real PostGIS through pytest-django)."""

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Browser

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture
def browser() -> Iterator["Browser"]:
    """Launch Debian's headless Chromium through Playwright (never `playwright install`)."""
    # Playwright's sync API keeps an asyncio loop running in this thread and Django then refuses ORM calls
    # (SynchronousOnlyOperation): write a test's data in fixtures set up before this one, not in the test body.
    from playwright.sync_api import sync_playwright

    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing; install Debian's chromium (scripts/setup.sh test does).")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()
