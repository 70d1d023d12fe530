"""The environment and utilities journey of the IOC operator (demo-operator) in Vietnamese at 1366 x 768 and
390 x 844: the environment page with the VN_AQI and VN_WQI overlays of the simulated stations and their tables,
then the public-utilities page with the meters' consumption and the leak alert of the simulated leaking meter."""

import pytest
from playwright.sync_api import Browser

from tests.e2e.conftest import DemoSite
from tests.e2e.steps import walk

TIMEOUT = 30_000
pytestmark = [pytest.mark.browser, pytest.mark.vietnamese, pytest.mark.django_db]


def test_the_operator_reads_air_and_water_quality_and_the_meters_of_the_simulated_devices(
    demo_site: DemoSite, browser: Browser, viewport: str
) -> None:
    for journey in walk(browser, demo_site, viewport, "operator"):
        page = journey.page
        journey.open("/services/environment/")
        page.locator(".ioc-overlay--aqi").first.wait_for(state="attached", timeout=TIMEOUT)
        page.locator(".ioc-overlay--wqi").first.wait_for(state="attached", timeout=TIMEOUT)
        assert page.locator("[data-aqi-days] tr[data-station]").count() == 4
        assert page.locator("[data-wqi-stations] tr[data-station]").count() == 4
        # The polluted demo station rates about 37: "Xấu" (26-50) in Decision 1460/QĐ-TCMT's scale.
        assert (
            "Xấu" in page.locator('[data-wqi-stations] tr[data-station="demo-water-song-dinh-phan-rang"]').inner_text()
        )
        assert "8" in page.locator("[data-devices-online] strong").inner_text()
        journey.check("environment-service-page")

        journey.open("/services/public-utilities/")
        page.locator("[data-consumption] tbody tr").first.wait_for(timeout=TIMEOUT)
        assert page.locator("[data-meters] tr[data-meter]").count() == 5
        assert "Đồng hồ nước tổng khu Vĩnh Hải" in page.locator("[data-alerts]").inner_text()
        journey.check("utilities-service-page")
        journey.assert_clean()
