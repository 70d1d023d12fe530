"""The page of an address that leads nowhere: in the site's layout, with a way back and a way home."""

import pytest
from django.test import Client

from tests.agencies.world import World, build_world, client_as

BROWSER = {"Accept": "text/html"}


@pytest.mark.django_db
def test_a_visitor_is_led_home_and_back_to_the_page_of_this_site_they_came_from() -> None:
    came_from = Client().get("/no-such-page/", headers={**BROWSER, "Referer": "http://testserver/map/"})
    elsewhere = Client().get("/no-such-page/", headers={**BROWSER, "Referer": "https://evil.example/x"})

    html = came_from.content.decode()
    assert came_from.status_code == 404 and 'data-error="404"' in html and "data-ioc-header" in html
    assert 'href="http://testserver/map/" data-error-back' in html
    assert 'href="/" data-error-home' in html and "Go to the home page" in html
    assert "data-error-back" not in elsewhere.content.decode() and elsewhere.status_code == 404


@pytest.mark.django_db
def test_a_signed_in_account_is_led_to_its_roles_home() -> None:
    world: World = build_world()

    html = client_as(world, "operator").get("/no-such-page/", headers=BROWSER).content.decode()

    assert 'href="/alerts/console/" data-error-home' in html and "Go to your home page" in html


@pytest.mark.django_db
@pytest.mark.vietnamese
def test_the_not_found_page_speaks_vietnamese() -> None:
    html = Client().get("/no-such-page/", headers={**BROWSER, "Referer": "http://testserver/map/"}).content.decode()

    assert "Quay lại trang trước" in html and "Back to the previous page" not in html
