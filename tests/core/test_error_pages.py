"""One error path: a page raising an IOCError answers a browser with a page in the site's layout, an API with JSON."""

import re

import pytest
from django.test import Client

from core.error_pages import wants_html
from tests.agencies.world import World, build_world, client_as

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.core.error_urls")]

BROWSER = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}
STATUSES = {"invalid": 400, "signed-out": 401, "missing": 404, "conflict": 409}
TITLES = {
    400: "The request could not be used",
    401: "Sign in to continue",
    404: "Not found",
    409: "Someone acted first",
}


@pytest.fixture
def world(db: None) -> World:
    return build_world()


def _main(html: str) -> str:
    return html.split('id="ioc-main"', 1)[1]


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", _main(html)).split())


@pytest.mark.parametrize("kind", ["invalid", "missing", "conflict"])
def test_a_page_raising_an_error_shows_its_message_in_the_layout_with_its_status(world: World, kind: str) -> None:
    response = client_as(world, "operator").get(f"/error-test/{kind}/", headers=BROWSER)

    status = STATUSES[kind]
    assert response.status_code == status
    assert response["Content-Type"] == "text/html; charset=utf-8"
    html = response.content.decode()
    assert "data-ioc-header" in html and 'id="ioc-menu"' in html  # the site's header and navigation
    assert f'data-error="{status}"' in html and f"<h1>{TITLES[status]}</h1>" in html
    assert "No report #7." in _text(html)
    assert 'href="/alerts/console/" data-error-home' in html  # the operator's own home page


def test_a_signed_out_visitor_is_offered_to_sign_in_and_come_back() -> None:
    response = Client().get("/error-test/signed-out/?page=2", headers=BROWSER)

    assert response.status_code == 401 and response["WWW-Authenticate"] == 'Token realm="ioc"'
    html = response.content.decode()
    assert "Sign in with your account to open this page." in _text(html)
    assert "Token" not in _text(html)  # the API's wording about tokens stays with the API
    assert 'href="/accounts/login/?next=/error-test/signed-out/%3Fpage%3D2" data-error-sign-in' in html
    assert 'href="/" data-error-home' in html


def test_the_page_links_back_to_the_previous_page_of_this_site_only(world: World) -> None:
    client = client_as(world, "operator")

    came_from = client.get("/error-test/missing/", headers={**BROWSER, "Referer": "http://testserver/map/"})
    elsewhere = client.get("/error-test/missing/", headers={**BROWSER, "Referer": "https://evil.example/x"})

    assert 'href="http://testserver/map/" data-error-back' in came_from.content.decode()
    assert "data-error-back" not in elsewhere.content.decode()


@pytest.mark.parametrize("kind", ["invalid", "signed-out", "missing", "conflict"])
def test_the_same_error_on_an_api_path_keeps_its_json_body(world: World, kind: str) -> None:
    response = client_as(world, "operator").get(f"/api/v1/error-test/{kind}", headers=BROWSER)

    assert response.status_code == STATUSES[kind]
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert (
        body["message"] == "No report #7." and body["field"] == "report" and set(body) == {"error", "message", "field"}
    )


@pytest.mark.parametrize(
    ("address", "headers"),
    [
        ("/error-test/missing/", {"Accept": "application/json"}),  # the site's own scripts
        ("/error-test/missing/", {}),  # no Accept: programs, as before
        ("/error-test/missing/?f=json", BROWSER),  # the OGC way of asking
        ("/error-test-api/missing", BROWSER),  # a view marked as an API
        ("/error-test/missing/", {**BROWSER, "Authorization": "Token x"}),
    ],
)
def test_api_callers_of_a_page_address_get_json(address: str, headers: dict[str, str]) -> None:
    response = Client().get(address, headers=headers)

    assert response.status_code in (401, 404)  # a token that is not one is refused before the view
    assert response["Content-Type"] == "application/json"


def test_a_view_marked_as_a_page_answers_with_the_page_unless_json_is_asked_for() -> None:
    plain = Client().get("/error-test-page/missing/")
    anything = Client().get("/error-test-page/missing/", headers={"Accept": "*/*"})
    scripted = Client().get("/error-test-page/missing/", headers={"Accept": "application/json"})

    assert plain.status_code == anything.status_code == scripted.status_code == 404
    assert "data-ioc-header" in plain.content.decode() and "data-ioc-header" in anything.content.decode()
    assert scripted.json()["message"] == "No report #7."


def test_a_control_character_refused_at_the_door_is_a_page_for_a_browser() -> None:
    page = Client().get("/map/?q=a%00b", headers=BROWSER)
    api = Client().get("/api/v1/alerts?q=a%00b", headers=BROWSER)

    assert page.status_code == 400 and "data-ioc-header" in page.content.decode()
    assert api.status_code == 400 and api.json()["error"] == "invalid_input"


def test_ogc_pages_ask_for_html_with_f_and_json_otherwise() -> None:
    client = Client()

    page = client.get("/ogc/collections/khong-co/items?f=html")
    data = client.get("/ogc/collections/khong-co/items", headers=BROWSER | {"Accept": "application/geo+json"})

    assert page.status_code == 404 and "data-ioc-header" in page.content.decode()
    assert data.status_code == 404 and data["Content-Type"].startswith("application/")


def test_a_real_page_raising_not_found_answers_a_browser_with_the_page(world: World) -> None:
    response = client_as(world, "viewer").get("/reports/999.pdf", headers=BROWSER)

    assert response.status_code == 404 and "No report #999." in _text(response.content.decode())
    assert wants_html(response.wsgi_request)


def test_alert_pages_send_visitors_to_sign_in_and_tell_accounts_without_the_right_why(world: World) -> None:
    visitor = Client().get("/alerts/console/", headers=BROWSER)
    officer = client_as(world, "officer_a").get("/alerts/console/", headers=BROWSER)
    plain = client_as(world, "officer_a").get("/alerts/console/")
    scripted = client_as(world, "officer_a").get("/alerts/console/", headers={"Accept": "application/json"})

    assert visitor.status_code == 302 and visitor["Location"].startswith("/accounts/login/?next=/alerts/console/")
    assert officer.status_code == 403 and "data-forbidden" in officer.content.decode()
    assert "may not open the operators" in _text(officer.content.decode())
    assert plain.status_code == 403 and "data-forbidden" in plain.content.decode()
    assert scripted.status_code == 403 and scripted.json()["permission"] == "alerts.operate"


@pytest.mark.vietnamese
def test_the_error_page_speaks_vietnamese(world: World) -> None:
    response = client_as(world, "officer_a").get(
        "/error-test/conflict/", headers={**BROWSER, "Referer": "http://testserver/map/"}
    )

    assert response.status_code == 409
    text = _text(response.content.decode())
    assert "Đã có người thao tác trước" in text and "Không có báo cáo #7." in text
    assert "Quay lại trang trước" in text and "Về trang làm việc của bạn" in text
    for english in ("Someone acted first", "Back to the previous page", "Go to your home page"):
        assert english not in text
