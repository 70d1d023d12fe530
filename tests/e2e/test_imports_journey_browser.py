"""A layer upload as a background job, in Vietnamese at 1366 x 768 and 390 x 844: the form returns at once to the
job's page, whose progress bar moves while a real worker imports, then the page shows the import report."""

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
import shapely
from django.db import connection
from django.test import override_settings
from playwright.sync_api import Browser
from playwright.sync_api import Error as PlaywrightError
from pyogrio.raw import write
from pytest_django import DjangoDbBlocker

from imports import jobs
from layers.models import Layer
from tests.e2e.conftest import DemoSite
from tests.e2e.steps import walk

TIMEOUT = 120_000
FEATURES = 40_000  # enough for a few seconds of work, so that the page polls the job while it runs
BATCH = 4_000  # ten batches, so that the counters move between the page's polls
# The bar's value and counts as the page shows them now, and whether the report replaced them.
PROGRESS_SCRIPT = """() => {
  const bar = document.querySelector('[data-progress] progress');
  const counts = document.querySelector('[data-counts]');
  return {report: !!document.querySelector('[data-report]'),
          value: bar && bar.hasAttribute('value') ? String(bar.value) : '',
          counts: counts ? counts.textContent : ''};
}"""
pytestmark = [pytest.mark.browser, pytest.mark.vietnamese, pytest.mark.django_db]


@pytest.fixture(scope="module")
def points_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A GeoJSON file of FEATURES points in Nha Trang with a name and a number each."""
    rng = np.random.default_rng(7)
    lon, lat = rng.uniform(109.15, 109.25, FEATURES), rng.uniform(12.20, 12.30, FEATURES)
    path = tmp_path_factory.mktemp("imports") / "diem-quan-trac.geojson"
    names = np.array([f"Điểm {i}" for i in range(FEATURES)], dtype=object)
    write(path, shapely.to_wkb(shapely.points(lon, lat)), [names, np.arange(FEATURES)], ["ten", "so"],
          geometry_type="Point", crs="EPSG:4326", driver="GeoJSON")  # fmt: skip
    return path


class Worker:
    """The tasks worker's import-job loop on a thread of the test, started when the page is ready."""

    def __init__(self) -> None:
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._loop, daemon=True)

    def _loop(self) -> None:
        try:
            while not self.stop.is_set():
                if not jobs.run_queued():
                    self.stop.wait(0.2)
        finally:
            connection.close()

    def __enter__(self) -> "Worker":
        self.thread.start()
        return self

    def __exit__(self, *args: object) -> None:
        self.stop.set()
        self.thread.join(timeout=120)


@pytest.fixture
def cleanup(django_db_blocker: DjangoDbBlocker) -> Iterator[None]:
    yield
    with django_db_blocker.unblock():
        for layer in Layer.objects.filter(slug__startswith="diem-quan-trac"):
            layer.delete()  # drops its table, which the module's flush would leave behind


def test_an_operator_uploads_a_layer_and_follows_the_import_job_to_its_report(
    cleanup: None, demo_site: DemoSite, browser: Browser, viewport: str, points_file: Path
) -> None:  # cleanup first: its teardown runs after the browser's, outside Playwright's event loop
    slug = f"diem-quan-trac-{viewport}"
    for journey in walk(browser, demo_site, viewport, "operator"):
        page = journey.page
        journey.open("/layers/upload/")
        journey.check("layer-upload-form")
        page.set_input_files("input[name=file]", str(points_file))
        page.fill("input[name=slug]", slug)
        page.fill("input[name=title]", "Điểm quan trắc")
        started = time.monotonic()
        page.locator("form.layers__form button[type=submit]").click()
        page.wait_for_url("**/imports/*/", timeout=TIMEOUT)
        assert time.monotonic() - started < 30  # the request stored the file and returned; nothing imported yet
        page.locator("[data-progress] progress").wait_for(timeout=TIMEOUT)
        journey.check("import-job-queued")

        seen: set[tuple[str, str]] = set()
        with override_settings(LAYERS_IMPORT_BATCH_SIZE=BATCH), Worker():
            deadline = time.monotonic() + TIMEOUT / 1000
            while time.monotonic() < deadline:
                try:
                    now = page.evaluate(PROGRESS_SCRIPT)
                except PlaywrightError:  # the page reloading for the report
                    now = None
                if now and now["report"]:
                    break
                if now and now["value"] not in ("", "0") and (now["value"], now["counts"]) not in seen:
                    seen.add((now["value"], now["counts"]))
                    if len(seen) == 1:
                        journey.check("import-job-running", shot=False)
                page.wait_for_timeout(100)
        assert seen, "the progress bar never moved while the worker imported"
        assert any("Đã đọc" in counts for _value, counts in seen)
        report = page.locator("[data-report]")
        report.wait_for(timeout=TIMEOUT)
        text = report.text_content() or ""
        assert "Đã nhập xong." in text and f"{FEATURES}" in text.replace(".", "")
        journey.check("import-job-report")
        page.locator("a.ij-next").click()
        page.wait_for_url(f"**/layers/{slug}/", timeout=TIMEOUT)
        journey.assert_clean()
