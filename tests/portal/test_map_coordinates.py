"""The map's VN-2000 TM-3 108-15 coordinates (proj4js in the browser) agree with PostGIS's ST_Transform within 5 cm."""

import pytest
from django.db import connection

from tests.portal.conftest import OfflinePage

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
TOLERANCE_M = 0.05
# The test vector in Nha Trang, the west and south of the mainland, and Trường Sa, 5° east of the central meridian.
POINTS = [(109.1967, 12.2388), (108.6721, 12.6402), (109.0150, 11.8123), (109.4500, 12.9000), (114.3330, 8.6440)]


@pytest.fixture
def postgis_vn2000(transactional_db: None) -> list[tuple[float, float]]:
    """(X northing, Y easting) of each point by ST_Transform to EPSG:9217 (gis_core migration 0002's definition)."""
    answers = []
    with connection.cursor() as cursor:
        for lon, lat in POINTS:
            point = "ST_Transform(ST_SetSRID(ST_MakePoint(%s, %s), 4326), 9217)"
            cursor.execute(f"SELECT ST_Y(p), ST_X(p) FROM {point} AS p", [lon, lat])
            answers.append(cursor.fetchone())
    return answers


def test_the_pointer_shows_vn2000_as_postgis_computes_it(
    postgis_vn2000: list[tuple[float, float]], offline_page: OfflinePage
) -> None:
    offline_page.open("/")
    page = offline_page.page
    page.wait_for_function("() => window.iocMap && window.iocMap.element.dataset.ready")
    # proj4js is not loaded with the page (it would slow phones): the first pointer move asks for it.
    assert page.evaluate("() => window.proj4 === undefined")
    page.evaluate("() => window.iocMap.map.fire('mousemove', {latlng: L.latLng(12.24, 109.19)})")
    page.wait_for_function("() => document.querySelector('.ioc-pointer').hasAttribute('data-x')")
    for (lon, lat), (north, east) in zip(POINTS, postgis_vn2000, strict=True):
        x, y = page.evaluate(
            "([lon, lat]) => window.IocMap.toVn2000(lon, lat, window.iocMap.config.vn2000.proj4)", [lon, lat]
        )
        assert x == pytest.approx(north, abs=TOLERANCE_M) and y == pytest.approx(east, abs=TOLERANCE_M), (lon, lat)
        # What the pointer box shows for that place (rounded to the centimetre).
        page.evaluate("([lon, lat]) => window.iocMap.map.fire('mousemove', {latlng: L.latLng(lat, lon)})", [lon, lat])
        pointer = page.locator(".ioc-pointer")
        assert float(pointer.get_attribute("data-x") or "nan") == pytest.approx(north, abs=TOLERANCE_M)
        assert float(pointer.get_attribute("data-y") or "nan") == pytest.approx(east, abs=TOLERANCE_M)
        assert "VN-2000" in pointer.inner_text()
    assert offline_page.blocked == [] and offline_page.console_errors == []
