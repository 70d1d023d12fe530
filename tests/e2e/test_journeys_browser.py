"""Each role's main journey through the demo province, in Vietnamese, on a 1366 x 768 desktop and a 390 x 844 phone.

Every step runs the checks of tests/e2e/checks.py on the page it reached (script errors, sideways overflow, serious
or critical axe-core violations, internal names and English in the text, requests leaving 127.0.0.1); a journey
fails with the list of everything found on the way, after it has walked to the end.
"""

import csv
import datetime
import io

import pytest
from PIL import Image
from playwright.sync_api import Browser, FilePayload
from pypdf import PdfReader

from indicators import periods
from tests.e2e.checks import Journey
from tests.e2e.conftest import AlertsToHandle, DemoSite
from tests.e2e.steps import act, follow, state_of, walk

TIMEOUT = 30_000
# django_db makes pytest-django set up the test database (it does so only for a run holding a marked test); the
# demo and the alerts are committed by module fixtures, so each test's own transaction stays empty.
pytestmark = [pytest.mark.browser, pytest.mark.vietnamese, pytest.mark.django_db]


def tap(journey: Journey, selector: str) -> None:
    """Tap (phone) or click (desktop) the middle of an element."""
    box = journey.page.locator(selector).bounding_box()
    assert box is not None, selector
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    if journey.phone:
        journey.page.touchscreen.tap(x, y)
    else:
        journey.page.mouse.click(x, y)


def centre_map(journey: Journey, script_map: str, point: tuple[float, float], zoom: int) -> None:
    lon, lat = point
    journey.page.evaluate(f"() => {script_map}.setView([{lat}, {lon}], {zoom}, {{animate: false}})")


def photo() -> FilePayload:
    output = io.BytesIO()
    Image.new("RGB", (800, 600), (90, 140, 60)).save(output, "JPEG")
    return {"name": "hien-truong.jpg", "mimeType": "image/jpeg", "buffer": output.getvalue()}


# --- Citizens ----------------------------------------------------------------------------------------------------


def test_a_citizen_looks_up_the_planning_of_a_place_and_prints_the_sheet(
    demo_site: DemoSite, browser: Browser, viewport: str
) -> None:
    for journey in walk(browser, demo_site, viewport):
        page = journey.page
        journey.open("/")
        journey.check("home")
        journey.open("/planning/")
        page.wait_for_selector("#pl-map[data-ready=true]", timeout=TIMEOUT)
        journey.check("lookup")
        centre_map(journey, "window.iocMap.map", demo_site.lot_point, 18)
        page.wait_for_function("() => document.querySelectorAll('#pl-map path.pl-lots-layer').length > 0",
                               timeout=TIMEOUT)  # fmt: skip
        tap(journey, "#pl-map")
        page.locator(".pl-card").wait_for(timeout=TIMEOUT)
        page.wait_for_load_state("networkidle")
        journey.check("lookup-answer")
        href = page.locator(".pl-card a.pl-print").get_attribute("href")
        assert href and href.startswith("/planning/sheet.pdf?")
        answer = page.request.get(journey.base_url + href)
        assert answer.status == 200 and answer.headers["content-type"] == "application/pdf"
        assert len(PdfReader(io.BytesIO(answer.body())).pages) == 1
        journey.assert_clean()


