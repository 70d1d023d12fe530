"""Shared fixtures for the whole suite (real PostGIS through pytest-django)."""

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

# GDAL's OGCAPI and WMS drivers cache tiles in ./gdalwmscache by default: keep the clients' cache out of the tree.
os.environ.setdefault("GDAL_DEFAULT_WMS_CACHE_PATH", str(Path(tempfile.gettempdir()) / "ioc-tests-gdal-wms-cache"))

if TYPE_CHECKING:
    from playwright.sync_api import Browser
    from pytest_django import DjangoDbBlocker

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


@pytest.fixture(scope="session", autouse=True)
def project_broker(tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    """Start the project's own Mosquitto (scripts/broker.sh, docker/mosquitto.conf) on a free port for the run."""
    import os
    import socket
    import subprocess

    from django.conf import settings

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    folder = tmp_path_factory.mktemp("mosquitto")
    script = Path(__file__).resolve().parents[1] / "scripts" / "broker.sh"
    subprocess.run([str(script), "start", str(port), str(folder)], check=True)
    # Child processes (iot_ingest in the crash test) read the port from the environment, this process from settings.
    os.environ["IOT_MQTT_PORT"] = str(port)
    settings.IOT_MQTT_HOST, settings.IOT_MQTT_PORT = "127.0.0.1", port
    try:
        yield port
    finally:
        subprocess.run([str(script), "stop", str(folder)], check=False)


@pytest.fixture(autouse=True)
def migration_data_after_a_flush(
    request: pytest.FixtureRequest, django_db_blocker: "DjangoDbBlocker"
) -> Iterator[None]:
    """After a transactional test's flush (torn down before this fixture), load the data migrations' rows again."""
    yield
    marker = request.node.get_closest_marker("django_db")
    transactional = bool(marker and (marker.kwargs.get("transaction") or (marker.args and marker.args[0])))
    if transactional or {"transactional_db", "live_server"} & set(request.fixturenames):
        from tests.seed import reseed

        with django_db_blocker.unblock():
            reseed()


@pytest.fixture(autouse=True)
def outbound_to_local_fake_servers() -> Iterator[None]:
    """Let the safe fetcher reach the tests' fake servers on 127.0.0.1 (production refuses loopback)."""
    from ipaddress import ip_network

    from django.test import override_settings

    with override_settings(OUTBOUND_ALLOWED_NETWORKS=[ip_network("127.0.0.0/8")]):
        yield


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
