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


@pytest.fixture(autouse=True)
def english_unless_marked_vietnamese(request: pytest.FixtureRequest) -> Iterator[None]:
    """Run tests in English (the msgid language) unless marked `vietnamese`, which keeps the product's default."""
    if request.node.get_closest_marker("vietnamese"):
        yield
        return
    from django.test import override_settings
    from django.utils import translation

    # Assertions read English messages; the catalogue and the Vietnamese default have their own tests.
    with override_settings(LANGUAGE_CODE="en"), translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def layer_data_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Write raster layers' files (imports, load_demo) to a fresh temporary folder, never to the project's media/."""
    from django.test import override_settings

    folder = tmp_path_factory.mktemp("layer-data")
    with override_settings(LAYER_DATA_DIR=folder):
        yield folder


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