def test_a_citizen_reports_a_problem_with_a_photo_and_follows_it_by_its_code(
    demo_site: DemoSite, browser: Browser, viewport: str
) -> None:
    for journey in walk(browser, demo_site, viewport):
        page = journey.page
        journey.open("/field-reports/")
        page.wait_for_selector("#fr-map[data-ready=true]", timeout=TIMEOUT)
        journey.check("report-form")
        page.select_option("#fr-category", demo_site.category)
        centre_map(journey, "window.IocMap.instances['fr-map'].map", demo_site.officer_point, 16)
        page.locator("#fr-map").scroll_into_view_if_needed()
        tap(journey, "#fr-map")
        page.wait_for_function("() => document.getElementById('fr-lat').value !== ''", timeout=TIMEOUT)
        page.fill("#fr-description", "Đèn đường trước số 12 tắt ba đêm liền, đoạn đường rất tối.")
        page.set_input_files("#fr-photos", [photo()])
        page.fill("#fr-full-name", "Nguyễn Văn An")
        page.fill("#fr-phone", "0905123456")
        page.check("#fr-consent")
        journey.check("report-filled")
        follow(journey, page.locator("#fr-submit"))
        sent = page.locator("#fr-tracking-code")
        assert sent.count() == 1, f"not sent: {page.locator('main').inner_text()[:1500]}"
        code = sent.inner_text().strip()
        assert code and "/field-reports/track/" in page.url
        journey.check("report-sent")

        journey.open("/field-reports/track/")
        journey.check("track-lookup")
        page.fill("#fr-code", code)
        follow(journey, page.locator("button.fr-submit"))
        assert f"/field-reports/track/{code}/" in page.url and code in page.locator("h1").inner_text()
        assert page.locator("[data-status]").count() == 1
        journey.check("track-status")
        journey.assert_clean()


def test_a_citizen_reads_a_service_and_its_public_alerts(demo_site: DemoSite, browser: Browser, viewport: str) -> None:
    for journey in walk(browser, demo_site, viewport):
        page = journey.page
        journey.open("/services/")
        journey.check("services")
        with page.expect_navigation():
            page.locator('main a[href="/services/disaster-weather/"]').click()
        page.wait_for_selector("#service-map[data-ready=true]", timeout=TIMEOUT)
        journey.check("service")
        assert page.locator("[data-public-view]").count() == 1
        assert page.locator("[data-open-alerts], [data-devices], [data-indicators]").count() == 0  # staff figures
        journey.assert_clean()


# --- Staff -------------------------------------------------------------------------------------------------------


def test_a_planner_selects_lots_on_the_map_and_exports_them(
    demo_site: DemoSite, browser: Browser, viewport: str
) -> None:
    for journey in walk(browser, demo_site, viewport, "planner"):
        page = journey.page
        journey.open("/planning/planners/")
        page.wait_for_selector('.pp-pick[data-picker="ready"]', timeout=TIMEOUT)
        journey.check("planners")
        page.locator("#pp-lots-map").scroll_into_view_if_needed()
        centre_map(journey, "document.querySelector('.pp-pick').picker.map", demo_site.lot_point, 18)
        page.wait_for_function("() => Number(document.querySelector('.pp-pick').dataset.lotsDrawn) > 0",
                               timeout=TIMEOUT)  # fmt: skip
        tap(journey, "#pp-lots-map")
        page.wait_for_function("() => document.querySelectorAll('#pp-results tr[data-lot]').length === 1",
                               timeout=TIMEOUT)  # fmt: skip
        assert "ids=" in page.url
        journey.check("planners-selection")
        link = page.locator('#pp-results a[data-format="xlsx"]')
        assert "ids=" in (link.get_attribute("href") or "")
        with page.expect_download() as download:
            link.click()
        assert download.value.suggested_filename.endswith(".xlsx")
        assert download.value.path().read_bytes()[:2] == b"PK"
        journey.assert_clean()


def test_an_operator_verifies_and_forwards_a_new_alert(
    alerts_to_handle: dict[str, AlertsToHandle], demo_site: DemoSite, browser: Browser, viewport: str
) -> None:
    for journey in walk(browser, demo_site, viewport, "operator"):
        page = journey.page
        alerts = alerts_to_handle[viewport]
        journey.open("/alerts/console/")
        item = page.locator(f'#al-list li[data-id="{alerts.new}"]')
        item.wait_for(timeout=TIMEOUT)
        page.wait_for_selector("#console-map[data-ready=true]", timeout=TIMEOUT)
        journey.check("console")
        follow(journey, item.locator("a.al-item__title"))
        journey.check("alert-new")
        act(journey, "verify")
        assert state_of(journey) == "Đã xác minh, chờ chuyển xử lý"
        journey.check("alert-verified")
        # As proposed by the routing (the ward's People's Committee); changing it would need a reason.
        act(journey, "forward", {"textarea[name=message]": "Đề nghị phường xử lý, bảo đảm giao thông"})
        assert state_of(journey) == "Đã chuyển xử lý, chờ tiếp nhận"
        journey.check("alert-forwarded")
        journey.assert_clean()


