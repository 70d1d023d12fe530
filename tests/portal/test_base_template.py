"""The site's base template: Vietnamese first, a vi/en language switcher, and sign-in / sign-out links."""

import re

import pytest
from django.test import Client

from accounts.models import User

pytestmark = pytest.mark.django_db

LANG = re.compile(r'<html lang="([^"]+)">')


def _lang(client: Client, headers: dict[str, str] | None = None) -> str:
    match = LANG.search(client.get("/", headers=headers).content.decode())
    assert match, "the page has no <html lang>"
    return match.group(1)


@pytest.mark.vietnamese
def test_pages_are_in_vietnamese_unless_the_visitor_asks_otherwise(client: Client) -> None:
    assert _lang(client) == "vi"
    assert _lang(client, {"Accept-Language": "en-US,en;q=0.9"}) == "en"


def test_header_names_the_ioc_and_posts_vi_or_en_to_set_language(client: Client) -> None:
    html = client.get("/").content.decode()
    assert "Khánh Hòa Intelligent Operations Center" in html
    form = re.search(r'<form class="ioc-lang" action="([^"]+)" method="post">(.*?)</form>', html, re.S)
    assert form and form.group(1) == "/i18n/setlang/"
    assert 'name="csrfmiddlewaretoken"' in form.group(2)
    assert '<input type="hidden" name="next" value="/">' in form.group(2)
    assert re.findall(r'name="language" value="(\w+)"', form.group(2)) == ["vi", "en"]


def test_switching_to_english_sticks_for_the_next_pages(client: Client) -> None:
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302 and response["Location"] == "/"
    assert _lang(client) == "en"
    assert 'value="en" lang="en" aria-pressed="true"' in client.get("/").content.decode()


def test_anonymous_visitor_gets_a_sign_in_link_back_to_the_page(client: Client) -> None:
    html = client.get("/").content.decode()
    assert 'href="/accounts/login/?next=/"' in html
    assert "/accounts/logout/" not in html


def test_signed_in_user_sees_their_name_and_a_sign_out_form(client: Client) -> None:
    client.force_login(User.objects.create_user(username="lan.nguyen", password="a-long-passphrase-1"))
    html = client.get("/").content.decode()
    assert "Signed in as lan.nguyen" in html
    assert '<form class="ioc-logout" action="/accounts/logout/" method="post">' in html
    assert "/accounts/login/" not in html


@pytest.mark.urls("tests.portal.urls_without_accounts")
def test_page_renders_without_sign_in_links_when_accounts_urls_are_missing(client: Client) -> None:
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="ioc-map"' in html
    assert "/accounts/" not in html
