"""403 and 404 pages in the site's layout: a browser reads in words what it may not do; API callers keep JSON."""

import re

import pytest
from django.test import Client
from django.utils import translation

from accounts.permissions import PERMISSION_ACTIONS, PERMISSIONS
from tests.agencies.world import World, build_world, client_as

pytestmark = pytest.mark.django_db

BROWSER = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}
PERMISSION_CODE = re.compile("|".join(rf"\b{re.escape(perm)}\b" for perm in PERMISSIONS))


@pytest.fixture
def world(db: None) -> World:
    return build_world()


def _text(html: str) -> str:
    main = html.split('id="ioc-main"', 1)[1]
    return re.sub(r"<[^>]+>", " ", main)


@pytest.mark.vietnamese
def test_a_forbidden_page_says_in_vietnamese_what_the_account_may_not_do(world: World) -> None:
    response = client_as(world, "viewer").get("/alerts/console/", headers=BROWSER)

    assert response.status_code == 403
    html = response.content.decode()
    assert "data-ioc-header" in html and "<h1>Không được phép</h1>" in html
    assert "Tài khoản của bạn không được mở bảng điều hành cảnh báo" in _text(html)
    assert PERMISSION_CODE.search(_text(html)) is None
    assert 'href="/reports/dashboard/"' in html  # back to the viewer's own home


@pytest.mark.vietnamese
def test_forbidden_raised_by_a_view_becomes_the_page_for_a_browser(world: World) -> None:
    response = client_as(world, "officer_a").get("/reports/", headers=BROWSER)

    assert response.status_code == 403
    text = _text(response.content.decode())
    assert "xem báo cáo định kỳ và bảng điều hành của lãnh đạo" in text
    assert PERMISSION_CODE.search(text) is None


def test_api_callers_still_get_json_with_the_permission(world: World) -> None:
    response = client_as(world, "officer_a").get("/reports/")

    assert response.status_code == 403
    assert response["Content-Type"] == "application/json"
    assert response.json()["permission"] == "reports.view"


def test_a_browser_asking_the_api_gets_json(world: World) -> None:
    response = client_as(world, "officer_b").get(f"/api/v1/agencies/{world.agency_a.code}/contacts", headers=BROWSER)

    assert response.status_code == 403 and response.json()["error"] == "forbidden"


def test_every_permission_has_words_for_the_forbidden_page() -> None:
    assert set(PERMISSION_ACTIONS) == set(PERMISSIONS)
    with translation.override("en"):
        english = {perm: str(words) for perm, words in PERMISSION_ACTIONS.items()}
    with translation.override("vi"):
        untranslated = [perm for perm, words in PERMISSION_ACTIONS.items() if str(words) == english[perm]]
    assert untranslated == [], f"add Vietnamese words for {untranslated} to the catalogue"


@pytest.mark.vietnamese
def test_an_unknown_address_gets_the_404_page_in_the_layout(settings: object) -> None:
    settings.DEBUG = False  # type: ignore[attr-defined]
    response = Client().get("/khong-co-trang-nay/", headers=BROWSER)

    assert response.status_code == 404
    html = response.content.decode()
    assert "data-ioc-header" in html and "<h1>Không tìm thấy trang</h1>" in html
    assert 'href="/"' in html
