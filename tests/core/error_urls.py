"""The site's URLs plus a page and an API address that raise the project's errors, for test_error_pages.py."""

from django.http import HttpRequest, HttpResponse
from django.urls import path
from django.utils.translation import gettext as _

from config.urls import urlpatterns as site_urlpatterns
from core.error_pages import api_view, page_view
from core.errors import Conflict, InvalidInput, IOCError, NotAuthenticated, NotFound

RAISED: dict[str, type[IOCError]] = {
    "invalid": InvalidInput,
    "signed-out": NotAuthenticated,
    "missing": NotFound,
    "conflict": Conflict,
}


def raising(request: HttpRequest, kind: str) -> HttpResponse:
    """Raise the error named in the address, with a message written for people (in the site's catalogue)."""
    raise RAISED[kind](_("No report #%(id)s.") % {"id": 7}, field="report")


@api_view
def raising_for_programs(request: HttpRequest, kind: str) -> HttpResponse:
    """The same errors from a view marked as an API outside /api/."""
    return raising(request, kind)


@page_view
def raising_on_a_page(request: HttpRequest, kind: str) -> HttpResponse:
    """The same errors from a view marked as a page."""
    return raising(request, kind)


urlpatterns = [
    path("error-test/<str:kind>/", raising),
    path("api/v1/error-test/<str:kind>", raising),
    path("error-test-api/<str:kind>", raising_for_programs),
    path("error-test-page/<str:kind>/", raising_on_a_page),
    *site_urlpatterns,
]
