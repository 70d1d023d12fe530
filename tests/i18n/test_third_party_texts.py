"""Django's and django-axes' texts their own catalogues leave in English read in Vietnamese (locale/third_party)."""

import pytest
from django.utils import translation
from django.utils.translation import gettext, ngettext


@pytest.mark.vietnamese
@pytest.mark.parametrize("text", ["Access Attempt", "Failed Logins", "IP Address", "User Agent", "Locked Out"])
def test_the_sign_in_attempt_pages_of_the_admin_are_vietnamese(text: str) -> None:
    with translation.override("vi"):
        assert gettext(text) != text


@pytest.mark.vietnamese
def test_the_admin_asks_to_correct_errors_in_vietnamese() -> None:
    with translation.override("vi"):
        assert ngettext("Please correct the error below.", "Please correct the errors below.", 2).startswith("Vui")