def test_an_agency_officer_accepts_an_alert_and_resolves_it_with_evidence(
    alerts_to_handle: dict[str, AlertsToHandle], demo_site: DemoSite, browser: Browser, viewport: str
) -> None:
    for journey in walk(browser, demo_site, viewport, "officer"):
        page = journey.page
        alerts = alerts_to_handle[viewport]
        journey.open("/alerts/inbox/")
        card = page.locator(f'li.al-card[data-id="{alerts.forwarded}"]')
        card.wait_for(timeout=TIMEOUT)
        journey.check("inbox")
        follow(journey, card.locator("a.al-card__title"))
        journey.check("alert-to-accept")
        act(journey, "accept")
        assert state_of(journey) == "Đã tiếp nhận, đang xử lý"
        journey.check("alert-accepted")
        act(journey, "resolve", {"textarea[name=result]": "Đã nạo vét cống, nước đã rút lúc 10 giờ"}, [photo()])
        assert state_of(journey) == "Đã báo cáo kết quả, chờ xác nhận"
        page.locator("li.al-file--image").first.wait_for(timeout=TIMEOUT)
        journey.check("alert-resolved")
        journey.assert_clean()


def test_a_leader_reads_the_dashboard_the_reports_and_the_indicators(
    demo_site: DemoSite, browser: Browser, viewport: str
) -> None:
    for journey in walk(browser, demo_site, viewport, "leader"):
        page = journey.page
        journey.open("/reports/dashboard/")
        journey.check("dashboard")
        journey.open("/services/")
        journey.check("services-staff")
        journey.open("/reports/")
        journey.check("reports")
        journey.open("/indicators/")
        journey.check("indicators")
        first = page.locator(
            "main a[href^='/indicators/'][href$='/']:not([href='/indicators/']):not([href='/indicators/procedures/'])"
        ).first
        follow(journey, first)
        journey.check("indicator")
        journey.open("/indicators/procedures/")
        journey.check("procedures")
        journey.assert_clean()


def poverty_rows(rate: str) -> bytes:
    """This year's poverty rates of two wards, as a provider's CSV file."""
    year = periods.label(periods.YEAR, datetime.date(datetime.date.today().year, 1, 1))
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["indicator", "period", "unit_code", "value", "uom"])
    writer.writerow(["poverty-rate", year, "22366", rate, "%"])
    writer.writerow(["poverty-rate", year, "22333", "2.1", "%"])
    return buffer.getvalue().encode("utf-8")


def test_a_data_provider_uploads_a_file_checks_the_preview_and_stores_it(
    demo_site: DemoSite, browser: Browser, viewport: str
) -> None:
    for journey in walk(browser, demo_site, viewport, "provider"):
        page = journey.page
        journey.open("/data/")
        journey.check("data-hub")
        journey.open("/data/so-nnmt-ho-ngheo/")
        journey.check("dataset")
        upload: FilePayload = {
            "name": f"ho-ngheo-{viewport}.csv",
            "mimeType": "text/csv",
            "buffer": poverty_rows("1.8" if viewport == "desktop" else "1.7"),
        }
        page.set_input_files(".dh-form input[type=file]", [upload])
        follow(journey, page.locator(".dh-form button[type=submit]"))
        assert page.locator("[data-report-ok]").count() == 1, page.locator("main").inner_text()[:1500]
        journey.check("delivery-preview")
        follow(journey, page.locator("[data-commit]"))
        assert page.locator('[data-status="committed"]').count() == 1, page.locator("main").inner_text()[:1500]
        journey.check("delivery-stored")
        journey.assert_clean()
